const MAX_BITSET_PAIRS = 2 ** 28; // 32 MB of bits; larger pools fall back to sorted lists

/**
 * Excluded pairs by index. A programme can bar a few percent of all pairs, millions in a large pool,
 * and the engine asks about every pair that passes the score tests. Up to 2^28 pairs (20,000 × 8,000
 * is 160 million) the index is one bit per pair: built in one pass, read in one load. Beyond that, it is
 * each mentee's excluded mentors as a sorted list (4 bytes an excluded pair), searched by bisection.
 */
export class ExclusionIndex {
  private constructor(
    private readonly mentorCount: number,
    private readonly bits: Int32Array | undefined,
    private readonly start: Int32Array,
    private readonly mentors: Int32Array,
    /** Number of pairs listed (with any duplicates). */
    readonly size: number,
  ) {}

  /**
   * Builds the index from parallel arrays of mentee and mentor indexes; duplicates are harmless.
   * `bitsetLimit` is for tests, to exercise the sorted lists on small pools.
   */
  static from(menteeCount: number, mentorCount: number, mentees: Int32Array, mentors: Int32Array, bitsetLimit = MAX_BITSET_PAIRS): ExclusionIndex {
    if (menteeCount * mentorCount <= bitsetLimit) {
      const bits = new Int32Array(Math.ceil((menteeCount * mentorCount) / 32));
      for (let k = 0; k < mentees.length; k++) {
        const at = mentees[k] * mentorCount + mentors[k];
        bits[at >>> 5] |= 1 << (at & 31);
      }
      return new ExclusionIndex(mentorCount, bits, new Int32Array(0), new Int32Array(0), mentees.length);
    }
    const start = new Int32Array(menteeCount + 1);
    for (let k = 0; k < mentees.length; k++) start[mentees[k] + 1]++;
    for (let i = 0; i < menteeCount; i++) start[i + 1] += start[i];
    const fill = start.slice(0, menteeCount);
    const sorted = new Int32Array(mentees.length);
    for (let k = 0; k < mentees.length; k++) sorted[fill[mentees[k]]++] = mentors[k];
    for (let i = 0; i < menteeCount; i++) sorted.subarray(start[i], start[i + 1]).sort();
    return new ExclusionIndex(mentorCount, undefined, start, sorted, mentees.length);
  }

  /** Whether mentee i and mentor j are listed. */
  has(i: number, j: number): boolean {
    if (this.bits) {
      const at = i * this.mentorCount + j;
      return (this.bits[at >>> 5] & (1 << (at & 31))) !== 0;
    }
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
