import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency, ICalAttendeeRole } from 'ical-generator';
import { DateTime } from 'luxon';

/** The zone every meeting is written in: the programmes run in NHS organisations in the UK. */
export const ICS_TIME_ZONE = 'Europe/London';

/** Suffix of every UID, so ours never collide with another calendar's. */
const UID_DOMAIN = 'img-mentoring';

/** One person on the file. Without an email address they are named in the description only. */
export interface IcsPerson {
  name: string;
  email?: string;
}

/** One meeting of a mentoring pair, as the offline calendar offers it for download. */
export interface IcsMeeting {
  /** Our meeting id; the UID is derived from it, so every version of the file updates one calendar entry. */
  meetingId: string;
  /** Starts at 0 and goes up by one on each reschedule or cancellation (RFC 5545 SEQUENCE). */
  sequence: number;
  status: 'scheduled' | 'cancelled';
  /** ISO UTC instants, `[start, end)`. */
  start: string;
  end: string;
  summary: string;
  /** Plain text. Never contains session notes. */
  description: string;
  organizer: IcsPerson;
  attendee: IcsPerson;
  mode: 'virtual' | 'in-person';
  /** For an in-person meeting: where, as the organiser typed it. */
  location?: string;
  /** When the file is made (DTSTAMP). */
  now: Date | string;
}

/**
 * The iTIP method (RFC 5546) a file for this meeting carries: REQUEST, or CANCEL once cancelled, when both
 * people's addresses are known. A REQUEST or CANCEL without ORGANIZER and ATTENDEE is invalid and addresses are
 * never invented, so otherwise the file has no METHOD: a plain iCalendar entry that calendars import, whose
 * STATUS and SEQUENCE still say when it was moved or cancelled.
 */
export function icsMethod(
  meeting: Pick<IcsMeeting, 'status' | 'organizer' | 'attendee'>,
): 'REQUEST' | 'CANCEL' | undefined {
  if (!meeting.organizer.email || !meeting.attendee.email) return undefined;
  return meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
}

/** The stable UID of a meeting's calendar entry. */
export function icsUid(meetingId: string): string {
  return `${meetingId}@${UID_DOMAIN}`;
}

/**
 * The iCalendar file (RFC 5545, CRLF lines folded at 75 octets) for one meeting: a VTIMEZONE for Europe/London,
 * DTSTART/DTEND in London wall-clock time with that TZID, DTSTAMP in UTC, STATUS CONFIRMED or CANCELLED, and
 * METHOD as {@link icsMethod} decides. ORGANIZER and ATTENDEE appear only for a person whose address is known.
 * The same UID with a higher SEQUENCE makes calendar apps update or cancel the entry they already have.
 * @throws RangeError when a time is not a valid instant or the meeting ends before it starts.
 */
export function buildMeetingIcs(meeting: IcsMeeting): string {
  const start = instant(meeting.start, 'start');
  const end = instant(meeting.end, 'end');
  if (end <= start) throw new RangeError('An iCalendar meeting must end after it starts.');
  if (!Number.isInteger(meeting.sequence) || meeting.sequence < 0)
    throw new RangeError('An iCalendar SEQUENCE is a whole number from 0.');
  const now = typeof meeting.now === 'string' ? new Date(meeting.now) : meeting.now;
  if (Number.isNaN(now.getTime())) throw new RangeError('An iCalendar DTSTAMP must be a valid instant.');

  const method = icsMethod(meeting);
  const cal = ical({
    prodId: { company: 'IMG Peer Mentoring', product: 'Meetings', language: 'EN' },
    method: method === undefined ? null : ICalCalendarMethod[method],
  });
  // A calendar-level timezone name makes ical-generator write DTSTAMP without its Z: only the generator is set
  // here, and the zone goes on the event.
  cal.timezone({ name: null, generator: getVtimezoneComponent });

  const cancelled = meeting.status === 'cancelled';
  const { organizer, attendee } = meeting;
  cal.createEvent({
    id: icsUid(meeting.meetingId),
    sequence: meeting.sequence,
    stamp: now,
    // Luxon values, not Dates: for a Date ical-generator reads the wall-clock time in the process's own zone.
    start: start.setZone(ICS_TIME_ZONE),
    end: end.setZone(ICS_TIME_ZONE),
    timezone: ICS_TIME_ZONE,
    summary: meeting.summary,
    description: meeting.description,
    ...(meeting.mode === 'in-person' && meeting.location?.trim() ? { location: meeting.location.trim() } : {}),
    ...(organizer.email ? { organizer: { name: organizer.name, email: organizer.email } } : {}),
    ...(attendee.email
      ? { attendees: [{ name: attendee.name, email: attendee.email, role: ICalAttendeeRole.REQ, rsvp: !cancelled }] }
      : {}),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // A cancelled meeting no longer blocks the time.
    transparency: cancelled ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
  });
  return cal.toString();
}

function instant(iso: string, what: string): DateTime {
  const value = DateTime.fromISO(iso, { zone: 'utc' });
  if (!value.isValid) throw new RangeError(`An iCalendar meeting ${what} must be an ISO instant.`);
  return value;
}
