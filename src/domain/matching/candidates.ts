import { allowedScore, type PoolContext } from './pool-context';
import type { CandidateGraph } from './solver';
import { TopK } from './top-k';

/** Candidate mentors of each mentee, by index; may hold duplicates until {@link buildGraph}. */
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
    Array.from(byMentee.items.subarray(i * k, i * k + byMentee.counts[i])));
  for (let j = 0; j < nR; j++) {
    for (let t = 0; t < byMentor.counts[j]; t++) lists[byMentor.items[j * k + t]].push(j);
  }
  return lists;
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
  positiveReduced(ctx: PoolContext, u: Float64Array, v: Float64Array, found: (i: number, j: number) => void, lowered?: Lowered): void;
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

/** Sorts and de-duplicates each mentee's candidates and weighs them (bigM + score). */
export function buildGraph(ctx: PoolContext, lists: CandidateLists): CandidateGraph {
  const nL = lists.length;
  const start = new Int32Array(nL + 1);
  const rows = lists.map((list) => Int32Array.from(new Set(list)).sort());
  rows.forEach((row, i) => (start[i + 1] = start[i] + row.length));
  const mentor = new Int32Array(start[nL]);
  const weight = new Float64Array(start[nL]);
  rows.forEach((row, i) => {
    mentor.set(row, start[i]);
    for (let e = start[i]; e < start[i + 1]; e++) weight[e] = ctx.bigM + allowedScore(ctx, i, mentor[e]);
  });
  return { menteeCount: nL, mentorCount: ctx.tables.kernel.mentors.n, capacity: ctx.capacity, start, mentor, weight };
}
