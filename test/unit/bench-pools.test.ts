import { strict as assert } from 'node:assert';
import { IndexedPairs } from '../../bench/indexed-pairs';
import { FAMILIES, familyPool, type Family } from '../../bench/pool-families';
import { generatePool } from '../../bench/pool-generator';

describe('benchmark pools', () => {
  it('hand out every excluded pair once, in order, as a tuple of its own that outlives the iteration', () => {
    const people = (prefix: string, n: number): { id: string }[] =>
      Array.from({ length: n }, (_, k) => ({ id: `${prefix}${k}` }));
    const pairs = new IndexedPairs(people('e', 3), people('r', 4));
    const added: [number, number][] = [
      [0, 1],
      [0, 3],
      [2, 0],
    ];
    for (let k = 0; k < 1500; k++) added.push([k % 3, k % 4]); // past the first growth of the arrays
    for (const [i, j] of added) pairs.push(i, j);
    const kept = [...pairs];
    assert.equal(kept.length, added.length);
    assert.deepEqual(kept.slice(0, 3), [
      ['e0', 'r1'],
      ['e0', 'r3'],
      ['e2', 'r0'],
    ]);
    assert.deepEqual(
      kept.map(([e, r]) => [Number(e.slice(1)), Number(r.slice(1))]),
      added,
    );
    assert.deepEqual([...pairs], kept, 'a second iteration starts again from the first pair');
  });

  it('are the same for the same seed, with about 2% of all pairs excluded', () => {
    const a = generatePool(200, 80, 7);
    const b = generatePool(200, 80, 7);
    assert.deepEqual(a.mentees, b.mentees);
    assert.deepEqual([...a.excluded], [...b.excluded]);
    const share = [...a.excluded].length / (200 * 80);
    assert.ok(share > 0.015 && share < 0.025, `excluded share ${share}`);
  });
});

describe('benchmark pool families', () => {
  it('are seeded and have the shape each family promises', () => {
    for (const family of FAMILIES) {
      const a = familyPool(family, 300, 120, 3);
      const b = familyPool(family, 300, 120, 3);
      assert.deepEqual(a.mentees, b.mentees, family);
      assert.deepEqual(a.mentors, b.mentors, family);
      assert.equal(a.mentees.length, 300);
      assert.equal(a.mentors.length, 120);
    }
    const places = (family: Family): number =>
      familyPool(family, 3000, 1200, 1).mentors.reduce((sum, m) => sum + m.capacity, 0);
    const scarce = familyPool('scarce', 3000, 1200, 1);
    assert.ok(scarce.mentors.every((m) => m.capacity === 1 || m.capacity === 5));
    assert.ok(Math.abs(places('scarce') - 1500) < 200, `scarce places ${places('scarce')}`);
    assert.ok(places('ties') > 2.7 * 3000 && places('ties') < 3.3 * 3000, `ties places ${places('ties')}`);
    const ties = familyPool('ties', 3000, 1200, 1);
    const key = (p: object): string => JSON.stringify({ ...p, id: '', personId: '', capacity: 0 });
    const copies = new Map<string, number>();
    for (const p of ties.mentees) copies.set(key(p), (copies.get(key(p)) ?? 0) + 1);
    const inTemplates = [...copies.values()].filter((n) => n > 1).reduce((a, n) => a + n, 0);
    assert.ok(inTemplates / 3000 > 0.8, `mentees in templates ${inTemplates / 3000}`);
    const excluded = [...familyPool('exclusions', 300, 120, 1).excluded].length / (300 * 120);
    assert.ok(excluded > 0.18 && excluded < 0.22, `excluded share ${excluded}`);
  });
});
