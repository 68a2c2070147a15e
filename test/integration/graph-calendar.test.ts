import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createGraphCalendar, type GraphCalendarOptions } from '../../src/graph/graph-calendar';
import { transactionIdFor } from '../../src/graph/graph-event';
import {
  CalendarError,
  type CalendarEventRequest,
  type CalendarFailure,
  type CalendarPerson,
  type CalendarTenant,
} from '../../src/services/calendar.port';
import { GraphDouble } from './support/graph-double';

/**
 * The Graph calendar adapter against a loopback double of Microsoft Graph: the requests it sends (paths,
 * headers, bodies) and how every kind of failure reaches the meetings flow.
 */

const TENANT: CalendarTenant = { tenantId: 'tenant-1', entraTenantId: '6f0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' };
const OTHER_TENANT: CalendarTenant = { tenantId: 'tenant-2', entraTenantId: '0b5d2f1e-7c3a-4e8b-9f21-6a4d8c0e1b37' };
const MENTOR: CalendarPerson = {
  personId: 'a1a1a1a1-0000-4000-8000-000000000001',
  email: 'amara.okafor@trust.nhs.uk',
  name: 'Amara Okafor',
};
const MENTEE: CalendarPerson = {
  personId: 'b2b2b2b2-0000-4000-8000-000000000002',
  email: 'bao.nguyen@trust.nhs.uk',
  name: 'Bao Nguyen',
};
const SUBJECT = 'Mentoring: Amara Okafor and Bao Nguyen';
const BODY = 'First mentoring session of the IMG peer programme.';

const MEETING: CalendarEventRequest = {
  meetingId: 'meeting-0001',
  organizer: MENTOR,
  attendee: MENTEE,
  subject: SUBJECT,
  body: BODY,
  start: '2026-01-06T10:00:00Z',
  end: '2026-01-06T11:00:00Z',
  mode: 'virtual',
};

const tokenOf = (tenant: CalendarTenant): string => `token-for-${tenant.entraTenantId}`;

/** Runs `call` expecting a CalendarError with this failure, and returns it. */
async function failure(call: Promise<unknown>, expected: CalendarFailure): Promise<CalendarError> {
  try {
    await call;
  } catch (e) {
    assert.ok(e instanceof CalendarError, `expected a CalendarError, got ${String(e)}`);
    assert.equal(e.failure, expected, e.message);
    return e;
  }
  assert.fail(`expected a CalendarError (${expected})`);
}

