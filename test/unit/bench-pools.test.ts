import { strict as assert } from 'node:assert';
import { IndexedPairs } from '../../bench/indexed-pairs';
import { generatePool } from '../../bench/pool-generator';

describe('benchmark pools', () => {
  it('hand out every excluded pair once, in order, as a tuple of its own that outlives the iteration', () => {
    const people = (prefix: string, n: number): { id: string }[] => Array.from({ length: n }, (_, k) => ({ id: `${prefix}${k}` }));
    const pairs = new IndexedPairs(people('e', 3), people('r', 4));
    const added: [number, number][] = [[0, 1], [0, 3], [2, 0]];
    for (let k = 0; k < 1500; k++) added.push([k % 3, k % 4]); // past the first growth of the arrays
    for (const [i, j] of added) pairs.push(i, j);
    const kept = [...pairs];
    assert.equal(kept.length, added.length);
    assert.deepEqual(kept.slice(0, 3), [['e0', 'r1'], ['e0', 'r3'], ['e2', 'r0']]);
    assert.deepEqual(kept.map(([e, r]) => [Number(e.slice(1)), Number(r.slice(1))]), added);
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
