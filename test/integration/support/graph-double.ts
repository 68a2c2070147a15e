import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A stand-in for the parts of Microsoft Graph v1.0 the calendar adapter uses, on loopback (node:http, port 0),
 * answering with the shapes of Graph's reference: getSchedule's `value[]` of scheduleInformation (with
 * `scheduleItems` and `availabilityView`), events with `id`, `webLink` and `onlineMeeting.joinUrl`, 202 for
 * cancel, 204 for delete, and Graph's error body `{ error: { code, message, innerError } }`.
 *
 * Like Graph it keeps one event per organiser and `transactionId`, refuses more than 20 schedules or a window
 * over 62 days, and answers in UTC only when asked to. Faults are injected per request (`failNext`, `rule`).
 */

export interface RecordedRequest {
  method: string;
  /** Decoded path, e.g. `/v1.0/users/abc/events`. */
  path: string;
  /** Path as sent, still percent-encoded. */
  rawPath: string;
  headers: IncomingHttpHeaders;
  body: any;
  at: number;
}

/** How to answer one request instead of (or after) handling it. */
export interface Injected {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the socket is closed when the double stops). */
  stall?: boolean;
  /** Handle the request first (e.g. create the event), then answer with this status, as a gateway timing out would. */
  afterHandling?: boolean;
}

export interface BusyItem {
  status: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  start: string;
  end: string;
  subject?: string;
}

export interface StoredEvent {
  id: string;
  organizerId: string;
  body: any;
  cancelled?: { comment: string };
}

export interface Mailbox {
  /** Entra object id, the `/users/{id}` of the mailbox owner. */
  id: string;
  email: string;
  items?: BusyItem[];
  /** Outside the app's Exchange RBAC scope: `/users/{id}` answers 403. */
  outOfScope?: boolean;
  /** No Teams licence: online meetings come back without a join link. */
  unlicensed?: boolean;
}

const MAX_WINDOW_MS = 62 * 86_400_000;
const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/;

function graphError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString(),
        'request-id': 'b1d5f2a0-0000-4000-8000-000000000001',
        'client-request-id': 'c',
      },
    },
  };
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** `2026-01-05T09:00:00.0000000` as Graph writes UTC wall time. */
function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}

function parseUtc(value: any): number {
  if (!value || value.timeZone !== 'UTC' || typeof value.dateTime !== 'string' || !GRAPH_TIME.test(value.dateTime))
    return NaN;
  return Date.parse(`${value.dateTime.slice(0, 23)}Z`);
}

export class GraphDouble {
  readonly requests: RecordedRequest[] = [];
  /** Bearer tokens accepted; anything else is answered 401. */
  readonly tokens = new Set<string>();
  readonly mailboxes = new Map<string, Mailbox>();
  /** Schedules that exist but may not be read by the app (answered as an entry `error`). */
  readonly unreadable = new Set<string>();
  readonly events = new Map<string, StoredEvent>();
  /** Answers for the next requests, in order, before `rule`. */
  readonly failNext: Injected[] = [];
  rule?: (req: RecordedRequest) => Injected | undefined;
  origin = '';
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private nextId = 1;

  addMailbox(mailbox: Mailbox): this {
    this.mailboxes.set(mailbox.id, mailbox);
    return this;
  }

