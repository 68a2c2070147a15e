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
 * mentor with a free place and v > 0); each search (mentee-search.ts, mentor-search.ts) removes its
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
