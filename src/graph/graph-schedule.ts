import type { BusyInterval, BusyKind } from '../domain/slot-search';
import { CalendarError } from '../services/calendar.port';

/**
 * Reading Graph's getSchedule answer (scheduleInformation) into busy intervals, and cutting a free/busy
 * question into calls Graph takes: at most 20 schedules, and windows of at most 62 days.
 */

/** Most schedules one getSchedule call is designed for. */
export const MAX_SCHEDULES_PER_CALL = 20;
/** Longest window one getSchedule call is designed for. */
export const MAX_WINDOW_MS = 62 * 86_400_000;

/** One schedule in Graph's answer (the fields we read). */
export interface ScheduleInformation {
  scheduleId?: string;
  availabilityView?: string;
  scheduleItems?: { status?: string; start?: GraphDateTime; end?: GraphDateTime }[];
  error?: { message?: string; responseCode?: string } | null;
}

export interface GraphDateTime {
  dateTime?: string;
  timeZone?: string;
}

/** Splits `items` into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Splits `[from, to)` into consecutive windows of at most 62 days. */
export function windows(from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let start = from; start < to; start += MAX_WINDOW_MS)
    out.push({ start, end: Math.min(start + MAX_WINDOW_MS, to) });
  return out;
}

/** Graph's freeBusyStatus to ours. `unknown` (or anything new) blocks: a meeting over it could clash. */
const KINDS: Readonly<Record<string, BusyKind | null>> = {
  free: null,
  tentative: 'tentative',
  busy: 'busy',
  oof: 'oof',
  workingelsewhere: 'elsewhere',
};

function kindOf(status: string | undefined): BusyKind | null {
  const kind = KINDS[(status ?? '').toLowerCase()];
  return kind === undefined ? 'busy' : kind;
}

/** availabilityView digits: 0 free, 1 tentative, 2 busy, 3 away (oof), 4 working elsewhere. */
const VIEW_KINDS: readonly (BusyKind | null)[] = [null, 'tentative', 'busy', 'oof', 'elsewhere'];

const UTC_ZONES = new Set(['utc', 'etc/utc', 'coordinated universal time']);
const GRAPH_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?(\.\d+)?$/;

/**
 * An instant from Graph's dateTimeTimeZone. We ask for UTC (startTime's zone and `Prefer: outlook.timezone`),
 * so the zoneless wall time is UTC; any other zone is refused rather than guessed at.
 */
export function graphInstant(value: GraphDateTime | undefined): number {
  const zone = (value?.timeZone ?? 'UTC').toLowerCase();
  const m = GRAPH_DATE_TIME.exec(value?.dateTime ?? '');
  if (!m || !UTC_ZONES.has(zone)) {
    throw new CalendarError(
      'unavailable',
      `Microsoft Graph answered a time that is not UTC (${String(value?.timeZone).slice(0, 40)})`,
    );
  }
  const millis = (m[3] ?? '.000').slice(1).padEnd(3, '0').slice(0, 3);
  return Date.parse(`${m[1]}${m[2] ?? ':00'}.${millis}Z`);
}

/**
 * Busy intervals of one schedule within `[start, end)`, the window that was asked about. Items are clipped
 * to the window; a schedule without items (older mailboxes) is read from its availabilityView instead.
 */
export function busyOf(
  info: ScheduleInformation,
  window: { start: number; end: number },
  intervalMinutes: number,
): { start: number; end: number; kind: BusyKind }[] {
  const out: { start: number; end: number; kind: BusyKind }[] = [];
  const add = (start: number, end: number, kind: BusyKind | null): void => {
    const s = Math.max(start, window.start);
    const e = Math.min(end, window.end);
    if (kind && e > s) out.push({ start: s, end: e, kind });
  };
  if (Array.isArray(info.scheduleItems)) {
    for (const item of info.scheduleItems) add(graphInstant(item.start), graphInstant(item.end), kindOf(item.status));
    return out;
  }
  const view = info.availabilityView ?? '';
  const step = intervalMinutes * 60_000;
  for (let i = 0; i < view.length;) {
    let j = i + 1;
    while (j < view.length && view[j] === view[i]) j++;
    const digit = Number(view[i]);
    add(
      window.start + i * step,
      window.start + j * step,
      Number.isInteger(digit) && digit < VIEW_KINDS.length ? VIEW_KINDS[digit]! : 'busy',
    );
    i = j;
  }
  return out;
}

/** One person's intervals from several windows: in order, with the copies of an event spanning two windows merged. */
export function toBusyIntervals(parts: readonly { start: number; end: number; kind: BusyKind }[]): BusyInterval[] {
  const seen = new Set<string>();
  const sorted = [...parts].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: BusyInterval[] = [];
  for (const p of sorted) {
    const key = `${p.start}/${p.end}/${p.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString(), kind: p.kind });
  }
  return out;
}

const NOT_FOUND_CODES = /notfound|invalidrecipient|invalidsmtpaddress|nonexist|invaliduser|unknownuser/i;

/**
 * A schedule Graph could not read (the answer's `error`, e.g. a mailbox outside the app's RBAC scope).
 * The message names our person id and Graph's response code, never the address or Graph's own wording.
 */
export function scheduleError(personId: string, error: { responseCode?: string }): CalendarError {
  const code = /^[A-Za-z0-9_.-]{1,64}$/.test(error.responseCode ?? '') ? error.responseCode! : 'no code';
  if (NOT_FOUND_CODES.test(code)) {
    return new CalendarError(
      'not-found',
      `Free/busy of person ${personId}: Microsoft Graph knows no such mailbox (${code}); they may have left the organisation`,
    );
  }
  return new CalendarError(
    'forbidden',
    `Free/busy of person ${personId}: Microsoft Graph may not read that mailbox (${code}); the app lacks admin consent in this tenant, or the mailbox is outside the app's Exchange RBAC scope`,
  );
}
