import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DEFAULT_SETTINGS } from '../../src/domain/programme';
import { verifyCertificate } from '../../src/domain/matching/certificate';
import { generatePool } from '../../bench/pool-generator';
import { FAMILIES, familyPool } from '../../bench/pool-families';
import { boundedScan } from '../../src/domain/matching/candidates';
import { fullScan } from '../../src/domain/matching/candidates';
import { solveMatching, type MatchingInput, type MatchingResult } from '../../src/domain/matching/engine';
import { ExclusionSet, exclusionReason, pairsById } from '../../src/domain/matching/exclusions';
import { scorePair, type MenteeProfile, type MentorProfile } from '../../src/domain/matching/score';
import { ValidationError } from '../../src/domain/errors';

const weights = DEFAULT_SETTINGS.scoreWeights;

const profileFields = fc.record({
  personId: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10'),
  specialty: fc.constantFrom('psychiatry', 'paediatrics', 'anaesthetics'),
  site: fc.constantFrom('Leeds', 'Bradford'),
  qualificationCountry: fc.constantFrom('NG', 'GH', 'IN', 'PK', 'EG'),
  languages: fc.subarray(['en', 'yo', 'ha', 'hi', 'ur', 'ar']),
  topics: fc.subarray(['nhs-induction', 'exams-portfolio', 'wellbeing', 'research']),
  meetingPreference: fc.constantFrom('in-person' as const, 'virtual' as const, 'either' as const),
  grade: fc.constantFrom('fy1', 'fy2', 'core-trainee', 'st3-plus', 'consultant'),
  nhsStartDate: fc
    .integer({ min: 0, max: 5000 })
    .map((d) => new Date(Date.UTC(2010, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
});

/** Small random pools (≤ 6 mentees × 4 mentors) with exclusions and a minimum score. */
const smallPool: fc.Arbitrary<MatchingInput> = fc
  .record({
    mentees: fc.array(profileFields, { maxLength: 6 }),
    mentors: fc.array(fc.tuple(profileFields, fc.integer({ min: 0, max: 3 })), { maxLength: 4 }),
    excludedBits: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 24, maxLength: 24 }),
    minScore: fc.integer({ min: 0, max: 6000 }),
  })
  .map(({ mentees, mentors, excludedBits, minScore }) => {
    const menteeList: MenteeProfile[] = mentees.map((p, i) => ({ ...p, id: `e${i}` }));
    const mentorList: MentorProfile[] = mentors.map(([p, capacity], j) => ({ ...p, id: `r${j}`, capacity }));
    const excluded: [string, string][] = [];
    menteeList.forEach((e, i) =>
      mentorList.forEach((r, j) => {
        if (excludedBits[i * 4 + j] === 0) excluded.push([e.id, r.id]);
      }),
    );
    return { mentees: menteeList, mentors: mentorList, excluded, weights, minScore };
  });

/** Exhaustive search: every assignment of each mentee to a mentor or to nobody. Best (matched, total). */
function bruteForce(input: MatchingInput): { matched: number; total: number } {
  const exclusions = new ExclusionSet(pairsById(input.excluded ?? [], input.mentees, input.mentors));
  const allowed = input.mentees.map((e) =>
    input.mentors.map((r) => {
      const { score } = scorePair(e, r, input.weights);
      return exclusionReason(e, r, score, exclusions, input.minScore) ? -1 : score;
    }),
  );
  const load = input.mentors.map(() => 0);
  let best = { matched: 0, total: 0 };
  const visit = (i: number, matched: number, total: number): void => {
    if (i === input.mentees.length) {
      if (matched > best.matched || (matched === best.matched && total > best.total)) best = { matched, total };
      return;
    }
    visit(i + 1, matched, total);
    input.mentors.forEach((r, j) => {
      if (allowed[i][j] < 0 || load[j] >= r.capacity) return;
      load[j]++;
      visit(i + 1, matched + 1, total + allowed[i][j]);
      load[j]--;
    });
  };
  visit(0, 0, 0);
  return best;
}

/**
 * Pools of copies: mentees and mentors drawn from two or three profiles each (so classes of identical
 * profiles are large), with exclusions, shared persons and a minimum score.
 */
const copiesPool: fc.Arbitrary<MatchingInput> = fc
  .record({
    menteeTemplates: fc.array(profileFields, { minLength: 1, maxLength: 3 }),
    mentorTemplates: fc.array(profileFields, { minLength: 1, maxLength: 3 }),
    mentees: fc.array(fc.nat(), { minLength: 8, maxLength: 16 }),
    mentors: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 })), { minLength: 4, maxLength: 8 }),
    excludedBits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 128, maxLength: 128 }),
    shared: fc.nat({ max: 3 }),
    minScore: fc.integer({ min: 0, max: 5000 }),
  })
  .map(({ menteeTemplates, mentorTemplates, mentees, mentors, excludedBits, shared, minScore }) => {
    const menteeList: MenteeProfile[] = mentees.map((t, i) => ({
      ...menteeTemplates[t % menteeTemplates.length],
      id: `e${i}`,
      personId: `pe${i}`,
    }));
    const mentorList: MentorProfile[] = mentors.map(([t, capacity], j) => ({
      ...mentorTemplates[t % mentorTemplates.length],
      id: `r${j}`,
      personId: j < shared ? `pe${j}` : `pr${j}`,
      capacity,
    }));
    const excluded: [string, string][] = [];
    menteeList.forEach((e, i) =>
      mentorList.forEach((r, j) => {
        if (excludedBits[(i * 8 + j) % 128] === 0) excluded.push([e.id, r.id]);
      }),
    );
    return { mentees: menteeList, mentors: mentorList, excluded, weights, minScore };
  });

