/**
 * Matching benchmark (issue 3): our engine against a greedy baseline, munkres-js and HiGHS on seeded
 * synthetic pools or a `--pool FILE`. See docs/matching.md for the options, file format and output.
 */
import { resourceUsage } from 'node:process';
import { verifyCertificate } from '../src/domain/matching/certificate';
import { solveMatching, type MatchingInput, type MatchingResult } from '../src/domain/matching/engine';
import { DEFAULT_SETTINGS } from '../src/domain/programme';
import { greedy } from './greedy';
import { HIGHS_MAX_PAIRS, runHighs } from './highs-peer';
import { munkresEstimateSeconds, runMunkres } from './munkres-peer';
import { readPoolFile } from './pool-file';
import { generatePool, type Pool } from './pool-generator';

const MUNKRES_LIMIT_S = 120;

interface Case {
  label: string;
  load: () => Pool;
}

interface Row {
  label: string;
  mentees: number;
  ours: { ms: number; result: MatchingResult; rssMb: number };
  certifyMs?: number;
  certified?: boolean;
  violations?: string[];
  greedy?: { ms: number; matched: number; total: number; allowedPairs: number };
  munkres?: { ms: number; matched: number; total: number } | string;
  highs?: { ms: number; matched: number; total: number; status: string } | string;
}

function parseArgs(argv: string[]): { cases: Case[]; minScore: number } {
  const get = (flag: string): string | undefined => {
    const k = argv.indexOf(flag);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const minScore = Number(get('--min-score') ?? 3500);
  const seed = Number(get('--seed') ?? 1);
  const poolFile = get('--pool');
  if (poolFile) {
    const pool = readPoolFile(poolFile);
    return { minScore, cases: [{ label: `${pool.mentees.length}x${pool.mentors.length}`, load: () => pool }] };
  }
  const sizes = (get('--sizes') ?? '200x80,1000x400,5000x2000,20000x8000').split(',');
  return {
    minScore,
    cases: sizes.map((size) => {
      const m = /^(\d+)x(\d+)$/.exec(size.trim());
      if (!m) throw new Error(`--sizes: "${size}" is not MENTEESxMENTORS, e.g. 5000x2000`);
      return { label: `${m[1]}x${m[2]}`, load: () => generatePool(Number(m[1]), Number(m[2]), seed) };
    }),
  };
}

async function main(): Promise<void> {
  const { cases, minScore } = parseArgs(process.argv.slice(2));
  const inputOf = (pool: Pool): MatchingInput => ({ ...pool, weights: DEFAULT_SETTINGS.scoreWeights, minScore });
  const rows: Row[] = [];
  // Our engine first at every size, so its peak memory is not inflated by the peers' (HiGHS's wasm heap
  // never shrinks); the peers then run on the same regenerated (seeded, identical) pools.
  for (const c of cases) {
    const input = inputOf(c.load());
    const t = performance.now();
    const result = solveMatching(input);
    const ms = performance.now() - t;
    rows.push({ label: c.label, mentees: input.mentees.length, ours: { ms, result, rssMb: resourceUsage().maxRSS / 1024 } });
    console.error(`[${c.label}] ours ${ms.toFixed(0)} ms, ${result.stats.rounds} rounds, ${result.stats.candidateEdges} candidate edges`);
  }
  for (const [k, c] of cases.entries()) {
    const row = rows[k];
    const input = inputOf(c.load());
    let t = performance.now();
    row.violations = verifyCertificate(input, row.ours.result);
    row.certifyMs = performance.now() - t;
    row.certified = row.violations.length === 0;
    t = performance.now();
    const g = greedy(input);
    row.greedy = { ...g, ms: performance.now() - t };
    const bigM = row.ours.result.certificate.bigM;
    const estimate = munkresEstimateSeconds(input);
    row.munkres = estimate > MUNKRES_LIMIT_S ? `n/a (estimated ${estimate.toFixed(0)} s)` : (await runMunkres(input, bigM, MUNKRES_LIMIT_S * 1000)) ?? `n/a (stopped at ${MUNKRES_LIMIT_S} s)`;
    row.highs = g.allowedPairs > HIGHS_MAX_PAIRS ? `n/a (${g.allowedPairs} allowed pairs)` : await runHighs(input, bigM).catch((err: Error) => `n/a (${err.message})`);
    console.error(`[${c.label}] peers done`);
  }
  report(rows);
}

function report(rows: Row[]): void {
  const ms = (x: { ms: number } | string | undefined): string => (typeof x === 'object' ? `${Math.round(x.ms)}` : 'n/a');
  const res = (x: { matched: number; total: number } | string | undefined): string => (typeof x === 'object' ? `${x.matched} / ${x.total}` : x ?? 'n/a');
  console.log('\nsize        | ours ms (cand/solve/price) | rounds | edges   | ours matched / total | certify ms | greedy ms | greedy matched / total | munkres ms | munkres matched / total | highs ms | highs matched / total | peak RSS after ours');
  for (const r of rows) {
    const o = r.ours.result;
    const phases = `${Math.round(o.stats.ms.candidates)}/${Math.round(o.stats.ms.solve)}/${Math.round(o.stats.ms.pricing)}`;
    console.log([r.label.padEnd(11), `${Math.round(r.ours.ms)} (${phases})`.padEnd(26), String(o.stats.rounds).padEnd(6), String(o.stats.candidateEdges).padEnd(7),
      `${o.pairs.length} / ${o.totalScore}`.padEnd(20), `${Math.round(r.certifyMs ?? 0)}`.padEnd(10), ms(r.greedy).padEnd(9), res(r.greedy).padEnd(22),
      ms(r.munkres).padEnd(10), res(r.munkres).padEnd(23), ms(r.highs).padEnd(8), res(r.highs).padEnd(21), `${Math.round(r.ours.rssMb)} MB`].join(' | '));
    for (const v of r.violations ?? []) console.log(`  certificate violation: ${v}`);
  }
  console.log(`peak RSS of the whole run: ${Math.round(resourceUsage().maxRSS / 1024)} MB\n`);
  for (const r of rows) {
    const o = r.ours.result;
    const highs = typeof r.highs === 'object' ? r.highs : undefined;
    // The optimum is ours when certified; otherwise HiGHS's, when it ran.
    const optimum = r.certified ? o.totalScore : highs?.total;
    const gap = (total: number | undefined): string => (optimum && total !== undefined ? `${((100 * (optimum - total)) / optimum).toFixed(2)}%` : 'n/a');
    const peer = (x: { ms: number } | string | undefined): string => (typeof x === 'object' ? `${Math.round(x.ms)} ms` : 'n/a');
    console.log(`matching ${r.label}: ours ${Math.round(r.ours.ms)} ms, greedy ${Math.round(r.greedy?.ms ?? 0)} ms, munkres ${peer(r.munkres)}, highs ${peer(r.highs)}, gap-to-optimum ${gap(o.totalScore)}, greedy-gap ${gap(r.greedy?.total)}, certified ${r.certified ? 'yes' : 'no'}, matched ${o.pairs.length}/${r.mentees}`);
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
