import { DEFAULT_SETTINGS, type BankHolidayNation } from './programme';
import type { BankHolidays } from './working-days';

/**
 * What a slot search is asked and how its input is checked and defaulted, apart from the rule itself
 * (src/domain/slots.ts), so the rule reads on its own and a reference scan can take exactly the same input.
 */

/**
 * How a calendar marks time that is not free. Every kind blocks a meeting: a tentative hold is somebody's
 * plan, and "elsewhere" (working at another site) is a day the pair cannot be sure to meet. Free time never
 * arrives as an interval; the calendar adapter leaves it out.
 */
export type BusyKind = 'busy' | 'tentative' | 'oof' | 'elsewhere';

const BUSY_KINDS: ReadonlySet<string> = new Set<BusyKind>(['busy', 'tentative', 'oof', 'elsewhere']);

/** An instant: milliseconds since the epoch, or an ISO 8601 timestamp with its zone (`Z` or `±hh:mm`). */
export type Instant = number | string;

/** Time one person cannot meet: `[start, end)`, so a meeting may begin the moment another ends. */
export interface BusyInterval {
  start: Instant;
  end: Instant;
  kind: BusyKind;
}

/** A slot search for one meeting. Only `calendars`, `now`, `nation` and `holidays` are required. */
export interface SlotSearch {
  /** Each attendee's busy intervals over the search window (two for a mentoring pair, in any order). */
  calendars: readonly (readonly BusyInterval[])[];
  /** Start of the search window: no slot starts before it. */
  now: Instant;
  /** The programme's nation: its bank holidays are skipped entirely. */
  nation: BankHolidayNation;
  holidays: BankHolidays;
  /** Length of the search window in days of 24 hours; every slot ends inside it. Default 14. */
  windowDays?: number;
  /** The programme's meeting length. Default 60, as in the programme settings. */
  meetingLengthMinutes?: number;
  /** London wall-clock working hours, `HH:MM`, end exclusive. Default 09:00–17:00, as in the programme settings. */
  workingHours?: { start: string; end: string };
  /** How many slots to offer. Default 3. */
  count?: number;
  /**
   * Slot starts are on this grid of the London clock. Default 15: meetings begin where calendars put them
   * (:00, :15, :30, :45), so a stand-up ending at 09:15 does not cost the whole half hour after it.
   */
  gridMinutes?: 15 | 30;
}

/** An offered slot: ISO UTC instants and the London calendar date it falls on. */
export interface Slot {
  start: string;
  end: string;
  date: string;
}

export const SLOT_DEFAULTS = {
  windowDays: 14,
  meetingLengthMinutes: DEFAULT_SETTINGS.meetingLengthMinutes,
  workingHours: { start: DEFAULT_SETTINGS.workingHours.start, end: DEFAULT_SETTINGS.workingHours.end },
  count: 3,
  gridMinutes: 15,
} as const;

/** A search with every default applied and every instant in milliseconds. */
export interface ResolvedSlotSearch {
  /** Every attendee's intervals together, in input order, empty ones (`end` = `start`) left out. */
  busy: { start: number; end: number }[];
  now: number;
  /** `now` plus the window: every slot ends at or before it. */
  windowEnd: number;
  lengthMs: number;
  gridMs: number;
  workingHours: { start: string; end: string };
  count: number;
  nation: BankHolidayNation;
  holidays: BankHolidays;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A timestamp without a zone would be read in the server's zone, so one is required. */
function toMs(value: Instant, what: string): number {
  const ms =
    typeof value === 'number' ? value : typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms))
    throw new RangeError(
      `${what} is not an instant (ms since the epoch, or ISO with a zone): ${String(value).slice(0, 40)}`,
    );
  return ms;
}

function whole(value: number, min: number, max: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new RangeError(`${what} must be a whole number from ${min} to ${max} (got ${value})`);
  return value;
}

/**
 * Working hours are wall-clock times. UK clocks change between 01:00 and 02:00 London, where a time is
 * missing or happens twice; hours starting at 02:00 or later lie wholly after any change on their day, so
 * each boundary has one instant and the day's window is as long as the hours say. No programme works
 * through the night, so earlier hours are refused rather than given a meaning.
 */
function checkWorkingHours(hours: { start: string; end: string }): { start: string; end: string } {
  for (const t of [hours.start, hours.end]) {
    if (typeof t !== 'string' || !TIME_OF_DAY.test(t))
      throw new RangeError(`Not a time of day (HH:MM): ${String(t).slice(0, 10)}`);
  }
  if (hours.start < '02:00')
    throw new RangeError(`Working hours must start at 02:00 or later, after the clocks change (got ${hours.start})`);
  if (hours.start >= hours.end)
    throw new RangeError(`Working hours must end after they start: ${hours.start}–${hours.end}`);
  return { start: hours.start, end: hours.end };
}

/** Applies the defaults and checks the input, so both the rule and any reference scan see the same search. */
export function resolveSlotSearch(search: SlotSearch): ResolvedSlotSearch {
  const now = toMs(search.now, 'now');
  const windowDays = whole(search.windowDays ?? SLOT_DEFAULTS.windowDays, 1, 62, 'The search window (days)');
  const grid = search.gridMinutes ?? SLOT_DEFAULTS.gridMinutes;
  if (grid !== 15 && grid !== 30) throw new RangeError(`The slot grid must be 15 or 30 minutes (got ${grid})`);
  const busy: { start: number; end: number }[] = [];
  for (const calendar of search.calendars) {
    for (const interval of calendar) {
      if (!BUSY_KINDS.has(interval.kind))
        throw new RangeError(`Unknown kind of busy time: ${String(interval.kind).slice(0, 20)}`);
      const start = toMs(interval.start, 'A busy start');
      const end = toMs(interval.end, 'A busy end');
      if (end < start)
        throw new RangeError(
          `A busy interval ends before it starts: ${String(interval.start)}–${String(interval.end)}`,
        );
      if (end > start) busy.push({ start, end });
    }
  }
  return {
    busy,
    now,
    windowEnd: now + windowDays * DAY_MS,
    lengthMs:
      whole(
        search.meetingLengthMinutes ?? SLOT_DEFAULTS.meetingLengthMinutes,
        1,
        24 * 60,
        'The meeting length (minutes)',
      ) * MINUTE_MS,
    gridMs: grid * MINUTE_MS,
    workingHours: checkWorkingHours(search.workingHours ?? SLOT_DEFAULTS.workingHours),
    count: whole(search.count ?? SLOT_DEFAULTS.count, 1, 10, 'The number of slots'),
    nation: search.nation,
    holidays: search.holidays,
  };
}
