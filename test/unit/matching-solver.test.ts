import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ExclusionIndex } from '../../src/domain/matching/exclusions';
import { Solver, type CandidateGraph, type Solution } from '../../src/domain/matching/solver';

/** A small random b-matching: up to 7 mentees, 4 mentors (capacity 0–3), weights on some pairs. */
const smallGraph = fc
  .record({
    nL: fc.integer({ min: 0, max: 7 }),
    capacity: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
    cells: fc.array(fc.integer({ min: -1, max: 12 }), { minLength: 28, maxLength: 28 }),
    keep: fc.array(fc.boolean(), { minLength: 28, maxLength: 28 }),
  })
  .map(({ nL, capacity, cells, keep }) => {
    const nR = capacity.length;
    const weightOf = (i: number, j: number): number => cells[i * 4 + j];
    return {
      full: graphOf(nL, capacity, (i, j) => weightOf(i, j)),
      part: graphOf(nL, capacity, (i, j) => (keep[i * 4 + j] ? weightOf(i, j) : -1)),
      nR,
    };
  });

/** Edges where weight(i, j) ≥ 0, weighted 100 + weight (as bigM + score). */
function graphOf(nL: number, capacity: number[], weight: (i: number, j: number) => number): CandidateGraph {
  const start = new Int32Array(nL + 1);
  const mentor: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < nL; i++) {
    capacity.forEach((_, j) => {
      if (weight(i, j) < 0) return;
      mentor.push(j);
      w.push(100 + weight(i, j));
    });
    start[i + 1] = mentor.length;
  }
  return {
    menteeCount: nL,
    mentorCount: capacity.length,
    capacity: Int32Array.from(capacity),
    start,
    mentor: Int32Array.from(mentor),
    weight: Float64Array.from(w),
  };
}

/** The best total weight by exhaustive search. */
function bruteForce(g: CandidateGraph): number {
  const load = new Int32Array(g.mentorCount);
  let best = 0;
  const visit = (i: number, total: number): void => {
    if (i === g.menteeCount) {
      best = Math.max(best, total);
      return;
    }
    visit(i + 1, total);
    for (let e = g.start[i]; e < g.start[i + 1]; e++) {
      const j = g.mentor[e];
      if (load[j] >= g.capacity[j]) continue;
      load[j]++;
      visit(i + 1, total + g.weight[e]);
      load[j]--;
    }
  };
  visit(0, 0);
  return best;
}

/** Checks the primal–dual invariants that prove the solution optimal on g; returns its total weight. */
function checkOptimal(g: CandidateGraph, s: Solution): number {
  const load = new Int32Array(g.mentorCount);
  let total = 0;
  for (let i = 0; i < g.menteeCount; i++) {
    assert.ok(s.menteePrice[i] >= 0);
    const j = s.matchOf[i];
    if (j < 0) assert.equal(s.menteePrice[i], 0, `unmatched mentee ${i} has a price`);
    for (let e = g.start[i]; e < g.start[i + 1]; e++) {
      const slack = s.menteePrice[i] + s.mentorPrice[g.mentor[e]] - g.weight[e];
      assert.ok(slack >= 0, `edge ${i}-${g.mentor[e]} has negative slack ${slack}`);
      if (g.mentor[e] === j) {
        assert.equal(slack, 0, `matched edge ${i}-${j} is not tight`);
        assert.equal(s.matchWeight[i], g.weight[e]);
      }
    }
    if (j >= 0) {
      assert.ok(
        Array.from(g.mentor.subarray(g.start[i], g.start[i + 1])).includes(j),
        `mentee ${i} matched off the graph`,
      );
      load[j]++;
      total += s.matchWeight[i];
    }
  }
  for (let j = 0; j < g.mentorCount; j++) {
    assert.ok(load[j] <= g.capacity[j]);
    assert.ok(s.mentorPrice[j] >= 0);
    if (load[j] < g.capacity[j]) assert.equal(s.mentorPrice[j], 0, `mentor ${j} has a free place and a price`);
  }
  return total;
}

describe('matching solver', () => {
  it('reaches the exhaustive optimum with prices proving it, whichever side is scarcer', () => {
    fc.assert(
      fc.property(smallGraph, ({ full }) => {
        assert.equal(checkOptimal(full, new Solver(full).solution), bruteForce(full));
      }),
      { numRuns: 500 },
    );
  });

  it('repairs a solved graph after new edges to the same optimum as solving from scratch', () => {
    fc.assert(
      fc.property(smallGraph, ({ full, part }) => {
        const solver = new Solver(part);
        checkOptimal(part, solver.solution);
        const withNew = Array.from({ length: full.menteeCount }, (_, i) => i).filter(
          (i) => full.start[i + 1] - full.start[i] > part.start[i + 1] - part.start[i],
        );
        solver.addEdges(full, withNew);
        assert.equal(checkOptimal(full, solver.solution), bruteForce(full));
      }),
      { numRuns: 500 },
    );
  });

  it('repairs in several rounds of added edges', () => {
    fc.assert(
      fc.property(smallGraph, fc.integer({ min: 1, max: 4 }), ({ full }, rounds) => {
        // Reveal each mentee's edges a few at a time, as pricing rounds do.
        const shown = (round: number): CandidateGraph =>
          graphOf(full.menteeCount, Array.from(full.capacity), (i, j) => {
            const e = Array.from(full.mentor.subarray(full.start[i], full.start[i + 1])).indexOf(j);
            return e >= 0 && e % rounds < round ? full.weight[full.start[i] + e] - 100 : -1;
          });
        const solver = new Solver(shown(1));
        for (let round = 2; round <= rounds; round++)
          solver.addEdges(
            shown(round),
            Array.from({ length: full.menteeCount }, (_, i) => i),
          );
        assert.equal(checkOptimal(full, solver.solution), bruteForce(full));
      }),
      { numRuns: 300 },
    );
  });
});

describe('exclusion index', () => {
  it('answers like a set of pairs, as one bit per pair or as sorted lists', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.tuple(fc.nat(), fc.nat())),
        (nL, nR, raw) => {
          const pairs = raw.map(([a, b]) => [a % nL, b % nR] as const);
          const listed = new Set(pairs.map(([i, j]) => `${i},${j}`));
          const mentees = Int32Array.from(pairs, (p) => p[0]);
          const mentors = Int32Array.from(pairs, (p) => p[1]);
          for (const limit of [undefined, 0]) {
            const index = ExclusionIndex.from(nL, nR, mentees, mentors, limit);
            for (let i = 0; i < nL; i++)
              for (let j = 0; j < nR; j++) assert.equal(index.has(i, j), listed.has(`${i},${j}`));
          }
        },
      ),
    );
  });
});
