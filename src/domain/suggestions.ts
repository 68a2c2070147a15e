/**
 * Mentee's choice (SPEC §3.2): which of the available mentors a page of suggestions shows. Pure; the use case
 * has already left out mentors who are paused, full or excluded for this mentee.
 */

/** Filters a mentee can apply (catalogue values; empty or absent means any). */
export interface MentorFilters {
  specialty?: string;
  site?: string;
  country?: string;
  language?: string;
}

/** What the filters and the ranking need to know about one available mentor. */
export interface Rankable {
  id: string;
  name: string;
  score: number;
  specialty: string;
  site: string;
  country: string;
  languages: readonly string[];
}

/** One page of ranked suggestions, and the values each filter can take among all available mentors. */
export interface RankedPage<T> {
  items: T[];
  /** The page shown: the one asked for, clamped to 1..pageCount. */
  page: number;
  pageCount: number;
  /** Mentors matching the filters, over all pages. */
  total: number;
  filters: MentorFilters;
  options: { specialties: string[]; sites: string[]; countries: string[]; languages: string[] };
}

/** Filters with empty values removed. */
export function cleanFilters(filters: MentorFilters): MentorFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  ) as MentorFilters;
}

/**
 * Best score first; equal scores by name, then id, so the order is stable across pages and instances. Every
 * filter given must match (a language filter: the mentor speaks it).
 */
export function rankSuggestions<T extends Rankable>(
  available: readonly T[],
  filters: MentorFilters,
  page: number,
  pageSize: number,
): RankedPage<T> {
  const f = cleanFilters(filters);
  const chosen = available
    .filter((s) => (!f.specialty || s.specialty === f.specialty) && (!f.site || s.site === f.site))
    .filter((s) => (!f.country || s.country === f.country) && (!f.language || s.languages.includes(f.language)))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const pageCount = Math.max(1, Math.ceil(chosen.length / pageSize));
  const current = Math.min(Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1), pageCount);
  const distinct = (values: string[]) => [...new Set(values)].sort();
  return {
    items: chosen.slice((current - 1) * pageSize, current * pageSize),
    page: current,
    pageCount,
    total: chosen.length,
    filters: f,
    options: {
      specialties: distinct(available.map((s) => s.specialty)),
      sites: distinct(available.map((s) => s.site)),
      countries: distinct(available.map((s) => s.country)),
      languages: distinct(available.flatMap((s) => [...s.languages])),
    },
  };
}
