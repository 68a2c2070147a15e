import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import ICAL from 'ical.js';
import { botFrameworkSettings, loadConfig } from '../../src/config';
import { buildMeetingIcs } from '../../src/graph/ics';
import { createWebApp, listen, type CalendarFile } from '../../src/web/server';
import { LinkSigner, type LinkClaims } from '../../src/web/signed-link';

const NOW = new Date('2026-07-01T12:00:00Z');
const PAIR = ['a1a1a1a1-0000-4000-8000-000000000001', 'b2b2b2b2-0000-4000-8000-000000000002'];
const MEETING = 'a3c1e9f0-5b7d-4e2a-9c8b-1d2e3f4a5b6c';
const claims = (over: Partial<LinkClaims> = {}): LinkClaims => ({
  purpose: 'ics',
  tenantId: 'tenant-1',
  subjectId: MEETING,
  personId: PAIR[0]!,
  expiresAt: Math.floor(NOW.getTime() / 1000) + 3600,
  ...over,
});

interface Served {
  url: string;
  server: Server;
  logs: string[];
  asked: LinkClaims[];
  signer: LinkSigner;
}

/** The web app with a stub `icsFor` that offers the meeting's file to either person of the pair. */
async function serve(status: 'scheduled' | 'cancelled' = 'scheduled'): Promise<Served> {
  const config = loadConfig({});
  const signer = new LinkSigner(config.links.secret);
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(
      botFrameworkSettings(config) as ConfigurationBotFrameworkAuthenticationOptions,
    ),
  );
  const logs: string[] = [];
  const asked: LinkClaims[] = [];
  const icsFor = async (c: LinkClaims): Promise<CalendarFile | undefined> => {
    asked.push(c);
    if (c.subjectId !== MEETING || !PAIR.includes(c.personId)) return undefined;
    if (c.tenantId === 'explodes') throw new Error('database\nunavailable');
    const body = buildMeetingIcs({
      meetingId: c.subjectId,
      sequence: status === 'cancelled' ? 1 : 0,
      status,
      start: '2026-07-14T09:00:00Z',
      end: '2026-07-14T10:00:00Z',
      summary: 'Mentoring meeting',
      description: 'Your mentoring meeting.',
      organizer: { name: 'Dr Amara Okafor', email: 'amara.okafor@nhs.example' },
      attendee: { name: 'Dr An Nguyễn', email: 'an.nguyen@nhs.example' },
      mode: 'virtual',
      now: NOW,
    });
    return { filename: 'Mentoring meeting 14 July.ics', body };
  };
  const app = createWebApp({
    adapter,
    runTurn: async () => undefined,
    health: async () => ({}),
    log: (line) => logs.push(line),
    calendarFiles: { links: signer, icsFor, now: () => NOW },
  });
  const server = await listen(app, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, logs, asked, signer };
}

async function refused(res: Response, s: Served, reason: RegExp): Promise<void> {
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(await res.text(), 'This link is not valid or has expired.');
  assert.equal(s.logs.length, 1, 'one log line');
  assert.match(s.logs[0]!, reason);
  assert.doesNotMatch(s.logs[0]!, /\n|\bat /, 'no stack');
}

describe('calendar file links (GET /calendar/<token>.ics)', () => {
  let s: Served;
  afterEach(() => {
    s?.server.close();
    ICAL.TimezoneService.reset();
  });

  it('a valid link downloads the meeting file as an attachment that parses as iCalendar', async () => {
    s = await serve();
    const res = await fetch(`${s.url}/calendar/${s.signer.sign(claims())}.ics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8; method=REQUEST');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="Mentoring meeting 14 July.ics"');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const body = await res.text();
    const cal = new ICAL.Component(ICAL.parse(body));
    for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
    const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    assert.equal(event.uid, `${MEETING}@img-mentoring`);
    assert.equal(event.startDate.toJSDate().toISOString(), '2026-07-14T09:00:00.000Z');
    assert.deepEqual(s.asked, [claims()], 'icsFor got the verified claims');
    assert.deepEqual(s.logs, []);
  });

  it('a cancelled meeting comes with method=CANCEL', async () => {
    s = await serve('cancelled');
    const res = await fetch(`${s.url}/calendar/${s.signer.sign(claims({ personId: PAIR[1]! }))}.ics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8; method=CANCEL');
    assert.match(await res.text(), /\r\nSTATUS:CANCELLED\r\n/);
  });

  it('a tampered link is refused with 404 and never reaches icsFor', async () => {
    s = await serve();
    const token = s.signer.sign(claims());
    const [payload, mac] = token.split('.') as [string, string];
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    forged.u = PAIR[1];
    const res = await fetch(
      `${s.url}/calendar/${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}.ics`,
    );
    await refused(res, s, /^calendar link refused: bad-signature$/);
    assert.deepEqual(s.asked, []);
  });

  it('an expired link is refused with 404', async () => {
    s = await serve();
    const res = await fetch(
      `${s.url}/calendar/${s.signer.sign(claims({ expiresAt: Math.floor(NOW.getTime() / 1000) }))}.ics`,
    );
    await refused(res, s, /^calendar link refused: expired$/);
    assert.deepEqual(s.asked, []);
  });

  it('a link icsFor no longer offers (not one of the pair) is refused with the same 404', async () => {
    s = await serve();
    const res = await fetch(
      `${s.url}/calendar/${s.signer.sign(claims({ personId: 'c3c3c3c3-0000-4000-8000-000000000003' }))}.ics`,
    );
    await refused(res, s, /^calendar link refused: not offered$/);
    assert.equal(s.asked.length, 1);
  });

  it('a link for another purpose, garbage and a missing .ics are refused with the same 404', async () => {
    s = await serve();
    await refused(
      await fetch(`${s.url}/calendar/${s.signer.sign(claims({ purpose: 'certificate' }))}.ics`),
      s,
      /wrong-purpose$/,
    );
    s.logs.length = 0;
    await refused(await fetch(`${s.url}/calendar/not-a-token.ics`), s, /malformed$/);
    s.logs.length = 0;
    await refused(await fetch(`${s.url}/calendar/${s.signer.sign(claims())}`), s, /malformed$/);
    assert.deepEqual(s.asked, []);
  });

  it('a failing icsFor answers 500 with one log line and no detail', async () => {
    s = await serve();
    const res = await fetch(`${s.url}/calendar/${s.signer.sign(claims({ tenantId: 'explodes' }))}.ics`);
    assert.equal(res.status, 500);
    assert.equal(await res.text(), 'Internal error.');
    assert.deepEqual(s.logs, ['calendar file failed: database unavailable']);
  });

  it('without calendarFiles the route does not exist', async () => {
    const config = loadConfig({});
    const adapter = new CloudAdapter(
      new ConfigurationBotFrameworkAuthentication(
        botFrameworkSettings(config) as ConfigurationBotFrameworkAuthenticationOptions,
      ),
    );
    const app = createWebApp({
      adapter,
      runTurn: async () => undefined,
      health: async () => ({}),
      log: () => undefined,
    });
    const server = await listen(app, 0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/calendar/x.y.ics`);
      assert.equal(res.status, 404);
    } finally {
      server.close();
    }
  });
});
