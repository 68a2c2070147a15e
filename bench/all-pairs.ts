import type { MatchingInput } from '../src/domain/matching/engine';
import type { ExclusionIndex } from '../src/domain/matching/exclusions';
import { indexExclusions } from '../src/domain/matching/exclusions';
import { PairTables } from '../src/domain/matching/score';
import { buildKernel } from '../src/domain/matching/score';

/** Every allowed pair of a pool with its score, for the peers; prepared once, visited as often as needed. */
export class AllowedPairs {
  private readonly tables: PairTables;
  private readonly excluded: ExclusionIndex;

  constructor(private readonly input: MatchingInput) {
    this.tables = new PairTables(buildKernel(input.mentees, input.mentors, input.weights));
    this.excluded = indexExclusions(input.excluded ?? [], input.mentees, input.mentors);
  }

  /** Calls `visit(i, j, score)` for every allowed pair, in mentee then mentor order of the input. */
  forEach(visit: (i: number, j: number, score: number) => void): void {
    const { input, tables, excluded } = this;
    const k = tables.kernel;
    const row = new Int32Array(input.mentors.length);
    for (let i = 0; i < input.mentees.length; i++) {
      tables.scoreRow(i, 0, row.length, row);
      for (let j = 0; j < row.length; j++) {
        const s = row[j];
        if (s >= input.minScore && k.mentees.person[i] !== k.mentors.person[j] && !excluded.has(i, j)) visit(i, j, s);
      }
    }
  }
}

/** Calls `visit(i, j, score)` for every allowed pair, in mentee then mentor order of the input. */
export function forEachAllowedPair(input: MatchingInput, visit: (i: number, j: number, score: number) => void): void {
  new AllowedPairs(input).forEach(visit);
}