  /** A fetch that sends what the adapter addressed to Graph's host to this double instead. */
  readonly fetch: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('https://graph.microsoft.com/')) throw new Error(`unexpected host: ${url}`);
    return fetch(this.origin + url.slice('https://graph.microsoft.com'.length), init);
  };

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The requests with this method whose decoded path matches (e.g. every POST to getSchedule). */
  sent(method: string, pathPattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pathPattern.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      rawPath,
      path: rawPath.split('/').map(decodeURIComponent).join('/'),
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
      at: Date.now(),
    };
    this.requests.push(recorded);
    const injected = this.failNext.shift() ?? this.rule?.(recorded);
    if (injected?.stall) return;
    if (injected && !injected.afterHandling) return this.inject(res, injected);
    if (injected) {
      const discarded: any = { writeHead: () => discarded, end: () => discarded };
      this.route(recorded, discarded as ServerResponse);
      return this.inject(res, injected);
    }
    this.route(recorded, res);
  }

  private inject(res: ServerResponse, injected: Injected): void {
    const status = injected.status ?? 500;
    if (injected.body !== undefined) {
      res.writeHead(status, { 'Content-Type': 'application/json', ...injected.headers });
      res.end(JSON.stringify(injected.body));
      return;
    }
    const codes: Record<number, string> = { 429: 'TooManyRequests', 503: 'ServiceNotAvailable', 504: 'GatewayTimeout' };
    graphError(res, status, codes[status] ?? 'InjectedFault', `injected ${status}`, injected.headers);
  }

  private route(req: RecordedRequest, res: ServerResponse): void {
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !this.tokens.has(token))
      return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    const m = /^\/v1\.0\/users\/([^/]+)\/(calendar\/getSchedule|events)(?:\/([^/]+))?(\/cancel)?$/.exec(req.path);
    if (!m) return graphError(res, 400, 'BadRequest', `Resource not found for the segment '${req.path}'.`);
    const [, userId, what, eventId, cancel] = m;
    const user = this.mailboxes.get(userId!);
    if (!user) return graphError(res, 404, 'ErrorInvalidUser', `The requested user '${userId}' is invalid.`);
    if (user.outOfScope)
      return graphError(res, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    if (what === 'calendar/getSchedule' && req.method === 'POST') return this.getSchedule(req, res);
    if (eventId === undefined && req.method === 'POST') return this.createEvent(user, req, res);
    const event = eventId === undefined ? undefined : this.events.get(eventId);
    if (!event || event.organizerId !== user.id)
      return graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (cancel && req.method === 'POST') {
      event.cancelled = { comment: String(req.body?.comment ?? '') };
      this.events.delete(event.id);
      res.writeHead(202).end();
      return;
    }
    if (!cancel && req.method === 'PATCH') {
      event.body = { ...event.body, ...req.body };
      return this.answerEvent(res, 200, user, event);
    }
    if (!cancel && req.method === 'DELETE') {
      this.events.delete(event.id);
      res.writeHead(204).end();
      return;
    }
    graphError(res, 405, 'ErrorInvalidRequest', 'The OData request is not supported.');
  }

  private getSchedule(req: RecordedRequest, res: ServerResponse): void {
    const { schedules, startTime, endTime, availabilityViewInterval } = req.body ?? {};
    const start = parseUtc(startTime);
    const end = parseUtc(endTime);
    const interval = availabilityViewInterval ?? 30;
    if (!Array.isArray(schedules) || schedules.length === 0 || schedules.length > 20) {
      return graphError(res, 400, 'ErrorInvalidRequest', 'schedules must list 1 to 20 addresses');
    }
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start || end - start > MAX_WINDOW_MS) {
      return graphError(
        res,
        400,
        'ErrorInvalidRequest',
        'startTime and endTime must be UTC, in order, at most 62 days apart',
      );
    }
    if (!Number.isInteger(interval) || interval < 5 || interval > 1440)
      return graphError(res, 400, 'ErrorInvalidRequest', 'bad availabilityViewInterval');
    // Graph writes items in the zone asked for; without the header this mailbox's zone would be used.
    const utc = /outlook\.timezone="UTC"/.test(String(req.headers.prefer ?? ''));
    const value = schedules.map((address: string) => {
      if (this.unreadable.has(address.toLowerCase())) {
        return {
          scheduleId: address,
          availabilityView: '',
          error: { message: `The mailbox '${address}' is not accessible.`, responseCode: 'ErrorAccessDenied' },
        };
      }
      const box = [...this.mailboxes.values()].find((b) => b.email.toLowerCase() === address.toLowerCase());
      if (!box)
        return {
          scheduleId: address,
          availabilityView: '',
          error: { message: `No mailbox '${address}'.`, responseCode: 'ErrorMailRecipientNotFound' },
        };
      const items = (box.items ?? [])
        .map((i) => ({ ...i, s: Date.parse(i.start), e: Date.parse(i.end) }))
        .filter((i) => i.e > start && i.s < end);
      let view = '';
      for (let t = start; t < end; t += interval * 60_000) {
        const digit = items
          .filter((i) => i.s < t + interval * 60_000 && i.e > t)
          .reduce(
            (d, i) =>
              Math.max(d, { free: 0, tentative: 1, busy: 2, oof: 3, workingElsewhere: 4, unknown: 2 }[i.status]),
            0,
          );
        view += String(digit);
      }
      return {
        scheduleId: address,
        availabilityView: view,
        scheduleItems: items.map((i) => ({
          isPrivate: false,
          status: i.status,
          subject: i.subject ?? 'Busy',
          location: '',
          isMeeting: true,
          isRecurring: false,
          isException: false,
          isReminderSet: false,
          start: utc
            ? { dateTime: graphTime(i.s), timeZone: 'UTC' }
            : { dateTime: graphTime(i.s - 8 * 3_600_000), timeZone: 'Pacific Standard Time' },
          end: utc
            ? { dateTime: graphTime(i.e), timeZone: 'UTC' }
            : { dateTime: graphTime(i.e - 8 * 3_600_000), timeZone: 'Pacific Standard Time' },
        })),
        workingHours: {
          daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
          startTime: '08:00:00.0000000',
          endTime: '17:00:00.0000000',
          timeZone: { name: 'GMT Standard Time' },
        },
      };
    });
    res.writeHead(200, { 'Content-Type': 'application/json; odata.metadata=minimal' });
    res.end(
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)',
        value,
      }),
    );
  }

  private createEvent(user: Mailbox, req: RecordedRequest, res: ServerResponse): void {
    const b = req.body ?? {};
    if (typeof b.transactionId !== 'string' && b.transactionId !== undefined)
      return graphError(res, 400, 'ErrorInvalidRequest', 'transactionId must be a string');
    if (!Number.isFinite(parseUtc(b.start)) || !Number.isFinite(parseUtc(b.end)))
      return graphError(res, 400, 'ErrorInvalidRequest', 'start and end must be dateTimeTimeZone');
    const same =
      b.transactionId &&
      [...this.events.values()].find((e) => e.organizerId === user.id && e.body.transactionId === b.transactionId);
    if (same) return this.answerEvent(res, 201, user, same);
    // Graph's ids are base64 with padding, so they need encoding in a path.
    const event: StoredEvent = { id: `AAMkAGI2TG93AAA=${this.nextId++}=`, organizerId: user.id, body: b };
    this.events.set(event.id, event);
    this.answerEvent(res, 201, user, event);
  }

  private answerEvent(res: ServerResponse, status: number, user: Mailbox, event: StoredEvent): void {
    const b = event.body;
    const online = b.isOnlineMeeting === true && !user.unlicensed;
    const answer = {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${user.id}')/events/$entity`,
      '@odata.etag': 'W/"ZlnW4RIAV06KYYwlrfNZvQAAKGWwbw=="',
      id: event.id,
      createdDateTime: new Date().toISOString(),
      transactionId: b.transactionId ?? null,
      subject: b.subject,
      bodyPreview: String(b.body?.content ?? '').slice(0, 255),
      start: b.start,
      end: b.end,
      location: b.location ?? { displayName: online ? 'Microsoft Teams Meeting' : '' },
      attendees: (b.attendees ?? []).map((a: any) => ({
        ...a,
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      })),
      organizer: { emailAddress: { name: user.id, address: user.email } },
      isOnlineMeeting: online,
      onlineMeetingProvider: online ? 'teamsForBusiness' : 'unknown',
      onlineMeeting: online
        ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${event.id.length}%40thread.v2/0` }
        : null,
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}&exvsurl=1&path=/calendar/item`,
    };
    res.writeHead(status, { 'Content-Type': 'application/json; odata.metadata=minimal' });
    res.end(JSON.stringify(answer));
  }
}
