import { JOB_MAX_ATTEMPTS, jobRetryAt, type Job } from '../domain/jobs';
import { Periodic } from './periodic';
import type { Clock, Store, TenantTx } from './ports';

/**
 * Runs one job. `tx` is a transaction in the job's tenant: the handler's database work (state changes, audit,
 * outbox messages) commits together with the job's completion, or not at all. Handlers must not call
 * outside services directly; they enqueue outbox messages, which are delivered exactly once.
 */
export type JobHandler = (job: Job, tx: TenantTx) => Promise<void>;

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
  private readonly handlers = new Map<string, JobHandler>();
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
  register(kind: string, handler: JobHandler): this {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered`);
    this.handlers.set(kind, handler);
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
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await this.store.inTenant(job.tenantId, async (tx) => {
        await handler(job, tx);
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
