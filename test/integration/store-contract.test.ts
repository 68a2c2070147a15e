import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application, Role } from '../../src/domain/application';
import { ConflictError } from '../../src/domain/errors';
import type { Match } from '../../src/domain/match';
import type { NewJob } from '../../src/domain/jobs';
import type { NewOutboxMessage } from '../../src/domain/outbox';
import { DEFAULT_SETTINGS, type Programme } from '../../src/domain/programme';
import type { Store, TenantTx } from '../../src/services/ports';
import { openStore } from '../../src/store';

/**
 * One contract, every engine: SQLite on a fresh file always; Azure SQL / SQL Server when MSSQL_CONNECTION_STRING
 * is set. Tenant ids are fresh per test, so a shared SQL Server database needs no cleanup between runs.
 */
interface EngineCase {
  name: string;
  /** The SQLite file, when the engine is embedded (for the two-process test). */
  file?: string;
  skipReason?: string;
  /** True when overlapping transactions in one process run strictly one after the other (SQLite's mutex). */
  strictlySerial: boolean;
  open(): Store;
  cleanup(): void;
}

function sqliteCase(): EngineCase {
  const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
  const file = join(dir, 'nested', 'store.db');
  return {
    name: 'SQLite',
    file,
    strictlySerial: true,
    open: () => openStore({ engine: 'sqlite', file }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function mssqlCase(): EngineCase {
  const connectionString = process.env.MSSQL_CONNECTION_STRING;
  return {
    name: 'Azure SQL',
    skipReason: connectionString ? undefined : 'MSSQL_CONNECTION_STRING is not set (see docs/storage.md)',
    strictlySerial: false,
    open: () => openStore({ engine: 'mssql', connectionString }),
    cleanup: () => undefined,
  };
}

const T0 = new Date('2027-03-01T10:00:00.000Z');
const at = (ms = 0) => new Date(T0.getTime() + ms).toISOString();
const tenantId = () => `t-${randomUUID()}`;

const programme = (t: string, id = 'prog-1'): Programme => ({
  tenantId: t,
  id,
  name: 'IMG Peer Mentoring 2027',
  settings: DEFAULT_SETTINGS,
  createdAt: at(),
});

const application = (t: string, id: string, personId = 'person-1', role: Role = 'mentee'): Application => ({
  tenantId: t,
  id,
  programmeId: 'prog-1',
  personId,
  role,
  status: 'submitted',
  form: {
    name: 'Dr Adaeze Okafor',
    grade: 'CT1',
    specialty: 'Psychiatry',
    site: 'St Elsewhere',
    qualificationCountry: 'Nigeria',
    nhsStartDate: '2026-08-01',
    languages: ['English', 'Igbo'],
    topics: ['exams', 'culture'],
    goals: 'MRCPsych and settling in',
    meetingPreference: 'either',
    eligibilityConfirmed: true,
    privacyConsent: true,
  },
  version: 1,
  submittedAt: at(),
  updatedAt: at(),
});

const message = (dedupeKey: string, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  dedupeKey,
  conversationKey: 'user:person-1',
  kind: 'send',
  subjectType: 'application',
  subjectId: 'app-1',
  view: 'application-submitted',
  data: { n: dedupeKey },
  ...extra,
});

const job = (dedupeKey: string, dueMs = 0, extra: Partial<NewJob> = {}): NewJob => ({
  id: `job-${dedupeKey}`,
  kind: 'test.remind',
  dueAt: at(dueMs),
  payload: { key: dedupeKey },
  dedupeKey,
  ...extra,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('store contract', function () {
  for (const makeCase of [sqliteCase, mssqlCase]) {
    const engine = makeCase();
    describe(engine.skipReason ? `${engine.name} (pending: ${engine.skipReason})` : engine.name, function () {
      let store: Store;
      let t: string;
      const inT = <R>(work: (tx: TenantTx) => Promise<R>, tenant = t) => store.inTenant(tenant, work);
      const enqueue = (tenant: string, ...keys: string[]) =>
        store.inTenant(tenant, async (tx) => {
          for (const [i, key] of keys.entries()) await tx.outbox.enqueue(message(key), `msg-${key}`, at(i));
        });

      before(async function () {
        if (engine.skipReason) this.skip();
        store = engine.open();
        await store.migrate();
      });
      after(async function () {
        if (engine.skipReason) return;
        await store.close();
        engine.cleanup();
      });
      beforeEach(() => {
        t = tenantId();
      });

      describe('migrations', () => {
        it('running migrate again, even concurrently from two instances, is a no-op that keeps data', async () => {
          await inT((tx) => tx.programmes.insert(programme(t)));
          const other = engine.open();
          try {
            await Promise.all([store.migrate(), other.migrate(), store.migrate()]);
            assert.equal((await inT((tx) => tx.programmes.get('prog-1')))?.name, 'IMG Peer Mentoring 2027');
          } finally {
            await other.close();
          }
        });
      });

      describe('tenants', () => {
        it('ensure is race-safe: concurrent ensures from two instances store one tenant and all return it', async () => {
          const entra = randomUUID();
          const other = engine.open();
          try {
            const results = await Promise.all(
              [store, other, store, other, store].map((s, i) =>
                s.tenants.ensure({
                  id: `ten-${entra}-${i}`,
                  entraTenantId: entra,
                  orgCode: 'RX1',
                  name: `Trust ${i}`,
                  createdAt: at(i),
                }),
              ),
            );
            const ids = new Set(results.map((r) => r.id));
            assert.equal(ids.size, 1);
            const all = (await store.tenants.list()).filter((x) => x.entraTenantId === entra);
            assert.equal(all.length, 1);
            assert.deepEqual(await store.tenants.findByEntra(entra, 'RX1'), all[0]);
            assert.deepEqual(await store.tenants.get(all[0].id), all[0]);
            assert.equal(await store.tenants.findByEntra(entra, ''), undefined, 'the org code is part of the identity');
          } finally {
            await other.close();
          }
        });
      });

      describe('isolation', () => {
        it("another tenant's ids are never found, and writes through them change nothing", async () => {
          const a = t;
          const b = tenantId();
          await inT(async (tx) => {
            await tx.programmes.insert(programme(a));
            await tx.people.upsert({ tenantId: a, id: 'person-1', name: 'Dr A', updatedAt: at() });
            await tx.coordinators.insert({
              tenantId: a,
              programmeId: 'prog-1',
              personId: 'coord-1',
              addedBy: 'x',
              addedAt: at(),
            });
            await tx.applications.insert(application(a, 'app-1'));
            await tx.audit.append({
              tenantId: a,
              at: at(),
              actorId: 'x',
              entityType: 'application',
              entityId: 'app-1',
              action: 'submit',
            });
            await tx.conversations.save('user:person-1', { id: 'conv-a' }, at());
            await tx.cards.add({
              tenantId: a,
              subjectType: 'application',
              subjectId: 'app-1',
              conversationKey: 'user:person-1',
              activityId: 'act-1',
              createdAt: at(),
            });
            await tx.outbox.enqueue(message('k1'), 'msg-1', at());
            await tx.conversations.markWelcomed('user:person-1', at());
          }, a);

          await inT(async (tx) => {
            assert.deepEqual(await tx.programmes.list(), []);
            assert.equal(await tx.programmes.get('prog-1'), undefined);
            await tx.programmes.update({ ...programme(b), name: 'hijacked' });
            assert.equal(await tx.people.get('person-1'), undefined);
            assert.deepEqual(await tx.people.list(), []);
            assert.deepEqual(await tx.coordinators.list('prog-1'), []);
            assert.equal(await tx.coordinators.isCoordinator('prog-1', 'coord-1'), false);
            assert.deepEqual(await tx.coordinators.programmesOf('coord-1'), []);
            assert.equal(await tx.applications.get('app-1'), undefined);
            assert.equal(await tx.applications.find('prog-1', 'person-1', 'mentee'), undefined);
            assert.deepEqual(await tx.applications.listForPerson('person-1'), []);
            assert.deepEqual(await tx.applications.listForProgramme('prog-1'), []);
            assert.equal(
              await tx.applications.update({ ...application(b, 'app-1'), status: 'approved', version: 2 }, 1),
              false,
            );
            assert.deepEqual(await tx.audit.list('application', 'app-1'), []);
            assert.equal(await tx.conversations.get('user:person-1'), undefined);
            assert.deepEqual(await tx.cards.list('application', 'app-1'), []);
            assert.equal(await tx.conversations.markWelcomed('user:person-1', at()), false);
            // Writing a record that names another tenant is refused outright.
            await assert.rejects(tx.applications.insert(application(a, 'app-9')));
          }, b);
          assert.deepEqual(await store.outbox.claimDue(b, new Date(at(1000)), 'owner-b', 60_000, 10), []);
          assert.deepEqual(await store.outbox.list(b), []);
          await store.outbox.markSent(b, 'msg-1', 'owner-b', new Date(at(1000)), 'act-x');
          await store.outbox.markFailed(b, 'msg-1', 'owner-b', 'boom', undefined);
          assert.deepEqual(await store.outbox.slots(b, 'user:person-1', new Date(0)), []);
          assert.deepEqual(
            await store.outbox.reserve(
              b,
              { id: 'msg-1', conversationKey: 'user:person-1' },
              'owner-b',
              () => new Date(at(1000)),
              60_000,
              (s) => ({ at: Date.parse(at(1000)) + s.conversationSlots.length }),
            ),
            { kind: 'lost' },
          );

          await inT(async (tx) => {
            assert.equal((await tx.programmes.get('prog-1'))?.name, 'IMG Peer Mentoring 2027');
            assert.equal((await tx.people.get('person-1'))?.name, 'Dr A');
            assert.deepEqual(await tx.applications.get('app-1'), application(a, 'app-1'));
            assert.deepEqual(await tx.conversations.get('user:person-1'), { id: 'conv-a' });
            assert.equal((await tx.cards.list('application', 'app-1')).length, 1);
          }, a);
          const [m] = await store.outbox.list(a);
          assert.equal(m.status, 'pending');
          assert.equal(m.attempts, 0);
        });
      });

      describe('records', () => {
        it('applications: a second open (programme, person, role) conflicts; updates are optimistic on version', async () => {
          await inT(async (tx) => {
            await tx.applications.insert(application(t, 'app-1'));
            await tx.applications.insert(application(t, 'app-2', 'person-1', 'mentor'));
          });
          await assert.rejects(
            inT((tx) => tx.applications.insert(application(t, 'app-3'))),
            ConflictError,
          );
          await assert.rejects(
            inT((tx) => tx.applications.insert(application(t, 'app-1', 'person-2'))),
            ConflictError,
          );
          const approved: Application = {
            ...application(t, 'app-1'),
            status: 'approved',
            version: 2,
            decidedBy: 'c',
            decidedByName: 'Dr C',
            decidedAt: at(5),
            decisionNote: 'ok',
          };
          assert.equal(await inT((tx) => tx.applications.update(approved, 1)), true);
          assert.equal(
            await inT((tx) => tx.applications.update({ ...approved, status: 'rejected', version: 2 }, 1)),
            false,
            'a stale version loses',
          );
          await inT(async (tx) => {
            assert.deepEqual(await tx.applications.get('app-1'), approved);
            assert.deepEqual(
              await tx.applications.find('prog-1', 'person-1', 'mentor'),
              application(t, 'app-2', 'person-1', 'mentor'),
            );
            assert.deepEqual((await tx.applications.listForPerson('person-1')).map((x) => x.id).sort(), [
              'app-1',
              'app-2',
            ]);
            assert.equal((await tx.applications.listForProgramme('prog-1')).length, 2);
          });
        });

        it('applications: a withdrawn or rejected one does not count, so a new one can follow it; a second open one conflicts', async () => {
          await inT(async (tx) => {
            await tx.applications.insert({ ...application(t, 'app-1'), status: 'withdrawn' });
            await tx.applications.insert({ ...application(t, 'app-2'), status: 'rejected' });
            await tx.applications.insert(application(t, 'app-3'));
          });
          await assert.rejects(
            inT((tx) => tx.applications.insert(application(t, 'app-4'))),
            ConflictError,
          );
          const approved: Application = { ...application(t, 'app-3'), status: 'approved', version: 2 };
          assert.equal(await inT((tx) => tx.applications.update(approved, 1)), true);
          await assert.rejects(
            inT((tx) => tx.applications.insert(application(t, 'app-4'))),
            ConflictError,
            'an approved one still counts',
          );
          await inT(async (tx) => {
            assert.equal(
              (await tx.applications.find('prog-1', 'person-1', 'mentee'))?.id,
              'app-3',
              'find gives the open one',
            );
            assert.deepEqual((await tx.applications.listForPerson('person-1')).map((x) => x.id).sort(), [
              'app-1',
              'app-2',
              'app-3',
            ]);
          });
        });

        it('a conflict caught inside a transaction leaves the rest of it intact', async () => {
          await inT(async (tx) => {
            await tx.applications.insert(application(t, 'app-1'));
            await assert.rejects(tx.applications.insert(application(t, 'app-2')), ConflictError);
            await tx.programmes.insert(programme(t));
          });
          await inT(async (tx) => {
            assert.ok(await tx.applications.get('app-1'));
            assert.ok(await tx.programmes.get('prog-1'));
          });
        });

        it('coordinators: list, membership, programmes of a person, duplicate conflicts', async () => {
          const c = { tenantId: t, programmeId: 'prog-1', personId: 'coord-1', addedBy: 'admin', addedAt: at() };
          await inT(async (tx) => {
            await tx.coordinators.insert(c);
            await tx.coordinators.insert({ ...c, programmeId: 'prog-2' });
          });
          await assert.rejects(
            inT((tx) => tx.coordinators.insert(c)),
            ConflictError,
          );
          await inT(async (tx) => {
            assert.deepEqual(await tx.coordinators.list('prog-1'), [c]);
            assert.equal(await tx.coordinators.isCoordinator('prog-1', 'coord-1'), true);
            assert.equal(await tx.coordinators.isCoordinator('prog-1', 'someone-else'), false);
            assert.deepEqual(await tx.coordinators.programmesOf('coord-1'), ['prog-1', 'prog-2']);
          });
          await inT(async (tx) => {
            assert.equal(await tx.coordinators.remove('prog-1', 'coord-1'), true);
            assert.equal(await tx.coordinators.remove('prog-1', 'coord-1'), false, 'removing again changes nothing');
            assert.deepEqual(await tx.coordinators.programmesOf('coord-1'), ['prog-2'], 'only that programme');
          });
        });

        it('people upsert refreshes; programmes update; audit keeps order; conversations overwrite', async () => {
          await inT(async (tx) => {
            await tx.people.upsert({ tenantId: t, id: 'p', name: 'Old', email: 'a@nhs.net', updatedAt: at() });
            await tx.people.upsert({ tenantId: t, id: 'p', name: 'New', updatedAt: at(1) });
            await tx.programmes.insert(programme(t));
            await tx.programmes.update({ ...programme(t), name: 'Renamed', coordinatorChannelKey: 'channel:19:x' });
            for (const action of ['submit', 'approve', 'withdraw']) {
              await tx.audit.append({
                tenantId: t,
                at: at(),
                actorId: 'x',
                entityType: 'application',
                entityId: 'app-1',
                action,
              });
            }
            await tx.conversations.save('user:p', { v: 1 }, at());
            await tx.conversations.save('user:p', { v: 2 }, at(1));
          });
          await inT(async (tx) => {
            assert.deepEqual(await tx.people.get('p'), { tenantId: t, id: 'p', name: 'New', updatedAt: at(1) });
            assert.deepEqual(await tx.programmes.get('prog-1'), {
              ...programme(t),
              name: 'Renamed',
              coordinatorChannelKey: 'channel:19:x',
            });
            assert.deepEqual(
              (await tx.audit.list('application', 'app-1')).map((e) => e.action),
              ['submit', 'approve', 'withdraw'],
            );
            assert.deepEqual(await tx.conversations.get('user:p'), { v: 2 });
          });
        });

        it('a conversation is greeted once: marking it welcomed is true the first time only', async () => {
          await inT(async (tx) => {
            assert.equal(await tx.conversations.markWelcomed('user:unknown', at()), false, 'an unknown conversation');
            await tx.conversations.save('user:w', { v: 1 }, at());
            assert.equal(await tx.conversations.markWelcomed('user:w', at()), true);
            assert.equal(await tx.conversations.markWelcomed('user:w', at(1)), false);
            assert.deepEqual(await tx.conversations.get('user:w'), { v: 1 });
          });
        });
      });

      describe('outbox', () => {
        it('enqueue is idempotent on the dedupe key', async () => {
          await enqueue(t, 'k1', 'k1');
          await inT((tx) => tx.outbox.enqueue(message('k1', { view: 'other' }), 'another-id', at()));
          const all = await store.outbox.list(t);
          assert.equal(all.length, 1);
          assert.equal(all[0].view, 'application-submitted');
          assert.deepEqual(all[0].data, { n: 'k1' });
        });

        it('claims are exclusive between two owners on two instances racing', async () => {
          const keys = Array.from({ length: 30 }, (_, i) => `k${String(i).padStart(2, '0')}`);
          await enqueue(t, ...keys);
          const other = engine.open();
          try {
            const now = new Date(at(60_000));
            const claims = await Promise.all([
              store.outbox.claimDue(t, now, 'owner-a', 60_000, 20),
              other.outbox.claimDue(t, now, 'owner-b', 60_000, 20),
              store.outbox.claimDue(t, now, 'owner-c', 60_000, 20),
            ]);
            const ids = claims.flat().map((m) => m.id);
            assert.equal(ids.length, 30, 'every message claimed');
            assert.equal(new Set(ids).size, 30, 'no message claimed twice');
            assert.ok(claims.flat().every((m) => m.attempts === 1));
            assert.deepEqual(await store.outbox.claimDue(t, now, 'owner-d', 60_000, 20), []);
          } finally {
            await other.close();
          }
        });

        it('claims are exclusive between two OS processes on the same SQLite file', async function () {
          if (!engine.file) this.skip();
          const keys = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, '0')}`);
          await enqueue(t, ...keys);
          // Each child opens its own Store on the file, waits for a common start (process start-up takes a while),
          // then claims in small batches until nothing is left.
          const script = `
            const { openStore } = require('./src/store');
            (async () => {
              const s = openStore({ engine: 'sqlite', file: process.argv[1] });
              await new Promise((r) => setTimeout(r, Math.max(0, Number(process.argv[4]) - Date.now())));
              const ids = [];
              for (;;) {
                const got = await s.outbox.claimDue(process.argv[2], new Date('${at(60_000)}'), process.argv[3], 600000, 3);
                if (got.length === 0) break;
                ids.push(...got.map((m) => m.id));
                await new Promise((r) => setTimeout(r, 2));
              }
              await s.close();
              process.stdout.write(JSON.stringify(ids));
            })();`;
          const startAt = String(Date.now() + 3_000);
          const child = (owner: string) =>
            new Promise<string[]>((resolve, reject) =>
              execFile(
                process.execPath,
                ['-r', 'tsx/cjs', '-e', script, engine.file!, t, owner, startAt],
                { cwd: process.cwd() },
                (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout) as string[])),
              ),
            );
          const [a, b] = await Promise.all([child('proc-a'), child('proc-b')]);
          const all = [...a, ...b];
          assert.equal(all.length, 40);
          assert.equal(new Set(all).size, 40, 'no message claimed by both processes');
          assert.ok((await store.outbox.list(t)).every((m) => m.attempts === 1));
        });

        it('claims oldest first, up to the limit, only when due', async () => {
          await enqueue(t, 'k0', 'k1', 'k2');
          assert.deepEqual(await store.outbox.claimDue(t, new Date(at(-1)), 'o', 1000, 10), [], 'nothing is due yet');
          const claimed = await store.outbox.claimDue(t, new Date(at(5)), 'o', 1000, 2);
          assert.deepEqual(
            claimed.map((m) => m.dedupeKey),
            ['k0', 'k1'],
          );
        });

        it('an expired lease lets another owner claim; a live one does not', async () => {
          await enqueue(t, 'k1');
          assert.equal((await store.outbox.claimDue(t, new Date(at(0)), 'owner-a', 1000, 10)).length, 1);
          assert.deepEqual(await store.outbox.claimDue(t, new Date(at(500)), 'owner-b', 1000, 10), []);
          const [again] = await store.outbox.claimDue(t, new Date(at(1500)), 'owner-b', 1000, 10);
          assert.equal(again.attempts, 2);
          // The first owner lost its lease: it can no longer settle the message.
          await store.outbox.markSent(t, again.id, 'owner-a', new Date(at(1600)), 'act-a');
          assert.equal((await store.outbox.list(t))[0].status, 'pending');
        });

        it('markSent records the card copy in the same step; an update or a repeat records none', async () => {
          await enqueue(t, 'k1');
          await inT((tx) =>
            tx.outbox.enqueue(message('k2', { kind: 'update', activityId: 'act-old' }), 'msg-k2', at(1)),
          );
          const claimed = await store.outbox.claimDue(t, new Date(at(10)), 'o', 60_000, 10);
          for (const m of claimed)
            await store.outbox.markSent(t, m.id, 'o', new Date(at(20)), m.kind === 'send' ? 'act-new' : 'act-old');
          await store.outbox.markSent(t, 'msg-k1', 'o', new Date(at(30)), 'act-dup');
          const all = await store.outbox.list(t);
          assert.deepEqual(
            all.map((m) => [m.status, m.sentAt]),
            [
              ['sent', at(20)],
              ['sent', at(20)],
            ],
          );
          const copies = await inT((tx) => tx.cards.list('application', 'app-1'));
          assert.deepEqual(copies, [
            {
              tenantId: t,
              subjectType: 'application',
              subjectId: 'app-1',
              conversationKey: 'user:person-1',
              activityId: 'act-new',
              createdAt: at(20),
            },
          ]);
          assert.deepEqual(
            await store.outbox.claimDue(t, new Date(at(120_000)), 'o2', 60_000, 10),
            [],
            'sent messages are never claimed again',
          );
        });

        it('markFailed with retryAt reschedules; without it the message is dead', async () => {
          await enqueue(t, 'k1', 'k2');
          await store.outbox.claimDue(t, new Date(at(10)), 'o', 60_000, 10);
          await store.outbox.markFailed(t, 'msg-k1', 'o', '429 Too Many Requests', new Date(at(5_000)));
          await store.outbox.markFailed(t, 'msg-k2', 'o', '403 Forbidden', undefined);
          const [k1, k2] = await store.outbox.list(t);
          assert.deepEqual(
            [k1.status, k1.nextAttemptAt, k1.lastError],
            ['pending', at(5_000), '429 Too Many Requests'],
          );
          assert.deepEqual([k2.status, k2.lastError], ['dead', '403 Forbidden']);
          assert.deepEqual(
            await store.outbox.claimDue(t, new Date(at(4_999)), 'o2', 60_000, 10),
            [],
            'not before retryAt, lease released',
          );
          const retried = await store.outbox.claimDue(t, new Date(at(5_000)), 'o2', 60_000, 10);
          assert.deepEqual(
            retried.map((m) => [m.id, m.attempts]),
            [['msg-k1', 2]],
          );
        });

        it('only the owner holding the lease can mark', async () => {
          await enqueue(t, 'k1');
          await store.outbox.claimDue(t, new Date(at(10)), 'owner-a', 60_000, 10);
          await store.outbox.markSent(t, 'msg-k1', 'owner-b', new Date(at(20)), 'act');
          await store.outbox.markFailed(t, 'msg-k1', 'owner-b', 'x', undefined);
          const [m] = await store.outbox.list(t);
          assert.deepEqual([m.status, m.sentAt, m.lastError], ['pending', undefined, undefined]);
          assert.deepEqual(await inT((tx) => tx.cards.list('application', 'app-1')), []);
          await store.outbox.markSent(t, 'msg-k1', 'owner-a', new Date(at(20)), 'act');
          assert.equal((await store.outbox.list(t))[0].status, 'sent');
        });

        it('reserve hands out slots only to the lease holder, keeps them per conversation and tenant, and defers without an attempt', async () => {
          await enqueue(t, 'k1', 'k2', 'k3');
          await inT((tx) => tx.outbox.enqueue(message('k4', { conversationKey: 'user:other' }), 'msg-k4', at()));
          await store.outbox.claimDue(t, new Date(at(10)), 'o', 60_000, 10);
          const seen: unknown[] = [];
          const slotAt = (ms: number) => (s: unknown) => (seen.push(s), { at: Date.parse(at(ms)) });
          const one = { id: 'msg-k1', conversationKey: 'user:person-1' };
          assert.deepEqual(
            await store.outbox.reserve(t, one, 'someone-else', () => new Date(at(20)), 60_000, slotAt(20)),
            { kind: 'lost' },
          );
          assert.deepEqual(await store.outbox.reserve(t, one, 'o', () => new Date(at(20)), 60_000, slotAt(100)), {
            kind: 'reserved',
            at: Date.parse(at(100)),
          });
          assert.deepEqual(
            await store.outbox.reserve(
              t,
              { id: 'msg-k4', conversationKey: 'user:other' },
              'o',
              () => new Date(at(30)),
              60_000,
              slotAt(200),
            ),
            {
              kind: 'reserved',
              at: Date.parse(at(200)),
            },
          );
          await store.outbox.pause(t, 'user:person-1', new Date(at(5_000)));
          await store.outbox.pause(t, 'user:person-1', new Date(at(4_000)));
          const two = { id: 'msg-k2', conversationKey: 'user:person-1' };
          assert.deepEqual(
            await store.outbox.reserve(
              t,
              two,
              'o',
              () => new Date(at(40)),
              60_000,
              (s) => (seen.push(s), { deferTo: Date.parse(at(9_000)), waiting: true }),
            ),
            {
              kind: 'deferred',
              until: Date.parse(at(9_000)),
            },
          );
          assert.deepEqual(seen.at(-1), {
            conversationSlots: [Date.parse(at(100))],
            tenantSlots: [Date.parse(at(200)), Date.parse(at(100))],
            conversationPausedUntil: Date.parse(at(5_000)),
            tenantPausedUntil: undefined,
          });
          const deferred = (await store.outbox.list(t)).find((m) => m.id === 'msg-k2')!;
          assert.deepEqual([deferred.attempts, deferred.nextAttemptAt], [0, at(9_000)], 'a deferral is not an attempt');
          assert.deepEqual(
            await store.outbox.reserve(t, two, 'o', () => new Date(at(50)), 60_000, slotAt(60)),
            { kind: 'lost' },
            'released by the deferral',
          );
          assert.deepEqual(await store.outbox.slots(t, 'user:person-1', new Date(at(0))), [Date.parse(at(100))]);
          // The deferral marked the conversation waiting: at its time its message is claimed ahead of the rest, once.
          assert.deepEqual(await store.outbox.claimWaiting(t, new Date(at(8_000)), 'o2', 60_000, 10), []);
          assert.deepEqual(
            (await store.outbox.claimWaiting(t, new Date(at(9_000)), 'o2', 60_000, 10)).map((m) => m.id),
            ['msg-k2'],
          );
          assert.deepEqual(await store.outbox.claimWaiting(t, new Date(at(9_500)), 'o3', 60_000, 10), []);
          // Putting a claimed message back releases it unsent, with no attempt counted.
          await store.outbox.release(t, 'msg-k3', 'someone-else', new Date(at(60)));
          assert.equal(
            (await store.outbox.list(t)).find((m) => m.id === 'msg-k3')!.attempts,
            1,
            'only the holder may put it back',
          );
          await store.outbox.release(t, 'msg-k3', 'o', new Date(at(100)));
          const back = (await store.outbox.list(t)).find((m) => m.id === 'msg-k3')!;
          assert.deepEqual([back.status, back.attempts, back.nextAttemptAt], ['pending', 0, at(100)]);
          await store.outbox.claimDue(t, new Date(at(200)), 'o', 60_000, 10);
          // The lease has lapsed by then: the holder may no longer reserve, so it may no longer send.
          assert.deepEqual(
            await store.outbox.reserve(
              t,
              { id: 'msg-k3', conversationKey: 'user:person-1' },
              'o',
              () => new Date(at(70_000)),
              60_000,
              slotAt(70_000),
            ),
            { kind: 'lost' },
          );
        });
      });

      describe('jobs', () => {
        const schedule = (tenant: string, ...jobs: NewJob[]) =>
          store.inTenant(tenant, async (tx) => {
            for (const j of jobs) await tx.jobs.schedule(j, at());
          });

        it('schedule is idempotent on the dedupe key and rolls back with its transaction', async () => {
          assert.equal(await inT((tx) => tx.jobs.schedule(job('j1', 1_000), at())), true);
          assert.equal(
            await inT((tx) => tx.jobs.schedule(job('j1', 9_000, { id: 'other', kind: 'other' }), at())),
            false,
          );
          await assert.rejects(
            inT(async (tx) => {
              await tx.jobs.schedule(job('j2'), at());
              throw new Error('use case failed');
            }),
          );
          const all = await store.jobs.list(t);
          assert.deepEqual(all, [
            {
              tenantId: t,
              id: 'job-j1',
              kind: 'test.remind',
              dedupeKey: 'j1',
              dueAt: at(1_000),
              payload: { key: 'j1' },
              status: 'pending',
              attempts: 0,
              nextAttemptAt: at(1_000),
              createdAt: at(),
            },
          ]);
          assert.deepEqual(await inT((tx) => tx.jobs.get('j1')), all[0]);
          assert.equal(await inT((tx) => tx.jobs.get('j2')), undefined);
        });

        it("cancel settles a pending job for good; another tenant's keys are not found", async () => {
          await schedule(t, job('j1'), job('j2'));
          assert.equal(
            await inT((tx) => tx.jobs.cancel('j1', at(5)), tenantId()),
            false,
            'not visible from another tenant',
          );
          assert.deepEqual(await store.jobs.claimDue(tenantId(), new Date(at(10)), 'o', 60_000, 10), []);
          assert.equal(await inT((tx) => tx.jobs.cancel('j1', at(5))), true);
          assert.equal(await inT((tx) => tx.jobs.cancel('j1', at(6))), false, 'cancelling twice changes nothing');
          assert.equal(
            await inT((tx) => tx.jobs.schedule(job('j1'), at(7))),
            false,
            'a cancelled key is not scheduled again',
          );
          const claimed = await store.jobs.claimDue(t, new Date(at(10)), 'o', 60_000, 10);
          assert.deepEqual(
            claimed.map((j) => j.dedupeKey),
            ['j2'],
          );
          const j1 = await inT((tx) => tx.jobs.get('j1'));
          assert.deepEqual([j1?.status, j1?.settledAt, j1?.attempts], ['cancelled', at(5), 0]);
        });

        it('claims only due jobs of the given kinds, soonest first, up to the limit', async () => {
          await schedule(
            t,
            job('late', 3_000),
            job('early', 1_000),
            job('mid', 2_000),
            job('other-kind', 0, { kind: 'test.other' }),
          );
          assert.deepEqual(
            await store.jobs.claimDue(t, new Date(at(999)), 'o', 60_000, 10, ['test.remind']),
            [],
            'nothing of that kind is due',
          );
          const first = await store.jobs.claimDue(t, new Date(at(5_000)), 'o', 60_000, 2, ['test.remind']);
          assert.deepEqual(
            first.map((j) => [j.dedupeKey, j.attempts]),
            [
              ['early', 1],
              ['mid', 1],
            ],
          );
          const rest = await store.jobs.claimDue(t, new Date(at(5_000)), 'o', 60_000, 10);
          assert.deepEqual(rest.map((j) => j.dedupeKey).sort(), ['late', 'other-kind'], 'no kinds given: any kind');
        });

        it('claims are exclusive between two Store instances on one database', async () => {
          const keys = Array.from({ length: 30 }, (_, i) => `j${String(i).padStart(2, '0')}`);
          await schedule(t, ...keys.map((k) => job(k)));
          const other = engine.open();
          try {
            const now = new Date(at(60_000));
            const claims = await Promise.all([
              store.jobs.claimDue(t, now, 'owner-a', 60_000, 20),
              other.jobs.claimDue(t, now, 'owner-b', 60_000, 20),
              store.jobs.claimDue(t, now, 'owner-c', 60_000, 20),
              other.jobs.claimDue(t, now, 'owner-d', 60_000, 20),
            ]);
            const ids = claims.flat().map((j) => j.id);
            assert.equal(ids.length, 30, 'every job claimed');
            assert.equal(new Set(ids).size, 30, 'no job claimed twice');
            assert.ok(claims.flat().every((j) => j.attempts === 1));
          } finally {
            await other.close();
          }
        });

        it('an expired lease lets another owner claim; then only the new owner can settle it', async () => {
          await schedule(t, job('j1'));
          assert.equal((await store.jobs.claimDue(t, new Date(at(0)), 'owner-a', 1_000, 10)).length, 1);
          assert.deepEqual(await store.jobs.claimDue(t, new Date(at(500)), 'owner-b', 1_000, 10), [], 'live lease');
          const [again] = await store.jobs.claimDue(t, new Date(at(1_500)), 'owner-b', 1_000, 10);
          assert.equal(again.attempts, 2);
          assert.equal(await store.jobs.complete(t, 'job-j1', 'owner-a', new Date(at(1_600))), false);
          assert.equal(await inT((tx) => tx.jobs.complete('job-j1', 'owner-a', at(1_600))), false);
          assert.equal(await store.jobs.fail(t, 'job-j1', 'owner-a', 'stale', undefined, new Date(at(1_600))), false);
          assert.equal((await store.jobs.list(t))[0].status, 'pending');
          assert.equal(await inT((tx) => tx.jobs.complete('job-j1', 'owner-b', at(1_700))), true);
          const [done] = await store.jobs.list(t);
          assert.deepEqual([done.status, done.settledAt], ['done', at(1_700)]);
          assert.equal(
            await store.jobs.complete(t, 'job-j1', 'owner-b', new Date(at(1_800))),
            false,
            'a repeat changes nothing',
          );
          assert.deepEqual(
            await store.jobs.claimDue(t, new Date(at(120_000)), 'owner-c', 1_000, 10),
            [],
            'done jobs are never claimed again',
          );
        });

        it('fail with retryAt reschedules and releases the lease; without it the job is dead', async () => {
          await schedule(t, job('j1'), job('j2'));
          await store.jobs.claimDue(t, new Date(at(10)), 'o', 60_000, 10);
          assert.equal(await store.jobs.fail(t, 'job-j1', 'o', 'boom', new Date(at(5_000)), new Date(at(20))), true);
          assert.equal(await store.jobs.fail(t, 'job-j2', 'o', 'bad payload', undefined, new Date(at(20))), true);
          const [j1, j2] = [await inT((tx) => tx.jobs.get('j1')), await inT((tx) => tx.jobs.get('j2'))];
          assert.deepEqual(
            [j1?.status, j1?.nextAttemptAt, j1?.dueAt, j1?.lastError],
            ['pending', at(5_000), at(0), 'boom'],
          );
          assert.deepEqual([j2?.status, j2?.settledAt, j2?.lastError], ['dead', at(20), 'bad payload']);
          assert.deepEqual(
            await store.jobs.claimDue(t, new Date(at(4_999)), 'o2', 60_000, 10),
            [],
            'not before retryAt',
          );
          const retried = await store.jobs.claimDue(t, new Date(at(5_000)), 'o2', 60_000, 10);
          assert.deepEqual(
            retried.map((j) => [j.id, j.attempts]),
            [['job-j1', 2]],
          );
        });

        it('cancelling a job while it is claimed makes its completion fail', async () => {
          await schedule(t, job('j1'));
          await store.jobs.claimDue(t, new Date(at(10)), 'o', 60_000, 10);
          assert.equal(await inT((tx) => tx.jobs.cancel('j1', at(20))), true);
          assert.equal(await inT((tx) => tx.jobs.complete('job-j1', 'o', at(30))), false);
          assert.equal((await store.jobs.list(t))[0].status, 'cancelled');
        });
      });

      describe('mentor slots and matches', () => {
        const profile = (tenant: string, capacity: number) => ({
          tenantId: tenant,
          applicationId: 'mentor-app',
          programmeId: 'prog-1',
          personId: 'mentor',
          paused: false,
          capacity,
          inUse: 0,
          bio: 'Bio',
          topics: ['wellbeing'],
          meetingPreference: 'either' as const,
          version: 1,
          updatedAt: at(),
        });
        const match = (tenant: string, id: string, mentee: string) => ({
          tenantId: tenant,
          id,
          programmeId: 'prog-1',
          menteeApplicationId: mentee,
          mentorApplicationId: 'mentor-app',
          menteePersonId: `p-${mentee}`,
          mentorPersonId: 'mentor',
          status: 'requested' as const,
          origin: 'request' as const,
          score: 100,
          reasons: ['same site'],
          deadlineAt: at(9_000),
          deadlineDate: '2027-03-10',
          version: 1,
          createdAt: at(),
          updatedAt: at(),
          cycle: 1,
        });

        it('racing slot takes across two Store instances never exceed capacity', async () => {
          await inT(async (tx) => void (await tx.mentorProfiles.insertIfAbsent(profile(t, 2))));
          const other = engine.open();
          try {
            const take = (s: Store) =>
              s.inTenant(t, async (tx) => {
                const p = (await tx.mentorProfiles.get('mentor-app'))!;
                await sleep(5);
                return tx.mentorProfiles.takeSlot('mentor-app', p.capacity);
              });
            const results = await Promise.all([store, other, store, other, store, other].map(take));
            assert.equal(results.filter(Boolean).length, 2, 'exactly capacity-many takes succeed');
            assert.equal((await inT((tx) => tx.mentorProfiles.get('mentor-app')))!.inUse, 2);
          } finally {
            await other.close();
          }
        });

        it('no slot while paused; an edit cannot set capacity below the slots in use', async () => {
          await inT(async (tx) => {
            await tx.mentorProfiles.insertIfAbsent(profile(t, 2));
            assert.equal(await tx.mentorProfiles.takeSlot('mentor-app', 2), true);
            assert.equal(await tx.mentorProfiles.takeSlot('mentor-app', 3), false, 'a stale capacity takes nothing');
            const current = (await tx.mentorProfiles.get('mentor-app'))!;
            assert.equal(await tx.mentorProfiles.update({ ...current, capacity: 0, version: 2 }, 1), false);
            assert.equal(await tx.mentorProfiles.update({ ...current, paused: true, version: 2 }, 1), true);
            assert.equal(await tx.mentorProfiles.takeSlot('mentor-app', 2), false, 'paused');
            assert.deepEqual(
              { ...(await tx.mentorProfiles.get('mentor-app'))!, updatedAt: '' },
              { ...current, paused: true, version: 2, inUse: 1, updatedAt: '' },
            );
          });
        });

        it('a mentee holds one open request at a time, by primary key, until it is released', async () => {
          await inT((tx) => tx.matches.hold('mentee-1', 'm1', at()));
          await assert.rejects(
            inT((tx) => tx.matches.hold('mentee-1', 'm2', at())),
            ConflictError,
          );
          await inT((tx) => tx.matches.hold('mentee-1', 'm3', at()), tenantId());
          assert.equal(
            await inT((tx) => tx.matches.release('mentee-1', 'm2')),
            false,
            'only the holding match releases',
          );
          assert.equal(await inT((tx) => tx.matches.release('mentee-1', 'm1')), true);
          await inT((tx) => tx.matches.hold('mentee-1', 'm2', at()));
        });

        it('one match per pair, versioned updates, and another tenant sees none of it', async () => {
          await inT(async (tx) => {
            await tx.matches.insert(match(t, 'm1', 'mentee-1'));
            await assert.rejects(
              tx.matches.insert(match(t, 'm2', 'mentee-1')),
              (e: Error) => e instanceof ConflictError,
            );
            await assert.rejects(
              tx.matches.insert({ ...match(t, 'm2', 'mentee-1'), cycle: undefined }),
              (e: Error) => e instanceof ConflictError,
              'a match without a cycle is the first cycle',
            );
          });
          // The pair's next cycle is a match of its own, linked to the one before; its choices are stored.
          await inT(async (tx) => {
            await tx.matches.insert({ ...match(t, 'm3', 'mentee-1'), cycle: 2, previousMatchId: 'm1' });
            const next = (await tx.matches.get('m3'))!;
            assert.deepEqual([next.cycle, next.previousMatchId], [2, 'm1']);
            assert.ok(
              await tx.matches.update({ ...next, mentorNext: 'opt-out', menteeNext: 'continue', version: 2 }, 1),
            );
            const chosen = (await tx.matches.get('m3'))!;
            assert.deepEqual([chosen.menteeNext, chosen.mentorNext], ['continue', 'opt-out']);
            await tx.matches.update({ ...chosen, status: 'withdrawn', version: 3 }, 2);
          });
          await inT(async (tx) => {
            const m = (await tx.matches.get('m1'))!;
            assert.deepEqual(m, match(t, 'm1', 'mentee-1'));
            assert.equal(
              await tx.matches.update({ ...m, status: 'accepted', version: 2, respondedAt: at(1) }, 1),
              true,
            );
            assert.equal(await tx.matches.update({ ...m, status: 'declined', version: 2 }, 1), false, 'stale version');
            assert.equal((await tx.matches.listForPerson('mentor'))[0].status, 'accepted');
            assert.equal((await tx.matches.listForMentee('mentee-1')).length, 2, 'both cycles');
          });
          const other = tenantId();
          await inT(async (tx) => {
            assert.equal(await tx.matches.get('m1'), undefined);
            assert.deepEqual(await tx.matches.listForPerson('mentor'), []);
            assert.equal(await tx.mentorProfiles.takeSlot('mentor-app', 2), false);
          }, other);
        });
        it('a proposal keeps its automatic-matching fields; a released place never goes below zero', async () => {
          const proposal = {
            ...match(t, 'm9', 'mentee-9'),
            status: 'proposed' as const,
            origin: 'automatic' as const,
            runId: 'run-1',
          };
          await inT(async (tx) => {
            await tx.matches.insert(proposal);
            assert.deepEqual(await tx.matches.get('m9'), proposal);
            const answered = {
              ...proposal,
              version: 2,
              menteeAcceptedAt: at(1),
              status: 'declined' as const,
              declinedBy: 'mentor' as const,
              declineReason: 'Rota',
              mentorAcceptedAt: at(2),
            };
            assert.equal(await tx.matches.update(answered, 1), true);
            assert.deepEqual(await tx.matches.get('m9'), answered);
            assert.deepEqual(
              (await tx.matches.listForProgramme('prog-1')).map((m) => m.id),
              ['m9'],
            );
            await tx.mentorProfiles.insertIfAbsent(profile(t, 1));
            assert.equal(await tx.mentorProfiles.releaseSlot('mentor-app'), false, 'nothing in use');
            assert.equal(await tx.mentorProfiles.takeSlot('mentor-app', 1), true);
            assert.equal(await tx.mentorProfiles.releaseSlot('mentor-app'), true);
            assert.equal((await tx.mentorProfiles.get('mentor-app'))!.inUse, 0);
          });
          assert.deepEqual(await inT((tx) => tx.matches.listForProgramme('prog-1'), tenantId()), []);
        });

        it('barred pairs: barring twice changes nothing; listed by programme and by mentee; invisible to another tenant', async () => {
          const bar = {
            tenantId: t,
            programmeId: 'prog-1',
            menteeApplicationId: 'e1',
            mentorApplicationId: 'r1',
            barredBy: 'coord',
            barredAt: at(),
          };
          await inT(async (tx) => {
            assert.equal(await tx.barredPairs.bar(bar), true);
            assert.equal(await tx.barredPairs.bar({ ...bar, barredBy: 'someone else' }), false);
            assert.deepEqual(await tx.barredPairs.listForProgramme('prog-1'), [bar]);
            assert.deepEqual(await tx.barredPairs.listForMentee('e1'), [bar]);
            assert.deepEqual(await tx.barredPairs.listForMentee('e2'), []);
          });
          assert.deepEqual(await inT((tx) => tx.barredPairs.listForProgramme('prog-1'), tenantId()), []);
        });

        it('matching runs: stored whole, drafts by programme, versioned updates, invisible to another tenant', async () => {
          const run = {
            tenantId: t,
            id: 'run-1',
            programmeId: 'prog-1',
            status: 'draft' as const,
            createdBy: 'coord',
            createdAt: at(),
            updatedAt: at(),
            version: 1,
            pairs: [
              {
                menteeApplicationId: 'a',
                mentorApplicationId: 'b',
                score: 7000,
                reasons: ['same site'],
                removed: false,
              },
            ],
            unmatched: [{ menteeApplicationId: 'c', reason: 'no mentor' }],
            pool: { mentees: 2, mentors: 1, places: 1 },
            certified: true,
          };
          await inT(async (tx) => {
            await tx.matchingRuns.insert(run);
            assert.deepEqual(await tx.matchingRuns.get('run-1'), run);
            assert.deepEqual(
              (await tx.matchingRuns.drafts('prog-1')).map((r) => r.id),
              ['run-1'],
            );
            const published = {
              ...run,
              status: 'published' as const,
              version: 2,
              publishedBy: 'coord',
              publishedAt: at(1),
              outcome: { published: 1, skipped: [] },
            };
            assert.equal(await tx.matchingRuns.update(published, 1), true);
            assert.equal(
              await tx.matchingRuns.update({ ...run, status: 'discarded' as const, version: 2 }, 1),
              false,
              'stale version',
            );
            assert.deepEqual(await tx.matchingRuns.get('run-1'), published);
            assert.deepEqual(await tx.matchingRuns.drafts('prog-1'), []);
          });
          await inT(async (tx) => {
            assert.equal(await tx.matchingRuns.get('run-1'), undefined);
            assert.equal(await tx.matchingRuns.update({ ...run, tenantId: tx.tenantId, version: 3 }, 2), false);
          }, tenantId());
        });
      });

      describe('report aggregates', () => {
        it('counts by status, role and form field in the database, for one programme of one tenant only', async () => {
          const approved = (
            tenant: string,
            id: string,
            role: Role,
            specialty: string,
            site: string,
            programmeId = 'prog-1',
            status: Application['status'] = 'approved',
          ) => {
            const a = application(tenant, id, `p-${id}`, role);
            return {
              ...a,
              programmeId,
              status,
              form: { ...a.form, specialty, site },
              submittedAt: at(Number(id.slice(1)) * 1000),
            };
          };
          const rows = [
            approved(t, 'a1', 'mentee', 'psychiatry', 'North'),
            approved(t, 'a2', 'mentee', 'psychiatry', 'North'),
            approved(t, 'a3', 'mentor', 'psychiatry', 'South'),
            approved(t, 'a4', 'mentee', 'paediatrics', 'North'),
            approved(t, 'a5', 'mentee', 'paediatrics', 'North', 'prog-1', 'submitted'),
            approved(t, 'a6', 'mentee', 'paediatrics', 'North', 'prog-1', 'submitted'),
            approved(t, 'a7', 'mentee', 'psychiatry', 'North', 'prog-2'),
          ];
          const other = tenantId();
          await inT(async (tx) => {
            for (const a of rows) await tx.applications.insert(a);
            const base = {
              programmeId: 'prog-1',
              mentorApplicationId: 'a3',
              mentorPersonId: 'p-a3',
              origin: 'request' as const,
              score: 1,
              reasons: [],
              deadlineDate: '2027-03-08',
              version: 1,
              updatedAt: at(),
            };
            const m = (
              id: string,
              mentee: string,
              status: Match['status'],
              deadlineMs: number,
              respondedAt?: string,
            ): Match => ({
              ...base,
              tenantId: t,
              id,
              menteeApplicationId: mentee,
              menteePersonId: `p-${mentee}`,
              status,
              deadlineAt: at(deadlineMs),
              createdAt: at(),
              respondedAt,
            });
            await tx.matches.insert(m('m1', 'a1', 'accepted', 9_000, at(5_000)));
            await tx.matches.insert(m('m2', 'a2', 'requested', 1_000));
            await tx.matches.insert(m('m3', 'a4', 'requested', 99_000));
            await tx.concerns.insert({
              tenantId: t,
              id: 'c1',
              programmeId: 'prog-1',
              raisedBy: 'p-a1',
              category: 'welfare',
              text: 'x',
              mayContact: true,
              status: 'acknowledged',
              acknowledgedAt: at(3_600_000),
              acknowledgedBy: 'coord',
              version: 2,
              createdAt: at(),
              updatedAt: at(),
            });
          });
          await store.inTenant(other, (tx) =>
            tx.applications.insert(approved(other, 'a9', 'mentee', 'psychiatry', 'North')),
          );
          const got = await inT((tx) => tx.reports.aggregates('prog-1', at(2_000)));
          assert.deepEqual(
            got.applications.map((r) => [r.role, r.status, r.count, r.oldestSubmittedAt]),
            [
              ['mentee', 'approved', 3, at(1000)],
              ['mentee', 'submitted', 2, at(5000)],
              ['mentor', 'approved', 1, at(3000)],
            ],
          );
          assert.deepEqual(
            got.breakdowns.specialty.map((r) => [r.role, r.value, r.count]),
            [
              ['mentee', 'paediatrics', 1],
              ['mentee', 'psychiatry', 2],
              ['mentor', 'psychiatry', 1],
            ],
          );
          assert.deepEqual(
            got.breakdowns.site.map((r) => [r.role, r.value, r.count]),
            [
              ['mentee', 'North', 3],
              ['mentor', 'South', 1],
            ],
          );
          assert.deepEqual(
            got.matches.map((r) => [r.status, r.count]),
            [
              ['accepted', 1],
              ['requested', 2],
            ],
          );
          assert.equal(got.overdue, 1, 'only the request whose deadline has passed');
          assert.deepEqual(got.responses, [{ createdAt: at(), respondedAt: at(5_000) }]);
          assert.deepEqual(got.concerns, [{ status: 'acknowledged', count: 1 }]);
          assert.deepEqual(got.acknowledgements, [{ createdAt: at(), acknowledgedAt: at(3_600_000) }]);
          const elsewhere = await store.inTenant(other, (tx) => tx.reports.aggregates('prog-1', at()));
          assert.deepEqual(
            elsewhere.applications.map((r) => r.count),
            [1],
            'the other tenant counts only its own',
          );
        });
      });

      describe('transactions', () => {
        it('a transaction that throws rolls back everything it did', async () => {
          await assert.rejects(
            inT(async (tx) => {
              await tx.programmes.insert(programme(t));
              await tx.applications.insert(application(t, 'app-1'));
              await tx.outbox.enqueue(message('k1'), 'msg-1', at());
              await tx.conversations.save('user:k', { n: 1 }, at());
              throw new Error('use case failed');
            }),
            /use case failed/,
          );
          await inT(async (tx) => {
            assert.deepEqual(await tx.programmes.list(), []);
            assert.equal(await tx.applications.get('app-1'), undefined);
            assert.equal(await tx.conversations.get('user:k'), undefined);
          });
          assert.deepEqual(await store.outbox.list(t), []);
        });

        it('overlapping transactions serialise: no lost update, no interleaving', async () => {
          await inT((tx) => tx.conversations.save('counter', 0, at()));
          const events: string[] = [];
          const increment = (name: string) =>
            inT(async (tx) => {
              events.push(`${name}:start`);
              // Writing first takes the row lock in SQL Server; SQLite's transactions are already exclusive.
              await tx.people.upsert({ tenantId: t, id: 'lock', name, updatedAt: at() });
              const current = (await tx.conversations.get('counter')) as number;
              await sleep(30);
              await tx.conversations.save('counter', current + 1, at());
              events.push(`${name}:end`);
            });
          await Promise.all([increment('a'), increment('b'), increment('c')]);
          assert.equal(await inT((tx) => tx.conversations.get('counter')), 3);
          if (engine.strictlySerial)
            assert.deepEqual(events, ['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
        });
      });
    });
  }
});
