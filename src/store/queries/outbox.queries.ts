import type { NewOutboxMessage } from '../../domain/outbox';
import { outbox, sendPacing, sendSlots } from '../schema-messaging';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, gt, gte, isNull, lt, lte, or } from '../sql/where';
import { AT, T, sampleMessage } from './samples';

/** Enqueue order: `seq` is time-ordered and monotonic, so messages of one transaction keep their order. */
const oldestFirst = [{ column: 'created_at' as const }, { column: 'seq' as const }];

/** No live lease: never claimed, or the claimer's lease ran out (it crashed or stalled). */
const unleased = (now: string) => or(isNull<'locked_until'>('locked_until'), lt('locked_until', now));

/** Only the current lease holder of a still-pending message may settle it. */
const heldBy = (id: string, owner: string) => and(eq('id', id), eq('status', 'pending'), eq('locked_by', owner));

/** The outbox: enqueue inside use-case transactions, claim and settle from the dispatcher. */
export const outboxQueries = {
  enqueue: defineQuery(
    'outbox.enqueue',
    [T, sampleMessage, 'id', AT, 'seq'],
    (t: string, m: NewOutboxMessage, id: string, at: string, seq: string) =>
      on(outbox, t).insertIfAbsent(
        {
          id,
          seq,
          dedupe_key: m.dedupeKey,
          conversation_key: m.conversationKey,
          kind: m.kind,
          activity_id: m.activityId ?? null,
          subject_type: m.subjectType ?? null,
          subject_id: m.subjectId ?? null,
          view: m.view,
          data: JSON.stringify(m.data ?? null),
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
        },
        ['dedupe_key'],
      ),
  ),
  /** Due candidates in one conversation (one that was waiting on its own limits), oldest first. */
  dueIn: defineQuery(
    'outbox.dueIn',
    [T, 'user:person', AT, 8],
    (t: string, conversationKey: string, now: string, limit: number) =>
      on(outbox, t).select({
        columns: ['id'],
        where: and(
          eq('conversation_key', conversationKey),
          eq('status', 'pending'),
          lte('next_attempt_at', now),
          unleased(now),
        ),
        orderBy: oldestFirst,
        limit,
        claim: true,
      }),
  ),
  /** Candidates only: the claim itself is the conditional update below. */
  due: defineQuery('outbox.due', [T, AT, 10], (t: string, now: string, limit: number) =>
    on(outbox, t).select({
      columns: ['id'],
      where: and(eq('status', 'pending'), lte('next_attempt_at', now), unleased(now)),
      orderBy: oldestFirst,
      limit,
      claim: true,
    }),
  ),
  /**
   * Claims one row if it is still due and unleased. Re-checking the predicate in the UPDATE makes the claim
   * exclusive across processes: a racing claimer updates 0 rows.
   */
  claim: defineQuery(
    'outbox.claim',
    [T, 'id', AT, 'owner', AT],
    (t: string, id: string, now: string, owner: string, until: string) =>
      on(outbox, t).update(
        { locked_by: owner, locked_until: until, attempts: { increment: 1 } },
        and(eq('id', id), eq('status', 'pending'), lte('next_attempt_at', now), unleased(now)),
      ),
  ),
  get: defineQuery('outbox.get', [T, 'id'], (t: string, id: string) => on(outbox, t).select({ where: eq('id', id) })),
  list: defineQuery('outbox.list', [T], (t: string) => on(outbox, t).select({ orderBy: oldestFirst })),
  markSent: defineQuery('outbox.markSent', [T, 'id', 'owner', AT], (t: string, id: string, owner: string, at: string) =>
    on(outbox, t).update(
      { status: 'sent', sent_at: at, locked_by: null, locked_until: null, last_error: null },
      heldBy(id, owner),
    ),
  ),
  retry: defineQuery(
    'outbox.retry',
    [T, 'id', 'owner', 'error', AT],
    (t: string, id: string, owner: string, error: string, retryAt: string) =>
      on(outbox, t).update(
        { next_attempt_at: retryAt, last_error: error, locked_by: null, locked_until: null },
        heldBy(id, owner),
      ),
  ),
  markDead: defineQuery(
    'outbox.markDead',
    [T, 'id', 'owner', 'error'],
    (t: string, id: string, owner: string, error: string) =>
      on(outbox, t).update(
        { status: 'dead', last_error: error, locked_by: null, locked_until: null },
        heldBy(id, owner),
      ),
  ),
  /** Messages that could never be delivered, created since `since`, newest first. */
  dead: defineQuery('outbox.dead', [T, AT, 50], (t: string, since: string, limit: number) =>
    on(outbox, t).select({
      where: and(eq('status', 'dead'), gte('created_at', since)),
      orderBy: [
        { column: 'created_at', desc: true },
        { column: 'seq', desc: true },
      ],
      limit,
    }),
  ),
  /** Extends the lease of a message this owner still holds; 0 rows when the lease lapsed (another may own it). */
  renew: defineQuery(
    'outbox.renew',
    [T, 'id', 'owner', AT, AT],
    (t: string, id: string, owner: string, now: string, until: string) =>
      on(outbox, t).update({ locked_until: until }, and(heldBy(id, owner), gt('locked_until', now))),
  ),
  /** Puts a claimed message back until `at` without counting the attempt (it was paced, not tried). */
  defer: defineQuery('outbox.defer', [T, 'id', 'owner', AT], (t: string, id: string, owner: string, at: string) =>
    on(outbox, t).update(
      { next_attempt_at: at, attempts: { increment: -1 }, locked_by: null, locked_until: null },
      heldBy(id, owner),
    ),
  ),
};

