import type { MentorBlocks } from './mentor-blocks';
import { allowedPair, type PoolContext } from './pool-context';
import type { PriceView } from './price-view';

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
