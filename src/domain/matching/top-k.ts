/**
 * For each of n owners, the k best (score, item) offers seen, best first. On equal scores the offer
 * made first stays ahead, and callers offer items in index order, so the result is deterministic.
 */
export class TopK {
  readonly scores: Int32Array;
  readonly items: Int32Array;
  readonly counts: Int32Array;

  constructor(readonly n: number, readonly k: number) {
    this.scores = new Int32Array(n * k);
    this.items = new Int32Array(n * k);
    this.counts = new Int32Array(n);
  }

  /** The score an offer to `owner` must beat to enter, −1 while there is room. */
  floor(owner: number): number {
    return this.counts[owner] < this.k ? -1 : this.scores[owner * this.k + this.k - 1];
  }

  /** Offers `item` with `score` (≥ 0) to `owner`. */
  offer(owner: number, score: number, item: number): void {
    const k = this.k;
    const base = owner * k;
    let at = this.counts[owner];
    if (at === k) {
      if (score <= this.scores[base + k - 1]) return;
      at = k - 1;
    } else {
      this.counts[owner]++;
    }
    while (at > 0 && this.scores[base + at - 1] < score) {
      this.scores[base + at] = this.scores[base + at - 1];
      this.items[base + at] = this.items[base + at - 1];
      at--;
    }
    this.scores[base + at] = score;
    this.items[base + at] = item;
  }
}
