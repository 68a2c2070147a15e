import {
  LONGEST_WINDOW_MS,
  MAX_ATTEMPTS,
  nextAttemptDelayMs,
  planSend,
  TENANT_PACING_KEY,
  throttleScope,
  type OutboxMessage,
  type PacingPolicy,
} from '../domain/outbox';
import { Periodic } from './periodic';
import type { Clock, Store } from './ports';

/** A delivery that did not happen; `retryable` for 429, 5xx, timeouts and network failures. */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    /** The HTTP status Teams answered with; undefined when there was no answer (network, timeout). */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

/** Turns an outbox message into a real message (the Teams adapter implements it). */
export interface Deliverer {
  /**
   * Delivers `message` into the conversation `reference`; returns the id of a newly sent message. Every
   * failure must reject (a {@link DeliveryFailure} says whether it is worth retrying), never resolve.
   */
  deliver(message: OutboxMessage, reference: unknown): Promise<{ activityId?: string }>;
  /** The longest a delivery may take before it is abandoned as a timeout (the lease must outlast it). */
  readonly timeoutMs: number;
}

export interface DispatcherOptions {
  /** Unique per process: claims are taken in this name. */
  owner: string;
  /** How long a claim lasts; renewed before each send, and longer than a slot wait plus a delivery. */
  leaseMs?: number;
  /** Messages claimed at a time per tenant. */
  batchSize?: number;
  /** Conversations delivered to at once (each conversation's messages go one after another, in order). */
  concurrency?: number;
  /** Messages per second per tenant, across instances (Teams allows 50 per app per tenant). */
  tenantPerSecond?: number;
  /** A send slot further away than this is not waited for: the message is put back until then. */
  maxWaitMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/** 30 messages a second: the safe reading of Teams' documented per-tenant limit. */
export const DEFAULT_TENANT_PER_SECOND = 30;

/**
 * Delivers the outbox (SPEC §6). Claims due messages (exclusive across instances sharing the database),
 * reserves a send slot for each in the database before sending (so every instance together keeps Teams'
 * per-conversation and per-tenant limits), sends only while its claim is live, retries 429/5xx/timeouts with
 * back-off honouring Retry-After, pauses a conversation or the tenant after a 429, and marks messages that
 * can never be delivered dead, with the reason.
 */
export class OutboxDispatcher {
  private readonly loop = new Periodic(() => this.runOnce(), (e) => this.log(`outbox: dispatch failed: ${(e as Error).message}`));
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly pacing: PacingPolicy;
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
    this.batchSize = options.batchSize ?? 50;
    this.concurrency = options.concurrency ?? 8;
    this.pacing = { tenantPerSecond: options.tenantPerSecond ?? DEFAULT_TENANT_PER_SECOND, maxWaitMs: options.maxWaitMs ?? 1_000 };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.log = options.log ?? (() => undefined);
    // A send must finish inside the claim that allowed it, or a second instance could send it again.
    if (this.leaseMs < 2 * (this.pacing.maxWaitMs + deliverer.timeoutMs)) {
      throw new Error(`outbox lease (${this.leaseMs} ms) must be at least twice a slot wait plus a delivery timeout`);
    }
  }

