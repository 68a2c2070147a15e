import type { PairTables } from './pair-tables';
import { RowTable } from './row-table';

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
