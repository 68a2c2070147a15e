/**
 * Reports benchmark: a programme of 10,000 mentees, 3,000 mentors, 8,000 matches, 100,000 session logs, 6,000
 * evaluations and 600 concerns in the embedded SQLite database, and each Reports tab endpoint called over HTTP with
 * a valid (locally signed) Entra token, as Teams would. Beside each, the naive way: reading every raw row the
 * endpoint needs into the service (what the database's GROUP BY saves). One line per endpoint, then the summary:
 *
 *   report NAME: p50 MS ms, p95 MS ms, full-scan MS ms
 *   reports: worst p95 MS ms
 *
 *   npm run bench:reports [-- --calls 40]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { composeService } from '../src/compose';
import { loadConfig, PLAYGROUND_DEMO } from '../src/config';
import type { Application } from '../src/domain/application';
import { validateApplicationForm } from '../src/domain/application-form';
import { GRADES, SPECIALTIES } from '../src/domain/catalogue';
import { currentProgramme } from '../src/domain/programme';
import { rng } from './pool-generator';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '40' } }, strict: false });
const CALLS = Number(values.calls);
const SIZE = { mentees: 10_000, mentors: 3_000, matches: 8_000, sessions: 100_000, evaluations: 6_000, concerns: 600 };
const RESOURCE = 'api://mentoring.example.org/0b0b0b0b-1111-4222-8333-555555555555';

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reports-bench-'));
  const file = path.join(dir, 'reports.db');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256' }] });
  const service = await composeService(
    loadConfig({ NODE_ENV: 'test', SQLITE_FILE: file, SEED_DEMO: 'true', PORT: '3999', TAB_SSO_RESOURCE: RESOURCE }),
    { log: () => undefined, entraKeys: keys },
  );
  try {
    const t0 = performance.now();
    const { programmeId, tenantId } = await seed(service.store);
    console.log(
      `Seeded ${SIZE.mentees} mentees, ${SIZE.mentors} mentors, ${SIZE.matches} matches, ${SIZE.sessions} session logs, ${SIZE.evaluations} evaluations and ${SIZE.concerns} concerns in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
    );
    const server = await service.start(0);
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const token = await new SignJWT({
      iss: `https://login.microsoftonline.com/${PLAYGROUND_DEMO.tenantId}/v2.0`,
      aud: RESOURCE,
      tid: PLAYGROUND_DEMO.tenantId,
      oid: PLAYGROUND_DEMO.coordinatorId,
      name: PLAYGROUND_DEMO.coordinatorName,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);

    const raw = new Database(file, { readonly: true });
    const fullScan = () => {
      // The naive report: every row of the programme into the service, then counted there.
      const t = performance.now();
      for (const table of ['applications', 'matches', 'session_logs', 'evaluations', 'concerns']) {
        const rows = raw
          .prepare(`SELECT * FROM "${table}" WHERE "tenant_id" = ? AND "programme_id" = ?`)
          .all(tenantId, programmeId) as Record<string, unknown>[];
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(String(r.status ?? r.role), (counts.get(String(r.status ?? r.role)) ?? 0) + 1);
      }
      return performance.now() - t;
    };

    const endpoints: [string, string][] = [
      ['summary', '/api/reports'],
      ['csv', '/api/reports.csv'],
      ['filtered', `/api/reports?programme=${programmeId}&from=2027-01-01&to=2027-06-30`],
    ];
    let worst = 0;
    for (const [name, url] of endpoints) {
      const call = async () => {
        const t = performance.now();
        const res = await fetch(`${base}${url}`, { headers: { Authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        return performance.now() - t;
      };
      for (let i = 0; i < 3; i++) await call();
      const ms: number[] = [];
      for (let i = 0; i < CALLS; i++) ms.push(await call());
      const scans: number[] = [];
      for (let i = 0; i < 5; i++) scans.push(fullScan());
      const p95 = quantile(ms, 0.95);
      worst = Math.max(worst, p95);
      console.log(
        `report ${name}: p50 ${quantile(ms, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, full-scan ${quantile(scans, 0.5).toFixed(1)} ms`,
      );
    }
    raw.close();
    console.log(`reports: worst p95 ${worst.toFixed(1)} ms`);
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bulk-loads the demo programme through the store's own inserts, in one transaction. */
async function seed(store: Awaited<ReturnType<typeof composeService>>['store']) {
  const random = rng(20271001);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const tenant = (await store.tenants.findByEntra(PLAYGROUND_DEMO.tenantId, ''))!;
  return store.inTenant(tenant.id, async (tx) => {
    const programme = currentProgramme(await tx.programmes.list())!;
    const at = '2027-01-04T10:00:00.000Z';
    const day = (i: number) => new Date(Date.UTC(2027, 0, 4) + (i % 360) * 86_400_000).toISOString();
    const apply = async (role: 'mentee' | 'mentor', i: number): Promise<Application> => {
      const form = validateApplicationForm(
        {
          name: `Dr ${role} ${i}`,
          grade: role === 'mentee' ? pick(['fy1', 'fy2', 'core-trainee']) : pick(GRADES.map((g) => g.value)),
          specialty: pick(SPECIALTIES.map((s) => s.value)),
          site: pick(programme.settings.sites),
          qualificationCountry: pick(['IN', 'NG', 'PK', 'EG', 'SD', 'GH']),
          languages: 'en',
          topics: 'exams-portfolio',
          meetingPreference: 'either',
          nhsStartDate: '2024-08-07',
          goals: 'Settle in.',
          eligibilityConfirmed: 'true',
          privacyConsent: 'true',
          ...(role === 'mentor' ? { capacity: '3', bio: 'Registrar.' } : {}),
        },
        { role, sites: programme.settings.sites, capacity: programme.settings.mentorCapacity, today: '2027-01-04' },
      );
      const a: Application = {
        tenantId: tenant.id,
        id: `${role}-${i}`,
        programmeId: programme.id,
        personId: `${role}-person-${i}`,
        role,
        status: i % 10 === 0 ? 'submitted' : 'approved',
        form,
        version: 2,
        submittedAt: day(i),
        updatedAt: day(i),
      };
      await tx.applications.insert(a);
      return a;
    };
    const mentees: Application[] = [];
    const mentors: Application[] = [];
    for (let i = 0; i < SIZE.mentees; i++) mentees.push(await apply('mentee', i));
    for (let i = 0; i < SIZE.mentors; i++) mentors.push(await apply('mentor', i));
    const statuses = [
      'active',
      'active',
      'completed',
      'accepted',
      'declined',
      'expired',
      'requested',
      'ended',
    ] as const;
    for (let i = 0; i < SIZE.matches; i++) {
      const status = statuses[i % statuses.length]!;
      const created = day(i);
      await tx.matches.insert({
        tenantId: tenant.id,
        id: `match-${i}`,
        programmeId: programme.id,
        menteeApplicationId: mentees[i]!.id,
        mentorApplicationId: mentors[i % SIZE.mentors]!.id,
        menteePersonId: mentees[i]!.personId,
        mentorPersonId: mentors[i % SIZE.mentors]!.personId,
        status,
        origin: 'request',
        score: 5000,
        reasons: [],
        deadlineAt: new Date(Date.parse(created) + 7 * 86_400_000).toISOString(),
        deadlineDate: created.slice(0, 10),
        version: 2,
        createdAt: created,
        updatedAt: created,
        ...(status === 'requested'
          ? {}
          : { respondedAt: new Date(Date.parse(created) + 2 * 86_400_000).toISOString() }),
        cycle: 1,
      });
    }
    for (let i = 0; i < SIZE.sessions; i++) {
      const match = i % 6000;
      await tx.sessionLogs.insert({
        tenantId: tenant.id,
        id: `session-${i}`,
        programmeId: programme.id,
        matchId: `match-${match}`,
        number: Math.floor(i / 6000) + 1,
        heldOn: day(i).slice(0, 10),
        durationMinutes: 45 + (i % 4) * 15,
        mode: 'virtual',
        topics: ['wellbeing'],
        actionPoints: '',
        mentorNotes: '',
        menteeNotes: '',
        menteeNotesShared: false,
        loggedBy: 'mentor',
        version: 1,
        createdAt: day(i),
        updatedAt: day(i),
      });
    }
    for (let i = 0; i < SIZE.evaluations; i++) {
      await tx.evaluations.insert({
        tenantId: tenant.id,
        id: `evaluation-${i}`,
        programmeId: programme.id,
        matchId: `match-${i}`,
        role: 'mentee',
        personId: mentees[i]!.personId,
        mentorPersonId: mentors[i % SIZE.mentors]!.personId,
        evaluation: {
          ratings: { overall: 1 + (i % 5), support: 4, fit: 3, recommend: 5 },
          helped: '',
          better: '',
          nameOnCertificate: false,
        },
        submittedAt: day(i),
      });
    }
    for (let i = 0; i < SIZE.concerns; i++) {
      await tx.concerns.insert({
        tenantId: tenant.id,
        id: `concern-${i}`,
        programmeId: programme.id,
        raisedBy: mentees[i]!.personId,
        category: 'other',
        text: 'x',
        mayContact: true,
        status: i % 3 === 0 ? 'open' : 'acknowledged',
        ...(i % 3 === 0 ? {} : { acknowledgedBy: 'c', acknowledgedAt: day(i + 1) }),
        version: 1,
        createdAt: day(i),
        updatedAt: day(i),
      });
    }
    return { programmeId: programme.id, tenantId: tenant.id, at };
  });
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
