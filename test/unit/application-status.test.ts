import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  ACTION_ACTOR,
  CLOSED_STATUSES,
  FINAL_STATUSES,
  INFO_ANSWER_MAX_LENGTH,
  applicationHistory,
  describeState,
  heldApplication,
  nextStatus,
  transition,
  type Application,
  type ApplicationAction,
  type ApplicationForm,
  type ApplicationStatus,
} from '../../src/domain/application';
import { DomainError, StaleError, ValidationError } from '../../src/domain/errors';

const FORM: ApplicationForm = {
  name: 'Dr Amara Okafor',
  grade: 'fy2',
  specialty: 'psychiatry',
  site: 'Leeds General Infirmary',
  qualificationCountry: 'NG',
  nhsStartDate: '2025-08-06',
  languages: ['en', 'yo'],
  topics: ['exams-portfolio'],
  goals: 'MRCPsych',
  meetingPreference: 'either',
  eligibilityConfirmed: true,
  privacyConsent: true,
};

function fresh(over: Partial<Application> = {}): Application {
  return {
    tenantId: 't1',
    id: 'a1',
    programmeId: 'p1',
    personId: 'applicant',
    role: 'mentee',
    status: 'submitted',
    form: FORM,
    version: 1,
    submittedAt: '2027-03-01T09:00:00.000Z',
    updatedAt: '2027-03-01T09:00:00.000Z',
    ...over,
  };
}

const ACTIONS: ApplicationAction[] = ['approve', 'reject', 'request-info', 'resubmit', 'withdraw'];
const STATUSES: ApplicationStatus[] = ['submitted', 'info-requested', 'approved', 'rejected', 'withdrawn'];

function act(
  app: Application,
  action: ApplicationAction,
  over: Partial<Parameters<typeof transition>[2]> = {},
): Application {
  const coordinator = ACTION_ACTOR[action] === 'coordinator';
  return transition(app, action, {
    seenVersion: app.version,
    actorId: coordinator ? 'coord-1' : 'applicant',
    actorName: coordinator ? 'Dr A Khan' : 'Dr Amara Okafor',
    at: '2027-03-03T14:05:00.000Z',
    answer: action === 'resubmit' ? 'My GMC number is 7654321.' : undefined,
    note: 'Please add your GMC number.',
    ...over,
  });
}

