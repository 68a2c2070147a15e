import { defineTable } from './sql/table';
import { col, optional } from './sql/types';

/**
 * Meetings of a pair (SPEC §3.3). At most one booking or scheduled meeting per match, enforced by a filtered
 * unique index, so a double click or both people choosing at once cannot book two. Migration 0010.
 */
export const meetings = defineTable(
  'meetings',
  {
    tenant_id: col.id(),
    id: col.id(),
    programme_id: col.id(),
    match_id: col.id(),
    organizer_person_id: col.id(),
    attendee_person_id: col.id(),
    start_at: col.timestamp(),
    end_at: col.timestamp(),
    mode: col.id(16),
    location: optional(col.text(200)),
    status: col.id(16),
    calendar: col.id(16),
    event_id: optional(col.text(400)),
    join_url: optional(col.longtext()),
    web_link: optional(col.longtext()),
    sequence: col.int(),
    version: col.int(),
    created_at: col.timestamp(),
    updated_at: col.timestamp(),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    indexes: [
      { name: 'ix_meetings_match', columns: ['tenant_id', 'match_id', 'start_at'] },
      {
        name: 'ux_meetings_upcoming',
        columns: ['tenant_id', 'match_id'],
        uniqueWhere: { column: 'status', in: ['booking', 'scheduled'] },
      },
    ],
  },
);

/**
 * Session logs (SPEC §3.4). `number` is unique per match (two racing logs cannot both be session k) and
 * `source_key` (the meeting's id, or the log's own id for a session met elsewhere) is unique, so a meeting is
 * logged at most once. Migration 0010.
 */
const sessionLogColumns = {
  tenant_id: col.id(),
  id: col.id(),
  programme_id: col.id(),
  match_id: col.id(),
  number: col.int(),
  meeting_id: optional(col.id()),
  source_key: col.id(),
  held_on: col.id(10),
  duration_minutes: col.int(),
  mode: col.id(16),
  topics: col.json(),
  action_points: col.longtext(),
  mentor_notes: col.longtext(),
  mentee_notes: col.longtext(),
  mentee_notes_shared: col.bool(),
  logged_by: col.id(),
  version: col.int(),
  created_at: col.timestamp(),
  updated_at: col.timestamp(),
};

const sessionLogUnique = [
  { name: 'ux_session_logs_number', columns: ['tenant_id', 'match_id', 'number'] },
  { name: 'ux_session_logs_source', columns: ['tenant_id', 'source_key'] },
] as { name: string; columns: (keyof typeof sessionLogColumns)[] }[];
const sessionLogProgrammeIndex = {
  name: 'ix_session_logs_programme',
  columns: ['tenant_id', 'programme_id', 'held_on'] as (keyof typeof sessionLogColumns)[],
};

/** `session_logs` as migration 0010 created it. */
export const sessionLogsV1 = defineTable('session_logs', sessionLogColumns, {
  primaryKey: ['tenant_id', 'id'],
  unique: sessionLogUnique,
  indexes: [sessionLogProgrammeIndex],
});

/**
 * Sessions per match for reports, read from the index alone in match order (no sort of every session, no table
 * rows). Migration 0017.
 */
export const sessionLogReportIndex = {
  name: 'ix_session_logs_report',
  columns: [
    'tenant_id',
    'programme_id',
    'match_id',
    'held_on',
    'duration_minutes',
  ] as (keyof typeof sessionLogColumns)[],
};

export const sessionLogs = defineTable('session_logs', sessionLogColumns, {
  primaryKey: ['tenant_id', 'id'],
  unique: sessionLogUnique,
  indexes: [sessionLogProgrammeIndex, sessionLogReportIndex],
});

/**
 * The offline calendar's events (the local default, and the fallback where a tenant has not consented to
 * Graph): free/busy is computed from them. One per meeting (`meeting_id` unique), so a retried create makes
 * one event. Migration 0010.
 */
export const offlineEvents = defineTable(
  'offline_events',
  {
    tenant_id: col.id(),
    id: col.id(),
    meeting_id: col.id(),
    organizer_person_id: col.id(),
    attendee_person_id: col.id(),
    start_at: col.timestamp(),
    end_at: col.timestamp(),
    cancelled: col.bool(),
    updated_at: col.timestamp(),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    unique: [{ name: 'ux_offline_events_meeting', columns: ['tenant_id', 'meeting_id'] }],
    indexes: [
      { name: 'ix_offline_events_organizer', columns: ['tenant_id', 'organizer_person_id', 'start_at'] },
      { name: 'ix_offline_events_attendee', columns: ['tenant_id', 'attendee_person_id', 'start_at'] },
    ],
  },
);

/**
 * The end of a match (SPEC §3.5): the mentee's evaluation (ratings in columns, so reports average them in the
 * database) and the mentor's reflection, one of each per match. Migration 0013.
 */
export const evaluations = defineTable(
  'evaluations',
  {
    tenant_id: col.id(),
    id: col.id(),
    programme_id: col.id(),
    match_id: col.id(),
    role: col.id(16),
    person_id: col.id(),
    mentor_person_id: col.id(),
    rating_overall: optional(col.int()),
    rating_support: optional(col.int()),
    rating_fit: optional(col.int()),
    rating_recommend: optional(col.int()),
    name_on_certificate: optional(col.bool()),
    answers: col.json(),
    submitted_at: col.timestamp(),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    unique: [{ name: 'ux_evaluations_match_role', columns: ['tenant_id', 'match_id', 'role'] }],
    indexes: [
      { name: 'ix_evaluations_mentor', columns: ['tenant_id', 'mentor_person_id', 'role'] },
      { name: 'ix_evaluations_programme', columns: ['tenant_id', 'programme_id', 'role'] },
    ],
  },
);
