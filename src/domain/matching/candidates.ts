import { allowedPair, allowedScore, type PoolContext } from './exclusions';
import type { CandidateGraph } from './solver';
import { type PairTables, RowTable, TERMS, type Kernel } from './score';

/**
 * For each of n owners, the k best (score, item) offers seen, best first. On equal scores the offer
 * made first stays ahead, and callers offer items in a fixed order, so the result is deterministic.
 */
export class TopK {
  readonly scores: Int32Array;
  readonly items: Int32Array;
  readonly counts: Int32Array;
  /** The score an offer to each owner must beat to enter: −1 while there is room. Read it in hot loops. */
  readonly floors: Int32Array;

  constructor(
    readonly n: number,
    readonly k: number,
  ) {
    this.scores = new Int32Array(n * k);
    this.items = new Int32Array(n * k);
    this.counts = new Int32Array(n);
    this.floors = new Int32Array(n).fill(k > 0 ? -1 : 2 ** 31 - 1);
  }

  /** The score an offer to `owner` must beat to enter, −1 while there is room. */
  floor(owner: number): number {
    return this.floors[owner];
  }

  /** Offers `item` with `score` (≥ 0) to `owner`. */
  offer(owner: number, score: number, item: number): void {
    const k = this.k;
    if (score <= this.floors[owner]) return;
    const base = owner * k;
    let at = this.counts[owner];
    if (at === k) at = k - 1;
    else this.counts[owner]++;
    while (at > 0 && this.scores[base + at - 1] < score) {
      this.scores[base + at] = this.scores[base + at - 1];
      this.items[base + at] = this.items[base + at - 1];
      at--;
    }
    this.scores[base + at] = score;
    this.items[base + at] = item;
    if (this.counts[owner] === k) this.floors[owner] = this.scores[base + k - 1];
  }
}

/** Candidate mentors of each mentee, by index; may hold repeats (CandidateEdges removes them). */
export type CandidateLists = number[][];

/**
 * Candidates from both sides: each mentee's `k` best allowed mentors and each mentor's `k` best allowed
 * mentees. The mentors' side matters: with only the mentees' lists, a mentor nobody ranks highly is never
 * seen and stays empty although the best assignment would use them.
 */
export function initialCandidates(ctx: PoolContext, k: number, scan: PairScan): CandidateLists {
  const nL = ctx.tables.kernel.mentees.n;
  const nR = ctx.tables.kernel.mentors.n;
  const byMentee = new TopK(nL, k);
  const byMentor = new TopK(nR, k);
  scan.topPairs(ctx, byMentee, byMentor);
  const lists: CandidateLists = Array.from({ length: nL }, (_, i) =>
    Array.from(byMentee.items.subarray(i * k, i * k + byMentee.counts[i])),
  );
  for (let j = 0; j < nR; j++) {
    for (let t = 0; t < byMentor.counts[j]; t++) lists[byMentor.items[j * k + t]].push(j);
  }
  return lists;
}

/** Every allowed pair as a candidate: for small pools, where scoring them all costs less than pricing. */
export function allowedPairs(ctx: PoolContext): CandidateLists {
  const nR = ctx.tables.kernel.mentors.n;
  const row = new Int32Array(nR);
  return Array.from({ length: ctx.tables.kernel.mentees.n }, (_, i) => {
    ctx.tables.scoreRow(i, 0, nR, row);
    const list: number[] = [];
    for (let j = 0; j < nR; j++) if (row[j] >= ctx.minScore && allowedPair(ctx, i, j)) list.push(j);
    return list;
  });
}

/** How the engine visits pairs: every pair, or only the pairs bounds cannot rule out. */
export interface PairScan {
  /** Offers every allowed pair that could enter either side's top list. */
  topPairs(ctx: PoolContext, byMentee: TopK, byMentor: TopK): void;
  /**
   * Calls `found` for every allowed pair with bigM + score − u_i − v_j > 0, mentee by mentee. With
   * `lowered`, only pairs whose mentee's or mentor's price went down since a check that found nothing
   * else: no other pair can have become positive.
   */
  positiveReduced(
    ctx: PoolContext,
    u: Float64Array,
    v: Float64Array,
    found: (i: number, j: number) => void,
    lowered?: Lowered,
  ): void;
}

