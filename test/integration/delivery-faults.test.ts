import assert from 'node:assert/strict';
import { CONVERSATION_LIMITS } from '../../src/domain/outbox';
import type { ComposedService } from '../../src/compose';
import { composeOn, conversationIdOf, queueNotices, tempDbFile, titleOf } from './support/delivery';
import { FakeConnector, maxInWindow } from './support/fake-connector';
import { Harness, TENANT_A } from './support/harness';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { OutboxDispatcher } from '../../src/services/outbox-dispatcher';
import type { Store } from '../../src/services/ports';
import { TeamsDeliverer } from '../../src/teams/deliverer';
import { Messenger } from '../../src/teams/messenger';

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
      tenantId = await queueNotices(
        h.store,
        h.connector,
        TENANT_A,
        titles.map((title, i) => ({
          key: titles.length > 1 && title.startsWith('b') ? 'user:bob' : 'user:ann',
          title: title || `n${i}`,
        })),
        h.clock.now(),
      );
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
        assert.deepEqual(
          h.connector.calls.map((c) => titleOf(c.activity)),
          ['first'],
        );
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
        tx.outbox.enqueue(
          { dedupeKey: 'bad', conversationKey: 'user:ann', kind: 'send', view: 'noSuchView', data: {} },
          'z-bad',
          h.clock.now().toISOString(),
        ),
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
      assert.ok(
        Date.parse(m.nextAttemptAt) >= when.getTime() - 2_000,
        `HTTP date: ${m.nextAttemptAt} vs ${when.toISOString()}`,
      );
      assert.equal(h.connector.calls.length, 0);
    });

    it('a 429 on a quiet chat pauses the whole tenant; every chat waits for Retry-After', async () => {
      await queue('a1', 'a2', 'a3', 'b1', 'b2');
      h.connector.failNext.push({ status: 429, retryAfter: '30' });
      const start = h.clock.now().getTime();
      await h.dispatcher.runOnce();
      // Bob's first notice may have been in flight beside ann's when the 429 came back; nothing left after it.
      const early = h.connector.calls.map((c) => titleOf(c.activity));
      assert.ok(
        early.length === 0 || (early.length === 1 && early[0] === 'b1'),
        `sent inside the window: ${early.join(', ')}`,
      );
      h.clock.advance(29_000);
      await h.dispatcher.runOnce();
      assert.deepEqual(
        h.connector.calls.map((c) => titleOf(c.activity)),
        early,
      );
      h.clock.advance(2_000);
      await h.deliver();
      assert.equal(h.connector.calls.length, 5);
      assert.equal(h.connector.attempts.length, 6);
      assert.ok(h.clock.now().getTime() - start >= 30_000);
    });

    it('a 429 on a busy chat pauses that chat only; other chats go on', async () => {
      await queue('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2');
      // The fifth message to ann (after four in the same second) is throttled.
      h.connector.rule = (c) =>
        c.conversationId === conversationIdOf('user:ann') &&
        h.connector.attempts.filter((a) => a.conversationId === c.conversationId).length === 4
          ? { status: 429, retryAfter: '30' }
          : undefined;
      await h.dispatcher.runOnce();
      h.connector.rule = undefined;
      const titles = () => h.connector.calls.map((c) => titleOf(c.activity));
      assert.deepEqual(
        titles().filter((t) => t.startsWith('a')),
        ['a1', 'a2', 'a3', 'a4'],
      );
      assert.deepEqual(
        titles().filter((t) => t.startsWith('b')),
        ['b1', 'b2'],
        'bob is not held back',
      );
      h.clock.advance(10_000);
      await h.dispatcher.runOnce();
      assert.equal(titles().filter((t) => t.startsWith('a')).length, 4, 'ann stays paused inside Retry-After');
      h.clock.advance(21_000);
      await h.deliver();
      assert.deepEqual(
        titles().filter((t) => t.startsWith('a')),
        ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'],
        'in order, once each',
      );
    });
  });

  describe('when the database or the shutdown gets in the way', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await new Harness().start();
    });
    afterEach(async () => {
      await h.stop();
    });

    /** The harness's store, with one outbox call failing the next `times` times. */
    function failing(method: 'reserve' | 'markSent', times: number): Store {
      const real = h.store;
      let left = times;
      const outbox = new Proxy(real.outbox, {
        get: (target, prop) =>
          prop === method
            ? async (...args: unknown[]) => {
                if (left-- > 0) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
                return (target[method] as (...a: unknown[]) => unknown)(...args);
              }
            : (target as unknown as Record<string | symbol, unknown>)[prop],
      });
      return new Proxy(real, {
        get: (target, prop) =>
          prop === 'outbox' ? outbox : (target as unknown as Record<string | symbol, unknown>)[prop],
      });
    }
    const dispatcherOn = (store: Store) =>
      new OutboxDispatcher(
        store,
        new TeamsDeliverer(
          new Messenger(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), ''),
          h.service.services,
        ),
        h.clock,
        {
          owner: 'test-dispatcher',
          random: () => 0.5,
          sleep: async (ms) => h.clock.advance(ms),
        },
      );

    it('a database error before sending leaves the message to be tried again, never dead', async () => {
      const t = await queueNotices(
        h.store,
        h.connector,
        TENANT_A,
        [{ key: 'user:ann', title: 'first' }],
        h.clock.now(),
      );
      assert.equal(await dispatcherOn(failing('reserve', 1)).runOnce(), 0);
      const [m] = await h.store.outbox.list(t);
      assert.equal(m.status, 'pending', 'not dead');
      h.clock.advance(61_000);
      assert.equal(await h.deliver(), 1);
      assert.deepEqual(
        h.connector.calls.map((c) => titleOf(c.activity)),
        ['first'],
      );
    });

    it('a database error recording a sent message is retried; the message is sent once and recorded, never dead', async () => {
      const t = await queueNotices(
        h.store,
        h.connector,
        TENANT_A,
        [{ key: 'user:ann', title: 'first' }],
        h.clock.now(),
      );
      assert.equal(await dispatcherOn(failing('markSent', 2)).runOnce(), 1);
      const [m] = await h.store.outbox.list(t);
      assert.equal(m.status, 'sent');
      assert.equal(h.connector.calls.length, 1);
    });

    it('after a failure the rest of the chat waits behind it, so the chat gets its messages in order', async () => {
      const t = await queueNotices(
        h.store,
        h.connector,
        TENANT_A,
        ['a1', 'a2', 'a3'].map((title) => ({ key: 'user:ann', title })),
        h.clock.now(),
      );
      h.connector.failNext.push({ status: 503 });
      assert.equal(await h.dispatcher.runOnce(), 0, 'a2 and a3 are not sent ahead of a1');
      const rest = (await h.store.outbox.list(t)).filter((m) => m.dedupeKey !== 'notice-a1');
      assert.ok(
        rest.every((m) => m.attempts === 0 && m.status === 'pending'),
        'put back, no attempt counted',
      );
      h.clock.advance(15 * 60_000);
      await h.deliver();
      assert.deepEqual(
        h.connector.calls.map((c) => titleOf(c.activity)),
        ['a1', 'a2', 'a3'],
      );
    });
  });

  describe('one instance, real time', function () {
    this.timeout(60_000);
    it('a backlog in one channel does not serialise the other chats: several deliveries run at once', async () => {
      const connector = await new FakeConnector().start();
      const svc = await composeOn(tempDbFile());
      try {
        const notices = [
          ...Array.from({ length: 30 }, (_, i) => ({ key: 'channel:19:coordinators', title: `c${i}` })),
          ...Array.from({ length: 40 }, (_, i) => ({ key: `user:p${i}`, title: `p${i}` })),
        ];
        await queueNotices(svc.store, connector, TENANT_A, notices);
        connector.latencyMs = 150;
        await svc.dispatcher.runOnce();
        assert.ok(connector.maxConcurrent >= 4, `at most ${connector.maxConcurrent} deliveries at once`);
        assert.equal(connector.calls.filter((c) => titleOf(c.activity).startsWith('p')).length, 40);
      } finally {
        await svc.stop();
        await connector.stop();
      }
    });

    it('a message claimed for a chat while its list was being delivered is put back with it when the chat is held', async () => {
      const connector = await new FakeConnector().start();
      const svc = await composeOn(tempDbFile(), {}, { dispatcher: { batchSize: 1, concurrency: 2 } });
      try {
        const t = await queueNotices(
          svc.store,
          connector,
          TENANT_A,
          ['a1', 'a2'].map((title) => ({ key: 'user:ann', title })),
        );
        connector.latencyMs = 300;
        connector.failNext.push({ status: 503 });
        await svc.dispatcher.runOnce();
        const [a1, a2] = await svc.store.outbox.list(t);
        assert.match(a1.lastError ?? '', /503/);
        assert.equal(a2.attempts, 0, 'a2 was put back, not tried');
        assert.equal(
          a2.nextAttemptAt,
          a1.nextAttemptAt,
          'it waits for a1\u2019s retry, not for its own claim to lapse',
        );
        assert.equal(connector.calls.length, 0);
      } finally {
        await svc.stop();
        await connector.stop();
      }
    });

    it('stopping during a backlog returns after the sends in flight and puts the rest back unsent', async () => {
      const connector = await new FakeConnector().start();
      const file = tempDbFile();
      const svc = await composeOn(file);
      try {
        const t = await queueNotices(
          svc.store,
          connector,
          TENANT_A,
          Array.from({ length: 120 }, (_, i) => ({ key: `user:p${i}`, title: `p${i}` })),
        );
        svc.dispatcher.start(1_000);
        while (connector.calls.length < 10) await new Promise((r) => setTimeout(r, 5));
        await svc.dispatcher.stop();
        const sentAtStop = connector.calls.length;
        assert.ok(sentAtStop < 60, `${sentAtStop} sent: stop waited for the backlog`);
        const messages = await svc.store.outbox.list(t);
        const pending = messages.filter((m) => m.status === 'pending');
        assert.equal(messages.filter((m) => m.status === 'sent').length, sentAtStop);
        assert.ok(
          pending.every((m) => m.attempts === 0),
          'put back without an attempt counted',
        );
        // Put back, not left leased: the next instance sends the rest at once rather than after the lease.
        const next = await composeOn(file, {}, { owner: 'next-instance' });
        try {
          assert.equal(await next.dispatcher.runOnce(), 120 - sentAtStop);
        } finally {
          await next.stop();
        }
        assert.equal(new Set(connector.calls.map((c) => titleOf(c.activity))).size, 120, 'each once');
      } finally {
        await svc.stop();
        await connector.stop();
      }
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
      await queueNotices(
        a.store,
        connector,
        TENANT_A,
        Array.from({ length: 20 }, (_, i) => ({ key: `user:p${i}`, title: `n${i}` })),
      );
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
      const t = await queueNotices(
        a.store,
        connector,
        TENANT_A,
        Array.from({ length: count }, (_, i) => ({ key: 'channel:19:coordinators', title: `c${i}` })),
      );
      a.dispatcher.start(50);
      b.dispatcher.start(50);
      const deadline = Date.now() + 100_000;
      while (connector.calls.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const times = connector.calls.map((c) => c.at);
      assert.equal(times.length, count);
      for (const { count: limit, windowMs } of CONVERSATION_LIMITS)
        assert.ok(maxInWindow(times, windowMs) <= limit, `${maxInWindow(times, windowMs)} in ${windowMs} ms`);
      assert.equal(new Set(connector.calls.map((c) => titleOf(c.activity))).size, count, 'none twice');
      assert.ok((await a.store.outbox.list(t)).every((m) => m.status === 'sent'));
    });
  });
});
