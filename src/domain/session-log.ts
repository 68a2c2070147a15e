import { TOPICS } from './catalogue';
import { ConflictError, ForbiddenError, StaleError, ValidationError } from './errors';
import type { Match, MatchSide } from './match';
import { DATE_ONLY } from './london-time';

/**
 * Session logs (SPEC §3.4): the mentor's record of one meeting of a pair. The facts (date, length, mode,
 * topics) are the programme's; action points are the pair's; the mentor's private notes are the mentor's
 * alone; the mentee's notes are the mentee's unless they share them with the mentor. Coordinators see the
 * facts only. Visibility is decided here, once, by {@link sessionFor}.
 */

export type SessionMode = 'virtual' | 'in-person';

export const SESSION_MODES: readonly { value: SessionMode; title: string }[] = [
  { value: 'virtual', title: 'Virtual (Teams or phone)' },
  { value: 'in-person', title: 'In person' },
];

/** Bounds on what people type, checked on the card and again here. */
export const SESSION_LIMITS = { actionPoints: 2_000, notes: 4_000, minMinutes: 5, maxMinutes: 12 * 60 } as const;

/** Match statuses in which a session may be logged: agreed and not yet over. */
export const LOGGABLE_MATCH_STATUSES: readonly Match['status'][] = ['accepted', 'active'];

