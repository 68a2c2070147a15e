import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { GRADES, LANGUAGES, SPECIALTIES, TOPICS } from '../../src/domain/catalogue';
import { DEFAULT_SETTINGS } from '../../src/domain/programme';
import { maxScore, scorePair, type MenteeProfile, type MentorProfile } from '../../src/domain/matching/score';
import { dayNumber } from '../../src/domain/matching/score';
import { PairTables } from '../../src/domain/matching/score';
import { buildKernel } from '../../src/domain/matching/score';

const weights = DEFAULT_SETTINGS.scoreWeights;

const mentee: MenteeProfile = {
  id: 'e1',
  personId: 'amara',
  specialty: 'psychiatry',
  site: 'Leeds General Infirmary',
  qualificationCountry: 'NG',
  languages: ['en', 'yo', 'ig'],
  topics: ['exams-portfolio', 'culture-life-uk', 'wellbeing'],
  meetingPreference: 'either',
  grade: 'fy2',
  nhsStartDate: '2025-08-06',
};
const mentor: MentorProfile = {
  id: 'r1',
  personId: 'tunde',
  specialty: 'psychiatry',
  site: 'Leeds General Infirmary',
  qualificationCountry: 'NG',
  languages: ['en', 'yo'],
  topics: ['exams-portfolio', 'wellbeing'],
  meetingPreference: 'virtual',
  grade: 'st1-2',
  nhsStartDate: '2023-08-02',
  capacity: 2,
};

