import { ExclusionIndexBuilder, type ExclusionIndex } from './exclusion-index';
import type { MatchProfile } from './score';

/** Why a pair may not be matched, or undefined when it may (SPEC §3.2 "Excluded pairs"). */
export type ExclusionReason = 'same-person' | 'excluded' | 'below-minimum';

/** Pairs barred by id: matched or declined before, barred by a coordinator, or refused by the mentee. */
export type ExcludedPairs = Iterable<readonly [menteeId: string, mentorId: string]>;

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

/** Excluded pairs by mentee and mentor index, for the engine's inner loops; unknown ids are ignored. */
export function indexExclusions(
  excluded: ExcludedPairs,
  mentees: readonly MatchProfile[],
  mentors: readonly MatchProfile[],
): ExclusionIndex {
  // A large pool can bar millions of pairs, each needing its ids looked up: a prototype-less object
  // answers a string key faster than a Map. Lists usually come mentee by mentee, so the mentee's
  // lookup is reused while the id repeats.
  const menteeIndex = indexOf(mentees);
  const mentorIndex = indexOf(mentors);
  const builder = new ExclusionIndexBuilder(mentees.length, mentors.length);
  let lastId: string | undefined;
  let i: number | undefined;
  for (const pair of excluded) {
    if (pair[0] !== lastId) i = menteeIndex[(lastId = pair[0])];
    const j = mentorIndex[pair[1]];
    if (i !== undefined && j !== undefined) builder.add(i, j);
  }
  return builder.build();
}

function indexOf(list: readonly MatchProfile[]): Record<string, number> {
  const index: Record<string, number> = Object.create(null);
  list.forEach((p, k) => (index[p.id] = k));
  return index;
}
