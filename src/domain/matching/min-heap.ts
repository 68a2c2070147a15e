/**
 * A binary min-heap of (key, node) pairs in typed arrays: the solver pushes millions of entries per run,
 * and objects per entry would dominate its time. Equal keys pop the smaller node first, so runs are
 * deterministic. Stale entries are left in place and skipped by the caller (lazy deletion).
 */
export class MinHeap {
  private keys = new Float64Array(1024);
  private nodes = new Int32Array(1024);
  /** Number of entries. */
  size = 0;

  /** Adds an entry. */
  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const nodes = this.nodes;
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (keys[parent] < key || (keys[parent] === key && nodes[parent] < node)) break;
      keys[at] = keys[parent];
      nodes[at] = nodes[parent];
      at = parent;
    }
    keys[at] = key;
    nodes[at] = node;
  }

  /** The smallest key; only when size > 0. */
  topKey(): number {
    return this.keys[0];
  }

  /** Removes the smallest entry and returns its node; only when size > 0. */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0];
    const n = --this.size;
    const key = keys[n];
    const node = nodes[n];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (
        child + 1 < n &&
        (keys[child + 1] < keys[child] || (keys[child + 1] === keys[child] && nodes[child + 1] < nodes[child]))
      )
        child++;
      if (key < keys[child] || (key === keys[child] && node < nodes[child])) break;
      keys[at] = keys[child];
      nodes[at] = nodes[child];
      at = child;
    }
    keys[at] = key;
    nodes[at] = node;
    return top;
  }

  /** Empties the heap, keeping its storage. */
  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
