import type { MatchingInput, MatchingResult } from './engine';
import { indexExclusions } from './exclusions';
import { PairTables, buildKernel, maxScore, scorePair } from './score';

const MAX_REPORTED = 50;

/**
 * Checks a matching result against its input from first principles, so optimality is proven for each
 * run rather than assumed: the proposal is feasible (known ids, each mentee once, capacities, no excluded,
 * same-person or below-minimum pair, scores as scored), the prices are a feasible dual (non-negative, and
 * bigM + score ≤ menteePrice + mentorPrice for every allowed pair, all of them, not just candidates),
 * complementary slackness holds, the primal value equals the dual value, and bigM is large enough that
 * the weighted optimum matches the most mentees first. Returns the violations found (at most 50);
 * empty means certified optimal.
 */
export function verifyCertificate(input: MatchingInput, result: MatchingResult): string[] {
  const out: string[] = [];
  const fail = (message: string): void => {
    if (out.length < MAX_REPORTED) out.push(message);
  };
  const { mentees, mentors } = input;
  const tables = new PairTables(buildKernel(mentees, mentors, input.weights));
  const kernel = tables.kernel;
  const excluded = indexExclusions(input.excluded ?? [], mentees, mentors);
  const menteeIndex = new Map(mentees.map((m, i) => [m.id, i]));
  const mentorIndex = new Map(mentors.map((m, j) => [m.id, j]));
  const nR = mentors.length;
  const { bigM } = result.certificate;
  const u = Float64Array.from(mentees, (m) => price(result.certificate.menteePrice[m.id], `mentee ${m.id}`));
  const v = Float64Array.from(mentors, (m) => price(result.certificate.mentorPrice[m.id], `mentor ${m.id}`));
  const totalCapacity = mentors.reduce((sum, m) => sum + m.capacity, 0);
  if (!(bigM > maxScore(input.weights) * Math.min(mentees.length, totalCapacity)))
    fail(`bigM ${bigM} is too small to put the number matched first`);

  const matchOf = new Int32Array(mentees.length).fill(-1);
  const load = new Int32Array(nR);
  let primal = 0;
  let total = 0;
  for (const p of result.pairs) {
    const i = menteeIndex.get(p.menteeId);
    const j = mentorIndex.get(p.mentorId);
    if (i === undefined || j === undefined) {
      fail(`pair ${p.menteeId}–${p.mentorId} names an unknown person`);
      continue;
    }
    if (matchOf[i] >= 0) fail(`mentee ${p.menteeId} is matched twice`);
    matchOf[i] = j;
    load[j]++;
    const s = scorePair(mentees[i], mentors[j], input.weights).score;
    if (p.score !== s) fail(`pair ${p.menteeId}–${p.mentorId} claims score ${p.score}, scores ${s}`);
    if (kernel.mentees.person[i] === kernel.mentors.person[j]) fail(`pair ${p.menteeId}–${p.mentorId} is one person`);
    if (excluded.has(i, j)) fail(`pair ${p.menteeId}–${p.mentorId} is excluded`);
    if (s < input.minScore) fail(`pair ${p.menteeId}–${p.mentorId} scores ${s}, under the minimum ${input.minScore}`);
    if (u[i] + v[j] !== bigM + s)
      fail(`pair ${p.menteeId}–${p.mentorId}: prices ${u[i]} + ${v[j]} ≠ weight ${bigM + s}`);
    primal += bigM + s;
    total += s;
  }
  if (total !== result.totalScore) fail(`totalScore ${result.totalScore} is not the sum of pair scores ${total}`);
  const unmatched = new Set(result.unmatched.map((x) => x.menteeId));
  let dual = 0;
  mentees.forEach((m, i) => {
    dual += u[i];
    if (matchOf[i] < 0 && u[i] !== 0) fail(`unmatched mentee ${m.id} has price ${u[i]}`);
    if (matchOf[i] < 0 !== unmatched.has(m.id))
      fail(`mentee ${m.id} is ${matchOf[i] < 0 ? 'missing from' : 'wrongly in'} the unmatched list`);
  });
  mentors.forEach((m, j) => {
    dual += m.capacity * v[j];
    if (load[j] > m.capacity) fail(`mentor ${m.id} has ${load[j]} mentees, capacity ${m.capacity}`);
    if (load[j] < m.capacity && v[j] !== 0) fail(`mentor ${m.id} has a free place but price ${v[j]}`);
  });
  if (primal !== dual) fail(`primal value ${primal} ≠ dual value ${dual}`);
  const row = new Int32Array(nR);
  for (let i = 0; i < mentees.length; i++) {
    const slack = u[i] - bigM;
    tables.scoreRow(i, 0, nR, row);
    for (let j = 0; j < nR; j++) {
      const s = row[j];
      if (s - v[j] <= slack || s < input.minScore) continue;
      if (kernel.mentees.person[i] === kernel.mentors.person[j] || excluded.has(i, j)) continue;
      fail(`allowed pair ${mentees[i].id}–${mentors[j].id} has positive reduced weight ${bigM + s - u[i] - v[j]}`);
    }
  }
  return out;

  function price(value: number | undefined, who: string): number {
    if (value === undefined || !Number.isFinite(value) || value < 0) {
      fail(`${who} has no valid price (${value})`);
      return 0;
    }
    return value;
  }
}
