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
 * The earliest time (ms since epoch) another message may go to a conversation, given when earlier messages
 * to it were sent (ms since epoch, any order). Computed from the database, so it holds across instances.
 */
export function earliestSendTime(sentTimes: readonly number[], now: number): number {
  const sorted = [...sentTimes].sort((a, b) => b - a);
  let earliest = now;
  for (const { count, windowMs } of CONVERSATION_LIMITS) {
    // The window is full when the count-th most recent send is still inside it; wait until it leaves.
    const oldestInWindow = sorted[count - 1];
    if (oldestInWindow !== undefined && oldestInWindow > now - windowMs) {
      earliest = Math.max(earliest, oldestInWindow + windowMs);
    }
  }
  return earliest;
}