  /**
   * Delivers everything due now, across tenants (a batch per tenant in turn); returns how many were sent.
   * `concurrency` workers take one conversation each, its messages in order; whenever the work runs out, the
   * next batch is claimed, so a conversation that waits for its slots never holds back the others.
   */
  async runOnce(): Promise<number> {
    const tenants = await this.store.tenants.list();
    const queued: OutboxMessage[][] = [];
    // Conversations queued or being delivered: a later claim for one joins its list, so it keeps its order.
    const open = new Map<string, OutboxMessage[]>();
    let turn = 0;
    let refilling: Promise<void> | undefined;
    const refill = async () => {
      while (queued.length === 0 && tenants.length > 0) {
        const tenant = tenants[turn % tenants.length];
        // Conversations waiting on their own limits first, so a backlog elsewhere cannot starve them.
        const waiting = await this.store.outbox.claimWaiting(tenant.id, this.clock.now(), this.options.owner, this.leaseMs, this.batchSize);
        const due = await this.store.outbox.claimDue(tenant.id, this.clock.now(), this.options.owner, this.leaseMs, this.batchSize - waiting.length);
        const claimed = [...waiting, ...due];
        if (claimed.length < this.batchSize) tenants.splice(turn % tenants.length, 1);
        else turn++;
        for (const m of claimed) {
          const list = open.get(m.conversationKey);
          if (list) list.push(m);
          else {
            open.set(m.conversationKey, [m]);
            queued.push(open.get(m.conversationKey)!);
          }
        }
      }
    };
    let sent = 0;
    const worker = async () => {
      for (;;) {
        if (queued.length === 0) await (refilling ??= refill().finally(() => (refilling = undefined)));
        const list = queued.shift();
        if (!list) return;
        for (let i = 0; i < list.length; i++) if (await this.deliverOne(list[i])) sent++;
        open.delete(list[0].conversationKey);
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
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
    try {
      const reference = await this.store.inTenant(m.tenantId, (tx) => tx.conversations.get(m.conversationKey));
      if (!reference) {
        // The person has not opened the app yet, so there is no chat to post into; they may do so soon.
        return await this.fail(m, new DeliveryFailure(`no conversation with ${m.conversationKey} yet (the app is not installed for them)`, true));
      }
      const now = this.clock.now().getTime();
      const slot = await this.store.outbox.reserve(m.tenantId, m, owner, new Date(now), this.leaseMs, (state) => planSend(state, now, this.pacing));
      if (slot.kind === 'lost') {
        this.log(`outbox: ${m.view} to ${m.conversationKey} skipped: the claim lapsed, another instance may send it`);
        return false;
      }
      if (slot.kind === 'deferred') return false;
      const wait = slot.at - this.clock.now().getTime();
      if (wait > 0) await this.sleep(wait);
      const { activityId } = await this.deliverer.deliver(m, reference);
      await this.store.outbox.markSent(m.tenantId, m.id, owner, this.clock.now(), activityId);
      return true;
    } catch (e) {
      const failure = e instanceof DeliveryFailure ? e : new DeliveryFailure(`cannot be delivered: ${(e as Error)?.message ?? String(e)}`, false);
      return this.fail(m, failure);
    }
  }

  private async fail(m: OutboxMessage, failure: DeliveryFailure): Promise<false> {
    const now = this.clock.now().getTime();
    const giveUp = !failure.retryable || m.attempts >= MAX_ATTEMPTS;
    const delay = nextAttemptDelayMs(m.attempts, failure.retryAfterMs, this.random());
    if (failure.status === 429) await this.pauseAfterThrottle(m, new Date(now + delay));
    this.log(`outbox: ${m.view} to ${m.conversationKey} ${giveUp ? 'dead' : 'retry'} after attempt ${m.attempts}: ${failure.message}`);
    try {
      await this.store.outbox.markFailed(m.tenantId, m.id, this.options.owner, failure.message, giveUp ? undefined : new Date(now + delay));
    } catch (e) {
      // The claim lapses by itself and the message is tried again; nothing is lost.
      this.log(`outbox: could not record the failure of ${m.id}: ${(e as Error).message}`);
    }
    return false;
  }

  /** A 429 pauses the conversation it was about, or the whole tenant when the conversation was quiet. */
  private async pauseAfterThrottle(m: OutboxMessage, until: Date): Promise<void> {
    try {
      const now = this.clock.now();
      const recent = await this.store.outbox.slots(m.tenantId, m.conversationKey, new Date(now.getTime() - LONGEST_WINDOW_MS));
      const scope = throttleScope(recent, now.getTime());
      await this.store.outbox.pause(m.tenantId, scope === 'tenant' ? TENANT_PACING_KEY : m.conversationKey, until);
      this.log(`outbox: 429 from Teams: ${scope === 'tenant' ? 'all chats of the tenant' : m.conversationKey} paused until ${until.toISOString()}`);
    } catch (e) {
      this.log(`outbox: could not record a pause after 429: ${(e as Error).message}`);
    }
  }
}