/** Send slots and pauses: see the tables' comments. */
export const pacingQueries = {
  ensure: defineQuery('pacing.ensure', [T, '*'], (t: string, key: string) =>
    on(sendPacing, t).insertIfAbsent({ pacing_key: key, paused_until: null, version: 0 }, ['pacing_key']),
  ),
  /** Taken first in every reservation: the row lock queues other reservations of the tenant behind this one. */
  lock: defineQuery('pacing.lock', [T, '*'], (t: string, key: string) =>
    on(sendPacing, t).update({ version: { increment: 1 } }, eq('pacing_key', key)),
  ),
  get: defineQuery('pacing.get', [T, 'user:person'], (t: string, key: string) =>
    on(sendPacing, t).select({ where: eq('pacing_key', key) }),
  ),
  /** Pauses a key until `until` unless it is already paused for longer. */
  pause: defineQuery('pacing.pause', [T, '*', AT], (t: string, key: string, until: string) =>
    on(sendPacing, t).update(
      { paused_until: until },
      and(eq('pacing_key', key), or(isNull<'paused_until'>('paused_until'), lt('paused_until', until))),
    ),
  ),
  markWaiting: defineQuery('pacing.markWaiting', [T, 'user:person', AT], (t: string, key: string, until: string) =>
    on(sendPacing, t).update({ waiting_until: until }, eq('pacing_key', key)),
  ),
  /** Marks a key waiting from `at` unless it already is (keeps the earlier time). */
  markWaitingIfIdle: defineQuery(
    'pacing.markWaitingIfIdle',
    [T, 'channel:19:c', AT],
    (t: string, key: string, at: string) =>
      on(sendPacing, t).update(
        { waiting_until: at },
        and(eq('pacing_key', key), isNull<'waiting_until'>('waiting_until')),
      ),
  ),
  /** Conversations whose waiting message may go now, longest waiting first. */
  waitingKeys: defineQuery('pacing.waitingKeys', [T, AT, 20], (t: string, now: string, limit: number) =>
    on(sendPacing, t).select({
      columns: ['pacing_key'],
      where: lte('waiting_until', now),
      orderBy: [{ column: 'waiting_until' }],
      limit,
    }),
  ),
  clearWaiting: defineQuery('pacing.clearWaiting', [T, 'user:person', AT], (t: string, key: string, now: string) =>
    on(sendPacing, t).update({ waiting_until: null }, and(eq('pacing_key', key), lte('waiting_until', now))),
  ),
  recentSlots: defineQuery(
    'pacing.recentSlots',
    [T, 'user:person', AT, 1800],
    (t: string, key: string, since: string, limit: number) =>
      on(sendSlots, t).select({
        columns: ['slot_at'],
        where: and(eq('conversation_key', key), gt('slot_at', since)),
        orderBy: [{ column: 'slot_at', desc: true }],
        limit,
      }),
  ),
  addSlot: defineQuery(
    'pacing.addSlot',
    [T, 'id', 'user:person', AT, 'message'],
    (t: string, id: string, key: string, at: string, messageId: string) =>
      on(sendSlots, t).insert({ id, conversation_key: key, slot_at: at, message_id: messageId }),
  ),
  prune: defineQuery('pacing.prune', [T, 'user:person', AT], (t: string, key: string, before: string) =>
    on(sendSlots, t).delete(and(eq('conversation_key', key), lt('slot_at', before))),
  ),
};
