import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { MatchingInput } from '../src/domain/matching/engine';
import { forEachAllowedPair } from './all-pairs';
import type { PeerResult } from './greedy';

/** munkres-js is O(n³): about 97 s at n = 1,000 on a 2-core machine, so we scale from that. */
export function munkresEstimateSeconds(input: MatchingInput): number {
  const slots = input.mentors.reduce((a, m) => a + m.capacity, 0);
  return 97 * (Math.max(input.mentees.length, slots) / 1000) ** 3;
}

/**
 * The Hungarian method (munkres-js) on the mentee × mentor-slot matrix, each mentor expanded into as many
 * columns as their capacity. Cost = W − (bigM + score) for allowed pairs and W for the rest, so the
 * cheapest assignment matches the most mentees, then the best total. Runs in a worker thread and is
 * stopped after `limitMs`; resolves to undefined then.
 */
export async function runMunkres(
  input: MatchingInput,
  bigM: number,
  limitMs: number,
): Promise<(PeerResult & { ms: number }) | undefined> {
  const rows = input.mentees.length;
  const slotMentor: number[] = [];
  input.mentors.forEach((m, j) => {
    for (let c = 0; c < m.capacity; c++) slotMentor.push(j);
  });
  const firstSlot = new Int32Array(input.mentors.length + 1);
  input.mentors.forEach((m, j) => (firstSlot[j + 1] = firstSlot[j] + m.capacity));
  const cols = slotMentor.length;
  const top = bigM * 2;
  const cost = new Float64Array(rows * cols).fill(top);
  const score = new Map<number, number>();
  forEachAllowedPair(input, (i, j, s) => {
    score.set(i * input.mentors.length + j, s);
    for (let c = firstSlot[j]; c < firstSlot[j + 1]; c++) cost[i * cols + c] = top - (bigM + s);
  });
  const worker = new Worker(join(__dirname, 'munkres-worker.ts'), {
    workerData: { rows, cols, cost },
    execArgv: ['--require', 'tsx/cjs'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve(undefined)), limitMs);
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    worker.once('message', ({ ms, assignment }: { ms: number; assignment: [number, number][] }) => {
      clearTimeout(timer);
      void worker.terminate();
      let matched = 0;
      let total = 0;
      for (const [i, c] of assignment) {
        const s = score.get(i * input.mentors.length + slotMentor[c]);
        if (s === undefined) continue;
        matched++;
        total += s;
      }
      resolve({ ms, matched, total });
    });
  });
}
