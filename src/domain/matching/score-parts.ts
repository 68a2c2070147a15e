import { countryRegion, type Region } from '../catalogue';

// The parts of a pair's score, each in integer points (weight × 100 × a fraction, rounded once per part).
// scorePair and the engine's table-driven scorer both call these, so they cannot drift apart.

const SCALE = 100;

/** Points for an exact match (specialty, site). */
export function samePoints(same: boolean, weight: number): number {
  return same ? Math.round(weight * SCALE) : 0;
}

/** Country of qualification: the same country scores in full, another country in the same UN region half. */
export function countryPoints(
  a: string,
  b: string,
  weight: number,
): { points: number; same: boolean; region?: Region } {
  if (a === b) return { points: Math.round(weight * SCALE), same: true };
  const region = countryRegion(a);
  if (region !== undefined && region === countryRegion(b))
    return { points: Math.round(weight * SCALE * 0.5), same: false, region };
  return { points: 0, same: false };
}

/**
 * Shared languages other than English (everyone in the NHS shares English, so it tells nothing):
 * one shared language is most of the value, a second adds the rest.
 */
export function languagePoints(shared: number, weight: number): number {
  return Math.round(weight * SCALE * (shared <= 0 ? 0 : shared === 1 ? 0.75 : 1));
}

/** The fraction of the mentee's wanted topics that the mentor offers. */
export function topicPoints(covered: number, wanted: number, weight: number): number {
  return wanted <= 0 ? 0 : Math.round((weight * SCALE * covered) / wanted);
}

/** Meeting preferences: the same scores in full, "either" on one side most of it, in person vs virtual none. */
export function meetingPoints(a: string, b: string, weight: number): number {
  if (a === b) return Math.round(weight * SCALE);
  return a === 'either' || b === 'either' ? Math.round(weight * SCALE * 0.8) : 0;
}

/**
 * How well a mentor's stage suits, by (mentor stage − mentee stage): 1–3 stages ahead is best (SPEC §3.2:
 * somewhat ahead beats very senior), the same stage or far ahead less, behind not at all.
 */
export function stageFit(gap: number | undefined): number {
  if (gap === undefined || gap < 0) return 0;
  return [0.3, 0.9, 1, 0.8, 0.5, 0.3][gap] ?? 0.2;
}

/**
 * How recently the mentor was where the mentee is, by days the mentor joined the NHS before the mentee:
 * 1–3 years earlier is best, fading to nothing at 10 years; joining later than the mentee scores nothing.
 */
export function recencyFit(daysEarlier: number): number {
  const years = daysEarlier / 365.25;
  if (years < 0 || years >= 10) return 0;
  if (years < 1) return 0.5 + 0.5 * years;
  return years <= 3 ? 1 : (10 - years) / 7;
}

/** Career stage: 70% stage fit, 30% recency; rounded per share so a table of each gives the same sum. */
export function careerPoints(stageGap: number | undefined, daysEarlier: number, weight: number): number {
  return (
    Math.round(weight * SCALE * 0.7 * stageFit(stageGap)) + Math.round(weight * SCALE * 0.3 * recencyFit(daysEarlier))
  );
}

/** Days since 1970-01-01 of an ISO date; NaN for a malformed date (the pool checks dates first). */
export function dayNumber(iso: string): number {
  // Read as digits: the engine takes two start dates per pair it explains and one per person it encodes.
  // Date.UTC reads years 0–99 as 1900–1999, so those (never a real NHS start) take its path.
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 7);
  const day = digits(iso, 8, 10);
  if (year >= 100 && month >= 1 && month <= 12 && day >= 0 && iso.length >= 10) return daysFromCivil(year, month, day);
  return Math.floor(
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000,
  );
}

/** The decimal number in iso[from … to − 1], or −1 when any of those is not a digit. */
function digits(iso: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = iso.charCodeAt(k) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). Linear in the day,
 * so a day past the month's end rolls over exactly as Date.UTC does.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
