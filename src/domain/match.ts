import { ForbiddenError, StaleError, ValidationError } from './errors';

/**
 * Matches (SPEC §3.2). A mentee's request: `requested → accepted | declined | expired | withdrawn`. A pair
 * published from automatic matching: `proposed → accepted` once both people accept, `→ declined` when either
 * declines, `→ expired` when the deadline passes first. Then `accepted → active → completed | ended` (those
 * belong to meetings and close-out and have no transitions here yet).
 */
export type MatchStatus =
  'requested' | 'proposed' | 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'active' | 'completed' | 'ended';

/** What can happen: a person answers, the deadline passes, or the mentee withdraws their request. */
export type MatchAction = 'accept' | 'decline' | 'expire' | 'withdraw';

/** How the match began: the mentee requested the mentor, or coordinators published it from automatic matching. */
export type MatchOrigin = 'request' | 'automatic';

/** The two people of a match. */
export type MatchSide = 'mentee' | 'mentor';

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
  origin: MatchOrigin;
  /** The automatic matching run that proposed it. */
  runId?: string;
  /** Score and reasons when requested, so the card explains the pair as it was chosen. */
  score: number;
  reasons: string[];
  /** The end of the response deadline's working day (exclusive), ISO UTC, and the day itself (YYYY-MM-DD). */
  deadlineAt: string;
  deadlineDate: string;
  /** The private reason for declining: for coordinators only, never shown to the other person. */
  declineReason?: string;
  /** Who declined (a request is only ever declined by its mentor). */
  declinedBy?: MatchSide;
  /** For a proposal: when each person accepted. */
  menteeAcceptedAt?: string;
  mentorAcceptedAt?: string;
  /** Optimistic concurrency, as for applications: a card carries the version it showed. */
  version: number;
  createdAt: string;
  updatedAt: string;
  respondedAt?: string;
  /** When an agreed match ended or completed, and who ended it (SPEC §3.5). */
  endedAt?: string;
  endedBy?: MatchSide | 'coordinator' | 'system';
  /** Why it was ended: for coordinators only, never shown to the other person. */
  endReason?: string;
  /** Which cycle of the pair this is (1 for the first); a continued pair's next cycle is a new match. */
  cycle?: number;
  /** For a continued pair, the match of the cycle before. */
  previousMatchId?: string;
  /** What each person chose at the end of this cycle (SPEC §3.5). */
  menteeNext?: NextChoice;
  mentorNext?: NextChoice;
}

/** At the end of a cycle: another cycle together, a new partner, or a break from the programme. */
export type NextChoice = 'continue' | 'rematch' | 'opt-out';

const TRANSITIONS: Partial<Record<MatchStatus, Partial<Record<MatchAction, MatchStatus>>>> = {
  requested: { accept: 'accepted', decline: 'declined', expire: 'expired', withdraw: 'withdrawn' },
  // Accepting a proposal completes it only when the other person has accepted too; see transitionMatch.
  proposed: { accept: 'accepted', decline: 'declined', expire: 'expired' },
};

/** Who may take `action` on a match in `status`: a request is answered by its mentor, a proposal by both. */
export function mayAct(status: MatchStatus, action: MatchAction, side: MatchSide): boolean {
  if (action === 'expire') return false;
  if (action === 'withdraw') return status === 'requested' && side === 'mentee';
  return status === 'proposed' || side === 'mentor';
}

/** The status `action` leads to from `from`, or undefined when it is not allowed there. */
export function nextMatchStatus(from: MatchStatus, action: MatchAction): MatchStatus | undefined {
  return TRANSITIONS[from]?.[action];
}

/** Statuses in which a match still holds (or may take) a mentor's slot or the mentee's attention. */
export const OPEN_MATCH_STATUSES: readonly MatchStatus[] = ['requested', 'proposed', 'accepted', 'active'];

/**
 * Whether the match occupies one of the mentor's places. A request takes its place when accepted; a proposal
 * holds one from publication, so that publishing can never overbook a mentor and a decline gives it back.
 */
export function holdsMentorPlace(status: MatchStatus): boolean {
  return status === 'proposed' || status === 'accepted' || status === 'active';
}

/**
 * Applies `action` by `by` (a person's side; undefined for the system) to a match as seen at `seenVersion` (the
 * card's). A response after the deadline, a second click, a stale card or the wrong person throws and changes
 * nothing. Accepting a proposal records that person's acceptance and completes the match only when both have
 * accepted. Pure.
 */
