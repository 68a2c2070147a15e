import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CONVERSATION_LIMITS,
  earliestSendTime,
  nextAttemptDelayMs,
  PACING_MARGIN_MS,
  parseRetryAfter,
  planSend,
  tenantLimits,
  throttleScope,
} from '../../src/domain/outbox';
import { toDeliveryFailure } from '../../src/teams/messenger';

/** True when no window of any of `limits` (Teams' per-conversation ones by default) holds more sends than allowed. */
function withinLimits(
  times: number[],
  limits: readonly { count: number; windowMs: number }[] = CONVERSATION_LIMITS,
): boolean {
  const sorted = [...times].sort((a, b) => a - b);
  return limits.every(({ count, windowMs }) =>
    // The busiest window of any length starts at some send, so checking windows starting at sends suffices.
    sorted.every((t) => sorted.filter((u) => u >= t && u < t + windowMs).length <= count),
  );
}

describe('outbox pacing (Teams per-conversation limits)', () => {
  it('lets the first seven messages in a second go at once and holds the eighth', () => {
    const now = 1_000_000;
    const sent: number[] = [];
    for (let i = 0; i < 7; i++) {
      assert.equal(earliestSendTime(sent, now), now);
      sent.push(now);
    }
    assert.equal(earliestSendTime(sent, now), now + 1_000);
  });

  it('holds the ninth message in two seconds even when spread over the first second', () => {
    const now = 5_000_000;
    const sent = [
      now - 1_900,
      now - 1_800,
      now - 1_700,
      now - 1_600,
      now - 1_500,
      now - 1_400,
      now - 1_300,
      now - 1_200,
    ];
    assert.equal(earliestSendTime(sent, now), now - 1_900 + 2_000);
  });

  it('sending greedily at the earliest allowed time never breaks any limit (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 150 }), (arrivals) => {
        const sent: number[] = [];
        let clock = 0;
        for (const arrival of [...arrivals].sort((a, b) => a - b)) {
          clock = Math.max(clock, arrival);
          clock = earliestSendTime(sent, clock);
          sent.push(clock);
        }
        return withinLimits(sent);
      }),
      { numRuns: 200 },
    );
  });

  it('never delays a message that no limit would stop (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 5 }),
        fc.integer({ min: 3_600_000, max: 7_200_000 }),
        (past, now) => {
          // At most five earlier sends: fewer than the smallest limit (7), so nothing waits.
          return earliestSendTime(past, now) === now;
        },
      ),
    );
  });
});

describe('outbox retry back-off', () => {
  it('grows exponentially from about 2 s and is capped at 10 minutes', () => {
    assert.equal(nextAttemptDelayMs(1, undefined, 0.5), 2_000);
    assert.equal(nextAttemptDelayMs(2, undefined, 0.5), 4_000);
    assert.equal(nextAttemptDelayMs(3, undefined, 0.5), 8_000);
    assert.equal(nextAttemptDelayMs(30, undefined, 0.5), 600_000);
  });

  it("never retries before the server's Retry-After", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (attempts, retryAfter, jitter) => {
          return nextAttemptDelayMs(attempts, retryAfter, jitter) >= retryAfter;
        },
      ),
    );
  });

  it('spreads retries of several instances by jitter within ±25%', () => {
    const low = nextAttemptDelayMs(4, undefined, 0);
    const high = nextAttemptDelayMs(4, undefined, 0.999);
    assert.ok(low >= 16_000 * 0.75 && high <= 16_000 * 1.25 && high > low);
  });
});

