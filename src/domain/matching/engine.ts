import { ValidationError } from '../errors';
import {
  CandidateEdges,
  allowedPairs,
  initialCandidates,
  type Lowered,
  type PairScan,
  boundedScan,
} from './candidates';
import { indexExclusions, type Exclusions, type PoolContext } from './exclusions';
import { solveByClasses } from './classes';
import {
  PairTables,
  buildKernel,
  maxScore,
  scorePair,
  type MenteeProfile,
  type MentorProfile,
  type ScoreWeights,
} from './score';
import { Solver } from './solver';

/** A whole pool to match automatically (SPEC §3.2). */
export interface MatchingInput {
  mentees: readonly MenteeProfile[];
  mentors: readonly MentorProfile[];
  /**
   * Pairs that may not be matched: as [menteeId, mentorId], or by position in `mentees` and `mentors`
   * (ExcludedIndexes), which large pools read far faster.
   */
  excluded?: Exclusions;
  weights: ScoreWeights;
  /** Pairs scoring less are not allowed. */
  minScore: number;
}

/** One proposed pair with its score and the reasons for the cards. */
export interface MatchedPair {
  menteeId: string;
  mentorId: string;
  score: number;
  reasons: string[];
}

/**
 * Dual prices proving the result optimal: every allowed pair has bigM + score ≤ menteePrice + mentorPrice,
 * with equality on proposed pairs, zero for unmatched mentees and for mentors with a free place, and the
 * proposal's total weight equals Σ menteePrice + Σ capacity × mentorPrice. See verifyCertificate.
 */
export interface MatchingCertificate {
  menteePrice: Record<string, number>;
  mentorPrice: Record<string, number>;
  /** Added to every pair's score; larger than any total score, so more pairs always win first. */
  bigM: number;
}

/** The proposal: pairs (by mentee id), who stays unmatched and why, and the optimality certificate. */
export interface MatchingResult {
  pairs: MatchedPair[];
  unmatched: { menteeId: string; reason: string }[];
  totalScore: number;
  certificate: MatchingCertificate;
  /**
   * How the run went, for the benchmark: pricing rounds, candidate edges, and milliseconds per phase, which
   * add up to the whole run: setup (sorting, encoding, exclusions), candidates, solve, pricing, and
   * explaining the proposed pairs (their reasons and the certificate's prices by id). `byClasses` when the
   * pool was solved between classes of identical profiles (classes.ts; candidateEdges then counts class pairs).
   */
  stats: {
    rounds: number;
    candidateEdges: number;
    byClasses: boolean;
    ms: { setup: number; candidates: number; solve: number; pricing: number; explain: number };
  };
}

/** Tuning, mainly for tests and the benchmark. */
export interface EngineOptions {
  /** Candidates taken from each side's best list. */
  candidatesPerSide?: number;
  /**
   * How pairs are visited for candidates and pricing; by default bounded. Small pools, unless a scan or
   * a number of candidates is given, skip both: every allowed pair is an edge and one solve settles it.
   */
  scan?: PairScan;
  /** Whether pools of many identical profiles may be solved by classes (solveByClasses); by default they may. */
  classes?: boolean;
}

const SMALL_POOL_PAIRS = 250_000;

/**
 * The assignment that matches as many mentees as possible and, among those, has the highest total score,
 * within every mentor's capacity and never using an excluded, same-person or below-minimum pair.
 * Solves on candidate edges, then prices every allowed pair against the dual prices, adds any pair that
 * could improve the result and repairs the solution, until none can: the certificate holds for all pairs.
 * Deterministic: profiles are sorted by id first, so input order does not matter.
 */
