import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  FORM_INPUT_IDS,
  FORM_LIMITS,
  emptyInputValues,
  formToInputValues,
  validateApplicationForm,
  type FormContext,
} from '../../src/domain/application-form';
import { COUNTRIES, GRADES, LANGUAGES, MEETING_PREFERENCES, SPECIALTIES, TOPICS } from '../../src/domain/catalogue';
import { ValidationError } from '../../src/domain/errors';

const menteeCtx: FormContext = {
  role: 'mentee',
  sites: ['Leeds General Infirmary', "St James's University Hospital"],
  capacity: { min: 1, max: 5 },
  today: '2027-03-03',
};
const mentorCtx: FormContext = { ...menteeCtx, role: 'mentor' };

function menteeRaw(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '  Dr Amara Okafor ',
    grade: 'fy2',
    specialty: 'psychiatry',
    site: 'Leeds General Infirmary',
    qualificationCountry: 'NG',
    nhsStartDate: '2025-08-06',
    languages: 'en,yo,ig',
    topics: 'exams-portfolio,culture-life-uk',
    goals: 'Preparing for MRCPsych and settling in Leeds.',
    meetingPreference: 'either',
    eligibilityConfirmed: 'true',
    privacyConsent: 'true',
    ...over,
  };
}

function mentorRaw(over: Record<string, unknown> = {}): Record<string, unknown> {
  return menteeRaw({
    grade: 'st3-plus',
    capacity: '3',
    bio: 'ST4 psychiatry, qualified in Lagos, in the NHS since 2019.',
    ...over,
  });
}

/** Runs the validator expecting failure and returns the field → message map. */
function failures(raw: unknown, ctx: FormContext = menteeCtx): Record<string, string> {
  try {
    validateApplicationForm(raw, ctx);
  } catch (e) {
    assert.ok(e instanceof ValidationError, `expected ValidationError, got ${String(e)}`);
    assert.equal(e.code, 'validation');
    return { ...e.details };
  }
  assert.fail('expected the form to be refused');
}

