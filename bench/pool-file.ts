import { readFileSync } from 'node:fs';
import type { MenteeProfile, MentorProfile } from '../src/domain/matching/score';
import type { Pool } from './pool-generator';

const STRING_FIELDS = ['id', 'personId', 'specialty', 'site', 'qualificationCountry', 'grade'] as const;
const PREFERENCES = ['in-person', 'virtual', 'either'];

/**
 * Reads a `--pool` file: `{ mentees: [...], mentors: [...], excluded: [[menteeId, mentorId], ...] }`.
 * Throws an Error naming the first offending entry (e.g. `mentors[3] (id "r3"): capacity must be a
 * non-negative integer`) for a missing or mistyped field, a duplicate id or a negative capacity.
 */
export function readPoolFile(path: string): Pool {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not readable JSON (${(err as Error).message})`);
  }
  const root = data as Record<string, unknown>;
  if (!root || typeof root !== 'object' || !Array.isArray(root.mentees) || !Array.isArray(root.mentors)) {
    throw new Error(`${path}: expected an object with "mentees" and "mentors" arrays`);
  }
  const mentees = root.mentees.map((p, k) => profile(p, `mentees[${k}]`, false)) as MenteeProfile[];
  const mentors = root.mentors.map((p, k) => profile(p, `mentors[${k}]`, true)) as MentorProfile[];
  unique(mentees, 'mentees');
  unique(mentors, 'mentors');
  const excludedRaw = root.excluded ?? [];
  if (!Array.isArray(excludedRaw)) throw new Error(`${path}: "excluded" must be an array of [menteeId, mentorId]`);
  const excluded = excludedRaw.map((pair, k) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new Error(`excluded[${k}]: must be [menteeId, mentorId] (two strings)`);
    }
    return [pair[0], pair[1]] as [string, string];
  });
  return { mentees, mentors, excluded };
}

function profile(raw: unknown, where: string, mentor: boolean): MenteeProfile | MentorProfile {
  if (!raw || typeof raw !== 'object') throw new Error(`${where}: must be an object`);
  const p = raw as Record<string, unknown>;
  const name = typeof p.id === 'string' ? `${where} (id "${p.id}")` : where;
  for (const f of STRING_FIELDS)
    if (typeof p[f] !== 'string' || p[f] === '') throw new Error(`${name}: missing field "${f}" (a non-empty string)`);
  for (const f of ['languages', 'topics']) {
    if (!Array.isArray(p[f]) || !(p[f] as unknown[]).every((x) => typeof x === 'string'))
      throw new Error(`${name}: missing field "${f}" (an array of strings)`);
  }
  if (!PREFERENCES.includes(p.meetingPreference as string))
    throw new Error(`${name}: missing field "meetingPreference" (one of ${PREFERENCES.join(', ')})`);
  if (
    typeof p.nhsStartDate !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(p.nhsStartDate) ||
    Number.isNaN(Date.parse(p.nhsStartDate))
  ) {
    throw new Error(`${name}: missing field "nhsStartDate" (a date YYYY-MM-DD)`);
  }
  if (p.stage !== undefined && !Number.isInteger(p.stage)) throw new Error(`${name}: "stage" must be an integer`);
  if (mentor && !(Number.isInteger(p.capacity) && (p.capacity as number) >= 0)) {
    throw new Error(
      `${name}: ${p.capacity === undefined ? 'missing field "capacity"' : `capacity ${JSON.stringify(p.capacity)}`} (must be a non-negative integer)`,
    );
  }
  return p as unknown as MenteeProfile | MentorProfile;
}

function unique(list: readonly { id: string }[], side: string): void {
  const seen = new Map<string, number>();
  list.forEach((p, k) => {
    const first = seen.get(p.id);
    if (first !== undefined) throw new Error(`${side}[${k}] (id "${p.id}"): duplicate id, also ${side}[${first}]`);
    seen.set(p.id, k);
  });
}