/** Who got a lower price in a repair, by index: 1 for lowered. */
export interface Lowered {
  mentees: Uint8Array;
  mentors: Uint8Array;
}

/** The reference scan: scores every pair. Exact and simple; the engine uses it for small pools. */
export const fullScan: PairScan = {
  topPairs(ctx, byMentee, byMentor) {
    const nL = ctx.tables.kernel.mentees.n;
    const nR = ctx.tables.kernel.mentors.n;
    for (let i = 0; i < nL; i++) {
      for (let j = 0; j < nR; j++) {
        const s = allowedScore(ctx, i, j);
        if (s < 0) continue;
        if (s > byMentee.floor(i)) byMentee.offer(i, s, j);
        if (s > byMentor.floor(j)) byMentor.offer(j, s, i);
      }
    }
  },
  positiveReduced(ctx, u, v, found, lowered) {
    const nL = ctx.tables.kernel.mentees.n;
    const nR = ctx.tables.kernel.mentors.n;
    for (let i = 0; i < nL; i++) {
      const slack = u[i] - ctx.bigM;
      for (let j = 0; j < nR; j++) {
        if (lowered && !lowered.mentees[i] && !lowered.mentors[j]) continue;
        const s = allowedScore(ctx, i, j);
        if (s >= 0 && s - v[j] > slack) found(i, j);
      }
    }
  },
};

/**
 * Each mentee's candidate mentors, sorted and without repeats, with their weights (bigM + score), as one
 * compressed graph. Pricing rounds add a few pairs to a few mentees: the next graph copies every other row
 * over with its weights, and merges and weighs again only the rows that gained pairs. No array per mentee:
 * thousands of small typed arrays per round cost more in allocation and collection than the copying.
 */
export class CandidateEdges {
  private current: CandidateGraph;
  private readonly pending: number[][];
  private added = 0;

  /** Starts from candidate lists (which may hold repeats); every pair in them must be allowed. */
  constructor(
    private readonly ctx: PoolContext,
    lists: CandidateLists,
  ) {
    const nL = lists.length;
    this.pending = lists;
    for (const list of lists) this.added += list.length;
    this.current = {
      menteeCount: nL,
      mentorCount: ctx.tables.kernel.mentors.n,
      capacity: ctx.capacity,
      start: new Int32Array(nL + 1),
      mentor: new Int32Array(0),
      weight: new Float64Array(0),
    };
  }

  /** Adds the allowed pair (mentee i, mentor j); a pair already present is ignored. */
  add(i: number, j: number): void {
    this.pending[i].push(j);
    this.added++;
  }

  /** The graph of all candidates so far. */
  graph(): CandidateGraph {
    if (this.added === 0) return this.current;
    const old = this.current;
    const { tables, bigM } = this.ctx;
    const nL = old.menteeCount;
    const size = old.mentor.length + this.added;
    const start = new Int32Array(nL + 1);
    const mentor = new Int32Array(size);
    const weight = new Float64Array(size);
    let at = 0;
    for (let i = 0; i < nL; i++) {
      start[i] = at;
      const add = this.pending[i];
      if (add.length > 1) add.sort((a, b) => a - b);
      let e = old.start[i];
      const end = old.start[i + 1];
      if (add.length === 0) {
        for (; e < end; e++, at++) {
          mentor[at] = old.mentor[e];
          weight[at] = old.weight[e];
        }
        continue;
      }
      // Merge the sorted old row with the sorted additions, dropping repeats, and weigh the merged row.
      let q = 0;
      while (e < end || q < add.length) {
        const j = q < add.length && (e >= end || add[q] < old.mentor[e]) ? add[q++] : old.mentor[e++];
        if (at === start[i] || mentor[at - 1] !== j) mentor[at++] = j;
      }
      tables.scoreList(i, mentor, start[i], at, weight, bigM);
      this.pending[i] = [];
    }
    start[nL] = at;
    this.added = 0;
    this.current = {
      ...old,
      start,
      mentor: at < size ? mentor.slice(0, at) : mentor,
      weight: at < size ? weight.slice(0, at) : weight,
    };
    return this.current;
  }
}

