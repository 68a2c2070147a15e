import type { CandidateLists } from './candidates';
import type { PoolContext } from './pool-context';
import type { CandidateGraph } from './solver';

/**
 * Each mentee's candidate mentors, sorted and without repeats, with their weights (bigM + score), as one
 * compressed graph. Pricing rounds add a few pairs to a few mentees: the next graph copies every other row
 * over with its weights, and merges and weighs again only the rows that gained pairs. No array per mentee:
 * thousands of small typed arrays per round cost more in allocation and collection than the copying.
 */
export class CandidateEdges {
  private current: CandidateGraph;
  private readonly pending: number[][];
  private added = 0;

  /** Starts from candidate lists (which may hold repeats); every pair in them must be allowed. */
  constructor(
    private readonly ctx: PoolContext,
    lists: CandidateLists,
  ) {
    const nL = lists.length;
    this.pending = lists;
    for (const list of lists) this.added += list.length;
    this.current = {
      menteeCount: nL,
      mentorCount: ctx.tables.kernel.mentors.n,
      capacity: ctx.capacity,
      start: new Int32Array(nL + 1),
      mentor: new Int32Array(0),
      weight: new Float64Array(0),
    };
  }

  /** Adds the allowed pair (mentee i, mentor j); a pair already present is ignored. */
  add(i: number, j: number): void {
    this.pending[i].push(j);
    this.added++;
  }

  /** The graph of all candidates so far. */
  graph(): CandidateGraph {
    if (this.added === 0) return this.current;
    const old = this.current;
    const { tables, bigM } = this.ctx;
    const nL = old.menteeCount;
    const size = old.mentor.length + this.added;
    const start = new Int32Array(nL + 1);
    const mentor = new Int32Array(size);
    const weight = new Float64Array(size);
    let at = 0;
    for (let i = 0; i < nL; i++) {
      start[i] = at;
      const add = this.pending[i];
      if (add.length > 1) add.sort((a, b) => a - b);
      let e = old.start[i];
      const end = old.start[i + 1];
      if (add.length === 0) {
        for (; e < end; e++, at++) {
          mentor[at] = old.mentor[e];
          weight[at] = old.weight[e];
        }
        continue;
      }
      // Merge the sorted old row with the sorted additions, dropping repeats, and weigh the merged row.
      let q = 0;
      while (e < end || q < add.length) {
        const j = q < add.length && (e >= end || add[q] < old.mentor[e]) ? add[q++] : old.mentor[e++];
        if (at === start[i] || mentor[at - 1] !== j) mentor[at++] = j;
      }
      tables.scoreList(i, mentor, start[i], at, weight, bigM);
      this.pending[i] = [];
    }
    start[nL] = at;
    this.added = 0;
    this.current = {
      ...old,
      start,
      mentor: at < size ? mentor.slice(0, at) : mentor,
      weight: at < size ? weight.slice(0, at) : weight,
    };
    return this.current;
  }
}
