import type { ExclusionIndex } from './exclusion-index';
import { kernelScore, type Kernel } from './score-kernel';

/** Everything the engine's loops need to decide whether a pair is allowed and what it scores. */
export interface PoolContext {
  kernel: Kernel;
  excluded: ExclusionIndex;
  minScore: number;
  capacity: Int32Array;
  /** Weight added to every pair's score so that matching one more mentee beats any gain in score. */
  bigM: number;
}

/** The pair's score when it is allowed, otherwise −1 (scores are never negative). */
export function allowedScore(ctx: PoolContext, i: number, j: number): number {
  const k = ctx.kernel;
  const s = kernelScore(k, i, j);
  if (s < ctx.minScore || k.mentees.person[i] === k.mentors.person[j]) return -1;
  return ctx.excluded.has(i, j) ? -1 : s;
}
