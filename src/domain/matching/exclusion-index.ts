/**
 * Excluded pairs by index, as sorted mentor lists per mentee (compressed rows). A programme can bar a few
 * percent of all pairs, millions in a large pool: this takes 4 bytes a pair where a Set of numbers takes
 * several times that, and lookups happen only for pairs that pass every score test first.
 */
export class ExclusionIndex {
  private constructor(private readonly start: Int32Array, private readonly mentors: Int32Array) {}

  /** Builds the index from parallel arrays of mentee and mentor indexes; duplicates are harmless. */
  static from(menteeCount: number, mentees: Int32Array, mentors: Int32Array): ExclusionIndex {
    const start = new Int32Array(menteeCount + 1);
    for (let k = 0; k < mentees.length; k++) start[mentees[k] + 1]++;
    for (let i = 0; i < menteeCount; i++) start[i + 1] += start[i];
    const fill = start.slice(0, menteeCount);
    const sorted = new Int32Array(mentees.length);
    for (let k = 0; k < mentees.length; k++) sorted[fill[mentees[k]]++] = mentors[k];
    for (let i = 0; i < menteeCount; i++) sorted.subarray(start[i], start[i + 1]).sort();
    return new ExclusionIndex(start, sorted);
  }

  /** Number of pairs listed. */
  get size(): number {
    return this.mentors.length;
  }

  /** Whether mentee i and mentor j are listed. */
  has(i: number, j: number): boolean {
    let lo = this.start[i];
    let hi = this.start[i + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.mentors[mid];
      if (m === j) return true;
      if (m < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
