import { defineTable } from './sql/table';
import { col, optional } from './sql/types';

/**
 * Durable scheduled jobs (reminders, expiries) with a lease for exactly-once claiming across instances, like
 * the outbox. `due_at` keeps when the job was meant to run; `next_attempt_at` moves with each retry.
 */
export const jobs = defineTable(
  'jobs',
  {
    tenant_id: col.id(),
    id: col.id(),
    kind: col.id(64),
    dedupe_key: col.id(300),
    due_at: col.timestamp(),
    payload: col.json(),
    status: col.id(16),
    attempts: col.int(),
    next_attempt_at: col.timestamp(),
    created_at: col.timestamp(),
    settled_at: optional(col.timestamp()),
    last_error: optional(col.longtext()),
    locked_by: optional(col.id()),
    locked_until: optional(col.timestamp()),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    unique: [{ name: 'ux_jobs_dedupe', columns: ['tenant_id', 'dedupe_key'] }],
    indexes: [{ name: 'ix_jobs_due', columns: ['tenant_id', 'status', 'next_attempt_at'] }],
  },
);
