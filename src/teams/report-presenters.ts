import { RATING_QUESTIONS } from '../domain/evaluation';
import { formatUkDate, formatUkDateTime } from '../domain/format';
import { BREAKDOWN_FIELDS, BREAKDOWN_TITLES, type ProgrammeReport } from '../domain/report-model';
import { cellText, type MedianFigure } from '../domain/reports';
import type { ReportsData } from './cards/models';
import { renderCard } from './cards/views';

/** Rows per breakdown on a card; the tab and its CSV have them all. */
const CARD_ROWS = 12;

/** The Reports tab's entity id in the manifest, and a Teams deep link to it. */
export const REPORTS_TAB_ENTITY = 'reports';
export function reportsTabUrl(teamsAppId: string | undefined): string | undefined {
  return teamsAppId
    ? `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${REPORTS_TAB_ENTITY}`
    : undefined;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const pct = (r: number | undefined) => (r === undefined ? 'None answered yet' : `${r}%`);

function medianText(m: MedianFigure, unit: (n: number) => string, threshold: number): string {
  if (m.kind === 'none') return 'None yet';
  if (m.kind === 'too-few') return `Not shown: fewer than ${threshold}`;
  return `${unit(m.median)} (of ${m.count})`;
}

/** The report as the card's data model: the same (suppressed) figures as the tab and the CSV. */
export function reportsData(
  r: ProgrammeReport,
  opts: { digest: boolean; tabUrl?: string; maxRows?: number },
): ReportsData {
  const maxRows = opts.maxRows ?? CARD_ROWS;
  const a = r.applications;
  const m = r.matches;
  const t = r.threshold;
  const byRole = (s: keyof typeof a.byStatus) => `${a.byStatus[s].mentee} mentees · ${a.byStatus[s].mentor} mentors`;
  return {
    headline: `${opts.digest ? 'Weekly report' : 'Report'}: ${r.programmeName}`,
    subtitle: `Figures as of ${formatUkDateTime(r.generatedAt)}${r.range ? `, for ${formatUkDate(r.range.from)} to ${formatUkDate(r.range.to)}` : ''}`,
    sections: [
      {
        title: 'Applications',
        facts: [
          {
            title: 'Waiting for a decision',
            value: a.waiting === 0 ? 'None' : `${a.waiting}, oldest since ${formatUkDate(a.oldestWaitingSince!)}`,
          },
          { title: 'Submitted', value: byRole('submitted') },
          { title: 'Question asked', value: byRole('info-requested') },
          { title: 'Approved', value: byRole('approved') },
          { title: 'Not accepted', value: byRole('rejected') },
          { title: 'Withdrawn', value: byRole('withdrawn') },
        ],
      },
      {
        title: 'Requests and matches',
        facts: [
          {
            title: 'Waiting for an answer',
            value: m.overdue ? `${m.pending}, ${m.overdue} past the deadline` : String(m.pending),
          },
          { title: 'Active matches', value: String(m.active) },
          { title: 'Accepted', value: `${m.accepted} (${pct(m.acceptedRate)})` },
          { title: 'Declined', value: `${m.declined} (${pct(m.declinedRate)})` },
          { title: 'Expired', value: `${m.expired} (${pct(m.expiredRate)})` },
          { title: 'Withdrawn by the mentee', value: String(m.withdrawn) },
          {
            title: 'Median answer time',
            value: `${medianText(m.medianResponseWorkingDays, (n) => plural(n, 'working day'), t)}; deadline ${plural(m.deadlineWorkingDays, 'working day')}`,
          },
        ],
      },
      {
        title: 'Sessions and evaluations',
        facts: [
          { title: 'Sessions logged', value: `${r.sessions.total} in all, ${r.sessions.thisMonth} this month` },
          { title: 'Hours', value: `${r.sessions.hours} in all, ${r.sessions.hoursThisMonth} this month` },
          { title: 'Matches that have met', value: `${r.sessions.matchesMet}` },
          {
            title: 'Sessions per match that has met (median)',
            value: medianText(r.sessions.medianPerMatch, (n) => plural(n, 'session'), t),
          },
          ...evaluationFacts(r.evaluations, t),
        ],
      },
      {
        title: 'Concerns',
        facts: [
          { title: 'Open', value: String(r.concerns.open) },
          { title: 'Acknowledged', value: String(r.concerns.acknowledged) },
          { title: 'Closed', value: String(r.concerns.closed) },
          {
            title: 'Median time to acknowledge',
            value: medianText(r.concerns.medianHoursToAcknowledge, (n) => plural(n, 'hour'), t),
          },
        ],
      },
    ],
    breakdowns: BREAKDOWN_FIELDS.map((field) => {
      const b = r.breakdowns[field];
      const rows = b.rows.map((label, i) => ({
        label,
        mentees: cellText(b.cells[i][0], t),
        mentors: cellText(b.cells[i][1], t),
        all: cellText(b.rowTotals[i], t),
      }));
      const shown = rows.slice(0, maxRows);
      return {
        title: `Participants by ${BREAKDOWN_TITLES[field].toLowerCase()}`,
        labelHeading: BREAKDOWN_TITLES[field],
        rows: [
          ...shown,
          {
            label: 'All',
            mentees: cellText(b.columnTotals[0], t),
            mentors: cellText(b.columnTotals[1], t),
            all: cellText(b.total, t),
          },
        ],
        more: rows.length > maxRows ? `${rows.length - maxRows} more in the Reports tab.` : undefined,
      };
    }),
    footnote:
      `Participants are approved applicants. So that no one can be identified, a breakdown figure under ${t} shows as "<${t}", ` +
      `and where it could be worked out from a total another figure is hidden too. Session logs and evaluations are not recorded by the app yet.`,
    tabUrl: opts.tabUrl,
  };
}

export function reportCard(r: ProgrammeReport, opts: { digest: boolean; tabUrl?: string }) {
  return renderCard('reports', reportsData(r, opts));
}

/** Mentees' average ratings, or why they are not shown. */
function evaluationFacts(e: ProgrammeReport['evaluations'], threshold: number): { title: string; value: string }[] {
  if (e.kind === 'none') return [{ title: 'Evaluation scores', value: 'None yet' }];
  if (e.kind === 'too-few')
    return [{ title: 'Evaluation scores', value: `Not shown: fewer than ${threshold} evaluations so far` }];
  return RATING_QUESTIONS.map((q) => ({
    title: `${q.title} (average of ${e.count})`,
    value: `${e.averages[q.id]} of 5`,
  }));
}
