import {
  CONVERSATION_LIMITS,
  LONGEST_WINDOW_MS,
  TENANT_PACING_KEY,
  type OutboxMessage,
  type PacingState,
} from '../domain/outbox';
import type { Store } from '../services/ports';
import type { Engine, Runner } from './engine';
import { ConflictError } from '../domain/errors';
import { sortableId } from './ids';
import { claimEach } from './lease-claim';
import { cardQueries, outboxQueries as q, pacingQueries as p } from './queries';
import { toOutbox } from './rows';

/** At most this many messages of one waiting conversation are claimed at once: its one-second allowance and one. */
const WAITING_PER_CONVERSATION = 8;

/**
 * The dispatcher's side of the outbox, shared by both engines. Exclusivity never relies on an in-process lock:
 * each claim is a conditional UPDATE whose row count says whether this owner won.
 */
export function outboxDispatch(engine: Engine): Store['outbox'] {
  return {
    claimDue: (tenantId, now, owner, leaseMs, limit) =>
      // Idempotent to retry: a rolled-back attempt claimed nothing.
      engine.transaction(
        tenantId,
        async (r) => {
          const at = now.toISOString();
          const until = new Date(now.getTime() + leaseMs).toISOString();
          const candidates = await r.all(q.due.bind(tenantId, at, limit));
          return claimEach<OutboxMessage>(
            r,
            candidates,
            (id) => q.claim.bind(tenantId, id, at, owner, until),
            (id) => q.get.bind(tenantId, id),
            toOutbox,
          );
        },
        { idempotent: true },
      ),

    claimWaiting: (tenantId, now, owner, leaseMs, limit) =>
      engine.transaction(
        tenantId,
        async (r) => {
          const at = now.toISOString();
          const until = new Date(now.getTime() + leaseMs).toISOString();
          const claimed: OutboxMessage[] = [];
          for (const row of await r.all(p.waitingKeys.bind(tenantId, at, limit))) {
            const key = String(row.pacing_key);
            const room = Math.min(WAITING_PER_CONVERSATION, limit - claimed.length);
            if (room <= 0) break;
            const candidates = await r.all(q.dueIn.bind(tenantId, key, at, room + 1));
            // The lane stays open while more is due than is claimed now; otherwise it closes until its limits
            // put a message back again (or, for a shared conversation, a new message arrives).
            if (candidates.length <= room) await r.run(p.clearWaiting.bind(tenantId, key, at));
            candidates.splice(room);
            claimed.push(
              ...(await claimEach<OutboxMessage>(
                r,
                candidates,
                (id) => q.claim.bind(tenantId, id, at, owner, until),
                (id) => q.get.bind(tenantId, id),
                toOutbox,
              )),
            );
          }
          return claimed;
        },
        { idempotent: true },
      ),

    markSent: (tenantId, id, owner, at, activityId) =>
      // Idempotent: once settled the lease is cleared, so a repeat matches no row and does nothing.
      engine.transaction(
        tenantId,
        async (r) => {
          const [message] = (await r.all(q.get.bind(tenantId, id))).map(toOutbox);
          if (!message || (await r.run(q.markSent.bind(tenantId, id, owner, at.toISOString()))) !== 1) return;
          if (message.kind === 'send' && message.subjectType && message.subjectId && activityId) {
            const copy = {
              tenantId,
              subjectType: message.subjectType,
              subjectId: message.subjectId,
              conversationKey: message.conversationKey,
              activityId,
              createdAt: at.toISOString(),
            };
            await r.run(cardQueries.add.bind(tenantId, sortableId(), copy));
          }
        },
        { idempotent: true },
      ),

    markFailed: (tenantId, id, owner, error, retryAt) =>
      engine.transaction(
        tenantId,
        async (r) => {
          const text = error.slice(0, 4000);
          await r.run(
            retryAt
              ? q.retry.bind(tenantId, id, owner, text, retryAt.toISOString())
              : q.markDead.bind(tenantId, id, owner, text),
          );
        },
        { idempotent: true },
      ),

    reserve: (tenantId, message, owner, clock, leaseMs, plan) =>
      // Not retried as a whole: `plan` is pure, but a lost commit must not be taken for a reservation.
      engine.transaction(tenantId, async (r) => {
        await ensurePacingRow(r, tenantId, TENANT_PACING_KEY);
        await r.run(p.lock.bind(tenantId, TENANT_PACING_KEY));
        const now = clock();
        const at = now.toISOString();
        const until = new Date(now.getTime() + leaseMs).toISOString();
        if ((await r.run(q.renew.bind(tenantId, message.id, owner, at, until))) !== 1) return { kind: 'lost' as const };
        const key = message.conversationKey;
        const state: PacingState = {
          conversationSlots: await slotTimes(
            r,
            tenantId,
            key,
            now.getTime() - LONGEST_WINDOW_MS,
            CONVERSATION_LIMITS.at(-1)!.count,
          ),
          tenantSlots: await slotTimes(r, tenantId, TENANT_PACING_KEY, now.getTime() - 5_000, 1_000),
          conversationPausedUntil: await pausedUntil(r, tenantId, key),
          tenantPausedUntil: await pausedUntil(r, tenantId, TENANT_PACING_KEY),
        };
        const decision = plan(state, now.getTime());
        if ('deferTo' in decision) {
          await r.run(q.defer.bind(tenantId, message.id, owner, new Date(decision.deferTo).toISOString()));
          if (decision.waiting) {
            await ensurePacingRow(r, tenantId, key);
            await r.run(p.markWaiting.bind(tenantId, key, new Date(decision.deferTo).toISOString()));
          }
          return { kind: 'deferred' as const, until: decision.deferTo };
        }
        const slot = new Date(decision.at).toISOString();
        await r.run(p.addSlot.bind(tenantId, sortableId(), key, slot, message.id));
        await r.run(p.addSlot.bind(tenantId, sortableId(), TENANT_PACING_KEY, slot, message.id));
        await r.run(p.prune.bind(tenantId, key, new Date(now.getTime() - LONGEST_WINDOW_MS).toISOString()));
        await r.run(p.prune.bind(tenantId, TENANT_PACING_KEY, new Date(now.getTime() - 5_000).toISOString()));
        return { kind: 'reserved' as const, at: decision.at };
      }),

    release: (tenantId, id, owner, at) =>
      engine.transaction(
        tenantId,
        async (r) => void (await r.run(q.defer.bind(tenantId, id, owner, at.toISOString()))),
        { idempotent: true },
      ),

    pause: (tenantId, key, until) =>
      engine.transaction(
        tenantId,
        async (r) => {
          await ensurePacingRow(r, tenantId, key);
          await r.run(p.pause.bind(tenantId, key, until.toISOString()));
        },
        { idempotent: true },
      ),

    slots: (tenantId, key, since) =>
      engine.transaction(tenantId, (r) => slotTimes(r, tenantId, key, since.getTime(), 1_800), { idempotent: true }),

    list: (tenantId) =>
      engine.transaction(tenantId, async (r) => (await r.all(q.list.bind(tenantId))).map(toOutbox), {
        idempotent: true,
      }),
  };
}

async function slotTimes(r: Runner, tenantId: string, key: string, sinceMs: number, limit: number): Promise<number[]> {
  return (await r.all(p.recentSlots.bind(tenantId, key, new Date(sinceMs).toISOString(), limit))).map((row) =>
    Date.parse(String(row.slot_at)),
  );
}

async function pausedUntil(r: Runner, tenantId: string, key: string): Promise<number | undefined> {
  const [row] = await r.all(p.get.bind(tenantId, key));
  return row?.paused_until ? Date.parse(String(row.paused_until)) : undefined;
}

/**
 * Makes sure the pacing row for `key` exists. The first use of a key may race another instance's; the loser
 * finds the winner's row.
 */
export async function ensurePacingRow(r: Runner, tenantId: string, key: string): Promise<void> {
  try {
    await r.run(p.ensure.bind(tenantId, key));
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
  }
}
