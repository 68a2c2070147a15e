import type { ApplicationForm, ApplicationStatus, Role } from './application';
import { MEETING_PREFERENCES } from './catalogue';
import { DATE_ONLY, londonWallClock } from './london-time';

/**
 * Dates and labels as UK readers expect them. Month and weekday names are our own rather than Intl's:
 * ICU versions disagree ("Sep" vs "Sept", a comma after the weekday or not), and cards must read the
 * same on every instance. Intl is still used for the Europe/London offset, which it gets right across
 * daylight-saving changes.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Wall-clock parts in Europe/London for an ISO date (calendar date, taken as is) or timestamp. */
function toLondon(iso: string): LocalParts {
  const dateOnly = DATE_ONLY.exec(iso);
  if (dateOnly) {
    // A calendar date has no time zone; converting it would shift it a day for part of the year.
    return { year: Number(dateOnly[1]), month: Number(dateOnly[2]), day: Number(dateOnly[3]), hour: 0, minute: 0 };
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an ISO date: ${iso.slice(0, 40)}`);
  const { year, month, day, hour, minute } = londonWallClock(date);
  return { year, month, day, hour, minute };
}

/** "Tuesday 30 December 2025". Accepts a calendar date (YYYY-MM-DD) or a timestamp (shown in London time). */
export function formatUkDate(iso: string): string {
  const { year, month, day } = toLondon(iso);
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return `${weekday} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** "3 Mar 2027, 14:05" in Europe/London time. */
export function formatUkDateTime(iso: string): string {
  const { year, month, day, hour, minute } = toLondon(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${MONTHS[month - 1].slice(0, 3)} ${year}, ${pad(hour)}:${pad(minute)}`;
}

/** Colour of a status badge on a card (Adaptive Card text colours). */
export type StatusTone = 'good' | 'attention' | 'warning' | 'accent';

/** Status names as an applicant or coordinator reads them. */
export const STATUS_LABELS: Readonly<Record<ApplicationStatus, string>> = {
  submitted: 'Awaiting review',
  'info-requested': 'More information needed',
  approved: 'Approved',
  rejected: 'Not approved',
  withdrawn: 'Withdrawn',
};

/** Badge colour per status: green for done-and-good, amber where the applicant must act. */
export const STATUS_TONES: Readonly<Record<ApplicationStatus, StatusTone>> = {
  submitted: 'accent',
  'info-requested': 'warning',
  approved: 'good',
  rejected: 'attention',
  withdrawn: 'warning',
};

/** Role names as shown on cards. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  mentee: 'Mentee',
  mentor: 'Mentor',
};

/** Meeting preferences as shown on cards: the same words as the form's choices. */
export const MEETING_PREFERENCE_LABELS = Object.fromEntries(
  MEETING_PREFERENCES.map((m) => [m.value, m.title]),
) as Readonly<Record<ApplicationForm['meetingPreference'], string>>;

/** "a, b and c" — for short lists of labels in sentences and FactSets. */
export function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** How long something has waited, in words a coordinator reads at a glance: "under an hour", "5 hours", "3 days". */
export function formatWaited(sinceIso: string, nowIso: string): string {
  const hours = Math.max(0, Date.parse(nowIso) - Date.parse(sinceIso)) / 3_600_000;
  if (!Number.isFinite(hours) || hours < 1) return 'under an hour';
  if (hours < 24) return `${Math.floor(hours)} hour${Math.floor(hours) === 1 ? '' : 's'}`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}
