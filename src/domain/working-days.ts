import { formatUkDate } from './format';
import { DATE_ONLY, londonWallClock } from './london-time';
import type { BankHolidayNation } from './programme';

/**
 * UK working days for response deadlines and reminders (SPEC §3.2, §7).
 *
 * The rule, precisely:
 * - Days are calendar days in Europe/London. A request is dated by its London calendar date; the time of day
 *   never matters.
 * - A working day is Monday to Friday and not a bank holiday of the programme's nation.
 * - The request's own day never counts, even when it is a working day (part of it has gone): working day 1
 *   is the first working day after the request's date. "N working days from a request" is working day N.
 * - The deadline is the end of working day N in Europe/London: a response strictly before `endsAt` (midnight
 *   London at the start of the next calendar day) is in time.
 *
 * So 5 working days from a request at 16:00 on Friday 19 December 2025 in England and Wales: day 1 is Monday
 * 22, 2 Tuesday 23, 3 Wednesday 24 (25 and 26 are bank holidays, 27 and 28 a weekend), 4 Monday 29, 5 Tuesday
 * 30 December; the deadline is the end of Tuesday 30 December 2025 (2025-12-31T00:00:00.000Z). A request on
 * the Saturday or Sunday after has the same deadline, as does one at 08:00 that Friday.
 */

/** Whether a calendar date is a bank holiday of a nation. The date-holidays adapter implements it. */
export interface BankHolidays {
  /** `isoDate` is a calendar date, `YYYY-MM-DD`. */
  isBankHoliday(isoDate: string, nation: BankHolidayNation): boolean;
}

/** A working day as a calendar date and the instants, in UTC, at which it starts and ends in London. */
export interface WorkingDay {
  /** Calendar date in Europe/London, `YYYY-MM-DD`. */
  date: string;
  /** Midnight at the start of the day in London, as an ISO UTC instant. */
  startsAt: string;
  /** Midnight at the end of the day in London (exclusive), as an ISO UTC instant. */
  endsAt: string;
}

const DAY_MS = 86_400_000;
/** Bank holidays come one or two at a time; a month with no working day means the calendar is wrong. */
const MAX_NON_WORKING_RUN = 31;

const HOUR_MS = 3_600_000;
/** London's offset per UTC hour, as found: UK clocks only ever change on a whole UTC hour (01:00). */
const offsetByHour = new Map<number, number>();

/** Milliseconds London is ahead of UTC at `instant` (0 in GMT, one hour in BST). */
function londonOffsetMs(instant: number): number {
  const hour = Math.floor(instant / HOUR_MS);
  const known = offsetByHour.get(hour);
  if (known !== undefined) return known;
  // Asking the time-zone database is slow (a report converts thousands of timestamps), so each hour is asked once.
  const start = hour * HOUR_MS;
  const p = londonWallClock(new Date(start));
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
  if (offsetByHour.size >= 100_000) offsetByHour.clear();
  offsetByHour.set(hour, offset);
  return offset;
}