export interface SessionLog {
  tenantId: string;
  id: string;
  programmeId: string;
  matchId: string;
  /** Session k of the match, from 1; unique per match, so two racing logs cannot both take the same number. */
  number: number;
  /** The scheduled meeting it records, if any: a meeting is logged at most once. */
  meetingId?: string;
  /** The London calendar date it was held on. */
  heldOn: string;
  durationMinutes: number;
  mode: SessionMode;
  topics: string[];
  /** The pair's: both see them; coordinators never do. */
  actionPoints: string;
  /** The mentor's alone. */
  mentorNotes: string;
  /** The mentee's alone, unless shared. */
  menteeNotes: string;
  menteeNotesShared: boolean;
  loggedBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What the mentor's form carries, untrusted. */
export interface SessionLogInput {
  heldOn: unknown;
  durationMinutes: unknown;
  mode: unknown;
  topics: unknown;
  actionPoints: unknown;
  mentorNotes: unknown;
}

export type SessionFields = Pick<
  SessionLog,
  'heldOn' | 'durationMinutes' | 'mode' | 'topics' | 'actionPoints' | 'mentorNotes'
>;

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * Checks what the mentor typed against the calendar (`today`, a London date: a session cannot be logged for a
 * future day) and the bounds above; returns the cleaned fields or throws a ValidationError naming each problem.
 */
export function validateSessionLog(input: SessionLogInput, today: string, matchSince: string): SessionFields {
  const details: Record<string, string> = {};
  const heldOn = text(input.heldOn);
  if (!DATE_ONLY.test(heldOn) || Number.isNaN(Date.parse(`${heldOn}T00:00:00Z`)))
    details.heldOn = 'Give the date the session was held.';
  else if (heldOn > today) details.heldOn = 'That date is in the future: log a session once it has happened.';
  else if (heldOn < matchSince) details.heldOn = 'That date is before this match began.';
  const minutes =
    typeof input.durationMinutes === 'number' ? input.durationMinutes : Number(text(input.durationMinutes));
  if (!Number.isInteger(minutes) || minutes < SESSION_LIMITS.minMinutes || minutes > SESSION_LIMITS.maxMinutes) {
    details.durationMinutes = `Give the length in whole minutes, from ${SESSION_LIMITS.minMinutes} to ${SESSION_LIMITS.maxMinutes} (12 hours).`;
  }
  const mode = SESSION_MODES.find((m) => m.value === input.mode)?.value;
  if (!mode) details.mode = 'Say whether you met in person or virtually.';
  const rawTopics = Array.isArray(input.topics) ? input.topics : text(input.topics).split(',').filter(Boolean);
  const topics = [...new Set(rawTopics.map((t) => String(t).trim()))];
  if (topics.some((t) => !TOPICS.some((c) => c.value === t))) details.topics = 'Choose topics from the list.';
  const actionPoints = text(input.actionPoints);
  if (actionPoints.length > SESSION_LIMITS.actionPoints)
    details.actionPoints = `Keep action points under ${SESSION_LIMITS.actionPoints} characters (these are ${actionPoints.length}).`;
  const mentorNotes = text(input.mentorNotes);
  if (mentorNotes.length > SESSION_LIMITS.notes)
    details.mentorNotes = `Keep notes under ${SESSION_LIMITS.notes} characters (these are ${mentorNotes.length}).`;
  if (Object.keys(details).length > 0)
    throw new ValidationError('Some answers need another look; nothing was logged.', details);
  return { heldOn, durationMinutes: minutes, mode: mode!, topics, actionPoints, mentorNotes };
}

/**
 * Whether the mentor may log another session on `match` now, having `logged` sessions already, under a cap of
 * `cap` per match. Throws the reason otherwise: a session is logged by the match's mentor, on a match that is
 * agreed and not over, and never past the cap.
 */
export function checkMayLog(match: Match, personId: string, logged: number, cap: number): void {
  if (match.mentorPersonId !== personId)
    throw new ForbiddenError(
      'Only the mentor of this match logs its sessions; the mentee can add their own notes to a logged session.',
    );
  if (match.status === 'completed')
    throw new ConflictError('This match is complete: every session the programme allows is logged.');
  if (!LOGGABLE_MATCH_STATUSES.includes(match.status))
    throw new StaleError(
      `This match is ${match.status === 'ended' ? 'over' : 'not agreed yet'}, so no session can be logged on it.`,
    );
  if (logged >= cap)
    throw new ConflictError(`All ${cap} sessions of this match are logged: the programme allows ${cap} per match.`);
}

/** The mentee's notes, as typed on their card. */
export function validateMenteeNotes(input: { notes: unknown; shared: unknown }): {
  menteeNotes: string;
  menteeNotesShared: boolean;
} {
  const notes = text(input.notes);
  if (notes.length > SESSION_LIMITS.notes)
    throw new ValidationError('Your notes are too long; nothing was saved.', {
      notes: `Keep notes under ${SESSION_LIMITS.notes} characters (these are ${notes.length}).`,
    });
  if (typeof input.shared !== 'boolean')
    throw new ValidationError('Say whether to share your notes with your mentor.', {
      shared: 'Choose whether to share.',
    });
  return { menteeNotes: notes, menteeNotesShared: input.shared };
}

/** Who is looking at a session: one of the pair, or a coordinator of the programme. */
export type SessionViewer = MatchSide | 'coordinator';

/** A session as one viewer may see it: fields they may not see are absent, not blank. */
export interface VisibleSession {
  id: string;
  matchId: string;
  number: number;
  meetingId?: string;
  heldOn: string;
  durationMinutes: number;
  mode: SessionMode;
  topics: string[];
  version: number;
  actionPoints?: string;
  mentorNotes?: string;
  menteeNotes?: string;
  /** For the mentee: whether their notes are shared. */
  menteeNotesShared?: boolean;
}

/**
 * SPEC §8, row by row: the facts are everyone's here; action points the pair's; the mentor's private notes the
 * mentor's; the mentee's notes the mentee's, and the mentor's only when shared. Coordinators get the facts.
 */
export function sessionFor(log: SessionLog, viewer: SessionViewer): VisibleSession {
  const facts: VisibleSession = {
    id: log.id,
    matchId: log.matchId,
    number: log.number,
    meetingId: log.meetingId,
    heldOn: log.heldOn,
    durationMinutes: log.durationMinutes,
    mode: log.mode,
    topics: [...log.topics],
    version: log.version,
  };
  if (viewer === 'coordinator') return facts;
  if (viewer === 'mentor')
    return {
      ...facts,
      actionPoints: log.actionPoints,
      mentorNotes: log.mentorNotes,
      ...(log.menteeNotesShared && log.menteeNotes ? { menteeNotes: log.menteeNotes } : {}),
    };
  return {
    ...facts,
    actionPoints: log.actionPoints,
    menteeNotes: log.menteeNotes,
    menteeNotesShared: log.menteeNotesShared,
  };
}

/** "Session 2 of 4". */
export function sessionOf(number: number, cap: number): string {
  return `Session ${number} of ${cap}`;
}
