import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { openStore } from '../../src/store';
import type { Store } from '../../src/services/ports';
import { queueNotices, tempDbFile, titleOf } from './support/delivery';
import { FakeConnector } from './support/fake-connector';
import { TENANT_A } from './support/harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * The service as a real process (src/index.ts), killed with SIGKILL twice in the middle of a burst and
 * started again each time: no message is lost, and only a message that was in flight at a kill (received by
 * Teams, not yet recorded as sent) may arrive twice.
 */
describe('delivery survives the process being killed mid-burst', function () {
  this.timeout(120_000);
  let connector: FakeConnector;
  let child: ChildProcess | undefined;
  let store: Store;

  beforeEach(async () => {
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await store?.close();
    await connector.stop();
  });

  it('160 messages, two SIGKILLs: none lost, duplicates only of messages in flight at a kill', async () => {
    const file = tempDbFile();
    store = openStore({ engine: 'sqlite', file });
    await store.migrate();
    const titles = Array.from({ length: 160 }, (_, i) => `burst-${i}`);
    const tenantId = await queueNotices(
      store,
      connector,
      TENANT_A,
      titles.map((title, i) => ({ key: `user:p${i % 40}`, title })),
    );
    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      SQLITE_FILE: file,
      SEED_DEMO: 'false',
      DISPATCH_INTERVAL_MS: '100',
      OUTBOX_LEASE_MS: '3000',
      OUTBOX_SEND_TIMEOUT_MS: '500',
    };
    const startChild = async () => {
      const started = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/index.ts'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      started.stdout!.on('data', (d) => (out += d));
      started.stderr!.on('data', (d) => (out += d));
      started.on('exit', (code, signal) => {
        if (code && code !== 0) console.error(`service exited ${code}: ${out}`);
        void signal;
      });
      child = started;
      return started;
    };
    const received = () => connector.calls.map((c) => titleOf(c.activity));
    const sentInDb = async () =>
      new Set(
        (await store.outbox.list(tenantId))
          .filter((m) => m.status === 'sent')
          .map((m) => m.dedupeKey.replace(/^notice-/, '')),
      );

    const inFlightAtKills: Set<string>[] = [];
    for (const after of [25, 90]) {
      const running = await startChild();
      const deadline = Date.now() + 60_000;
      while (connector.calls.length < after && Date.now() < deadline) await sleep(5);
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGKILL');
      await exited;
      const recorded = await sentInDb();
      inFlightAtKills.push(new Set(received().filter((t) => !recorded.has(t))));
    }
    await startChild();
    const deadline = Date.now() + 60_000;
    while ((await sentInDb()).size < titles.length && Date.now() < deadline) await sleep(100);

    const counts = new Map<string, number>();
    for (const t of received()) counts.set(t, (counts.get(t) ?? 0) + 1);
    assert.deepEqual(
      titles.filter((t) => !counts.has(t)),
      [],
      'none lost',
    );
    assert.equal((await sentInDb()).size, titles.length, 'all recorded as sent');
    const twice = [...counts].filter(([, n]) => n > 1).map(([t]) => t);
    const inFlight = new Set(inFlightAtKills.flatMap((s) => [...s]));
    assert.deepEqual(
      twice.filter((t) => !inFlight.has(t)),
      [],
      `only in-flight messages may repeat (in flight: ${[...inFlight].join(', ') || 'none'})`,
    );
    // A message in flight at both kills may come a third time, never more.
    for (const [t, n] of counts)
      assert.ok(n <= 1 + inFlightAtKills.filter((s) => s.has(t)).length, `${t} arrived ${n} times`);
  });
});
