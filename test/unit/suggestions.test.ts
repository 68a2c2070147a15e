import assert from 'node:assert/strict';
import { cleanFilters, rankSuggestions, type Rankable } from '../../src/domain/suggestions';

const mentor = (id: string, score: number, over: Partial<Rankable> = {}): Rankable => ({
  id,
  name: `Dr ${id}`,
  score,
  specialty: 'psychiatry',
  site: 'Royal Infirmary',
  country: 'IN',
  languages: ['en', 'ml'],
  ...over,
});

describe('mentor suggestions: ranking, filters and paging (SPEC §3.2)', () => {
  const pool = [
    mentor('c', 50),
    mentor('a', 90, { site: 'General Hospital', country: 'NG', languages: ['en', 'yo'] }),
    mentor('b', 50),
    mentor('d', 10, { specialty: 'general-practice' }),
    mentor('e', 70, { specialty: 'general-practice', languages: ['en'] }),
  ];

  it('best score first; ties by name then id, so pages are stable', () => {
    assert.deepEqual(
      rankSuggestions(pool, {}, 1, 10).items.map((m) => m.id),
      ['a', 'e', 'b', 'c', 'd'],
    );
    const twins = [mentor('y', 5, { name: 'Dr Same' }), mentor('x', 5, { name: 'Dr Same' })];
    assert.deepEqual(
      rankSuggestions(twins, {}, 1, 10).items.map((m) => m.id),
      ['x', 'y'],
    );
  });

  it('every filter given must match; empty filters mean any', () => {
    assert.deepEqual(
      rankSuggestions(pool, { specialty: 'general-practice' }, 1, 10).items.map((m) => m.id),
      ['e', 'd'],
    );
    assert.deepEqual(
      rankSuggestions(pool, { language: 'ml' }, 1, 10).items.map((m) => m.id),
      ['b', 'c', 'd'],
    );
    assert.deepEqual(
      rankSuggestions(pool, { country: 'NG', site: 'General Hospital' }, 1, 10).items.map((m) => m.id),
      ['a'],
    );
    assert.deepEqual(rankSuggestions(pool, { specialty: 'general-practice', language: 'yo' }, 1, 10).items, []);
    assert.deepEqual(cleanFilters({ specialty: '', site: '  ', country: 'IN' }), { country: 'IN' });
  });

  it('pages of the given size; a page out of range is clamped', () => {
    const p2 = rankSuggestions(pool, {}, 2, 2);
    assert.deepEqual([p2.items.map((m) => m.id), p2.page, p2.pageCount, p2.total], [['b', 'c'], 2, 3, 5]);
    assert.equal(rankSuggestions(pool, {}, 99, 2).page, 3);
    assert.equal(rankSuggestions(pool, {}, 0, 2).page, 1);
    assert.equal(rankSuggestions(pool, {}, Number.NaN, 2).page, 1);
    const none = rankSuggestions([], {}, 1, 5);
    assert.deepEqual([none.items, none.page, none.pageCount, none.total], [[], 1, 1, 0]);
  });

  it('filter options come from all available mentors, sorted and distinct, whatever the filters', () => {
    const r = rankSuggestions(pool, { specialty: 'general-practice' }, 1, 2);
    assert.deepEqual(r.options, {
      specialties: ['general-practice', 'psychiatry'],
      sites: ['General Hospital', 'Royal Infirmary'],
      countries: ['IN', 'NG'],
      languages: ['en', 'ml', 'yo'],
    });
  });

  it('every mentor shown matches the filters, and all matching ones appear across the pages (property)', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let run = 0; run < 200; run++) {
      const mentors = Array.from({ length: rand(15) }, (_, i) =>
        mentor(`m${i}`, rand(5), {
          specialty: ['a', 'b'][rand(2)],
          site: ['s', 't'][rand(2)],
          languages: [['en'], ['en', 'ml']][rand(2)],
        }),
      );
      const filters = { specialty: ['', 'a'][rand(2)], language: ['', 'ml'][rand(2)] };
      const size = 1 + rand(4);
      const first = rankSuggestions(mentors, filters, 1, size);
      const all = Array.from(
        { length: first.pageCount },
        (_, i) => rankSuggestions(mentors, filters, i + 1, size).items,
      ).flat();
      const expected = mentors.filter(
        (m) =>
          (!filters.specialty || m.specialty === filters.specialty) &&
          (!filters.language || m.languages.includes(filters.language)),
      );
      assert.deepEqual(all.map((m) => m.id).sort(), expected.map((m) => m.id).sort());
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].score >= all[i].score, 'best first across pages');
    }
  });
});
