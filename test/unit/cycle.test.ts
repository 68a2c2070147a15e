import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chooseNext, cycleDates, nextCycle, nextOutcome, offeredChoices } from '../../src/domain/cycle';
import { DomainError } from '../../src/domain/errors';
import type { Match, MatchStatus, NextChoice } from '../../src/domain/match';

const match = (over: Partial<Match> = {}): Match => ({
  tenantId: 't',
  id: 'm1',
  programmeId: 'p',
  menteeApplicationId: 'a1',
  mentorApplicationId: 'a2',
  menteePersonId: 'mentee',
  mentorPersonId: 'mentor',
  status: 'completed',
  origin: 'request',
  score: 5000,
  reasons: ['same specialty'],
  deadlineAt: '2027-03-08T00:00:00.000Z',
  deadlineDate: '2027-03-05',
  version: 5,
  createdAt: '2027-03-01T10:00:00.000Z',
  updatedAt: '2027-03-29T08:00:00.000Z',
  respondedAt: '2027-03-01T10:00:00.000Z',
  endedAt: '2027-03-29T08:00:00.000Z',
  cycle: 1,
  ...over,
});
const AT = '2027-03-30T10:00:00.000Z';
const refused = (f: () => unknown, pattern: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof DomainError && pattern.test(e.message));

describe('cycles', () => {
  it('a cycle ends its length in weeks after the London day it was agreed; the notice comes a week before', () => {
    assert.deepEqual(cycleDates('2027-03-01T10:00:00Z', 4), { endDate: '2027-03-29', noticeDate: '2027-03-22' });
    // The clocks went back that morning, so 23:30 UTC is 23:30 GMT: still 31 October in London.
    assert.deepEqual(cycleDates('2027-10-31T23:30:00Z', 1), { endDate: '2027-11-07' });
    // 23:30 UTC on 27 June is 00:30 BST on 28 June: the cycle counts from the London day.
    assert.equal(cycleDates('2027-06-27T23:30:00Z', 2).endDate, '2027-07-12');
    assert.throws(() => cycleDates('2027-03-01T10:00:00Z', 0), RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 52 }), (day, weeks) => {
        const agreed = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000 + 12 * 3_600_000).toISOString();
        const { endDate, noticeDate } = cycleDates(agreed, weeks);
        const days = (Date.parse(endDate) - Date.parse(agreed.slice(0, 10))) / 86_400_000;
        assert.equal(days, weeks * 7);
        assert.equal(noticeDate === undefined, weeks === 1);
      }),
    );
  });

  it('each side chooses once, only after the match is over; continuing only after a completed cycle', () => {
    const open: MatchStatus[] = ['requested', 'proposed', 'accepted', 'active', 'declined', 'expired', 'withdrawn'];
    for (const status of open) refused(() => chooseNext(match({ status }), 'mentee', 'rematch', AT), /not ended yet/);
    const chosen = chooseNext(match(), 'mentee', 'continue', AT);
    assert.deepEqual([chosen.menteeNext, chosen.mentorNext, chosen.version], ['continue', undefined, 6]);
    refused(() => chooseNext(chosen, 'mentee', 'opt-out', AT), /already chosen: continue together/);
    refused(() => chooseNext(match({ status: 'ended' }), 'mentor', 'continue', AT), /ended early cannot continue/);
    refused(() => chooseNext(match(), 'mentor', 'stay', AT), /Choose one of the options/);
    refused(
      () => chooseNext(match({ menteeNext: 'rematch' }), 'mentor', 'continue', AT),
      /partner has chosen not to continue/,
    );
    assert.deepEqual(offeredChoices({ status: 'completed' }), ['continue', 'rematch', 'opt-out']);
    assert.deepEqual(offeredChoices({ status: 'ended' }), ['rematch', 'opt-out']);
  });

  it('a new cycle only when both continue; any other choice parts them; one choice alone waits', () => {
    const all: (NextChoice | undefined)[] = [undefined, 'continue', 'rematch', 'opt-out'];
    for (const a of all)
      for (const b of all) {
        const expected =
          a === 'continue' && b === 'continue'
            ? 'new-cycle'
            : (a && a !== 'continue') || (b && b !== 'continue')
              ? 'apart'
              : 'waiting';
        assert.equal(nextOutcome({ menteeNext: a, mentorNext: b }), expected, `${a} / ${b}`);
      }
  });

  it('the next cycle is a new agreed match of the same pair, numbered on, linked to the one before', () => {
    const both = match({ menteeNext: 'continue', mentorNext: 'continue', cycle: 2, id: 'm2' });
    const next = nextCycle(both, 'm3', AT);
    assert.deepEqual(
      [next.status, next.cycle, next.previousMatchId, next.version, next.respondedAt],
      ['accepted', 3, 'm2', 1, AT],
    );
    assert.deepEqual(
      [next.menteeApplicationId, next.mentorApplicationId, next.menteeNext, next.endedAt],
      ['a1', 'a2', undefined, undefined],
    );
    refused(() => nextCycle(match({ menteeNext: 'continue' }), 'm3', AT), /both people choose to continue/);
    refused(
      () => nextCycle(match({ status: 'ended', menteeNext: 'continue', mentorNext: 'continue' }), 'm3', AT),
      /both people choose to continue/,
    );
  });
});
