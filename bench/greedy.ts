import type { MatchingInput } from '../src/domain/matching/engine';
import { isExcludedIndexes } from '../src/domain/matching/exclusions';
import { PairTables } from '../src/domain/matching/score';
import { maxScore } from '../src/domain/matching/score';
import { buildKernel } from '../src/domain/matching/score';

/** What a baseline found: pairs matched and their total score. */
export interface PeerResult {
  matched: number;
  total: number;
}

/**
 * The vendors' way, written as a careful engineer would: sort every allowed pair by score once and take
 * them from the highest down (ties by mentee, then mentor order), keeping a pair when the mentee is free
 * and the mentor has room. A mentee's row is scored with the engine's table kernel into a typed array,
 * and its barred mentors (excluded, or the same person) are struck out of the row from a per-mentee list,
 * so the hot loop reads one array. Each pair is scored once, into 2 bytes; the sort is a counting sort on
 * the integer scores (stable, so ties stay in input order), storing one Int32 per allowed pair.
 */
export function greedy(input: MatchingInput): PeerResult & { allowedPairs: number } {
  const nL = input.mentees.length;
  const nR = input.mentors.length;
  if (nL * nR >= 2 ** 31) throw new Error('greedy: pair indexes need 31 bits at most');
  const tables = new PairTables(buildKernel(input.mentees, input.mentors, input.weights));
  const barred = barredMentors(input);
  const minScore = Math.max(0, input.minScore);
  const top = Math.ceil(maxScore(input.weights));
  const row = new Int32Array(nR);
  const scoreRow = (i: number): void => {
    tables.scoreRow(i, 0, nR, row);
    for (let e = barred.start[i]; e < barred.start[i + 1]; e++) row[barred.mentor[e]] = -1;
  };
  // Every pair's score, once (0xffff when barred or under the minimum): 2 bytes a pair.
  const scores = new Uint16Array(nL * nR);
  const count = new Int32Array(top + 2);
  for (let i = 0; i < nL; i++) {
    scoreRow(i);
    for (let j = 0, at = i * nR; j < nR; j++, at++) {
      const s = row[j];
      if (s >= minScore) count[s]++;
      scores[at] = s >= minScore ? s : NONE;
    }
  }
  // Offsets of each score's bucket, highest score first.
  const offset = new Int32Array(top + 2);
  let allowedPairs = 0;
  for (let s = top; s >= 0; s--) {
    offset[s] = allowedPairs;
    allowedPairs += count[s];
  }
  const pairs = new Int32Array(allowedPairs);
  for (let at = 0; at < scores.length; at++) {
    const s = scores[at];
    if (s !== NONE) pairs[offset[s]++] = at;
  }
  const taken = new Uint8Array(nL);
  const room = Int32Array.from(input.mentors, (m) => m.capacity);
  let slots = room.reduce((a, b) => a + b, 0);
  let matched = 0;
  let total = 0;
  for (let k = 0; k < allowedPairs && matched < nL && slots > 0; k++) {
    const p = pairs[k];
    const j = p % nR;
    const i = (p - j) / nR;
    if (taken[i] || room[j] === 0) continue;
    taken[i] = 1;
    room[j]--;
    slots--;
    matched++;
    total += scores[p];
  }
  return { matched, total, allowedPairs };
}

const NONE = 0xffff;

/** Each mentee's barred mentors by index (excluded pairs and the same person), as compressed rows. */
function barredMentors(input: MatchingInput): { start: Int32Array; mentor: Int32Array } {
  const nL = input.mentees.length;
  const menteeIndex = new Map(input.mentees.map((p, i) => [p.id, i]));
  const mentorIndex = new Map(input.mentors.map((p, j) => [p.id, j]));
  const byPerson = new Map<string, number[]>();
  input.mentors.forEach((p, j) => byPerson.set(p.personId, [...(byPerson.get(p.personId) ?? []), j]));
  const is: number[] = [];
  const js: number[] = [];
  input.mentees.forEach((p, i) => {
    for (const j of byPerson.get(p.personId) ?? []) (is.push(i), js.push(j));
  });
  const excluded = input.excluded ?? [];
  if (isExcludedIndexes(excluded))
    for (let k = 0; k < excluded.mentees.length; k++) (is.push(excluded.mentees[k]), js.push(excluded.mentors[k]));
  let lastId: string | undefined;
  let i: number | undefined;
  for (const [e, m] of isExcludedIndexes(excluded) ? [] : excluded) {
    if (e !== lastId) i = menteeIndex.get((lastId = e));
    const j = mentorIndex.get(m);
    if (i !== undefined && j !== undefined) (is.push(i), js.push(j));
  }
  const start = new Int32Array(nL + 1);
  for (const x of is) start[x + 1]++;
  for (let k = 0; k < nL; k++) start[k + 1] += start[k];
  const fill = start.slice(0, nL);
  const mentor = new Int32Array(is.length);
  is.forEach((x, k) => (mentor[fill[x]++] = js[k]));
  return { start, mentor };
}