/**
 * Mentors grouped for pruning: mentors are sorted by specialty, then site (then country, for BlockCells),
 * so each (specialty, site) is a
 * contiguous block and each specialty a contiguous group of blocks. For each node (group or block) and
 * each mentee class, every score part keeps its largest value over the node's mentors; their sum bounds
 * a mentee's score against anyone in the node, so one bound rules out a whole node without scoring it.
 */
export class MentorBlocks {
  /** Node n covers mentors from[n] … to[n] − 1. Groups first, then blocks. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** Blocks of group g are nodes groupBlocks[g] … groupBlocks[g + 1] − 1. */
  readonly groupBlocks: Int32Array;
  readonly groups: number;
  /** Specialty code of each group's mentors. */
  readonly groupSpec: Int32Array;
  private readonly store: { values: Int32Array };
  private readonly bounds: RowTable[];
  private readonly offsets = new Int32Array(4);
  /** Recency's share of every bound: its largest value (start days are not worth bounding per node). */
  private readonly extra: number;
  private readonly orders = new Map<number, Int32Array>();

  /** Mentors must already be sorted by specialty, then site, then country. */
  constructor(private readonly tables: PairTables) {
    const R = tables.kernel.mentors;
    const groups: [number, number][] = [];
    const blocks: [number, number][] = [];
    const counts: number[] = [];
    for (let a = 0; a < R.n;) {
      let b = a;
      while (b < R.n && R.spec[b] === R.spec[a]) b++;
      groups.push([a, b]);
      let count = 0;
      for (let c = a; c < b; count++) {
        let d = c;
        while (d < b && R.site[d] === R.site[c]) d++;
        blocks.push([c, d]);
        c = d;
      }
      counts.push(count);
      a = b;
    }
    const all = [...groups, ...blocks];
    this.groups = groups.length;
    this.from = Int32Array.from(all, (r) => r[0]);
    this.to = Int32Array.from(all, (r) => r[1]);
    this.groupSpec = Int32Array.from(groups, (r) => R.spec[r[0]]);
    this.groupBlocks = new Int32Array(this.groups + 1);
    this.groupBlocks[0] = this.groups;
    counts.forEach((c, g) => (this.groupBlocks[g + 1] = this.groupBlocks[g] + c));
    const nodes = all.length;
    // The distinct mentor classes in each block, per part (compressed rows): filling a mentee class's
    // row of bounds costs one read per distinct class rather than one per mentor; a group's bound is
    // the largest of its blocks'.
    const present = tables.classes.map((c) => {
      const start = new Int32Array(blocks.length + 1);
      const list: number[] = [];
      blocks.forEach(([a, b], k) => {
        list.push(...new Set(c.mentorClass.subarray(a, b)));
        start[k + 1] = list.length;
      });
      return { start, classes: Int32Array.from(list) };
    });
    let size = 0;
    const bases = tables.classes.map((c) => {
      const base = size;
      size += RowTable.size(c.menteeFirst.length, nodes);
      return base;
    });
    this.store = { values: new Int32Array(size) };
    this.bounds = tables.classes.map(
      (c, p) =>
        new RowTable(this.store, bases[p], nodes, c.menteeFirst.length, (mc, out, offset) => {
          const row = tables.parts[p].row(mc);
          const t = tables.store.values;
          const { start, classes } = present[p];
          for (let k = 0; k < blocks.length; k++) {
            let m = -(2 ** 31);
            for (let x = start[k]; x < start[k + 1]; x++) if (t[row + classes[x]] > m) m = t[row + classes[x]];
            out[offset + this.groups + k] = m;
          }
          for (let g = 0; g < this.groups; g++) {
            let m = -(2 ** 31);
            for (let b = this.groupBlocks[g]; b < this.groupBlocks[g + 1]; b++)
              if (out[offset + b] > m) m = out[offset + b];
            out[offset + g] = m;
          }
        }),
    );
    this.extra = tables.maxRecency;
  }

