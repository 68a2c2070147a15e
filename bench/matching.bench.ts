/**
 * Matching benchmark: our engine against a greedy baseline, munkres-js and HiGHS on seeded
 * synthetic pools or a `--pool FILE`. See docs/matching.md for the options, file format and output.
 */
import { resourceUsage } from 'node:process';
import { verifyCertificate } from '../src/domain/matching/certificate';
import { solveMatching, type MatchingInput, type MatchingResult } from '../src/domain/matching/engine';
import { IndexedPairs } from './indexed-pairs';
import { DEFAULT_SETTINGS } from '../src/domain/programme';
import { greedy } from './greedy';
import { HIGHS_MAX_PAIRS, runHighs } from './highs-peer';
import { munkresEstimateSeconds, runMunkres } from './munkres-peer';
import { readPoolFile } from './pool-file';
import { FAMILIES, familyPool, type Family } from './pool-families';
import type { Pool } from './pool-generator';

const MUNKRES_LIMIT_S = 120;
/**
 * Untimed runs between the first and the measured ones: V8 takes a few runs to settle its optimized code,
 * and a small pool's run is too short to get there in a few, so small sizes warm up over more runs (ours
 * at least 2, each peer at least 1, and for both enough runs to see a million pairs in all, at most 100).
 */
function warmupRuns(input: MatchingInput, least: number): number {
  const pairs = Math.max(1, input.mentees.length * input.mentors.length);
  return Math.min(100, Math.max(least, Math.ceil(1_000_000 / pairs)));
}
/** Peers are measured over fewer runs than ours: greedy alone takes seconds a run at 20,000 × 8,000. */
const PEER_RUNS = 3;

interface Case {
  label: string;
  /**
   * Loads the pool afresh (new objects, as a run on rows just read from the database gets), with the
   * default weights and the minimum score.
   */
  load: () => MatchingInput;
}

/** A solver's times on freshly loaded pools: the first run, and the median of the measured runs after warming up. */
interface Timing {
  first: number;
  /** Median of the measured runs (the first run's time when none were measured). */
  ms: number;
  measured: number;
}

interface Row {
  label: string;
  mentees: number;
  ours: Timing & { result: MatchingResult; rssMb: number };
  certifyMs?: number;
  certified?: boolean;
  violations?: string[];
  greedy?: Timing & { matched: number; total: number; allowedPairs: number };
  munkres?: { ms: number; matched: number; total: number } | string;
  highs?: (Timing & { matched: number; total: number; status: string }) | string;
}

const DEFAULT_SIZES = '3000x1200,20000x8000';
const QUICK_SIZES = '3000x1200';

function parseArgs(argv: string[]): { cases: Case[]; runs: number; peers: boolean } {
  const get = (flag: string): string | undefined => {
    const k = argv.indexOf(flag);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  // What the app runs: the programme's default minimum score and weights, unless told otherwise.
  const minScore = Number(get('--min-score') ?? DEFAULT_SETTINGS.minimumMatchScore);
  const seed = Number(get('--seed') ?? 1);
  const runs = Number(get('--runs') ?? 5);
  const peers = get('--peers') !== 'none';
  if (!Number.isInteger(runs) || runs < 0)
    throw new Error(`--runs: "${get('--runs')}" is not a whole number of measured runs (0 for the first run alone)`);
  // Exclusions drawn by index go to the engine by position, as the app's pool gives them.
  const inputOf = (pool: Pool): MatchingInput => ({
    ...pool,
    excluded:
      pool.excluded instanceof IndexedPairs ? pool.excluded.byPosition(pool.mentees, pool.mentors) : pool.excluded,
    weights: DEFAULT_SETTINGS.scoreWeights,
    minScore,
  });
  const poolFile = get('--pool');
  if (poolFile) {
    const pool = readPoolFile(poolFile);
    return {
      runs,
      peers,
      cases: [{ label: `${pool.mentees.length}x${pool.mentors.length}`, load: () => inputOf(readPoolFile(poolFile)) }],
    };
  }
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const sizes = (get('--sizes') ?? (quick ? QUICK_SIZES : DEFAULT_SIZES)).split(',');
  const families = (get('--families') ?? FAMILIES.join(',')).split(',').map((f) => f.trim());
  for (const f of families)
    if (!(FAMILIES as readonly string[]).includes(f))
      throw new Error(`--families: "${f}" is not one of ${FAMILIES.join(', ')}`);
  const cases: Case[] = [];
  for (const size of sizes) {
    const m = /^(\d+)x(\d+)$/.exec(size.trim());
    if (!m) throw new Error(`--sizes: "${size}" is not MENTEESxMENTORS, e.g. 3000x1200`);
    for (const family of families as Family[]) {
      cases.push({
        label: `${family}-${m[1]}x${m[2]}`,
        load: () => inputOf(familyPool(family, Number(m[1]), Number(m[2]), seed)),
      });
    }
  }
  return { runs, peers, cases };
}

/** Runs `solve` `runs` times, each on a freshly loaded input (loading is not timed): the times and the last result. */
async function timed<T>(
  runs: number,
  load: () => MatchingInput,
  solve: (input: MatchingInput) => T | Promise<T>,
  ownMs?: (r: T) => number,
): Promise<{ times: number[]; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let k = 0; k < runs; k++) {
    const input = load();
    const t = performance.now();
    result = await solve(input);
    times.push(ownMs ? ownMs(result) : performance.now() - t);
  }
  return { times, result: result as T };
}

