import { ROLES, type ApplicationStatus, type Role } from './application';
import { COUNTRIES, GRADES, SPECIALTIES, titleOf } from './catalogue';
import type { ConcernStatus } from './concern';
import type { MatchStatus } from './match';
import type { ProgrammeSettings } from './programme';
import { RATING_QUESTIONS, type RatingId } from './evaluation';
import { medianFigure, suppressTable, workingDaysBetween, type MedianFigure, type SuppressedTable } from './reports';
import { londonDate, type BankHolidays } from './working-days';

/** Form fields a breakdown can be by (SPEC §3.7: specialty, site, country of qualification; and grade). */
export type BreakdownField = 'specialty' | 'site' | 'grade' | 'qualificationCountry';
export const BREAKDOWN_FIELDS: readonly BreakdownField[] = ['specialty', 'site', 'grade', 'qualificationCountry'];
export const BREAKDOWN_TITLES: Readonly<Record<BreakdownField, string>> = {
  specialty: 'Specialty',
  site: 'Site',
  grade: 'Grade',
  qualificationCountry: 'Country of qualification',
};

/** What the database counts for one programme's report: aggregates, plus start/end pairs for medians. */
export interface ReportAggregates {
  applications: { role: Role; status: ApplicationStatus; count: number; oldestSubmittedAt: string }[];
  /** Approved applications (the programme's participants) per role and value of one form field. */
  breakdowns: Record<BreakdownField, { role: Role; value: string | null; count: number }[]>;
  matches: { status: MatchStatus; count: number }[];
  /** Requests and proposals still waiting whose deadline has passed. */
  overdue: number;
  /** When each answered request or proposal was made and answered (medians need the values; see docs/reports.md). */
  responses: { createdAt: string; respondedAt: string }[];
  concerns: { status: ConcernStatus; count: number }[];
  acknowledgements: { createdAt: string; acknowledgedAt: string }[];
  /** Per match that has met: sessions logged and their minutes; all time, and since the start of this London month. */
  sessionsPerMatch: { sessions: number; minutes: number }[];
  /** Requests and proposals counted per status and UTC hour made (`YYYY-MM-DDTHH`). */
  outcomesByHour: { status: MatchStatus; hour: string; count: number }[];
  sessionsThisMonth: { sessions: number; minutes: number }[];
  /** Mentees' evaluations: how many, and the sum of each rating (averaged here; no evaluation row is read). */
  ratingTotals: { count: number; sums: Record<RatingId, number> };
}

/** A percentage of a whole, or undefined when there is no whole yet. */
export type Rate = number | undefined;

/** A programme's report: every figure the digest card, the tab and the CSV show, already suppressed. */
export interface ProgrammeReport {
  programmeId: string;
  programmeName: string;
  generatedAt: string;
  /** The London dates the figures cover, when filtered (applications by submission, matches by creation, …). */
  range?: { from: string; to: string };
  /** Fewer than this many people in a breakdown cell is shown as "<threshold". */
  threshold: number;
  applications: {
    byStatus: Record<ApplicationStatus, Record<Role, number>>;
    /** Submitted or waiting on the applicant's answer to a question. */
    waiting: number;
    oldestWaitingSince?: string;
  };
  matches: {
    /** Requests and proposals waiting for an answer, and those of them past their deadline. */
    pending: number;
    overdue: number;
    /** Ever accepted (including those now active or finished), declined, expired, withdrawn. */
    accepted: number;
    declined: number;
    expired: number;
    withdrawn: number;
    /** Accepted and not yet finished or ended. */
    active: number;
    /** Finished: every session had or the cycle over (completed), or ended early by someone (ended). */
    completed: number;
    ended: number;
    /** Shares of answered requests and proposals (accepted + declined + expired), in per cent. */
    acceptedRate: Rate;
    declinedRate: Rate;
    expiredRate: Rate;
    /** Working days from request to answer, against the programme's deadline. */
    medianResponseWorkingDays: MedianFigure;
    deadlineWorkingDays: number;
    /** Requests and proposals by the London month they were made in, by what became of them; oldest first. */
    byMonth: {
      month: string;
      accepted: number;
      declined: number;
      expired: number;
      withdrawn: number;
      waiting: number;
    }[];
  };
  concerns: { open: number; acknowledged: number; closed: number; medianHoursToAcknowledge: MedianFigure };
  breakdowns: Record<BreakdownField, SuppressedTable>;
  /** Session logs: the facts only (how many, how long), never their text. */
  sessions: {
    total: number;
    hours: number;
    thisMonth: number;
    hoursThisMonth: number;
    /** Matches with at least one logged session. */
    matchesMet: number;
    /** Sessions per match that has met. */
    medianPerMatch: MedianFigure;
    /** The most sessions a match may have (the programme's setting). */
    cap: number;
  };
  /** Mentees' average ratings, withheld (too-few) below the threshold like every small figure. */
  evaluations:
    | { kind: 'none' }
    | { kind: 'too-few'; count: number }
    | { kind: 'shown'; count: number; averages: Record<RatingId, number> };
}