  /** Number of nodes (groups, then blocks). */
  get size(): number {
    return this.from.length;
  }

  /** Groups in the order a mentee of specialty `spec` visits them: their own first, so top lists fill early. */
  visitOrder(spec: number): Int32Array {
    let order = this.orders.get(spec);
    if (!order) {
      const own = this.groupSpec.indexOf(spec);
      const rest = Array.from({ length: this.groups }, (_, g) => g).filter((g) => g !== own);
      this.orders.set(spec, (order = Int32Array.from(own >= 0 ? [own, ...rest] : rest)));
    }
    return order;
  }

  /** The least of `value` over each node's mentors (positions), into `out`. */
  nodeMinima(value: ArrayLike<number>, out: Float64Array): void {
    for (let b = this.groups; b < this.size; b++) {
      let m = Infinity;
      for (let j = this.from[b]; j < this.to[b]; j++) if (value[j] < m) m = value[j];
      out[b] = m;
    }
    for (let g = 0; g < this.groups; g++) {
      let m = Infinity;
      for (let b = this.groupBlocks[g]; b < this.groupBlocks[g + 1]; b++) if (out[b] < m) m = out[b];
      out[g] = m;
    }
  }

  /** Makes {@link bound} answer for mentee i. */
  select(i: number): void {
    for (let p = 0; p < 4; p++) this.offsets[p] = this.bounds[p].row(this.tables.classes[p].menteeClass[i]);
  }

  /** An upper bound of the selected mentee's score against anyone in node n. */
  bound(n: number): number {
    const t = this.store.values;
    const o = this.offsets;
    return t[o[0] + n] + t[o[1] + n] + t[o[2] + n] + t[o[3] + n] + this.extra;
  }

  /** The bound without its country, meeting and stage part (BlockCells bounds those per cell). */
  boundWithoutCountry(n: number): number {
    const t = this.store.values;
    const o = this.offsets;
    return t[o[0] + n] + t[o[2] + n] + t[o[3] + n] + this.extra;
  }
}

/**
 * Mentors laid out for pricing: block by block as in MentorBlocks, each block in order of price (then
 * index), optionally only the mentors `keep` marks. A mentee then needs only a prefix of each block: up
 * to the price at which even the block's score bound leaves no positive reduced weight. Codes are
 * copied in that order so the pair-scoring loop stays sequential.
 */
export class PriceView {
  /** Mentor index at each position. */
  readonly mentor: Int32Array;
  readonly codes: Int32Array;
  readonly price: Float64Array;
  /** Node n's mentors sit at positions from[n] … to[n] − 1; minPrice[n] is their least price. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly minPrice: Float64Array;

  constructor(nodes: MentorBlocks, tables: PairTables, v: Float64Array, keep?: Uint8Array) {
    const order: number[] = [];
    this.from = new Int32Array(nodes.size);
    this.to = new Int32Array(nodes.size);
    this.minPrice = new Float64Array(nodes.size).fill(Infinity);
    for (let g = 0; g < nodes.groups; g++) {
      this.from[g] = order.length;
      for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) {
        const block: number[] = [];
        for (let j = nodes.from[b]; j < nodes.to[b]; j++) if (!keep || keep[j]) block.push(j);
        block.sort((x, y) => v[x] - v[y] || x - y);
        this.from[b] = order.length;
        order.push(...block);
        this.to[b] = order.length;
        if (block.length > 0) this.minPrice[b] = v[block[0]];
        this.minPrice[g] = Math.min(this.minPrice[g], this.minPrice[b]);
      }
      this.to[g] = order.length;
    }
    this.mentor = Int32Array.from(order);
    this.price = new Float64Array(order.length);
    this.codes = new Int32Array(order.length * TERMS);
    const codes = tables.codes;
    for (let q = 0; q < order.length; q++) {
      const j = order[q];
      this.price[q] = v[j];
      for (let t = 0; t < TERMS; t++) this.codes[q * TERMS + t] = codes[j * TERMS + t];
    }
  }

  /** Number of mentors in the view. */
  get size(): number {
    return this.mentor.length;
  }