/**
 * Times a solver as the benchmark reports it: a first run, then (when `measured` > 0) `warmup` runs left
 * out and the median of `measured` runs. Returns the last run's result.
 */
async function measure<T>(
  first: { ms: number; result: T } | undefined,
  warmup: number,
  measured: number,
  load: () => MatchingInput,
  solve: (input: MatchingInput) => T | Promise<T>,
  ownMs?: (r: T) => number,
): Promise<Timing & { result: T }> {
  const start: { ms: number; result: T } =
    first ?? (await timed(1, load, solve, ownMs).then(({ times, result }) => ({ ms: times[0], result })));
  if (measured === 0) return { first: start.ms, ms: start.ms, measured: 0, result: start.result };
  await timed(warmup, load, solve, ownMs);
  const { times, result } = await timed(measured, load, solve, ownMs);
  times.sort((x, y) => x - y);
  return { first: start.ms, ms: times[times.length >> 1], measured, result };
}

async function main(): Promise<void> {
  const { cases, runs, peers } = parseArgs(process.argv.slice(2));
  const rows: Row[] = [];
  // Node's first console write changes process-wide assumptions that V8's optimized code depends on, and
  // throws that code away; write once before any timing so that no run pays for it in the middle.
  console.error(
    `matching benchmark: ${cases.map((c) => c.label).join(', ')}; each solver's first run, then the median of ${runs} runs of ours and ${Math.min(runs, PEER_RUNS)} of each peer after warming up`,
  );
  // Our engine at every size before any peer, so that neither its memory nor its times carry what the
  // peers leave behind (HiGHS's wasm heap never shrinks); each run loads the seeded, identical pool anew.
  for (const { label, load } of cases) {
    const input = load();
    const t = performance.now();
    const result = solveMatching(input);
    const first = performance.now() - t;
    const row: Row = {
      label,
      mentees: input.mentees.length,
      ours: { first, ms: first, measured: 0, result, rssMb: resourceUsage().maxRSS / 1024 },
    };
    rows.push(row);
    console.error(
      `[${label}] ours first run ${first.toFixed(0)} ms, ${result.stats.rounds} rounds, ${result.stats.candidateEdges} candidate edges${result.stats.byClasses ? ' (class pairs: solved by classes)' : ''}`,
    );
    if (runs === 0) continue;
    const later = await measure({ ms: first, result }, warmupRuns(input, 2), runs, load, solveMatching);
    // The engine is deterministic: a later run must propose what the first did.
    if (JSON.stringify(later.result.pairs) !== JSON.stringify(result.pairs))
      row.violations = ['a later run proposed different pairs from the first'];
    // The last run's result, so that the phases shown are of a warm run like the median.
    row.ours = { ...row.ours, ...later };
    console.error(`[${label}] ours median of ${runs} runs after warming up ${row.ours.ms.toFixed(0)} ms`);
  }
  for (const [k, { label, load }] of cases.entries()) {
    const row = rows[k];
    const input = load();
    const t = performance.now();
    row.violations = [...(row.violations ?? []), ...verifyCertificate(input, row.ours.result)];
    row.certifyMs = performance.now() - t;
    row.certified = row.violations.length === 0;
    if (!peers) continue;
    const { result: g, ...greedyTiming } = await measure(
      undefined,
      warmupRuns(input, 1),
      Math.min(runs, PEER_RUNS),
      load,
      greedy,
    );
    row.greedy = { ...g, ...greedyTiming };
    const bigM = row.ours.result.certificate.bigM;
    const estimate = munkresEstimateSeconds(input);
    row.munkres =
      estimate > MUNKRES_LIMIT_S
        ? `n/a (estimated ${estimate.toFixed(0)} s)`
        : ((await runMunkres(input, bigM, MUNKRES_LIMIT_S * 1000)) ?? `n/a (stopped at ${MUNKRES_LIMIT_S} s)`);
    if (g.allowedPairs > HIGHS_MAX_PAIRS) row.highs = `n/a (${g.allowedPairs} allowed pairs)`;
    else {
      row.highs = await measure(
        undefined,
        warmupRuns(input, 1),
        Math.min(runs, PEER_RUNS),
        load,
        (x) => runHighs(x, bigM),
        (r) => r.ms,
      )
        .then(({ result, ...timing }) => ({ ...result, ...timing }))
        .catch((err: Error) => `n/a (${err.message})`);
    }
    console.error(`[${label}] peers done`);
  }
  report(rows);
}

