import type { PairScan } from './candidates';
import { MentorBlocks } from './mentor-blocks';
import type { PoolContext } from './pool-context';
import { PriceScan } from './price-scan';
import { PriceView } from './price-view';
import { TopScan } from './top-scan';

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
