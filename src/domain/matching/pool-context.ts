import type { ExclusionIndex } from './exclusion-index';
import type { PairTables } from './pair-tables';

/** Everything the engine's loops need to decide whether a pair is allowed and what it scores. */
export interface PoolContext {
  tables: PairTables;
  excluded: ExclusionIndex;
  minScore: number;
  capacity: Int32Array;
  /** Weight added to every pair's score so that matching one more mentee beats any gain in score. */
  bigM: number;
}

/** Whether the pair may be matched at all, score aside: not one person, not excluded. */
export function allowedPair(ctx: PoolContext, i: number, j: number): boolean {
  const k = ctx.tables.kernel;
  return k.mentees.person[i] !== k.mentors.person[j] && !ctx.excluded.has(i, j);
}

/** The pair's score when it is allowed, otherwise −1 (scores are never negative). */
export function allowedScore(ctx: PoolContext, i: number, j: number): number {
  const s = ctx.tables.score(i, j);
  return s >= ctx.minScore && allowedPair(ctx, i, j) ? s : -1;
}
