import { StaleError } from './errors';

/**
 * Matches (SPEC §3.2): `requested → accepted | declined | expired | withdrawn`, then `accepted → active →
 * completed | ended` (the later statuses belong to meetings and close-out and have no transitions here yet).
 */
export type MatchStatus = 'requested' | 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'active' | 'completed' | 'ended';

/** What can happen to a request: the mentor answers, the deadline passes, or the mentee withdraws it. */
export type MatchAction = 'accept' | 'decline' | 'expire' | 'withdraw';

/** One match between a mentee's and a mentor's approved applications. */
export interface Match {
  tenantId: string;
  id: string;
  programmeId: string;
  menteeApplicationId: string;
  mentorApplicationId: string;
  menteePersonId: string;
  mentorPersonId: string;
  status: MatchStatus;
  /** Score and reasons when requested, so the card explains the pair as it was chosen. */
  score: number;
  reasons: string[];
  /** The end of the response deadline's working day (exclusive), ISO UTC, and the day itself (YYYY-MM-DD). */
  deadlineAt: string;
  deadlineDate: string;
  /** The mentor's private reason for declining: for coordinators only, never shown to the mentee. */
  declineReason?: string;
  /** Optimistic concurrency, as for applications: a card carries the version it showed. */
  version: number;
  createdAt: string;
  updatedAt: string;
  respondedAt?: string;
}

const TRANSITIONS: Partial<Record<MatchStatus, Partial<Record<MatchAction, MatchStatus>>>> = {
  requested: { accept: 'accepted', decline: 'declined', expire: 'expired', withdraw: 'withdrawn' },
};

/** Who may take each action. */
export const MATCH_ACTION_ACTOR: Record<MatchAction, 'mentor' | 'mentee' | 'system'> = {
  accept: 'mentor',
  decline: 'mentor',
  expire: 'system',
  withdraw: 'mentee',
};

/** The status `action` leads to from `from`, or undefined when it is not allowed there. */
export function nextMatchStatus(from: MatchStatus, action: MatchAction): MatchStatus | undefined {
  return TRANSITIONS[from]?.[action];
}

/** Statuses in which a match still holds (or may take) a mentor's slot or the mentee's attention. */
export const OPEN_MATCH_STATUSES: readonly MatchStatus[] = ['requested', 'accepted', 'active'];

/**
 * Applies `action` to a match as seen at `seenVersion` (the card's; undefined for the system). A response after
 * the deadline, a second click or a stale card throws StaleError and changes nothing. Pure.
 */
export function transitionMatch(
  match: Match,
  action: MatchAction,
  change: { seenVersion?: number; at: string; reason?: string },
): Match {
  const to = nextMatchStatus(match.status, action);
  if (!to || (change.seenVersion !== undefined && change.seenVersion !== match.version)) throw new StaleError(describeMatch(match));
  if ((action === 'accept' || action === 'decline') && change.at >= match.deadlineAt) {
    throw new StaleError('The time to respond to this request has passed, so it can no longer be accepted or declined.');
  }
  if (action === 'expire' && change.at < match.deadlineAt) throw new StaleError('This request has not reached its deadline yet.');
  const reason = action === 'decline' ? change.reason?.trim() || undefined : undefined;
  return {
    ...match,
    status: to,
    version: match.version + 1,
    updatedAt: change.at,
    respondedAt: action === 'accept' || action === 'decline' ? change.at : match.respondedAt,
    declineReason: reason ?? match.declineReason,
  };
}

/** Why an action on a match was refused, in plain words. */
export function describeMatch(match: Match): string {
  switch (match.status) {
    case 'requested':
      return 'This request has changed since this card was shown; here is the current version.';
    case 'accepted':
    case 'active':
      return 'This request has already been accepted.';
    case 'declined':
      return 'This request has already been declined.';
    case 'expired':
      return 'This request expired: the deadline to respond passed.';
    case 'withdrawn':
      return 'This request was withdrawn by the mentee.';
    default:
      return `This match has ${match.status}.`;
  }
}

/**
 * SPEC §3.2 exclusions for mentee's choice: the same person, and any pair that already has a match of any
 * status (matched, declined, expired or withdrawn requests are not offered again).
 */
export function isExcludedPair(
  mentee: { personId: string; applicationId: string },
  mentor: { personId: string; applicationId: string },
  menteeMatches: readonly Pick<Match, 'mentorApplicationId' | 'menteeApplicationId'>[],
): boolean {
  if (mentee.personId === mentor.personId) return true;
  return menteeMatches.some((m) => m.menteeApplicationId === mentee.applicationId && m.mentorApplicationId === mentor.applicationId);
}

/** Whether a mentor's profile can take a new mentee now. */
export function hasFreeCapacity(profile: { paused: boolean; capacity: number; inUse: number }): boolean {
  return !profile.paused && profile.inUse < profile.capacity;
}