const profile = fc.record({
  id: fc.constant('x'),
  personId: fc.constant('x'),
  specialty: fc.constantFrom(...SPECIALTIES.slice(0, 5).map((s) => s.value)),
  site: fc.constantFrom('A', 'B'),
  qualificationCountry: fc.constantFrom('NG', 'GH', 'IN', 'PK', 'EG', 'ZZ'),
  languages: fc.subarray(LANGUAGES.slice(0, 40).map((l) => l.value)),
  topics: fc.subarray(TOPICS.map((t) => t.value)),
  meetingPreference: fc.constantFrom('in-person' as const, 'virtual' as const, 'either' as const),
  grade: fc.constantFrom(...GRADES.map((g) => g.value), 'unknown-grade'),
  nhsStartDate: fc
    .integer({ min: 0, max: 9000 })
    .map((d) => new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
});

describe('matching score', () => {
  it('explains a strong pair in plain words with catalogue titles', () => {
    const { score, reasons } = scorePair(mentee, mentor, weights);
    assert.deepEqual(reasons, [
      'same specialty: Psychiatry',
      'same site',
      'also qualified in Nigeria',
      'also speaks Yoruba',
      'can help with Exams and portfolio/ARCP and Wellbeing (2 of 3 topics wanted)',
      'meeting preferences fit',
      '1 stage ahead in training, joined the NHS 2 years earlier',
    ]);
    // 3000 + 1500 + 1500 + 750 + round(2000 × 2/3) + 400 + round(350 × 0.9) + 150 (two years earlier)
    assert.equal(score, 3000 + 1500 + 1500 + 750 + 1333 + 400 + 315 + 150);
  });

  it('gives half the country points for the same region and says which country', () => {
    const { reasons } = scorePair(mentee, { ...mentor, qualificationCountry: 'GH' }, weights);
    assert.ok(reasons.includes('qualified nearby in Ghana (Western Africa)'));
    assert.equal(
      scorePair(mentee, mentor, weights).score -
        scorePair(mentee, { ...mentor, qualificationCountry: 'GH' }, weights).score,
      750,
    );
    assert.equal(
      scorePair(mentee, mentor, weights).score -
        scorePair(mentee, { ...mentor, qualificationCountry: 'IN' }, weights).score,
      1500,
    );
  });

  it('prefers a mentor a few stages ahead who joined recently over a very senior one', () => {
    const near = scorePair(mentee, mentor, weights).score;
    const senior = scorePair(mentee, { ...mentor, grade: 'consultant', nhsStartDate: '2001-02-01' }, weights).score;
    const peer = scorePair(mentee, { ...mentor, grade: 'fy2', nhsStartDate: '2025-08-06' }, weights).score;
    const behind = scorePair(mentee, { ...mentor, grade: 'fy1' }, weights).score;
    assert.ok(near > senior && near > peer && peer > behind, `${near} ${senior} ${peer} ${behind}`);
  });

  it('does not count English as a shared language, nor a conflicting meeting preference', () => {
    const english = scorePair({ ...mentee, languages: ['en'] }, mentor, weights);
    assert.ok(!english.reasons.some((r) => r.startsWith('also speaks')));
    const conflict = scorePair({ ...mentee, meetingPreference: 'in-person' }, mentor, weights);
    assert.ok(!conflict.reasons.some((r) => r.includes('meeting') || r.includes('meet')));
  });

  it('gives integer scores between 0 and the maximum, and scales with the weights', () => {
    fc.assert(
      fc.property(profile, profile, (a, b) => {
        const { score, reasons } = scorePair(a, { ...b, capacity: 1 }, weights);
        assert.ok(Number.isInteger(score) && score >= 0 && score <= maxScore(weights));
        assert.ok(reasons.every((r) => r.length > 0));
        const zero = Object.fromEntries(Object.keys(weights).map((k) => [k, 0])) as typeof weights;
        assert.equal(scorePair(a, { ...b, capacity: 1 }, zero).score, 0);
      }),
    );
  });

  it('equals the engine’s table-driven score on every pair', () => {
    fc.assert(
      fc.property(
        fc.array(profile, { minLength: 1, maxLength: 5 }),
        fc.array(profile, { minLength: 1, maxLength: 5 }),
        (as, bs) => {
          const mentors = bs.map((b) => ({ ...b, capacity: 1 }));
          const tables = new PairTables(buildKernel(as, mentors, weights));
          const row = new Int32Array(mentors.length);
          as.forEach((a, i) => {
            tables.scoreRow(i, 0, mentors.length, row);
            mentors.forEach((b, j) => {
              assert.equal(tables.score(i, j), scorePair(a, b, weights).score);
              assert.equal(row[j], scorePair(a, b, weights).score);
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts a language or topic listed twice once, in the reasons and in the engine alike', () => {
    const twice = {
      ...mentee,
      languages: ['en', 'yo', 'yo', 'en'],
      topics: ['wellbeing', 'exams-portfolio', 'wellbeing'],
    };
    const once = { ...mentee, languages: ['en', 'yo'], topics: ['wellbeing', 'exams-portfolio'] };
    assert.deepEqual(scorePair(twice, mentor, weights), scorePair(once, mentor, weights));
    assert.ok(
      scorePair(twice, mentor, weights).reasons.some(
        (r) => r.startsWith('can help with') && r.endsWith('(2 of 2 topics wanted)'),
      ),
    );
    assert.equal(
      new PairTables(buildKernel([twice], [mentor], weights)).score(0, 0),
      scorePair(once, mentor, weights).score,
    );
  });

  it('reads start dates as whole days since 1970, as Date.UTC does, past month ends included', () => {
    const reference = (iso: string): number =>
      Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000);
    assert.equal(dayNumber('1970-01-01'), 0);
    assert.equal(dayNumber('2025-08-06'), 20306);
    assert.equal(dayNumber('2024-02-30'), dayNumber('2024-03-01'));
    assert.ok(Number.isNaN(dayNumber('not a date')));
    const pad = (n: number, w: number): string => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 35 }),
        (y, m, d) => {
          const iso = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          const [a, b] = [dayNumber(iso), reference(iso)];
          assert.ok(a === b || (Number.isNaN(a) && Number.isNaN(b)), `${iso}: ${a} vs ${b}`);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
