import type { Client } from '@microsoft/microsoft-graph-client';
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import type { BusyInterval, BusyKind } from '../domain/slot-search';
import {
  CalendarError,
  type CalendarEvent,
  type CalendarEventRequest,
  type CalendarPerson,
  type CalendarPort,
  type CalendarTenant,
} from '../services/calendar.port';
import { checkTransport, graphClient, type GraphTransport } from './graph-client';
import { calendarError, isNotFound } from './graph-errors';
import { createEventBody, instantMs, readEvent, updateEventBody, utcDateTime } from './graph-event';
import {
  busyOf,
  chunks,
  MAX_SCHEDULES_PER_CALL,
  scheduleError,
  toBusyIntervals,
  windows,
  type ScheduleInformation,
} from './graph-schedule';

/**
 * The calendar port on Microsoft Graph with application permissions (docs/calendar-graph.md): free/busy from
 * getSchedule, and one Outlook event per meeting on the organiser's calendar, with a Teams link when virtual.
 */

/** How the Graph calendar signs in and reaches Graph. Either `credentialFor`, or `clientId` and `clientSecret`. */
export interface GraphCalendarOptions {
  /** Application (client) id of the multi-tenant Graph app registration. */
  clientId?: string;
  clientSecret?: string;
  /**
   * The credential for one customer tenant (its Entra tenant id is the token authority). Default: a
   * ClientSecretCredential for `clientId` and `clientSecret` in that tenant. Tests pass a fake.
   */
  credentialFor?: (entraTenantId: string) => TokenCredential;
  /** Graph's root, https only. Default `https://graph.microsoft.com`. */
  baseUrl?: string;
  /** Default: the global fetch. Tests send to a loopback double. */
  fetch?: typeof fetch;
  /** One attempt's timeout, in milliseconds. Default 10000. */
  timeoutMs?: number;
  /** Retries of 429, 503 and 504, honouring Retry-After. Default 3. */
  maxRetries?: number;
  /** Seconds before a retry when Graph sends no Retry-After. Default 3. */
  retryDelaySeconds?: number;
  /** A longer Retry-After fails at once as throttled rather than holding the caller. Default 30. */
  maxRetryAfterSeconds?: number;
  /** getSchedule's availabilityViewInterval in minutes (5–1440). Default 15, the slot grid. */
  availabilityViewIntervalMinutes?: number;
}

/** Graph's own time zone answers follow this header; we always ask for UTC. */
const PREFER_UTC = 'outlook.timezone="UTC"';
const TENANT_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/i;

const segment = (id: string): string => encodeURIComponent(id);

/** The Graph adapter of CalendarPort. Build it with {@link createGraphCalendar}. */
export class GraphCalendar implements CalendarPort {
  readonly kind = 'graph' as const;
  private readonly clients = new Map<string, Client>();

  constructor(
    private readonly credentialFor: (entraTenantId: string) => TokenCredential,
    private readonly transport: GraphTransport,
    private readonly intervalMinutes: number,
  ) {}

  async freeBusy(
    tenant: CalendarTenant,
    asker: CalendarPerson,
    people: readonly CalendarPerson[],
    from: string,
    to: string,
  ): Promise<BusyInterval[][]> {
    const emails = people.map((p) => {
      const email = p.email?.trim();
      if (!email)
        throw new CalendarError(
          'no-mailbox',
          `No mailbox address is known for person ${p.personId}, and free/busy needs one`,
        );
      return email.toLowerCase();
    });
    const start = instantMs(from, 'The start of the free/busy window');
    const end = instantMs(to, 'The end of the free/busy window');
    if (end <= start || people.length === 0) return people.map(() => []);
    const client = this.clientFor(tenant);
    const found = new Map<string, { start: number; end: number; kind: BusyKind }[]>();
    const owner = new Map<string, string>();
    emails.forEach((email, i) => owner.has(email) || owner.set(email, people[i]!.personId));
    for (const batch of chunks([...owner.keys()], MAX_SCHEDULES_PER_CALL)) {
      for (const window of windows(start, end)) {
        const value = await this.getSchedule(client, asker, batch, window);
        batch.forEach((email, i) => {
          const info =
            value.find((v) => v.scheduleId?.toLowerCase() === email) ??
            (value.length === batch.length ? value[i] : undefined);
          if (!info)
            throw new CalendarError(
              'unavailable',
              `Free/busy of person ${owner.get(email)}: Microsoft Graph answered without their schedule`,
            );
          if (info.error) throw scheduleError(owner.get(email)!, info.error);
          found.set(email, [...(found.get(email) ?? []), ...busyOf(info, window, this.intervalMinutes)]);
        });
      }
    }
    return emails.map((email) => toBusyIntervals(found.get(email) ?? []));
  }

  private async getSchedule(
    client: Client,
    asker: CalendarPerson,
    schedules: string[],
    window: { start: number; end: number },
  ): Promise<ScheduleInformation[]> {
    const what = `Free/busy asked by person ${asker.personId} for ${schedules.length} people`;
    try {
      const answer = (await client
        .api(`/users/${segment(asker.personId)}/calendar/getSchedule`)
        .header('Prefer', PREFER_UTC)
        .post({
          schedules,
          startTime: utcDateTime(window.start),
          endTime: utcDateTime(window.end),
          availabilityViewInterval: this.intervalMinutes,
        })) as { value?: ScheduleInformation[] };
      if (!Array.isArray(answer?.value))
        throw new CalendarError('unavailable', `${what}: Microsoft Graph answered without schedules`);
      return answer.value;
    } catch (e) {
      throw calendarError(e, what, this.transport.timeoutMs);
    }
  }

