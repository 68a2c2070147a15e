import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ForbiddenError, StaleError } from '../../src/domain/errors';
import {
  hasFreeCapacity,
  holdsMentorPlace,
  isExcludedPair,
  nextMatchStatus,
  transitionMatch,
  type Match,
  type MatchAction,
  type MatchSide,
  type MatchStatus,
} from '../../src/domain/match';
import { validateProfileEdit } from '../../src/domain/mentor-profile';

const base: Match = {
  tenantId: 't',
  id: 'm',
  programmeId: 'p',
  menteeApplicationId: 'a1',
  mentorApplicationId: 'a2',
  menteePersonId: 'p1',
  mentorPersonId: 'p2',
  status: 'requested',
  origin: 'request',
  score: 100,
  reasons: ['same site'],
  deadlineAt: '2027-03-09T00:00:00.000Z',
  deadlineDate: '2027-03-08',
  version: 1,
  createdAt: '2027-03-01T10:00:00.000Z',
  updatedAt: '2027-03-01T10:00:00.000Z',
};
const before = '2027-03-08T23:59:59.000Z';
const STATUSES: MatchStatus[] = [
  'requested',
  'proposed',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
  'active',
  'completed',
  'ended',
];
const ACTIONS: MatchAction[] = ['accept', 'decline', 'expire', 'withdraw'];

describe('match status machine (SPEC §3.2)', () => {
  it('only a request or a proposal can change, to exactly one status per action; a proposal cannot be withdrawn', () => {
    assert.deepEqual(
      ACTIONS.map((a) => nextMatchStatus('requested', a)),
      ['accepted', 'declined', 'expired', 'withdrawn'],
    );
    assert.deepEqual(
      ACTIONS.map((a) => nextMatchStatus('proposed', a)),
      ['accepted', 'declined', 'expired', undefined],
    );
    for (const s of STATUSES.filter((x) => x !== 'requested' && x !== 'proposed'))
      for (const a of ACTIONS) assert.equal(nextMatchStatus(s, a), undefined, `${s} ${a}`);
  });

  it('a request is answered only by its mentor and withdrawn only by its mentee', () => {
    assert.throws(() => transitionMatch(base, 'accept', { seenVersion: 1, at: before, by: 'mentee' }), ForbiddenError);
    assert.throws(() => transitionMatch(base, 'decline', { seenVersion: 1, at: before, by: 'mentee' }), ForbiddenError);
    assert.throws(
      () => transitionMatch(base, 'withdraw', { seenVersion: 1, at: before, by: 'mentor' }),
      ForbiddenError,
    );
  });

  it('accepting bumps the version and records the response time', () => {
    const next = transitionMatch(base, 'accept', { seenVersion: 1, at: before });
    assert.equal(next.status, 'accepted');
    assert.equal(next.version, 2);
    assert.equal(next.respondedAt, before);
    assert.equal(base.status, 'requested', 'pure: the input is unchanged');
  });

  it('a decline keeps its private reason, trimmed, and none when blank', () => {
    assert.equal(
      transitionMatch(base, 'decline', { seenVersion: 1, at: before, reason: '  full rota  ' }).declineReason,
      'full rota',
    );
    assert.equal(
      transitionMatch(base, 'decline', { seenVersion: 1, at: before, reason: '   ' }).declineReason,
      undefined,
    );
  });

  it('answering twice, on a stale card, or after the deadline is refused', () => {
    const accepted = transitionMatch(base, 'accept', { seenVersion: 1, at: before });
    assert.throws(() => transitionMatch(accepted, 'accept', { seenVersion: 2, at: before }), StaleError);
    assert.throws(() => transitionMatch(accepted, 'decline', { seenVersion: 1, at: before }), StaleError);
    assert.throws(() => transitionMatch(base, 'accept', { seenVersion: 2, at: before }), StaleError);
    assert.throws(() => transitionMatch(base, 'accept', { seenVersion: 1, at: base.deadlineAt }), /time to respond/);
    assert.throws(
      () => transitionMatch(base, 'decline', { seenVersion: 1, at: '2027-03-10T09:00:00.000Z' }),
      /time to respond/,
    );
  });

  it('expiry happens only at or after the deadline, and only to a request', () => {
    assert.throws(() => transitionMatch(base, 'expire', { at: before }), /not reached/);
    assert.equal(transitionMatch(base, 'expire', { at: base.deadlineAt }).status, 'expired');
    const declined = transitionMatch(base, 'decline', { seenVersion: 1, at: before });
    assert.throws(() => transitionMatch(declined, 'expire', { at: base.deadlineAt }), /already been declined/);
  });

  it('excludes the same person and any pair with a match already', () => {
    const mentee = { personId: 'p1', applicationId: 'a1' };
    assert.equal(isExcludedPair(mentee, { personId: 'p1', applicationId: 'x' }, []), true);
    assert.equal(isExcludedPair(mentee, { personId: 'p2', applicationId: 'a2' }, [base]), true);
    assert.equal(isExcludedPair(mentee, { personId: 'p3', applicationId: 'a3' }, [base]), false);
  });

  it('free capacity means not paused and fewer in use than capacity', () => {
    assert.equal(hasFreeCapacity({ paused: false, capacity: 2, inUse: 1 }), true);
    assert.equal(hasFreeCapacity({ paused: false, capacity: 2, inUse: 2 }), false);
    assert.equal(hasFreeCapacity({ paused: true, capacity: 2, inUse: 0 }), false);
  });
});

