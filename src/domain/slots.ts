import { resolveSlotSearch, type Slot, type SlotSearch } from './slot-search';
import { londonWallClock } from './london-time';
import { isWorkingDay, londonDate, londonInstant } from './working-days';

export {
  SLOT_DEFAULTS,
  type BusyInterval,
  type BusyKind,
  type Instant,
  type Slot,
  type SlotSearch,
} from './slot-search';

/**
 * Meeting slots a mentoring pair can both make, under the programme's meeting length and working hours.
 *
 * The rule, precisely. A slot is `meetingLengthMinutes` long and is offered only if:
 * - it starts on the grid (every 15 minutes of the London clock by default, or 30): UK offsets are whole
 *   hours, so the grid of the UTC clock is the grid of the London clock, summer and winter;
 * - it starts at or after `now` and ends at or before the end of the search window;
 * - it lies entirely inside working hours, read on the London wall clock, of one working day (Monday to
 *   Friday and not a bank holiday of the programme's nation): 09:00 London is 08:00Z in summer, 09:00Z in
 *   winter;
 * - it overlaps no busy interval of either attendee, whatever its kind. Intervals are `[start, end)`.
 *
 * The offer: the earliest such slot of each day, day by day, until there are `count`; only when fewer days
 * than that have room, a second round takes each day's earliest slot overlapping none already chosen, and so
 * on. Slots come back in start order. People choose by day first, so three mornings on three days beat
 * three hours of one Monday.
 *
 * Cost: the intervals are merged once (sort and sweep), then each working day's window is cut by the merged
 * intervals that reach into it, so the work grows with the number of intervals and days, not of minutes.
 * The first round stops at the `count`-th day with room; only a crowded fortnight is walked to its end.
 */
export function findSlots(search: SlotSearch): Slot[] {
  const r = resolveSlotSearch(search);
  const busy = mergeIntervals(r.busy);
  const days: { date: string; gaps: number[] }[] = [];
  const chosen: { start: number; date: string }[] = [];
  const lastDate = londonDate(new Date(r.windowEnd).toISOString());
  const opening = openings(r.workingHours.start);
  // Working hours start after any clock change on their day (resolveSlotSearch), so they last as long as
  // they say and the closing time needs no time-zone look-up of its own.
  const hoursMs = (minutesOf(r.workingHours.end) - minutesOf(r.workingHours.start)) * 60_000;
  let next = 0; // first merged interval that may reach into today's window; the days only move forwards
  for (
    let date = londonDate(new Date(r.now).toISOString());
    date <= lastDate && chosen.length < r.count;
    date = nextDate(date)
  ) {
    if (!isWorkingDay(date, r.nation, r.holidays)) continue;
    const opens = opening(date);
    const from = Math.max(r.now, opens);
    const to = Math.min(r.windowEnd, opens + hoursMs);
    if (to - from < r.lengthMs) continue;
    while (next < busy.length && busy[next].end <= from) next++;
    const day = { date, gaps: freeGaps(busy, next, from, to) };
    days.push(day);
    const start = take(day.gaps, r.lengthMs, r.gridMs);
    if (start !== undefined) chosen.push({ start, date });
  }
  // Reached only when the first round walked the whole window, so `days` holds every day with working hours.
  for (let added = true; added && chosen.length < r.count;) {
    added = false;
    for (const day of days) {
      if (chosen.length >= r.count) break;
      const start = take(day.gaps, r.lengthMs, r.gridMs);
      if (start !== undefined) {
        chosen.push({ start, date: day.date });
        added = true;
      }
    }
  }
  return chosen
    .sort((a, b) => a.start - b.start)
    .map(({ start, date }) => ({
      start: new Date(start).toISOString(),
      end: new Date(start + r.lengthMs).toISOString(),
      date,
    }));
}

/**
 * Sorted, disjoint intervals covering the same time. Touching ones are joined too: the gap between them is
 * empty, and one interval instead of two is one comparison fewer on every day after.
 */
function mergeIntervals(intervals: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const { start, end } of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/** The free parts of `[from, to)`, flat as `[start0, end0, start1, end1, …]`, given merged intervals from `first`. */
function freeGaps(busy: readonly { start: number; end: number }[], first: number, from: number, to: number): number[] {
  const gaps: number[] = [];
  let cursor = from;
  // Merged, so each interval ends after the cursor: the first ends after `from`, each later one after its start.
  for (let i = first; i < busy.length && busy[i].start < to; i++) {
    if (busy[i].start > cursor) gaps.push(cursor, busy[i].start);
    cursor = busy[i].end;
  }
  if (cursor < to) gaps.push(cursor, to);
  return gaps;
}

/**
 * The earliest grid start in `gaps` with room for the meeting, cut out of its gap so a later round cannot
 * offer a slot overlapping it; `undefined` when the day has no room left.
 */
function take(gaps: number[], lengthMs: number, gridMs: number): number | undefined {
  for (let k = 0; k < gaps.length; k += 2) {
    const start = Math.ceil(gaps[k] / gridMs) * gridMs;
    if (start + lengthMs <= gaps[k + 1]) {
      // The pieces either side may be empty or too short; they then never fit and cost one comparison.
      gaps.splice(k, 2, gaps[k], start, start + lengthMs, gaps[k + 1]);
      return start;
    }
  }
  return undefined;
}

/**
 * When working hours open on each of a run of London dates, asked in date order. The last opening plus
 * whole days is right unless the clocks changed in between, and one reading of the London clock tells
 * which: half the cost of londonInstant, which the first date and the day after a change still use.
 * Openings are at 02:00 or later, where every wall-clock time has exactly one instant, and the guess is
 * within an hour of it, so a reading of the right day, hour and minute is the answer.
 */
function openings(start: string): (date: string) => number {
  const [hour, minute] = [Number(start.slice(0, 2)), Number(start.slice(3, 5))];
  let known: { day: number; at: number } | undefined;
  return (date) => {
    const day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    let at = known === undefined ? NaN : known.at + (day - known.day) * DAY_MS;
    const clock = Number.isNaN(at) ? undefined : londonWallClock(new Date(at));
    if (
      clock === undefined ||
      clock.day !== Number(date.slice(8, 10)) ||
      clock.hour !== hour ||
      clock.minute !== minute
    ) {
      at = Date.parse(londonInstant(date, start));
    }
    known = { day, at };
    return at;
  };
}

const DAY_MS = 86_400_000;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The calendar date after `isoDate`; calendar dates have no zone, so this is UTC date arithmetic. */
function nextDate(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
