import { MinHeap } from './min-heap';

/** Candidate edges of the b-matching, mentee by mentee (compressed rows). */
export interface CandidateGraph {
  menteeCount: number;
  mentorCount: number;
  capacity: Int32Array;
  /** Edges of mentee i are at positions start[i] .. start[i+1]−1. */
  start: Int32Array;
  mentor: Int32Array;
  /** Edge weight: bigM + score, an integer. */
  weight: Float64Array;
}

/** An optimal b-matching on the candidate edges with dual prices proving it. */
export interface Solution {
  /** Mentor index of each mentee, −1 when unmatched. */
  matchOf: Int32Array;
  /** Weight of each mentee's matched edge. */
  matchWeight: Float64Array;
  menteePrice: Float64Array;
  mentorPrice: Float64Array;
}

/**
 * Maximum-weight b-matching by the primal–dual (Hungarian) method, adding one mentee at a time and
 * growing a shortest-path tree of alternating paths from it (Dijkstra on reduced weights). The search
 * stops at the first sink: a mentor with a free place, or a mentee whose price falls to zero and who is
 * therefore better left out. Invariants after every step, which make the result provably optimal on the
 * candidate edges: u + v ≥ w on every edge, equality on matched edges, u = 0 for unmatched mentees and
 * v = 0 for mentors with a free place. All arithmetic is on integers below 2^53, so it is exact.
 */
export function solveCandidates(g: CandidateGraph): Solution {
  const { menteeCount: nL, mentorCount: nR, capacity, start, mentor, weight } = g;
  const matchOf = new Int32Array(nL).fill(-1);
  const matchWeight = new Float64Array(nL);
  const u = new Float64Array(nL);
  const v = new Float64Array(nR);
  const slotStart = new Int32Array(nR + 1);
  for (let j = 0; j < nR; j++) slotStart[j + 1] = slotStart[j] + capacity[j];
  const slots = new Int32Array(slotStart[nR]);
  const used = new Int32Array(nR);
  // Per-search state, reset through the lists of what was touched rather than by clearing arrays.
  const dist = new Float64Array(nR).fill(Infinity);
  const done = new Uint8Array(nR);
  const pred = new Int32Array(nR);
  const predWeight = new Float64Array(nR);
  const reachedDist = new Float64Array(nL);
  const touched: number[] = [];
  const popped: number[] = [];
  const reached: number[] = [];
  const heap = new MinHeap();

  const relax = (i: number, d: number): void => {
    const base = d + u[i];
    for (let e = start[i]; e < start[i + 1]; e++) {
      const j = mentor[e];
      if (done[j]) continue;
      const nd = base + v[j] - weight[e];
      if (nd < dist[j]) {
        if (dist[j] === Infinity) touched.push(j);
        dist[j] = nd;
        pred[j] = i;
        predWeight[j] = weight[e];
        heap.push(nd, j);
      }
    }
  };

  for (let r = 0; r < nL; r++) {
    let best = 0;
    for (let e = start[r]; e < start[r + 1]; e++) best = Math.max(best, weight[e] - v[mentor[e]]);
    u[r] = best;
    if (best <= 0) continue;
    reached.push(r);
    reachedDist[r] = 0;
    heap.push(u[r], dropNode(r));
    relax(r, 0);
    let sink = -1;
    let delta = 0;
    while (heap.size > 0) {
      const key = heap.topKey();
      const node = heap.pop();
      if (node >= nR) {
        sink = node;
        delta = key;
        break;
      }
      if (done[node] || key > dist[node]) continue;
      done[node] = 1;
      popped.push(node);
      if (used[node] < capacity[node]) {
        sink = node;
        delta = key;
        break;
      }
      for (let s = slotStart[node]; s < slotStart[node] + used[node]; s++) {
        const i = slots[s];
        reached.push(i);
        reachedDist[i] = key;
        heap.push(key + u[i], dropNode(i));
        relax(i, key);
      }
    }
    for (const j of popped) v[j] += delta - dist[j];
    for (const i of reached) u[i] -= delta - reachedDist[i];
    augment(sink);
    for (const j of touched) {
      dist[j] = Infinity;
      done[j] = 0;
    }
    touched.length = 0;
    popped.length = 0;
    reached.length = 0;
    heap.clear();
  }
  return { matchOf, matchWeight, menteePrice: u, mentorPrice: v };

  /** Heap node for "leave mentee i out" (and back): later ids pop first on ties, so earlier ids keep places. */
  function dropNode(i: number): number {
    return nR + nL - 1 - i;
  }

  /** Shifts mentees one step along the tree path that ends at `sink`, starting the chain there. */
  function augment(sink: number): void {
    let j: number;
    let leaving: number;
    if (sink >= nR) {
      const dropped = dropNode(sink);
      j = matchOf[dropped];
      if (j < 0) return; // the new mentee itself is best left out
      matchOf[dropped] = -1;
      leaving = dropped;
    } else {
      j = sink;
      leaving = -1;
    }
    for (;;) {
      const entering = pred[j];
      const from = matchOf[entering];
      if (leaving < 0) slots[slotStart[j] + used[j]++] = entering;
      else slots[slots.indexOf(leaving, slotStart[j])] = entering;
      matchOf[entering] = j;
      matchWeight[entering] = predWeight[j];
      if (from < 0) return;
      leaving = entering;
      j = from;
    }
  }
}