export function solveMatching(input: MatchingInput, options: EngineOptions = {}): MatchingResult {
  const ms = { setup: 0, candidates: 0, solve: 0, pricing: 0, explain: 0 };
  let clock = now();
  const lap = (phase: keyof typeof ms): void => {
    const t = now();
    ms[phase] += t - clock;
    clock = t;
  };
  const mentees = sortedById(input.mentees, 'mentee');
  // Mentors by specialty, site and country, so the bounded scan sees each as one block (MentorBlocks, BlockCells).
  const mentors = sortedById(input.mentors, 'mentor').sort(
    (a, b) =>
      compare(a.specialty, b.specialty) ||
      compare(a.site, b.site) ||
      compare(a.qualificationCountry, b.qualificationCountry),
  );
  const capacity = Int32Array.from(mentors, (m) => {
    if (!Number.isInteger(m.capacity) || m.capacity < 0)
      throw new ValidationError(`Mentor ${m.id} has an invalid capacity.`, { capacity: m.id });
    return m.capacity;
  });
  const totalCapacity = capacity.reduce((a, b) => a + b, 0);
  const ctx: PoolContext = {
    tables: new PairTables(buildKernel(mentees, mentors, input.weights)),
    excluded: indexExclusions(input.excluded ?? [], mentees, mentors, input),
    minScore: input.minScore,
    capacity,
    bigM: Math.ceil(maxScore(input.weights)) * Math.min(mentees.length, totalCapacity) + 1,
  };
  const complete =
    mentees.length * mentors.length <= SMALL_POOL_PAIRS &&
    options.scan === undefined &&
    options.candidatesPerSide === undefined;
  const scan = options.scan ?? boundedScan;
  lap('setup');
  // Pools of a few profiles copied many times: a small problem between classes of identical profiles.
  const byClasses = options.classes === false ? undefined : solveByClasses(ctx);
  if (byClasses) {
    lap('solve');
    const result = explain(
      input,
      mentees,
      mentors,
      ctx.bigM,
      byClasses.matchOf,
      byClasses.menteePrice,
      byClasses.mentorPrice,
      byClasses.hasAllowed,
    );
    lap('explain');
    return { ...result, stats: { rounds: 1, candidateEdges: byClasses.arcs, byClasses: true, ms } };
  }
  const edges = new CandidateEdges(
    ctx,
    complete ? allowedPairs(ctx) : initialCandidates(ctx, options.candidatesPerSide ?? 6, scan),
  );
  lap('candidates');
  let graph = edges.graph();
  const solver = new Solver(graph);
  lap('solve');
  let lowered: Lowered | undefined;
  for (let rounds = 1; ; rounds++) {
    const solution = solver.solution;
    const touched: number[] = [];
    // With every allowed pair an edge, the solver's prices already hold for all of them.
    if (!complete)
      scan.positiveReduced(
        ctx,
        solution.menteePrice,
        solution.mentorPrice,
        (i, j) => {
          if (touched[touched.length - 1] !== i) touched.push(i);
          edges.add(i, j);
        },
        lowered,
      );
    lap('pricing');
    if (touched.length > 0) {
      graph = edges.graph();
      const u = solution.menteePrice.slice();
      const v = solution.mentorPrice.slice();
      solver.addEdges(graph, touched);
      lowered = {
        mentees: Uint8Array.from(u, (x, i) => +(solution.menteePrice[i] < x)),
        mentors: Uint8Array.from(v, (x, j) => +(solution.mentorPrice[j] < x)),
      };
      lap('solve');
      continue;
    }
    const result = explain(
      input,
      mentees,
      mentors,
      ctx.bigM,
      solution.matchOf,
      solution.menteePrice,
      solution.mentorPrice,
      (i) => graph.start[i + 1] > graph.start[i],
    );
    lap('explain');
    return { ...result, stats: { rounds, candidateEdges: graph.mentor.length, byClasses: false, ms } };
  }
}

/** The result from a matching and its prices, by position in the sorted sides. */
function explain(
  input: MatchingInput,
  mentees: readonly MenteeProfile[],
  mentors: readonly MentorProfile[],
  bigM: number,
  matchOf: Int32Array,
  menteePrice: Float64Array,
  mentorPrice: Float64Array,
  hasAllowed: (i: number) => boolean,
): Omit<MatchingResult, 'stats'> {
  const pairs: MatchedPair[] = [];
  const unmatched: MatchingResult['unmatched'] = [];
  mentees.forEach((mentee, i) => {
    const j = matchOf[i];
    if (j >= 0) {
      const { score, reasons } = scorePair(mentee, mentors[j], input.weights);
      pairs.push({ menteeId: mentee.id, mentorId: mentors[j].id, score, reasons });
    } else unmatched.push({ menteeId: mentee.id, reason: hasAllowed(i) ? FULL : NONE_ALLOWED });
  });
  const certificate: MatchingCertificate = { menteePrice: {}, mentorPrice: {}, bigM };
  mentees.forEach((m, i) => (certificate.menteePrice[m.id] = menteePrice[i]));
  mentors.forEach((m, j) => (certificate.mentorPrice[m.id] = mentorPrice[j]));
  const totalScore = pairs.reduce((sum, p) => sum + p.score, 0);
  return { pairs, unmatched, totalScore, certificate };
}

const FULL = 'every mentor who would suit is already at capacity';
const NONE_ALLOWED = 'no mentor reaches the programme minimum score without being excluded';

// The domain has no timers of its own; performance.now is a global in Node and browsers alike.
const now = (): number => globalThis.performance?.now() ?? 0;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedById<T extends { id: string }>(list: readonly T[], side: string): T[] {
  const sorted = [...list].sort((a, b) => compare(a.id, b.id));
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k].id === sorted[k - 1].id)
      throw new ValidationError(`Duplicate ${side} id ${sorted[k].id}.`, { id: sorted[k].id });
  }
  return sorted;
}
