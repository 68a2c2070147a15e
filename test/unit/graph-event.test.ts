import assert from 'node:assert/strict';
import { transactionIdFor, uuidV5 } from '../../src/graph/graph-event';
import { graphInstant, windows, MAX_WINDOW_MS } from '../../src/graph/graph-schedule';
import { CalendarError } from '../../src/services/calendar.port';

describe('Graph calendar helpers', () => {
  it('makes name-based UUIDs as RFC 9562 does (its DNS-namespace example)', () => {
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives a meeting the same transactionId every time, and other meetings others', () => {
    assert.equal(transactionIdFor('m-1'), transactionIdFor('m-1'));
    assert.notEqual(transactionIdFor('m-1'), transactionIdFor('m-2'));
    assert.match(transactionIdFor('m-1'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("reads Graph's seven-digit UTC wall times, and refuses other zones", () => {
    assert.equal(
      graphInstant({ dateTime: '2026-03-29T01:30:00.1234567', timeZone: 'UTC' }),
      Date.parse('2026-03-29T01:30:00.123Z'),
    );
    assert.equal(graphInstant({ dateTime: '2026-03-29T01:30', timeZone: 'UTC' }), Date.parse('2026-03-29T01:30:00Z'));
    assert.throws(
      () => graphInstant({ dateTime: '2026-03-29T01:30:00', timeZone: 'GMT Standard Time' }),
      CalendarError,
    );
    assert.throws(() => graphInstant({ dateTime: '2026-03-29T01:30:00Z', timeZone: 'UTC' }), CalendarError);
  });

  it('cuts a window into pieces of at most 62 days that cover it exactly', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    for (const days of [1, 62, 63, 124, 125, 200]) {
      const to = from + days * 86_400_000;
      const parts = windows(from, to);
      assert.equal(parts[0]!.start, from);
      assert.equal(parts.at(-1)!.end, to);
      parts.forEach((p, i) => {
        assert.ok(p.end - p.start <= MAX_WINDOW_MS && p.end > p.start);
        if (i > 0) assert.equal(p.start, parts[i - 1]!.end);
      });
      assert.equal(parts.length, Math.ceil(days / 62));
    }
  });
});
