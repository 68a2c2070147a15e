import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeService, type ComposedService } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { textOf } from './support/cards';
import { cardOf, FakeConnector } from './support/fake-connector';
import { TENANT_A } from './support/harness';

const PERSON = 'a1a1a1a1-0000-4000-8000-0000000000aa';
/** What a stack trace line looks like in a log. */
const STACK = /\n?\s{4}at /;

/**
 * The service as src/index.ts wires it, listening on a free port, with its log and anything botbuilder
 * prints to the console (which reaches the App Service log stream too) captured.
 */
class Service {
  readonly lines: string[] = [];
  readonly console: string[] = [];
  svc!: ComposedService;
  server!: Server;
  private dir = '';
  private restore: (() => void)[] = [];

  async start(env: Record<string, string> = {}): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'mentoring-http-'));
    const config = loadConfig({ NODE_ENV: 'test', SQLITE_FILE: join(this.dir, 'x.db'), SEED_DEMO: 'false', ...env });
    this.svc = await composeService(config, { log: (line) => this.lines.push(line) });
    this.server = await this.svc.start(0);
    for (const level of ['error', 'warn', 'info', 'log'] as const) {
      const original = console[level];
      console[level] = (...args: unknown[]) =>
        void this.console.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));
      this.restore.push(() => (console[level] = original));
    }
    return this;
  }

  async stop(): Promise<void> {
    for (const undo of this.restore) undo();
    await this.svc.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/messages`;
  }

  async post(
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ): Promise<{ status: number; text: string }> {
    const res = await fetch(this.url, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }

  /** Everything written to any log since `from` lines of each. */
  written(from = { lines: 0, console: 0 }): string[] {
    return [...this.lines.slice(from.lines), ...this.console.slice(from.console)];
  }

  mark(): { lines: number; console: number } {
    return { lines: this.lines.length, console: this.console.length };
  }
}

function activity(serviceUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: 'm-1',
    text: 'help',
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${PERSON}`, name: 'Dr Amara Okafor', aadObjectId: PERSON },
    recipient: { id: '28:mentoring-bot', name: 'IMG Mentoring' },
    conversation: { id: `a:personal-${PERSON}`, conversationType: 'personal', tenantId: TENANT_A },
    channelData: { tenant: { id: TENANT_A } },
    locale: 'en-GB',
    ...extra,
  };
}

