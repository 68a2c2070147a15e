/**
 * Runs background work every `intervalMs` until stopped, never overlapping itself; a failed run is logged
 * and the next one still happens. Shared by the outbox dispatcher and the job runner.
 */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly onError: (e: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    const tick = async () => {
      this.running = this.work().catch(this.onError);
      await this.running;
      if (this.timer) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops scheduling and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
