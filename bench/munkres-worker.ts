import { parentPort, workerData } from 'node:worker_threads';
// munkres-js ships no types; it takes a cost matrix (rows × columns) and returns [row, column] pairs.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const munkres = require('munkres-js') as (cost: number[][]) => [number, number][];

/** Runs in a worker thread so the benchmark can stop it at its time limit. */
const { rows, cols, cost } = workerData as { rows: number; cols: number; cost: Float64Array };
const matrix = Array.from({ length: rows }, (_, r) => Array.from(cost.subarray(r * cols, (r + 1) * cols)));
const t = performance.now();
const assignment = munkres(matrix);
parentPort?.postMessage({ ms: performance.now() - t, assignment });
