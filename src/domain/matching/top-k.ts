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
