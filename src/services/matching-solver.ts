import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../domain/errors';
import type { MatchingInput, MatchingResult } from '../domain/matching/engine';

/** What a run keeps of the engine's answer: the pairs, who stays unmatched and why, and whether it was certified. */
export interface SolvedMatching {
  pairs: MatchingResult['pairs'];
  unmatched: MatchingResult['unmatched'];
  /** The optimality certificate checked over every allowed pair. */
  certified: boolean;
}

/** Solves a matching pool somewhere other than the request path. */
export interface MatchingSolver {
  solve(input: MatchingInput): Promise<SolvedMatching>;
}

/**
 * Each pool is solved and verified in a fresh worker thread (`matching-worker`), which ends when it answers. In
 * the TypeScript sources (tests) the worker loads through tsx, as the parent did; built, it is plain JavaScript.
 */
export class WorkerMatchingSolver implements MatchingSolver {
  solve(input: MatchingInput): Promise<SolvedMatching> {
    const ext = extname(__filename);
    const worker = new Worker(
      join(__dirname, `matching-worker${ext}`),
      ext === '.ts' ? { execArgv: ['--require', 'tsx/cjs'] } : {},
    );
    return new Promise<SolvedMatching>((resolve, reject) => {
      worker.once('message', (m: { ok?: SolvedMatching; error?: { name: string; message: string } }) => {
        if (m.ok) resolve(m.ok);
        // The engine's own refusals (an invalid capacity, say) keep their words; anything else is unexpected.
        else
          reject(
            m.error?.name === 'ValidationError'
              ? new DomainError('validation', m.error.message)
              : new Error(`matching failed: ${m.error?.message}`),
          );
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the matching worker stopped (exit ${code}) before answering`)));
      worker.postMessage(input);
    }).finally(() => void worker.terminate());
  }
}
