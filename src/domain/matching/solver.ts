import { BMatching, type CandidateGraph } from './b-matching';
import { MenteeSearch } from './mentee-search';
import { MentorSearch } from './mentor-search';

export type { CandidateGraph } from './b-matching';

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
