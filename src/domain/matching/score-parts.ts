import { countryRegion, type Region } from '../catalogue';

// The parts of a pair's score, each in integer points (weight × 100 × a fraction, rounded once per part).
// scorePair and the engine's table-driven scorer both call these, so they cannot drift apart.

const SCALE = 100;

/** Points for an exact match (specialty, site). */
export function samePoints(same: boolean, weight: number): number {
  return same ? Math.round(weight * SCALE) : 0;
}

/** Country of qualification: the same country scores in full, another country in the same UN region half. */
export function countryPoints(a: string, b: string, weight: number): { points: number; same: boolean; region?: Region } {
  if (a === b) return { points: Math.round(weight * SCALE), same: true };
  const region = countryRegion(a);
  if (region !== undefined && region === countryRegion(b)) return { points: Math.round(weight * SCALE * 0.5), same: false, region };
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
  return Math.round(weight * SCALE * 0.7 * stageFit(stageGap)) + Math.round(weight * SCALE * 0.3 * recencyFit(daysEarlier));
}

/** Days since 1970-01-01 of an ISO date; NaN for a malformed date (the pool checks dates first). */
export function dayNumber(iso: string): number {
  return Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000);
}
