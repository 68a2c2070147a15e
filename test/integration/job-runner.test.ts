import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, NewJob } from '../../src/domain/jobs';
import { JobRunner, type JobHandler } from '../../src/services/job-runner';
import type { Clock, Store, TenantTx } from '../../src/services/ports';
import { openStore } from '../../src/store';

/**
 * The job runner on a real SQLite file, with test kinds (the reminder and expiry handlers come with the
 * matching flow). Each handler's database effect is an audit row written in the job's transaction, so
 * "ran once" is checked on what committed, not only on what was called.
 */

const T0 = Date.parse('2027-03-01T10:00:00.000Z');
const at = (ms = 0) => new Date(T0 + ms).toISOString();

class TestClock implements Clock {
  constructor(public ms = T0) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(offsetMs: number): void {
    this.ms = T0 + offsetMs;
  }
}

const job = (key: string, dueMs = 0, kind = 'test.ok'): NewJob => ({
  id: `job-${key}`,
  kind,
  dueAt: at(dueMs),
  payload: { key },
  dedupeKey: key,
});

/** Commits an audit row for the job in the handler's transaction: the effect we count. */
const recordRun = (j: Job, tx: TenantTx) =>
  tx.audit.append({
    tenantId: j.tenantId,
    at: at(),
    actorId: 'system',
    entityType: 'programme',
    entityId: j.id,
    action: 'test-job-ran',
  });

