import type { BMatching } from './b-matching';
import { MinHeap } from './min-heap';

/**
 * The mirror of MenteeSearch, from a mentor s with a free place and a positive price: grows a
 * shortest-path tree from s in which reaching a matched mentee means moving them to the mentor they were
 * reached from, which frees a place with their own mentor. It stops at the first sink: an unmatched
 * mentee (who takes the place), or a mentor whose price falls to zero and who then keeps a place free
 * (s itself included). Matched edges are tight, so a reached mentor's own mentees are reached at the same
 * distance; that keeps them tight when prices move. Needed when mentees outnumber the places (every
 * mentee search would then end only by pushing someone out) and to repair a mentor who lost a mentee.
 */
export class MentorSearch {
  private readonly dist: Float64Array;
  private readonly done: Uint8Array;
  private readonly pred: Int32Array;
  private readonly predWeight: Float64Array;
  private readonly reachedDist: Float64Array;
  private readonly via: Int32Array;
  private readonly isReached: Uint8Array;
  private readonly touched: number[] = [];
  private readonly reached: number[] = [];
  private readonly heap = new MinHeap();

  constructor(private readonly m: BMatching) {
    const { menteeCount: nL, mentorCount: nR } = m.graph;
    this.dist = new Float64Array(nL).fill(Infinity);
    this.done = new Uint8Array(nL);
    this.pred = new Int32Array(nL);
    this.predWeight = new Float64Array(nL);
    this.reachedDist = new Float64Array(nR);
    this.via = new Int32Array(nR);
    this.isReached = new Uint8Array(nR);
  }

  /** Runs the search from mentor s, who has a free place (prices must be feasible on every edge). */
  run(s: number): void {
    const { m, dist, done, heap, reached, reachedDist } = this;
    const { u, v, matchOf } = m;
    const nL = m.graph.menteeCount;
    if (v[s] <= 0 || this.direct(s)) return;
    this.reach(s, 0, -1);
    let sink = -1;
    let delta = 0;
    while (heap.size > 0) {
      const key = heap.topKey();
      const node = heap.pop();
      if (node >= nL) {
        sink = node;
        delta = key;
        break;
      }
      if (done[node] || key > dist[node]) continue;
      done[node] = 1;
      const j = matchOf[node];
      if (j < 0) {
        sink = node;
        delta = key;
        break;
      }
      if (!this.isReached[j]) this.reach(j, key, node);
    }
    for (const j of reached) v[j] -= delta - reachedDist[j];
    for (const i of this.touched) {
      if (dist[i] < delta) u[i] += delta - dist[i];
      dist[i] = Infinity;
      done[i] = 0;
    }
    this.augment(sink);
    for (const j of reached) this.isReached[j] = 0;
    this.touched.length = 0;
    reached.length = 0;
    heap.clear();
  }

  /**
   * The search's first step without the heap: when the nearest mentee (smallest id on ties) is free
   * and no farther than keeping the place free, the search would stop right there. Most searches of a
   * first solve do, and pushing every edge of the mentor to find that out is most of their cost.
   */
  private direct(s: number): boolean {
    const m = this.m;
    const { byMentorStart: start, byMentorMentee: mentee, byMentorWeight: weight, u, v } = m;
    let best = -1;
    let bestDist = Infinity;
    let bestWeight = 0;
    for (let e = start[s]; e < start[s + 1]; e++) {
      const d = v[s] + u[mentee[e]] - weight[e];
      if (d < bestDist || (d === bestDist && mentee[e] < best)) {
        best = mentee[e];
        bestDist = d;
        bestWeight = weight[e];
      }
    }
    if (best < 0 || m.matchOf[best] >= 0 || bestDist > v[s]) return false;
    v[s] -= bestDist;
    m.add(best, s, bestWeight);
    return true;
  }

  /** Mentor j gains a free place at distance d because mentee `from` (−1 for the source) leaves. */
  private reach(j: number, d: number, from: number): void {
    const { m, dist, done, pred, predWeight, heap, touched } = this;
    this.isReached[j] = 1;
    this.reached.push(j);
    this.reachedDist[j] = d;
    this.via[j] = from;
    heap.push(d + m.v[j], this.dropNode(j));
    const base = d + m.v[j];
    const { byMentorStart: start, byMentorMentee: mentee, byMentorWeight: weight, u } = m;
    for (let e = start[j]; e < start[j + 1]; e++) {
      const i = mentee[e];
      if (done[i]) continue;
      const nd = base + u[i] - weight[e];
      if (nd < dist[i]) {
        if (dist[i] === Infinity) touched.push(i);
        dist[i] = nd;
        pred[i] = j;
        predWeight[i] = weight[e];
        heap.push(nd, i);
      }
    }
  }

  /** Heap node for "mentor j keeps a place free": later ids pop first on ties. */
  private dropNode(j: number): number {
    return this.m.graph.menteeCount + this.m.graph.mentorCount - 1 - j;
  }

  /** Moves each mentee on the tree path that ends at `sink` to the mentor it was reached from. */
  private augment(sink: number): void {
    const m = this.m;
    let i: number;
    if (sink >= m.graph.menteeCount) {
      const j = this.dropNode(sink);
      i = this.via[j];
      if (i < 0) return; // the source keeps its place free, now at price zero
      m.remove(i);
    } else {
      i = sink;
    }
    for (;;) {
      const to = this.pred[i];
      const leaving = this.via[to];
      if (leaving < 0) {
        m.add(i, to, this.predWeight[i]);
        return;
      }
      m.replace(to, leaving, i, this.predWeight[i]);
      i = leaving;
    }
  }
}
