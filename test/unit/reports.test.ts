import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ALL_TIME,
  reportRange,
  cellText,
  median,
  medianFigure,
  nextDigest,
  suppressTable,
  workingDaysBetween,
  type Cell,
  type SuppressedTable,
} from '../../src/domain/reports';
import { DateHolidaysCalendar } from '../../src/holidays/date-holidays';

const holidays = new DateHolidaysCalendar();

/** Every figure of a suppressed table as one (R+1)×(C+1) grid: cells, row totals in the last column, column totals and the grand total in the last row. */
function grid(t: SuppressedTable): Cell[][] {
  return [...t.cells.map((row, r) => [...row, t.rowTotals[r]]), [...t.columnTotals, t.total]];
}

/** The true figures of the same grid. */
function truth(counts: number[][], C: number): number[][] {
  const rows = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totals = Array.from({ length: C + 1 }, (_, c) => rows.reduce((n, row) => n + row[c], 0));
  return [...rows, totals];
}

/** Each row and column of the grid is one equation: its last figure is the sum of the others. */
function equations(g: Cell[][]): Cell[][] {
  const cols = g[0].map((_, c) => g.map((row) => row[c]));
  return [...g, ...cols];
}

const tables = fc
  .record({
    R: fc.integer({ min: 1, max: 6 }),
    C: fc.integer({ min: 1, max: 4 }),
    threshold: fc.integer({ min: 1, max: 10 }),
  })
  .chain(({ R, C, threshold }) =>
    fc.record({
      threshold: fc.constant(threshold),
      C: fc.constant(C),
      // Small counts are where suppression matters: bias towards them, with some large ones.
      counts: fc.array(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 200 })), {
          minLength: C,
          maxLength: C,
        }),
        { minLength: R, maxLength: R },
      ),
    }),
  );

describe('report suppression', () => {
  it('a table with no small figure is shown whole', () => {
    const t = suppressTable(
      {
        rows: ['a', 'b'],
        columns: ['x', 'y'],
        counts: [
          [5, 6],
          [7, 8],
        ],
      },
      5,
    );
    assert.deepEqual(
      grid(t)
        .flat()
        .map((c) => cellText(c, 5)),
      ['5', '6', '11', '7', '8', '15', '12', '14', '26'],
    );
  });

  it('one small cell takes the smallest other cell of its row and of its column with it', () => {
    const t = suppressTable(
      {
        rows: ['a', 'b'],
        columns: ['x', 'y'],
        counts: [
          [3, 9],
          [20, 30],
        ],
      },
      5,
    );
    // 3 is withheld; its row would give it away from 12 − 9, its column from 23 − 20, so 9 and 20 go too; then
    // row b (20 withheld) and column y (9 withheld) each take 30.
    assert.deepEqual(
      grid(t)
        .flat()
        .map((c) => cellText(c, 5)),
      ['<5', '<5', '12', '<5', '<5', '50', '23', '39', '62'],
    );
  });

  it('zero is withheld like any count under the threshold (a 0 beside a total says something of everyone else)', () => {
    const t = suppressTable({ rows: ['Psychiatry'], columns: ['Mentees', 'Mentors'], counts: [[0, 7]] }, 5);
    assert.equal(cellText(t.cells[0][0], 5), '<5');
    assert.equal(t.cells[0][1].shown, false, 'and 7 then goes too, or 7 − 7 would give the 0 back');
  });

  it('a one-column breakdown withholds small rows and one more, so the total cannot give a small row back', () => {
    const t = suppressTable({ rows: ['a', 'b', 'c'], columns: ['n'], counts: [[2], [10], [30]] }, 5);
    assert.deepEqual(
      t.rowTotals.map((c) => cellText(c, 5)),
      ['<5', '<5', '30'],
    );
    assert.equal(cellText(t.total, 5), '42');
  });

  it('property: every figure shown is the true one and at least the threshold', () => {
    fc.assert(
      fc.property(tables, ({ counts, C, threshold }) => {
        const t = suppressTable(
          { rows: counts.map((_, i) => `r${i}`), columns: Array.from({ length: C }, (_, i) => `c${i}`), counts },
          threshold,
        );
        const real = truth(counts, C);
        grid(t).forEach((row, r) =>
          row.forEach((cell, c) => {
            if (cell.shown) {
              assert.equal(cell.value, real[r][c]);
              assert.ok(cell.value >= threshold, `shown ${cell.value} < ${threshold}`);
            } else assert.equal(cellText(cell, threshold), `<${threshold}`);
          }),
        );
        // Every figure under the threshold is withheld.
        real.forEach((row, r) => row.forEach((n, c) => n < threshold && assert.equal(grid(t)[r][c].shown, false)));
      }),
      { numRuns: 500 },
    );
  });

  it('property: no withheld figure can be worked out from the others of its row or column (none is alone in one)', () => {
    fc.assert(
      fc.property(tables, ({ counts, C, threshold }) => {
        const t = suppressTable(
          { rows: counts.map((_, i) => `r${i}`), columns: Array.from({ length: C }, (_, i) => `c${i}`), counts },
          threshold,
        );
        for (const eq of equations(grid(t))) {
          const withheld = eq.filter((c) => !c.shown).length;
          assert.ok(
            withheld !== 1,
            `a row or column with exactly one withheld figure: ${eq.map((c) => cellText(c, threshold)).join(' ')}`,
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a breakdown with no rows yet shows its zero totals withheld, and does not fail', () => {
    const t = suppressTable({ rows: [], columns: ['Mentees', 'Mentors'], counts: [] }, 5);
    assert.deepEqual(
      [...t.columnTotals, t.total].map((c) => cellText(c, 5)),
      ['<5', '<5', '<5'],
    );
  });

  it('refuses a threshold below 1 and counts that are not whole numbers', () => {
    assert.throws(() => suppressTable({ rows: ['a'], columns: ['x'], counts: [[1]] }, 0), RangeError);
    assert.throws(() => suppressTable({ rows: ['a'], columns: ['x'], counts: [[1.5]] }, 5), RangeError);
  });
});

describe('report medians', () => {
  it('median of odd and even counts; none for no values', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), undefined);
  });

  it('property: the median has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 }), (values) => {
        const m = median(values)!;
        assert.ok(values.filter((v) => v <= m).length * 2 >= values.length);
        assert.ok(values.filter((v) => v >= m).length * 2 >= values.length);
      }),
    );
  });

  it("a median of fewer values than the threshold is withheld (one answer is one person's)", () => {
    assert.deepEqual(medianFigure([1, 2, 3, 4], 5), { kind: 'too-few', count: 4 });
    assert.deepEqual(medianFigure([1, 2, 3, 4, 9], 5), { kind: 'shown', count: 5, median: 3 });
    assert.deepEqual(medianFigure([], 5), { kind: 'none' });
  });

  it('working days from request to answer count as deadlines do: the request day never, weekends and bank holidays not', () => {
    // Friday 19 December 2025 16:00 → Tuesday 30 December: 22, 23, 24, 29, 30 (25, 26 bank holidays).
    assert.equal(workingDaysBetween('2025-12-19T16:00:00Z', '2025-12-30T10:00:00Z', 'england-and-wales', holidays), 5);
    assert.equal(workingDaysBetween('2027-03-01T09:00:00Z', '2027-03-01T17:00:00Z', 'england-and-wales', holidays), 0);
    // 2 January 2027 is a Saturday: Scotland takes Monday 4 January instead, so only Tuesday 5 counts there.
    assert.equal(workingDaysBetween('2027-01-01T10:00:00Z', '2027-01-05T10:00:00Z', 'england-and-wales', holidays), 2);
    assert.equal(workingDaysBetween('2027-01-01T10:00:00Z', '2027-01-05T10:00:00Z', 'scotland', holidays), 1);
  });
});

