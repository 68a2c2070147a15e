import { StaleError, ValidationError } from './errors';

/**
 * An automatic matching run (SPEC §3.2): the engine's proposal for the programme's pool of
 * unmatched approved mentees, which a coordinator reviews (removing pairs if they wish) and then publishes or
 * discards. `draft → published | discarded | superseded`; a newer run supersedes an older draft, so at most one
 * draft per programme can be published.
 */
export type RunStatus = 'draft' | 'published' | 'discarded' | 'superseded';

/** One pair the engine proposed, by application id; `removed` when a coordinator took it out. */
export interface ProposedPair {
  menteeApplicationId: string;
  mentorApplicationId: string;
  score: number;
  reasons: string[];
  removed: boolean;
  /** Removed and barred: these two are never proposed or offered to each other again (SPEC §3.2). */
  barred?: boolean;
}

/** A pair a coordinator barred from ever being matched (SPEC §3.2 exclusions). */
export interface BarredPair {
  tenantId: string;
  programmeId: string;
  menteeApplicationId: string;
  mentorApplicationId: string;
  barredBy: string;
  barredAt: string;
}

/** A pair that could not be published because something changed after the run, and why. */
export interface SkippedPair {
  menteeApplicationId: string;
  mentorApplicationId: string;
  reason: string;
}

export interface MatchingRun {
  tenantId: string;
  id: string;
  programmeId: string;
  status: RunStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Proposed pairs, best score first. */
  pairs: ProposedPair[];
  /** Mentees the engine left unmatched, with the reason in plain words. */
  unmatched: { menteeApplicationId: string; reason: string }[];
  /** The pool the engine saw: mentees, mentors with a free place, and their free places. */
  pool: { mentees: number; mentors: number; places: number };
  /** Whether the optimality certificate was checked over every allowed pair and held. */
  certified: boolean;
  publishedBy?: string;
  publishedAt?: string;
  /** After publishing: how many matches were created, and the pairs that could not be. */
  outcome?: { published: number; skipped: SkippedPair[] };
}

/** Pairs the coordinator kept. */
export function keptPairs(run: MatchingRun): ProposedPair[] {
  return run.pairs.filter((p) => !p.removed);
}

/** Why a run seen at `seenVersion` can no longer be changed, or undefined when it can. */
function staleReason(run: MatchingRun, seenVersion: number): string | undefined {
  switch (run.status) {
    case 'published':
      return 'This proposal has already been published, so it can no longer be changed.';
    case 'discarded':
      return 'This proposal was discarded. Run automatic matching again for a new one.';
    case 'superseded':
      return 'A newer automatic matching run replaced this proposal. Use the newest proposal card.';
    default:
      return run.version === seenVersion
        ? undefined
        : 'This proposal changed since this card was shown; here is the current version.';
  }
}

function assertDraft(run: MatchingRun, seenVersion: number): void {
  const reason = staleReason(run, seenVersion);
  if (reason) throw new StaleError(reason);
}

/**
 * Removes (optionally barring for good) or puts back the pair of one mentee. Pure; refuses a stale card, a mentee
 * not in the proposal, and putting back a barred pair.
 */
export function setPairRemoved(
  run: MatchingRun,
  menteeApplicationId: string,
  removed: boolean,
  change: { seenVersion: number; at: string; bar?: boolean },
): MatchingRun {
  assertDraft(run, change.seenVersion);
  const index = run.pairs.findIndex((p) => p.menteeApplicationId === menteeApplicationId);
  if (index < 0) throw new ValidationError('That pair is not part of this proposal, so nothing was changed.');
  const pair = run.pairs[index];
  if (!removed && pair.barred)
    throw new ValidationError('That pair was barred, so it cannot be put back. Run matching again for a new proposal.');
  if (pair.removed === removed)
    throw new StaleError(removed ? 'That pair is already removed.' : 'That pair is already in the proposal.');
  const changed: ProposedPair = removed && change.bar ? { ...pair, removed, barred: true } : { ...pair, removed };
  const pairs = run.pairs.map((p, i) => (i === index ? changed : p));
  return { ...run, pairs, version: run.version + 1, updatedAt: change.at };
}

/** Marks a draft published (the pairs themselves become matches in the same transaction). Pure. */
export function publishRun(run: MatchingRun, change: { seenVersion: number; at: string; by: string }): MatchingRun {
  assertDraft(run, change.seenVersion);
  if (keptPairs(run).length === 0)
    throw new ValidationError(
      'Every pair has been removed, so there is nothing to publish. Put a pair back or discard the proposal.',
    );
  return {
    ...run,
    status: 'published',
    version: run.version + 1,
    updatedAt: change.at,
    publishedBy: change.by,
    publishedAt: change.at,
  };
}

/** Discards a draft (a newer run does the same with `superseded`). Pure. */
export function closeRun(
  run: MatchingRun,
  status: 'discarded' | 'superseded',
  change: { seenVersion: number; at: string },
): MatchingRun {
  assertDraft(run, change.seenVersion);
  return { ...run, status, version: run.version + 1, updatedAt: change.at };
}
