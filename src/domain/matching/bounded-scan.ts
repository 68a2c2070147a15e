import type { PairScan } from './candidates';
import { MentorBlocks } from './mentor-blocks';
import { TERMS } from './pair-tables';
import { allowedPair, type PoolContext } from './pool-context';

const blockCache = new WeakMap<PoolContext, MentorBlocks>();
const FLOOR_REFRESH = 32; // mentees between refreshes of the mentors' entry floors per node

/**
 * The scan for large pools: visits each mentee's own specialty first, then the others, and skips every
 * specialty or (specialty, site) block whose upper bound shows that no mentor in it can matter: under
 * the minimum score, not good enough to enter any top list, or (when pricing) unable to have a positive
 * reduced weight at the current prices. Exact: it finds everything the full scan finds.
 */
export const boundedScan: PairScan = {
  topPairs(ctx, byMentee, byMentor) {
    const { tables, minScore } = ctx;
    const nodes = blocksOf(ctx);
    const row = new Int32Array(tables.kernel.mentors.n);
    const ub = new Int32Array(nodes.size);
    const floor = new Float64Array(nodes.size);
    for (let i = 0; i < tables.kernel.mentees.n; i++) {
      if (i % FLOOR_REFRESH === 0) refreshMin(nodes, floor, (j) => byMentor.floor(j));
      nodes.upperBounds(i, ub);
      visitNodes(nodes, tables.kernel.mentees.spec[i], (node) => ub[node] >= minScore && (ub[node] > byMentee.floor(i) || ub[node] > floor[node]), (from, to) => {
        tables.scoreRow(i, from, to, row);
        let mine = byMentee.floor(i);
        for (let j = from; j < to; j++) {
          const s = row[j];
          if (s < minScore || (s <= mine && s <= byMentor.floor(j)) || !allowedPair(ctx, i, j)) continue;
          if (s > mine) {
            byMentee.offer(i, s, j);
            mine = byMentee.floor(i);
          }
          if (s > byMentor.floor(j)) byMentor.offer(j, s, i);
        }
      });
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
    order.forEach((j, q) => {
      codes.set(tables.codes.subarray(j * TERMS, j * TERMS + TERMS), q * TERMS);
      price[q] = v[j];
    });
    const minV = new Float64Array(nodes.size);
    refreshMin(nodes, minV, (q) => price[q]);
    const row = new Int32Array(order.length);
    const ub = new Int32Array(nodes.size);
    for (let i = 0; i < tables.kernel.mentees.n; i++) {
      const slack = u[i] - bigM;
      nodes.upperBounds(i, ub);
      visitNodes(nodes, tables.kernel.mentees.spec[i], (node) => ub[node] >= minScore && ub[node] - minV[node] > slack, (from, to, node) => {
        const end = firstAtLeast(price, from, to, ub[node] - slack);
        tables.scoreRow(i, from, end, row, codes);
        for (let q = from; q < end; q++) {
          const s = row[q];
          if (s >= minScore && s - price[q] > slack && allowedPair(ctx, i, order[q])) found(i, order[q]);
        }
      });
    }
  },
};

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

function refreshMin(nodes: MentorBlocks, out: Float64Array, value: (j: number) => number): void {
  for (let node = 0; node < out.length; node++) {
    let m = Infinity;
    for (let j = nodes.from[node]; j < nodes.to[node]; j++) m = Math.min(m, value(j));
    out[node] = m;
  }
}

/** Visits the blocks `worth` keeps, the mentee's own specialty's group first so top lists fill early. */
function visitNodes(nodes: MentorBlocks, spec: number, worth: (node: number) => boolean, scan: (from: number, to: number, node: number) => void): void {
  let own = -1;
  for (let g = 0; g < nodes.groups; g++) if (nodes.groupSpec[g] === spec) own = g;
  const visitGroup = (g: number): void => {
    if (!worth(g)) return;
    for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) if (worth(b)) scan(nodes.from[b], nodes.to[b], b);
  };
  if (own >= 0) visitGroup(own);
  for (let g = 0; g < nodes.groups; g++) if (g !== own) visitGroup(g);
}
