import type { BreakdownField } from '../../domain/report-model';
import { ALL_TIME, type ReportRange } from '../../domain/reports';
import { applications } from '../schema';
import { concerns } from '../schema-concerns';
import { matches } from '../schema-matching';
import { sessionLogs } from '../schema-meetings';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, gte, lt, lte, notNull, within } from '../sql/where';
import { AT, T } from './samples';

/**
 * Report figures (SPEC §3.7), counted by the database with GROUP BY so no report loads every record of a
 * programme. Medians are the exception: neither engine has a median both share (SQLite has none), and response
 * times are counted in working days, which need the bank-holiday calendar, so those two queries return the start
 * and end of each answered request or acknowledged concern, and nothing else.
 */
/** Rows whose timestamp `column` falls in the range (half open, UTC). */
const during = <C extends string>(column: C, r: ReportRange) => and(gte(column, r.fromAt), lt(column, r.toAt));
const R = ALL_TIME;

export const reportQueries = {
  applicationsByStatus: defineQuery(
    'reports.applicationsByStatus',
    [T, 'prog', R],
    (t: string, programmeId: string, r: ReportRange) =>
      on(applications, t).aggregate({
        groupBy: [
          { as: 'role', column: 'role' },
          { as: 'status', column: 'status' },
        ],
        measures: [
          { as: 'n', fn: 'count' },
          { as: 'oldest', fn: 'min', column: 'submitted_at' },
        ],
        where: and(eq('programme_id', programmeId), during('submitted_at', r)),
      }),
  ),
  /** Approved applications (the programme's participants) per role and value of one form field. */
  participantsBy: defineQuery(
    'reports.participantsBy',
    [T, 'prog', 'specialty' as BreakdownField, R],
    (t: string, programmeId: string, field: BreakdownField, r: ReportRange) =>
      on(applications, t).aggregate({
        groupBy: [
          { as: 'role', column: 'role' },
          { as: 'value', column: 'form', jsonField: field },
        ],
        measures: [{ as: 'n', fn: 'count' }],
        where: and(eq('programme_id', programmeId), eq('status', 'approved'), during('submitted_at', r)),
      }),
  ),
  matchesByStatus: defineQuery(
    'reports.matchesByStatus',
    [T, 'prog', R],
    (t: string, programmeId: string, r: ReportRange) =>
      on(matches, t).aggregate({
        groupBy: [{ as: 'status', column: 'status' }],
        measures: [{ as: 'n', fn: 'count' }],
        where: and(eq('programme_id', programmeId), during('created_at', r)),
      }),
  ),
  /** Requests and proposals still waiting at `now` although their deadline (the end of its day, exclusive) has passed. */
  overdue: defineQuery(
    'reports.overdue',
    [T, 'prog', AT, R],
    (t: string, programmeId: string, now: string, r: ReportRange) =>
      on(matches, t).aggregate({
        measures: [{ as: 'n', fn: 'count' }],
        where: and(
          eq('programme_id', programmeId),
          within('status', ['requested', 'proposed']),
          lte('deadline_at', now),
          during('created_at', r),
        ),
      }),
  ),
  /** Requests and proposals per status and UTC hour of their making: the domain turns hours into London months. */
  outcomesByHour: defineQuery(
    'reports.outcomesByHour',
    [T, 'prog', R],
    (t: string, programmeId: string, r: ReportRange) =>
      on(matches, t).aggregate({
        groupBy: [
          { as: 'status', column: 'status' },
          { as: 'hour', column: 'created_at', prefix: 13 },
        ],
        measures: [{ as: 'n', fn: 'count' }],
        where: and(eq('programme_id', programmeId), during('created_at', r)),
      }),
  ),
  responses: defineQuery('reports.responses', [T, 'prog', R], (t: string, programmeId: string, r: ReportRange) =>
    on(matches, t).select({
      columns: ['created_at', 'responded_at'],
      where: and(eq('programme_id', programmeId), notNull('responded_at'), during('created_at', r)),
    }),
  ),
  concernsByStatus: defineQuery(
    'reports.concernsByStatus',
    [T, 'prog', R],
    (t: string, programmeId: string, r: ReportRange) =>
      on(concerns, t).aggregate({
        groupBy: [{ as: 'status', column: 'status' }],
        measures: [{ as: 'n', fn: 'count' }],
        where: and(eq('programme_id', programmeId), during('created_at', r)),
      }),
  ),
  /** Sessions and minutes per match (one row per match that has met, never per session), held from `fromDate` to `toDate`. */
  sessionsPerMatch: defineQuery(
    'reports.sessionsPerMatch',
    [T, 'prog', '2027-03-01', '2027-03-31'],
    (t: string, programmeId: string, fromDate: string, toDate: string) =>
      on(sessionLogs, t).aggregate({
        groupBy: [{ as: 'match', column: 'match_id' }],
        measures: [
          { as: 'n', fn: 'count' },
          { as: 'minutes', fn: 'sum', column: 'duration_minutes' },
        ],
        where: and(eq('programme_id', programmeId), gte('held_on', fromDate), lte('held_on', toDate)),
      }),
  ),
  acknowledgements: defineQuery(
    'reports.acknowledgements',
    [T, 'prog', R],
    (t: string, programmeId: string, r: ReportRange) =>
      on(concerns, t).select({
        columns: ['created_at', 'acknowledged_at'],
        where: and(eq('programme_id', programmeId), notNull('acknowledged_at'), during('created_at', r)),
      }),
  ),
};
