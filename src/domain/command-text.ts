/**
 * Typed commands as people actually type them: any case, with punctuation, "please", "show me", "I want to",
 * articles. Both the command table's phrases and what was typed go through {@link commandKey}, so a phrase
 * written naturally ("find a mentor") also matches "Find mentor please!" and "can you show me my matches?".
 */

/** Words that never change what is asked for. */
const FILLER = new Set([
  'please',
  'pls',
  'plz',
  'kindly',
  'thanks',
  'thank',
  'you',
  'thx',
  'cheers',
  'the',
  'a',
  'an',
  'me',
  'just',
  'now',
  'hey',
  'bot',
  'ok',
  'okay',
]);

/** Ways of starting a request that carry no meaning of their own, removed from the front (repeatedly). */
const LEAD_INS: readonly (readonly string[])[] = [
  ['i', 'would', 'like', 'to'],
  ['id', 'like', 'to'],
  ['i', 'want', 'to'],
  ['i', 'need', 'to'],
  ['how', 'do', 'i'],
  ['how', 'can', 'i'],
  ['i', 'would', 'like'],
  ['id', 'like'],
  ['i', 'want'],
  ['i', 'need'],
  ['can', 'i'],
  ['could', 'i'],
  ['may', 'i'],
  ['can'],
  ['could'],
  ['would'],
  ['will'],
  ['let'],
  ['go', 'to'],
  ['take', 'to'],
  ['show'],
  ['open'],
  ['view'],
  ['see'],
  ['list'],
  ['give'],
  ['get'],
  ['to'],
];

/** The comparable form of a command: lower case, letters and digits only, filler and lead-ins removed. */
export function commandKey(text: string): string {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w && !FILLER.has(w));
  for (let changed = true; changed;) {
    changed = false;
    for (const lead of LEAD_INS) {
      if (words.length > lead.length && lead.every((w, i) => words[i] === w)) {
        words.splice(0, lead.length);
        changed = true;
        break;
      }
    }
  }
  return words.join(' ');
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean" on a typo. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known key closest to `key` when it is plausibly a typo of it (a couple of letters off), else undefined. */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
  if (key.length < 4 || key.length > 60) return undefined;
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(key, k);
    if (d <= Math.max(1, Math.floor(k.length / 5)) && (!best || d < best.d)) best = { key: k, d };
  }
  return best?.key;
}