describe('validateApplicationForm', () => {
  describe('happy paths', () => {
    it('accepts a complete mentee form, trimming text and splitting multi-selects', () => {
      const form = validateApplicationForm(menteeRaw(), menteeCtx);
      assert.deepEqual(form, {
        name: 'Dr Amara Okafor',
        grade: 'fy2',
        specialty: 'psychiatry',
        site: 'Leeds General Infirmary',
        qualificationCountry: 'NG',
        nhsStartDate: '2025-08-06',
        languages: ['en', 'yo', 'ig'],
        topics: ['exams-portfolio', 'culture-life-uk'],
        goals: 'Preparing for MRCPsych and settling in Leeds.',
        meetingPreference: 'either',
        eligibilityConfirmed: true,
        privacyConsent: true,
      });
      assert.ok(!('capacity' in form) && !('bio' in form));
    });

    it('accepts a complete mentor form with capacity as a number and a bio', () => {
      const form = validateApplicationForm(mentorRaw(), mentorCtx);
      assert.equal(form.capacity, 3);
      assert.equal(form.bio, 'ST4 psychiatry, qualified in Lagos, in the NHS since 2019.');
    });

    it('accepts spaces around comma-separated picks', () => {
      const form = validateApplicationForm(menteeRaw({ languages: ' en , ar ' }), menteeCtx);
      assert.deepEqual(form.languages, ['en', 'ar']);
    });

    it('ignores the allowed routing keys that card actions carry', () => {
      const form = validateApplicationForm(
        menteeRaw({
          programmeId: 'p1',
          role: 'mentee',
          applicationId: 'a1',
          version: 3,
          verb: 'app.submit',
          msteams: {},
        }),
        menteeCtx,
      );
      assert.equal(form.name, 'Dr Amara Okafor');
    });

    it('accepts any site text when the programme has no site list', () => {
      const form = validateApplicationForm(menteeRaw({ site: ' Harrogate District Hospital ' }), {
        ...menteeCtx,
        sites: [],
      });
      assert.equal(form.site, 'Harrogate District Hospital');
    });

    it('accepts today, 1950-01-01 and a leap day as NHS start dates', () => {
      for (const d of ['2027-03-03', '1950-01-01', '2024-02-29']) {
        assert.equal(validateApplicationForm(menteeRaw({ nhsStartDate: d }), menteeCtx).nhsStartDate, d);
      }
    });

    it('accepts text at exactly the maximum lengths and the maximum number of picks', () => {
      const form = validateApplicationForm(
        mentorRaw({
          name: 'N'.repeat(FORM_LIMITS.name),
          goals: 'g'.repeat(FORM_LIMITS.goals),
          bio: 'b'.repeat(FORM_LIMITS.bio),
          languages: LANGUAGES.slice(0, FORM_LIMITS.languages)
            .map((l) => l.value)
            .join(','),
          topics: TOPICS.map((t) => t.value).join(','),
        }),
        mentorCtx,
      );
      assert.equal(form.languages.length, 8);
      assert.equal(form.topics.length, 8);
    });

    it('accepts capacity at both bounds of the programme setting', () => {
      assert.equal(validateApplicationForm(mentorRaw({ capacity: '1' }), mentorCtx).capacity, 1);
      assert.equal(validateApplicationForm(mentorRaw({ capacity: '5' }), mentorCtx).capacity, 5);
    });

    it('accepts every catalogue value (property)', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...GRADES),
          fc.constantFrom(...SPECIALTIES),
          fc.constantFrom(...COUNTRIES),
          fc.constantFrom(...MEETING_PREFERENCES),
          fc.subarray([...LANGUAGES], { minLength: 1, maxLength: 8 }),
          fc.subarray([...TOPICS], { minLength: 1 }),
          (g, s, c, m, langs, topics) => {
            const form = validateApplicationForm(
              menteeRaw({
                grade: g.value,
                specialty: s.value,
                qualificationCountry: c.value,
                meetingPreference: m.value,
                languages: langs.map((l) => l.value).join(','),
                topics: topics.map((t) => t.value).join(','),
              }),
              menteeCtx,
            );
            assert.equal(form.grade, g.value);
            assert.deepEqual(
              form.languages,
              langs.map((l) => l.value),
            );
          },
        ),
      );
    });
  });

  describe('required fields', () => {
    for (const id of [
      'name',
      'grade',
      'specialty',
      'site',
      'qualificationCountry',
      'nhsStartDate',
      'languages',
      'topics',
      'goals',
      'meetingPreference',
      'eligibilityConfirmed',
      'privacyConsent',
    ]) {
      it(`refuses a form without ${id}, naming it`, () => {
        const raw = menteeRaw();
        delete raw[id];
        const details = failures(raw);
        assert.deepEqual(Object.keys(details), [id]);
        assert.match(details[id], /\w/);
      });
      it(`refuses blank ${id}`, () => {
        assert.ok(failures(menteeRaw({ [id]: '   ' }))[id]);
      });
    }

    it('refuses whitespace-only and comma-only multi-selects', () => {
      const details = failures(menteeRaw({ languages: ' , ,', topics: '' }));
      assert.match(details.languages, /at least one language/);
      assert.match(details.topics, /at least one topic/);
    });

    it('reports every failing field at once, one message each, in plain English', () => {
      const details = failures({ eligibilityConfirmed: 'false', privacyConsent: 'false' });
      assert.deepEqual(
        Object.keys(details).sort(),
        FORM_INPUT_IDS.filter((id) => id !== 'capacity' && id !== 'bio').sort(),
      );
      assert.match(details.eligibilityConfirmed, /confirm the eligibility statement/);
      assert.match(details.privacyConsent, /privacy notice/);
      for (const message of Object.values(details)) assert.doesNotMatch(message, /Invalid|Expected|Required$/);
    });
  });

  describe('lengths', () => {
    it('refuses oversize text, by trimmed length', () => {
      const details = failures(
        mentorRaw({ name: 'N'.repeat(101), goals: 'g'.repeat(1001), bio: 'b'.repeat(601) }),
        mentorCtx,
      );
      assert.match(details.name, /at most 100/);
      assert.match(details.goals, /at most 1000/);
      assert.match(details.bio, /at most 600/);
      assert.equal(validateApplicationForm(menteeRaw({ name: `  ${'N'.repeat(100)}  ` }), menteeCtx).name.length, 100);
    });

    it('refuses a huge payload in a multi-select without splitting it', () => {
      assert.ok(failures(menteeRaw({ languages: 'en,'.repeat(100_000) })).languages);
    });

    it('refuses free-text sites over 100 characters when there is no site list', () => {
      assert.match(failures(menteeRaw({ site: 's'.repeat(101) }), { ...menteeCtx, sites: [] }).site, /at most 100/);
    });

    it('refuses more than 8 languages', () => {
      const nine = LANGUAGES.slice(0, 9)
        .map((l) => l.value)
        .join(',');
      assert.match(failures(menteeRaw({ languages: nine })).languages, /at most 8/);
    });

    it('refuses line breaks in the name and control characters anywhere', () => {
      assert.match(failures(menteeRaw({ name: 'Dr A\nKhan' })).name, /one line/);
      assert.match(failures(menteeRaw({ goals: 'help \u202Ereversed' })).goals, /not allowed/);
      assert.equal(
        validateApplicationForm(menteeRaw({ goals: 'line one\nline two' }), menteeCtx).goals,
        'line one\nline two',
      );
    });
  });

  describe('forged values', () => {
    it('refuses values that are not in the catalogue', () => {
      const details = failures(
        menteeRaw({
          grade: 'professor',
          specialty: 'astrology',
          qualificationCountry: 'ZZ',
          meetingPreference: 'carrier-pigeon',
          languages: 'en,klingon',
          topics: 'golf',
        }),
      );
      for (const id of ['grade', 'specialty', 'qualificationCountry', 'meetingPreference', 'languages', 'topics']) {
        assert.match(details[id], /from the list/, id);
      }
    });

    it('refuses the United Kingdom and Ireland as the country of qualification (SPEC §1)', () => {
      assert.ok(failures(menteeRaw({ qualificationCountry: 'GB' })).qualificationCountry);
      assert.ok(failures(menteeRaw({ qualificationCountry: 'IE' })).qualificationCountry);
    });

    it('refuses a site that is not one of the programme sites', () => {
      assert.match(failures(menteeRaw({ site: 'Some Other Hospital' })).site, /from the list/);
    });

    it('refuses non-string values', () => {
      const details = failures(menteeRaw({ name: 42, languages: ['en'], eligibilityConfirmed: true }));
      assert.deepEqual(Object.keys(details).sort(), ['eligibilityConfirmed', 'languages', 'name']);
    });

    it('refuses anything that is not an object', () => {
      for (const raw of [null, undefined, 'name=x', 42, [menteeRaw()]]) {
        assert.throws(() => validateApplicationForm(raw, menteeCtx), ValidationError);
      }
    });

    it('refuses unknown extra keys, naming each', () => {
      const details = failures(menteeRaw({ status: 'approved', personId: 'someone-else' }));
      assert.deepEqual(Object.keys(details).sort(), ['personId', 'status']);
      assert.match(details.status, /not part of the application form/);
    });

    it('never throws anything but ValidationError on random input (property)', () => {
      fc.assert(
        fc.property(
          fc.dictionary(
            fc.constantFrom(...FORM_INPUT_IDS, 'x', 'role'),
            fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          ),
          (raw) => {
            try {
              validateApplicationForm({ ...menteeRaw(), ...raw }, menteeCtx);
            } catch (e) {
              assert.ok(e instanceof ValidationError);
            }
          },
        ),
      );
    });
  });

  describe('duplicate picks', () => {
    it('refuses the same language or topic twice', () => {
      const details = failures(menteeRaw({ languages: 'en,ar,en', topics: 'research, research' }));
      assert.match(details.languages, /only once/);
      assert.match(details.topics, /only once/);
    });
  });

  describe('NHS start date', () => {
    it('refuses a date in the future', () => {
      assert.match(failures(menteeRaw({ nhsStartDate: '2027-03-04' })).nhsStartDate, /future/);
    });
    it('refuses a date before 1950', () => {
      assert.match(failures(menteeRaw({ nhsStartDate: '1949-12-31' })).nhsStartDate, /1950/);
    });
    it('refuses impossible and malformed dates', () => {
      for (const d of [
        '2023-02-29',
        '2025-13-01',
        '2025-04-31',
        '06/08/2025',
        '2025-8-6',
        '2025-08-06T00:00:00Z',
        'yesterday',
      ]) {
        assert.match(failures(menteeRaw({ nhsStartDate: d })).nhsStartDate, /real date/, d);
      }
    });
  });

  describe('mentor and mentee fields', () => {
    it('requires capacity and bio from a mentor', () => {
      const raw = mentorRaw();
      delete raw.capacity;
      delete raw.bio;
      const details = failures(raw, mentorCtx);
      assert.ok(details.capacity);
      assert.ok(details.bio);
    });

    it('refuses a capacity outside the programme bounds or not a whole number', () => {
      for (const capacity of ['0', '6', '2.5', '-1', 'three', '', '1e1', '999']) {
        assert.match(failures(mentorRaw({ capacity }), mentorCtx).capacity, /whole number from 1 to 5/, capacity);
      }
      assert.ok(failures(mentorRaw({ capacity: '2' }), { ...mentorCtx, capacity: { min: 3, max: 4 } }).capacity);
    });

    it('refuses capacity or bio sent on a mentee form', () => {
      const details = failures(menteeRaw({ capacity: '3', bio: 'I am a mentor really' }));
      assert.match(details.capacity, /only asked of mentors/);
      assert.match(details.bio, /only asked of mentors/);
    });

    it('lets a mentee form carry empty capacity and bio inputs', () => {
      const form = validateApplicationForm(menteeRaw({ capacity: '', bio: ' ' }), menteeCtx);
      assert.ok(!('capacity' in form) && !('bio' in form));
    });
  });

  describe('statements', () => {
    it("requires both statements to be exactly 'true'", () => {
      for (const v of ['false', 'TRUE', 'yes', '1', '']) {
        const details = failures(menteeRaw({ eligibilityConfirmed: v, privacyConsent: v }));
        assert.deepEqual(Object.keys(details).sort(), ['eligibilityConfirmed', 'privacyConsent'], v);
      }
    });
  });
});

