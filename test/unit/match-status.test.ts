import assert from 'node:assert/strict';
import { StaleError } from '../../src/domain/errors';
import { hasFreeCapacity, isExcludedPair, nextMatchStatus, transitionMatch, type Match, type MatchAction, type MatchStatus } from '../../src/domain/match';
import { validateProfileEdit } from '../../src/domain/mentor-profile';

const base: Match = {
  tenantId: 't', id: 'm', programmeId: 'p', menteeApplicationId: 'a1', mentorApplicationId: 'a2', menteePersonId: 'p1', mentorPersonId: 'p2',
  status: 'requested', origin: 'request', score: 100, reasons: ['same site'], deadlineAt: '2027-03-09T00:00:00.000Z', deadlineDate: '2027-03-08',
  version: 1, createdAt: '2027-03-01T10:00:00.000Z', updatedAt: '2027-03-01T10:00:00.000Z',
};
const before = '2027-03-08T23:59:59.000Z';
const STATUSES: MatchStatus[] = ['requested', 'accepted', 'declined', 'expired', 'withdrawn', 'active', 'completed', 'ended'];
const ACTIONS: MatchAction[] = ['accept', 'decline', 'expire', 'withdraw'];

describe('match status machine (SPEC §3.2)', () => {
  it('only a request can change, to exactly one status per action', () => {
    assert.deepEqual(ACTIONS.map((a) => nextMatchStatus('requested', a)), ['accepted', 'declined', 'expired', 'withdrawn']);
    for (const s of STATUSES.filter((x) => x !== 'requested')) for (const a of ACTIONS) assert.equal(nextMatchStatus(s, a), undefined, `${s} ${a}`);
  });

  it('accepting bumps the version and records the response time', () => {
    const next = transitionMatch(base, 'accept', { seenVersion: 1, at: before });
    assert.equal(next.status, 'accepted');
    assert.equal(next.version, 2);
    assert.equal(next.respondedAt, before);
    assert.equal(base.status, 'requested', 'pure: the input is unchanged');
  });

  it('a decline keeps its private reason, trimmed, and none when blank', () => {
    assert.equal(transitionMatch(base, 'decline', { seenVersion: 1, at: before, reason: '  full rota  ' }).declineReason, 'full rota');
    assert.equal(transitionMatch(base, 'decline', { seenVersion: 1, at: before, reason: '   ' }).declineReason, undefined);
  });

  it('answering twice, on a stale card, or after the deadline is refused', () => {
    const accepted = transitionMatch(base, 'accept', { seenVersion: 1, at: before });
    assert.throws(() => transitionMatch(accepted, 'accept', { seenVersion: 2, at: before }), StaleError);
    assert.throws(() => transitionMatch(accepted, 'decline', { seenVersion: 1, at: before }), StaleError);
    assert.throws(() => transitionMatch(base, 'accept', { seenVersion: 2, at: before }), StaleError);
    assert.throws(() => transitionMatch(base, 'accept', { seenVersion: 1, at: base.deadlineAt }), /time to respond/);
    assert.throws(() => transitionMatch(base, 'decline', { seenVersion: 1, at: '2027-03-10T09:00:00.000Z' }), /time to respond/);
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

describe('mentor profile edits', () => {
  const ok = { bio: 'Psychiatry ST4, happy to help.', capacity: '3', topics: 'exams-portfolio,wellbeing', meetingPreference: 'virtual' };
  it('accepts a valid edit', () => {
    assert.deepEqual(validateProfileEdit(ok, { min: 1, max: 5 }, 0), { bio: ok.bio, capacity: 3, topics: ['exams-portfolio', 'wellbeing'], meetingPreference: 'virtual' });
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
