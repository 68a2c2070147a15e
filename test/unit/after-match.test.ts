import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DomainError, ValidationError } from '../../src/domain/errors';
import { completeMatch, endMatch, type Match } from '../../src/domain/match';
import { checkBookable, isFree, validateMeetingChoice } from '../../src/domain/meeting';
import {
  checkMayLog,
  sessionFor,
  validateMenteeNotes,
  validateSessionLog,
  type SessionLog,
} from '../../src/domain/session-log';
import { DateHolidaysCalendar } from '../../src/holidays/date-holidays';

const holidays = new DateHolidaysCalendar();

const match = (over: Partial<Match> = {}): Match => ({
  tenantId: 't',
  id: 'm',
  programmeId: 'p',
  menteeApplicationId: 'a1',
  mentorApplicationId: 'a2',
  menteePersonId: 'mentee',
  mentorPersonId: 'mentor',
  status: 'active',
  origin: 'request',
  score: 5000,
  reasons: [],
  deadlineAt: '2027-03-08T00:00:00.000Z',
  deadlineDate: '2027-03-05',
  version: 3,
  createdAt: '2027-03-01T10:00:00.000Z',
  updatedAt: '2027-03-01T10:00:00.000Z',
  respondedAt: '2027-03-01T10:00:00.000Z',
  ...over,
});

const log: SessionLog = {
  tenantId: 't',
  id: 's',
  programmeId: 'p',
  matchId: 'm',
  number: 2,
  heldOn: '2027-03-03',
  durationMinutes: 60,
  mode: 'virtual',
  topics: ['wellbeing'],
  actionPoints: 'ACTION',
  mentorNotes: 'MENTOR-PRIVATE',
  menteeNotes: 'MENTEE-NOTES',
  menteeNotesShared: false,
  loggedBy: 'mentor',
  version: 1,
  createdAt: '',
  updatedAt: '',
};