describe('send slots across conversations and the tenant (planSend)', () => {
  const policy = { tenantPerSecond: 30, maxWaitMs: 1_000 };

  it('reserves now when nothing stands in the way, and defers a slot further away than the longest wait', () => {
    const now = 10_000_000;
    assert.deepEqual(planSend({ conversationSlots: [], tenantSlots: [] }, now, policy), { at: now });
    const seven = Array.from({ length: 7 }, () => now);
    assert.deepEqual(planSend({ conversationSlots: seven, tenantSlots: seven }, now, policy), {
      deferTo: now + 1_000 + PACING_MARGIN_MS,
      waiting: true,
    });
    assert.deepEqual(
      planSend({ conversationSlots: [], tenantSlots: [], conversationPausedUntil: now + 500 }, now, policy),
      { at: now + 500 },
    );
    assert.deepEqual(
      planSend({ conversationSlots: [], tenantSlots: [], tenantPausedUntil: now + 30_000 }, now, policy),
      { deferTo: now + 30_000, waiting: false },
    );
    const busyTenant = Array.from({ length: 30 }, () => now + 200);
    assert.deepEqual(
      planSend({ conversationSlots: [], tenantSlots: busyTenant }, now, policy),
      { deferTo: now + 1_200, waiting: false },
      'the tenant, not the chat, is full',
    );
  });

  it('slots handed out to many conversations keep every conversation and the tenant within limits, in order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ chat: fc.integer({ min: 0, max: 3 }), arrival: fc.integer({ min: 0, max: 20_000 }) }), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 50 }),
        (requests, perSecond) => {
          const slots = new Map<number, number[]>();
          const tenant: number[] = [];
          // A deferred message asks again at its deferral time, as the dispatcher does.
          const queue = [...requests].sort((a, b) => a.arrival - b.arrival).map((r) => ({ ...r, at: r.arrival }));
          for (let guard = 0; queue.length > 0 && guard < 100_000; guard++) {
            queue.sort((a, b) => a.at - b.at);
            const next = queue.shift()!;
            const mine = slots.get(next.chat) ?? [];
            const plan = planSend({ conversationSlots: mine, tenantSlots: tenant }, next.at, {
              tenantPerSecond: perSecond,
              maxWaitMs: 1_000,
            });
            if ('deferTo' in plan) {
              if (plan.deferTo - next.at <= 1_000) return false;
              queue.push({ ...next, at: plan.deferTo });
              continue;
            }
            if (plan.at < next.at || plan.at - next.at > 1_000 || plan.at < Math.max(0, ...mine)) return false;
            slots.set(next.chat, [...mine, plan.at]);
            tenant.push(plan.at);
          }
          const padded = CONVERSATION_LIMITS.map((l) => ({ count: l.count, windowMs: l.windowMs + PACING_MARGIN_MS }));
          return (
            queue.length === 0 &&
            [...slots.values()].every((t) => withinLimits(t, padded)) &&
            withinLimits(tenant, tenantLimits(perSecond))
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('after a 429 (throttleScope)', () => {
  const at = 50_000_000;
  it('blames a busy conversation, and the tenant when the conversation was quiet', () => {
    assert.equal(throttleScope([at], at), 'tenant');
    assert.equal(throttleScope([at - 5_000, at - 3_000, at], at), 'tenant');
    assert.equal(
      throttleScope([at - 300, at - 200, at - 100, at], at),
      'conversation',
      'four in a second: half of seven',
    );
    assert.equal(
      throttleScope(
        Array.from({ length: 30 }, (_, i) => at - i * 900),
        at,
      ),
      'conversation',
      'half of sixty in thirty seconds',
    );
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2027-03-01T10:00:00Z');
  it('reads delay-seconds and HTTP dates; anything else is no hint', () => {
    assert.equal(parseRetryAfter('30', now), 30_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Mon, 01 Mar 2027 10:02:00 GMT', now), 120_000);
    assert.equal(parseRetryAfter('Mon, 01 Mar 2027 09:00:00 GMT', now), 0, 'a date in the past: now');
    for (const bad of [undefined, '', 'soon', '-5', '1.5', '2027-03-01'])
      assert.equal(parseRetryAfter(bad, now), undefined, String(bad));
  });
});

describe('connector failures (toDeliveryFailure)', () => {
  const restError = (status: number, retryAfter?: string) =>
    Object.assign(new Error(`status ${status}`), {
      statusCode: status,
      response: { status, headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
    });
  it('retries 429, 408, 412 and 5xx and failures without an answer; any other 4xx is final, with its reason', () => {
    for (const s of [429, 408, 412, 500, 502, 503, 504])
      assert.equal(toDeliveryFailure(restError(s)).retryable, true, String(s));
    for (const s of [400, 401, 403, 404, 413])
      assert.equal(toDeliveryFailure(restError(s)).retryable, false, String(s));
    assert.equal(
      toDeliveryFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).retryable,
      true,
    );
    assert.match(
      toDeliveryFailure(restError(403)).message,
      /not installed for this person, or they have blocked it \(403\)/,
    );
    assert.equal(toDeliveryFailure(restError(429, '7')).retryAfterMs, 7_000);
    assert.equal(
      toDeliveryFailure(restError(503, new Date(Date.now() + 60_000).toUTCString())).retryAfterMs! > 55_000,
      true,
    );
    assert.equal(toDeliveryFailure(restError(429)).status, 429);
  });
});
