import { allowedPair, allowedScore, type PoolContext } from './pool-context';
import { TopK } from './top-k';

/** Candidate mentors of each mentee, by index; may hold repeats (CandidateEdges removes them). */
export type CandidateLists = number[][];

/**
 * Candidates from both sides: each mentee's `k` best allowed mentors and each mentor's `k` best allowed
 * mentees. The mentors' side matters: with only the mentees' lists, a mentor nobody ranks highly is never
 * seen and stays empty although the best assignment would use them.
 */
export function initialCandidates(ctx: PoolContext, k: number, scan: PairScan): CandidateLists {
  const nL = ctx.tables.kernel.mentees.n;
  const nR = ctx.tables.kernel.mentors.n;
  const byMentee = new TopK(nL, k);
  const byMentor = new TopK(nR, k);
  scan.topPairs(ctx, byMentee, byMentor);
  const lists: CandidateLists = Array.from({ length: nL }, (_, i) =>
    Array.from(byMentee.items.subarray(i * k, i * k + byMentee.counts[i])),
  );
  for (let j = 0; j < nR; j++) {
    for (let t = 0; t < byMentor.counts[j]; t++) lists[byMentor.items[j * k + t]].push(j);
  }
  return lists;
}

/** Every allowed pair as a candidate: for small pools, where scoring them all costs less than pricing. */
export function allowedPairs(ctx: PoolContext): CandidateLists {
  const nR = ctx.tables.kernel.mentors.n;
  const row = new Int32Array(nR);
  return Array.from({ length: ctx.tables.kernel.mentees.n }, (_, i) => {
    ctx.tables.scoreRow(i, 0, nR, row);
    const list: number[] = [];
    for (let j = 0; j < nR; j++) if (row[j] >= ctx.minScore && allowedPair(ctx, i, j)) list.push(j);
    return list;
  });
}

/** How the engine visits pairs: every pair, or only the pairs bounds cannot rule out. */
export interface PairScan {
  /** Offers every allowed pair that could enter either side's top list. */
  topPairs(ctx: PoolContext, byMentee: TopK, byMentor: TopK): void;
  /**
   * Calls `found` for every allowed pair with bigM + score − u_i − v_j > 0, mentee by mentee. With
   * `lowered`, only pairs whose mentee's or mentor's price went down since a check that found nothing
   * else: no other pair can have become positive.
   */
  positiveReduced(
    ctx: PoolContext,
    u: Float64Array,
    v: Float64Array,
    found: (i: number, j: number) => void,
    lowered?: Lowered,
  ): void;
}

/** Who got a lower price in a repair, by index: 1 for lowered. */
export interface Lowered {
  mentees: Uint8Array;
  mentors: Uint8Array;
}

/** The reference scan: scores every pair. Exact and simple; the engine uses it for small pools. */
export const fullScan: PairScan = {
  topPairs(ctx, byMentee, byMentor) {
    const nL = ctx.tables.kernel.mentees.n;
    const nR = ctx.tables.kernel.mentors.n;
    for (let i = 0; i < nL; i++) {
      for (let j = 0; j < nR; j++) {
        const s = allowedScore(ctx, i, j);
        if (s < 0) continue;
        if (s > byMentee.floor(i)) byMentee.offer(i, s, j);
        if (s > byMentor.floor(j)) byMentor.offer(j, s, i);
      }
    }
  },
  positiveReduced(ctx, u, v, found, lowered) {
    const nL = ctx.tables.kernel.mentees.n;
    const nR = ctx.tables.kernel.mentors.n;
    for (let i = 0; i < nL; i++) {
      const slack = u[i] - ctx.bigM;
      for (let j = 0; j < nR; j++) {
        if (lowered && !lowered.mentees[i] && !lowered.mentors[j]) continue;
        const s = allowedScore(ctx, i, j);
        if (s >= 0 && s - v[j] > slack) found(i, j);
      }
    }
  },
};
