import assert from 'node:assert/strict';
import { StaleError, ValidationError } from '../../src/domain/errors';
import { closeRun, keptPairs, publishRun, setPairRemoved, type MatchingRun } from '../../src/domain/matching-run';

const AT = '2027-03-01T10:00:00.000Z';
const run: MatchingRun = {
  tenantId: 't',
  id: 'run',
  programmeId: 'p',
  status: 'draft',
  createdBy: 'coord',
  createdAt: AT,
  updatedAt: AT,
  version: 1,
  pairs: [
    { menteeApplicationId: 'e1', mentorApplicationId: 'r1', score: 9000, reasons: ['same site'], removed: false },
    { menteeApplicationId: 'e2', mentorApplicationId: 'r1', score: 6000, reasons: [], removed: false },
  ],
  unmatched: [],
  pool: { mentees: 2, mentors: 1, places: 2 },
  certified: true,
};

describe('automatic matching runs (review before publishing)', () => {
  it('removes and puts back a pair, versioned; refuses a stale card, a repeat and a mentee not in the proposal', () => {
    const removed = setPairRemoved(run, 'e2', true, { seenVersion: 1, at: AT });
    assert.deepEqual(
      keptPairs(removed).map((p) => p.menteeApplicationId),
      ['e1'],
    );
    assert.equal(removed.version, 2);
    assert.equal(run.pairs[1].removed, false, 'pure');
    assert.throws(
      () => setPairRemoved(removed, 'e1', true, { seenVersion: 1, at: AT }),
      /changed since this card was shown/,
    );
    assert.throws(() => setPairRemoved(removed, 'e2', true, { seenVersion: 2, at: AT }), /already removed/);
    assert.throws(() => setPairRemoved(removed, 'r1', true, { seenVersion: 2, at: AT }), ValidationError);
    assert.equal(keptPairs(setPairRemoved(removed, 'e2', false, { seenVersion: 2, at: AT })).length, 2);
    const barred = setPairRemoved(run, 'e1', true, { seenVersion: 1, at: AT, bar: true });
    assert.equal(barred.pairs[0].barred, true);
    assert.throws(
      () => setPairRemoved(barred, 'e1', false, { seenVersion: 2, at: AT }),
      /barred, so it cannot be put back/,
    );
  });

  it('publishes a draft once, never with nothing kept; a published, discarded or superseded run cannot change', () => {
    const published = publishRun(run, { seenVersion: 1, at: AT, by: 'coord' });
    assert.deepEqual([published.status, published.publishedBy, published.version], ['published', 'coord', 2]);
    assert.throws(() => publishRun(published, { seenVersion: 2, at: AT, by: 'coord' }), /already been published/);
    const empty = setPairRemoved(setPairRemoved(run, 'e1', true, { seenVersion: 1, at: AT }), 'e2', true, {
      seenVersion: 2,
      at: AT,
    });
    assert.throws(() => publishRun(empty, { seenVersion: 3, at: AT, by: 'coord' }), /nothing to publish/);
    const discarded = closeRun(run, 'discarded', { seenVersion: 1, at: AT });
    assert.throws(() => publishRun(discarded, { seenVersion: 2, at: AT, by: 'coord' }), /discarded/);
    const superseded = closeRun(run, 'superseded', { seenVersion: 1, at: AT });
    assert.throws(
      () => setPairRemoved(superseded, 'e1', true, { seenVersion: 2, at: AT }),
      (e: Error) => e instanceof StaleError && /newer automatic matching run/.test(e.message),
    );
  });
});
