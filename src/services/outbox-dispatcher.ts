import { earliestSendTime, MAX_ATTEMPTS, nextAttemptDelayMs, type OutboxMessage } from '../domain/outbox';
import { Periodic } from './periodic';
import type { Clock, Store } from './ports';

/** A delivery that did not happen; `retryable` for 429, 5xx and network failures. */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

/** Turns an outbox message into a real message (the Teams adapter implements it). */
export interface Deliverer {
  /** Delivers `message` into the conversation `reference`; returns the id of a newly sent message. */
  deliver(message: OutboxMessage, reference: unknown): Promise<{ activityId?: string }>;
}

export interface DispatcherOptions {
  /** Unique per process: claims are taken in this name. */
  owner: string;
  leaseMs?: number;
  batchSize?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/**
 * Delivers the outbox (SPEC §6): claims due messages (exclusive across instances sharing the database),
 * paces each conversation within Teams' limits using send times from the database, retries 429/5xx with
 * back-off, and marks messages that can never be delivered dead, with the reason.
 */
export class OutboxDispatcher {
  private readonly loop = new Periodic(() => this.runOnce(), (e) => this.log(`outbox: dispatch failed: ${(e as Error).message}`));
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: Store,
    private readonly deliverer: Deliverer,
    private readonly clock: Clock,
    private readonly options: DispatcherOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 20;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.log = options.log ?? (() => undefined);
  }

  /** Delivers everything due now, across tenants; returns how many messages were sent. */
  async runOnce(): Promise<number> {
    let sent = 0;
    for (const tenant of await this.store.tenants.list()) {
      const claimed = await this.store.outbox.claimDue(tenant.id, this.clock.now(), this.options.owner, this.leaseMs, this.batchSize);
      for (const message of claimed) if (await this.deliverOne(message)) sent++;
    }
    return sent;
  }

  /** Runs until {@link stop}, every `intervalMs`, never overlapping itself. */
  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async deliverOne(m: OutboxMessage): Promise<boolean> {
    const owner = this.options.owner;
    const reference = await this.store.inTenant(m.tenantId, (tx) => tx.conversations.get(m.conversationKey));
    if (!reference) {
      // The person has not installed the app yet (Teams would answer 403); they may do so soon.
      return this.fail(m, new DeliveryFailure(`no conversation reference for ${m.conversationKey}`, true));
    }
    const now = this.clock.now().getTime();
    const times = await this.store.outbox.sentTimes(m.tenantId, m.conversationKey, new Date(now - 3_600_000));
    const wait = earliestSendTime(times, now) - now;
    if (wait > this.leaseMs / 2) {
      await this.store.outbox.markFailed(m.tenantId, m.id, owner, 'paced: conversation rate limit', new Date(now + wait));
      return false;
    }
    if (wait > 0) await this.sleep(wait);
    try {
      const { activityId } = await this.deliverer.deliver(m, reference);
      await this.store.outbox.markSent(m.tenantId, m.id, owner, this.clock.now(), activityId);
      return true;
    } catch (e) {
      const failure = e instanceof DeliveryFailure ? e : new DeliveryFailure((e as Error).message ?? String(e), false);
      return this.fail(m, failure);
    }
  }

  private async fail(m: OutboxMessage, failure: DeliveryFailure): Promise<false> {
    const giveUp = !failure.retryable || m.attempts >= MAX_ATTEMPTS;
    const retryAt = giveUp ? undefined : new Date(this.clock.now().getTime() + nextAttemptDelayMs(m.attempts, failure.retryAfterMs, this.random()));
    this.log(`outbox: ${m.view} to ${m.conversationKey} ${giveUp ? 'dead' : 'retry'} after attempt ${m.attempts}: ${failure.message}`);
    await this.store.outbox.markFailed(m.tenantId, m.id, this.options.owner, failure.message, retryAt);
    return false;
  }
}
