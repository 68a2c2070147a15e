import type { OutboxMessage } from '../domain/outbox';
import type { Store } from '../services/ports';
import type { Engine } from './engine';
import { sortableId } from './ids';
import { claimEach } from './lease-claim';
import { cardQueries, outboxQueries as q } from './queries';
import { toOutbox } from './rows';

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
          return claimEach<OutboxMessage>(r, candidates, (id) => q.claim.bind(tenantId, id, at, owner, until), (id) => q.get.bind(tenantId, id), toOutbox);
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
          await r.run(retryAt ? q.retry.bind(tenantId, id, owner, text, retryAt.toISOString()) : q.markDead.bind(tenantId, id, owner, text));
        },
        { idempotent: true },
      ),

    sentTimes: (tenantId, conversationKey, since) =>
      engine.transaction(
        tenantId,
        async (r) => (await r.all(q.sentTimes.bind(tenantId, conversationKey, since.toISOString()))).map((row) => Date.parse(String(row.sent_at))),
        { idempotent: true },
      ),

    list: (tenantId) => engine.transaction(tenantId, async (r) => (await r.all(q.list.bind(tenantId))).map(toOutbox), { idempotent: true }),
  };
}