describe('matching engine', () => {
  it('finds the optimum of exhaustive search (most matched, then highest total) and certifies it', () => {
    fc.assert(
      fc.property(smallPool, (input) => {
        const result = solveMatching(input);
        const best = bruteForce(input);
        assert.equal(result.pairs.length, best.matched);
        assert.equal(result.totalScore, best.total);
        assert.deepEqual(verifyCertificate(input, result), []);
      }),
      { numRuns: 400 },
    );
  });

  it('solves pools of copies by classes to the optimum of person-by-person solving, exhaustive search and the certificate', () => {
    let byClasses = 0;
    fc.assert(
      fc.property(copiesPool, (input) => {
        const result = solveMatching(input);
        if (result.stats.byClasses) byClasses++;
        const plain = solveMatching(input, { classes: false });
        assert.deepEqual([result.pairs.length, result.totalScore], [plain.pairs.length, plain.totalScore]);
        assert.deepEqual(verifyCertificate(input, result), []);
        if (input.mentees.length <= 10 && input.mentors.length <= 5) {
          const best = bruteForce(input);
          assert.deepEqual([result.pairs.length, result.totalScore], [best.matched, best.total]);
        }
      }),
      { numRuns: 300 },
    );
    assert.ok(byClasses > 50, `only ${byClasses} pools were solved by classes`);
  });

  it('solves scarce pools of copies by classes, where mentee classes displace each other, to the person-by-person optimum', () => {
    // Few places for many copies: most class searches push another class's flow on, not the dummy's.
    const scarceCopies = fc
      .record({
        menteeTemplates: fc.array(profileFields, { minLength: 2, maxLength: 4 }),
        mentorTemplates: fc.array(profileFields, { minLength: 2, maxLength: 4 }),
        mentees: fc.array(fc.nat(), { minLength: 20, maxLength: 60 }),
        mentors: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 })), { minLength: 8, maxLength: 20 }),
        minScore: fc.integer({ min: 0, max: 4000 }),
      })
      .map(({ menteeTemplates, mentorTemplates, mentees, mentors, minScore }): MatchingInput => ({
        mentees: mentees.map((t, i) => ({
          ...menteeTemplates[t % menteeTemplates.length],
          id: `e${i}`,
          personId: `pe${i}`,
        })),
        mentors: mentors.map(([t, capacity], j) => ({
          ...mentorTemplates[t % mentorTemplates.length],
          id: `r${j}`,
          personId: `pr${j}`,
          capacity,
        })),
        weights,
        minScore,
      }));
    let byClasses = 0;
    fc.assert(
      fc.property(scarceCopies, (input) => {
        const result = solveMatching(input);
        if (result.stats.byClasses) byClasses++;
        const plain = solveMatching(input, { classes: false });
        assert.deepEqual([result.pairs.length, result.totalScore], [plain.pairs.length, plain.totalScore]);
        assert.deepEqual(verifyCertificate(input, result), []);
      }),
      { numRuns: 200 },
    );
    assert.ok(byClasses > 50, `only ${byClasses} pools were solved by classes`);
  });

  // Person by person at this size; pools of copies solved by classes meet exhaustive search in the test below.
  it('on small pools of every benchmark family, equals exhaustive search at the programme default minimum score', () => {
    let compared = 0;
    for (const family of FAMILIES) {
      let nonTrivial = 0;
      for (let seed = 1; seed <= 30; seed++) {
        const pool = familyPool(family, 9, 4, seed);
        const input: MatchingInput = { ...pool, weights, minScore: DEFAULT_SETTINGS.minimumMatchScore };
        const best = bruteForce(input);
        const result = solveMatching(input);
        assert.deepEqual(
          [result.pairs.length, result.totalScore],
          [best.matched, best.total],
          `${family} seed ${seed}: the engine's optimum is exhaustive search's`,
        );
        assert.deepEqual(verifyCertificate(input, result), [], `${family} seed ${seed}: certified`);
        if (best.matched > 0) nonTrivial++;
        compared++;
      }
      assert.ok(nonTrivial >= 20, `${family}: only ${nonTrivial} of 30 pools matched anyone`);
    }
    assert.equal(compared, FAMILIES.length * 30);
  });

  it('solves a pool of a few repeated profiles with heavy exclusions by classes or falls back, always optimal', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const pool = familyPool('ties', 300, 120, seed);
      const input: MatchingInput = { ...pool, weights, minScore: 2000 };
      const result = solveMatching(input);
      assert.ok(result.stats.byClasses);
      assert.deepEqual(verifyCertificate(input, result), []);
      const plain = solveMatching(input, { classes: false });
      assert.deepEqual([result.pairs.length, result.totalScore], [plain.pairs.length, plain.totalScore]);
    }
  });

  it('reaches the same optimum from one candidate per side, with the full or the bounded scan: pricing adds every pair that could improve it', () => {
    fc.assert(
      fc.property(smallPool, (input) => {
        const best = bruteForce(input);
        for (const scan of [undefined, boundedScan]) {
          const narrow = solveMatching(input, { candidatesPerSide: 1, scan });
          assert.deepEqual([narrow.pairs.length, narrow.totalScore], [best.matched, best.total]);
          assert.deepEqual(verifyCertificate(input, narrow), []);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('certifies larger skewed pools solved from one candidate per side over several repaired rounds', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const pool = generatePool(90, 30 + seed, seed);
      const input: MatchingInput = { ...pool, weights, minScore: 2500 + 200 * seed };
      const reference = solveMatching(input, { scan: fullScan });
      for (const scan of [fullScan, boundedScan]) {
        const narrow = solveMatching(input, { candidatesPerSide: 1, scan });
        assert.deepEqual(verifyCertificate(input, narrow), []);
        assert.deepEqual([narrow.pairs.length, narrow.totalScore], [reference.pairs.length, reference.totalScore]);
      }
    }
  });

  it('never exceeds a capacity, never uses an excluded, same-person or below-minimum pair', () => {
    fc.assert(
      fc.property(smallPool, (input) => {
        const result = solveMatching(input);
        const exclusions = new ExclusionSet(pairsById(input.excluded ?? [], input.mentees, input.mentors));
        for (const mentor of input.mentors)
          assert.ok(result.pairs.filter((p) => p.mentorId === mentor.id).length <= mentor.capacity);
        for (const p of result.pairs) {
          const e = input.mentees.find((m) => m.id === p.menteeId)!;
          const r = input.mentors.find((m) => m.id === p.mentorId)!;
          assert.equal(exclusionReason(e, r, p.score, exclusions, input.minScore), undefined);
          assert.equal(p.score, scorePair(e, r, weights).score);
        }
        assert.equal(result.pairs.length + result.unmatched.length, input.mentees.length);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same pairs whatever the input order', () => {
    fc.assert(
      fc.property(smallPool, fc.integer(), (input, seed) => {
        const shuffled = {
          ...input,
          mentees: shuffle(input.mentees, seed),
          mentors: shuffle(input.mentors, seed + 1),
          excluded: shuffle(input.excluded as [string, string][], seed + 2),
        };
        assert.deepEqual(solveMatching(shuffled).pairs, solveMatching(input).pairs);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same pairs and a valid certificate with exclusions by position as by id, in any input order', () => {
    fc.assert(
      fc.property(smallPool, fc.integer(), (input, seed) => {
        const shuffled = { ...input, mentees: shuffle(input.mentees, seed), mentors: shuffle(input.mentors, seed + 1) };
        const menteeAt = new Map(shuffled.mentees.map((m, i) => [m.id, i]));
        const mentorAt = new Map(shuffled.mentors.map((m, j) => [m.id, j]));
        const pairs = [...(input.excluded as [string, string][])];
        const byPosition: MatchingInput = {
          ...shuffled,
          excluded: {
            mentees: Int32Array.from(pairs, ([e]) => menteeAt.get(e)!),
            mentors: Int32Array.from(pairs, ([, r]) => mentorAt.get(r)!),
          },
        };
        const result = solveMatching(byPosition);
        assert.deepEqual(result.pairs, solveMatching(input).pairs);
        assert.deepEqual(verifyCertificate(byPosition, result), []);
        assert.deepEqual(verifyCertificate(input, result), []);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses exclusions by position outside the pool', () => {
    const base = {
      personId: 'p',
      specialty: 'psychiatry',
      site: 'Leeds',
      qualificationCountry: 'NG',
      languages: [],
      topics: [],
      meetingPreference: 'either' as const,
      grade: 'fy2',
      nhsStartDate: '2024-08-01',
    };
    const pool = {
      mentees: [{ ...base, id: 'a' }],
      mentors: [{ ...base, id: 'x', personId: 'q', capacity: 1 }],
      weights,
      minScore: 0,
    };
    assert.throws(
      () => solveMatching({ ...pool, excluded: { mentees: Int32Array.of(0), mentors: Int32Array.of(1) } }),
      ValidationError,
    );
    assert.throws(
      () => solveMatching({ ...pool, excluded: { mentees: Int32Array.of(0, 0), mentors: Int32Array.of(0) } }),
      ValidationError,
    );
    assert.equal(
      solveMatching({ ...pool, excluded: { mentees: Int32Array.of(0), mentors: Int32Array.of(0) } }).pairs.length,
      0,
    );
  });

  it('matches more mentees before it raises the total score', () => {
    const base = {
      personId: '',
      site: 'Leeds',
      qualificationCountry: 'NG',
      languages: ['en'],
      topics: [],
      meetingPreference: 'either' as const,
      grade: 'fy2',
      nhsStartDate: '2024-08-01',
    };
    const mentees: MenteeProfile[] = [
      { ...base, id: 'a', personId: 'pa', specialty: 'psychiatry' },
      { ...base, id: 'b', personId: 'pb', specialty: 'paediatrics' },
    ];
    const mentors: MentorProfile[] = [
      {
        ...base,
        id: 'x',
        personId: 'px',
        specialty: 'psychiatry',
        grade: 'core-trainee',
        nhsStartDate: '2022-08-01',
        capacity: 1,
      },
      {
        ...base,
        id: 'y',
        personId: 'py',
        specialty: 'dermatology',
        grade: 'consultant',
        nhsStartDate: '1999-08-01',
        capacity: 1,
      },
    ];
    // a–x is the single best pair, but then b (barred from y) stays unmatched; a–y with b–x matches both.
    const input: MatchingInput = { mentees, mentors, excluded: [['b', 'y']], weights, minScore: 0 };
    const result = solveMatching(input);
    assert.deepEqual(
      result.pairs.map((p) => `${p.menteeId}-${p.mentorId}`),
      ['a-y', 'b-x'],
    );
    assert.ok(
      scorePair(mentees[0], mentors[0], weights).score >
        result.totalScore - scorePair(mentees[1], mentors[0], weights).score,
    );
    assert.deepEqual(verifyCertificate(input, result), []);
  });

  it('says why a mentee stays unmatched', () => {
    const base = {
      site: 'Leeds',
      qualificationCountry: 'NG',
      languages: ['en'],
      topics: [],
      meetingPreference: 'either' as const,
      grade: 'fy2',
      nhsStartDate: '2024-08-01',
      specialty: 'psychiatry',
    };
    const input: MatchingInput = {
      mentees: [
        { ...base, id: 'a', personId: 'pa' },
        { ...base, id: 'b', personId: 'pb' },
        { ...base, id: 'c', personId: 'pc' },
      ],
      mentors: [{ ...base, id: 'x', personId: 'px', capacity: 1 }],
      excluded: [['c', 'x']],
      weights,
      minScore: 0,
    };
    const result = solveMatching(input);
    assert.deepEqual(result.unmatched, [
      { menteeId: 'b', reason: 'every mentor who would suit is already at capacity' },
      { menteeId: 'c', reason: 'no mentor reaches the programme minimum score without being excluded' },
    ]);
  });

  it('rejects duplicate ids and negative capacities', () => {
    const base = {
      personId: 'p',
      specialty: 'psychiatry',
      site: 'Leeds',
      qualificationCountry: 'NG',
      languages: [],
      topics: [],
      meetingPreference: 'either' as const,
      grade: 'fy2',
      nhsStartDate: '2024-08-01',
    };
    assert.throws(
      () =>
        solveMatching({
          mentees: [
            { ...base, id: 'a' },
            { ...base, id: 'a' },
          ],
          mentors: [],
          weights,
          minScore: 0,
        }),
      ValidationError,
    );
    assert.throws(
      () => solveMatching({ mentees: [], mentors: [{ ...base, id: 'x', capacity: -1 }], weights, minScore: 0 }),
      ValidationError,
    );
  });
});

describe('matching certificate', () => {
  const poolWithPairs = smallPool
    .map((input) => ({ input, result: solveMatching(input) }))
    .filter(({ result }) => result.pairs.length > 0);

  it('catches a dropped pair', () => {
    fc.assert(
      fc.property(poolWithPairs, ({ input, result }) => {
        const [dropped, ...rest] = result.pairs;
        const tampered = {
          ...result,
          pairs: rest,
          unmatched: [...result.unmatched, { menteeId: dropped.menteeId, reason: '' }],
          totalScore: result.totalScore - dropped.score,
        };
        assert.notDeepEqual(verifyCertificate(input, tampered), []);
      }),
      { numRuns: 150 },
    );
  });

  it('accepts a result with mentors swapped only when it is just as good (never a worse one)', () => {
    fc.assert(
      fc.property(poolWithPairs, ({ input, result }) => {
        if (result.pairs.length < 2) return;
        const [a, b, ...rest] = result.pairs;
        const rescore = (menteeId: string, mentorId: string) => ({
          menteeId,
          mentorId,
          ...scorePair(
            input.mentees.find((m) => m.id === menteeId)!,
            input.mentors.find((m) => m.id === mentorId)!,
            weights,
          ),
        });
        const pairs = [rescore(a.menteeId, b.mentorId), rescore(b.menteeId, a.mentorId), ...rest];
        const tampered = { ...result, pairs, totalScore: pairs.reduce((s, p) => s + p.score, 0) };
        const accepted = verifyCertificate(input, tampered).length === 0;
        if (accepted) assert.equal(tampered.totalScore, bruteForce(input).total);
        if (tampered.totalScore < result.totalScore) assert.ok(!accepted);
      }),
      { numRuns: 150 },
    );
  });

  it('catches a perturbed price, a claimed score that is not the real one, and an over-full mentor', () => {
    fc.assert(
      fc.property(poolWithPairs, fc.boolean(), ({ input, result }, up) => {
        const id = result.pairs[0].menteeId;
        const delta = up ? 1 : -1;
        const priced: MatchingResult = {
          ...result,
          certificate: {
            ...result.certificate,
            menteePrice: { ...result.certificate.menteePrice, [id]: result.certificate.menteePrice[id] + delta },
          },
        };
        assert.notDeepEqual(verifyCertificate(input, priced), []);
        const inflated = {
          ...result,
          pairs: result.pairs.map((p, k) => (k === 0 ? { ...p, score: p.score + 1 } : p)),
          totalScore: result.totalScore + 1,
        };
        assert.notDeepEqual(verifyCertificate(input, inflated), []);
        const mentorId = result.pairs[0].mentorId;
        const squeezed = {
          ...input,
          mentors: input.mentors.map((m) => (m.id === mentorId ? { ...m, capacity: 0 } : m)),
        };
        assert.notDeepEqual(verifyCertificate(squeezed, result), []);
      }),
      { numRuns: 150 },
    );
  });
});

function shuffle<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed >>> 0;
  for (let k = out.length - 1; k > 0; k--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s % (k + 1);
    [out[k], out[r]] = [out[r], out[k]];
  }
  return out;
}
