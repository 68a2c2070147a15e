import { ALL_TIME, type ReportRange } from '../domain/reports';
import { ForbiddenError } from '../domain/errors';
import { currentProgramme, type Programme } from '../domain/programme';
import { buildReport, type ProgrammeReport } from '../domain/report-model';
import { nextDigest } from '../domain/reports';
import type { BankHolidays } from '../domain/working-days';
import { conversationKey, type Actor } from './actor';
import type { JobRunner } from './job-runner';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** The job that posts a programme's weekly digest; one per programme per week (its dedupe key names both). */
export const DIGEST_JOB = 'reports.digest';
const digestKey = (programmeId: string, date: string) => `reports:digest:${programmeId}:${date}`;

/** Coordinators' reports (SPEC §3.7): on request, and as a weekly digest posted through the outbox. */
export class ReportsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly holidays: BankHolidays,
  ) {}

  /**
   * The report of the programme the actor coordinates (the newest, if several), asked for in a personal chat or,
   * with `sharedConversation` (its conversation key), in a channel or group chat. Anyone else is refused: reports
   * are for coordinators of their own tenant only (SPEC §8); the transaction is the actor's tenant, so another
   * tenant's programme cannot be found at all.
   */
  async forCoordinator(
    actor: Actor,
    sharedConversation?: string,
    filter: { programmeId?: string; range?: ReportRange } = {},
  ): Promise<ProgrammeReport> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const coordinated = new Set(await tx.coordinators.programmesOf(actor.personId));
      const theirs = (await tx.programmes.list()).filter((p) => coordinated.has(p.id));
      // Another programme, another tenant's or one that does not exist: the same refusal, so nothing is learnt.
      const programme = filter.programmeId ? theirs.find((p) => p.id === filter.programmeId) : currentProgramme(theirs);
      if (!programme)
        throw new ForbiddenError(
          'Reports are for programme coordinators only. If you need figures about the programme, ask one of its coordinators.',
        );
      // Everyone in a channel or group chat sees what is posted there: only the coordinators' own channel may have it.
      if (sharedConversation !== undefined && sharedConversation !== programme.coordinatorChannelKey) {
        throw new ForbiddenError(
          `Reports are shown only in your personal chat with the app or in the coordinators\u2019 channel of ${programme.name}, since everyone here would see them.`,
        );
      }
      return this.reportIn(tx, programme, filter.range);
    });
  }

  /** The programmes the actor coordinates, for the tab's programme filter (id and name only). */
  async programmesFor(actor: Actor): Promise<{ id: string; name: string }[]> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const coordinated = new Set(await tx.coordinators.programmesOf(actor.personId));
      return (await tx.programmes.list()).filter((p) => coordinated.has(p.id)).map((p) => ({ id: p.id, name: p.name }));
    });
  }

  /**
   * Makes sure every programme has its next weekly digest scheduled. Safe on every instance at once: the job's
   * dedupe key (programme and date) lets the database keep one. Returns how many were newly scheduled.
   */
  async scheduleDigests(): Promise<number> {
    let scheduled = 0;
    for (const tenant of await this.store.tenants.list()) {
      scheduled += await this.store.inTenant(tenant.id, async (tx) => {
        let n = 0;
        for (const p of await tx.programmes.list()) if (await this.scheduleNext(tx, p)) n++;
        return n;
      });
    }
    return scheduled;
  }

  registerJobs(runner: JobRunner): void {
    runner.register(DIGEST_JOB, async (job, tx) => {
      const { programmeId, date } = job.payload as { programmeId: string; date: string };
      const programme = await tx.programmes.get(String(programmeId));
      if (!programme) return;
      const report = await this.reportIn(tx, programme);
      const at = this.clock.now().toISOString();
      const targets = programme.coordinatorChannelKey
        ? [programme.coordinatorChannelKey]
        : (await tx.coordinators.list(programme.id)).map((c) => conversationKey.personal(c.personId));
      // The outbox's dedupe key repeats the week: even a job run twice (a lease lost mid-run) sends one digest.
      for (const target of targets) {
        await tx.outbox.enqueue(
          {
            dedupeKey: `${digestKey(programme.id, String(date))}:${target}`,
            conversationKey: target,
            kind: 'send',
            view: 'reportDigest',
            data: { report },
          },
          this.ids.next(),
          at,
        );
      }
      await this.scheduleNext(tx, programme);
    });
  }

  private async scheduleNext(tx: TenantTx, p: Programme): Promise<boolean> {
    const next = nextDigest(
      this.clock.now().toISOString(),
      p.settings.reportDigest.weekday,
      p.settings.reportDigest.time,
    );
    return tx.jobs.schedule(
      {
        id: this.ids.next(),
        kind: DIGEST_JOB,
        dueAt: next.dueAt,
        payload: { programmeId: p.id, date: next.date },
        dedupeKey: digestKey(p.id, next.date),
      },
      this.clock.now().toISOString(),
    );
  }

  private async reportIn(tx: TenantTx, programme: Programme, range?: ReportRange): Promise<ProgrammeReport> {
    const at = this.clock.now().toISOString();
    const report = buildReport(programme, await tx.reports.aggregates(programme.id, at, range), this.holidays, at);
    return range && range !== ALL_TIME ? { ...report, range: { from: range.fromDate, to: range.toDate } } : report;
  }
}