describe('Graph calendar adapter (against a loopback Graph double)', function () {
  let graph: GraphDouble;
  let tokenRequests: { tenant: string; scopes: string[] }[];

  function calendar(options: Partial<GraphCalendarOptions> = {}) {
    return createGraphCalendar({
      credentialFor: (tenant) => ({
        getToken: async (scopes) => {
          tokenRequests.push({ tenant, scopes: [scopes].flat() });
          return { token: `token-for-${tenant}`, expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      }),
      fetch: graph.fetch,
      timeoutMs: 1_000,
      maxRetries: 2,
      retryDelaySeconds: 0,
      maxRetryAfterSeconds: 5,
      ...options,
    });
  }

  beforeEach(async () => {
    tokenRequests = [];
    graph = await new GraphDouble().start();
    graph.tokens.add(tokenOf(TENANT));
    graph.addMailbox({ id: MENTOR.personId, email: MENTOR.email! });
    graph.addMailbox({ id: MENTEE.personId, email: MENTEE.email! });
  });

  afterEach(() => graph.stop());

  describe('free/busy', () => {
    const FROM = '2026-01-05T00:00:00Z';
    const TO = '2026-01-10T00:00:00Z';

    it("asks getSchedule on the asker's calendar, in UTC, with a token for the customer tenant", async () => {
      graph.mailboxes.get(MENTOR.personId)!.items = [
        { status: 'busy', start: '2026-01-05T09:00:00Z', end: '2026-01-05T10:00:00Z', subject: 'Ward round' },
        { status: 'free', start: '2026-01-05T12:00:00Z', end: '2026-01-05T13:00:00Z' },
        { status: 'tentative', start: '2026-01-06T14:00:00Z', end: '2026-01-06T14:30:00Z' },
        { status: 'oof', start: '2026-01-07T00:00:00Z', end: '2026-01-08T00:00:00Z' },
        { status: 'workingElsewhere', start: '2026-01-08T08:00:00Z', end: '2026-01-08T17:00:00Z' },
        { status: 'unknown', start: '2026-01-09T09:15:00Z', end: '2026-01-09T09:45:00Z' },
        // Starts before and ends after the window: clipped to it.
        { status: 'busy', start: '2026-01-04T22:00:00Z', end: '2026-01-05T01:00:00Z' },
        { status: 'busy', start: '2026-01-09T23:00:00Z', end: '2026-01-10T02:00:00Z' },
      ];
      graph.mailboxes.get(MENTEE.personId)!.items = [
        { status: 'busy', start: '2026-01-06T10:00:00Z', end: '2026-01-06T10:30:00Z' },
      ];

      const busy = await calendar().freeBusy(TENANT, MENTOR, [MENTEE, MENTOR], FROM, TO);

      assert.deepEqual(busy, [
        [{ start: '2026-01-06T10:00:00.000Z', end: '2026-01-06T10:30:00.000Z', kind: 'busy' }],
        [
          { start: '2026-01-05T00:00:00.000Z', end: '2026-01-05T01:00:00.000Z', kind: 'busy' },
          { start: '2026-01-05T09:00:00.000Z', end: '2026-01-05T10:00:00.000Z', kind: 'busy' },
          { start: '2026-01-06T14:00:00.000Z', end: '2026-01-06T14:30:00.000Z', kind: 'tentative' },
          { start: '2026-01-07T00:00:00.000Z', end: '2026-01-08T00:00:00.000Z', kind: 'oof' },
          { start: '2026-01-08T08:00:00.000Z', end: '2026-01-08T17:00:00.000Z', kind: 'elsewhere' },
          { start: '2026-01-09T09:15:00.000Z', end: '2026-01-09T09:45:00.000Z', kind: 'busy' },
          { start: '2026-01-09T23:00:00.000Z', end: '2026-01-10T00:00:00.000Z', kind: 'busy' },
        ],
      ]);
      assert.equal(graph.requests.length, 1);
      const [req] = graph.requests;
      assert.equal(req!.method, 'POST');
      assert.equal(req!.path, `/v1.0/users/${MENTOR.personId}/calendar/getSchedule`);
      assert.equal(req!.headers.authorization, `Bearer ${tokenOf(TENANT)}`);
      assert.equal(req!.headers.prefer, 'outlook.timezone="UTC"');
      assert.match(String(req!.headers['content-type']), /^application\/json/);
      assert.deepEqual(req!.body, {
        schedules: [MENTEE.email, MENTOR.email],
        startTime: { dateTime: '2026-01-05T00:00:00.000', timeZone: 'UTC' },
        endTime: { dateTime: '2026-01-10T00:00:00.000', timeZone: 'UTC' },
        availabilityViewInterval: 15,
      });
      assert.deepEqual(tokenRequests, [
        { tenant: TENANT.entraTenantId, scopes: ['https://graph.microsoft.com/.default'] },
      ]);
    });

    it('asks about at most 20 people per call and answers each person in the order given', async () => {
      const people: CalendarPerson[] = Array.from({ length: 45 }, (_, i) => {
        const p = { personId: `person-${i}`, email: `Person.${i}@trust.nhs.uk`, name: `Person ${i}` };
        const start = Date.parse(FROM) + i * 3_600_000;
        graph.addMailbox({
          id: p.personId,
          email: p.email,
          items: [
            { status: 'busy', start: new Date(start).toISOString(), end: new Date(start + 1_800_000).toISOString() },
          ],
        });
        return p;
      });

      const busy = await calendar().freeBusy(TENANT, MENTOR, people, FROM, TO);

      const calls = graph.sent('POST', /getSchedule$/);
      assert.deepEqual(
        calls.map((c) => c.body.schedules.length),
        [20, 20, 5],
      );
      assert.deepEqual(
        calls.flatMap((c) => c.body.schedules),
        people.map((p) => p.email!.toLowerCase()),
      );
      assert.equal(busy.length, 45);
      busy.forEach((intervals, i) => {
        assert.deepEqual(intervals, [
          {
            start: new Date(Date.parse(FROM) + i * 3_600_000).toISOString(),
            end: new Date(Date.parse(FROM) + i * 3_600_000 + 1_800_000).toISOString(),
            kind: 'busy',
          },
        ]);
      });
    });

    it('splits a window longer than 62 days, and reports an event across the cut once', async () => {
      graph.mailboxes.get(MENTEE.personId)!.items = [
        { status: 'busy', start: '2026-03-07T23:00:00Z', end: '2026-03-08T01:00:00Z' },
        { status: 'oof', start: '2026-04-01T00:00:00Z', end: '2026-04-03T00:00:00Z' },
      ];

      const [busy] = await calendar().freeBusy(
        TENANT,
        MENTOR,
        [MENTEE],
        '2026-01-05T00:00:00Z',
        '2026-04-15T00:00:00Z',
      );

      const calls = graph.sent('POST', /getSchedule$/);
      assert.deepEqual(
        calls.map((c) => [c.body.startTime.dateTime, c.body.endTime.dateTime]),
        [
          ['2026-01-05T00:00:00.000', '2026-03-08T00:00:00.000'],
          ['2026-03-08T00:00:00.000', '2026-04-15T00:00:00.000'],
        ],
      );
      assert.deepEqual(busy, [
        { start: '2026-03-07T23:00:00.000Z', end: '2026-03-08T00:00:00.000Z', kind: 'busy' },
        { start: '2026-03-08T00:00:00.000Z', end: '2026-03-08T01:00:00.000Z', kind: 'busy' },
        { start: '2026-04-01T00:00:00.000Z', end: '2026-04-03T00:00:00.000Z', kind: 'oof' },
      ]);
    });

    it('refuses a person without a mailbox address before asking Graph', async () => {
      const e = await failure(
        calendar().freeBusy(TENANT, MENTOR, [MENTOR, { personId: 'p-9', name: 'No Mail' }], FROM, TO),
        'no-mailbox',
      );
      assert.match(e.message, /person p-9/);
      assert.equal(graph.requests.length, 0);
    });

    it('turns a schedule Graph could not read into forbidden, and an unknown mailbox into not-found', async () => {
      graph.unreadable.add(MENTEE.email!);
      const forbidden = await failure(calendar().freeBusy(TENANT, MENTOR, [MENTOR, MENTEE], FROM, TO), 'forbidden');
      assert.match(forbidden.message, new RegExp(`person ${MENTEE.personId}.*ErrorAccessDenied.*Exchange RBAC scope`));
      assert.doesNotMatch(forbidden.message, /bao\.nguyen/);

      const ghost = { personId: 'p-left', email: 'left@trust.nhs.uk', name: 'Gone' };
      const missing = await failure(calendar().freeBusy(TENANT, MENTOR, [ghost], FROM, TO), 'not-found');
      assert.match(missing.message, /person p-left.*ErrorMailRecipientNotFound/);
    });

    it("answers 403 on the asker's mailbox as forbidden, naming consent and the RBAC scope", async () => {
      graph.mailboxes.get(MENTOR.personId)!.outOfScope = true;
      const e = await failure(calendar().freeBusy(TENANT, MENTOR, [MENTEE], FROM, TO), 'forbidden');
      assert.equal(e.status, 403);
      assert.match(e.message, /403 ErrorAccessDenied/);
      assert.match(e.message, /admin consent/);
      assert.match(e.message, /Exchange RBAC scope/);
    });

    it('answers an unknown asker as not-found', async () => {
      const e = await failure(
        calendar().freeBusy(TENANT, { ...MENTOR, personId: 'deleted-user' }, [MENTEE], FROM, TO),
        'not-found',
      );
      assert.equal(e.status, 404);
      assert.match(e.message, /ErrorInvalidUser/);
    });

    it('refuses times Graph gives in another zone rather than misreading them', async () => {
      graph.failNext.push({
        status: 200,
        body: {
          value: [
            {
              scheduleId: MENTEE.email,
              availabilityView: '2',
              scheduleItems: [
                {
                  status: 'busy',
                  start: { dateTime: '2026-01-05T01:00:00.0000000', timeZone: 'Pacific Standard Time' },
                  end: { dateTime: '2026-01-05T02:00:00.0000000', timeZone: 'Pacific Standard Time' },
                },
              ],
            },
          ],
        },
      });
      await failure(calendar().freeBusy(TENANT, MENTOR, [MENTEE], FROM, TO), 'unavailable');
    });

    it('reads the availabilityView when Graph gives no schedule items', async () => {
      graph.failNext.push({
        status: 200,
        body: { value: [{ scheduleId: MENTEE.email, availabilityView: '0022100340' }] },
      });
      const [busy] = await calendar().freeBusy(
        TENANT,
        MENTOR,
        [MENTEE],
        '2026-01-05T09:00:00Z',
        '2026-01-05T11:30:00Z',
      );
      assert.deepEqual(busy, [
        { start: '2026-01-05T09:30:00.000Z', end: '2026-01-05T10:00:00.000Z', kind: 'busy' },
        { start: '2026-01-05T10:00:00.000Z', end: '2026-01-05T10:15:00.000Z', kind: 'tentative' },
        { start: '2026-01-05T10:45:00.000Z', end: '2026-01-05T11:00:00.000Z', kind: 'oof' },
        { start: '2026-01-05T11:00:00.000Z', end: '2026-01-05T11:15:00.000Z', kind: 'elsewhere' },
      ]);
    });
  });

  describe('creating an event', () => {
    it("posts the event on the organiser's calendar with a Teams meeting and a transactionId from the meeting id", async () => {
      const event = await calendar().create(TENANT, MEETING);

      assert.equal(graph.requests.length, 1);
      const [req] = graph.requests;
      assert.equal(req!.method, 'POST');
      assert.equal(req!.path, `/v1.0/users/${MENTOR.personId}/events`);
      assert.equal(req!.headers.authorization, `Bearer ${tokenOf(TENANT)}`);
      assert.equal(req!.headers.prefer, 'outlook.timezone="UTC"');
      const transactionId = transactionIdFor(MEETING.meetingId);
      assert.match(transactionId, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.deepEqual(req!.body, {
        subject: SUBJECT,
        body: { contentType: 'text', content: BODY },
        start: { dateTime: '2026-01-06T10:00:00.000', timeZone: 'UTC' },
        end: { dateTime: '2026-01-06T11:00:00.000', timeZone: 'UTC' },
        attendees: [{ emailAddress: { address: MENTEE.email, name: MENTEE.name }, type: 'required' }],
        isOnlineMeeting: true,
        onlineMeetingProvider: 'teamsForBusiness',
        allowNewTimeProposals: false,
        transactionId,
      });
      const [stored] = graph.events.values();
      assert.equal(event.eventId, stored!.id);
      assert.match(event.joinUrl!, /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
      assert.match(event.webLink!, /^https:\/\/outlook\.office365\.com\/owa\//);
    });

    it('puts an in-person meeting at its place, without a Teams meeting', async () => {
      const event = await calendar().create(TENANT, {
        ...MEETING,
        mode: 'in-person',
        location: ' Education Centre, Room 2 ',
      });
      const [req] = graph.requests;
      assert.equal(req!.body.isOnlineMeeting, false);
      assert.equal(req!.body.onlineMeetingProvider, undefined);
      assert.deepEqual(req!.body.location, { displayName: 'Education Centre, Room 2' });
      assert.equal(event.joinUrl, undefined);
    });

    it('makes one event when the same meeting is created twice, and another for another meeting', async () => {
      const cal = calendar();
      const first = await cal.create(TENANT, MEETING);
      const again = await cal.create(TENANT, MEETING);
      const other = await cal.create(TENANT, { ...MEETING, meetingId: 'meeting-0002' });
      assert.equal(again.eventId, first.eventId);
      assert.notEqual(other.eventId, first.eventId);
      assert.equal(graph.events.size, 2);
      const ids = graph.sent('POST', /\/events$/).map((r) => r.body.transactionId);
      assert.equal(ids[0], ids[1]);
      assert.notEqual(ids[2], ids[0]);
    });

    it('rides out a 504 after Graph made the event and a 429 storm, with one event at the end', async () => {
      // The gateway times out after the event was made; then Graph throttles twice, asking for no wait.
      graph.failNext.push(
        { status: 504, afterHandling: true },
        { status: 429, headers: { 'Retry-After': '0' } },
        { status: 429, headers: { 'Retry-After': '0' } },
      );
      const event = await calendar({ maxRetries: 3 }).create(TENANT, MEETING);

      const posts = graph.sent('POST', /\/events$/);
      assert.equal(posts.length, 4);
      assert.deepEqual(
        posts.map((p) => p.headers['retry-attempt']),
        [undefined, '1', '2', '3'],
      );
      assert.deepEqual(new Set(posts.map((p) => p.body.transactionId)), new Set([transactionIdFor(MEETING.meetingId)]));
      assert.ok(posts.every((p) => p.headers.authorization === `Bearer ${tokenOf(TENANT)}`));
      assert.equal(graph.events.size, 1, 'the retried POST made a second event');
      assert.equal(event.eventId, [...graph.events.keys()][0]);
    });

    it('waits as long as Retry-After says before retrying', async () => {
      graph.failNext.push({ status: 429, headers: { 'Retry-After': '1' } });
      await calendar().create(TENANT, MEETING);
      const [first, second] = graph.sent('POST', /\/events$/);
      assert.ok(second!.at - first!.at >= 950, `retried after ${second!.at - first!.at} ms`);
    });

    it('reports throttling that outlasts the retries as throttled', async () => {
      graph.rule = () => ({ status: 429, headers: { 'Retry-After': '0' } });
      const e = await failure(calendar({ maxRetries: 2 }).create(TENANT, MEETING), 'throttled');
      assert.equal(e.status, 429);
      assert.equal(graph.requests.length, 3);
      assert.match(e.message, /Graph asks to wait 0 s/);
    });

    it('gives up at once when Retry-After is longer than the caller can wait', async () => {
      graph.rule = () => ({ status: 429, headers: { 'Retry-After': '120' } });
      const started = Date.now();
      const e = await failure(calendar({ maxRetryAfterSeconds: 30 }).create(TENANT, MEETING), 'throttled');
      assert.ok(Date.now() - started < 1_000);
      assert.equal(graph.requests.length, 1);
      assert.match(e.message, /wait 120 s/);
    });

    it('answers 403 as forbidden, and never puts the meeting text in the message', async () => {
      graph.mailboxes.get(MENTOR.personId)!.outOfScope = true;
      const e = await failure(calendar().create(TENANT, MEETING), 'forbidden');
      assert.equal(e.status, 403);
      assert.match(e.message, /admin consent.*Exchange RBAC scope/);
      assert.ok(!e.message.includes(SUBJECT) && !e.message.includes(BODY) && !e.message.includes(MENTEE.email!));
    });

    it('answers an unknown organiser as not-found', async () => {
      await failure(
        calendar().create(TENANT, { ...MEETING, organizer: { ...MENTOR, personId: 'left-the-trust' } }),
        'not-found',
      );
    });

    it('refuses to invite an attendee without a mailbox address', async () => {
      await failure(
        calendar().create(TENANT, { ...MEETING, attendee: { personId: MENTEE.personId, name: MENTEE.name } }),
        'no-mailbox',
      );
      assert.equal(graph.requests.length, 0);
    });

    it('times out an attempt that gets no answer, without retrying it', async () => {
      graph.failNext.push({ stall: true });
      const started = Date.now();
      const e = await failure(calendar({ timeoutMs: 300 }).create(TENANT, MEETING), 'timeout');
      const took = Date.now() - started;
      assert.ok(took >= 290 && took < 2_000, `took ${took} ms`);
      assert.match(e.message, /within 300 ms/);
      assert.equal(graph.requests.length, 1);
    });

    it('answers 500 as unavailable at once, and 503 after the retries', async () => {
      graph.failNext.push({ status: 500 });
      const e500 = await failure(calendar().create(TENANT, MEETING), 'unavailable');
      assert.equal(e500.status, 500);
      assert.equal(graph.requests.length, 1);

      graph.rule = () => ({ status: 503, headers: { 'Retry-After': '0' } });
      const e503 = await failure(calendar({ maxRetries: 2 }).create(TENANT, MEETING), 'unavailable');
      assert.equal(e503.status, 503);
      assert.equal(graph.requests.length, 4);
    });

    it('answers a refused connection as unavailable', async () => {
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      const refused: typeof fetch = (input, init) =>
        fetch(String(input).replace('https://graph.microsoft.com', `http://127.0.0.1:${port}`), init);
      const e = await failure(calendar({ fetch: refused }).create(TENANT, MEETING), 'unavailable');
      assert.equal(e.status, undefined);
      assert.match(e.message, /could not be reached/);
    });

    it('deletes a virtual event Graph made without a join link, and says so', async () => {
      graph.mailboxes.get(MENTOR.personId)!.unlicensed = true;
      const e = await failure(calendar().create(TENANT, MEETING), 'no-join-link');
      assert.match(e.message, /half-created event was deleted/);
      const [post, del] = graph.requests;
      assert.equal(post!.method, 'POST');
      assert.equal(del!.method, 'DELETE');
      assert.match(del!.path, new RegExp(`^/v1\\.0/users/${MENTOR.personId}/events/AAMkAGI2TG93AAA=1=$`));
      assert.match(del!.rawPath, /events\/AAMkAGI2TG93AAA%3D1%3D$/, 'the event id is encoded in the path');
      assert.equal(del!.headers.authorization, `Bearer ${tokenOf(TENANT)}`);
      assert.equal(graph.events.size, 0, 'the half-created event was left on the calendar');
    });

    it('names the event it could not delete, so someone can remove it', async () => {
      graph.mailboxes.get(MENTOR.personId)!.unlicensed = true;
      graph.rule = (r) => (r.method === 'DELETE' ? { status: 500 } : undefined);
      const e = await failure(calendar().create(TENANT, MEETING), 'no-join-link');
      assert.match(e.message, /half-created event AAMkAGI2TG93AAA=1= could not be deleted/);
      assert.equal(graph.events.size, 1);
    });
  });

  describe('moving and cancelling', () => {
    it('patches the event with the new times, place and mode', async () => {
      const cal = calendar();
      const created = await cal.create(TENANT, MEETING);
      const moved = await cal.update(TENANT, created.eventId, {
        ...MEETING,
        start: '2026-01-07T15:30:00+00:00',
        end: '2026-01-07T16:30:00+00:00',
        mode: 'in-person',
        location: 'Library',
      });
      const patch = graph.requests.at(-1)!;
      assert.equal(patch.method, 'PATCH');
      assert.equal(patch.path, `/v1.0/users/${MENTOR.personId}/events/${created.eventId}`);
      assert.equal(patch.headers.authorization, `Bearer ${tokenOf(TENANT)}`);
      assert.deepEqual(patch.body, {
        subject: SUBJECT,
        body: { contentType: 'text', content: BODY },
        start: { dateTime: '2026-01-07T15:30:00.000', timeZone: 'UTC' },
        end: { dateTime: '2026-01-07T16:30:00.000', timeZone: 'UTC' },
        isOnlineMeeting: false,
        location: { displayName: 'Library' },
      });
      assert.equal(moved.eventId, created.eventId);
      assert.equal(graph.events.get(created.eventId)!.body.start.dateTime, '2026-01-07T15:30:00.000');
    });

    it('answers a move of an event deleted in Outlook as not-found', async () => {
      await failure(calendar().update(TENANT, 'AAMkAGone=', MEETING), 'not-found');
    });

    it('cancels with the comment, and counts an event already gone as cancelled', async () => {
      const cal = calendar();
      const created = await cal.create(TENANT, MEETING);
      await cal.cancel(TENANT, created.eventId, MENTOR, 'The mentee has moved trust.');
      const cancel = graph.requests.at(-1)!;
      assert.equal(cancel.method, 'POST');
      assert.equal(cancel.path, `/v1.0/users/${MENTOR.personId}/events/${created.eventId}/cancel`);
      assert.deepEqual(cancel.body, { comment: 'The mentee has moved trust.' });
      assert.equal(graph.events.size, 0);

      await cal.cancel(TENANT, created.eventId, MENTOR, 'again');
      assert.equal(graph.requests.length, 3);
      assert.equal(graph.requests.at(-1)!.path, cancel.path);
    });

    it('keeps the comment out of a cancel failure', async () => {
      graph.mailboxes.get(MENTOR.personId)!.outOfScope = true;
      const e = await failure(calendar().cancel(TENANT, 'AAMkAGx=', MENTOR, 'Private reason'), 'forbidden');
      assert.doesNotMatch(e.message, /Private reason/);
    });
  });

  describe('tenants and tokens', () => {
    it('signs in to each customer tenant with its own token, once per tenant', async () => {
      graph.tokens.add(tokenOf(OTHER_TENANT));
      const cal = calendar();
      await cal.freeBusy(TENANT, MENTOR, [MENTEE], '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z');
      await cal.freeBusy(OTHER_TENANT, MENTOR, [MENTEE], '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z');
      assert.deepEqual(
        graph.requests.map((r) => r.headers.authorization),
        [`Bearer ${tokenOf(TENANT)}`, `Bearer ${tokenOf(OTHER_TENANT)}`],
      );
      assert.deepEqual(
        [...new Set(tokenRequests.map((t) => t.tenant))],
        [TENANT.entraTenantId, OTHER_TENANT.entraTenantId],
      );
    });

    it('answers a token Graph does not accept (401) as forbidden', async () => {
      await failure(calendar().create(OTHER_TENANT, MEETING), 'forbidden');
    });

    it('answers a token the identity platform refuses as forbidden, naming the AADSTS code only', async () => {
      const cal = calendar({
        credentialFor: () => ({
          getToken: async () => {
            throw Object.assign(
              new Error('AADSTS700016: Application with identifier x was not found in the directory y.'),
              { name: 'AuthenticationError', statusCode: 400 },
            );
          },
        }),
      });
      const e = await failure(cal.create(TENANT, MEETING), 'forbidden');
      assert.match(e.message, /no Graph token for this tenant \(AADSTS700016\).*consented/);
      assert.equal(graph.requests.length, 0);
    });

    it('refuses a tenant without an Entra tenant id', async () => {
      await failure(calendar().create({ tenantId: 'tenant-x', entraTenantId: '' }, MEETING), 'forbidden');
    });

    it('refuses a plain-HTTP Graph address, which would carry the token unencrypted', () => {
      assert.throws(() => calendar({ baseUrl: 'http://graph.example.test' }), /must be https/);
    });

    it("checks its options when built: a credential, and retries within the Graph client's limits", () => {
      assert.throws(
        () => createGraphCalendar({ clientId: '22222222-3333-4444-5555-666666666666' }),
        /needs clientId and clientSecret, or credentialFor/,
      );
      assert.throws(() => calendar({ maxRetries: 11 }), /maxRetries must be a whole number from 0 to 10/);
      assert.throws(() => calendar({ availabilityViewIntervalMinutes: 1 }), /availabilityViewIntervalMinutes/);
      assert.equal(
        createGraphCalendar({ clientId: '22222222-3333-4444-5555-666666666666', clientSecret: 's' }).kind,
        'graph',
      );
    });
  });
});
