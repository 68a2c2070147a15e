/**
 * Durable outgoing messages (SPEC §6): written in the same transaction as the state change, delivered
 * afterwards by the dispatcher. Messages name a view (a card template) and its data, so the Teams adapter
 * renders them and the use cases stay free of Teams types.
 */
export type OutboxStatus = 'pending' | 'sent' | 'dead';

/** What a use case asks to be delivered. */
export interface NewOutboxMessage {
  /** Unique per tenant: enqueueing the same key twice is a no-op, so a retried use case sends once. */
  dedupeKey: string;
  /** Where it goes: `user:<personId>` for a personal chat, `channel:<conversationId>` for a channel. */
  conversationKey: string;
  /** `send` posts a new message; `update` replaces the message `activityId`. */
  kind: 'send' | 'update';
  activityId?: string;
  /** When set, the id of the message a send creates is recorded as a copy of this record's card. */
  subjectType?: string;
  subjectId?: string;
  /** Card view name and its data model. */
  view: string;
  data: unknown;
}

/** An outbox row as stored. */
export interface OutboxMessage extends NewOutboxMessage {
  tenantId: string;
  id: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt?: string;
  lastError?: string;
}

/** After this many failed attempts a message is marked dead (and logged) rather than retried forever. */
export const MAX_ATTEMPTS = 8;

/**
 * When to try again after `attempts` failures: exponential back-off from 2 s, capped at 10 minutes, never
 * sooner than the server's Retry-After. `jitter` in [0,1) spreads retries from several instances.
 */
export function nextAttemptDelayMs(attempts: number, retryAfterMs: number | undefined, jitter: number): number {
  const exponential = Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 600_000);
  const spread = exponential * (0.75 + 0.5 * jitter);
  return Math.max(Math.round(spread), retryAfterMs ?? 0);
}

/** Teams' documented per-conversation limits for bots: at most `count` messages in any `windowMs`. */
export const CONVERSATION_LIMITS: readonly { count: number; windowMs: number }[] = [
  { count: 7, windowMs: 1_000 },
  { count: 8, windowMs: 2_000 },
  { count: 60, windowMs: 30_000 },
  { count: 1_800, windowMs: 3_600_000 },
];

/**
 * Send slots are spaced by the limits plus this margin, so network jitter between the dispatcher and Teams
 * cannot squeeze two slots into one window as Teams counts it.
 */
export const PACING_MARGIN_MS = 250;

/**
 * The earliest time (ms since epoch), not before `now`, at which one more message fits the `limits`, given
 * the times (ms since epoch, any order) of earlier slots, all at or before the result.
 */
export function earliestSendTime(
  sentTimes: readonly number[],
  now: number,
  limits: readonly { count: number; windowMs: number }[] = CONVERSATION_LIMITS,
): number {
  const sorted = [...sentTimes].sort((a, b) => b - a);
  let earliest = now;
  for (const { count, windowMs } of limits) {
    // The window is full when the count-th most recent send is still inside it; wait until it leaves.
    const oldestInWindow = sorted[count - 1];
    if (oldestInWindow !== undefined && oldestInWindow > now - windowMs) {
      earliest = Math.max(earliest, oldestInWindow + windowMs);
    }
  }
  return earliest;
}

/** The pacing key that stands for the tenant as a whole (conversation keys always contain a colon). */
export const TENANT_PACING_KEY = '*';

/** How far back slots matter: the longest of Teams' windows. */
export const LONGEST_WINDOW_MS = Math.max(...CONVERSATION_LIMITS.map((l) => l.windowMs));

/** What the dispatcher knows about one conversation and its tenant when it asks for a send slot. */
export interface PacingState {
  /** Slots reserved for the conversation in the last hour (ms since epoch; may lie slightly in the future). */
  conversationSlots: readonly number[];
  /** Slots reserved for any conversation of the tenant in the last few seconds. */
  tenantSlots: readonly number[];
  conversationPausedUntil?: number;
  tenantPausedUntil?: number;
}

/** The dispatcher's pacing settings. */
export interface PacingPolicy {
  /** Messages per second for the whole tenant (Teams allows 50 per app per tenant; keep below it). */
  tenantPerSecond: number;
  /** A slot further away than this is not held: the message is put back until then. */
  maxWaitMs: number;
}

/**
 * The tenant-wide limits for a rate: `perSecond` in any second (the configured rate sits well below Teams'
 * 50, so no margin is added), spread as a tenth of it in any 100 ms so a backlog does not leave in one burst.
 */
export function tenantLimits(perSecond: number): { count: number; windowMs: number }[] {
  return [
    { count: perSecond, windowMs: 1_000 },
    { count: Math.ceil(perSecond / 10), windowMs: 100 },
  ];
}

/**
 * Send at `at` (a slot is reserved), or put the message back until `deferTo` (nothing reserved); `waiting`
 * when the conversation's own limits or pause are why, rather than the tenant's.
 */
export type SendPlan = { at: number } | { deferTo: number; waiting: boolean };

/**
 * Chooses the next send slot for a message (SPEC §6, Teams' rate limits). Slots are handed out in order per
 * conversation and per tenant, so a slot never lands inside a window that later slots already fill; a pause
 * after a 429 moves it past the pause.
 */
export function planSend(state: PacingState, now: number, policy: PacingPolicy): SendPlan {
  const padded = CONVERSATION_LIMITS.map((l) => ({ count: l.count, windowMs: l.windowMs + PACING_MARGIN_MS }));
  // When the conversation alone would allow it, and then when the tenant also does.
  const conversationReady = earliestSendTime(
    state.conversationSlots,
    Math.max(now, state.conversationPausedUntil ?? 0, ...state.conversationSlots),
    padded,
  );
  const at = earliestSendTime(
    state.tenantSlots,
    Math.max(conversationReady, state.tenantPausedUntil ?? 0, ...state.tenantSlots),
    tenantLimits(policy.tenantPerSecond),
  );
  if (at - now <= policy.maxWaitMs) return { at };
  return { deferTo: at, waiting: conversationReady - now > policy.maxWaitMs };
}

/**
 * Whom a 429 is about. Teams does not say, so it is read from our own slots: a conversation that was using at
 * least half of one of its limits just before the send is the likely cause (pause that conversation); a
 * quiet conversation cannot have tripped its own limit, so the tenant-wide limit did (pause the tenant).
 */
export function throttleScope(conversationSlots: readonly number[], at: number): 'conversation' | 'tenant' {
  const busy = CONVERSATION_LIMITS.some(({ count, windowMs }) => {
    const used = conversationSlots.filter((t) => t <= at && t > at - windowMs).length;
    return used >= Math.ceil(count / 2);
  });
  return busy ? 'conversation' : 'tenant';
}

/**
 * A Retry-After header as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; a date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at) || !/[a-z]/i.test(v)) return undefined;
  return Math.max(0, at - now);
}
