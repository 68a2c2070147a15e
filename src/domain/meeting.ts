import { ForbiddenError, StaleError, ValidationError } from './errors';
import type { Match } from './match';
import type { BankHolidayNation } from './programme';
import type { BusyInterval } from './slot-search';
import { isWorkingDay, londonDate, londonInstant, type BankHolidays } from './working-days';

/**
 * Meetings of a pair (SPEC §3.3). A meeting is `booking` while its calendar event is being created, then
 * `scheduled`; at its end it is `held` (and the mentor is asked to log it), or it is `cancelled`. A match has at
 * most one meeting booking or scheduled at a time, enforced by the database, so a double click or two people
 * choosing at once cannot make two events. Rescheduling moves the same meeting (and the same calendar event).
 */
export type MeetingStatus = 'booking' | 'scheduled' | 'held' | 'cancelled';

/** Statuses that hold the match's one upcoming meeting. */
export const UPCOMING_MEETING_STATUSES: readonly MeetingStatus[] = ['booking', 'scheduled'];

export type MeetingMode = 'virtual' | 'in-person';

export const MEETING_LIMITS = { location: 200 } as const;

/** A booking older than this is taken to have been interrupted (a crash between the calendar call and the write). */
export const BOOKING_STALE_MS = 2 * 60_000;

/** Match statuses in which a meeting may be scheduled, moved or cancelled. */
export const SCHEDULABLE_MATCH_STATUSES: readonly Match['status'][] = ['accepted', 'active'];

export interface Meeting {
  tenantId: string;
  id: string;
  programmeId: string;
  matchId: string;
  /** Whose calendar holds the event: the person who chose the slot. */
  organizerPersonId: string;
  attendeePersonId: string;
  start: string;
  end: string;
  mode: MeetingMode;
  location?: string;
  status: MeetingStatus;
  /** Which calendar holds it. */
  calendar: 'graph' | 'offline';
  eventId?: string;
  joinUrl?: string;
  webLink?: string;
  /** iCalendar SEQUENCE: raised on every change so calendar apps update the same entry. */
  sequence: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Whether `personId` is one of the match's two people. */
export function inPair(match: Match, personId: string): boolean {
  return match.menteePersonId === personId || match.mentorPersonId === personId;
}

/** The checks before offering, booking, moving or cancelling a meeting of `match`. */
export function checkMaySchedule(match: Match, personId: string): void {
  if (!inPair(match, personId)) throw new ForbiddenError('Only the two people of a match schedule its meetings.');
  if (!SCHEDULABLE_MATCH_STATUSES.includes(match.status)) {
    throw new StaleError(
      `This match is ${match.status === 'completed' || match.status === 'ended' ? 'over' : 'not agreed yet'}, so no meeting can be scheduled on it.`,
    );
  }
}

/** The chooser's mode and location, untrusted. */
export function validateMeetingChoice(input: { mode: unknown; location: unknown }): {
  mode: MeetingMode;
  location?: string;
} {
  const mode = input.mode === 'in-person' ? 'in-person' : input.mode === 'virtual' ? 'virtual' : undefined;
  const location = typeof input.location === 'string' ? input.location.trim() : '';
  const details: Record<string, string> = {};
  if (!mode) details.mode = 'Choose virtual or in person.';
  if (mode === 'in-person' && !location) details.location = 'Say where you will meet.';
  if (location.length > MEETING_LIMITS.location)
    details.location = `Keep the place under ${MEETING_LIMITS.location} characters.`;
  if (Object.keys(details).length > 0)
    throw new ValidationError('The meeting needs another look; nothing was booked.', details);
  return mode === 'in-person' ? { mode, location } : { mode: 'virtual' };
}

/** Whether `[start, end)` is clear of every busy interval of every calendar (a slot re-check before booking). */
export function isFree(
  calendars: readonly (readonly BusyInterval[])[],
  start: string,
  end: string,
  ignore: readonly { start: string; end: string }[] = [],
): boolean {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const ignored = (b: BusyInterval) =>
    ignore.some((i) => Date.parse(i.start) === toMs(b.start) && Date.parse(i.end) === toMs(b.end));
  return calendars.every((busy) => busy.every((b) => ignored(b) || toMs(b.end) <= s || toMs(b.start) >= e));
}

function toMs(i: number | string): number {
  return typeof i === 'number' ? i : Date.parse(i);
}

/** How far ahead a meeting may be booked (Graph's free/busy reads at most 62 days a call). */
export const BOOKING_HORIZON_DAYS = 62;

/**
 * Whether a meeting may start at `start` (untrusted: it comes back on a card): in the future, within the booking
 * horizon, on a working day of the programme's nation, and wholly inside its London working hours. Returns the
 * end instant, or throws a ValidationError saying why not.
 */
export function checkBookable(
  start: unknown,
  rules: {
    now: string;
    meetingLengthMinutes: number;
    workingHours: { start: string; end: string };
    nation: BankHolidayNation;
    holidays: BankHolidays;
  },
): { start: string; end: string } {
  const ms = typeof start === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(start) ? Date.parse(start) : NaN;
  if (Number.isNaN(ms)) throw new ValidationError('That time could not be read.');
  const now = Date.parse(rules.now);
  if (ms <= now) throw new ValidationError('That time has passed.');
  if (ms > now + BOOKING_HORIZON_DAYS * 86_400_000)
    throw new ValidationError(`Meetings can be booked up to ${BOOKING_HORIZON_DAYS} days ahead.`);
  const iso = new Date(ms).toISOString();
  const end = new Date(ms + rules.meetingLengthMinutes * 60_000).toISOString();
  const date = londonDate(iso);
  if (!isWorkingDay(date, rules.nation, rules.holidays))
    throw new ValidationError('That day is not a working day for this programme.');
  if (iso < londonInstant(date, rules.workingHours.start) || end > londonInstant(date, rules.workingHours.end)) {
    throw new ValidationError(
      `Meetings are booked inside working hours, ${rules.workingHours.start} to ${rules.workingHours.end} London time.`,
    );
  }
  return { start: iso, end };
}
