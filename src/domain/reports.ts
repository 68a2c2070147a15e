import { ValidationError } from './errors';
import { isWorkingDay, londonDate, londonInstant, type BankHolidays } from './working-days';
import { WEEKDAYS, type BankHolidayNation, type Weekday } from './programme';

/**
 * Report rules (SPEC §3.7): small-count suppression of breakdowns and medians of durations. Pure; the
 * figures come from the database's aggregates. The rule and why it is this one: docs/reports.md.
 */

/** A figure as a report may show it: its value, or withheld because it could identify people. */
export type Cell = { readonly shown: true; readonly value: number } | { readonly shown: false };

/** A breakdown as counted: `counts[r][c]` people in row `r` (e.g. a specialty) and column `c` (e.g. a role). */
export interface CountTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly counts: readonly (readonly number[])[];
}

/** A breakdown as shown: every cell and total either its true value or suppressed. */
export interface SuppressedTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly Cell[])[];
  readonly rowTotals: readonly Cell[];
  readonly columnTotals: readonly Cell[];
  readonly total: Cell;
  /** Cells below the threshold were suppressed; so this many: "<threshold". */
  readonly threshold: number;
}

/** The threshold used when a programme sets none: fewer than 5 people is not shown. */
export const DEFAULT_MINIMUM_CELL_SIZE = 5;

/**
 * Suppresses a breakdown with its row, column and grand totals.
 *
 * Primary: every figure (cells and totals alike) under `threshold` is withheld, zero included, because a zero
 * beside a total says something about everyone else in that row ("all 7 are mentors").
 *
 * Complementary: each row, each column, the totals row and the totals column is one equation (its total is the
 * sum of its cells). An equation with exactly one withheld figure would give it away by subtraction, so the
 * smallest other figure of that equation is withheld too; repeated until no equation has exactly one.
 */
export function suppressTable(table: CountTable, threshold: number): SuppressedTable {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`threshold must be a whole number ≥ 1 (got ${threshold})`);
  const R = table.rows.length;
  const C = table.columns.length;
  // An (R+1)×(C+1) grid: the last row holds column totals, the last column row totals, the corner the grand total.
  const grid: number[][] = Array.from({ length: R + 1 }, () => new Array<number>(C + 1).fill(0));
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const n = table.counts[r]?.[c] ?? 0;
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`counts must be whole numbers ≥ 0 (got ${n})`);
      grid[r][c] = n;
      grid[r][C] += n;
      grid[R][c] += n;
      grid[R][C] += n;
    }
  }
  const hidden = grid.map((row) => row.map((n) => n < threshold));
  // With no rows (or no columns) a total is the sum of nothing: not an equation another figure could give away.
  const equations: [number, number][][] = [
    ...(C > 0
      ? Array.from({ length: R + 1 }, (_, r) => Array.from({ length: C + 1 }, (_, c) => [r, c] as [number, number]))
      : []),
    ...(R > 0
      ? Array.from({ length: C + 1 }, (_, c) => Array.from({ length: R + 1 }, (_, r) => [r, c] as [number, number]))
      : []),
  ];
  for (let changed = true; changed;) {
    changed = false;
    for (const eq of equations) {
      if (eq.filter(([r, c]) => hidden[r][c]).length !== 1) continue;
      // The smallest other figure, preferring a cell to a total on ties, then the first.
      const [r, c] = eq
        .filter(([r, c]) => !hidden[r][c])
        .sort(
          ([r1, c1], [r2, c2]) =>
            grid[r1][c1] - grid[r2][c2] || Number(r1 === R || c1 === C) - Number(r2 === R || c2 === C),
        )[0];
      hidden[r][c] = true;
      changed = true;
    }
  }
  const cell = (r: number, c: number): Cell => (hidden[r][c] ? { shown: false } : { shown: true, value: grid[r][c] });
  return {
    rows: table.rows,
    columns: table.columns,
    cells: Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => cell(r, c))),
    rowTotals: Array.from({ length: R }, (_, r) => cell(r, C)),
    columnTotals: Array.from({ length: C }, (_, c) => cell(R, c)),
    total: cell(R, C),
    threshold,
  };
}

/** How a figure reads: its value, or "<5" for a withheld one (with the programme's threshold). */
export function cellText(cell: Cell, threshold: number): string {
  return cell.shown ? String(cell.value) : `<${threshold}`;
}