const APPLICATION_STATUSES: readonly ApplicationStatus[] = [
  'submitted',
  'info-requested',
  'approved',
  'rejected',
  'withdrawn',
];
const ROLE_COLUMNS: Readonly<Record<Role, string>> = { mentee: 'Mentees', mentor: 'Mentors' };
const NOT_GIVEN = 'Not given';

function label(field: BreakdownField, value: string | null): string {
  if (value === null || value === '') return NOT_GIVEN;
  if (field === 'specialty') return titleOf(SPECIALTIES, value);
  if (field === 'grade') return titleOf(GRADES, value);
  if (field === 'qualificationCountry') return titleOf(COUNTRIES, value);
  return value;
}

/** One breakdown as a rows × roles table, rows alphabetical (labels, so two codes of one label merge). */
function breakdown(
  field: BreakdownField,
  rows: ReportAggregates['breakdowns'][BreakdownField],
  threshold: number,
): SuppressedTable {
  const byLabel = new Map<string, Record<Role, number>>();
  for (const row of rows) {
    const key = label(field, row.value);
    const counts = byLabel.get(key) ?? { mentee: 0, mentor: 0 };
    counts[row.role] += row.count;
    byLabel.set(key, counts);
  }
  const labels = [...byLabel.keys()].sort((a, b) => a.localeCompare(b, 'en-GB'));
  return suppressTable(
    {
      rows: labels,
      columns: ROLES.map((r) => ROLE_COLUMNS[r]),
      counts: labels.map((l) => ROLES.map((r) => byLabel.get(l)![r])),
    },
    threshold,
  );
}

const rate = (part: number, whole: number): Rate => (whole === 0 ? undefined : Math.round((1000 * part) / whole) / 10);
const HOUR_MS = 3_600_000;

