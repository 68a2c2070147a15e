import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../src/domain/programme';
import { buildReport, type ProgrammeReport } from '../../src/domain/report-model';
import { DateHolidaysCalendar } from '../../src/holidays/date-holidays';
import { defuseFormula, tabCharts, toCsv, type TabReport } from '../../src/web/reports-tab';

/** Reads CSV the way a spreadsheet does (quoted cells may hold commas, quotes and line breaks). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('reports CSV', () => {
  it('defuses spreadsheet formulas; leaves everything else as it is', () => {
    for (const bad of ['=HYPERLINK("http://evil")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])
      assert.equal(defuseFormula(bad), `'${bad}`, bad);
    for (const fine of [`St Mary's "North"`, '<5', 'Ysbyty Gwynedd', 'Ninewells, Dundee', ''])
      assert.equal(defuseFormula(fine), fine);
  });

  it('starts with a UTF-8 BOM and carries the same figures as the tab, withheld ones as "<5"', () => {
    const csv = toCsv({
      headline: 'Report',
      subtitle: '',
      footnote: '',
      sections: [{ title: 'Concerns', facts: [{ title: 'Open', value: '2' }] }],
      breakdowns: [
        {
          title: 'Participants by site',
          labelHeading: 'Site',
          rows: [{ label: '=cmd', mentees: '<5', mentors: '7', all: '9' }],
        },
      ],
    });
    assert.equal(
      csv,
      '\uFEFF"Section","Measure","Mentees","Mentors","All"\r\n"Concerns","Open","","","2"\r\n"Participants by site","\'=cmd","<5","7","9"\r\n',
    );
  });

  it('quotes commas, quotes, line breaks and any script so a spreadsheet reads each cell back whole', () => {
    const awkward = ['Ninewells, Dundee', `St Mary's "North"`, 'Line one\nline two', 'Zoë Łukasz', 'مستشفى', '=1+1'];
    const report: TabReport = {
      headline: 'Report',
      subtitle: '',
      footnote: '',
      sections: [],
      breakdowns: [
        {
          title: 'Participants by site',
          labelHeading: 'Site',
          rows: awkward.map((label) => ({ label, mentees: '<5', mentors: '5', all: '7' })),
        },
      ],
    };
    const csv = toCsv(report);
    assert.ok(csv.startsWith('\uFEFF'));
    const rows = readCsv(csv.slice(1));
    assert.ok(rows.every((r) => r.length === 5));
    assert.deepEqual(
      rows.slice(1).map((r) => r[1]),
      awkward.map((a) => (a.startsWith('=') ? `'${a}` : a)),
    );
  });
});

describe('reports tab charts', () => {
  const report = (over: Partial<ProgrammeReport> = {}): ProgrammeReport =>
    ({
      programmeId: 'p',
      programmeName: 'P',
      generatedAt: '2027-03-01T10:00:00.000Z',
      threshold: 5,
      applications: {
        byStatus: {
          submitted: { mentee: 1, mentor: 0 },
          'info-requested': { mentee: 0, mentor: 0 },
          approved: { mentee: 12, mentor: 6 },
          rejected: { mentee: 0, mentor: 0 },
          withdrawn: { mentee: 0, mentor: 0 },
        },
        waiting: 1,
      },
      matches: {
        pending: 2,
        overdue: 0,
        accepted: 9,
        declined: 3,
        expired: 1,
        withdrawn: 1,
        active: 5,
        completed: 3,
        ended: 1,
        acceptedRate: 69,
        declinedRate: 23,
        expiredRate: 8,
        medianResponseWorkingDays: { kind: 'shown', count: 13, median: 2 },
        deadlineWorkingDays: 5,
        byMonth: [
          { month: '2027-02', accepted: 4, declined: 1, expired: 0, withdrawn: 0, waiting: 0 },
          { month: '2027-03', accepted: 5, declined: 2, expired: 1, withdrawn: 1, waiting: 2 },
        ],
      },
      concerns: { open: 0, acknowledged: 0, closed: 0, medianHoursToAcknowledge: { kind: 'none' } },
      breakdowns: {} as ProgrammeReport['breakdowns'],
      sessions: {
        total: 20,
        hours: 18,
        thisMonth: 2,
        hoursThisMonth: 2,
        matchesMet: 4,
        medianPerMatch: { kind: 'too-few', count: 4 },
        cap: 4,
      },
      evaluations: { kind: 'too-few', count: 3 },
      ...over,
    }) as ProgrammeReport;

  it('draws the funnel, outcomes, answer time, sessions and scores; withheld figures are tabled, never drawn', () => {
    const charts = tabCharts(report());
    assert.deepEqual(
      charts.map((c) => c.title),
      [
        'From application to completed match',
        'Requests and proposals by outcome',
        'Requests and proposals by month and outcome',
        'Answer time against the deadline',
        'Sessions per match that has met',
        'Evaluation scores (average, 1 to 5)',
      ],
    );
    assert.deepEqual(charts[0].series[0].values, [12, 9, 5, 3, 1]);
    assert.deepEqual(charts[1].series[0].values, [9, 3, 1, 1, 2]);
    assert.deepEqual(charts[2].labels, ['Feb 2027', 'Mar 2027']);
    assert.deepEqual(
      charts[2].series.map((x) => [x.label, ...x.values]),
      [
        ['Accepted', 4, 5],
        ['Declined', 1, 2],
        ['Expired', 0, 1],
        ['Withdrawn', 0, 1],
        ['Waiting', 0, 2],
      ],
    );
    assert.deepEqual(charts[3].table.rows, [
      ['Median answer time', '2'],
      ['Deadline', '5'],
    ]);
    assert.deepEqual(charts[4].series[0].values, [null, 4], 'a median over fewer than 5 matches is not drawn');
    assert.equal(charts[4].table.rows[0][1], 'Not shown: fewer than 5');
    assert.ok(charts[5].series[0].values.every((v) => v === null));
    assert.match(charts[5].table.rows[0][1], /fewer than 5 evaluations/);
    const shown = tabCharts(
      report({
        evaluations: { kind: 'shown', count: 6, averages: { overall: 4.2, support: 4, fit: 3.5, recommend: 5 } },
      }),
    );
    assert.deepEqual(shown[5].series[0].values, [4.2, 4, 3.5, 5]);
  });
});

describe('requests by London month', () => {
  it('counts each UTC hour in the London month it falls in: 23:30 UTC on 31 May is June in London', () => {
    const r = buildReport(
      { id: 'p', name: 'P', settings: DEFAULT_SETTINGS },
      {
        applications: [],
        breakdowns: { specialty: [], site: [], grade: [], qualificationCountry: [] },
        matches: [],
        overdue: 0,
        outcomesByHour: [
          { status: 'active', hour: '2027-05-31T23', count: 2 },
          { status: 'declined', hour: '2027-05-31T22', count: 1 },
          { status: 'requested', hour: '2027-01-31T23', count: 3 },
          { status: 'completed', hour: '2027-06-02T10', count: 1 },
        ],
        responses: [],
        concerns: [],
        ratingTotals: { count: 0, sums: { overall: 0, support: 0, fit: 0, recommend: 0 } },
        sessionsPerMatch: [],
        sessionsThisMonth: [],
        acknowledgements: [],
      },
      new DateHolidaysCalendar(),
      '2027-06-10T10:00:00.000Z',
    );
    assert.deepEqual(r.matches.byMonth, [
      { month: '2027-01', accepted: 0, declined: 0, expired: 0, withdrawn: 0, waiting: 3 },
      { month: '2027-05', accepted: 0, declined: 1, expired: 0, withdrawn: 0, waiting: 0 },
      { month: '2027-06', accepted: 3, declined: 0, expired: 0, withdrawn: 0, waiting: 0 },
    ]);
  });
});
