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

/**
 * A b-matching with dual prices, kept between solves so that new edges only need a repair. The primal–dual
 * invariants, which make the matching optimal on the current edges: u_i + v_j ≥ w on every edge, equality
 * on matched edges, u = 0 for an unmatched mentee, v = 0 for a mentor with a free place, prices ≥ 0.
 * A repair may break the last two for a few people ("defects": an unmatched mentee with u > 0, or a
 * mentor with a free place and v > 0); each search (`MenteeSearch`, `MentorSearch` below) removes its
 * source's defect and creates none, keeping the rest. All arithmetic is on integers below 2^53: exact.
 */
export class BMatching {
  graph: CandidateGraph;
  /** The same edges mentor by mentor: mentee and weight of each. */
  byMentorStart = new Int32Array(0);
  byMentorMentee = new Int32Array(0);
  byMentorWeight = new Float64Array(0);
  /** Mentor index of each mentee, −1 when unmatched, and the weight of that edge. */
  readonly matchOf: Int32Array;
  readonly matchWeight: Float64Array;
  readonly u: Float64Array;
  readonly v: Float64Array;
  /** Mentees of mentor j are slots[slotStart[j] … slotStart[j] + used[j] − 1]. */
  readonly slotStart: Int32Array;
  readonly slots: Int32Array;
  readonly used: Int32Array;

  constructor(graph: CandidateGraph) {
    const { menteeCount: nL, mentorCount: nR, capacity } = graph;
    this.graph = graph;
    this.matchOf = new Int32Array(nL).fill(-1);
    this.matchWeight = new Float64Array(nL);
    this.u = new Float64Array(nL);
    this.v = new Float64Array(nR);
    this.slotStart = new Int32Array(nR + 1);
    for (let j = 0; j < nR; j++) this.slotStart[j + 1] = this.slotStart[j] + capacity[j];
    this.slots = new Int32Array(this.slotStart[nR]);
    this.used = new Int32Array(nR);
    this.setGraph(graph);
  }

  /** Replaces the edges (a superset of the old ones: matched edges must stay) and indexes them by mentor. */
  setGraph(graph: CandidateGraph): void {
    this.graph = graph;
    const { start, mentor, weight, mentorCount: nR, menteeCount: nL } = graph;
    const mStart = new Int32Array(nR + 1);
    for (let e = 0; e < mentor.length; e++) mStart[mentor[e] + 1]++;
    for (let j = 0; j < nR; j++) mStart[j + 1] += mStart[j];
    const fill = mStart.slice(0, nR);
    this.byMentorMentee = new Int32Array(mentor.length);
    this.byMentorWeight = new Float64Array(mentor.length);
    for (let i = 0; i < nL; i++) {
      for (let e = start[i]; e < start[i + 1]; e++) {
        const at = fill[mentor[e]]++;
        this.byMentorMentee[at] = i;
        this.byMentorWeight[at] = weight[e];
      }
    }
    this.byMentorStart = mStart;
  }

  /** Mentee i's best reduced weight max(w − v) over its edges, at least 0. */
  bestReduced(i: number): number {
    const { start, mentor, weight } = this.graph;
    let best = 0;
    for (let e = start[i]; e < start[i + 1]; e++) best = Math.max(best, weight[e] - this.v[mentor[e]]);
    return best;
  }

  /** Mentor j's best reduced weight max(w − u) over its edges, at least 0. */
  bestReducedOfMentor(j: number): number {
    let best = 0;
    for (let e = this.byMentorStart[j]; e < this.byMentorStart[j + 1]; e++)
      best = Math.max(best, this.byMentorWeight[e] - this.u[this.byMentorMentee[e]]);
    return best;
  }

  /** Puts mentee i with mentor j (i must be unmatched and j have a free place). */
  add(i: number, j: number, w: number): void {
    this.slots[this.slotStart[j] + this.used[j]++] = i;
    this.matchOf[i] = j;
    this.matchWeight[i] = w;
  }

  /** Takes mentee i away from its mentor. */
  remove(i: number): void {
    const j = this.matchOf[i];
    const from = this.slotStart[j];
    const last = from + --this.used[j];
    this.slots[this.slots.indexOf(i, from)] = this.slots[last];
    this.matchOf[i] = -1;
  }

  /** Gives mentee `entering` the place mentee `leaving` holds with mentor j (the caller re-places `leaving`). */
  replace(j: number, leaving: number, entering: number, w: number): void {
    this.slots[this.slots.indexOf(leaving, this.slotStart[j])] = entering;
    this.matchOf[entering] = j;
    this.matchWeight[entering] = w;
  }
}

