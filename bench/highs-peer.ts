import type { MatchingInput } from '../src/domain/matching/engine';
import { forEachAllowedPair } from './all-pairs';
import type { PeerResult } from './greedy';

/** Above this many allowed pairs the LP text and HiGHS's model no longer fit comfortably in memory. */
export const HIGHS_MAX_PAIRS = 2_000_000;

/**
 * HiGHS on the full b-matching LP (integral at its vertices): maximise Σ (bigM + score)·x over every
 * allowed pair, each mentee at most once, each mentor at most capacity. Time is the solve alone (HiGHS
 * parses the LP text inside it); building the text is not counted.
 */
export async function runHighs(
  input: MatchingInput,
  bigM: number,
): Promise<PeerResult & { ms: number; status: string }> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const highs = await (require('highs') as () => Promise<{ solve(lp: string, options?: object): HighsSolution }>)();
  const obj: string[] = [];
  const menteeRows: string[][] = input.mentees.map(() => []);
  const mentorRows: string[][] = input.mentors.map(() => []);
  const pairs: [number, number, number][] = [];
  forEachAllowedPair(input, (i, j, s) => {
    const x = `x${pairs.length}`;
    pairs.push([i, j, s]);
    obj.push(`+ ${bigM + s} ${x}`);
    menteeRows[i].push(x);
    mentorRows[j].push(x);
  });
  const rows: string[] = [];
  menteeRows.forEach((r, i) => r.length && rows.push(` e${i}: ${r.join(' + ')} <= 1`));
  mentorRows.forEach((r, j) => r.length && rows.push(` r${j}: ${r.join(' + ')} <= ${input.mentors[j].capacity}`));
  const lp = `Maximize\n obj: ${obj.join(' ') || '0 x0'}\nSubject To\n${rows.join('\n') || ' c0: x0 <= 0'}\nEnd\n`;
  const t = performance.now();
  const solution = highs.solve(lp, { output_flag: false, time_limit: 120 });
  const ms = performance.now() - t;
  let matched = 0;
  let total = 0;
  pairs.forEach(([, , s], k) => {
    if ((solution.Columns[`x${k}`]?.Primal ?? 0) > 0.5) {
      matched++;
      total += s;
    }
  });
  return { ms, matched, total, status: solution.Status };
}

interface HighsSolution {
  Status: string;
  Columns: Record<string, { Primal: number }>;
}
