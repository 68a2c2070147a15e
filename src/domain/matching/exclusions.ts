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

/** Excluded pairs as numbers `menteeIndex × mentorCount + mentorIndex`, for the engine's inner loops. */
export function indexExclusions(
  excluded: ExclusionSet,
  mentees: readonly MatchProfile[],
  mentors: readonly MatchProfile[],
): Set<number> {
  const mentorIndex = new Map(mentors.map((m, j) => [m.id, j]));
  const keys = new Set<number>();
  mentees.forEach((mentee, i) => {
    for (const id of excluded.mentorsOf(mentee.id)) {
      const j = mentorIndex.get(id);
      if (j !== undefined) keys.add(i * mentors.length + j);
    }
  });
  return keys;
}
