import { parentPort } from 'node:worker_threads';
import { verifyCertificate } from '../domain/matching/certificate';
import { solveMatching, type MatchingInput } from '../domain/matching/engine';
import type { SolvedMatching } from './matching-solver';

/**
 * The worker thread that solves one automatic-matching pool and checks its certificate, so a large pool never
 * holds the service's event loop (or a database transaction) while it runs.
 */
parentPort?.once('message', (input: MatchingInput) => {
  try {
    const result = solveMatching(input);
    const solved: SolvedMatching = {
      pairs: result.pairs,
      unmatched: result.unmatched,
      certified: verifyCertificate(input, result).length === 0,
    };
    parentPort!.postMessage({ ok: solved });
  } catch (e) {
    parentPort!.postMessage({ error: { name: (e as Error)?.name, message: (e as Error)?.message ?? String(e) } });
  }
});
