import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CONVERSATION_LIMITS, earliestSendTime, nextAttemptDelayMs } from '../../src/domain/outbox';

/** True when no window of any Teams limit holds more sends than allowed. */
function withinLimits(times: number[]): boolean {
  const sorted = [...times].sort((a, b) => a - b);
  return CONVERSATION_LIMITS.every(({ count, windowMs }) =>
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
    const sent = [now - 1_900, now - 1_800, now - 1_700, now - 1_600, now - 1_500, now - 1_400, now - 1_300, now - 1_200];
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
      fc.property(fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 5 }), fc.integer({ min: 3_600_000, max: 7_200_000 }), (past, now) => {
        // At most five earlier sends: fewer than the smallest limit (7), so nothing waits.
        return earliestSendTime(past, now) === now;
      }),
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
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 3_600_000 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (attempts, retryAfter, jitter) => {
        return nextAttemptDelayMs(attempts, retryAfter, jitter) >= retryAfter;
      }),
    );
  });

  it('spreads retries of several instances by jitter within ±25%', () => {
    const low = nextAttemptDelayMs(4, undefined, 0);
    const high = nextAttemptDelayMs(4, undefined, 0.999);
    assert.ok(low >= 16_000 * 0.75 && high <= 16_000 * 1.25 && high > low);
  });
});