describe('application status machine', () => {
  describe('transition table (SPEC §3.1)', () => {
    const expected: Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>> = {
      submitted: { approve: 'approved', reject: 'rejected', 'request-info': 'info-requested', withdraw: 'withdrawn' },
      'info-requested': { resubmit: 'submitted', withdraw: 'withdrawn' },
      approved: { withdraw: 'withdrawn' },
      rejected: {},
      withdrawn: {},
    };
    for (const from of STATUSES) {
      for (const action of ACTIONS) {
        const to = expected[from][action];
        it(`${from} + ${action} → ${to ?? 'refused'}`, () => {
          assert.equal(nextStatus(from, action), to);
          const app = fresh({ status: from, version: 4 });
          if (to) {
            const next = act(app, action);
            assert.equal(next.status, to);
            assert.equal(next.version, 5);
          } else {
            assert.throws(() => act(app, action), StaleError);
          }
        });
      }
    }
  });

  it('records who decided, when, and the trimmed note on a coordinator action', () => {
    const next = act(fresh(), 'reject', { note: '  Not eligible: UK qualification.  ' });
    assert.equal(next.decidedBy, 'coord-1');
    assert.equal(next.decidedByName, 'Dr A Khan');
    assert.equal(next.decidedAt, '2027-03-03T14:05:00.000Z');
    assert.equal(next.decisionNote, 'Not eligible: UK qualification.');
    assert.equal(next.updatedAt, '2027-03-03T14:05:00.000Z');
  });

  it('requires a note to reject or ask for information, and changes nothing without one', () => {
    for (const action of ['reject', 'request-info'] as const) {
      for (const note of [undefined, '', '   ']) {
        const app = fresh();
        const err = (() => {
          try {
            act(app, action, { note });
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        assert.ok(err instanceof DomainError && err.code === 'validation', `${action} with ${JSON.stringify(note)}`);
        assert.equal(app.status, 'submitted');
        assert.equal(app.version, 1);
      }
    }
  });

  it('approves without a note', () => {
    assert.equal(act(fresh(), 'approve', { note: undefined }).status, 'approved');
  });

  it('resubmission replaces the form and the submission time, and keeps the earlier decision', () => {
    const asked = act(fresh(), 'request-info');
    const changed = { ...FORM, goals: 'MRCPsych and GMC registration' };
    assert.throws(
      () =>
        transition(asked, 'resubmit', {
          seenVersion: asked.version,
          actorId: 'applicant',
          actorName: 'Dr Amara Okafor',
          at: '2027-03-05T10:00:00.000Z',
          form: changed,
          answer: '  ',
        }),
      (e: unknown) => {
        assert.ok(
          e instanceof ValidationError && e.details.answer,
          'an empty answer is refused, naming the answer field',
        );
        return true;
      },
    );
    assert.throws(
      () =>
        transition(asked, 'resubmit', {
          seenVersion: asked.version,
          actorId: 'applicant',
          actorName: 'Dr Amara Okafor',
          at: '2027-03-05T10:00:00.000Z',
          form: changed,
          answer: 'x'.repeat(INFO_ANSWER_MAX_LENGTH + 1),
        }),
      ValidationError,
    );
    const back = transition(asked, 'resubmit', {
      seenVersion: asked.version,
      actorId: 'applicant',
      actorName: 'Dr Amara Okafor',
      at: '2027-03-05T10:00:00.000Z',
      form: changed,
      answer: ' 7654321 ',
    });
    assert.equal(back.infoQuestion, 'Please add your GMC number.', 'the question is kept with the answer');
    assert.equal(back.infoAnswer, '7654321');
    assert.equal(back.status, 'submitted');
    assert.equal(back.form.goals, 'MRCPsych and GMC registration');
    assert.equal(back.submittedAt, '2027-03-05T10:00:00.000Z');
    assert.equal(back.decidedBy, 'coord-1');
    assert.equal(back.decisionNote, 'Please add your GMC number.');
  });

  it('refuses a double click: the second approve on the same card is stale', () => {
    const app = fresh();
    const once = act(app, 'approve');
    assert.throws(
      () =>
        transition(once, 'approve', {
          seenVersion: app.version,
          actorId: 'coord-2',
          actorName: 'Dr B',
          at: '2027-03-03T14:06:00.000Z',
        }),
      (e: unknown) => {
        assert.ok(e instanceof StaleError);
        assert.match((e as Error).message, /already approved by Dr A Khan/);
        return true;
      },
    );
  });

  it('does not mutate its input', () => {
    const app = fresh();
    const copy = structuredClone(app);
    act(app, 'approve');
    assert.deepEqual(app, copy);
  });

  it('describes every state in plain words', () => {
    for (const status of STATUSES) assert.match(describeState(fresh({ status, decidedByName: 'Dr A Khan' })), /\w+/);
    assert.match(
      describeState(fresh({ status: 'rejected', decidedByName: 'Dr A Khan' })),
      /already rejected by Dr A Khan/,
    );
    assert.match(describeState(fresh({ status: 'withdrawn' })), /withdrawn by the applicant/);
  });

  describe('properties over random action sequences', () => {
    const step = fc.record({
      action: fc.constantFrom(...ACTIONS),
      // Mostly the current version, sometimes a stale or future one, as a stale card or forged payload would send.
      versionOffset: fc.oneof(
        { weight: 3, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }) },
      ),
      note: fc.oneof(fc.constant(undefined), fc.constant(''), fc.constant('  '), fc.string({ maxLength: 20 })),
      actor: fc.constantFrom('applicant', 'coord-1', 'coord-2'),
    });

    it('final states stay final; versions go up by exactly one on success and never on refusal; stale versions are refused; notes are required; decidedBy only from coordinator actions', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...STATUSES),
          fc.integer({ min: 1, max: 50 }),
          fc.array(step, { maxLength: 25 }),
          (start, startVersion, steps) => {
            let app = fresh({ status: start, version: startVersion });
            for (const s of steps) {
              const seenVersion = app.version + s.versionOffset;
              const before = app;
              let after: Application | undefined;
              let error: unknown;
              try {
                after = transition(app, s.action, {
                  seenVersion,
                  actorId: s.actor,
                  actorName: s.actor.toUpperCase(),
                  at: '2027-03-03T14:05:00.000Z',
                  note: s.note,
                });
              } catch (e) {
                error = e;
              }
              const allowed = nextStatus(before.status, s.action);
              const needsNote = s.action === 'reject' || s.action === 'request-info';
              if (FINAL_STATUSES.includes(before.status) && before.status !== 'approved') {
                assert.ok(error instanceof StaleError, 'rejected/withdrawn accept nothing');
              }
              if (seenVersion !== before.version) {
                assert.ok(error instanceof StaleError, 'a stale version is always refused');
              }
              if (!allowed) assert.ok(error instanceof StaleError);
              if (allowed && seenVersion === before.version && needsNote && !s.note?.trim()) {
                assert.ok(
                  error instanceof DomainError && error.code === 'validation',
                  'reject/request-info need a note',
                );
              }
              if (error) {
                assert.ok(error instanceof DomainError);
                assert.equal(after, undefined);
                continue;
              }
              assert.ok(after);
              assert.equal(after.version, before.version + 1);
              assert.equal(after.status, allowed);
              if (FINAL_STATUSES.includes(before.status)) {
                // The only move out of a final status is an approved applicant withdrawing, into another final one.
                assert.ok(before.status === 'approved' && s.action === 'withdraw' && after.status === 'withdrawn');
              }
              if (ACTION_ACTOR[s.action] === 'coordinator') {
                assert.equal(after.decidedBy, s.actor);
                assert.equal(after.decidedAt, '2027-03-03T14:05:00.000Z');
              } else {
                assert.equal(after.decidedBy, before.decidedBy);
                assert.equal(after.decidedByName, before.decidedByName);
                assert.equal(after.decisionNote, before.decisionNote);
              }
              app = after;
            }
            // Once final (other than approved), every further action is refused whatever version is sent.
            if (app.status === 'rejected' || app.status === 'withdrawn') {
              for (const action of ACTIONS) assert.throws(() => act(app, action), StaleError);
            }
          },
        ),
        { numRuns: 500 },
      );
    });
  });
});

