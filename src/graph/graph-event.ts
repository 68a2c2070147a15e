import { createHash } from 'node:crypto';
import { CalendarError, type CalendarEvent, type CalendarEventRequest } from '../services/calendar.port';

/**
 * The Graph event bodies for create and update, and how a created event is read back. Times go out as
 * `{ dateTime, timeZone: 'UTC' }` (Graph's dateTimeTimeZone has no offset of its own).
 */

/** Fixed namespace of our transaction ids; changing it would let a retry after a deploy create a second event. */
const TRANSACTION_NAMESPACE = '3f2c6a1e-8b4d-4e7a-9c1f-5d6e7f809a1b';

/**
 * A name-based (version 5) UUID of `name` in `namespace` (RFC 9562): the same meeting always gets the same
 * id, and ids of different meetings look unrelated.
 */
export function uuidV5(name: string, namespace = TRANSACTION_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new RangeError('The namespace must be a UUID');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Graph's `transactionId` for a meeting. Graph's RetryHandler re-sends a throttled POST, and the flow may
 * retry a create that timed out; with the same transactionId Graph keeps one event. Graph wants a string
 * and recommends a GUID, so the meeting id is hashed into one rather than sent as is.
 */
export function transactionIdFor(meetingId: string): string {
  return uuidV5(`event:${meetingId}`);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of an ISO instant with its zone; a zoneless time would be read in the server's zone. */
export function instantMs(value: string, what: string): number {
  const ms = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms))
    throw new RangeError(`${what} is not an ISO instant with a zone: ${String(value).slice(0, 40)}`);
  return ms;
}

/** Graph's dateTimeTimeZone for an instant, in UTC. */
export function utcDateTime(ms: number): { dateTime: string; timeZone: 'UTC' } {
  return { dateTime: new Date(ms).toISOString().slice(0, -1), timeZone: 'UTC' };
}

function times(request: CalendarEventRequest): {
  start: ReturnType<typeof utcDateTime>;
  end: ReturnType<typeof utcDateTime>;
} {
  const start = instantMs(request.start, 'The meeting start');
  const end = instantMs(request.end, 'The meeting end');
  if (end <= start) throw new RangeError(`The meeting must end after it starts: ${request.start}–${request.end}`);
  return { start: utcDateTime(start), end: utcDateTime(end) };
}

/**
 * Where and how: a virtual meeting asks Graph for a Teams meeting; an in-person one names the place. Graph
 * ignores `isOnlineMeeting: false` once an event has a Teams meeting, so a move to in-person keeps the link.
 */
function placeAndMode(request: CalendarEventRequest): Record<string, unknown> {
  if (request.mode === 'virtual') return { isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' };
  return { isOnlineMeeting: false, location: { displayName: request.location?.trim() ?? '' } };
}

/** The body of `POST /users/{organizer}/events`. */
export function createEventBody(request: CalendarEventRequest, attendeeEmail: string): Record<string, unknown> {
  return {
    subject: request.subject,
    body: { contentType: 'text', content: request.body },
    ...times(request),
    attendees: [{ emailAddress: { address: attendeeEmail, name: request.attendee.name }, type: 'required' }],
    ...placeAndMode(request),
    allowNewTimeProposals: false,
    transactionId: transactionIdFor(request.meetingId),
  };
}

/** The body of `PATCH /users/{organizer}/events/{id}`: new times, place and mode (the attendee stays). */
export function updateEventBody(request: CalendarEventRequest): Record<string, unknown> {
  return {
    subject: request.subject,
    body: { contentType: 'text', content: request.body },
    ...times(request),
    ...placeAndMode(request),
  };
}

/** Reads the event Graph answered with; an answer without an id is not an event we could ever change. */
export function readEvent(answer: unknown): CalendarEvent {
  const event = (answer ?? {}) as { id?: unknown; webLink?: unknown; onlineMeeting?: { joinUrl?: unknown } | null };
  if (typeof event.id !== 'string' || event.id === '') {
    throw new CalendarError('unavailable', 'Microsoft Graph answered without an event id');
  }
  const joinUrl = event.onlineMeeting?.joinUrl;
  return {
    eventId: event.id,
    ...(typeof joinUrl === 'string' && joinUrl !== '' ? { joinUrl } : {}),
    ...(typeof event.webLink === 'string' && event.webLink !== '' ? { webLink: event.webLink } : {}),
  };
}