  /** First position in node n's range whose price is ≥ limit (the end of the prefix worth scoring). */
  prefixEnd(n: number, limit: number): number {
    let lo = this.from[n];
    let hi = this.to[n];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.price[mid] < limit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The pricing scan of the bounded scan, one mentee at a time (a method per mentee, for the reason
 * TopScan gives): every allowed pair with bigM + score − u − v > 0. Skips every specialty or block
 * whose bound minus its cheapest price cannot beat the mentee's price, and within a block scores only
 * the mentors cheap enough for the bound (the view lists each block in order of price).
 */
export class PriceScan {
  private readonly row: Int32Array;

  constructor(
    private readonly ctx: PoolContext,
    private readonly nodes: MentorBlocks,
    private readonly u: Float64Array,
    private readonly found: (i: number, j: number) => void,
  ) {
    this.row = new Int32Array(ctx.tables.kernel.mentors.n);
  }

  /** Finds mentee i's pairs among the view's mentors. */
  mentee(i: number, view: PriceView): void {
    const { ctx, nodes } = this;
    const minScore = ctx.minScore;
    const slack = this.u[i] - ctx.bigM;
    nodes.select(i);
    const groups = nodes.visitOrder(ctx.tables.kernel.mentees.spec[i]);
    for (let t = 0; t < groups.length; t++) {
      const g = groups[t];
      const ug = nodes.bound(g);
      if (ug < minScore || ug - view.minPrice[g] <= slack) continue;
      for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) {
        const ub = nodes.bound(b);
        if (ub < minScore || ub - view.minPrice[b] <= slack) continue;
        this.block(i, view, view.from[b], view.prefixEnd(b, ub - slack), slack);
      }
    }
  }

  private block(i: number, view: PriceView, from: number, end: number, slack: number): void {
    const { ctx, row } = this;
    if (end <= from) return;
    ctx.tables.scoreRow(i, from, end, row, view.codes);
    for (let q = from; q < end; q++) {
      const s = row[q];
      if (s >= ctx.minScore && s - view.price[q] > slack && allowedPair(ctx, i, view.mentor[q]))
        this.found(i, view.mentor[q]);
    }
  }
}

/**
 * Each (specialty, site) block split into cells of one country of qualification (mentors are sorted by
 * country within a block). A mentee's own specialty passes every block bound, and scoring all of it was
 * most of the candidate scan; in a cell the country part is exact, so a cell whose country scores
 * little for the mentee falls under the top lists' floors and is skipped.
 */
export class BlockCells {
  /** Cells of block k (node groups + k) are start[k] … start[k + 1] − 1. */
  readonly start: Int32Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  private readonly country: Int32Array;
  private readonly region: Int32Array;
  /** Per (mentee meeting-and-stage class, block): the most meeting and stage points in the block. */
  private readonly meetStage: RowTable;
  private readonly msStore: { values: Int32Array };
  private readonly menteeClass: Int32Array;
  private msOffset = 0;
  private menteeCountry = 0;
  private menteeRegion = -1;

