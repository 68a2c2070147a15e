import { BlockCells } from './block-cells';
import type { MentorBlocks } from './mentor-blocks';
import { allowedPair, type PoolContext } from './pool-context';
import type { TopK } from './top-k';

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
