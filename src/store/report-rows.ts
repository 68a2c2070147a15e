import type { ApplicationStatus, Role } from '../domain/application';
import type { ConcernStatus } from '../domain/concern';
import type { MatchStatus } from '../domain/match';
import { BREAKDOWN_FIELDS, type BreakdownField, type ReportAggregates } from '../domain/report-model';
import { ALL_TIME, type ReportRange } from '../domain/reports';
import type { Runner } from './engine';
import { evaluationQueries, reportQueries as q } from './queries';

const n = (v: unknown): number => Number(v ?? 0);
const s = (v: unknown): string => String(v);

/** Runs the report queries of one programme in the caller's transaction (one consistent snapshot on both engines' isolation). */
export async function reportAggregates(
  r: Runner,
  t: string,
  programmeId: string,
  now: string,
  monthStart: string,
  range: ReportRange = ALL_TIME,
): Promise<ReportAggregates> {
  const breakdowns = {} as ReportAggregates['breakdowns'];
  for (const field of BREAKDOWN_FIELDS as BreakdownField[]) {
    breakdowns[field] = (await r.all(q.participantsBy.bind(t, programmeId, field, range))).map((row) => ({
      role: s(row.role) as Role,
      value: row.value === null || row.value === undefined ? null : s(row.value),
      count: n(row.n),
    }));
  }
  const [overdue] = await r.all(q.overdue.bind(t, programmeId, now, range));
  return {
    applications: (await r.all(q.applicationsByStatus.bind(t, programmeId, range))).map((row) => ({
      role: s(row.role) as Role,
      status: s(row.status) as ApplicationStatus,
      count: n(row.n),
      oldestSubmittedAt: s(row.oldest),
    })),
    breakdowns,
    matches: (await r.all(q.matchesByStatus.bind(t, programmeId, range))).map((row) => ({
      status: s(row.status) as MatchStatus,
      count: n(row.n),
    })),
    overdue: n(overdue?.n),
    outcomesByHour: (await r.all(q.outcomesByHour.bind(t, programmeId, range))).map((row) => ({
      status: s(row.status) as MatchStatus,
      hour: s(row.hour),
      count: n(row.n),
    })),
    responses: (await r.all(q.responses.bind(t, programmeId, range))).map((row) => ({
      createdAt: s(row.created_at),
      respondedAt: s(row.responded_at),
    })),
    concerns: (await r.all(q.concernsByStatus.bind(t, programmeId, range))).map((row) => ({
      status: s(row.status) as ConcernStatus,
      count: n(row.n),
    })),
    ratingTotals: await ratingTotals(r, t, programmeId, range),
    sessionsPerMatch: (await r.all(q.sessionsPerMatch.bind(t, programmeId, range.fromDate, range.toDate))).map(
      (row) => ({
        sessions: n(row.n),
        minutes: n(row.minutes),
      }),
    ),
    sessionsThisMonth: (await r.all(q.sessionsPerMatch.bind(t, programmeId, monthStart, '9999-12-31'))).map((row) => ({
      sessions: n(row.n),
      minutes: n(row.minutes),
    })),
    acknowledgements: (await r.all(q.acknowledgements.bind(t, programmeId, range))).map((row) => ({
      createdAt: s(row.created_at),
      acknowledgedAt: s(row.acknowledged_at),
    })),
  };
}

async function ratingTotals(
  r: Runner,
  t: string,
  programmeId: string,
  range: ReportRange,
): Promise<ReportAggregates['ratingTotals']> {
  const [row] = await r.all(evaluationQueries.ratingTotals.bind(t, programmeId, range));
  return {
    count: n(row?.n),
    sums: { overall: n(row?.overall), support: n(row?.support), fit: n(row?.fit), recommend: n(row?.recommend) },
  };
}