/** Days since 1970-01-01 of a calendar date, so stepping a day is integer arithmetic with no time zone. */
function dayNumber(isoDate: string): number {
  const m = DATE_ONLY.exec(isoDate);
  if (!m) throw new RangeError(`Not a calendar date: ${isoDate.slice(0, 40)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== isoDate) throw new RangeError(`Not a calendar date: ${isoDate}`);
  return ms / DAY_MS;
}

const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The London calendar date of a timestamp; a calendar date is taken as is. */
export function londonDate(iso: string): string {
  if (DATE_ONLY.test(iso)) return dateOf(dayNumber(iso));
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new RangeError(`Not an ISO date: ${iso.slice(0, 40)}`);
  return new Date(instant + londonOffsetMs(instant)).toISOString().slice(0, 10);
}

/**
 * The UTC instant of a London wall-clock time on a calendar date. Twice, because the offset to use is the one
 * at the answer; UK clocks change at 01:00 UTC, so midnight and working hours are never skipped or doubled.
 */
export function londonInstant(isoDate: string, time = '00:00'): string {
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!t) throw new RangeError(`Not a time of day: ${time.slice(0, 10)}`);
  const wall = dayNumber(isoDate) * DAY_MS + (Number(t[1]) * 60 + Number(t[2])) * 60_000;
  let utc = wall - londonOffsetMs(wall);
  utc = wall - londonOffsetMs(utc);
  return new Date(utc).toISOString();
}

/** Monday to Friday and not a bank holiday of `nation`. */
export function isWorkingDay(isoDate: string, nation: BankHolidayNation, holidays: BankHolidays): boolean {
  const weekday = (dayNumber(isoDate) + 4) % 7; // 1970-01-01 was a Thursday (4).
  return weekday !== 0 && weekday !== 6 && !holidays.isBankHoliday(isoDate, nation);
}

function workingDay(isoDate: string): WorkingDay {
  return { date: isoDate, startsAt: londonInstant(isoDate), endsAt: londonInstant(dateOf(dayNumber(isoDate) + 1)) };
}

/** The `n`-th working day after day number `from` (which itself never counts). */
function nthWorkingDayAfter(from: number, n: number, nation: BankHolidayNation, holidays: BankHolidays): number {
  let day = from;
  let found = 0;
  let run = 0;
  while (found < n) {
    day++;
    if (isWorkingDay(dateOf(day), nation, holidays)) {
      found++;
      run = 0;
    } else if (++run > MAX_NON_WORKING_RUN) {
      throw new RangeError(`No working day in ${MAX_NON_WORKING_RUN} days after ${dateOf(day - run)} (${nation})`);
    }
  }
  return day;
}

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`${what} must be a whole number of working days, at least 1 (got ${n})`);
}

/**
 * Working day `n` (n ≥ 1) after a request made at `startIso` (a timestamp, or a calendar date), by the rule
 * at the top of this file. The deadline is the end of the returned day: compare responses with `endsAt`.
 */
export function addWorkingDays(
  startIso: string,
  n: number,
  nation: BankHolidayNation,
  holidays: BankHolidays,
): WorkingDay {
  checkCount(n, 'A deadline');
  return workingDay(dateOf(nthWorkingDayAfter(dayNumber(londonDate(startIso)), n, nation, holidays)));
}

/** A reminder: the working day it falls on and when to send it (the start of working hours that day). */
export interface ReminderDate extends WorkingDay {
  /** Working days after the request, as configured. */
  workingDays: number;
  sendAt: string;
}

/**
 * Reminder days for a request: working day k after it for each k in `reminderWorkingDays` (SPEC §7 default
 * 2 and 4), ascending and without duplicates, each sent at `sendAtLocal` London time (default 09:00, the
 * start of the default working hours) so nobody is pinged at midnight.
 */
export function reminderDates(
  requestIso: string,
  reminderWorkingDays: readonly number[],
  nation: BankHolidayNation,
  holidays: BankHolidays,
  sendAtLocal = '09:00',
): ReminderDate[] {
  const days = [...new Set(reminderWorkingDays)].sort((a, b) => a - b);
  for (const k of days) checkCount(k, 'A reminder');
  const start = dayNumber(londonDate(requestIso));
  return days.map((k) => {
    const date = dateOf(nthWorkingDayAfter(start, k, nation, holidays));
    return { ...workingDay(date), workingDays: k, sendAt: londonInstant(date, sendAtLocal) };
  });
}

/** A request's deadline and the reminders that fall strictly before its day. */
export interface ResponseSchedule {
  deadline: WorkingDay;
  reminders: ReminderDate[];
}

/**
 * The deadline and reminders of a request under a programme's settings. Reminder days on or after the
 * deadline day are dropped rather than sent after (or on the day of) the deadline they remind about.
 */
export function responseSchedule(
  requestIso: string,
  settings: {
    responseDeadlineWorkingDays: number;
    reminderWorkingDays: readonly number[];
    bankHolidayNation: BankHolidayNation;
    workingHours?: { start: string };
  },
  holidays: BankHolidays,
): ResponseSchedule {
  const nation = settings.bankHolidayNation;
  const deadline = addWorkingDays(requestIso, settings.responseDeadlineWorkingDays, nation, holidays);
  const due = settings.reminderWorkingDays.filter((k) => k < settings.responseDeadlineWorkingDays);
  return { deadline, reminders: reminderDates(requestIso, due, nation, holidays, settings.workingHours?.start) };
}

/** "Tuesday 30 December 2025": the deadline as the card shows it ("Please respond by …"). */
export function formatDeadline(deadline: WorkingDay | string): string {
  return formatUkDate(typeof deadline === 'string' ? deadline : deadline.date);
}
