import { buildKernel, type Kernel } from '../src/domain/matching/score-kernel';
import { scoreRow } from '../src/domain/matching/score-row';
import { indexExclusions } from '../src/domain/matching/exclusions';
import type { MatchingInput } from '../src/domain/matching/engine';

/** Calls `visit(i, j, score)` for every allowed pair, in mentee then mentor order of the input. */
export function forEachAllowedPair(input: MatchingInput, visit: (i: number, j: number, score: number) => void, kernel?: Kernel): void {
  const k = kernel ?? buildKernel(input.mentees, input.mentors, input.weights);
  const excluded = indexExclusions(input.excluded ?? [], input.mentees, input.mentors);
  const row = new Int32Array(input.mentors.length);
  for (let i = 0; i < input.mentees.length; i++) {
    scoreRow(k, i, 0, input.mentors.length, row);
    for (let j = 0; j < row.length; j++) {
      const s = row[j];
      if (s >= input.minScore && k.mentees.person[i] !== k.mentors.person[j] && !excluded.has(i, j)) visit(i, j, s);
    }
  }
}
