import { JOB_MAX_ATTEMPTS, jobRetryAt, type Job } from '../domain/jobs';
import { Periodic } from './periodic';
import type { Clock, Store, TenantTx } from './ports';

/**
 * Runs one job. `tx` is a transaction in the job's tenant: the handler's database work (state changes, audit,
 * outbox messages) commits together with the job's completion, or not at all. Handlers must not call
 * outside services directly; they enqueue outbox messages, which are delivered exactly once.
 */
export type JobHandler<P = undefined> = (job: Job, tx: TenantTx, prepared: P) => Promise<void>;

/**
 * Work a job does before its transaction: slow computation (rendering a PDF) that must not hold the tenant's
 * transaction open. It may read in transactions of its own but must not change anything; its result is handed to
 * the handler, which re-checks the records in its transaction before writing. It runs again on every retry.
 */
export type JobPreparation<P> = (job: Job) => Promise<P>;

/** What one {@link JobRunner.runOnce} did. */
export interface JobRunSummary {
  done: number;
  retried: number;
  dead: number;
  /** Runs rolled back because another owner took the job over (this one's lease ran out) or it was cancelled. */
  lost: number;
}

export interface JobRunnerOptions {
  /** Unique per process: claims are taken in this name. */
  owner: string;
  /** How long a claim lasts; a handler must finish well within it. */
  leaseMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  random?: () => number;
  log?: (line: string) => void;
}

/** Thrown inside the handler's transaction to roll it back when the completion no longer belongs to us. */
class LeaseLost extends Error {}

/**
 * Runs scheduled jobs (reminders, expiries) exactly once across instances sharing the database (SPEC §5):
 * claims due jobs with a lease, runs each kind's handler in a tenant transaction that also marks the job done
 * (only while this owner still holds the lease), and retries a throwing handler with the outbox's back-off
 * until the job is dead.
 */
export class JobRunner {
  private readonly handlers = new Map<string, { handler: JobHandler<unknown>; prepare?: JobPreparation<unknown> }>();
  private readonly loop = new Periodic(
    () => this.runOnce(),
    (e) => this.log(`jobs: run failed: ${(e as Error).message}`),
  );
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly random: () => number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: JobRunnerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 20;
    this.maxAttempts = options.maxAttempts ?? JOB_MAX_ATTEMPTS;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => undefined);
  }

  /** Registers the handler of a kind; only registered kinds are claimed, so unknown kinds wait for an instance that knows them. */
  register(kind: string, handler: JobHandler): this;
  /** With a preparation that runs before the handler's transaction, its result passed to the handler. */
  register<P>(kind: string, handler: JobHandler<P>, prepare: JobPreparation<P>): this;
  register<P>(kind: string, handler: JobHandler<P>, prepare?: JobPreparation<P>): this {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered`);
    this.handlers.set(kind, {
      handler: handler as JobHandler<unknown>,
      prepare: prepare as JobPreparation<unknown> | undefined,
    });
    return this;
  }

  /** Runs every job due now, across tenants. */
  async runOnce(): Promise<JobRunSummary> {
    const summary: JobRunSummary = { done: 0, retried: 0, dead: 0, lost: 0 };
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return summary;
    for (const tenant of await this.store.tenants.list()) {
      const claimed = await this.store.jobs.claimDue(
        tenant.id,
        this.clock.now(),
        this.options.owner,
        this.leaseMs,
        this.batchSize,
        kinds,
      );
      for (const job of claimed) summary[await this.runJob(job)]++;
    }
    return summary;
  }

  /** Runs until {@link stop}, every `intervalMs`, never overlapping itself. */
  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async runJob(job: Job): Promise<keyof JobRunSummary> {
    const owner = this.options.owner;
    const registered = this.handlers.get(job.kind);
    try {
      if (!registered) throw new Error(`no handler for job kind "${job.kind}"`);
      const prepared = registered.prepare ? await registered.prepare(job) : undefined;
      await this.store.inTenant(job.tenantId, async (tx) => {
        await registered.handler(job, tx, prepared);
        if (!(await tx.jobs.complete(job.id, owner, this.clock.now().toISOString()))) throw new LeaseLost();
      });
      return 'done';
    } catch (e) {
      if (e instanceof LeaseLost) {
        this.log(`jobs: ${job.kind} ${job.dedupeKey} rolled back: lease lost or cancelled`);
        return 'lost';
      }
      const message = (e as Error)?.message ?? String(e);
      const retryAt = jobRetryAt(job.attempts, this.clock.now(), this.random(), this.maxAttempts);
      if (!(await this.store.jobs.fail(job.tenantId, job.id, owner, message, retryAt, this.clock.now()))) return 'lost';
      this.log(
        `jobs: ${job.kind} ${job.dedupeKey} ${retryAt ? 'retry' : 'dead'} after attempt ${job.attempts}: ${message}`,
      );
      return retryAt ? 'retried' : 'dead';
    }
  }
}
