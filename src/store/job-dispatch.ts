import type { Job } from '../domain/jobs';
import type { Store } from '../services/ports';
import type { Engine } from './engine';
import { claimEach } from './lease-claim';
import { jobQueries as q } from './queries';
import { toJob } from './rows';

/**
 * The job runner's side of scheduled jobs, shared by both engines. As for the outbox, exclusivity never relies
 * on an in-process lock: each claim is a conditional UPDATE whose row count says whether this owner won, and
 * every settlement is conditional on still holding the lease.
 */
export function jobDispatch(engine: Engine): Store['jobs'] {
  return {
    claimDue: (tenantId, now, owner, leaseMs, limit, kinds) =>
      // Idempotent to retry: a rolled-back attempt claimed nothing.
      engine.transaction(
        tenantId,
        async (r) => {
          const at = now.toISOString();
          const until = new Date(now.getTime() + leaseMs).toISOString();
          const candidates = await r.all(
            kinds ? q.due.bind(tenantId, at, limit, kinds) : q.dueAnyKind.bind(tenantId, at, limit),
          );
          return claimEach<Job>(
            r,
            candidates,
            (id) => q.claim.bind(tenantId, id, at, owner, until),
            (id) => q.get.bind(tenantId, id),
            toJob,
          );
        },
        { idempotent: true },
      ),

    // Idempotent: once settled the lease is cleared, so a repeat matches no row and does nothing.
    complete: (tenantId, id, owner, at) =>
      engine.transaction(
        tenantId,
        async (r) => (await r.run(q.complete.bind(tenantId, id, owner, at.toISOString()))) === 1,
        { idempotent: true },
      ),

    fail: (tenantId, id, owner, error, retryAt, at) =>
      engine.transaction(
        tenantId,
        async (r) => {
          const text = error.slice(0, 4000);
          const settle = retryAt
            ? q.retry.bind(tenantId, id, owner, text, retryAt.toISOString())
            : q.markDead.bind(tenantId, id, owner, text, at.toISOString());
          return (await r.run(settle)) === 1;
        },
        { idempotent: true },
      ),

    list: (tenantId) =>
      engine.transaction(tenantId, async (r) => (await r.all(q.list.bind(tenantId))).map(toJob), { idempotent: true }),
  };
}
