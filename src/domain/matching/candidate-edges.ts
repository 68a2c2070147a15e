import type { CandidateLists } from './candidates';
import type { PoolContext } from './pool-context';
import type { CandidateGraph } from './solver';

/**
 * Each mentee's candidate mentors, sorted and without repeats, with their weights (bigM + score). Pricing
 * rounds add a few pairs to a few mentees; only those rows are merged and weighed again, and the other
 * rows are copied into the next graph as they are.
 */
export class CandidateEdges {
  private readonly rows: Int32Array[];
  private readonly weights: Float64Array[];
  private readonly pending: number[][];
  private readonly changed: number[] = [];

  /** Starts from candidate lists (which may hold repeats); every pair in them must be allowed. */
  constructor(private readonly ctx: PoolContext, lists: CandidateLists) {
    this.rows = lists.map(() => new Int32Array(0));
    this.weights = lists.map(() => new Float64Array(0));
    this.pending = lists;
    lists.forEach((list, i) => list.length > 0 && this.changed.push(i));
  }

  /** Adds the allowed pair (mentee i, mentor j); a pair already present is ignored. */
  add(i: number, j: number): void {
    if (this.pending[i].length === 0) this.changed.push(i);
    this.pending[i].push(j);
  }

  /** The graph of all candidates so far. */
  graph(): CandidateGraph {
    for (const i of this.changed) {
      const row = merged(this.rows[i], this.pending[i]);
      const weight = new Float64Array(row.length);
      this.ctx.tables.scoreList(i, row, weight);
      for (let e = 0; e < row.length; e++) weight[e] += this.ctx.bigM;
      this.rows[i] = row;
      this.weights[i] = weight;
      this.pending[i] = [];
    }
    this.changed.length = 0;
    const nL = this.rows.length;
    const start = new Int32Array(nL + 1);
    for (let i = 0; i < nL; i++) start[i + 1] = start[i] + this.rows[i].length;
    const mentor = new Int32Array(start[nL]);
    const weight = new Float64Array(start[nL]);
    for (let i = 0; i < nL; i++) {
      mentor.set(this.rows[i], start[i]);
      weight.set(this.weights[i], start[i]);
    }
    return { menteeCount: nL, mentorCount: this.ctx.tables.kernel.mentors.n, capacity: this.ctx.capacity, start, mentor, weight };
  }
}

/** The sorted union of a sorted row and a list of additions, without repeats. */
function merged(row: Int32Array, added: number[]): Int32Array {
  const all = new Int32Array(row.length + added.length);
  all.set(row);
  for (let k = 0; k < added.length; k++) all[row.length + k] = added[k];
  all.sort();
  let n = 0;
  for (let k = 0; k < all.length; k++) if (n === 0 || all[k] !== all[n - 1]) all[n++] = all[k];
  return all.slice(0, n);
}
