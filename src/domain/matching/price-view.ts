import type { MentorBlocks } from './mentor-blocks';
import { TERMS, type PairTables } from './pair-tables';

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