describe('a proposal from automatic matching (both people answer)', () => {
  const proposal: Match = { ...base, status: 'proposed', origin: 'automatic', runId: 'run-1' };
  type Step = { action: 'accept' | 'decline' | 'expire'; by: MatchSide; stale: boolean; late: boolean };
  const step = fc.record({
    action: fc.constantFrom<'accept' | 'decline' | 'expire'>('accept', 'decline', 'expire'),
    by: fc.constantFrom<MatchSide>('mentee', 'mentor'),
    stale: fc.boolean(),
    late: fc.boolean(),
  });

  it('is accepted once both have accepted, in either order, and each acceptance is recorded', () => {
    const first = transitionMatch(proposal, 'accept', { seenVersion: 1, at: before, by: 'mentor' });
    assert.equal(first.status, 'proposed');
    assert.equal(first.mentorAcceptedAt, before);
    assert.throws(
      () => transitionMatch(first, 'accept', { seenVersion: 2, at: before, by: 'mentor' }),
      /already accepted/,
    );
    const both = transitionMatch(first, 'accept', { seenVersion: 2, at: before, by: 'mentee' });
    assert.equal(both.status, 'accepted');
    assert.equal(both.respondedAt, before);
  });

  it('either person may decline, privately, and the decline records who', () => {
    const declined = transitionMatch(proposal, 'decline', {
      seenVersion: 1,
      at: before,
      by: 'mentee',
      reason: 'Prefer someone in person',
    });
    assert.deepEqual(
      [declined.status, declined.declinedBy, declined.declineReason],
      ['declined', 'mentee', 'Prefer someone in person'],
    );
    assert.throws(
      () => transitionMatch(proposal, 'withdraw', { seenVersion: 1, at: before, by: 'mentee' }),
      StaleError,
    );
  });

  it('property: any sequence of answers, stale cards, late clicks and expiry keeps the rules', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), (steps: Step[]) => {
        let m = proposal;
        let placeChanges = 0;
        for (const s of steps) {
          const at = s.action === 'expire' || s.late ? m.deadlineAt : before;
          const seenVersion = s.action === 'expire' ? undefined : s.stale ? m.version - 1 : m.version;
          let next: Match;
          try {
            next = transitionMatch(m, s.action, { seenVersion, at, by: s.action === 'expire' ? undefined : s.by });
          } catch (e) {
            assert.ok(e instanceof StaleError || e instanceof ForbiddenError, String(e));
            continue;
          }
          assert.ok(!s.stale || s.action === 'expire', 'a stale card never changes anything');
          assert.ok(!s.late || s.action === 'expire', 'nobody answers after the deadline');
          assert.equal(next.version, m.version + 1);
          if (holdsMentorPlace(m.status) !== holdsMentorPlace(next.status)) placeChanges++;
          m = next;
        }
        // Accepted exactly when both accepted; declined only by a decline; the place is given back at most once.
        assert.equal(m.status === 'accepted', Boolean(m.menteeAcceptedAt && m.mentorAcceptedAt));
        assert.equal(m.status === 'declined', m.declinedBy !== undefined);
        assert.ok(['proposed', 'accepted', 'declined', 'expired'].includes(m.status));
        assert.ok(placeChanges <= 1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('mentor profile edits', () => {
  const ok = {
    bio: 'Psychiatry ST4, happy to help.',
    capacity: '3',
    topics: 'exams-portfolio,wellbeing',
    meetingPreference: 'virtual',
  };
  it('accepts a valid edit', () => {
    assert.deepEqual(validateProfileEdit(ok, { min: 1, max: 5 }, 0), {
      bio: ok.bio,
      capacity: 3,
      topics: ['exams-portfolio', 'wellbeing'],
      meetingPreference: 'virtual',
    });
  });
  it('names each bad field: capacity outside the bounds or below mentees held, unknown topic, empty bio', () => {
    const e = (edit: Partial<typeof ok>, inUse = 0) => {
      try {
        validateProfileEdit({ ...ok, ...edit }, { min: 1, max: 5 }, inUse);
        return {};
      } catch (err) {
        return (err as { details: Record<string, string> }).details;
      }
    };
    assert.match(e({ capacity: '6' }).capacity, /1 to 5/);
    assert.match(e({ capacity: '0' }).capacity, /1 to 5/);
    assert.match(e({ capacity: 'two' }).capacity, /1 to 5/);
    assert.match(e({ capacity: '1' }, 2).capacity, /cannot be lower/);
    assert.match(e({ topics: 'astrology' }).topics, /from the list/);
    assert.match(e({ bio: '  ' }).bio, /short bio/);
    assert.match(e({ meetingPreference: 'phone' }).meetingPreference, /meeting preference/);
  });
});