/** The median of `values`; the mean of the middle two for an even count; undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A median as a report shows it: withheld when based on fewer than the threshold, since one is one person's. */
export type MedianFigure =
  | { readonly kind: 'none' }
  | { readonly kind: 'too-few'; readonly count: number }
  | { readonly kind: 'shown'; readonly count: number; readonly median: number };

export function medianFigure(values: readonly number[], threshold: number): MedianFigure {
  if (values.length === 0) return { kind: 'none' };
  if (values.length < threshold) return { kind: 'too-few', count: values.length };
  return { kind: 'shown', count: values.length, median: median(values)! };
}

const DAY_MS = 86_400_000;
const dayOf = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/**
 * Working days from `fromIso` to `toIso`, counted as deadlines are (working-days.ts): the first day never
 * counts, so an answer on working day N after a request took N working days, and one the same day 0.
 */
export function workingDaysBetween(
  fromIso: string,
  toIso: string,
  nation: BankHolidayNation,
  holidays: BankHolidays,
): number {
  const from = dayOf(londonDate(fromIso));
  const to = dayOf(londonDate(toIso));
  let n = 0;
  for (let d = from + 1; d <= to; d++)
    if (isWorkingDay(new Date(d * DAY_MS).toISOString().slice(0, 10), nation, holidays)) n++;
  return n;
}

/** The next weekly digest strictly after `nowIso`: its London date (which names the week) and when it is due. */
export function nextDigest(nowIso: string, weekday: Weekday, time: string): { date: string; dueAt: string } {
  const today = dayOf(londonDate(nowIso));
  const todayIndex = (today + 3) % 7; // 1970-01-01 was a Thursday: index 3 with Monday as 0.
  const target = WEEKDAYS.indexOf(weekday);
  if (target < 0) throw new RangeError(`Not a weekday: ${String(weekday).slice(0, 20)}`);
  for (let d = today + ((target - todayIndex + 7) % 7); ; d += 7) {
    const date = new Date(d * DAY_MS).toISOString().slice(0, 10);
    const dueAt = londonInstant(date, time);
    if (dueAt > nowIso) return { date, dueAt };
  }
}

/**
 * The period a report covers (docs/reports.md "Filters"): London calendar dates, inclusive, and the same period
 * as UTC instants, half open, for timestamp columns.
 */
export interface ReportRange {
  fromDate: string;
  toDate: string;
  fromAt: string;
  toAt: string;
}

/** Everything: what a report without a date filter covers. */
export const ALL_TIME: ReportRange = {
  fromDate: '0000-01-01',
  toDate: '9999-12-31',
  fromAt: '0000-01-01T00:00:00.000Z',
  toAt: '9999-12-31T23:59:59.999Z',
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EARLIEST = '2000-01-01';
const LONGEST_YEARS = 10;

function realDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** The same day `years` later (29 February becomes 1 March in a common year), as YYYY-MM-DD. */
function plusYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A report's date range from what a coordinator (or a URL) gave: both optional, YYYY-MM-DD London dates. Refused
 * with a plain message: a date that is not a real one, a range that ends before it starts, one before 2000, one
 * starting more than a year after `today`, or one longer than ten years. Without a start, it covers the ten years
 * up to the end (or today). Pure.
 */
export function reportRange(input: { from?: string; to?: string }, today: string): ReportRange {
  const from = input.from?.trim() || undefined;
  const to = input.to?.trim() || undefined;
  if (!from && !to) return ALL_TIME;
  const details: Record<string, string> = {};
  if (from && !realDate(from)) details.from = 'Give the start date as YYYY-MM-DD, e.g. 2027-04-01.';
  if (to && !realDate(to)) details.to = 'Give the end date as YYYY-MM-DD, e.g. 2028-03-31.';
  if (Object.keys(details).length) throw new ValidationError('That date range cannot be read.', details);
  const toDate = to ?? today;
  const fromDate = from ?? maxDate(EARLIEST, plusYears(toDate, -LONGEST_YEARS));
  if (fromDate < EARLIEST) throw new ValidationError('Reports cover 2000 onwards.', { from: 'before 2000' });
  if (fromDate > shiftDays(today, 366))
    throw new ValidationError('That range starts more than a year from today.', { from: 'too far ahead' });
  if (toDate < fromDate) throw new ValidationError('The range ends before it starts.', { to: 'before the start' });
  if (toDate > plusYears(fromDate, LONGEST_YEARS))
    throw new ValidationError(`Choose a range of at most ${LONGEST_YEARS} years.`, { to: 'too long' });
  return { fromDate, toDate, fromAt: londonInstant(fromDate), toAt: londonInstant(shiftDays(toDate, 1)) };
}