/** Builds the report from the database's aggregates under the programme's settings. */
export function buildReport(
  programme: { id: string; name: string; settings: ProgrammeSettings },
  a: ReportAggregates,
  holidays: BankHolidays,
  at: string,
): ProgrammeReport {
  const threshold = programme.settings.reportMinimumCellSize;
  const byStatus = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, { mentee: 0, mentor: 0 }])) as Record<
    ApplicationStatus,
    Record<Role, number>
  >;
  let oldest: string | undefined;
  for (const row of a.applications) {
    byStatus[row.status][row.role] += row.count;
    if ((row.status === 'submitted' || row.status === 'info-requested') && (!oldest || row.oldestSubmittedAt < oldest))
      oldest = row.oldestSubmittedAt;
  }
  const waiting = (['submitted', 'info-requested'] as const).reduce(
    (n, s) => n + byStatus[s].mentee + byStatus[s].mentor,
    0,
  );
  const m = (...statuses: MatchStatus[]) =>
    a.matches.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r.count, 0);
  const accepted = m('accepted', 'active', 'completed', 'ended');
  const declined = m('declined');
  const expired = m('expired');
  const answered = accepted + declined + expired;
  const nation = programme.settings.bankHolidayNation;
  const c = (s: ConcernStatus) => a.concerns.filter((r) => r.status === s).reduce((n, r) => n + r.count, 0);
  return {
    programmeId: programme.id,
    programmeName: programme.name,
    generatedAt: at,
    threshold,
    applications: { byStatus, waiting, oldestWaitingSince: oldest },
    matches: {
      pending: m('requested', 'proposed'),
      overdue: a.overdue,
      accepted,
      declined,
      expired,
      withdrawn: m('withdrawn'),
      active: m('accepted', 'active'),
      completed: m('completed'),
      ended: m('ended'),
      acceptedRate: rate(accepted, answered),
      declinedRate: rate(declined, answered),
      expiredRate: rate(expired, answered),
      medianResponseWorkingDays: medianFigure(
        a.responses.map((r) => workingDaysBetween(r.createdAt, r.respondedAt, nation, holidays)),
        threshold,
      ),
      deadlineWorkingDays: programme.settings.responseDeadlineWorkingDays,
      byMonth: outcomesByMonth(a.outcomesByHour),
    },
    concerns: {
      open: c('open'),
      acknowledged: c('acknowledged'),
      closed: c('closed'),
      medianHoursToAcknowledge: medianFigure(
        a.acknowledgements.map(
          (r) => Math.round((Date.parse(r.acknowledgedAt) - Date.parse(r.createdAt)) / (HOUR_MS / 10)) / 10,
        ),
        threshold,
      ),
    },
    breakdowns: Object.fromEntries(
      BREAKDOWN_FIELDS.map((f) => [f, breakdown(f, a.breakdowns[f], threshold)]),
    ) as Record<BreakdownField, SuppressedTable>,
    sessions: { ...sessionsOf(a, threshold), cap: programme.settings.maxSessionsPerMatch },
    evaluations: evaluationsOf(a, threshold),
  };
}

const hoursOf = (minutes: number) => Math.round(minutes / 6) / 10;

function sessionsOf(a: ReportAggregates, threshold: number): Omit<ProgrammeReport['sessions'], 'cap'> {
  const sum = (rows: { sessions: number; minutes: number }[], k: 'sessions' | 'minutes') =>
    rows.reduce((n, r) => n + r[k], 0);
  return {
    total: sum(a.sessionsPerMatch, 'sessions'),
    hours: hoursOf(sum(a.sessionsPerMatch, 'minutes')),
    thisMonth: sum(a.sessionsThisMonth, 'sessions'),
    hoursThisMonth: hoursOf(sum(a.sessionsThisMonth, 'minutes')),
    matchesMet: a.sessionsPerMatch.length,
    medianPerMatch: medianFigure(
      a.sessionsPerMatch.map((r) => r.sessions),
      threshold,
    ),
  };
}

function evaluationsOf(a: ReportAggregates, threshold: number): ProgrammeReport['evaluations'] {
  const { count, sums } = a.ratingTotals;
  if (count === 0) return { kind: 'none' };
  if (count < threshold) return { kind: 'too-few', count };
  const averages = Object.fromEntries(
    RATING_QUESTIONS.map((q) => [q.id, Math.round((10 * sums[q.id]) / count) / 10]),
  ) as Record<RatingId, number>;
  return { kind: 'shown', count, averages };
}

/** Outcome of a request or proposal as the month chart groups them. */
const OUTCOME: Partial<Record<MatchStatus, 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'waiting'>> = {
  requested: 'waiting',
  proposed: 'waiting',
  accepted: 'accepted',
  active: 'accepted',
  completed: 'accepted',
  ended: 'accepted',
  declined: 'declined',
  expired: 'expired',
  withdrawn: 'withdrawn',
};

/**
 * Per London month: each UTC hour belongs wholly to one London day (UK clocks change on the hour), so counts by
 * hour from the database become exact London months here.
 */
function outcomesByMonth(rows: ReportAggregates['outcomesByHour']): ProgrammeReport['matches']['byMonth'] {
  const months = new Map<string, ProgrammeReport['matches']['byMonth'][number]>();
  for (const r of rows) {
    const outcome = OUTCOME[r.status];
    if (!outcome) continue;
    const month = londonDate(`${r.hour}:00:00.000Z`).slice(0, 7);
    const entry = months.get(month) ?? { month, accepted: 0, declined: 0, expired: 0, withdrawn: 0, waiting: 0 };
    entry[outcome] += r.count;
    months.set(month, entry);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}
