import { defineTable } from './sql/table';
import { col, optional } from './sql/types';

/**
 * Mentor profiles, keyed by the mentor application. `in_use` counts accepted mentees and is
 * only changed by conditional updates (`… WHERE in_use < capacity`), so capacity holds under races.
 */
export const mentorProfiles = defineTable(
  'mentor_profiles',
  {
    tenant_id: col.id(),
    application_id: col.id(),
    programme_id: col.id(),
    person_id: col.id(),
    paused: col.bool(),
    capacity: col.int(),
    in_use: col.int(),
    bio: col.longtext(),
    topics: col.json(),
    meeting_preference: col.id(16),
    version: col.int(),
    updated_at: col.timestamp(),
  },
  {
    primaryKey: ['tenant_id', 'application_id'],
    indexes: [{ name: 'ix_mentor_profiles_programme', columns: ['tenant_id', 'programme_id'] }],
  },
);

/** The columns of `matches` as migration 0004 created them. */
const matchColumnsV1 = {
  tenant_id: col.id(),
  id: col.id(),
  programme_id: col.id(),
  mentee_application_id: col.id(),
  mentor_application_id: col.id(),
  mentee_person_id: col.id(),
  mentor_person_id: col.id(),
  status: col.id(32),
  score: col.int(),
  reasons: col.json(),
  deadline_at: col.timestamp(),
  deadline_date: col.id(10),
  decline_reason: optional(col.longtext()),
  version: col.int(),
  created_at: col.timestamp(),
  updated_at: col.timestamp(),
  responded_at: optional(col.timestamp()),
};

/** Columns migration 0006 added for automatic matching (nullable: older rows are requests). */
export const matchColumnsAutomatic = {
  origin: optional(col.id(16)),
  run_id: optional(col.id()),
  declined_by: optional(col.id(16)),
  mentee_accepted_at: optional(col.timestamp()),
  mentor_accepted_at: optional(col.timestamp()),
};

/** How an agreed match ended (SPEC §3.5): when, by whom, and the private reason for coordinators. Migration 0012. */
export const matchColumnsEnding = {
  ended_at: optional(col.timestamp()),
  ended_by: optional(col.id(16)),
  end_reason: optional(col.longtext()),
};

/**
 * Cycles (SPEC §3.5): a pair that both choose to continue gets a new match row, its cycle number one higher and
 * the previous cycle's id; each person's choice at the end of a cycle. Migration 0016.
 */
export const matchColumnsCycles = {
  cycle: optional(col.int()),
  previous_match_id: optional(col.id()),
  mentee_next: optional(col.id(16)),
  mentor_next: optional(col.id(16)),
};

const matchKeys = {
  primaryKey: ['tenant_id', 'id'] as ('tenant_id' | 'id')[],
  unique: [
    {
      name: 'ux_matches_pair',
      columns: ['tenant_id', 'mentee_application_id', 'mentor_application_id'] as (keyof typeof matchColumnsV1)[],
    },
  ],
  indexes: [
    { name: 'ix_matches_mentee', columns: ['tenant_id', 'mentee_person_id'] as (keyof typeof matchColumnsV1)[] },
    { name: 'ix_matches_mentor', columns: ['tenant_id', 'mentor_person_id'] as (keyof typeof matchColumnsV1)[] },
  ],
};

/** `matches` as migration 0004 created it; later columns are added by their own migration. */
export const matchesV1 = defineTable('matches', matchColumnsV1, matchKeys);

/** `matches` before migration 0016: one row per (mentee application, mentor application). */
export const matchesV2 = defineTable(
  'matches',
  { ...matchColumnsV1, ...matchColumnsAutomatic, ...matchColumnsEnding },
  matchKeys,
);

/** The unique key from migration 0016 on: one match per pair and cycle. */
export const pairCycleUnique = {
  name: 'ux_matches_pair_cycle',
  columns: ['tenant_id', 'mentee_application_id', 'mentor_application_id', 'cycle'] as (
    keyof typeof matchColumnsV1 | 'cycle'
  )[],
};

/** Matches (SPEC §3.2); one per (mentee application, mentor application, cycle), enforced by the database. */
export const matches = defineTable(
  'matches',
  { ...matchColumnsV1, ...matchColumnsAutomatic, ...matchColumnsEnding, ...matchColumnsCycles },
  { ...matchKeys, unique: [pairCycleUnique] },
);

/**
 * Automatic matching runs: the engine's proposal (pairs, unmatched mentees, pool, certificate
 * check) as JSON, reviewed and published by a coordinator. Migration 0006.
 */
export const matchingRuns = defineTable(
  'matching_runs',
  {
    tenant_id: col.id(),
    id: col.id(),
    programme_id: col.id(),
    status: col.id(16),
    created_by: col.id(),
    created_at: col.timestamp(),
    updated_at: col.timestamp(),
    version: col.int(),
    proposal: col.json(),
    published_by: optional(col.id()),
    published_at: optional(col.timestamp()),
    outcome: optional(col.json()),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    indexes: [{ name: 'ix_matching_runs_programme', columns: ['tenant_id', 'programme_id', 'status'] }],
  },
);

/**
 * One open request or match per mentee application, enforced by the primary key: a request inserts the hold
 * (a second, racing request gets a duplicate key, i.e. ConflictError) and a decline, expiry or withdrawal
 * releases it. Migration 0005.
 */
export const menteeHolds = defineTable(
  'mentee_holds',
  { tenant_id: col.id(), mentee_application_id: col.id(), match_id: col.id(), created_at: col.timestamp() },
  { primaryKey: ['tenant_id', 'mentee_application_id'] },
);

/** Pairs coordinators barred from ever being proposed or offered to each other (SPEC §3.2). Migration 0006. */
export const barredPairs = defineTable(
  'barred_pairs',
  {
    tenant_id: col.id(),
    programme_id: col.id(),
    mentee_application_id: col.id(),
    mentor_application_id: col.id(),
    barred_by: col.id(),
    barred_at: col.timestamp(),
  },
  {
    primaryKey: ['tenant_id', 'mentee_application_id', 'mentor_application_id'],
    indexes: [{ name: 'ix_barred_pairs_programme', columns: ['tenant_id', 'programme_id'] }],
  },
);