describe('applying again: the held application and the history', () => {
  const at = (minute: number) => `2027-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;
  const app = (id: string, status: ApplicationStatus, minute: number, over: Partial<Application> = {}) =>
    fresh({ id, status, submittedAt: at(minute), updatedAt: at(minute), ...over });

  it('only a withdrawn or rejected application is closed; an approved one still holds the role', () => {
    assert.deepEqual([...CLOSED_STATUSES].sort(), ['rejected', 'withdrawn']);
    for (const status of STATUSES) {
      assert.equal(
        heldApplication([app('a1', status, 0)], 'p1', 'mentee')?.id,
        CLOSED_STATUSES.includes(status) ? undefined : 'a1',
        status,
      );
    }
  });

  it('the held application is the open one of that programme and role, not a closed one before it or another role', () => {
    const apps = [
      app('old', 'withdrawn', 0),
      app('new', 'submitted', 5),
      app('mentor', 'approved', 1, { role: 'mentor' }),
      app('other', 'approved', 2, { programmeId: 'p2' }),
    ];
    assert.equal(heldApplication(apps, 'p1', 'mentee')?.id, 'new');
    assert.equal(heldApplication(apps, 'p1', 'mentor')?.id, 'mentor');
    assert.equal(
      heldApplication([app('r', 'rejected', 0), app('w', 'withdrawn', 3)], 'p1', 'mentee'),
      undefined,
      'none after two closed ones',
    );
  });

  it('history lists the current application of each programme and role first, then the earlier ones, newest first', () => {
    const apps = [
      app('first', 'rejected', 0),
      app('mentor', 'approved', 2, { role: 'mentor' }),
      app('second', 'withdrawn', 4),
      app('third', 'submitted', 6),
    ];
    assert.deepEqual(
      applicationHistory(apps).map((h) => `${h.application.id}${h.earlier ? ' (earlier)' : ''}`),
      ['third', 'mentor', 'second (earlier)', 'first (earlier)'],
    );
    assert.deepEqual(
      applicationHistory([app('only', 'withdrawn', 0)]).map((h) => h.earlier),
      [false],
      'a lone closed one is still current',
    );
  });

  it('the held application is current even when it and the withdrawn one share a timestamp', () => {
    for (const order of [
      [app('old', 'withdrawn', 0), app('new', 'submitted', 0)],
      [app('new', 'submitted', 0), app('old', 'withdrawn', 0)],
    ]) {
      assert.deepEqual(
        applicationHistory(order).map((h) => [h.application.id, h.earlier]),
        [
          ['new', false],
          ['old', true],
        ],
      );
    }
  });
});
