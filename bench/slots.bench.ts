/**
 * Slot-finding benchmark: `findSlots` against the minute-by-minute reference scan (bench/slots-naive.ts) on
 * 1,000 seeded pairs of clinicians' calendars over a 14-day window from Friday 22 October 2027, so the
 * 31 October clock change falls inside it. Calendars have daily stand-ups, weekly team meetings, on-call
 * days, annual leave, one-off meetings, days at another site and tentative holds. Both get the same
 * searches; the results must be identical. Times are totals over all pairs after a warm-up. The last line
 * is the summary:
 *
 *   slots: 1000 pairs, ours MS ms, naive MS ms, ratio Nx, same yes|no
 *
 *   npm run bench:slots [-- --pairs 1000 --seed 20271022]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { findSlots, type BusyInterval, type BusyKind, type SlotSearch } from '../src/domain/slots';
import { DateHolidaysCalendar } from '../src/holidays/date-holidays';
import { rng } from './pool-generator';
import { naiveSlots } from './slots-naive';

const { values } = parseArgs({
  options: { pairs: { type: 'string', default: '1000' }, seed: { type: 'string', default: '20271022' } },
});
const PAIRS = Number(values.pairs);
const WARMUP = 100;
const holidays = new DateHolidaysCalendar();

/** Calendar days covered, a day either side of the window so intervals also cross its edges. */
const DAYS = Array.from({ length: 17 }, (_, i) =>
  DateTime.fromISO('2027-10-21', { zone: 'Europe/London' }).plus({ days: i }),
);

function calendar(random: () => number): BusyInterval[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const out: BusyInterval[] = [];
  /** `minute` is minutes after London midnight of `day`; luxon puts it on the right side of the clock change. */
  const add = (day: DateTime, minute: number, minutes: number, kind: BusyKind) => {
    const start = day.plus({ minutes: minute });
    out.push({ start: start.toUTC().toISO()!, end: start.plus({ minutes }).toUTC().toISO()!, kind });
  };
  const busyness = 0.5 + random() * 1.5;
  const standUp = random() < 0.6 ? pick([8 * 60 + 30, 9 * 60, 9 * 60 + 15]) : undefined;
  const weekly = Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
    weekday: 1 + Math.floor(random() * 5),
    minute: 9 * 60 + 30 * Math.floor(random() * 14),
    minutes: pick([60, 90]),
  }));
  const leaveFrom = random() < 0.3 ? Math.floor(random() * DAYS.length) : -1;
  const leaveDays = 1 + Math.floor(random() * 5);
  for (const [i, day] of DAYS.entries()) {
    if (day.weekday > 5) continue;
    if (i >= leaveFrom && i < leaveFrom + leaveDays) {
      add(day, 0, 24 * 60, 'oof');
      continue;
    }
    if (random() < 0.08) {
      add(day, 0, 24 * 60, 'busy'); // on call
      continue;
    }
    if (standUp !== undefined) add(day, standUp, 15, 'busy');
    for (const w of weekly) if (w.weekday === day.weekday) add(day, w.minute, w.minutes, 'busy');
    if (random() < 0.1) add(day, random() < 0.5 ? 8 * 60 : 13 * 60, 4 * 60, 'elsewhere');
    const meetings = Math.round(random() * 5 * busyness);
    for (let m = 0; m < meetings; m++)
      add(day, 8 * 60 + 5 * Math.floor(random() * 114), pick([15, 30, 30, 45, 60, 60, 90, 120]), 'busy');
    for (let t = Math.floor(random() * 3); t > 0; t--)
      add(day, 9 * 60 + 15 * Math.floor(random() * 30), pick([30, 60]), 'tentative');
  }
  return out;
}

function searches(seed: number, pairs: number): SlotSearch[] {
  const random = rng(seed);
  const start = DateTime.fromISO('2027-10-22T07:00', { zone: 'Europe/London' }).toMillis();
  return Array.from({ length: pairs }, () => ({
    calendars: [calendar(random), calendar(random)],
    // Some time on Friday 22 October between 07:00 and 18:00 London, to the millisecond.
    now: start + Math.floor(random() * 11 * 3_600_000),
    nation: 'england-and-wales' as const,
    holidays,
    count: 3 + Math.floor(random() * 3),
    meetingLengthMinutes: random() < 0.8 ? 60 : 30,
  }));
}

function time<T>(runs: readonly SlotSearch[], find: (s: SlotSearch) => T): { ms: number; results: T[] } {
  for (const s of runs.slice(0, WARMUP)) find(s);
  const results: T[] = [];
  const t0 = performance.now();
  for (const s of runs) results.push(find(s));
  return { ms: performance.now() - t0, results };
}

const runs = searches(Number(values.seed), PAIRS);
const ours = time(runs, findSlots);
const naive = time(runs, naiveSlots);
const same = ours.results.every((r, i) => JSON.stringify(r) === JSON.stringify(naive.results[i]));

const intervals = runs.reduce((n, s) => n + s.calendars[0].length + s.calendars[1].length, 0) / runs.length;
const slots = ours.results.flat();
const afterChange = ours.results.filter((r) => r.some((s) => s.date > '2027-10-31')).length;
const doubled = ours.results.filter((r) => new Set(r.map((s) => s.date)).size < r.length).length;
const short = ours.results.filter((r, i) => r.length < (runs[i].count ?? 3)).length;
console.log(`calendars: ${intervals.toFixed(1)} busy intervals a pair on average`);
console.log(
  `offers: ${slots.length} slots; ${afterChange} pairs offered a slot after the clock change; ${doubled} with two on a day; ${short} short of their count`,
);
console.log(
  `slots: ${PAIRS} pairs, ours ${ours.ms.toFixed(1)} ms, naive ${naive.ms.toFixed(1)} ms, ratio ${(naive.ms / ours.ms).toFixed(1)}x, same ${same ? 'yes' : 'no'}`,
);
if (!same) process.exitCode = 1;