describe('formToInputValues', () => {
  it('round-trips a mentor form through the card input strings', () => {
    const form = validateApplicationForm(mentorRaw(), mentorCtx);
    const values = formToInputValues(form);
    assert.deepEqual(Object.keys(values).sort(), [...FORM_INPUT_IDS].sort());
    for (const v of Object.values(values)) assert.equal(typeof v, 'string');
    assert.equal(values.languages, 'en,yo,ig');
    assert.equal(values.capacity, '3');
    assert.deepEqual(validateApplicationForm(values, mentorCtx), form);
  });

  it('gives empty capacity and bio for a mentee, and the form still validates', () => {
    const form = validateApplicationForm(menteeRaw(), menteeCtx);
    const values = formToInputValues(form);
    assert.equal(values.capacity, '');
    assert.equal(values.bio, '');
    assert.deepEqual(validateApplicationForm(values, menteeCtx), form);
  });

  it('emptyInputValues prefills only the name, bounded', () => {
    const values = emptyInputValues('X'.repeat(300));
    assert.equal(values.name.length, FORM_LIMITS.name);
    assert.equal(values.grade, '');
    assert.equal(values.privacyConsent, 'false');
  });
});

describe('catalogue', () => {
  it('has unique values in every list', () => {
    for (const list of [GRADES, SPECIALTIES, TOPICS, LANGUAGES, COUNTRIES, MEETING_PREFERENCES]) {
      assert.equal(new Set(list.map((c) => c.value)).size, list.length);
    }
  });

  it('lists the 191 UN members outside the UK and Ireland plus Hong Kong, Taiwan, Kosovo and Palestine', () => {
    assert.equal(COUNTRIES.length, 195);
    const codes = new Set(COUNTRIES.map((c) => c.value));
    for (const code of ['HK', 'TW', 'XK', 'PS', 'NG', 'IN', 'PK', 'EG', 'SD']) assert.ok(codes.has(code), code);
    assert.ok(!codes.has('GB') && !codes.has('IE'));
    for (const c of COUNTRIES) assert.match(c.value, /^[A-Z]{2}$/);
  });

  it('lists the SPEC §3.1 topics exactly', () => {
    assert.deepEqual(
      TOPICS.map((t) => t.title),
      [
        'NHS induction and systems',
        'Exams and portfolio/ARCP',
        'Specialty applications',
        'Communication and language',
        'Culture and life in the UK',
        'Wellbeing',
        'Career progression',
        'Research',
      ],
    );
  });

  it('orders grades by career stage: FY1 before ST3+ before consultant', () => {
    const stage = (v: string) => GRADES.find((g) => g.value === v)!.stage;
    assert.ok(
      stage('fy1') < stage('fy2') &&
        stage('fy2') < stage('core-trainee') &&
        stage('core-trainee') < stage('st3-plus') &&
        stage('st3-plus') < stage('consultant'),
    );
    assert.ok(stage('dental-foundation') < stage('dental-core-trainee'));
  });
});
