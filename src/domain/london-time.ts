/** A calendar date written YYYY-MM-DD: it has no time zone and must never be converted as an instant. */
export const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Wall-clock reading in Europe/London (the programme's time zone, SPEC §7), daylight saving included. */
export interface LondonWallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** What a clock in London shows at `instant`. */
export function londonWallClock(instant: Date): LondonWallClock {
  const p: Record<string, number> = {};
  for (const part of londonParts.formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}