  async create(tenant: CalendarTenant, request: CalendarEventRequest): Promise<CalendarEvent> {
    const attendee = request.attendee.email?.trim();
    if (!attendee)
      throw new CalendarError(
        'no-mailbox',
        `No mailbox address is known for person ${request.attendee.personId}, so they cannot be invited`,
      );
    const body = createEventBody(request, attendee);
    const client = this.clientFor(tenant);
    const what = `Creating the event of meeting ${request.meetingId}`;
    let event: CalendarEvent;
    try {
      event = readEvent(
        await client
          .api(`/users/${segment(request.organizer.personId)}/events`)
          .header('Prefer', PREFER_UTC)
          .post(body),
      );
    } catch (e) {
      throw calendarError(e, what, this.transport.timeoutMs);
    }
    if (request.mode === 'virtual' && !event.joinUrl) {
      const removed = await this.discard(client, request.organizer, event.eventId);
      throw new CalendarError(
        'no-join-link',
        `${what}: Microsoft Graph made no Teams meeting (the organiser may have no Teams licence); ` +
          (removed
            ? 'the half-created event was deleted'
            : `the half-created event ${event.eventId} could not be deleted and must be removed from the organiser's calendar`),
      );
    }
    return event;
  }

  /** Deletes an event we will not use (Graph tells the attendees); true when it is gone. Never throws. */
  private async discard(client: Client, organizer: CalendarPerson, eventId: string): Promise<boolean> {
    try {
      await client.api(`/users/${segment(organizer.personId)}/events/${segment(eventId)}`).delete();
      return true;
    } catch (e) {
      return isNotFound(e);
    }
  }

  async update(tenant: CalendarTenant, eventId: string, request: CalendarEventRequest): Promise<CalendarEvent> {
    const body = updateEventBody(request);
    const client = this.clientFor(tenant);
    const what = `Moving the event of meeting ${request.meetingId}`;
    let event: CalendarEvent;
    try {
      event = readEvent(
        await client
          .api(`/users/${segment(request.organizer.personId)}/events/${segment(eventId)}`)
          .header('Prefer', PREFER_UTC)
          .patch(body),
      );
    } catch (e) {
      throw calendarError(e, what, this.transport.timeoutMs);
    }
    if (request.mode === 'virtual' && !event.joinUrl) {
      throw new CalendarError(
        'no-join-link',
        `${what}: the event moved, but Microsoft Graph gave it no Teams meeting (the organiser may have no Teams licence)`,
      );
    }
    return event;
  }

  async cancel(tenant: CalendarTenant, eventId: string, organizer: CalendarPerson, comment: string): Promise<void> {
    const client = this.clientFor(tenant);
    try {
      await client.api(`/users/${segment(organizer.personId)}/events/${segment(eventId)}/cancel`).post({ comment });
    } catch (e) {
      if (isNotFound(e)) return;
      throw calendarError(e, `Cancelling event ${eventId}`, this.transport.timeoutMs);
    }
  }

  /** The tenant's client, made once: its credential caches the tenant's token until it expires. */
  private clientFor(tenant: CalendarTenant): Client {
    const id = tenant.entraTenantId?.trim().toLowerCase() ?? '';
    if (!TENANT_ID.test(id)) {
      throw new CalendarError(
        'forbidden',
        `Tenant ${tenant.tenantId} has no Entra tenant id on record, so Microsoft Graph cannot be asked on its behalf`,
      );
    }
    let client = this.clients.get(id);
    if (!client) {
      client = graphClient(this.credentialFor(id), this.transport);
      this.clients.set(id, client);
    }
    return client;
  }
}

/**
 * The Graph calendar. Give `clientId` and `clientSecret` of the multi-tenant Graph app registration (each
 * customer tenant consents to it), or a `credentialFor` factory (a certificate credential, or a fake in tests).
 */
export function createGraphCalendar(options: GraphCalendarOptions): GraphCalendar {
  const { clientId, clientSecret } = options;
  let credentialFor = options.credentialFor;
  if (!credentialFor) {
    if (!clientId || !clientSecret)
      throw new RangeError('The Graph calendar needs clientId and clientSecret, or credentialFor');
    credentialFor = (entraTenantId) => new ClientSecretCredential(entraTenantId, clientId, clientSecret);
  }
  const interval = options.availabilityViewIntervalMinutes ?? 15;
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
    throw new RangeError(`availabilityViewIntervalMinutes must be a whole number from 5 to 1440 (got ${interval})`);
  }
  const transport: GraphTransport = {
    baseUrl: options.baseUrl ?? 'https://graph.microsoft.com',
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 3,
    retryDelaySeconds: options.retryDelaySeconds ?? 3,
    maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 30,
  };
  checkTransport(transport);
  return new GraphCalendar(credentialFor, transport, interval);
}
