import type { ExcludedIndexes } from '../src/domain/matching/exclusions';

/**
 * Excluded pairs held as two Int32Arrays of indexes (8 bytes a pair) and handed out as [menteeId, mentorId]
 * on each iteration. The synthetic pools bar 2% of all pairs, 3.2 million at 20,000 × 8,000: as arrays of
 * two strings they took over 200 MB and made every garbage collection of the run trace them, so the
 * engine's peak memory and time measured the pool's storage rather than the engine. The benchmark hands
 * them to the engine by position (byPosition), as the app's pool does.
 */
export class IndexedPairs implements Iterable<readonly [string, string]> {
  private mentees: Int32Array = new Int32Array(1024);
  private mentors: Int32Array = new Int32Array(1024);
  private count = 0;
  private readonly menteeIds: string[];
  private readonly mentorIds: string[];

  constructor(mentees: readonly { id: string }[], mentors: readonly { id: string }[]) {
    this.menteeIds = mentees.map((m) => m.id);
    this.mentorIds = mentors.map((m) => m.id);
  }

  /** Number of pairs. */
  get length(): number {
    return this.count;
  }

  /** Adds the pair (mentee index, mentor index). */
  push(i: number, j: number): void {
    if (this.count === this.mentees.length) {
      this.mentees = grow(this.mentees);
      this.mentors = grow(this.mentors);
    }
    this.mentees[this.count] = i;
    this.mentors[this.count++] = j;
  }

  /**
   * The pairs by position in `mentees` and `mentors` (ExcludedIndexes), as the engine reads them fastest;
   * the lists must hold the profiles this was built for, in the same order.
   */
  byPosition(mentees: readonly { id: string }[], mentors: readonly { id: string }[]): ExcludedIndexes {
    if (
      mentees.some((m, i) => m.id !== this.menteeIds[i]) ||
      mentors.some((m, j) => m.id !== this.mentorIds[j]) ||
      mentees.length !== this.menteeIds.length ||
      mentors.length !== this.mentorIds.length
    ) {
      throw new Error("excluded pairs by position: the pool's lists are not the ones the pairs were drawn for");
    }
    return { mentees: this.mentees.subarray(0, this.count), mentors: this.mentors.subarray(0, this.count) };
  }

  [Symbol.iterator](): Iterator<readonly [string, string]> {
    return new PairIterator(this.mentees, this.mentors, this.count, this.menteeIds, this.mentorIds);
  }
}

/**
 * Hands out each pair as a new [menteeId, mentorId] in one reused result object (for…of reads it at
 * once): a fresh result and closure per pair made iterating cost more than the engine's use of it.
 */
class PairIterator implements Iterator<readonly [string, string]> {
  private k = 0;
  private readonly result: IteratorResult<readonly [string, string]> = { value: ['', ''], done: false };

  constructor(
    private readonly mentees: Int32Array,
    private readonly mentors: Int32Array,
    private readonly count: number,
    private readonly menteeIds: readonly string[],
    private readonly mentorIds: readonly string[],
  ) {}

  next(): IteratorResult<readonly [string, string]> {
    const k = this.k;
    if (k >= this.count) return { value: undefined, done: true };
    this.k = k + 1;
    this.result.value = [this.menteeIds[this.mentees[k]], this.mentorIds[this.mentors[k]]];
    return this.result;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
