import { ValidationError } from '../errors';
import type { MatchProfile, PairTables } from './score';

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

/** Why a pair may not be matched, or undefined when it may (SPEC §3.2 "Excluded pairs"). */
export type ExclusionReason = 'same-person' | 'excluded' | 'below-minimum';

/** Pairs barred by id: matched or declined before, barred by a coordinator, or refused by the mentee. */
export type ExcludedPairs = Iterable<readonly [menteeId: string, mentorId: string]>;

/**
 * Pairs barred by position in the input's own lists: pair k is (input mentees[mentees[k]],
 * input mentors[mentors[k]]). A large pool can bar tens of millions of pairs; given by id, each costs
 * two string lookups (over a second at 32 million), given by position a few array reads.
 */
export interface ExcludedIndexes {
  readonly mentees: Int32Array;
  readonly mentors: Int32Array;
}

/** Excluded pairs either way: by id, or by position in the input's lists. */
export type Exclusions = ExcludedPairs | ExcludedIndexes;

/** Whether the exclusions are given by position. */
export function isExcludedIndexes(excluded: Exclusions): excluded is ExcludedIndexes {
  return (
    (excluded as ExcludedIndexes).mentees instanceof Int32Array &&
    (excluded as ExcludedIndexes).mentors instanceof Int32Array
  );
}

/** The exclusions as [menteeId, mentorId], positions read against the caller's `mentees` and `mentors`. */
export function* pairsById(
  excluded: Exclusions,
  mentees: readonly MatchProfile[],
  mentors: readonly MatchProfile[],
): Generator<readonly [string, string]> {
  if (!isExcludedIndexes(excluded)) {
    yield* excluded;
    return;
  }
  for (let k = 0; k < excluded.mentees.length; k++)
    yield [mentees[excluded.mentees[k]].id, mentors[excluded.mentors[k]].id];
}

/** A lookup of excluded pairs by mentee and mentor id. */
export class ExclusionSet {
  private readonly byMentee = new Map<string, Set<string>>();

  constructor(pairs: ExcludedPairs = []) {
    for (const [mentee, mentor] of pairs) {
      let set = this.byMentee.get(mentee);
      if (!set) this.byMentee.set(mentee, (set = new Set()));
      set.add(mentor);
    }
  }

  /** Whether the pair was listed. */
  has(menteeId: string, mentorId: string): boolean {
    return this.byMentee.get(menteeId)?.has(mentorId) ?? false;
  }

  /** Mentor ids listed against `menteeId`. */
  mentorsOf(menteeId: string): ReadonlySet<string> {
    return this.byMentee.get(menteeId) ?? new Set();
  }
}

/**
 * Why `mentee` and `mentor` may not be paired given the pair's score: the same person on both sides,
 * an excluded pair, or a score under the programme's minimum.
 */
export function exclusionReason(
  mentee: MatchProfile,
  mentor: MatchProfile,
  score: number,
  excluded: ExclusionSet,
  minScore: number,
): ExclusionReason | undefined {
  if (mentee.personId === mentor.personId) return 'same-person';
  if (excluded.has(mentee.id, mentor.id)) return 'excluded';
  return score < minScore ? 'below-minimum' : undefined;
}

/**
 * Excluded pairs by mentee and mentor index (positions in `mentees` and `mentors`), for the engine's inner
 * loops; unknown ids are ignored. Pairs given by position refer to `given`, the caller's own lists (by
 * default `mentees` and `mentors` themselves), which must hold the same profiles in any order; a position
 * outside them is refused.
 */
export function indexExclusions(
  excluded: Exclusions,
  mentees: readonly MatchProfile[],
  mentors: readonly MatchProfile[],
  given: { mentees: readonly MatchProfile[]; mentors: readonly MatchProfile[] } = { mentees, mentors },
): ExclusionIndex {
  const builder = new ExclusionIndexBuilder(mentees.length, mentors.length);
  if (isExcludedIndexes(excluded)) {
    const ei = excluded.mentees;
    const ej = excluded.mentors;
    if (ei.length !== ej.length)
      throw new ValidationError('Excluded pairs by position need as many mentors as mentees.', { excluded: 'length' });
    const pi = positions(given.mentees, mentees);
    const pj = positions(given.mentors, mentors);
    const nL = pi.length;
    const nR = pj.length;
    for (let k = 0; k < ei.length; k++) {
      const i = ei[k];
      const j = ej[k];
      if (!(i >= 0 && i < nL && j >= 0 && j < nR))
        throw new ValidationError(`Excluded pair ${k} (${i}, ${j}) is outside the pool.`, { excluded: String(k) });
      builder.add(pi[i], pj[j]);
    }
    return builder.build();
  }
  // A large pool can bar millions of pairs, each needing its ids looked up: a prototype-less object
  // answers a string key faster than a Map. Lists usually come mentee by mentee, so the mentee's
  // lookup is reused while the id repeats.
  const menteeIndex = indexOf(mentees);
  const mentorIndex = indexOf(mentors);
  let lastId: string | undefined;
  let i: number | undefined;
  for (const pair of excluded) {
    if (pair[0] !== lastId) i = menteeIndex[(lastId = pair[0])];
    const j = mentorIndex[pair[1]];
    if (i !== undefined && j !== undefined) builder.add(i, j);
  }
  return builder.build();
}

/** Where each profile of `from` stands in `to` (the same profiles, perhaps reordered). */
function positions(from: readonly MatchProfile[], to: readonly MatchProfile[]): Int32Array {
  if (from === to) return Int32Array.from({ length: from.length }, (_, k) => k);
  const at = new Map<MatchProfile, number>();
  to.forEach((p, k) => at.set(p, k));
  return Int32Array.from(from, (p) => {
    const k = at.get(p);
    if (k === undefined) throw new ValidationError(`Profile ${p.id} is not in the pool.`, { id: p.id });
    return k;
  });
}

function indexOf(list: readonly MatchProfile[]): Record<string, number> {
  const index: Record<string, number> = Object.create(null);
  list.forEach((p, k) => (index[p.id] = k));
  return index;
}

/** Everything the engine's loops need to decide whether a pair is allowed and what it scores. */
export interface PoolContext {
  tables: PairTables;
  excluded: ExclusionIndex;
  minScore: number;
  capacity: Int32Array;
  /** Weight added to every pair's score so that matching one more mentee beats any gain in score. */
  bigM: number;
}

/** Whether the pair may be matched at all, score aside: not one person, not excluded. */
export function allowedPair(ctx: PoolContext, i: number, j: number): boolean {
  const k = ctx.tables.kernel;
  return k.mentees.person[i] !== k.mentors.person[j] && !ctx.excluded.has(i, j);
}

/** The pair's score when it is allowed, otherwise −1 (scores are never negative). */
export function allowedScore(ctx: PoolContext, i: number, j: number): number {
  const s = ctx.tables.score(i, j);
  return s >= ctx.minScore && allowedPair(ctx, i, j) ? s : -1;
}
