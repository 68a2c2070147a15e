import type { PairScan } from './candidates';
import { buildMentorBlocks, upperBound, type MentorBlocks } from './mentor-blocks';
import type { PoolContext } from './pool-context';
import { scoreRow } from './score-row';

const blockCache = new WeakMap<PoolContext, MentorBlocks>();
const FLOOR_REFRESH = 32; // mentees between refreshes of the mentors' entry floors per block

/**
 * The scan for large pools: visits each mentee's own specialty first, then the others, and skips every
 * specialty or (specialty, site) block whose upper bound shows that no mentor in it can matter: under
 * the minimum score, not good enough to enter any top list, or (when pricing) unable to have a positive
 * reduced weight at the current prices. Exact: it finds everything the full scan finds.
 */
export const boundedScan: PairScan = {
  topPairs(ctx, byMentee, byMentor) {
    const { kernel: k, minScore } = ctx;
    const nodes = blocksOf(ctx);
    const row = new Int32Array(k.mentors.n);
    const floor = new Float64Array(nodes.from.length);
    for (let i = 0; i < k.mentees.n; i++) {
      if (i % FLOOR_REFRESH === 0) refreshMin(nodes, floor, (j) => byMentor.floor(j));
      visitNodes(nodes, k.mentees.spec[i], (node) => {
        const ub = upperBound(nodes, k, i, node);
        return ub >= minScore && (ub > byMentee.floor(i) || ub > floor[node]);
      }, (from, to) => {
        scoreRow(k, i, from, to, row);
        for (let j = from; j < to; j++) {
          const s = row[j];
          if (s < minScore || (s <= byMentee.floor(i) && s <= byMentor.floor(j)) || !allowedPair(ctx, i, j)) continue;
          if (s > byMentee.floor(i)) byMentee.offer(i, s, j);
          if (s > byMentor.floor(j)) byMentor.offer(j, s, i);
        }
      });
    }
  },
  positiveReduced(ctx, u, v, found) {
    const { kernel: k, minScore, bigM } = ctx;
    const nodes = blocksOf(ctx);
    const row = new Int32Array(k.mentors.n);
    const minV = new Float64Array(nodes.from.length);
    refreshMin(nodes, minV, (j) => v[j]);
    for (let i = 0; i < k.mentees.n; i++) {
      const slack = u[i] - bigM;
      visitNodes(nodes, k.mentees.spec[i], (node) => {
        const ub = upperBound(nodes, k, i, node);
        return ub >= minScore && ub - minV[node] > slack;
      }, (from, to) => {
        scoreRow(k, i, from, to, row);
        for (let j = from; j < to; j++) {
          const s = row[j];
          if (s >= minScore && s - v[j] > slack && allowedPair(ctx, i, j)) found(i, j);
        }
      });
    }
  },
};

function allowedPair(ctx: PoolContext, i: number, j: number): boolean {
  return ctx.kernel.mentees.person[i] !== ctx.kernel.mentors.person[j] && !ctx.excluded.has(i, j);
}

function blocksOf(ctx: PoolContext): MentorBlocks {
  let nodes = blockCache.get(ctx);
  if (!nodes) blockCache.set(ctx, (nodes = buildMentorBlocks(ctx.kernel)));
  return nodes;
}

function refreshMin(nodes: MentorBlocks, out: Float64Array, value: (j: number) => number): void {
  for (let node = 0; node < out.length; node++) {
    let m = Infinity;
    for (let j = nodes.from[node]; j < nodes.to[node]; j++) m = Math.min(m, value(j));
    out[node] = m;
  }
}

/** Visits the blocks `worth` keeps, the mentee's own specialty's group first so top lists fill early. */
function visitNodes(nodes: MentorBlocks, spec: number, worth: (node: number) => boolean, scan: (from: number, to: number) => void): void {
  let own = -1;
  for (let g = 0; g < nodes.groups; g++) if (nodes.spec[g] === spec) own = g;
  const visitGroup = (g: number): void => {
    if (!worth(g)) return;
    for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) if (worth(b)) scan(nodes.from[b], nodes.to[b]);
  };
  if (own >= 0) visitGroup(own);
  for (let g = 0; g < nodes.groups; g++) if (g !== own) visitGroup(g);
}
