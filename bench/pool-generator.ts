import { GRADES, LANGUAGES, SPECIALTIES, TOPICS } from '../src/domain/catalogue';
import type { ExcludedPairs } from '../src/domain/matching/exclusions';
import type { MenteeProfile, MentorProfile } from '../src/domain/matching/score';
import { IndexedPairs } from './indexed-pairs';

/** A pool as the benchmark and `--pool` files hold it. */
export interface Pool {
  mentees: MenteeProfile[];
  mentors: MentorProfile[];
  excluded: ExcludedPairs;
}

/** Deterministic 32-bit PRNG (mulberry32): the same seed gives the same pool on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Skew as in real IMG programmes: a few specialties and countries dominate (Zipf-like weights), each
// country brings its languages, mentees are early in training and mentors 1–3 years ahead.
const BIG_SPECIALTIES = [
  'psychiatry',
  'internal-medicine',
  'general-practice',
  'emergency-medicine',
  'paediatrics',
  'obstetrics-gynaecology',
];
const COUNTRY_LANGS: [string, string[]][] = [
  ['IN', ['hi', 'ta', 'te', 'ml', 'mr', 'gu', 'pa']],
  ['PK', ['ur', 'pa', 'ps', 'sd']],
  ['NG', ['yo', 'ig', 'ha']],
  ['EG', ['ar']],
  ['SD', ['ar']],
  ['LK', ['si', 'ta']],
  ['BD', ['bn']],
  ['GH', ['tw']],
  ['IQ', ['ar', 'ku']],
  ['NP', ['ne']],
  ['MY', ['ms']],
  ['ZW', []],
  ['KE', ['sw']],
  ['SY', ['ar']],
  ['IR', ['fa']],
  ['RO', ['ro']],
  ['IT', ['it']],
  ['ES', ['es']],
  ['GR', ['el']],
  ['PL', ['pl']],
  ['MM', ['my']],
  ['PH', ['tl']],
  ['ET', ['am']],
  ['SO', ['so']],
  ['UA', ['uk']],
  ['TR', ['tr']],
  ['JO', ['ar']],
  ['ZA', []],
  ['CM', ['fr']],
  ['BR', ['pt']],
];
const SITES = Array.from({ length: 12 }, (_, k) => `Site ${String.fromCharCode(65 + k)}`);
const MENTEE_GRADES = GRADES.filter((g) => g.stage <= 3);

/** Generates a seeded pool of `nMentees` × `nMentors` with a share (by default ~2%) of all pairs excluded at random. */
export function generatePool(nMentees: number, nMentors: number, seed = 1, excludedShare = 0.02): Pool {
  const r = rng(seed);
  const zipf = <T>(items: readonly T[], s = 1.1): (() => T) => {
    const cum: number[] = [];
    items.forEach((_, k) => cum.push((cum[k - 1] ?? 0) + 1 / Math.pow(k + 1, s)));
    return () => {
      const x = r() * cum[cum.length - 1];
      let k = 0;
      while (cum[k] < x) k++;
      return items[k];
    };
  };
  const specialties = [
    ...BIG_SPECIALTIES,
    ...SPECIALTIES.map((s) => s.value).filter((s) => !BIG_SPECIALTIES.includes(s)),
  ];
  const specialty = zipf(specialties);
  const country = zipf(COUNTRY_LANGS);
  const site = zipf(SITES, 0.7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
  const some = <T>(list: readonly T[], min: number, max: number): T[] =>
    [...list].sort(() => r() - 0.5).slice(0, min + Math.floor(r() * (max - min + 1)));
  const date = (from: number, to: number): string =>
    new Date(Date.UTC(from, 0, 1) + r() * (to - from) * 365.25 * 86_400_000).toISOString().slice(0, 10);
  const base = (id: string, topics: [number, number]) => {
    const [code, langs] = country();
    const extra = r() < 0.15 ? [pick(LANGUAGES).value] : [];
    return {
      id,
      personId: `person-${id}`,
      specialty: specialty(),
      site: site(),
      qualificationCountry: code,
      languages: [...new Set(['en', ...some(langs, Math.min(1, langs.length), Math.min(2, langs.length)), ...extra])],
      topics: some(
        TOPICS.map((t) => t.value),
        topics[0],
        topics[1],
      ),
      meetingPreference: (r() < 0.2
        ? 'in-person'
        : r() < 0.45
          ? 'virtual'
          : 'either') as MenteeProfile['meetingPreference'],
    };
  };
  const mentees: MenteeProfile[] = Array.from({ length: nMentees }, (_, k) => {
    const grade = pick(MENTEE_GRADES);
    return { ...base(`e${k}`, [1, 4]), grade: grade.value, nhsStartDate: date(2022, 2026) };
  });
  const mentors: MentorProfile[] = Array.from({ length: nMentors }, (_, k) => {
    const ahead = 1 + Math.floor(r() * 3);
    const stage = Math.min(7, pick(MENTEE_GRADES).stage + ahead);
    const grade =
      pick(GRADES.filter((g) => g.stage === stage) as (typeof GRADES)[number][]) ?? GRADES[GRADES.length - 1];
    return {
      ...base(`r${k}`, [2, 6]),
      grade: grade.value,
      nhsStartDate: date(2022 - ahead, 2026 - ahead),
      capacity: 1 + Math.floor(r() * 3),
    };
  });
  // Some people are on both sides (a senior mentee who also mentors): same personId, never paired.
  for (let k = 0; k < Math.min(nMentors, nMentees) / 50; k++)
    mentors[(k * 7) % nMentors].personId = mentees[(k * 13) % nMentees].personId;
  return {
    mentees: mentees.map(uniform),
    mentors: mentors.map((m) => ({ ...uniform(m), capacity: m.capacity })),
    excluded: excludedPairs(r, mentees, mentors, excludedShare),
  };
}

/**
 * The profile as one object literal, so every profile has the same shape, as rows mapped from a database
 * or parsed from JSON do. Built by spreads and then edited, profiles end up with hundreds of V8 hidden
 * classes, and every property read in the engine (or any peer) takes the slow, megamorphic path.
 */
function uniform(p: MenteeProfile): MenteeProfile {
  return {
    id: p.id,
    personId: p.personId,
    specialty: p.specialty,
    site: p.site,
    qualificationCountry: p.qualificationCountry,
    languages: p.languages,
    topics: p.topics,
    meetingPreference: p.meetingPreference,
    grade: p.grade,
    nhsStartDate: p.nhsStartDate,
  };
}

function excludedPairs(
  r: () => number,
  mentees: readonly MenteeProfile[],
  mentors: readonly MentorProfile[],
  p: number,
): IndexedPairs {
  const nMentees = mentees.length;
  const nMentors = mentors.length;
  const excluded = new IndexedPairs(mentees, mentors);
  for (let i = 0; i < nMentees && p > 0; i++) {
    // Geometric skips: ~2% of this mentee's pairs without drawing a number for every pair.
    for (
      let j = Math.floor(Math.log(1 - r()) / Math.log(1 - p));
      j < nMentors;
      j += 1 + Math.floor(Math.log(1 - r()) / Math.log(1 - p))
    ) {
      excluded.push(i, j);
    }
  }
  return excluded;
}
