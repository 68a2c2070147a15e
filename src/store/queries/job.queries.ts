import type { NewJob } from '../../domain/jobs';
import { jobs } from '../schema-jobs';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, isNull, lt, lte, or, within } from '../sql/where';
import { AT, T } from './samples';

const sampleJob: NewJob = {
  id: 'job',
  kind: 'match.reminder',
  dueAt: AT,
  payload: { matchId: 'm' },
  dedupeKey: 'match:m:reminder:2',
};

const soonestFirst = [{ column: 'next_attempt_at' as const }, { column: 'id' as const }];

/** No live lease: never claimed, or the claimer's lease ran out (it crashed or stalled). */
const unleased = (now: string) => or(isNull<'locked_until'>('locked_until'), lt('locked_until', now));

/** Pending, due, and not leased to a live claimer. */
const dueAt = (now: string) =>
  and(
    eq<'status' | 'next_attempt_at' | 'locked_until'>('status', 'pending'),
    lte('next_attempt_at', now),
    unleased(now),
  );

/** Only the current lease holder of a still-pending job may settle it. */
const heldBy = (id: string, owner: string) => and(eq('id', id), eq('status', 'pending'), eq('locked_by', owner));

const released = { locked_by: null, locked_until: null };

/** Scheduled jobs: schedule and cancel inside use-case transactions, claim and settle from the job runner. */
export const jobQueries = {
  schedule: defineQuery('jobs.schedule', [T, sampleJob, AT], (t: string, j: NewJob, at: string) =>
    on(jobs, t).insertIfAbsent(
      {
        id: j.id,
        kind: j.kind,
        dedupe_key: j.dedupeKey,
        due_at: j.dueAt,
        payload: JSON.stringify(j.payload ?? null),
        status: 'pending',
        attempts: 0,
        next_attempt_at: j.dueAt,
        created_at: at,
      },
      ['dedupe_key'],
    ),
  ),
  /** Also cancels a job being run: its runner's completion then matches no row and its work rolls back. */
  cancel: defineQuery('jobs.cancel', [T, 'match:m:reminder:2', AT], (t: string, dedupeKey: string, at: string) =>
    on(jobs, t).update(
      { status: 'cancelled', settled_at: at, ...released },
      and(eq('dedupe_key', dedupeKey), eq('status', 'pending')),
    ),
  ),
  getByKey: defineQuery('jobs.getByKey', [T, 'match:m:reminder:2'], (t: string, dedupeKey: string) =>
    on(jobs, t).select({ where: eq('dedupe_key', dedupeKey) }),
  ),
  /**
   * Candidates only, of the kinds the runner can handle (during a rolling deploy an older instance must not
   * burn the attempts of a kind only the newer one knows): the claim itself is the conditional update below.
   */
  due: defineQuery(
    'jobs.due',
    [T, AT, 10, ['match.reminder', 'match.expiry']],
    (t: string, now: string, limit: number, kinds: readonly string[]) =>
      on(jobs, t).select({
        columns: ['id'],
        where: and(dueAt(now), within('kind', kinds)),
        orderBy: soonestFirst,
        limit,
        claim: true,
      }),
  ),
  /** Candidates of every kind (diagnostics and tools). */
  dueAnyKind: defineQuery('jobs.dueAnyKind', [T, AT, 10], (t: string, now: string, limit: number) =>
    on(jobs, t).select({ columns: ['id'], where: dueAt(now), orderBy: soonestFirst, limit, claim: true }),
  ),
  /** Claims one job if it is still due and unleased; a racing claimer updates 0 rows. */
  claim: defineQuery(
    'jobs.claim',
    [T, 'id', AT, 'owner', AT],
    (t: string, id: string, now: string, owner: string, until: string) =>
      on(jobs, t).update(
        { locked_by: owner, locked_until: until, attempts: { increment: 1 } },
        and(eq('id', id), dueAt(now)),
      ),
  ),
  get: defineQuery('jobs.get', [T, 'id'], (t: string, id: string) => on(jobs, t).select({ where: eq('id', id) })),
  list: defineQuery('jobs.list', [T], (t: string) => on(jobs, t).select({ orderBy: soonestFirst })),
  complete: defineQuery('jobs.complete', [T, 'id', 'owner', AT], (t: string, id: string, owner: string, at: string) =>
    on(jobs, t).update({ status: 'done', settled_at: at, last_error: null, ...released }, heldBy(id, owner)),
  ),
  retry: defineQuery(
    'jobs.retry',
    [T, 'id', 'owner', 'error', AT],
    (t: string, id: string, owner: string, error: string, retryAt: string) =>
      on(jobs, t).update({ next_attempt_at: retryAt, last_error: error, ...released }, heldBy(id, owner)),
  ),
  markDead: defineQuery(
    'jobs.markDead',
    [T, 'id', 'owner', 'error', AT],
    (t: string, id: string, owner: string, error: string, at: string) =>
      on(jobs, t).update({ status: 'dead', last_error: error, settled_at: at, ...released }, heldBy(id, owner)),
  ),
};