describe('after the match: rules', () => {
  describe('who sees which field of a session (SPEC §8)', () => {
    it('coordinators get the facts only', () => {
      const v = sessionFor(log, 'coordinator');
      assert.deepEqual([v.actionPoints, v.mentorNotes, v.menteeNotes], [undefined, undefined, undefined]);
      assert.deepEqual([v.heldOn, v.durationMinutes, v.topics], ['2027-03-03', 60, ['wellbeing']]);
    });
    it('the mentor: action points and own notes; the mentee’s only when shared', () => {
      assert.deepEqual(
        [sessionFor(log, 'mentor').mentorNotes, sessionFor(log, 'mentor').menteeNotes],
        ['MENTOR-PRIVATE', undefined],
      );
      assert.equal(sessionFor({ ...log, menteeNotesShared: true }, 'mentor').menteeNotes, 'MENTEE-NOTES');
    });
    it('the mentee: action points and own notes, never the mentor’s', () => {
      const v = sessionFor(log, 'mentee');
      assert.deepEqual([v.actionPoints, v.menteeNotes, v.mentorNotes], ['ACTION', 'MENTEE-NOTES', undefined]);
    });
    it('whatever the fields, no viewer but the mentor ever gets the mentor’s notes', () => {
      fc.assert(
        fc.property(
          fc.string(),
          fc.string(),
          fc.boolean(),
          fc.constantFrom('mentee', 'coordinator') as fc.Arbitrary<'mentee' | 'coordinator'>,
          (mentorNotes, menteeNotes, shared, viewer) => {
            const v = sessionFor({ ...log, mentorNotes, menteeNotes, menteeNotesShared: shared }, viewer);
            return v.mentorNotes === undefined && (viewer === 'mentee' || v.menteeNotes === undefined);
          },
        ),
      );
    });
  });

  describe('logging a session', () => {
    const good = {
      heldOn: '2027-03-03',
      durationMinutes: '60',
      mode: 'virtual',
      topics: 'wellbeing,research',
      actionPoints: ' a ',
      mentorNotes: '',
    };
    it('cleans what the mentor typed', () => {
      assert.deepEqual(validateSessionLog(good, '2027-03-03', '2027-03-01'), {
        heldOn: '2027-03-03',
        durationMinutes: 60,
        mode: 'virtual',
        topics: ['wellbeing', 'research'],
        actionPoints: 'a',
        mentorNotes: '',
      });
    });
    for (const [what, input, field] of [
      ['a future date', { heldOn: '2027-03-04' }, 'heldOn'],
      ['a date before the match', { heldOn: '2027-02-28' }, 'heldOn'],
      ['an impossible date', { heldOn: '2027-02-30' }, 'heldOn'],
      ['no length', { durationMinutes: '' }, 'durationMinutes'],
      ['a negative length', { durationMinutes: '-5' }, 'durationMinutes'],
      ['over 12 hours', { durationMinutes: '721' }, 'durationMinutes'],
      ['a fractional length', { durationMinutes: '60.5' }, 'durationMinutes'],
      ['an unknown mode', { mode: 'telepathy' }, 'mode'],
      ['an unknown topic', { topics: 'wellbeing,astrology' }, 'topics'],
      ['oversize notes', { mentorNotes: 'x'.repeat(4_001) }, 'mentorNotes'],
      ['oversize action points', { actionPoints: 'x'.repeat(2_001) }, 'actionPoints'],
    ] as const) {
      it(`refuses ${what}`, () => {
        assert.throws(
          () => validateSessionLog({ ...good, ...input }, '2027-03-03', '2027-03-01'),
          (e: unknown) => e instanceof ValidationError && field in e.details,
        );
      });
    }
    it('only by the mentor, only on an agreed match, never past the cap', () => {
      assert.doesNotThrow(() => checkMayLog(match(), 'mentor', 3, 4));
      assert.throws(() => checkMayLog(match(), 'mentee', 0, 4), /Only the mentor/);
      assert.throws(() => checkMayLog(match(), 'mentor', 4, 4), /All 4 sessions/);
      assert.throws(() => checkMayLog(match({ status: 'ended' }), 'mentor', 0, 4), /over/);
      assert.throws(() => checkMayLog(match({ status: 'completed' }), 'mentor', 4, 4), /complete/);
      assert.throws(() => checkMayLog(match({ status: 'requested' }), 'mentor', 0, 4), /not agreed yet/);
    });
    it('mentee notes are bounded and say whether they are shared', () => {
      assert.deepEqual(validateMenteeNotes({ notes: ' mine ', shared: true }), {
        menteeNotes: 'mine',
        menteeNotesShared: true,
      });
      assert.throws(() => validateMenteeNotes({ notes: 'x'.repeat(4_001), shared: false }), ValidationError);
      assert.throws(() => validateMenteeNotes({ notes: '', shared: 'yes' }), ValidationError);
    });
  });

  describe('booking a time (checked again when it comes back from a card)', () => {
    const rules = (now: string) => ({
      now,
      meetingLengthMinutes: 60,
      workingHours: { start: '09:00', end: '17:00' },
      nation: 'england-and-wales' as const,
      holidays,
    });
    it('accepts a working-hours start and returns its end', () => {
      assert.deepEqual(checkBookable('2027-03-02T09:00:00.000Z', rules('2027-03-01T10:00:00Z')), {
        start: '2027-03-02T09:00:00.000Z',
        end: '2027-03-02T10:00:00.000Z',
      });
    });
    it('refuses the past, weekends, bank holidays, after hours, too far ahead, and nonsense', () => {
      const now = '2027-03-01T10:00:00Z';
      for (const start of [
        '2027-03-01T09:00:00Z',
        '2027-03-06T10:00:00Z',
        '2027-03-26T10:00:00Z',
        '2027-03-02T16:30:00Z',
        '2027-05-10T10:00:00Z',
        'tomorrow',
        42,
      ]) {
        assert.throws(() => checkBookable(start, rules(now)), ValidationError, String(start));
      }
    });
    it('London wall clock across the clock changes: 09:00 is 09:00 GMT in March and 08:00 UTC after the change', () => {
      // Clocks go forward on Sunday 28 March 2027 and back on Sunday 31 October 2027.
      assert.doesNotThrow(() =>
        checkBookable('2027-03-26T09:00:00Z', {
          ...rules('2027-03-20T10:00:00Z'),
          holidays: { isBankHoliday: () => false },
        }),
      );
      // Monday 29 March 2027 is Easter Monday; Tuesday 30 March is the first working day of summer time.
      assert.throws(
        () => checkBookable('2027-03-29T08:00:00Z', rules('2027-03-20T10:00:00Z')),
        /not a working day/,
        'Easter Monday',
      );
      assert.throws(
        () => checkBookable('2027-03-30T16:30:00Z', rules('2027-03-20T10:00:00Z')),
        /working hours/,
        '17:30 BST',
      );
      assert.doesNotThrow(() => checkBookable('2027-03-30T08:00:00Z', rules('2027-03-20T10:00:00Z')), '09:00 BST');
      assert.throws(
        () => checkBookable('2027-11-01T08:00:00Z', rules('2027-10-25T10:00:00Z')),
        /working hours/,
        '08:00 GMT',
      );
    });
    it('agrees with luxon’s Europe/London on random instants of 2027', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 96 * 365 }), (quarterHours) => {
          const start = new Date(Date.parse('2027-01-01T00:00:00Z') + quarterHours * 15 * 60_000).toISOString();
          const now = new Date(Date.parse(start) - 86_400_000).toISOString();
          const london = DateTime.fromISO(start, { zone: 'Europe/London' });
          const minutes = london.hour * 60 + london.minute;
          const expected =
            london.weekday <= 5 &&
            !holidays.isBankHoliday(london.toISODate()!, 'england-and-wales') &&
            minutes >= 540 &&
            minutes + 60 <= 1020;
          let accepted = true;
          try {
            checkBookable(start, { ...rules(now), now });
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            accepted = false;
          }
          return accepted === expected;
        }),
        { numRuns: 2_000 },
      );
    });
    it('a slot is free only when no calendar has anything overlapping it; its own old time can be ignored', () => {
      const busy = [[{ start: '2027-03-02T10:00:00Z', end: '2027-03-02T11:00:00Z', kind: 'busy' as const }], []];
      assert.equal(isFree(busy, '2027-03-02T09:00:00.000Z', '2027-03-02T10:00:00.000Z'), true, 'back to back');
      assert.equal(isFree(busy, '2027-03-02T10:30:00.000Z', '2027-03-02T11:30:00.000Z'), false);
      assert.equal(
        isFree(busy, '2027-03-02T10:30:00.000Z', '2027-03-02T11:30:00.000Z', [
          { start: '2027-03-02T10:00:00Z', end: '2027-03-02T11:00:00Z' },
        ]),
        true,
      );
    });
    it('in person needs a place', () => {
      assert.deepEqual(validateMeetingChoice({ mode: 'virtual', location: 'ignored' }), { mode: 'virtual' });
      assert.throws(() => validateMeetingChoice({ mode: 'in-person', location: ' ' }), ValidationError);
      assert.throws(() => validateMeetingChoice({ mode: 'carrier pigeon', location: '' }), ValidationError);
    });
  });

  describe('ending a match', () => {
    it('a no-fault ending by either person or a coordinator, with an optional private reason', () => {
      const ended = endMatch(match(), {
        by: 'mentee',
        at: '2027-03-05T10:00:00.000Z',
        seenVersion: 3,
        reason: '  too busy  ',
      });
      assert.deepEqual(
        [ended.status, ended.endedBy, ended.endReason, ended.version],
        ['ended', 'mentee', 'too busy', 4],
      );
      assert.equal(endMatch(match(), { by: 'coordinator', at: 'x', seenVersion: 3 }).endReason, undefined);
    });
    it('refuses a stale card, a match not agreed or already over, and an oversize reason', () => {
      assert.throws(() => endMatch(match(), { by: 'mentor', at: 'x', seenVersion: 2 }), /changed since/);
      assert.throws(
        () => endMatch(match({ status: 'ended' }), { by: 'mentor', at: 'x', seenVersion: 3 }),
        /already ended/,
      );
      assert.throws(
        () => endMatch(match({ status: 'requested' }), { by: 'mentor', at: 'x', seenVersion: 3 }),
        /not agreed yet/,
      );
      assert.throws(
        () => endMatch(match(), { by: 'mentor', at: 'x', seenVersion: 3, reason: 'x'.repeat(501) }),
        ValidationError,
      );
    });
    it('the last session completes it', () => {
      assert.equal(completeMatch(match(), 'x').status, 'completed');
      assert.throws(() => completeMatch(match({ status: 'ended' }), 'x'));
    });
  });
});
