import { SPECIALTIES } from '../src/domain/catalogue';
import type { MenteeProfile } from '../src/domain/matching/score';
import { IndexedPairs } from './indexed-pairs';
import { generatePool, rng, type Pool } from './pool-generator';

/**
 * Seeded pool families unlike the default generator, each a shape a real programme can take and each
 * hard for a different reason: many equal scores, one specialty holding most people, few or many
 * places, exclusions piled on the mentors everyone wants, people on both sides.
 */
export const FAMILIES = ['zipf', 'ties', 'specialty', 'scarce', 'plentiful', 'exclusions', 'both'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_NOTES: Record<Family, string> = {
  zipf: 'the default generator: Zipf-skewed specialties, sites and countries, capacities 1-3, 2% of pairs excluded at random',
  ties: '87% of profiles copies of 6 templates per side (same score for whole classes of pairs), places 3x the mentees',
  specialty: 'one specialty holds 60% of people',
  scarce: 'capacities 1 or 5, places half the mentees',
  plentiful: 'capacities 4-10, places about 2.8x the mentees',
  exclusions: '20% of all pairs excluded, all against the quarter of mentors most mentees would want',
  both: '40% of mentors are also mentees (same person, never paired), with the same specialty, site and country',
};

/** Generates the family's pool of `nMentees` × `nMentors` from `seed`. */
export function familyPool(family: Family, nMentees: number, nMentors: number, seed = 1): Pool {
  switch (family) {
    case 'zipf':
      return generatePool(nMentees, nMentors, seed);
    case 'ties':
      return ties(nMentees, nMentors, seed);
    case 'specialty':
      return dominantSpecialty(nMentees, nMentors, seed);
    case 'scarce':
      return withCapacities(generatePool(nMentees, nMentors, seed), rng(seed + 101), (r) => (r() < 1 / 16 ? 5 : 1));
    case 'plentiful':
      return withCapacities(generatePool(nMentees, nMentors, seed), rng(seed + 102), (r) => 4 + Math.floor(r() * 7));
    case 'exclusions':
      return popularExcluded(generatePool(nMentees, nMentors, seed, 0), seed);
    case 'both':
      return bothSides(generatePool(nMentees, nMentors, seed), seed);
  }
}

/** Most profiles are exact copies (all but id and person) of a few templates; places are three times the mentees. */
function ties(nMentees: number, nMentors: number, seed: number): Pool {
  const base = generatePool(nMentees, nMentors, seed);
  const r = rng(seed + 100);
  const T = 6;
  const copy = <P extends MenteeProfile>(list: P[], make: (p: P, template: P) => P): P[] => {
    const templates = list.slice(0, T);
    return list.map((p, k) => (k >= T && r() < 0.87 ? make(p, templates[Math.floor(r() * T)]) : p));
  };
  const mentees = copy(base.mentees, (p, t) => profile(p.id, p.personId, t));
  const perMentor = (3 * nMentees) / Math.max(1, nMentors);
  const mentors = copy(base.mentors, (p, t) => ({ ...profile(p.id, p.personId, t), capacity: 0 })).map((m) => ({
    ...profile(m.id, m.personId, m),
    capacity: Math.max(1, Math.round(perMentor * (0.5 + r()))),
  }));
  return { mentees, mentors, excluded: base.excluded };
}

/** 60% of people in one specialty, the rest as the default generator draws them. */
function dominantSpecialty(nMentees: number, nMentors: number, seed: number): Pool {
  const base = generatePool(nMentees, nMentors, seed);
  const r = rng(seed + 103);
  const big = SPECIALTIES[0].value;
  const mentees = base.mentees.map((p) => profile(p.id, p.personId, r() < 0.6 ? { ...p, specialty: big } : p));
  const mentors = base.mentors.map((p) => ({
    ...profile(p.id, p.personId, r() < 0.6 ? { ...p, specialty: big } : p),
    capacity: p.capacity,
  }));
  return { mentees, mentors, excluded: base.excluded };
}

function withCapacities(pool: Pool, r: () => number, capacity: (r: () => number) => number): Pool {
  const mentors = pool.mentors.map((m) => ({ ...profile(m.id, m.personId, m), capacity: capacity(r) }));
  return { mentees: pool.mentees, mentors, excluded: pool.excluded };
}

/**
 * 20% of all pairs excluded, concentrated: the quarter of mentors with the most mentees of their own
 * specialty and site each have 80% of the mentees excluded (as a programme whose popular mentors were
 * declined or barred again and again).
 */
function popularExcluded(pool: Pool, seed: number): Pool {
  const r = rng(seed + 104);
  const key = (p: MenteeProfile): string => `${p.specialty} ${p.site}`;
  const demand = new Map<string, number>();
  for (const p of pool.mentees) demand.set(key(p), (demand.get(key(p)) ?? 0) + 1);
  const order = pool.mentors
    .map((_, j) => j)
    .sort((a, b) => (demand.get(key(pool.mentors[b])) ?? 0) - (demand.get(key(pool.mentors[a])) ?? 0) || a - b);
  const popular = new Uint8Array(pool.mentors.length);
  for (const j of order.slice(0, Math.ceil(pool.mentors.length / 4))) popular[j] = 1;
  const excluded = new IndexedPairs(pool.mentees, pool.mentors);
  for (let i = 0; i < pool.mentees.length; i++) {
    for (let j = 0; j < pool.mentors.length; j++) if (popular[j] && r() < 0.8) excluded.push(i, j);
  }
  return { ...pool, excluded };
}

/** 40% of mentors are people who are also mentees, with the mentee's specialty, site, country and languages. */
function bothSides(pool: Pool, seed: number): Pool {
  const r = rng(seed + 105);
  const mentors = pool.mentors.map((m) => {
    if (r() >= 0.4) return m;
    const e = pool.mentees[Math.floor(r() * pool.mentees.length)];
    return {
      ...profile(m.id, e.personId, {
        ...m,
        specialty: e.specialty,
        site: e.site,
        qualificationCountry: e.qualificationCountry,
        languages: e.languages,
      }),
      capacity: m.capacity,
    };
  });
  return { mentees: pool.mentees, mentors, excluded: pool.excluded };
}

/** The profile as one object literal of one shape (see the default generator for why). */
function profile(id: string, personId: string, p: MenteeProfile): MenteeProfile {
  return {
    id,
    personId,
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