describe('malformed requests to /api/messages', () => {
  let s: Service;
  let connector: FakeConnector;
  beforeEach(async () => {
    connector = await new FakeConnector().start();
    s = await new Service().start();
  });
  afterEach(async () => {
    await s.stop();
    await connector.stop();
  });

  const json = { 'content-type': 'application/json' };
  const good = () => activity(connector.url);
  const cases: [string, () => string, Record<string, string>?][] = [
    ['an empty body', () => ''],
    ['an empty object', () => '{}'],
    ['a JSON array', () => '[1]'],
    ['no type', () => JSON.stringify({ ...good(), type: undefined })],
    ['an empty type', () => JSON.stringify({ ...good(), type: '' })],
    ['a number as type', () => JSON.stringify({ ...good(), type: 5 })],
    ['an array as type', () => JSON.stringify({ ...good(), type: ['message'] })],
    ['a non-JSON content type', () => JSON.stringify(good()), { 'content-type': 'text/plain' }],
    ['no content type given (fetch then sends text/plain)', () => JSON.stringify(good()), {}],
    ['a number as serviceUrl', () => JSON.stringify({ ...good(), serviceUrl: 5 })],
    ['an object as serviceUrl', () => JSON.stringify({ ...good(), serviceUrl: { href: connector.url } })],
    ['a serviceUrl that is not http(s)', () => JSON.stringify({ ...good(), serviceUrl: 'file:///etc/passwd' })],
    ['a serviceUrl that is not a URL', () => JSON.stringify({ ...good(), serviceUrl: 'not a url' })],
    ['a number as id', () => JSON.stringify({ ...good(), id: 7 })],
    ['an object as channelId', () => JSON.stringify({ ...good(), channelId: {} })],
    ['an object as text', () => JSON.stringify({ ...good(), text: { toString: 'help' } })],
    ['from as text', () => JSON.stringify({ ...good(), from: 'Dr Amara Okafor' })],
    ['an array as from.aadObjectId', () => JSON.stringify({ ...good(), from: { id: '29:x', aadObjectId: [PERSON] } })],
    ['a number as recipient.id', () => JSON.stringify({ ...good(), recipient: { id: 28 } })],
    [
      'an array as conversation.tenantId',
      () =>
        JSON.stringify({ ...good(), conversation: { id: 'c', conversationType: 'personal', tenantId: [TENANT_A] } }),
    ],
    [
      'an object as conversation.conversationType',
      () => JSON.stringify({ ...good(), conversation: { id: 'c', conversationType: {} } }),
    ],
    ['a number as channelData.tenant.id', () => JSON.stringify({ ...good(), channelData: { tenant: { id: 1 } } })],
    // The Bot Framework puts these on every activity; without them the turn failed with a stack.
    ['no recipient', () => JSON.stringify({ ...good(), recipient: undefined })],
    ['no from.id', () => JSON.stringify({ ...good(), from: { aadObjectId: PERSON } })],
    ['no conversation', () => JSON.stringify({ ...good(), conversation: undefined })],
    ['no channelId', () => JSON.stringify({ ...good(), channelId: undefined })],
    ['no serviceUrl', () => JSON.stringify({ ...good(), serviceUrl: undefined })],
    ['null as from', () => JSON.stringify({ ...good(), from: null })],
    ['an entity without a type', () => JSON.stringify({ ...good(), entities: [{ text: 'x' }] })],
    [
      'a mention that names no one',
      () => JSON.stringify({ ...good(), entities: [{ type: 'mention', text: '<at>IMG Mentoring</at>' }] }),
    ],
    [
      'a mention with no text to remove it from',
      () =>
        JSON.stringify({
          ...good(),
          text: undefined,
          entities: [{ type: 'mention', text: '<at>x</at>', mentioned: { id: '28:mentoring-bot' } }],
        }),
    ],
    ['null as entities', () => JSON.stringify({ ...good(), entities: null })],
    [
      'membersAdded not a list',
      () => JSON.stringify({ ...good(), type: 'conversationUpdate', membersAdded: { id: '28:mentoring-bot' } }),
    ],
  ];

  for (const [name, body, headers] of cases) {
    it(`${name}: 400 with a short reason, one log line, no stack`, async () => {
      const res = await s.post(body(), headers ?? json);
      assert.equal(res.status, 400);
      assert.ok(res.text.length <= 60, `short body: ${res.text}`);
      assert.doesNotMatch(res.text, /toLowerCase|Error|at /, 'no internal detail');
      const written = s.written();
      assert.equal(written.length, 1, `one line: ${JSON.stringify(written)}`);
      assert.doesNotMatch(written[0], /\n/);
      assert.doesNotMatch(written[0], STACK);
      assert.equal(connector.calls.length, 0, 'the bot never ran');
    });
  }

  it('200 malformed requests at once: every one 400, one line each, no stack trace anywhere', async () => {
    const bodies = Array.from({ length: 200 }, (_, i) => cases[i % cases.length]);
    const answers = await Promise.all(bodies.map(([, body, headers]) => s.post(body(), headers ?? json)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [400]);
    const written = s.written();
    assert.equal(written.length, 200);
    assert.deepEqual(
      written.filter((l) => STACK.test(l)),
      [],
    );
    assert.equal(connector.calls.length, 0);
  });

  it('a well-formed activity with fields the bot does not read still reaches the bot', async () => {
    const res = await s.post(
      JSON.stringify(
        activity(connector.url, {
          timestamp: '2027-03-01T10:00:00.000Z',
          text: '<at>IMG Mentoring</at> help',
          entities: [
            { type: 'clientInfo', locale: 'en-GB' },
            {
              type: 'mention',
              text: '<at>IMG Mentoring</at>',
              mentioned: { id: '28:mentoring-bot', name: 'IMG Mentoring' },
            },
          ],
          attachments: [],
          conversation: {
            id: `a:personal-${PERSON}`,
            conversationType: 'personal',
            tenantId: TENANT_A,
            isGroup: false,
          },
          channelData: { tenant: { id: TENANT_A }, source: { name: 'message' } },
          futureField: { anything: [1, 'two'] },
        }),
      ),
    );
    assert.equal(res.status, 200);
    assert.equal(connector.calls.length, 1, 'the bot answered');
    assert.match(
      textOf(cardOf(connector.calls[0].activity)),
      /Set up a programme/,
      'with the welcome card: "help" was understood',
    );
    assert.deepEqual(s.written(), []);
  });
});

describe('unauthenticated requests in production', () => {
  let s: Service;
  beforeEach(async () => {
    s = await new Service().start({
      NODE_ENV: 'production',
      BOT_ID: '11111111-2222-4333-8444-555555555555',
      BOT_TENANT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      BOT_PASSWORD: 'not-a-real-secret',
      LINK_SECRET: 'not-a-real-link-secret-0123456789abcdef',
    });
  });
  afterEach(async () => {
    await s.stop();
  });

  const tokens: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['a bogus Bearer token', { authorization: 'Bearer not-a-token' }],
    ['an unsigned token', { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ];
  for (const [name, auth] of tokens) {
    it(`${name}: 401 with one short log line, no stack`, async () => {
      const res = await s.post(JSON.stringify(activity('https://smba.trafficmanager.net/emea/')), {
        'content-type': 'application/json',
        ...auth,
      });
      assert.equal(res.status, 401);
      assert.ok(res.text.length <= 60, `short body: ${res.text}`);
      const written = s.written();
      assert.equal(written.length, 1, `one line: ${JSON.stringify(written)}`);
      assert.ok(written[0].length <= 200, `short line: ${written[0]}`);
      assert.doesNotMatch(written[0], /\n/);
      assert.doesNotMatch(written[0], STACK);
      assert.deepEqual(await s.svc.store.tenants.list(), [], 'the bot never ran');
    });
  }
});

describe('where the service listens', () => {
  it('local mode (unauthenticated) binds to loopback only', async () => {
    const s = await new Service().start();
    try {
      assert.equal(s.svc.config.mode, 'local');
      assert.equal((s.server.address() as AddressInfo).address, '127.0.0.1');
    } finally {
      await s.stop();
    }
  });
});
