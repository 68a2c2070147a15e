import type { BMatching } from './b-matching';
import { MinHeap } from './min-heap';

/**
 * One step of the primal–dual method from a mentee r with u_r = max(w − v) (a new or re-priced mentee):
 * grows a shortest-path tree of alternating paths from r (Dijkstra on reduced weights u + v − w) and stops
 * at the first sink: a mentor with a free place, or a mentee whose price falls to zero and who is then
 * better left out (r itself included). Prices move by the tree distances, the path is shifted, and the
 * invariants of {@link BMatching} hold again with r's defect gone.
 */
export class MenteeSearch {
  private readonly dist: Float64Array;
  private readonly done: Uint8Array;
  private readonly pred: Int32Array;
  private readonly predWeight: Float64Array;
  private readonly reachedDist: Float64Array;
  private readonly touched: number[] = [];
  private readonly popped: number[] = [];
  private readonly reached: number[] = [];
  private readonly heap = new MinHeap();

  constructor(private readonly m: BMatching) {
    const { menteeCount: nL, mentorCount: nR } = m.graph;
    this.dist = new Float64Array(nR).fill(Infinity);
    this.done = new Uint8Array(nR);
    this.pred = new Int32Array(nR);
    this.predWeight = new Float64Array(nR);
    this.reachedDist = new Float64Array(nL);
  }

  /** Runs the search from unmatched mentee r, whose price must already be max(0, max(w − v)). */
  run(r: number): void {
    const { m, dist, done, heap, popped, reached, reachedDist } = this;
    const { u, v, used, slots, slotStart } = m;
    const capacity = m.graph.capacity;
    const nR = m.graph.mentorCount;
    if (u[r] <= 0 || this.direct(r)) return;
    reached.push(r);
    reachedDist[r] = 0;
    heap.push(u[r], this.dropNode(r));
    this.relax(r, 0);
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
        heap.push(key + u[i], this.dropNode(i));
        this.relax(i, key);
      }
    }
    for (const j of popped) v[j] += delta - dist[j];
    for (const i of reached) u[i] -= delta - reachedDist[i];
    this.augment(sink);
    for (const j of this.touched) {
      dist[j] = Infinity;
      done[j] = 0;
    }
    this.touched.length = 0;
    popped.length = 0;
    reached.length = 0;
    heap.clear();
  }

  /**
   * The search's first step without the heap: when the nearest mentor (smallest index on ties) has a
   * free place and is no farther than leaving r out, the search would stop right there.
   */
  private direct(r: number): boolean {
    const m = this.m;
    const { start, mentor, weight, capacity } = m.graph;
    let best = -1;
    let bestDist = Infinity;
    let bestWeight = 0;
    for (let e = start[r]; e < start[r + 1]; e++) {
      const d = m.u[r] + m.v[mentor[e]] - weight[e];
      if (d < bestDist || (d === bestDist && mentor[e] < best)) {
        best = mentor[e];
        bestDist = d;
        bestWeight = weight[e];
      }
    }
    if (best < 0 || m.used[best] >= capacity[best] || bestDist > m.u[r]) return false;
    m.u[r] -= bestDist;
    m.add(r, best, bestWeight);
    return true;
  }

  private relax(i: number, d: number): void {
    const { dist, done, pred, predWeight, heap, touched } = this;
    const { start, mentor, weight } = this.m.graph;
    const v = this.m.v;
    const base = d + this.m.u[i];
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
  }

  /** Heap node for "leave mentee i out": later ids pop first on ties, so earlier ids keep places. */
  private dropNode(i: number): number {
    return this.m.graph.mentorCount + this.m.graph.menteeCount - 1 - i;
  }

  /** Shifts mentees one step along the tree path that ends at `sink`. */
  private augment(sink: number): void {
    const m = this.m;
    let j: number;
    let leaving: number;
    if (sink >= m.graph.mentorCount) {
      const dropped = this.dropNode(sink);
      j = m.matchOf[dropped];
      if (j < 0) return; // the new mentee itself is best left out
      m.matchOf[dropped] = -1;
      leaving = dropped;
    } else {
      j = sink;
      leaving = -1;
    }
    for (;;) {
      const entering = this.pred[j];
      const from = m.matchOf[entering];
      if (leaving < 0) m.add(entering, j, this.predWeight[j]);
      else m.replace(j, leaving, entering, this.predWeight[j]);
      if (from < 0) return;
      leaving = entering;
      j = from;
    }
  }
}
