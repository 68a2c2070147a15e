import type { PairScan } from './candidates';
import { MentorBlocks } from './mentor-blocks';
import { TERMS } from './pair-tables';
import { allowedPair, type PoolContext } from './pool-context';
import type { TopK } from './top-k';

const blockCache = new WeakMap<PoolContext, MentorBlocks>();
const FLOOR_REFRESH = 32; // mentees between refreshes of the mentors' entry floors per node

/**
 * The scan for large pools: visits each mentee's own specialty first, then the others, and skips every
 * specialty or (specialty, site) block whose upper bound shows that no mentor in it can matter: under
 * the minimum score, not good enough to enter any top list, or (when pricing) unable to have a positive
 * reduced weight at the current prices. Exact: it finds everything the full scan finds. Plain loops
 * and no closures per mentee: this runs for every mentee in every pricing round.
 */
export const boundedScan: PairScan = {
  topPairs(ctx, byMentee, byMentor) {
    const { tables, minScore } = ctx;
    const nodes = blocksOf(ctx);
    const row = new Int32Array(tables.kernel.mentors.n);
    const ub = new Int32Array(nodes.size);
    const floor = new Float64Array(nodes.size);
    const mineFloor = byMentee.floors;
    for (let i = 0; i < tables.kernel.mentees.n; i++) {
      // A node's least entry floor only rises, so a stale one prunes less but never wrongly.
      if (i % FLOOR_REFRESH === 0) nodes.nodeMinima(byMentor.floors, floor);
      nodes.upperBounds(i, ub);
      const groups = nodes.visitOrder(tables.kernel.mentees.spec[i]);
      for (let t = 0; t < groups.length; t++) {
        const g = groups[t];
        if (ub[g] < minScore || (ub[g] <= mineFloor[i] && ub[g] <= floor[g])) continue;
        for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) {
          if (ub[b] < minScore || (ub[b] <= mineFloor[i] && ub[b] <= floor[b])) continue;
          tables.scoreRow(i, nodes.from[b], nodes.to[b], row);
          offerBlock(ctx, i, nodes.from[b], nodes.to[b], row, byMentee, byMentor);
        }
      }
    }
  },
  positiveReduced(ctx, u, v, found) {
    const { tables, minScore, bigM } = ctx;
    const nodes = blocksOf(ctx);
    // Within each block, mentors in order of price: a mentee then needs only the block's cheapest
    // mentors, up to the price at which even the block's upper bound leaves no positive reduced weight.
    const order = sortBlocksByPrice(nodes, v);
    const codes = new Int32Array(tables.codes.length);
    const price = new Float64Array(order.length);
    for (let q = 0; q < order.length; q++) {
      codes.set(tables.codes.subarray(order[q] * TERMS, order[q] * TERMS + TERMS), q * TERMS);
      price[q] = v[order[q]];
    }
    const minV = new Float64Array(nodes.size);
    nodes.nodeMinima(price, minV);
    const row = new Int32Array(order.length);
    const ub = new Int32Array(nodes.size);
    for (let i = 0; i < tables.kernel.mentees.n; i++) {
      const slack = u[i] - bigM;
      nodes.upperBounds(i, ub);
      const groups = nodes.visitOrder(tables.kernel.mentees.spec[i]);
      for (let t = 0; t < groups.length; t++) {
        const g = groups[t];
        if (ub[g] < minScore || ub[g] - minV[g] <= slack) continue;
        for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) {
          if (ub[b] < minScore || ub[b] - minV[b] <= slack) continue;
          const end = firstAtLeast(price, nodes.from[b], nodes.to[b], ub[b] - slack);
          tables.scoreRow(i, nodes.from[b], end, row, codes);
          for (let q = nodes.from[b]; q < end; q++) {
            const s = row[q];
            if (s >= minScore && s - price[q] > slack && allowedPair(ctx, i, order[q])) found(i, order[q]);
          }
        }
      }
    }
  },
};

/** Offers the allowed pairs of scored mentors from … to − 1 to both sides' top lists. */
function offerBlock(ctx: PoolContext, i: number, from: number, to: number, row: Int32Array, byMentee: TopK, byMentor: TopK): void {
  const minScore = ctx.minScore;
  const theirs = byMentor.floors;
  let mine = byMentee.floors[i];
  for (let j = from; j < to; j++) {
    const s = row[j];
    if (s < minScore || (s <= mine && s <= theirs[j]) || !allowedPair(ctx, i, j)) continue;
    if (s > mine) {
      byMentee.offer(i, s, j);
      mine = byMentee.floors[i];
    }
    byMentor.offer(j, s, i);
  }
}

function blocksOf(ctx: PoolContext): MentorBlocks {
  let nodes = blockCache.get(ctx);
  if (!nodes) blockCache.set(ctx, (nodes = new MentorBlocks(ctx.tables)));
  return nodes;
}

/** Mentor indexes, block by block, each block in order of price (then index). */
function sortBlocksByPrice(nodes: MentorBlocks, v: Float64Array): Int32Array {
  const order = Int32Array.from({ length: v.length }, (_, j) => j);
  for (let b = nodes.groups; b < nodes.size; b++) {
    const block = Array.from(order.subarray(nodes.from[b], nodes.to[b])).sort((x, y) => v[x] - v[y] || x - y);
    order.set(block, nodes.from[b]);
  }
  return order;
}

/** First position in from … to − 1 whose (ascending) value is ≥ limit, or `to`. */
function firstAtLeast(values: Float64Array, from: number, to: number, limit: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
