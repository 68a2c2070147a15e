import { MAX_ATTEMPTS, nextAttemptDelayMs } from './outbox';

/**
 * Durable scheduled work (SPEC §5 Scale): reminders and expiries are rows, written in the
 * same transaction as the state change that makes them due, and run once across every instance sharing the
 * database, whatever restarts in between.
 */

/** `cancelled`: withdrawn before it ran (e.g. a reminder once the mentor has answered); never run again. */
export type JobStatus = 'pending' | 'done' | 'dead' | 'cancelled';

/** What a use case schedules. */
export interface NewJob {
  id: string;
  /** Which handler runs it, e.g. `match.reminder`. */
  kind: string;
  /** When it should run, ISO UTC. */
  dueAt: string;
  /** The handler's input; JSON-serialisable. Handlers re-read the records it names rather than trust it. */
  payload: unknown;
  /**
   * Unique per tenant: scheduling the same key twice is a no-op, so a retried use case schedules once, and
   * the key is how the job is cancelled (e.g. `match:<id>:expiry`).
   */
  dedupeKey: string;
}

/** A job as stored. */
export interface Job extends NewJob {
  tenantId: string;
  status: JobStatus;
  /** Claims so far, counted when claimed, so a crash mid-run still counts as an attempt. */
  attempts: number;
  /** When it is next claimable: `dueAt` at first, later each retry's back-off. */
  nextAttemptAt: string;
  createdAt: string;
  /** When it became done, dead or cancelled. */
  settledAt?: string;
  lastError?: string;
}

/** After this many failed runs a job is dead (and logged): the same budget as outgoing messages. */
export const JOB_MAX_ATTEMPTS = MAX_ATTEMPTS;

/**
 * When a job that failed its `attempts`-th run may run again, or undefined when it has used its budget and is
 * dead. The outbox's back-off (2 s doubling to 10 minutes); `jitter` in [0,1) spreads instances' retries.
 */
export function jobRetryAt(
  attempts: number,
  now: Date,
  jitter: number,
  maxAttempts = JOB_MAX_ATTEMPTS,
): Date | undefined {
  if (attempts >= maxAttempts) return undefined;
  return new Date(now.getTime() + nextAttemptDelayMs(attempts, undefined, jitter));
}
