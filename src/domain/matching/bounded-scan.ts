import type { PairScan } from './candidates';
import { BlockCells } from './block-cells';
import { MentorBlocks } from './mentor-blocks';
import { PriceView } from './price-view';
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
    const cells = new BlockCells(tables.kernel, nodes);
    const row = new Int32Array(tables.kernel.mentors.n);
    const floor = new Float64Array(nodes.size);
    const cellFloor = new Float64Array(cells.from.length);
    const mineFloor = byMentee.floors;
    for (let i = 0; i < tables.kernel.mentees.n; i++) {
      // A node's least entry floor only rises, so a stale one prunes less but never wrongly.
      if (i % FLOOR_REFRESH === 0) {
        nodes.nodeMinima(byMentor.floors, floor);
        cells.cellMinima(byMentor.floors, cellFloor);
      }
      nodes.select(i);
      cells.select(i);
      const groups = nodes.visitOrder(tables.kernel.mentees.spec[i]);
      for (let t = 0; t < groups.length; t++) {
        const g = groups[t];
        const ug = nodes.bound(g);
        if (ug < minScore || (ug <= mineFloor[i] && ug <= floor[g])) continue;
        for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) {
          const ub = nodes.bound(b);
          if (ub < minScore || (ub <= mineFloor[i] && ub <= floor[b])) continue;
          const k = b - nodes.groups;
          const base = nodes.boundWithoutCountry(b) + cells.meetStageBound(k);
          for (let c = cells.start[k]; c < cells.start[k + 1]; c++) {
            const uc = Math.min(ub, base + cells.countryPoints(c));
            if (uc < minScore || (uc <= mineFloor[i] && uc <= cellFloor[c])) continue;
            tables.scoreRow(i, cells.from[c], cells.to[c], row);
            offerBlock(ctx, i, cells.from[c], cells.to[c], row, byMentee, byMentor);
          }
        }
      }
    }
  },
  positiveReduced(ctx, u, v, found, lowered) {
    const { tables, minScore, bigM } = ctx;
    const nodes = blocksOf(ctx);
    const all = new PriceView(nodes, tables, v);
    // After a repair, a mentee whose price did not go down needs only the mentors whose price did.
    const some = lowered ? new PriceView(nodes, tables, v, lowered.mentors) : all;
    const row = new Int32Array(all.size);
    for (let i = 0; i < tables.kernel.mentees.n; i++) {
      const view = lowered && !lowered.mentees[i] ? some : all;
      if (view.size === 0) continue;
      const slack = u[i] - bigM;
      nodes.select(i);
      const groups = nodes.visitOrder(tables.kernel.mentees.spec[i]);
      for (let t = 0; t < groups.length; t++) {
        const g = groups[t];
        const ug = nodes.bound(g);
        if (ug < minScore || ug - view.minPrice[g] <= slack) continue;
        for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) {
          const ub = nodes.bound(b);
          if (ub < minScore || ub - view.minPrice[b] <= slack) continue;
          const from = view.from[b];
          const end = view.prefixEnd(b, ub - slack);
          tables.scoreRow(i, from, end, row, view.codes);
          for (let q = from; q < end; q++) {
            const s = row[q];
            if (s >= minScore && s - view.price[q] > slack && allowedPair(ctx, i, view.mentor[q])) found(i, view.mentor[q]);
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