function report(rows: Row[]): void {
  const ms = (x: Timing | string | undefined): string =>
    typeof x === 'object' ? `${Math.round(x.first)} / ${Math.round(x.ms)}` : 'n/a';
  const res = (x: { matched: number; total: number } | string | undefined): string =>
    typeof x === 'object' ? `${x.matched} / ${x.total}` : (x ?? 'n/a');
  const ratio = (peer: Timing | string | undefined, ours: Timing): string =>
    typeof peer === 'object' ? `${(peer.ms / ours.ms).toFixed(1)}x` : 'n/a';
  console.log(
    '\nTimes in ms are "first run / median after warming up", each run on a freshly loaded pool; phases are of the last run, ratios of the medians.',
  );
  console.log(
    'size                   | ours ms      | phases setup/cand/solve/price/explain | rounds | edges   | ours matched / total | certify ms | greedy ms     | greedy matched / total | munkres ms | munkres matched / total | highs ms    | highs matched / total | greedy / ours | highs / ours | peak RSS after ours',
  );
  for (const r of rows) {
    const o = r.ours.result;
    const p = o.stats.ms;
    const phases = [p.setup, p.candidates, p.solve, p.pricing, p.explain].map((x) => Math.round(x)).join('/');
    const munkres = typeof r.munkres === 'object' ? `${Math.round(r.munkres.ms)}` : 'n/a';
    console.log(
      [
        r.label.padEnd(22),
        ms(r.ours).padEnd(12),
        phases.padEnd(37),
        String(o.stats.rounds).padEnd(6),
        String(o.stats.candidateEdges).padEnd(7),
        `${o.pairs.length} / ${o.totalScore}`.padEnd(20),
        `${Math.round(r.certifyMs ?? 0)}`.padEnd(10),
        ms(r.greedy).padEnd(13),
        res(r.greedy).padEnd(22),
        munkres.padEnd(10),
        res(r.munkres).padEnd(23),
        ms(r.highs).padEnd(11),
        res(r.highs).padEnd(21),
        ratio(r.greedy, r.ours).padEnd(13),
        ratio(r.highs, r.ours).padEnd(12),
        `${Math.round(r.ours.rssMb)} MB`,
      ].join(' | '),
    );
    for (const v of r.violations ?? []) console.log(`  certificate violation: ${v}`);
  }
  console.log(`peak RSS of the whole run: ${Math.round(resourceUsage().maxRSS / 1024)} MB\n`);
  for (const r of rows) {
    const o = r.ours.result;
    const highs = typeof r.highs === 'object' ? r.highs : undefined;
    // The optimum is ours when certified; otherwise HiGHS's, when it ran.
    const optimum = r.certified ? o.totalScore : highs?.total;
    const gap = (total: number | undefined): string =>
      optimum && total !== undefined ? `${((100 * (optimum - total)) / optimum).toFixed(2)}%` : 'n/a';
    const peer = (x: { ms: number } | string | undefined): string =>
      typeof x === 'object' ? `${Math.round(x.ms)} ms` : 'n/a';
    console.log(
      `matching ${r.label}: ours ${Math.round(r.ours.ms)} ms, greedy ${peer(r.greedy)}, munkres ${peer(r.munkres)}, highs ${peer(r.highs)}, gap-to-optimum ${gap(o.totalScore)}, greedy-gap ${gap(r.greedy?.total)}, certified ${r.certified ? 'yes' : 'no'}, matched ${o.pairs.length}/${r.mentees}`,
    );
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
