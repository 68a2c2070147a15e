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

/** However long Teams asks, a whole tenant is paused for at most this long (urgent cards wait behind it). */
const MAX_TENANT_PAUSE_MS = 10 * 60_000;

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
  private readonly loop = new Periodic(
    () => this.runOnce(),
    (e) => this.log(`outbox: dispatch failed: ${(e as Error).message}`),
  );
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
    this.pacing = {
      tenantPerSecond: options.tenantPerSecond ?? DEFAULT_TENANT_PER_SECOND,
      maxWaitMs: options.maxWaitMs ?? 1_000,
    };
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
   * next batch is claimed, so a conversation that waits for its slots never holds back the others. Claims are
   * kept to two batches ahead of the sends, so none lapses unsent; {@link stop} ends it after the sends in
   * flight and puts the rest back at once.
   */
  async runOnce(): Promise<number> {
    const tenants = await this.store.tenants.list();
    const queued: OutboxMessage[][] = [];
    // Conversations queued or being delivered: a later claim for one joins its list, so it keeps its order.
    const open = new Map<string, OutboxMessage[]>();
    let unhandled = 0;
    let turn = 0;
    let refilling = false;
    let wake = () => undefined as void;
    let woken = new Promise<void>((r) => (wake = r));
    const signal = () => {
      wake();
      woken = new Promise<void>((r) => (wake = r));
    };
    const refill = async () => {
      refilling = true;
      try {
        while (queued.length === 0 && tenants.length > 0 && unhandled < 2 * this.batchSize && !this.stopping) {
          const index = turn % tenants.length;
          const tenant = tenants[index];
          let claimed: OutboxMessage[];
          try {
            // Conversations waiting on their own limits first, so a backlog elsewhere cannot starve them.
            const waiting = await this.store.outbox.claimWaiting(
              tenant.id,
              this.clock.now(),
              this.options.owner,
              this.leaseMs,
              this.batchSize,
            );
            const due = await this.store.outbox.claimDue(
              tenant.id,
              this.clock.now(),
              this.options.owner,
              this.leaseMs,
              this.batchSize - waiting.length,
            );
            claimed = [...waiting, ...due];
          } catch (e) {
            this.log(`outbox: could not claim messages of tenant ${tenant.id}: ${(e as Error).message}`);
            tenants.splice(index, 1);
            continue;
          }
          if (claimed.length < this.batchSize) tenants.splice(index, 1);
          else turn++;
          unhandled += claimed.length;
          for (const m of claimed) {
            const list = open.get(m.conversationKey);
            if (list) list.push(m);
            else {
              open.set(m.conversationKey, [m]);
              queued.push(open.get(m.conversationKey)!);
            }
          }
        }
      } finally {
        refilling = false;
        signal();
      }
    };
    let sent = 0;
    const deliverList = async (list: OutboxMessage[]) => {
      const key = list[0].conversationKey;
      let i = 0;
      let holdUntil: number | undefined;
      try {
        for (; i < list.length; i++) {
          if (this.stopping) {
            holdUntil = this.clock.now().getTime();
            break;
          }
          const outcome = await this.deliverOne(list[i]);
          unhandled--;
          if (outcome.sent) sent++;
          if (outcome.holdUntil !== undefined) {
            holdUntil = outcome.holdUntil;
            i++;
            break;
          }
        }
      } catch (e) {
        this.log(`outbox: delivering to ${key} stopped: ${(e as Error).message}`);
        i++;
        unhandled--;
        holdUntil = this.clock.now().getTime() + this.leaseMs;
      } finally {
        // The rest of this chat, including messages a later claim added meanwhile, waits behind the message
        // held back, so the chat still gets them in order. The list closes only once nothing is left in it.
        for (let rest = list.splice(i); rest.length > 0; rest = list.splice(i)) {
          unhandled -= rest.length;
          for (const m of rest) await this.putBack(m, holdUntil ?? this.clock.now().getTime());
        }
        open.delete(key);
        signal();
      }
    };
    const worker = async () => {
      for (;;) {
        const list = queued.shift();
        if (list) await deliverList(list);
        else if (refilling) await woken;
        else if (tenants.length > 0 && !this.stopping && unhandled < 2 * this.batchSize) await refill();
        else if (tenants.length === 0 || this.stopping) return;
        else await woken;
      }
    };
    await Promise.allSettled(Array.from({ length: this.concurrency }, worker));
    return sent;
  }

  /** Runs until {@link stop}, every `intervalMs`, never overlapping itself. */
  start(intervalMs: number): void {
    this.stopping = false;
    this.loop.start(intervalMs);
  }

  /** Stops after the sends in flight; claimed messages not yet sent are put back for the next instance. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
  }

  private stopping = false;

  /**
   * Sends one claimed message. `holdUntil` says the message was not sent and will not be before then (paced,
   * retried, or its claim lost), so the rest of its chat must wait too.
   */
  private async deliverOne(m: OutboxMessage): Promise<{ sent: boolean; holdUntil?: number }> {
    const owner = this.options.owner;
    let reference: unknown;
    let slot: Awaited<ReturnType<Store['outbox']['reserve']>>;
    try {
      reference = await this.store.inTenant(m.tenantId, (tx) => tx.conversations.get(m.conversationKey));
      if (!reference) {
        // The person has not opened the app yet, so there is no chat to post into; they may do so soon.
        return this.fail(
          m,
          new DeliveryFailure(
            `no conversation with ${m.conversationKey} yet (the app is not installed for them)`,
            true,
          ),
        );
      }
      // The time is read inside the reservation, after its lock, so a wait for the lock cannot move the slot.
      slot = await this.store.outbox.reserve(
        m.tenantId,
        m,
        owner,
        () => this.clock.now(),
        this.leaseMs,
        (state, now) => planSend(state, now, this.pacing),
      );
    } catch (e) {
      // The database failed, not the message: it is tried again when its claim lapses.
      this.log(
        `outbox: ${m.view} to ${m.conversationKey} not tried (database: ${(e as Error).message}); it will be retried`,
      );
      return { sent: false, holdUntil: this.clock.now().getTime() + this.leaseMs };
    }
    if (slot.kind === 'lost') {
      this.log(`outbox: ${m.view} to ${m.conversationKey} skipped: the claim lapsed, another instance may send it`);
      return { sent: false, holdUntil: this.clock.now().getTime() };
    }
    if (slot.kind === 'deferred') return { sent: false, holdUntil: slot.until };
    const wait = slot.at - this.clock.now().getTime();
    if (wait > 0) await this.sleep(wait);
    let activityId: string | undefined;
    try {
      ({ activityId } = await this.deliverer.deliver(m, reference));
    } catch (e) {
      // Only the deliverer knows a message can never be delivered (a DeliveryFailure that is not retryable);
      // anything else, such as a database read while rendering, is worth another try.
      return this.fail(
        m,
        e instanceof DeliveryFailure
          ? e
          : new DeliveryFailure(`not delivered: ${(e as Error)?.message ?? String(e)}`, true),
      );
    }
    // Sent: from here the message is never marked dead. Recording it is retried; if that keeps failing, the
    // claim lapses and the message may be sent once more, which is better than losing its card's id.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.outbox.markSent(m.tenantId, m.id, owner, this.clock.now(), activityId);
        return { sent: true };
      } catch (e) {
        if (attempt >= 3) {
          this.log(
            `outbox: ${m.view} to ${m.conversationKey} was sent but could not be recorded: ${(e as Error).message}`,
          );
          return { sent: true };
        }
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  /** Puts a claimed message back, unsent and without counting an attempt, until `at`. */
  private async putBack(m: OutboxMessage, at: number): Promise<void> {
    try {
      await this.store.outbox.release(m.tenantId, m.id, this.options.owner, new Date(at));
    } catch (e) {
      this.log(`outbox: could not put back ${m.id} (its claim lapses instead): ${(e as Error).message}`);
    }
  }

  private async fail(m: OutboxMessage, failure: DeliveryFailure): Promise<{ sent: false; holdUntil?: number }> {
    const now = this.clock.now().getTime();
    const giveUp = !failure.retryable || m.attempts >= MAX_ATTEMPTS;
    const delay = nextAttemptDelayMs(m.attempts, failure.retryAfterMs, this.random());
    if (failure.status === 429) await this.pauseAfterThrottle(m, new Date(now + delay));
    this.log(
      `outbox: ${m.view} to ${m.conversationKey} ${giveUp ? 'dead' : 'retry'} after attempt ${m.attempts}: ${failure.message}`,
    );
    try {
      await this.store.outbox.markFailed(
        m.tenantId,
        m.id,
        this.options.owner,
        failure.message,
        giveUp ? undefined : new Date(now + delay),
      );
    } catch (e) {
      // The claim lapses by itself and the message is tried again; nothing is lost.
      this.log(`outbox: could not record the failure of ${m.id}: ${(e as Error).message}`);
    }
    // A dead message holds nothing back; a retried one holds its chat until its retry.
    return giveUp ? { sent: false } : { sent: false, holdUntil: now + delay };
  }

  /** A 429 pauses the conversation it was about, or the whole tenant when the conversation was quiet. */
  private async pauseAfterThrottle(m: OutboxMessage, until: Date): Promise<void> {
    try {
      const now = this.clock.now();
      const recent = await this.store.outbox.slots(
        m.tenantId,
        m.conversationKey,
        new Date(now.getTime() - LONGEST_WINDOW_MS),
      );
      const scope = throttleScope(recent, now.getTime());
      if (scope === 'tenant') until = new Date(Math.min(until.getTime(), now.getTime() + MAX_TENANT_PAUSE_MS));
      await this.store.outbox.pause(m.tenantId, scope === 'tenant' ? TENANT_PACING_KEY : m.conversationKey, until);
      this.log(
        `outbox: 429 from Teams: ${scope === 'tenant' ? 'all chats of the tenant' : m.conversationKey} paused until ${until.toISOString()}`,
      );
    } catch (e) {
      this.log(`outbox: could not record a pause after 429: ${(e as Error).message}`);
    }
  }
}