/**
 * A binary min-heap of (key, node) pairs in typed arrays: the solver pushes millions of entries per run,
 * and objects per entry would dominate its time. Equal keys pop the smaller node first, so runs are
 * deterministic. Stale entries are left in place and skipped by the caller (lazy deletion).
 */
export class MinHeap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  /** Number of entries. */
  size = 0;

  /** Adds an entry. */
  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const nodes = this.nodes;
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (keys[parent] < key || (keys[parent] === key && nodes[parent] < node)) break;
      keys[at] = keys[parent];
      nodes[at] = nodes[parent];
      at = parent;
    }
    keys[at] = key;
    nodes[at] = node;
  }

  /** The smallest key; only when size > 0. */
  topKey(): number {
    return this.keys[0];
  }

  /** Removes the smallest entry and returns its node; only when size > 0. */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0];
    const n = --this.size;
    const key = keys[n];
    const node = nodes[n];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (
        child + 1 < n &&
        (keys[child + 1] < keys[child] || (keys[child + 1] === keys[child] && nodes[child + 1] < nodes[child]))
      )
        child++;
      if (key < keys[child] || (key === keys[child] && node < nodes[child])) break;
      keys[at] = keys[child];
      nodes[at] = nodes[child];
      at = child;
    }
    keys[at] = key;
    nodes[at] = node;
    return top;
  }

  /** Empties the heap, keeping its storage. */
  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}

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
 * Maximum-weight b-matching by the primal–dual (Hungarian) method, kept warm between pricing rounds.
 * The first solve adds the scarcer side one unit at a time: mentees when the places suffice, otherwise
 * mentors' places, so that most searches end at a free partner instead of exploring until someone can
 * be pushed out. Each side goes strongest first (best edge weight), which settles most of the matching
 * before the contested searches. {@link addEdges} then repairs only what new edges disturb.
 */
export class Solver {
  private readonly m: BMatching;
  private readonly menteeSearch: MenteeSearch;
  private readonly mentorSearch: MentorSearch;

  constructor(graph: CandidateGraph) {
    const m = (this.m = new BMatching(graph));
    this.menteeSearch = new MenteeSearch(m);
    this.mentorSearch = new MentorSearch(m);
    const places = graph.capacity.reduce((a, b) => a + b, 0);
    if (graph.menteeCount > places) {
      for (let j = 0; j < graph.mentorCount; j++) m.v[j] = m.bestReducedOfMentor(j);
      for (const j of strongestFirst(graph.mentorCount, (j) => m.v[j])) this.fillMentor(j);
    } else {
      const best = Float64Array.from({ length: graph.menteeCount }, (_, i) => m.bestReduced(i));
      for (const i of strongestFirst(graph.menteeCount, (i) => best[i])) this.placeMentee(i);
    }
  }

  /** The current matching and prices (live views: copy before the next {@link addEdges}). */
  get solution(): Solution {
    const m = this.m;
    return { matchOf: m.matchOf, matchWeight: m.matchWeight, menteePrice: m.u, mentorPrice: m.v };
  }

  /**
   * Takes a graph that adds edges to the current one, `mentees` listing everyone with a new edge, and
   * restores optimality: a mentee with a new edge u + v < w is re-priced to max(w − v) and, if matched,
   * taken out, leaving their mentor with a free place at a positive price. Mentee searches then place the
   * re-priced mentees (often back into those free places), and mentor searches settle what is left.
   */
  addEdges(graph: CandidateGraph, mentees: Iterable<number>): void {
    const m = this.m;
    m.setGraph(graph);
    const repriced: number[] = [];
    const freed: number[] = [];
    for (const i of mentees) {
      const best = m.bestReduced(i);
      if (best <= m.u[i]) continue;
      if (m.matchOf[i] >= 0) {
        freed.push(m.matchOf[i]);
        m.remove(i);
      }
      m.u[i] = best;
      repriced.push(i);
    }
    for (const i of repriced) this.placeMentee(i);
    for (const j of freed) this.fillMentor(j);
  }

  private placeMentee(i: number): void {
    const m = this.m;
    if (m.matchOf[i] >= 0) return;
    m.u[i] = m.bestReduced(i);
    this.menteeSearch.run(i);
  }

  private fillMentor(j: number): void {
    const m = this.m;
    while (m.used[j] < m.graph.capacity[j] && m.v[j] > 0) this.mentorSearch.run(j);
  }
}

/** Indexes 0 … n − 1 by descending strength, ties by index: a fixed order, so runs are deterministic. */
function strongestFirst(n: number, strength: (k: number) => number): Int32Array {
  const s = Float64Array.from({ length: n }, (_, k) => strength(k));
  return Int32Array.from({ length: n }, (_, k) => k).sort((a, b) => s[b] - s[a] || a - b);
}
