/**
 * A FIFO async mutex. SQLite transactions run on one connection, so two overlapping `inTenant` calls in this
 * process must not interleave statements; this queues them. (Other processes are kept out by BEGIN IMMEDIATE.)
 */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` once every earlier holder has finished, whether it resolved or threw. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
