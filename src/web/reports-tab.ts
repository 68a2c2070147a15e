import { dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type express from 'express';
import { RATING_QUESTIONS } from '../domain/evaluation';
import type { ProgrammeReport } from '../domain/report-model';
import type { MedianFigure } from '../domain/reports';
import { LOCAL_DEMO_TOKEN, TokenRefused, type TokenIdentity } from './entra-token';

/** The tab's figures: sections of facts and breakdown tables, already suppressed (the card's data model). */
export interface TabReport {
  headline: string;
  subtitle: string;
  sections: { title: string; facts: { title: string; value: string }[] }[];
  breakdowns: {
    title: string;
    labelHeading: string;
    rows: { label: string; mentees: string; mentors: string; all: string }[];
  }[];
  footnote: string;
  /** The measures drawn as charts, each with the table of the same figures. */
  charts?: TabChart[];
  /** The programmes the caller coordinates, for the programme filter. */
  programmes?: { id: string; name: string }[];
  /** The filter the figures were computed for (London dates; empty when unbounded). */
  filter?: { programmeId: string; from: string; to: string };
}

/** One chart of the tab: its bars (null where a figure is withheld) and the table a screen reader reads. */
export interface TabChart {
  title: string;
  labels: string[];
  series: { label: string; values: (number | null)[] }[];
  table: { headings: string[]; rows: string[][] };
}

const figure = (f: MedianFigure, withheld: string): { value: number | null; text: string } =>
  f.kind === 'shown'
    ? { value: f.median, text: String(f.median) }
    : { value: null, text: f.kind === 'none' ? 'None yet' : withheld };

/**
 * The programme's measures as charts (SPEC §3.7): the funnel from approved mentee to completed match, requests by
 * outcome, answer time against the deadline, sessions per match against the cap, and evaluation scores. Medians and
 * averages below the programme's smallest cell are withheld here as on the card, and not drawn.
 */
export function tabCharts(r: ProgrammeReport): TabChart[] {
  const m = r.matches;
  const small = `Not shown: fewer than ${r.threshold}`;
  const single = (title: string, heading: string, pairs: [string, number | null, string?][]): TabChart => ({
    title,
    labels: pairs.map((p) => p[0]),
    series: [{ label: heading, values: pairs.map((p) => p[1]) }],
    table: { headings: ['Measure', heading], rows: pairs.map((p) => [p[0], p[2] ?? String(p[1])]) },
  });
  const answer = figure(m.medianResponseWorkingDays, small);
  const perMatch = figure(r.sessions.medianPerMatch, small);
  const e = r.evaluations;
  return [
    single('From application to completed match', 'Count', [
      ['Approved mentees', r.applications.byStatus.approved.mentee],
      ['Matched (ever accepted)', m.accepted],
      ['Active now', m.active],
      ['Completed', m.completed],
      ['Ended early', m.ended],
    ]),
    single('Requests and proposals by outcome', 'Count', [
      ['Accepted', m.accepted],
      ['Declined', m.declined],
      ['Expired', m.expired],
      ['Withdrawn by the mentee', m.withdrawn],
      ['Waiting for an answer', m.pending],
    ]),
    byMonth(m.byMonth),
    single('Answer time against the deadline', 'Working days', [
      ['Median answer time', answer.value, answer.text],
      ['Deadline', m.deadlineWorkingDays],
    ]),
    single('Sessions per match that has met', 'Sessions', [
      ['Median sessions per match', perMatch.value, perMatch.text],
      ['Most the programme allows', r.sessions.cap],
    ]),
    single(
      'Evaluation scores (average, 1 to 5)',
      'Average',
      RATING_QUESTIONS.map((q) =>
        e.kind === 'shown'
          ? [q.title, e.averages[q.id]]
          : [q.title, null, e.kind === 'none' ? 'None yet' : `Not shown: fewer than ${r.threshold} evaluations`],
      ),
    ),
  ];
}

const OUTCOMES = [
  ['accepted', 'Accepted'],
  ['declined', 'Declined'],
  ['expired', 'Expired'],
  ['withdrawn', 'Withdrawn'],
  ['waiting', 'Waiting'],
] as const;

/** Requests and proposals by the London month they were made in, one series per outcome. */
function byMonth(months: ProgrammeReport['matches']['byMonth']): TabChart {
  const label = (month: string) =>
    new Date(`${month}-01T12:00:00Z`).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return {
    title: 'Requests and proposals by month and outcome',
    labels: months.map((m) => label(m.month)),
    series: OUTCOMES.map(([key, name]) => ({ label: name, values: months.map((m) => m[key]) })),
    table: {
      headings: ['Month made', ...OUTCOMES.map(([, name]) => name)],
      rows: months.map((m) => [label(m.month), ...OUTCOMES.map(([key]) => String(m[key]))]),
    },
  };
}

/** The tab's filters as the URL gives them: all optional, checked by the service. */
export interface ReportQuery {
  programme?: string;
  from?: string;
  to?: string;
}

export interface ReportsTabDeps {
  verify(token: string | undefined): Promise<TokenIdentity>;
  /**
   * The report for the caller with the filters asked for; throws an error with code 'forbidden' for anyone not a
   * coordinator of that programme, and code 'validation' (with `details`) for a date range that cannot be used.
   */
  report(identity: TokenIdentity, query: ReportQuery): Promise<TabReport>;
  log(line: string): void;
}

/**
 * Teams and Outlook hosts that may frame the tab, and nothing else: the page is useless outside Teams and must
 * not be framed by another site (clickjacking).
 */
export const FRAME_ANCESTORS = [
  'teams.microsoft.com',
  '*.teams.microsoft.com',
  '*.cloud.microsoft',
  '*.office.com',
  '*.microsoft365.com',
  'outlook.office.com',
  'outlook.office365.com',
  '*.outlook.com',
].join(' ');
const CSP = `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors ${FRAME_ANCESTORS}; base-uri 'none'; form-action 'none'`;

/** Our copies of the libraries, from node_modules: never a CDN. */
const VENDOR: Record<string, () => string> = {
  'teams-js.js': () => require.resolve('@microsoft/teams-js'),
  'chart.js': () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

const page = (title: string, script: string) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/tabs/reports.css"></head>
<body><main id="app" aria-live="polite"><h1>${title}</h1><p id="status">Loading…</p></main>
<script src="/tabs/vendor/teams-js.js"></script><script src="/tabs/vendor/chart.js"></script><script src="/tabs/${script}"></script></body></html>`;

/** Registers the Reports tab: its pages, scripts and the token-protected report and CSV. */
export function registerReportsTab(app: express.Express, deps: ReportsTabDeps): void {
  const secure = (res: express.Response) =>
    res.set({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
  app.get('/tabs/reports', (_req, res) => void secure(res).type('html').send(page('Programme reports', 'reports.js')));
  app.get(
    '/tabs/reports/config',
    (_req, res) => void secure(res).type('html').send(page('Add the Reports tab', 'reports-config.js')),
  );
  app.get('/tabs/reports.js', (_req, res) => void secure(res).type('application/javascript').send(CLIENT));
  app.get(
    '/tabs/reports-config.js',
    (_req, res) => void secure(res).type('application/javascript').send(CONFIG_CLIENT),
  );
  app.get('/tabs/reports.css', (_req, res) => void secure(res).type('text/css').send(STYLES));
  app.get('/tabs/vendor/:file', (req, res) => {
    const locate = VENDOR[req.params.file];
    if (!locate) return void res.status(404).end();
    secure(res).set('Cache-Control', 'public, max-age=86400').type('application/javascript').sendFile(locate());
  });

  const withReport = async (req: express.Request, res: express.Response, send: (r: TabReport) => void) => {
    const header = req.headers.authorization ?? '';
    try {
      const identity = await deps.verify(header.startsWith('Bearer ') ? header.slice(7) : undefined);
      send(await deps.report(identity, queryOf(req)));
    } catch (e) {
      if (e instanceof TokenRefused) {
        deps.log(`reports tab: token refused (${e.message})`);
        return void res.status(401).json({ error: 'Sign-in failed. Open the tab in Teams again.' });
      }
      if ((e as { code?: string }).code === 'forbidden')
        return void res.status(403).json({ error: (e as Error).message });
      if ((e as { code?: string }).code === 'validation')
        return void res.status(400).json({
          error: (e as Error).message,
          details: (e as { details?: Record<string, string> }).details ?? {},
        });
      deps.log(`reports tab failed: ${(e as Error)?.stack ?? String(e)}`);
      res.status(500).json({ error: 'Something went wrong. Try again in a moment.' });
    }
  };
  app.get('/api/reports', (req, res) => withReport(req, res, (r) => void res.set('Cache-Control', 'no-store').json(r)));
  app.get('/api/reports.csv', (req, res) =>
    withReport(
      req,
      res,
      (r) =>
        void res
          .set({ 'Cache-Control': 'no-store', 'Content-Disposition': 'attachment; filename="programme-report.csv"' })
          .type('text/csv; charset=utf-8')
          .send(toCsv(r)),
    ),
  );
}

/** The filters of a request: only short strings are read, anything else is as if not given. */
function queryOf(req: express.Request): ReportQuery {
  const one = (name: string): string | undefined => {
    const v = req.query[name];
    return typeof v === 'string' && v.length <= 64 ? v : undefined;
  };
  return { programme: one('programme'), from: one('from'), to: one('to') };
}

/**
 * One cell's text for CSV: a leading `= + - @`, tab or carriage return defused with an apostrophe so a spreadsheet
 * never runs what an applicant typed (a site name) as a formula (OWASP CSV injection). csv-stringify does the
 * quoting; it does not defuse formulas.
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The report as CSV with a UTF-8 byte-order mark (so Excel reads names right): the same suppressed figures as the tab. */
export function toCsv(r: TabReport): string {
  const lines: string[][] = [['Section', 'Measure', 'Mentees', 'Mentors', 'All']];
  for (const s of r.sections) for (const f of s.facts) lines.push([s.title, f.title, '', '', f.value]);
  for (const c of r.charts ?? [])
    for (const row of c.table.rows)
      if (row.length <= 2) lines.push([c.title, row[0] ?? '', '', '', row[1] ?? '']);
      else
        lines.push([
          c.title,
          row[0] ?? '',
          '',
          '',
          row
            .slice(1)
            .map((v, i) => `${c.table.headings[i + 1]} ${v}`)
            .join('; '),
        ]);
  for (const b of r.breakdowns)
    for (const row of b.rows) lines.push([b.title, row.label, row.mentees, row.mentors, row.all]);
  return stringify(
    lines.map((l) => l.map(defuseFormula)),
    { bom: true, quoted: true, quoted_empty: true, record_delimiter: '\r\n' },
  );
}

const STYLES = `body{font-family:"Segoe UI",system-ui,sans-serif;margin:1rem;color:#242424}table{border-collapse:collapse;margin:.5rem 0}
th,td{padding:.25rem .75rem;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}.chart{max-width:640px}section{margin-bottom:1.5rem}
.small{font-size:.85rem;color:#4C6272}form{margin:.75rem 0}.local{background:#FFEB3B;color:#212B32;padding:.5rem 1rem;margin:0}label{margin-right:.5rem}button{padding:.4rem .9rem}`;

/** The tab in the browser: TeamsJS first, then SSO, then the report; each chart has a table of the same figures beside it. */
const CLIENT = `(function () {
  var app = document.getElementById('app');
  var status = document.getElementById('status');
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function fail(message) { status.textContent = message; }
  function number(text) { return /^\\d+$/.test(text) ? Number(text) : null; }
  function authed(token, path) { return fetch(path, { headers: { Authorization: 'Bearer ' + token } }); }
  var query = '';
  // NHS Blue, Dark Blue, Dark Green, Dark Red and Dark Grey: each above 3:1 against white, as WCAG 2.2 asks of graphics.
  var COLOURS = ['#005EB8', '#003087', '#007F3B', '#8A1538', '#425563'];
  function field(form, label, input) { var l = el('label', label); l.appendChild(input); form.appendChild(l); return input; }
  function filters(r, token) {
    var form = el('form'); form.setAttribute('aria-label', 'Filter the report');
    var f = r.filter || { programmeId: '', from: '', to: '' };
    var programme = field(form, 'Programme ', el('select')); programme.name = 'programme';
    (r.programmes || []).forEach(function (p) { var o = el('option', p.name); o.value = p.id; o.selected = p.id === f.programmeId; programme.appendChild(o); });
    var from = field(form, ' From ', el('input')); from.type = 'date'; from.name = 'from'; from.value = f.from;
    var to = field(form, ' To ', el('input')); to.type = 'date'; to.name = 'to'; to.value = f.to;
    var apply = el('button', 'Apply'); apply.type = 'submit'; form.appendChild(apply);
    var problem = el('p', '', 'small'); problem.setAttribute('role', 'alert'); form.appendChild(problem);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var q = new URLSearchParams(); q.set('programme', programme.value); if (from.value) q.set('from', from.value); if (to.value) q.set('to', to.value);
      load(token, '?' + q.toString(), problem);
    });
    return form;
  }
  function load(token, q, problem) {
    return authed(token, '/api/reports' + q).then(function (res) { return res.json().then(function (body) {
      if (!res.ok) { if (problem) { problem.textContent = body.error + ' ' + Object.values(body.details || {}).join(' '); return; } throw new Error(body.error || 'Not available'); }
      query = q; render(body, token);
    }); });
  }
  function render(r, token) {
    app.textContent = '';
    app.appendChild(el('h1', r.headline));
    app.appendChild(el('p', r.subtitle, 'small'));
    app.appendChild(filters(r, token));
    var download = el('button', 'Download CSV');
    download.addEventListener('click', function () {
      authed(token, '/api/reports.csv' + query).then(function (res) { return res.blob(); }).then(function (blob) {
        var a = el('a'); a.href = URL.createObjectURL(blob); a.download = 'programme-report.csv'; document.body.appendChild(a); a.click(); a.remove();
      });
    });
    app.appendChild(download);
    r.sections.forEach(function (s) {
      var sec = el('section'); sec.appendChild(el('h2', s.title));
      var t = el('table'); s.facts.forEach(function (f) { var tr = el('tr'); tr.appendChild(el('th', f.title)); tr.appendChild(el('td', f.value)); t.appendChild(tr); });
      sec.appendChild(t); app.appendChild(sec);
    });
    (r.charts || []).forEach(function (c, i) {
      var sec = el('section'); sec.appendChild(el('h2', c.title));
      var canvas = el('canvas'); canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', c.title + ': bar chart of the figures in the table below; withheld figures are not drawn.');
      var box = el('div', undefined, 'chart'); box.appendChild(canvas); sec.appendChild(box);
      var t = el('table'); var head = el('tr'); c.table.headings.forEach(function (h) { head.appendChild(el('th', h)); }); t.appendChild(head);
      c.table.rows.forEach(function (row) { var tr = el('tr'); row.forEach(function (v, j) { tr.appendChild(el(j ? 'td' : 'th', v, j ? 'n' : undefined)); }); t.appendChild(tr); });
      sec.appendChild(t); app.appendChild(sec);
      if (window.Chart) new window.Chart(canvas, { type: 'bar', data: { labels: c.labels, datasets: c.series.map(function (s, k) {
        return { label: s.label, data: s.values, backgroundColor: COLOURS[k % COLOURS.length] }; }) },
        options: { animation: false, indexAxis: 'y', plugins: { legend: { display: c.series.length > 1 } } } });
    });
    r.breakdowns.forEach(function (b) {
      var sec = el('section'); sec.appendChild(el('h2', b.title));
      var rows = b.rows.filter(function (row) { return row.label !== 'All'; });
      // Withheld figures ("<5") are not drawn: a bar would show a size the table does not.
      var canvas = el('canvas'); canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', b.title + ': bar chart of the figures in the table below; figures shown as <' + ' are withheld and not drawn.');
      var box = el('div', undefined, 'chart'); box.appendChild(canvas); sec.appendChild(box);
      var t = el('table'); var head = el('tr');
      [b.labelHeading, 'Mentees', 'Mentors', 'All'].forEach(function (h) { head.appendChild(el('th', h)); }); t.appendChild(head);
      b.rows.forEach(function (row) { var tr = el('tr'); tr.appendChild(el('td', row.label)); [row.mentees, row.mentors, row.all].forEach(function (v) { tr.appendChild(el('td', v, 'n')); }); t.appendChild(tr); });
      sec.appendChild(t); app.appendChild(sec);
      if (window.Chart && rows.length) new window.Chart(canvas, { type: 'bar', data: { labels: rows.map(function (x) { return x.label; }), datasets: [
        { label: 'Mentees', data: rows.map(function (x) { return number(x.mentees); }), backgroundColor: COLOURS[0] }, { label: 'Mentors', data: rows.map(function (x) { return number(x.mentors); }), backgroundColor: COLOURS[1] }] },
        options: { animation: false, indexAxis: 'y' } });
    });
    app.appendChild(el('p', r.footnote, 'small'));
  }
  // Opened with ?local=1 on a service in local mode (npm start), outside Teams: the demo coordinator, said plainly.
  if (new URLSearchParams(window.location.search).get('local') === '1') {
    var banner = el('p', 'Local mode: this page is not inside Teams, so it shows the demo coordinator\u2019s reports without signing in. A service in production refuses this.', 'local');
    banner.setAttribute('role', 'note'); document.body.insertBefore(banner, app);
    load('${LOCAL_DEMO_TOKEN}', '').catch(function (e) { fail(e && e.message ? e.message : 'Local mode is not available.'); });
    return;
  }
  microsoftTeams.app.initialize().then(function () { return microsoftTeams.authentication.getAuthToken(); }).then(function (token) {
    return load(token, '');
  }).catch(function (e) { fail(e && e.message ? e.message : 'This tab only works inside Microsoft Teams.'); });
})();
`;

/** The configurable tab's settings page: nothing to choose, the tab always shows the coordinator's programme. */
const CONFIG_CLIENT = `(function () {
  document.getElementById('status').textContent = 'This tab shows your programme\\u2019s reports to its coordinators. Select Save to add it.';
  microsoftTeams.app.initialize().then(function () {
    microsoftTeams.pages.config.registerOnSaveHandler(function (save) {
      var base = window.location.origin;
      microsoftTeams.pages.config.setConfig({ entityId: 'reports', contentUrl: base + '/tabs/reports', websiteUrl: base + '/tabs/reports', suggestedDisplayName: 'Reports' })
        .then(function () { save.notifySuccess(); }, function (e) { save.notifyFailure(String(e)); });
    });
    microsoftTeams.pages.config.setValidityState(true);
  });
})();
`;