  constructor(
    private readonly k: Kernel,
    nodes: MentorBlocks,
  ) {
    const R = k.mentors;
    const L = k.mentees;
    const blocks = nodes.size - nodes.groups;
    const ranges: number[] = [];
    this.start = new Int32Array(blocks + 1);
    for (let b = 0; b < blocks; b++) {
      for (let c = nodes.from[nodes.groups + b]; c < nodes.to[nodes.groups + b];) {
        let d = c;
        while (d < nodes.to[nodes.groups + b] && R.country[d] === R.country[c]) d++;
        ranges.push(c, d);
        c = d;
      }
      this.start[b + 1] = ranges.length / 2;
    }
    this.from = Int32Array.from({ length: ranges.length / 2 }, (_, c) => ranges[2 * c]);
    this.to = Int32Array.from({ length: ranges.length / 2 }, (_, c) => ranges[2 * c + 1]);
    this.country = this.from.map((j) => R.country[j]);
    this.region = this.from.map((j) => R.region[j]);
    const codes = new Map<string, number>();
    const first: number[] = [];
    this.menteeClass = Int32Array.from({ length: L.n }, (_, i) => {
      const key = `${L.meet[i]} ${L.stage[i]}`;
      let c = codes.get(key);
      if (c === undefined) codes.set(key, (c = first.push(i) - 1));
      return c;
    });
    this.msStore = { values: new Int32Array(RowTable.size(first.length, blocks)) };
    this.meetStage = new RowTable(this.msStore, 0, blocks, first.length, (mc, out, offset) => {
      const i = first[mc];
      for (let b = 0; b < blocks; b++) {
        let m = -(2 ** 31);
        for (let j = nodes.from[nodes.groups + b]; j < nodes.to[nodes.groups + b]; j++) {
          const gap = R.stage[j] - L.stage[i];
          m = Math.max(m, k.meetPts[L.meet[i] * 3 + R.meet[j]] + k.stagePts[(gap < -1 ? -1 : gap > 6 ? 6 : gap) + 1]);
        }
        out[offset + b] = m;
      }
    });
  }

  /** Makes the bounds answer for mentee i. */
  select(i: number): void {
    this.msOffset = this.meetStage.row(this.menteeClass[i]);
    this.menteeCountry = this.k.mentees.country[i];
    this.menteeRegion = this.k.mentees.region[i];
  }

  /** The most meeting and stage points the selected mentee can get in block k. */
  meetStageBound(k: number): number {
    return this.msStore.values[this.msOffset + k];
  }

  /** The selected mentee's country points against cell c (exact: one country per cell). */
  countryPoints(c: number): number {
    if (this.country[c] === this.menteeCountry) return this.k.countryPts;
    return this.menteeRegion >= 0 && this.region[c] === this.menteeRegion ? this.k.regionPts : 0;
  }

  /** The least of `value` over each cell's mentors (positions), into `out`. */
  cellMinima(value: ArrayLike<number>, out: Float64Array): void {
    for (let c = 0; c < this.from.length; c++) {
      let m = Infinity;
      for (let j = this.from[c]; j < this.to[c]; j++) if (value[j] < m) m = value[j];
      out[c] = m;
    }
  }
}

const FLOOR_REFRESH = 32; // mentees between refreshes of the mentors' entry floors per node

/**
 * The candidate scan of the bounded scan, one mentee at a time: visits the mentee's own specialty first,
 * then the others, and skips every specialty, (specialty, site) block or one-country cell whose upper
 * bound cannot enter the mentee's top list nor any of its mentors'. The work is a method called once per
 * mentee rather than one long loop: V8 then optimizes it after a few hundred mentees and keeps the
 * optimized code for the next run, where a long loop is re-entered cold on every call.
 */
export class TopScan {
  private readonly cells: BlockCells;
  private readonly row: Int32Array;
  private readonly floor: Float64Array;
  private readonly cellFloor: Float64Array;

  constructor(
    private readonly ctx: PoolContext,
    private readonly nodes: MentorBlocks,
    private readonly byMentee: TopK,
    private readonly byMentor: TopK,
  ) {
    this.cells = new BlockCells(ctx.tables.kernel, nodes);
    this.row = new Int32Array(ctx.tables.kernel.mentors.n);
    this.floor = new Float64Array(nodes.size);
    this.cellFloor = new Float64Array(this.cells.from.length);
  }

