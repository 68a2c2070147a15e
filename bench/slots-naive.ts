/**
 * The slot rule of src/domain/slots.ts done the obvious way, as the reference the property tests and the
 * slots benchmark hold `findSlots` to: every start on the grid in the window is tried, each minute of the
 * meeting is checked against every busy interval and against the London wall clock, and the offer is then
 * picked from all the valid starts. It reads London time with luxon rather than the domain's Intl helpers, so
 * an agreement also cross-checks the domain's clock-change arithmetic against another implementation.
 */
import { DateTime } from 'luxon';
import { resolveSlotSearch, type Slot, type SlotSearch } from '../src/domain/slot-search';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

interface WallMinute {
  date: string;
  /** 1 Monday … 7 Sunday. */
  weekday: number;
  /** Minutes since London midnight. */
  minuteOfDay: number;
}

/**
 * London's offset, asked of luxon once per UTC hour: UK clocks change on the hour (01:00 UTC), so the offset
 * is the same for every minute of an hour. Asking per minute only makes the reference too slow to run often.
 */
function londonClock(): (instant: number) => WallMinute {
  const offsets = new Map<number, number>();
  return (instant) => {
    const hour = Math.floor(instant / HOUR_MS) * HOUR_MS;
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = DateTime.fromMillis(hour, { zone: 'Europe/London' }).offset * MINUTE_MS;
      offsets.set(hour, offset);
    }
    const wall = new Date(instant + offset);
    return {
      date: wall.toISOString().slice(0, 10),
      weekday: wall.getUTCDay() || 7,
      minuteOfDay: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    };
  };
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Same input and output as `findSlots`, by brute force. */
export function naiveSlots(search: SlotSearch): Slot[] {
  const r = resolveSlotSearch(search);
  const wall = londonClock();
  const opens = minutesOf(r.workingHours.start);
  const closes = minutesOf(r.workingHours.end);

  const minuteIsFree = (minute: number): boolean => {
    if (minute < r.now || minute + MINUTE_MS > r.windowEnd) return false;
    const w = wall(minute);
    if (w.weekday > 5 || w.minuteOfDay < opens || w.minuteOfDay >= closes) return false;
    if (r.holidays.isBankHoliday(w.date, r.nation)) return false;
    for (const b of r.busy) if (b.start < minute + MINUTE_MS && minute < b.end) return false;
    return true;
  };
  const startIsFree = (start: number): boolean => {
    for (let minute = start; minute < start + r.lengthMs; minute += MINUTE_MS) if (!minuteIsFree(minute)) return false;
    return true;
  };

  const valid: { start: number; date: string }[] = [];
  for (let start = Math.ceil(r.now / r.gridMs) * r.gridMs; start < r.windowEnd; start += r.gridMs) {
    if (startIsFree(start)) valid.push({ start, date: wall(start).date });
  }

  // The offer: each day's earliest start, day by day; then rounds of each day's earliest not overlapping any chosen.
  const dates = [...new Set(valid.map((v) => v.date))];
  const chosen: { start: number; date: string }[] = [];
  const overlapsChosen = (start: number) =>
    chosen.some((c) => start < c.start + r.lengthMs && c.start < start + r.lengthMs);
  for (let added = true; added && chosen.length < r.count;) {
    added = false;
    for (const date of dates) {
      if (chosen.length >= r.count) break;
      const pick = valid.find((v) => v.date === date && !overlapsChosen(v.start));
      if (pick) {
        chosen.push(pick);
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
