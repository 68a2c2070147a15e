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
  static from(
    menteeCount: number,
    mentorCount: number,
    mentees: Int32Array,
    mentors: Int32Array,
    bitsetLimit = MAX_BITSET_PAIRS,
  ): ExclusionIndex {
    const builder = new ExclusionIndexBuilder(menteeCount, mentorCount, bitsetLimit);
    for (let k = 0; k < mentees.length; k++) builder.add(mentees[k], mentors[k]);
    return builder.build();
  }

  /** @internal */
  static of(
    mentorCount: number,
    bits: Int32Array | undefined,
    start: Int32Array,
    mentors: Int32Array,
    size: number,
  ): ExclusionIndex {
    return new ExclusionIndex(mentorCount, bits, start, mentors, size);
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

/** Collects pairs one at a time: straight into the bits when they fit, else into growing arrays. */
export class ExclusionIndexBuilder {
  private readonly bits: Int32Array | undefined;
  private mentees: Int32Array = new Int32Array(0);
  private mentors: Int32Array = new Int32Array(0);
  private count = 0;

  constructor(
    private readonly menteeCount: number,
    private readonly mentorCount: number,
    bitsetLimit = MAX_BITSET_PAIRS,
  ) {
    this.bits =
      menteeCount * mentorCount <= bitsetLimit
        ? new Int32Array(Math.ceil((menteeCount * mentorCount) / 32))
        : undefined;
  }

  /** Adds the pair (mentee index i, mentor index j). */
  add(i: number, j: number): void {
    if (this.bits) {
      const at = i * this.mentorCount + j;
      this.bits[at >>> 5] |= 1 << (at & 31);
    } else {
      if (this.count === this.mentees.length) {
        this.mentees = grow(this.mentees);
        this.mentors = grow(this.mentors);
      }
      this.mentees[this.count] = i;
      this.mentors[this.count] = j;
    }
    this.count++;
  }

  build(): ExclusionIndex {
    const { menteeCount, mentorCount, count } = this;
    if (this.bits) return ExclusionIndex.of(mentorCount, this.bits, new Int32Array(0), new Int32Array(0), count);
    const start = new Int32Array(menteeCount + 1);
    for (let k = 0; k < count; k++) start[this.mentees[k] + 1]++;
    for (let i = 0; i < menteeCount; i++) start[i + 1] += start[i];
    const fill = start.slice(0, menteeCount);
    const sorted = new Int32Array(count);
    for (let k = 0; k < count; k++) sorted[fill[this.mentees[k]]++] = this.mentors[k];
    for (let i = 0; i < menteeCount; i++) sorted.subarray(start[i], start[i + 1]).sort();
    return ExclusionIndex.of(mentorCount, undefined, start, sorted, count);
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(Math.max(1024, a.length * 2));
  b.set(a);
  return b;
}