export function transitionMatch(
  match: Match,
  action: MatchAction,
  change: { seenVersion?: number; at: string; reason?: string; by?: MatchSide },
): Match {
  const to = nextMatchStatus(match.status, action);
  if (!to || (change.seenVersion !== undefined && change.seenVersion !== match.version))
    throw new StaleError(describeMatch(match));
  const by = change.by ?? (action === 'withdraw' ? 'mentee' : 'mentor');
  if (action !== 'expire' && !mayAct(match.status, action, by)) {
    throw new ForbiddenError(
      action === 'withdraw'
        ? 'Only the mentee who made this request can withdraw it.'
        : 'Only the mentor who was asked can answer this request.',
    );
  }
  if ((action === 'accept' || action === 'decline') && change.at >= match.deadlineAt) {
    throw new StaleError(
      `The time to respond to this ${match.origin === 'automatic' ? 'proposal' : 'request'} has passed, so it can no longer be accepted or declined.`,
    );
  }
  if (action === 'expire' && change.at < match.deadlineAt)
    throw new StaleError(
      `This ${match.origin === 'automatic' ? 'proposal' : 'request'} has not reached its deadline yet.`,
    );
  const next: Match = { ...match, status: to, version: match.version + 1, updatedAt: change.at };
  if (action === 'decline') {
    next.respondedAt = change.at;
    next.declinedBy = by;
    const reason = change.reason?.trim();
    if (reason) next.declineReason = reason;
  }
  if (action === 'accept' && match.status === 'proposed') {
    if (acceptedAt(match, by))
      throw new StaleError('You have already accepted this proposal; the other person has not answered yet.');
    if (by === 'mentee') next.menteeAcceptedAt = change.at;
    else next.mentorAcceptedAt = change.at;
    const both = next.menteeAcceptedAt !== undefined && next.mentorAcceptedAt !== undefined;
    next.status = both ? 'accepted' : 'proposed';
    if (both) next.respondedAt = change.at;
  } else if (action === 'accept') {
    next.respondedAt = change.at;
  }
  return next;
}

/** When `side` accepted a proposal, if they have. */
export function acceptedAt(match: Match, side: MatchSide): string | undefined {
  return side === 'mentee' ? match.menteeAcceptedAt : match.mentorAcceptedAt;
}

/** Why an action on a match was refused, in plain words. */
export function describeMatch(match: Match): string {
  const kind = match.origin === 'automatic' ? 'proposal' : 'request';
  switch (match.status) {
    case 'requested':
      return 'This request has changed since this card was shown; here is the current version.';
    case 'proposed':
      return 'This proposal has changed since this card was shown; here is the current version.';
    case 'accepted':
    case 'active':
      return `This ${kind} has already been accepted.`;
    case 'declined':
      return `This ${kind} has already been declined.`;
    case 'expired':
      return `This ${kind} expired: the deadline to respond passed.`;
    case 'withdrawn':
      return 'This request was withdrawn by the mentee.';
    default:
      return `This match has ${match.status}.`;
  }
}

/**
 * SPEC §3.2 exclusions: the same person, any pair that already has a match of any status (matched, declined,
 * expired or withdrawn requests and proposals are not offered again), and any pair a coordinator barred.
 * `pairs` lists both the mentee's matches and the barred pairs.
 */
export function isExcludedPair(
  mentee: { personId: string; applicationId: string },
  mentor: { personId: string; applicationId: string },
  pairs: readonly Pick<Match, 'mentorApplicationId' | 'menteeApplicationId'>[],
): boolean {
  if (mentee.personId === mentor.personId) return true;
  return pairs.some(
    (m) => m.menteeApplicationId === mentee.applicationId && m.mentorApplicationId === mentor.applicationId,
  );
}

/** Whether a mentor's profile can take a new mentee now. */
export function hasFreeCapacity(profile: { paused: boolean; capacity: number; inUse: number }): boolean {
  return !profile.paused && profile.inUse < profile.capacity;
}

/** Statuses of an agreed match that has not finished. */
export const AGREED_MATCH_STATUSES: readonly MatchStatus[] = ['accepted', 'active'];

export const END_REASON_MAX = 500;

/**
 * A no-fault ending (SPEC §3.5): either person, or a coordinator, ends an agreed match at any time. The reason is
 * optional and private to coordinators. A stale card or a match that is not agreed (or already over) changes
 * nothing. Pure.
 */
export function endMatch(
  match: Match,
  change: { by: MatchSide | 'coordinator'; at: string; seenVersion: number; reason?: string },
): Match {
  if (!AGREED_MATCH_STATUSES.includes(match.status)) {
    throw new StaleError(
      match.status === 'ended' || match.status === 'completed'
        ? 'This match has already ended.'
        : 'This match is not agreed yet, so there is nothing to end: decline or withdraw it instead.',
    );
  }
  if (change.seenVersion !== match.version)
    throw new StaleError('This match changed since this card was shown; here it is as it is now. Nothing was ended.');
  const reason = change.reason?.trim() ?? '';
  if (reason.length > END_REASON_MAX)
    throw new ValidationError(`Keep the reason under ${END_REASON_MAX} characters; nothing was ended.`, {
      reason: `${reason.length} characters`,
    });
  return {
    ...match,
    status: 'ended',
    endedAt: change.at,
    endedBy: change.by,
    ...(reason ? { endReason: reason } : {}),
    version: match.version + 1,
    updatedAt: change.at,
  };
}

/** The match has had every session the programme allows: it is completed. Pure. */
export function completeMatch(match: Match, at: string): Match {
  if (!AGREED_MATCH_STATUSES.includes(match.status)) throw new StaleError('This match has already ended.');
  return { ...match, status: 'completed', endedAt: at, endedBy: 'system', version: match.version + 1, updatedAt: at };
}
