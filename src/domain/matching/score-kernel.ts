import { countryRegion } from '../catalogue';
import {
  careerPoints,
  countryPoints,
  dayNumber,
  languagePoints,
  meetingPoints,
  samePoints,
  topicPoints,
} from './score-parts';
import { profileStage, type MatchProfile, type ScoreWeights } from './score';

// The engine scores millions of pairs, so profiles are turned into integer codes and bit sets once and
// every part of the score becomes a table lookup. Tables are filled by the same functions scorePair uses.

const MEET: Record<string, number> = { 'in-person': 0, virtual: 1, either: 2 };
const NO_STAGE_MENTEE = 10_000; // makes (mentor − mentee) very negative: no stage points
const NO_STAGE_MENTOR = -10_000;
const RECENCY_DAYS = 3653; // recency is zero from ten years on

/** One side of the pool as typed arrays, indexed by position in the (id-sorted) side. */
export interface EncodedSide {
  n: number;
  spec: Int32Array;
  site: Int32Array;
  country: Int32Array;
  /** Region code, −1 when the country is not in the catalogue (then only the same country counts). */
  region: Int32Array;
  person: Int32Array;
  /** Non-English languages as a bit set of `langWords` words per person. */
  lang: Int32Array;
  topic: Int32Array;
  topicCount: Int32Array;
  meet: Int32Array;
  stage: Int32Array;
  day: Int32Array;
}

/** Both sides encoded against shared dictionaries, plus the score tables for one set of weights. */
export interface Kernel {
  mentees: EncodedSide;
  mentors: EncodedSide;
  langWords: number;
  topicWords: number;
  specPts: number;
  sitePts: number;
  countryPts: number;
  regionPts: number;
  langPts: Int32Array;
  /** Indexed by wanted × (topicLimit + 1) + covered. */
  topicPts: Int32Array;
  topicLimit: number;
  meetPts: Int32Array;
  /** Indexed by clamp(stage gap, −1, 6) + 1. */
  stagePts: Int32Array;
  recencyPts: Int32Array;
}

class Dictionary {
  private readonly codes = new Map<string, number>();
  code(value: string): number {
    let c = this.codes.get(value);
    if (c === undefined) this.codes.set(value, (c = this.codes.size));
    return c;
  }
  get size(): number {
    return this.codes.size;
  }
}

/** Encodes both sides and builds the tables. */
export function buildKernel(
  mentees: readonly MatchProfile[],
  mentors: readonly MatchProfile[],
  weights: ScoreWeights,
): Kernel {
  const dict = {
    spec: new Dictionary(),
    site: new Dictionary(),
    country: new Dictionary(),
    region: new Dictionary(),
    person: new Dictionary(),
    lang: new Dictionary(),
    topic: new Dictionary(),
  };
  for (const p of [...mentees, ...mentors]) {
    for (const l of p.languages) if (l !== 'en') dict.lang.code(l);
    for (const t of p.topics) dict.topic.code(t);
  }
  const langWords = Math.max(1, Math.ceil(dict.lang.size / 32));
  const topicWords = Math.max(1, Math.ceil(dict.topic.size / 32));
  const encode = (list: readonly MatchProfile[], noStage: number): EncodedSide => {
    const n = list.length;
    const side: EncodedSide = {
      n,
      spec: new Int32Array(n),
      site: new Int32Array(n),
      country: new Int32Array(n),
      region: new Int32Array(n),
      person: new Int32Array(n),
      lang: new Int32Array(n * langWords),
      topic: new Int32Array(n * topicWords),
      topicCount: new Int32Array(n),
      meet: new Int32Array(n),
      stage: new Int32Array(n),
      day: new Int32Array(n),
    };
    list.forEach((p, i) => {
      side.spec[i] = dict.spec.code(p.specialty);
      side.site[i] = dict.site.code(p.site);
      side.country[i] = dict.country.code(p.qualificationCountry);
      const region = countryRegion(p.qualificationCountry);
      side.region[i] = region === undefined ? -1 : dict.region.code(region);
      side.person[i] = dict.person.code(p.personId);
      for (const l of p.languages) if (l !== 'en') setBit(side.lang, i * langWords, dict.lang.code(l));
      let count = 0;
      for (const t of p.topics) count += setBit(side.topic, i * topicWords, dict.topic.code(t));
      side.topicCount[i] = count;
      side.meet[i] = MEET[p.meetingPreference] ?? 2;
      side.stage[i] = profileStage(p) ?? noStage;
      side.day[i] = dayNumber(p.nhsStartDate);
    });
    return side;
  };
  const L = encode(mentees, NO_STAGE_MENTEE);
  const topicLimit = L.topicCount.reduce((a, b) => Math.max(a, b), 0);
  const topicPts = new Int32Array((topicLimit + 1) * (topicLimit + 1));
  for (let w = 0; w <= topicLimit; w++)
    for (let c = 0; c <= w; c++) topicPts[w * (topicLimit + 1) + c] = topicPoints(c, w, weights.topics);
  const meetNames = ['in-person', 'virtual', 'either'];
  return {
    mentees: L,
    mentors: encode(mentors, NO_STAGE_MENTOR),
    langWords,
    topicWords,
    specPts: samePoints(true, weights.specialty),
    sitePts: samePoints(true, weights.site),
    countryPts: countryPoints('x', 'x', weights.country).points,
    regionPts: Math.round(weights.country * 100 * 0.5),
    langPts: Int32Array.from([0, 1, 2], (k) => languagePoints(k, weights.languages)),
    topicPts,
    topicLimit,
    meetPts: Int32Array.from({ length: 9 }, (_, k) =>
      meetingPoints(meetNames[Math.floor(k / 3)], meetNames[k % 3], weights.meetingPreference),
    ),
    stagePts: Int32Array.from({ length: 8 }, (_, k) => careerPoints(k - 1, -1, weights.careerStage)),
    recencyPts: Int32Array.from({ length: RECENCY_DAYS }, (_, d) => careerPoints(undefined, d, weights.careerStage)),
  };
}

/** Sets the bit; 1 when it was clear, 0 when already set (so repeated values count once). */
function setBit(words: Int32Array, offset: number, bit: number): number {
  const w = words[offset + (bit >>> 5)];
  const mask = 1 << (bit & 31);
  words[offset + (bit >>> 5)] = w | mask;
  return (w & mask) === 0 ? 1 : 0;
}

/** Number of set bits in a 32-bit integer. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
