import assert from 'node:assert/strict';
import { CONVERSATION_LIMITS } from '../../src/domain/outbox';
import type { ComposedService } from '../../src/compose';
import { composeOn, conversationIdOf, queueNotices, tempDbFile, titleOf } from './support/delivery';
import { FakeConnector, maxInWindow } from './support/fake-connector';
import { Harness, TENANT_A } from './support/harness';

/**
 * Delivery through the service as src/index.ts wires it (its CloudAdapter has an onTurnError that only
 * logs), to a Bot Connector double that fails on demand.
 */
describe('delivery faults through the wired service', () => {
  describe('each failure answer', () => {
    let h: Harness;
    let tenantId: string;
    beforeEach(async () => {
      h = await new Harness().start();
    });
    afterEach(async () => {
      await h.stop();
    });

    const queue = async (...titles: string[]) => {
      tenantId = await queueNotices(h.store, h.connector, TENANT_A, titles.map((title, i) => ({ key: titles.length > 1 && title.startsWith('b') ? 'user:bob' : 'user:ann', title: title || `n${i}` })), h.clock.now());
    };
    const messages = async () => h.store.outbox.list(tenantId);

    for (const status of [429, 503, 500, 502, 504, 408]) {
      it(`${status} is retried later, never recorded as sent`, async () => {
        await queue('first');
        h.connector.failNext.push({ status });
        assert.equal(await h.deliver(), 0);
        const [m] = await messages();
        assert.equal(m.status, 'pending');
        assert.match(m.lastError ?? '', new RegExp(`Teams answered ${status}`));
        assert.ok(Date.parse(m.nextAttemptAt) > h.clock.now().getTime());
        h.clock.advance(15 * 60_000);
        assert.equal(await h.deliver(), 1);
        assert.deepEqual(h.connector.calls.map((c) => titleOf(c.activity)), ['first']);
      });
    }

    it('403 is dead at once, with a reason a coordinator can act on', async () => {
      await queue('first');
      h.connector.failNext.push({ status: 403 });
      await h.deliver();
      const [m] = await messages();
      assert.deepEqual([m.status, m.attempts], ['dead', 1]);
      assert.match(m.lastError ?? '', /app is not installed for this person, or they have blocked it \(403\)/);
      h.clock.advance(60 * 60_000);
      assert.equal(await h.deliver(), 0, 'never tried again');
      assert.equal(h.connector.attempts.length, 1);
    });

    it('a 404 (chat gone) and a message that cannot be rendered are dead, never sent', async () => {
      await queue('first');
      h.connector.failNext.push({ status: 404 });
      await h.store.inTenant(tenantId, (tx) =>
        tx.outbox.enqueue({ dedupeKey: 'bad', conversationKey: 'user:ann', kind: 'send', view: 'noSuchView', data: {} }, 'z-bad', h.clock.now().toISOString()),
      );
      await h.deliver();
      const byId = new Map((await messages()).map((m) => [m.id, m]));
      assert.equal(byId.get('z-bad')!.status, 'dead');
      assert.match(byId.get('z-bad')!.lastError ?? '', /cannot be delivered: unknown view noSuchView/);
      assert.equal([...byId.values()].find((m) => m.id !== 'z-bad')!.status, 'dead');
      assert.equal(h.connector.calls.length, 0);
    });

    it('a refused connection and a hung-up socket are retried', async () => {
      await queue('first');
      await h.connector.refuse();
      assert.equal(await h.deliver(), 0);
      let [m] = await messages();
      assert.equal(m.status, 'pending');
      assert.match(m.lastError ?? '', /no answer from Teams/);
      await h.connector.accept();
      h.connector.failNext.push({ hangUp: true });
      h.clock.advance(15 * 60_000);
      assert.equal(await h.deliver(), 0);
      [m] = await messages();
      assert.deepEqual([m.status, m.attempts], ['pending', 2]);
      h.clock.advance(15 * 60_000);
      assert.equal(await h.deliver(), 1);
      assert.equal(h.connector.calls.length, 1);
    });

    it('a connector slower than the send timeout counts as a failure, retried', async () => {
      // The harness's service has the default 15 s timeout; one composed with a short timeout shows the rule.
      const file = tempDbFile();
      const connector = await new FakeConnector().start();
      const svc = await composeOn(file, { OUTBOX_SEND_TIMEOUT_MS: '300', OUTBOX_LEASE_MS: '5000' });
      try {
        const t = await queueNotices(svc.store, connector, TENANT_A, [{ key: 'user:ann', title: 'slow' }]);
        connector.failNext.push({ delayMs: 1_500 });
        assert.equal(await svc.dispatcher.runOnce(), 0);
        const [m] = await svc.store.outbox.list(t);
        assert.equal(m.status, 'pending');
        assert.match(m.lastError ?? '', /no answer from Teams/);
      } finally {
        await svc.stop();
        await connector.stop();
      }
    });

    it('Retry-After in seconds and as an HTTP date both hold the retry back', async () => {
      await queue('first');
      h.connector.failNext.push({ status: 429, retryAfter: '120' });
      await h.deliver();
      let [m] = await messages();
      assert.ok(Date.parse(m.nextAttemptAt) >= h.clock.now().getTime() + 120_000, 'seconds');
      h.clock.advance(121_000);
      const when = new Date(h.clock.now().getTime() + 300_000);
      // Real time is what the HTTP date is read against (the service's clock is real in production).
      h.connector.failNext.push({ status: 503, retryAfter: new Date(Date.now() + 300_000).toUTCString() });
      await h.deliver();
      [m] = await messages();
      assert.ok(Date.parse(m.nextAttemptAt) >= when.getTime() - 2_000, `HTTP date: ${m.nextAttemptAt} vs ${when.toISOString()}`);
      assert.equal(h.connector.calls.length, 0);
    });

    it('a 429 on a quiet chat pauses the whole tenant; every chat waits for Retry-After', async () => {
      await queue('a1', 'a2', 'a3', 'b1', 'b2');
      h.connector.failNext.push({ status: 429, retryAfter: '30' });
      const start = h.clock.now().getTime();
      await h.dispatcher.runOnce();
      // Bob's first notice may have been in flight beside ann's when the 429 came back; nothing left after it.
      const early = h.connector.calls.map((c) => titleOf(c.activity));
      assert.ok(early.length === 0 || (early.length === 1 && early[0] === 'b1'), `sent inside the window: ${early.join(', ')}`);
      h.clock.advance(29_000);
      await h.dispatcher.runOnce();
      assert.deepEqual(h.connector.calls.map((c) => titleOf(c.activity)), early);
      h.clock.advance(2_000);
      await h.deliver();
      assert.equal(h.connector.calls.length, 5);
      assert.equal(h.connector.attempts.length, 6);
      assert.ok(h.clock.now().getTime() - start >= 30_000);
    });

    it('a 429 on a busy chat pauses that chat only; other chats go on', async () => {
      await queue('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2');
      // The fifth message to ann (after four in the same second) is throttled.
      h.connector.rule = (c) => (c.conversationId === conversationIdOf('user:ann') && h.connector.attempts.filter((a) => a.conversationId === c.conversationId).length === 4 ? { status: 429, retryAfter: '30' } : undefined);
      await h.dispatcher.runOnce();
      h.connector.rule = undefined;
      const titles = () => h.connector.calls.map((c) => titleOf(c.activity));
      assert.deepEqual(titles().filter((t) => t.startsWith('a')), ['a1', 'a2', 'a3', 'a4']);
      assert.deepEqual(titles().filter((t) => t.startsWith('b')), ['b1', 'b2'], 'bob is not held back');
      h.clock.advance(10_000);
      await h.dispatcher.runOnce();
      assert.equal(titles().filter((t) => t.startsWith('a')).length, 4, 'ann stays paused inside Retry-After');
      h.clock.advance(21_000);
      await h.deliver();
      assert.deepEqual(titles().filter((t) => t.startsWith('a')), ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'], 'in order, once each');
    });
  });

  describe('two instances on one database file', function () {
    this.timeout(120_000);
    let connector: FakeConnector;
    const services: ComposedService[] = [];
    beforeEach(async () => {
      connector = await new FakeConnector().start();
    });
    afterEach(async () => {
      await Promise.all(services.splice(0).map((s) => s.stop()));
      await connector.stop();
    });

    it('a batch that outlives its lease is never sent twice: the slow instance stops where its claim lapsed', async () => {
      const file = tempDbFile();
      const env = { OUTBOX_SEND_TIMEOUT_MS: '500', OUTBOX_LEASE_MS: '3000' };
      const tuning = { dispatcher: { batchSize: 20, concurrency: 1, maxWaitMs: 100 } };
      const a = await composeOn(file, env, { ...tuning, owner: 'instance-a' });
      const b = await composeOn(file, env, { ...tuning, owner: 'instance-b' });
      services.push(a, b);
      await queueNotices(a.store, connector, TENANT_A, Array.from({ length: 20 }, (_, i) => ({ key: `user:p${i}`, title: `n${i}` })));
      connector.latencyMs = 400; // 20 sends take 8 s against a 3 s lease
      const first = a.dispatcher.runOnce();
      await new Promise((r) => setTimeout(r, 3_300));
      const second = b.dispatcher.runOnce();
      await Promise.all([first, second]);
      await b.dispatcher.runOnce();
      const titles = connector.calls.map((c) => titleOf(c.activity)).sort();
      assert.deepEqual(titles, Array.from({ length: 20 }, (_, i) => `n${i}`).sort(), 'each exactly once');
    });

    it('two instances pacing one chat never exceed 7 in 1 s, 8 in 2 s or 60 in 30 s at the connector', async function () {
      this.timeout(120_000);
      const file = tempDbFile();
      const env = { DISPATCH_INTERVAL_MS: '50' };
      const a = await composeOn(file, env, { owner: 'instance-a', dispatcher: { batchSize: 10 } });
      const b = await composeOn(file, env, { owner: 'instance-b', dispatcher: { batchSize: 10 } });
      services.push(a, b);
      const count = 66;
      const t = await queueNotices(a.store, connector, TENANT_A, Array.from({ length: count }, (_, i) => ({ key: 'channel:19:coordinators', title: `c${i}` })));
      a.dispatcher.start(50);
      b.dispatcher.start(50);
      const deadline = Date.now() + 100_000;
      while (connector.calls.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const times = connector.calls.map((c) => c.at);
      assert.equal(times.length, count);
      for (const { count: limit, windowMs } of CONVERSATION_LIMITS) assert.ok(maxInWindow(times, windowMs) <= limit, `${maxInWindow(times, windowMs)} in ${windowMs} ms`);
      assert.equal(new Set(connector.calls.map((c) => titleOf(c.activity))).size, count, 'none twice');
      assert.ok((await a.store.outbox.list(t)).every((m) => m.status === 'sent'));
    });
  });
});
