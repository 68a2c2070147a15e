import type { MentorBlocks } from './mentor-blocks';
import { RowTable } from './row-table';
import type { Kernel } from './score-kernel';

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