describe('weekly digest time', () => {
  it('the next Monday 09:00 London, across the clock change', () => {
    // Wednesday 24 March 2027 → Monday 29 March, after the clocks go forward on the 28th: 08:00 UTC.
    assert.deepEqual(nextDigest('2027-03-24T12:00:00.000Z', 'monday', '09:00'), {
      date: '2027-03-29',
      dueAt: '2027-03-29T08:00:00.000Z',
    });
    // A Monday before 09:00 is that day; at or after it, the next week.
    assert.equal(nextDigest('2027-03-01T08:59:00.000Z', 'monday', '09:00').date, '2027-03-01');
    assert.equal(nextDigest('2027-03-01T09:00:00.000Z', 'monday', '09:00').date, '2027-03-08');
    assert.equal(nextDigest('2027-03-01T10:00:00.000Z', 'friday', '16:30').dueAt, '2027-03-05T16:30:00.000Z');
  });
});

describe('report date ranges', () => {
  it('London dates, inclusive, become UTC instants, half open, across the clock change', () => {
    assert.deepEqual(reportRange({ from: '2027-03-01', to: '2027-03-31' }, '2027-06-01'), {
      fromDate: '2027-03-01',
      toDate: '2027-03-31',
      fromAt: '2027-03-01T00:00:00.000Z',
      toAt: '2027-03-31T23:00:00.000Z', // 1 April 00:00 BST
    });
    assert.equal(reportRange({}, '2027-06-01'), ALL_TIME);
    assert.deepEqual(reportRange({ from: ' 2027-05-01 ' }, '2027-06-01').toDate, '2027-06-01', 'up to today');
    assert.deepEqual(reportRange({ to: '2027-05-01' }, '2027-06-01').fromDate, '2017-05-01', 'the ten years before');
    assert.ok(reportRange({ from: '2010-01-01', to: '2020-01-01' }, '2027-06-01'), 'exactly ten years is allowed');
  });

  it('refuses a reversed, absurd or unreadable range, saying which', () => {
    for (const [input, message] of [
      [{ from: '2027-03-10', to: '2027-03-09' }, /ends before it starts/],
      [{ from: '1999-12-31' }, /2000 onwards/],
      [{ from: '2028-06-03' }, /more than a year/],
      [{ from: '2010-01-01', to: '2020-01-03' }, /at most 10 years/],
      [{ from: '2027-13-01' }, /cannot be read/],
      [{ to: '1 April 2027' }, /cannot be read/],
    ] as const)
      assert.throws(
        () => reportRange(input, '2027-06-01'),
        (e: Error) => message.test(e.message),
        JSON.stringify(input),
      );
  });
});
