import { defineTable } from './sql/table';
import { col, optional } from './sql/types';

/** Concerns raised by participants (SPEC §3.6). Migration 0008. */
export const concerns = defineTable(
  'concerns',
  {
    tenant_id: col.id(),
    id: col.id(),
    programme_id: col.id(),
    raised_by: col.id(),
    match_id: optional(col.id()),
    category: col.id(16),
    text: col.longtext(),
    may_contact: col.bool(),
    status: col.id(16),
    acknowledged_by: optional(col.id()),
    acknowledged_at: optional(col.timestamp()),
    closed_by: optional(col.id()),
    closed_at: optional(col.timestamp()),
    close_note: optional(col.longtext()),
    version: col.int(),
    created_at: col.timestamp(),
    updated_at: col.timestamp(),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    indexes: [{ name: 'ix_concerns_programme', columns: ['tenant_id', 'programme_id', 'created_at'] }],
  },
);

/** The places to turn that a tenant's coordinators list (SPEC §3.6); no row means the defaults. Migration 0008. */
export const signposting = defineTable(
  'signposting',
  { tenant_id: col.id(), entries: col.json(), version: col.int(), updated_by: col.id(), updated_at: col.timestamp() },
  { primaryKey: ['tenant_id'] },
);
