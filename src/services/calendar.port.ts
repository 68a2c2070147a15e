import type { BusyInterval } from '../domain/slot-search';

/**
 * The calendar the meetings flow needs (SPEC §3.3). Two adapters implement it: Microsoft Graph (Outlook
 * calendars, with a Teams meeting link) and the offline calendar (events kept in our database and offered as
 * an .ics file), which is the local default and the fallback where a tenant has not consented to Graph.
 */

/** One person as the calendar addresses them: the Entra object id, and the mailbox address when known. */
export interface CalendarPerson {
  /** Entra object id (our person id). Graph's `/users/{id}` takes it directly. */
  personId: string;
  /** SMTP address or user principal name; Graph's getSchedule needs it. */
  email?: string;
  name: string;
}

/** The tenant a call is for: Graph takes a token per customer tenant. */
export interface CalendarTenant {
  /** Our tenant id (the offline calendar's scope). */
  tenantId: string;
  /** The Entra tenant id (Graph's token authority). */
  entraTenantId: string;
}

/** A meeting to put on the organiser's calendar with the other person invited. */
export interface CalendarEventRequest {
  /** Our meeting id: stable, so a retried create can be recognised (Graph's `transactionId`). */
  meetingId: string;
  organizer: CalendarPerson;
  attendee: CalendarPerson;
  /** Shown on both calendars. Never contains session notes. */
  subject: string;
  /** Plain text; never contains session notes. */
  body: string;
  /** ISO UTC instants, `[start, end)`. */
  start: string;
  end: string;
  mode: 'virtual' | 'in-person';
  /** For an in-person meeting: where, as the organiser typed it. */
  location?: string;
}

/** The event as the calendar stored it. */
export interface CalendarEvent {
  /** The calendar's own id of the event (Graph's event id on the organiser's calendar). */
  eventId: string;
  /** The Teams join link of a virtual meeting. An adapter never returns a virtual event without one. */
  joinUrl?: string;
  /** A link to open the event in Outlook on the web, when the calendar has one. */
  webLink?: string;
}

/** Why a calendar call failed, so the flow can say something useful and decide whether to retry. */
export type CalendarFailure =
  /** The app may not read or write this mailbox (no admin consent, or Exchange RBAC scopes it out). */
  | 'forbidden'
  /** The user or event does not exist (left the organisation, or the event was deleted in Outlook). */
  | 'not-found'
  /** Throttled beyond the retries the adapter makes. */
  | 'throttled'
  /** No answer in time. */
  | 'timeout'
  /** A virtual meeting came back without a Teams join link (for example, an unlicensed user). */
  | 'no-join-link'
  /** We do not know the person's mailbox address, which free/busy needs. */
  | 'no-mailbox'
  /** Anything else on the calendar's side (5xx, refused connection). */
  | 'unavailable';

/** A failed calendar call. The message is safe to log and carries no meeting text. */
export class CalendarError extends Error {
  constructor(
    readonly failure: CalendarFailure,
    message: string,
    /** The HTTP status the calendar answered, when there was one. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

/** A calendar: free/busy for a few people, and one event per meeting that is created, moved or cancelled. */
export interface CalendarPort {
  /** `graph` or `offline`: the card says where the meeting went and whether an .ics file is offered. */
  readonly kind: 'graph' | 'offline';
  /**
   * Busy time of each person over `[from, to)` (ISO UTC), in the order given. Free time is left out. `asker` is
   * the person on whose behalf the service asks (Graph calls getSchedule on that user's calendar).
   */
  freeBusy(
    tenant: CalendarTenant,
    asker: CalendarPerson,
    people: readonly CalendarPerson[],
    from: string,
    to: string,
  ): Promise<BusyInterval[][]>;
  /** Creates the event on the organiser's calendar, inviting the attendee. Creating the same meetingId twice makes one event. */
  create(tenant: CalendarTenant, request: CalendarEventRequest): Promise<CalendarEvent>;
  /** Moves or changes the event `eventId` (same organiser); the attendee's copy follows. */
  update(tenant: CalendarTenant, eventId: string, request: CalendarEventRequest): Promise<CalendarEvent>;
  /** Cancels the event, telling the attendee; cancelling an event that is already gone succeeds. */
  cancel(tenant: CalendarTenant, eventId: string, organizer: CalendarPerson, comment: string): Promise<void>;
}