describe('job runner on a real database file', () => {
  let dir: string;
  let file: string;
  let store: Store;
  let clock: TestClock;
  let tenants: string[];
  const opened: Store[] = [];

  const open = (): Store => {
    const s = openStore({ engine: 'sqlite', file });
    opened.push(s);
    return s;
  };
  const schedule = (tenant: string, ...jobs: NewJob[]) =>
    store.inTenant(tenant, async (tx) => {
      for (const j of jobs) await tx.jobs.schedule(j, at());
    });
  const effects = async (tenant: string, id: string) =>
    (await store.inTenant(tenant, (tx) => tx.audit.list('programme', id))).length;
  const jobOf = async (tenant: string, key: string) => (await store.inTenant(tenant, (tx) => tx.jobs.get(key)))!;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'job-runner-'));
    file = join(dir, 'jobs.db');
    store = open();
    await store.migrate();
    clock = new TestClock();
    tenants = [];
    for (const name of ['Trust A', 'Trust B', 'Board C']) {
      const t = await store.tenants.ensure({
        id: `t-${randomUUID()}`,
        entraTenantId: randomUUID(),
        orgCode: '',
        name,
        createdAt: at(),
      });
      tenants.push(t.id);
    }
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a job when it is due and not before, in its own tenant, once', async () => {
    const [a, b] = tenants;
    await schedule(a, job('early', 1_000), job('late', 5_000));
    await schedule(b, job('early', 1_000));
    const seen: string[] = [];
    const runner = new JobRunner(store, clock, { owner: 'r1' }).register('test.ok', async (j, tx) => {
      assert.equal(tx.tenantId, j.tenantId);
      seen.push(`${j.tenantId === a ? 'a' : 'b'}:${j.dedupeKey}`);
      await recordRun(j, tx);
    });
    clock.set(999);
    assert.deepEqual(await runner.runOnce(), { done: 0, retried: 0, dead: 0, lost: 0 });
    clock.set(1_000);
    assert.equal((await runner.runOnce()).done, 2);
    assert.deepEqual(seen.sort(), ['a:early', 'b:early']);
    clock.set(60_000);
    assert.equal((await runner.runOnce()).done, 1);
    assert.equal((await runner.runOnce()).done, 0, 'done jobs never run again');
    const late = await jobOf(a, 'late');
    assert.deepEqual([late.status, late.attempts, late.settledAt], ['done', 1, at(60_000)]);
    assert.equal(await effects(a, 'job-late'), 1);
  });

  it('a throwing handler rolls back its work and is retried with back-off until it succeeds', async () => {
    const [a] = tenants;
    await schedule(a, job('flaky'));
    let calls = 0;
    const runner = new JobRunner(store, clock, { owner: 'r1', random: () => 0 }).register('test.ok', async (j, tx) => {
      calls++;
      await recordRun(j, tx);
      if (calls < 3) throw new Error(`Graph said 503 (${calls})`);
    });
    assert.deepEqual(await runner.runOnce(), { done: 0, retried: 1, dead: 0, lost: 0 });
    // Back-off after attempt 1 with jitter 0: 2 s × 0.75.
    let j = await jobOf(a, 'flaky');
    assert.deepEqual(
      [j.status, j.attempts, j.nextAttemptAt, j.lastError, j.dueAt],
      ['pending', 1, at(1_500), 'Graph said 503 (1)', at(0)],
    );
    clock.set(1_499);
    assert.equal((await runner.runOnce()).retried, 0, 'not before the back-off');
    clock.set(1_500);
    assert.equal((await runner.runOnce()).retried, 1);
    j = await jobOf(a, 'flaky');
    assert.equal(j.nextAttemptAt, at(1_500 + 3_000), 'after attempt 2: 4 s × 0.75');
    clock.set(4_500);
    assert.equal((await runner.runOnce()).done, 1);
    assert.equal(calls, 3);
    assert.equal(await effects(a, 'job-flaky'), 1, 'the failed runs committed nothing');
    j = await jobOf(a, 'flaky');
    assert.deepEqual([j.status, j.attempts, j.lastError], ['done', 3, undefined]);
  });

  it('a job that keeps failing is dead after the last attempt and never runs again', async () => {
    const [a] = tenants;
    await schedule(a, job('doomed'));
    let calls = 0;
    const log: string[] = [];
    const runner = new JobRunner(store, clock, { owner: 'r1', maxAttempts: 3, log: (l) => log.push(l) }).register(
      'test.ok',
      async () => {
        calls++;
        throw new Error('payload names a match that does not exist');
      },
    );
    for (let i = 0; i < 6; i++) {
      await runner.runOnce();
      clock.set((i + 1) * 3_600_000);
    }
    assert.equal(calls, 3);
    const j = await jobOf(a, 'doomed');
    assert.deepEqual([j.status, j.attempts, j.lastError], ['dead', 3, 'payload names a match that does not exist']);
    assert.ok(j.settledAt);
    assert.ok(
      log.some((l) => l.includes('dead after attempt 3')),
      log.join('\n'),
    );
  });

  it('two runners on two Store instances over one file never run the same job twice', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const t of tenants) await schedule(t, ...keys.map((k, i) => job(k, i % 5)));
    const calls = new Map<string, number>();
    const handler: JobHandler = async (j, tx) => {
      const id = `${j.tenantId}/${j.id}`;
      calls.set(id, (calls.get(id) ?? 0) + 1);
      // Yield inside the transaction so the other runner gets every chance to interleave.
      await new Promise((resolve) => setImmediate(resolve));
      await recordRun(j, tx);
    };
    const runners = [store, open()].map((s, i) =>
      new JobRunner(s, clock, { owner: `instance-${i}`, batchSize: 3 }).register('test.ok', handler),
    );
    clock.set(10_000);
    const drain = async (runner: JobRunner) => {
      let done = 0;
      for (;;) {
        const { done: d, retried, dead, lost } = await runner.runOnce();
        assert.deepEqual([retried, dead, lost], [0, 0, 0]);
        if (d === 0) return done;
        done += d;
        // Real runners tick at intervals; without a pause one SQLite connection could take every lock in turn.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const done = await Promise.all(runners.map(drain));
    assert.equal(done[0] + done[1], 120);
    assert.ok(done[0] > 0 && done[1] > 0, `both instances took work: ${done}`);
    assert.equal(calls.size, 120);
    assert.deepEqual([...new Set(calls.values())], [1], 'every job ran exactly once');
    for (const t of tenants) {
      for (const k of keys) assert.equal(await effects(t, `job-${k}`), 1);
      assert.ok((await store.jobs.list(t)).every((j) => j.status === 'done' && j.attempts === 1));
    }
  });

  it('after a restart, a new store on the same file runs jobs scheduled before, and a crashed claim after its lease', async () => {
    const [a] = tenants;
    await schedule(a, job('before-restart', 1_000), job('claimed-then-crashed', 0));
    assert.equal((await store.jobs.claimDue(a, clock.now(), 'crashed-instance', 30_000, 1)).length, 1);
    await store.close();
    opened.splice(opened.indexOf(store), 1);

    store = open();
    const ran: string[] = [];
    const runner = new JobRunner(store, clock, { owner: 'restarted' }).register('test.ok', async (j, tx) => {
      ran.push(j.dedupeKey);
      await recordRun(j, tx);
    });
    clock.set(1_000);
    await runner.runOnce();
    assert.deepEqual(ran, ['before-restart'], 'the crashed claim is still leased');
    clock.set(30_001);
    await runner.runOnce();
    assert.deepEqual(ran, ['before-restart', 'claimed-then-crashed']);
    const j = await jobOf(a, 'claimed-then-crashed');
    assert.deepEqual([j.status, j.attempts], ['done', 2]);
  });

  it('a run whose lease was lost rolls back its work and leaves the job to its new owner', async () => {
    const [a] = tenants;
    await schedule(a, job('contested'));
    // As if another instance took the job over while this handler ran: the completion matches no row.
    const lossy: Store = {
      migrate: () => store.migrate(),
      close: () => store.close(),
      tenants: store.tenants,
      outbox: store.outbox,
      jobs: store.jobs,
      certificateCodes: store.certificateCodes,
      inTenant: (t, work) =>
        store.inTenant(t, (tx) => work({ ...tx, jobs: { ...tx.jobs, complete: async () => false } })),
    };
    const runner = new JobRunner(lossy, clock, { owner: 'slow' }).register('test.ok', recordRun);
    assert.deepEqual(await runner.runOnce(), { done: 0, retried: 0, dead: 0, lost: 1 });
    assert.equal(await effects(a, 'job-contested'), 0, 'nothing the handler wrote committed');
    const j = await jobOf(a, 'contested');
    assert.deepEqual([j.status, j.attempts, j.lastError], ['pending', 1, undefined]);
  });

  it('a job cancelled before it is due never runs; kinds without a handler wait untouched', async () => {
    const [a] = tenants;
    await schedule(a, job('reminder', 1_000), job('expiry', 2_000), job('future-kind', 0, 'test.from-a-newer-release'));
    await store.inTenant(a, (tx) => tx.jobs.cancel('reminder', at(500)));
    const ran: string[] = [];
    const runner = new JobRunner(store, clock, { owner: 'r1' }).register(
      'test.ok',
      async (j) => void ran.push(j.dedupeKey),
    );
    clock.set(10_000);
    await runner.runOnce();
    assert.deepEqual(ran, ['expiry']);
    assert.equal((await jobOf(a, 'reminder')).status, 'cancelled');
    const future = await jobOf(a, 'future-kind');
    assert.deepEqual([future.status, future.attempts], ['pending', 0]);
    assert.throws(() => runner.register('test.ok', async () => undefined), /already registered/);
  });

  it('start runs due jobs in the background until stop', async () => {
    const [a] = tenants;
    await schedule(a, job('background'));
    let resolveRan: () => void;
    const ran = new Promise<void>((resolve) => (resolveRan = resolve));
    const runner = new JobRunner(store, clock, { owner: 'r1' }).register('test.ok', async (j, tx) => {
      await recordRun(j, tx);
      resolveRan();
    });
    runner.start(5);
    await ran;
    await runner.stop();
    assert.equal((await jobOf(a, 'background')).status, 'done');
  });

  it('a preparation runs before the job’s transaction, may read in its own, and hands its result to the handler', async () => {
    const [a] = tenants;
    await schedule(a, job('prepared', 0, 'test.prepared'));
    const seen: string[] = [];
    let failOnce = true;
    const runner = new JobRunner(store, clock, { owner: 'one' }).register<string>(
      'test.prepared',
      async (j, tx, prepared) => {
        seen.push(`handler:${prepared}`);
        await recordRun(j, tx);
      },
      async (j) => {
        // Its own short transaction: inside the job's, this would wait on itself (SQLite has one writer).
        const stored = await store.inTenant(j.tenantId, (tx) => tx.jobs.get(j.dedupeKey));
        seen.push(`prepare:${stored?.status}`);
        if (failOnce) {
          failOnce = false;
          throw new Error('render failed');
        }
        return 'rendered';
      },
    );
    assert.deepEqual(await runner.runOnce(), { done: 0, retried: 1, dead: 0, lost: 0 });
    assert.equal(await effects(a, 'job-prepared'), 0, 'a failed preparation runs no handler');
    assert.equal((await jobOf(a, 'prepared')).lastError, 'render failed');
    clock.set(60_000);
    assert.deepEqual(await runner.runOnce(), { done: 1, retried: 0, dead: 0, lost: 0 });
    assert.deepEqual(seen, ['prepare:pending', 'prepare:pending', 'handler:rendered']);
    assert.equal(await effects(a, 'job-prepared'), 1);
  });
});
