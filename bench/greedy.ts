import type { MatchingInput } from '../src/domain/matching/engine';
import { scorePair } from '../src/domain/matching/score';
import { AllowedPairs } from './all-pairs';

const BAND_PAIRS = 16_000_000;

/** What a baseline found: pairs matched and their total score. */
export interface PeerResult {
  matched: number;
  total: number;
}

/**
 * The vendors' way: take allowed pairs from the highest score down (ties by mentee, then mentor order),
 * keeping a pair when the mentee is free and the mentor has room. To stay within memory at 20,000 × 8,000
 * (40 million allowed pairs) it counts scores first, then collects and assigns one band of scores at a
 * time (counting sort, no comparisons), scoring pairs with the engine's table kernel.
 */
export function greedy(input: MatchingInput): PeerResult & { allowedPairs: number } {
  const all = new AllowedPairs(input);
  const histogram = new Float64Array(1 << 16);
  let allowedPairs = 0;
  all.forEach((_i, _j, s) => {
    histogram[s]++;
    allowedPairs++;
  });
  const taken = new Uint8Array(input.mentees.length);
  const room = Int32Array.from(input.mentors, (m) => m.capacity);
  let slots = room.reduce((a, b) => a + b, 0);
  let matched = 0;
  let total = 0;
  for (let hi = histogram.length - 1; hi >= 0 && matched < input.mentees.length && slots > 0; ) {
    let lo = hi;
    let count = histogram[hi];
    while (lo > 0 && count + histogram[lo - 1] <= BAND_PAIRS) count += histogram[--lo];
    if (count > 0) {
      // Counting sort by score, stable in (mentee, mentor) order.
      const offset = new Float64Array(hi - lo + 2);
      for (let s = hi; s >= lo; s--) offset[hi - s + 1] = offset[hi - s] + histogram[s];
      const is = new Int32Array(count);
      const js = new Int32Array(count);
      all.forEach((i, j, s) => {
        if (s < lo || s > hi) return;
        const at = offset[hi - s]++;
        is[at] = i;
        js[at] = j;
      });
      for (let k = 0; k < count; k++) {
        if (taken[is[k]] || room[js[k]] === 0) continue;
        taken[is[k]] = 1;
        room[js[k]]--;
        slots--;
        matched++;
        total += scoreOf(input, is[k], js[k]);
      }
    }
    hi = lo - 1;
  }
  return { matched, total, allowedPairs };
}

// Scores are needed only for the pairs kept, so recomputing them is cheaper than storing every score.
function scoreOf(input: MatchingInput, i: number, j: number): number {
  return scorePair(input.mentees[i], input.mentors[j], input.weights).score;
}
