/** Entries a table may hold in full; past this, only the row in use is kept (and refilled on change). */
export const MAX_TABLE_ENTRIES = 1 << 21;

/**
 * A (mentee class × column) table living in a slice of a shared Int32Array, filled row by row on first
 * use. Real pools have few classes per side, so the whole table fits; an unusual pool with thousands of
 * classes on both sides gets one scratch row instead, refilled whenever the class changes, which costs
 * no more than scoring the row directly.
 */
export class RowTable {
  private readonly filled: Uint8Array | undefined;
  private last = -1;

  /** `fill(c, out, offset)` writes row `c` into out[offset … offset + columns − 1]. */
  constructor(
    private readonly store: { values: Int32Array },
    /** Where this table starts in the shared array. */
    readonly base: number,
    readonly columns: number,
    rows: number,
    private readonly fill: (row: number, out: Int32Array, offset: number) => void,
  ) {
    this.filled = RowTable.fits(rows, columns) ? new Uint8Array(rows) : undefined;
  }

  /** Entries the table takes in the shared array. */
  static size(rows: number, columns: number): number {
    return RowTable.fits(rows, columns) ? rows * columns : columns;
  }

  private static fits(rows: number, columns: number): boolean {
    return rows * columns <= MAX_TABLE_ENTRIES;
  }

  /** Offset of row `c` in the shared array, after filling it when needed. */
  row(c: number): number {
    if (this.filled) {
      const offset = this.base + c * this.columns;
      if (!this.filled[c]) {
        this.fill(c, this.store.values, offset);
        this.filled[c] = 1;
      }
      return offset;
    }
    if (c !== this.last) {
      this.fill(c, this.store.values, this.base);
      this.last = c;
    }
    return this.base;
  }
}
