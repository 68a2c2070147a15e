import { defineTable } from './sql/table';
import { col, optional } from './sql/types';

/**
 * The tables. Every table except the tenant directory and the migration ledger carries tenant_id as the
 * first column of its primary key, so an id is only ever unique, and findable, within its tenant.
 */

/** Tenant directory (SPEC §2): one row per NHS organisation. */
export const tenants = defineTable(
  'tenants',
  { id: col.id(), entra_tenant_id: col.id(), org_code: col.id(64), name: col.text(200), created_at: col.timestamp() },
  { primaryKey: ['id'], unique: [{ name: 'ux_tenants_entra_org', columns: ['entra_tenant_id', 'org_code'] }] },
);

/** Programmes; settings are JSON so new settings need no migration. */
export const programmes = defineTable(
  'programmes',
  {
    tenant_id: col.id(),
    id: col.id(),
    name: col.text(200),
    settings: col.json(),
    coordinator_channel_key: optional(col.id(320)),
    created_at: col.timestamp(),
  },
  { primaryKey: ['tenant_id', 'id'] },
);

/** People as the app knows them in one tenant (Entra object id and display name). */
export const people = defineTable(
  'people',
  {
    tenant_id: col.id(),
    id: col.id(),
    name: col.text(200),
    email: optional(col.text(320)),
    updated_at: col.timestamp(),
  },
  { primaryKey: ['tenant_id', 'id'] },
);

/** Programme coordinators; the primary key makes a duplicate a conflict. */
export const coordinators = defineTable(
  'coordinators',
  { tenant_id: col.id(), programme_id: col.id(), person_id: col.id(), added_by: col.id(), added_at: col.timestamp() },
  {
    primaryKey: ['tenant_id', 'programme_id', 'person_id'],
    indexes: [{ name: 'ix_coordinators_person', columns: ['tenant_id', 'person_id'] }],
  },
);

const applicationColumns = {
  tenant_id: col.id(),
  id: col.id(),
  programme_id: col.id(),
  person_id: col.id(),
  role: col.id(16),
  status: col.id(32),
  form: col.json(),
  version: col.int(),
  submitted_at: col.timestamp(),
  updated_at: col.timestamp(),
  decided_by: optional(col.id()),
  decided_by_name: optional(col.text(200)),
  decided_at: optional(col.timestamp()),
  decision_note: optional(col.longtext()),
};

/** `applications` as migration 0001 created it: one of any status per (programme, person, role). */
export const applicationsV1 = defineTable('applications', applicationColumns, {
  primaryKey: ['tenant_id', 'id'],
  unique: [{ name: 'ux_applications_person_role', columns: ['tenant_id', 'programme_id', 'person_id', 'role'] }],
  indexes: [{ name: 'ix_applications_person', columns: ['tenant_id', 'person_id'] }],
});

/**
 * Statuses in which an application holds its role (the complement of the domain's CLOSED_STATUSES), written out
 * because an applied migration must never change with the domain.
 */
export const OPEN_APPLICATION_STATUSES = ['submitted', 'info-requested', 'approved'] as const;

/** The index migration 0009 added: one open application per (programme, person, role), enforced by the database. */
export const openApplicationIndex = {
  name: 'ux_applications_open',
  columns: ['tenant_id', 'programme_id', 'person_id', 'role'] as (keyof typeof applicationColumns)[],
  uniqueWhere: { column: 'status' as const, in: OPEN_APPLICATION_STATUSES },
};

/**
 * `applications` as migration 0009 rebuilt it: one open application per (programme, person, role), enforced by the
 * database rather than by a read-then-write; a withdrawn or rejected one stays as history beside the new one.
 */
export const applicationsV2 = defineTable('applications', applicationColumns, {
  primaryKey: ['tenant_id', 'id'],
  indexes: [{ name: 'ix_applications_person', columns: ['tenant_id', 'person_id'] }, openApplicationIndex],
});

/** The coordinator's last question and the applicant's answer, added by migration 0011. */
export const applicationColumnsInfo = {
  info_question: optional(col.longtext()),
  info_answer: optional(col.longtext()),
};

/** Applications as they are now: 0009's table plus the question and answer columns of 0011. */
export const applications = defineTable(
  'applications',
  { ...applicationColumns, ...applicationColumnsInfo },
  {
    primaryKey: ['tenant_id', 'id'],
    indexes: [{ name: 'ix_applications_person', columns: ['tenant_id', 'person_id'] }, openApplicationIndex],
  },
);