  /** Offers every allowed pair of every mentee that could enter either side's top list. */
  run(): void {
    for (let i = 0; i < this.ctx.tables.kernel.mentees.n; i++) {
      // A node's least entry floor only rises, so a stale one prunes less but never wrongly.
      if (i % FLOOR_REFRESH === 0) {
        this.nodes.nodeMinima(this.byMentor.floors, this.floor);
        this.cells.cellMinima(this.byMentor.floors, this.cellFloor);
      }
      this.mentee(i);
    }
  }

  private mentee(i: number): void {
    const { ctx, nodes, cells, floor, cellFloor } = this;
    const minScore = ctx.minScore;
    const mine = this.byMentee.floors;
    nodes.select(i);
    cells.select(i);
    const groups = nodes.visitOrder(ctx.tables.kernel.mentees.spec[i]);
    for (let t = 0; t < groups.length; t++) {
      const g = groups[t];
      const ug = nodes.bound(g);
      if (ug < minScore || (ug <= mine[i] && ug <= floor[g])) continue;
      for (let b = nodes.groupBlocks[g]; b < nodes.groupBlocks[g + 1]; b++) {
        const ub = nodes.bound(b);
        if (ub < minScore || (ub <= mine[i] && ub <= floor[b])) continue;
        const k = b - nodes.groups;
        const base = nodes.boundWithoutCountry(b) + cells.meetStageBound(k);
        for (let c = cells.start[k]; c < cells.start[k + 1]; c++) {
          const uc = Math.min(ub, base + cells.countryPoints(c));
          if (uc < minScore || (uc <= mine[i] && uc <= cellFloor[c])) continue;
          this.offer(i, cells.from[c], cells.to[c]);
        }
      }
    }
  }

  /** Scores mentors from … to − 1 and offers the allowed pairs to both sides' top lists. */
  private offer(i: number, from: number, to: number): void {
    const { ctx, row, byMentee, byMentor } = this;
    ctx.tables.scoreRow(i, from, to, row);
    const minScore = ctx.minScore;
    const theirs = byMentor.floors;
    let mine = byMentee.floors[i];
    for (let j = from; j < to; j++) {
      const s = row[j];
      if (s < minScore || (s <= mine && s <= theirs[j]) || !allowedPair(ctx, i, j)) continue;
      if (s > mine) {
        byMentee.offer(i, s, j);
        mine = byMentee.floors[i];
      }
      byMentor.offer(j, s, i);
    }
  }
}

const blockCache = new WeakMap<PoolContext, MentorBlocks>();

/**
 * The scan for large pools: skips, by upper bounds, every group of mentors that cannot matter — under the
 * minimum score, not good enough to enter any top list (TopScan), or unable to have a positive reduced
 * weight at the current prices (PriceScan). Exact: it finds everything the full scan finds.
 */
export const boundedScan: PairScan = {
  topPairs(ctx, byMentee, byMentor) {
    new TopScan(ctx, blocksOf(ctx), byMentee, byMentor).run();
  },
  positiveReduced(ctx, u, v, found, lowered) {
    const nodes = blocksOf(ctx);
    const all = new PriceView(nodes, ctx.tables, v);
    // After a repair, a mentee whose price did not go down needs only the mentors whose price did.
    const some = lowered ? new PriceView(nodes, ctx.tables, v, lowered.mentors) : all;
    const scan = new PriceScan(ctx, nodes, u, found);
    for (let i = 0; i < ctx.tables.kernel.mentees.n; i++) {
      const view = lowered && !lowered.mentees[i] ? some : all;
      if (view.size > 0) scan.mentee(i, view);
    }
  },
};

function blocksOf(ctx: PoolContext): MentorBlocks {
  let nodes = blockCache.get(ctx);
  if (!nodes) blockCache.set(ctx, (nodes = new MentorBlocks(ctx.tables)));
  return nodes;
}
