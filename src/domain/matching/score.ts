import {
  countryRegion,
  type Region,
  COUNTRIES,
  LANGUAGES,
  SPECIALTIES,
  TOPICS,
  gradeStage,
  titleOf,
} from '../catalogue';
import type { ProgrammeSettings } from '../programme';

// The parts of a pair's score, each in integer points (weight × 100 × a fraction, rounded once per part).
// scorePair and the engine's table-driven scorer both call these, so they cannot drift apart.

const SCALE = 100;

/** Points for an exact match (specialty, site). */
export function samePoints(same: boolean, weight: number): number {
  return same ? Math.round(weight * SCALE) : 0;
}

/** Country of qualification: the same country scores in full, another country in the same UN region half. */
export function countryPoints(
  a: string,
  b: string,
  weight: number,
): { points: number; same: boolean; region?: Region } {
  if (a === b) return { points: Math.round(weight * SCALE), same: true };
  const region = countryRegion(a);
  if (region !== undefined && region === countryRegion(b))
    return { points: Math.round(weight * SCALE * 0.5), same: false, region };
  return { points: 0, same: false };
}

/**
 * Shared languages other than English (everyone in the NHS shares English, so it tells nothing):
 * one shared language is most of the value, a second adds the rest.
 */
export function languagePoints(shared: number, weight: number): number {
  return Math.round(weight * SCALE * (shared <= 0 ? 0 : shared === 1 ? 0.75 : 1));
}

/** The fraction of the mentee's wanted topics that the mentor offers. */
export function topicPoints(covered: number, wanted: number, weight: number): number {
  return wanted <= 0 ? 0 : Math.round((weight * SCALE * covered) / wanted);
}

/** Meeting preferences: the same scores in full, "either" on one side most of it, in person vs virtual none. */
export function meetingPoints(a: string, b: string, weight: number): number {
  if (a === b) return Math.round(weight * SCALE);
  return a === 'either' || b === 'either' ? Math.round(weight * SCALE * 0.8) : 0;
}

/**
 * How well a mentor's stage suits, by (mentor stage − mentee stage): 1–3 stages ahead is best (SPEC §3.2:
 * somewhat ahead beats very senior), the same stage or far ahead less, behind not at all.
 */
export function stageFit(gap: number | undefined): number {
  if (gap === undefined || gap < 0) return 0;
  return [0.3, 0.9, 1, 0.8, 0.5, 0.3][gap] ?? 0.2;
}

/**
 * How recently the mentor was where the mentee is, by days the mentor joined the NHS before the mentee:
 * 1–3 years earlier is best, fading to nothing at 10 years; joining later than the mentee scores nothing.
 */
export function recencyFit(daysEarlier: number): number {
  const years = daysEarlier / 365.25;
  if (years < 0 || years >= 10) return 0;
  if (years < 1) return 0.5 + 0.5 * years;
  return years <= 3 ? 1 : (10 - years) / 7;
}

/** Career stage: 70% stage fit, 30% recency; rounded per share so a table of each gives the same sum. */
export function careerPoints(stageGap: number | undefined, daysEarlier: number, weight: number): number {
  return (
    Math.round(weight * SCALE * 0.7 * stageFit(stageGap)) + Math.round(weight * SCALE * 0.3 * recencyFit(daysEarlier))
  );
}

/** Days since 1970-01-01 of an ISO date; NaN for a malformed date (the pool checks dates first). */
export function dayNumber(iso: string): number {
  // Read as digits: the engine takes two start dates per pair it explains and one per person it encodes.
  // Date.UTC reads years 0–99 as 1900–1999, so those (never a real NHS start) take its path.
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 7);
  const day = digits(iso, 8, 10);
  if (year >= 100 && month >= 1 && month <= 12 && day >= 0 && iso.length >= 10) return daysFromCivil(year, month, day);
  return Math.floor(
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000,
  );
}

/** The decimal number in iso[from … to − 1], or −1 when any of those is not a digit. */
function digits(iso: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = iso.charCodeAt(k) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). Linear in the day,
 * so a day past the month's end rolls over exactly as Date.UTC does.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The programme's score weights (SPEC §7); every weight unit is worth {@link POINTS_PER_WEIGHT} points. */
export type ScoreWeights = ProgrammeSettings['scoreWeights'];

/**
 * Points per weight unit. With the default weights (summing to 100) a perfect pair scores 10,000; the
 * career-stage part varies by the day, so two different mentors rarely land on the same total.
 */
export const POINTS_PER_WEIGHT = 100;

/** What matching needs to know about one person, from their approved application (SPEC §3.1). */
export interface MatchProfile {
  /** The application (profile) id; unique within its side of the pool. */
  id: string;
  /** The person behind the profile: a mentee and a mentor with the same person are never paired. */
  personId: string;
  specialty: string;
  site: string;
  /** ISO 3166-1 alpha-2 code of the country of primary qualification. */
  qualificationCountry: string;
  languages: readonly string[];
  /** Topics wanted (mentee) or offered (mentor), catalogue values. */
  topics: readonly string[];
  meetingPreference: 'in-person' | 'virtual' | 'either';
  /** Catalogue grade value; its career stage is used unless {@link stage} is given. */
  grade: string;
  /** Career stage override (catalogue scale), for grades outside the catalogue. */
  stage?: number;
  /** ISO date (YYYY-MM-DD) the person started working in the NHS. */
  nhsStartDate: string;
}

/** A mentee in the pool; `topics` are the topics they want help with. */
export type MenteeProfile = MatchProfile;

/** A mentor in the pool; `topics` are the topics they offer. */
export interface MentorProfile extends MatchProfile {
  /** How many mentees at once (a non-negative integer). */
  capacity: number;
}

/** A pair's score in integer points and the reasons behind it, in plain words for cards. */
export interface PairScore {
  score: number;
  reasons: string[];
}

/** Career stage of a profile: the explicit stage, else the grade's catalogue stage, else undefined. */
export function profileStage(p: MatchProfile): number | undefined {
  return p.stage ?? gradeStage(p.grade);
}

/** The highest score any pair can reach with `weights`. */
export function maxScore(weights: ScoreWeights): number {
  return Object.values(weights).reduce((sum, w) => sum + Math.max(0, w) * POINTS_PER_WEIGHT, 0);
}

/**
 * Scores a mentee–mentor pair: a weighted sum of specialty, site, country of qualification (same region
 * counts half), shared languages other than English, topics wanted that the mentor offers, meeting
 * preference and career stage. Same parts, same rounding as the engine's fast scorer.
 */
export function scorePair(mentee: MenteeProfile, mentor: MentorProfile, weights: ScoreWeights): PairScore {
  // The engine asks for every proposed pair's reasons, thousands per run: plain statements, and a
  // reason is only worded when its part scores.
  const reasons: string[] = [];
  const specialty = samePoints(mentee.specialty === mentor.specialty, weights.specialty);
  if (specialty > 0) reasons.push(`same specialty: ${titleOf(SPECIALTIES, mentee.specialty)}`);
  const site = samePoints(mentee.site === mentor.site, weights.site);
  if (site > 0) reasons.push('same site');
  const country = countryPoints(mentee.qualificationCountry, mentor.qualificationCountry, weights.country);
  if (country.points > 0) {
    const title = titleOf(COUNTRIES, mentor.qualificationCountry);
    reasons.push(country.same ? `also qualified in ${title}` : `qualified nearby in ${title} (${country.region})`);
  }
  const shared: string[] = [];
  for (const l of mentee.languages)
    if (l !== 'en' && !shared.includes(l) && mentor.languages.includes(l)) shared.push(l);
  const languages = languagePoints(shared.length, weights.languages);
  if (languages > 0) reasons.push(`also speaks ${listTitles(LANGUAGES, shared)}`);
  const covered: string[] = [];
  let wanted = 0;
  mentee.topics.forEach((t, k, all) => {
    if (all.indexOf(t) !== k) return; // a repeated topic counts once
    wanted++;
    if (mentor.topics.includes(t)) covered.push(t);
  });
  const topics = topicPoints(covered.length, wanted, weights.topics);
  if (topics > 0)
    reasons.push(`can help with ${listTitles(TOPICS, covered)} (${covered.length} of ${wanted} topics wanted)`);
  const meeting = meetingPoints(mentee.meetingPreference, mentor.meetingPreference, weights.meetingPreference);
  if (meeting > 0) reasons.push(meetingReason(mentee.meetingPreference, mentor.meetingPreference));
  const stageGap = stageDifference(mentee, mentor);
  const daysEarlier = dayNumber(mentee.nhsStartDate) - dayNumber(mentor.nhsStartDate);
  const career = careerPoints(stageGap, daysEarlier, weights.careerStage);
  if (career > 0) {
    const reason = careerReason(stageGap, daysEarlier / 365.25);
    if (reason) reasons.push(reason);
  }
  return { score: specialty + site + country.points + languages + topics + meeting + career, reasons };
}

/** Mentor's stage minus mentee's, or undefined when either stage is unknown. */
export function stageDifference(mentee: MatchProfile, mentor: MatchProfile): number | undefined {
  const a = profileStage(mentee);
  const b = profileStage(mentor);
  return a === undefined || b === undefined ? undefined : b - a;
}

function listTitles(choices: Parameters<typeof titleOf>[0], values: readonly string[]): string {
  const titles = values.map((v) => titleOf(choices, v));
  return titles.length <= 1 ? titles.join('') : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}

function meetingReason(a: MatchProfile['meetingPreference'], b: MatchProfile['meetingPreference']): string {
  if (a === b && a === 'in-person') return 'both prefer to meet in person';
  if (a === b && a === 'virtual') return 'both prefer to meet on Teams';
  return 'meeting preferences fit';
}

function careerReason(stageGap: number | undefined, yearsEarlier: number): string {
  const parts: string[] = [];
  if (stageGap !== undefined && stageGap > 0)
    parts.push(`${stageGap} ${stageGap === 1 ? 'stage' : 'stages'} ahead in training`);
  if (stageGap === 0) parts.push('at the same stage of training');
  if (yearsEarlier >= 0.5) {
    const years = Math.round(yearsEarlier);
    parts.push(`joined the NHS ${years < 1 ? 'a few months' : `${years} ${years === 1 ? 'year' : 'years'}`} earlier`);
  }
  return parts.join(', ');
}

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

/** Entries a table may hold in full; past this, only the row in use is kept (and refilled on change). */
export const MAX_TABLE_ENTRIES = 1 << 21;

/**
 * A (mentee class × column) table living in a slice of a shared Int32Array, filled row by row on first
 * use. Real pools have few classes per side, so the whole table fits; an unusual pool with thousands of
 * classes on both sides gets one scratch row instead, refilled whenever the class changes, which costs
 * no more than scoring the row directly.
 */
export class RowTable {
  private readonly filled: Uint8Array | undefined;
  private last = -1;

  /** `fill(c, out, offset)` writes row `c` into out[offset … offset + columns − 1]. */
  constructor(
    private readonly store: { values: Int32Array },
    /** Where this table starts in the shared array. */
    readonly base: number,
    readonly columns: number,
    rows: number,
    private readonly fill: (row: number, out: Int32Array, offset: number) => void,
  ) {
    this.filled = RowTable.fits(rows, columns) ? new Uint8Array(rows) : undefined;
  }

  /** Entries the table takes in the shared array. */
  static size(rows: number, columns: number): number {
    return RowTable.fits(rows, columns) ? rows * columns : columns;
  }

  private static fits(rows: number, columns: number): boolean {
    return rows * columns <= MAX_TABLE_ENTRIES;
  }

  /** Offset of row `c` in the shared array, after filling it when needed. */
  row(c: number): number {
    if (this.filled) {
      const offset = this.base + c * this.columns;
      if (!this.filled[c]) {
        this.fill(c, this.store.values, offset);
        this.filled[c] = 1;
      }
      return offset;
    }
    if (c !== this.last) {
      this.fill(c, this.store.values, this.base);
      this.last = c;
    }
    return this.base;
  }
}

// Scoring every pair of a 20,000 × 8,000 pool is 160 million scores, so each must cost a few nanoseconds.
// Each part of the score depends on one attribute class per side (specialty and site; country, meeting
// preference and stage; language set; topic set), and real pools have few distinct classes per side, so
// each part becomes a (mentee class × mentor class) table filled once from the kernel's own tables. A pair
// then costs five reads from one shared table (the fifth is recency by day difference), with the mentors'
// class codes interleaved in one array: V8 keeps two arrays in registers where ten would spill.

/** Table parts, then recency: the number of codes per mentor. */
export const TERMS = 5;

type Key = (side: EncodedSide, i: number) => string;
/** Writes the part's points of mentee i against each representative mentor j = reps[c] into out[offset + c]. */
type Fill = (i: number, reps: Int32Array, out: Int32Array, offset: number) => void;

/** Classes of one attribute on each side, with one representative person per class. */
export interface Classes {
  menteeClass: Int32Array;
  mentorClass: Int32Array;
  menteeFirst: number[];
  mentorFirst: Int32Array;
}

function classesOf(S: EncodedSide, key: Key): [Int32Array, number[]] {
  const codes = new Map<string, number>();
  const first: number[] = [];
  const cls = Int32Array.from({ length: S.n }, (_, i) => {
    const k = key(S, i);
    let c = codes.get(k);
    if (c === undefined) {
      codes.set(k, (c = first.length));
      first.push(i);
    }
    return c;
  });
  return [cls, first];
}

const bits = (arr: Int32Array, n: number, i: number): string => arr.subarray(i * n, i * n + n).join(',');

/** The parts: how a person's class is keyed, and how a row of the part's table is filled. */
function partsOf(k: Kernel): [Key, Fill][] {
  const L = k.mentees;
  const R = k.mentors;
  const { langWords: lw, topicWords: tw } = k;
  // Rows are filled for every mentee class, a few hundred thousand entries: arrays are held in locals.
  return [
    [
      (S, i) => `${S.spec[i]} ${S.site[i]}`,
      (i, reps, out, offset) => {
        const spec = L.spec[i],
          site = L.site[i],
          rSpec = R.spec,
          rSite = R.site,
          specPts = k.specPts,
          sitePts = k.sitePts;
        for (let c = 0; c < reps.length; c++) {
          out[offset + c] = (spec === rSpec[reps[c]] ? specPts : 0) + (site === rSite[reps[c]] ? sitePts : 0);
        }
      },
    ],
    [
      (S, i) => `${S.country[i]} ${S.region[i]} ${S.meet[i]} ${S.stage[i]}`,
      (i, reps, out, offset) => {
        const country = L.country[i],
          region = L.region[i],
          meet = L.meet[i] * 3,
          stage = L.stage[i];
        const rCountry = R.country,
          rRegion = R.region,
          rMeet = R.meet,
          rStage = R.stage,
          meetPts = k.meetPts,
          stagePts = k.stagePts;
        for (let c = 0; c < reps.length; c++) {
          const j = reps[c];
          const same = country === rCountry[j] ? k.countryPts : region >= 0 && region === rRegion[j] ? k.regionPts : 0;
          const gap = rStage[j] - stage;
          out[offset + c] = same + meetPts[meet + rMeet[j]] + stagePts[(gap < -1 ? -1 : gap > 6 ? 6 : gap) + 1];
        }
      },
    ],
    [
      (S, i) => bits(S.lang, lw, i),
      (i, reps, out, offset) => {
        const mine = L.lang,
          theirs = R.lang,
          pts = k.langPts;
        for (let c = 0; c < reps.length; c++) {
          let shared = 0;
          for (let w = 0; w < lw; w++) shared += popcount(mine[i * lw + w] & theirs[reps[c] * lw + w]);
          out[offset + c] = pts[shared > 2 ? 2 : shared];
        }
      },
    ],
    [
      (S, i) => `${S.topicCount[i]} ${bits(S.topic, tw, i)}`,
      (i, reps, out, offset) => {
        const base = L.topicCount[i] * (k.topicLimit + 1);
        const mine = L.topic,
          theirs = R.topic,
          pts = k.topicPts;
        for (let c = 0; c < reps.length; c++) {
          let covered = 0;
          for (let w = 0; w < tw; w++) covered += popcount(mine[i * tw + w] & theirs[reps[c] * tw + w]);
          out[offset + c] = pts[base + covered];
        }
      },
    ],
  ];
}

/** The score of every pair as five table reads, filled from the score parts scorePair uses: equal to scorePair on every pair. */
export class PairTables {
  /** Every part's table and the recency table, in one array. */
  readonly store: { values: Int32Array };
  /** TERMS codes per mentor: its class in each part, then minus its start day. */
  readonly codes: Int32Array;
  readonly parts: RowTable[];
  readonly classes: Classes[];
  /** Largest recency points over any day difference. */
  readonly maxRecency: number;
  private readonly menteeDayOffset: Int32Array;
  /** Scans call scoreRow many times per mentee (once per block); the offsets are looked up once. */
  private readonly rowOffsets = new Int32Array(TERMS);
  private rowMentee = -1;

  constructor(readonly kernel: Kernel) {
    const L = kernel.mentees;
    const R = kernel.mentors;
    const defs = partsOf(kernel);
    this.classes = defs.map(([key]) => {
      const [menteeClass, menteeFirst] = classesOf(L, key);
      const [mentorClass, mentorFirst] = classesOf(R, key);
      return { menteeClass, mentorClass, menteeFirst, mentorFirst: Int32Array.from(mentorFirst) };
    });
    // Recency: mentee days are clamped to where every mentor started later (no points) or ten years or
    // more earlier (no points), so the table spans only the mentors' spread of start days.
    const days = kernel.recencyPts.length;
    const rMin = R.n > 0 ? R.day.reduce((a, b) => Math.min(a, b)) : 0;
    const rMax = R.n > 0 ? R.day.reduce((a, b) => Math.max(a, b)) : 0;
    const dayBase = rMin - 1 - rMax;
    const recencySize = rMax + days - rMin - dayBase + 1;
    let size = recencySize;
    const bases = this.classes.map((c) => {
      const base = size;
      size += RowTable.size(c.menteeFirst.length, c.mentorFirst.length);
      return base;
    });
    this.store = { values: new Int32Array(size) };
    for (let d = 0; d < days; d++) this.store.values[d - dayBase] = kernel.recencyPts[d];
    this.maxRecency = kernel.recencyPts.reduce((a, b) => Math.max(a, b), 0);
    this.menteeDayOffset = L.day.map((d) => Math.min(Math.max(d, rMin - 1), rMax + days) - dayBase);
    this.parts = defs.map(([, fill], p) => {
      const c = this.classes[p];
      return new RowTable(this.store, bases[p], c.mentorFirst.length, c.menteeFirst.length, (mc, out, offset) =>
        fill(c.menteeFirst[mc], c.mentorFirst, out, offset),
      );
    });
    this.codes = new Int32Array(R.n * TERMS);
    for (let j = 0; j < R.n; j++) {
      this.classes.forEach((c, p) => (this.codes[j * TERMS + p] = c.mentorClass[j]));
      this.codes[j * TERMS + 4] = -R.day[j];
    }
  }

  /** Mentee i's offsets into the shared table, one per term, into `out`. */
  offsets(i: number, out: Int32Array): void {
    for (let p = 0; p < 4; p++) out[p] = this.parts[p].row(this.classes[p].menteeClass[i]);
    out[4] = this.menteeDayOffset[i];
    // Another mentee's rows may have replaced a scratch row (see RowTable): look the rows up again.
    if (out !== this.rowOffsets) this.rowMentee = -1;
  }

  /** The score of mentee i with mentor j (one pair; loops use {@link scoreRow}). */
  score(i: number, j: number): number {
    this.offsets(i, scratch);
    const o = scratch;
    const t = this.store.values;
    const c = this.codes;
    const q = j * TERMS;
    return t[o[0] + c[q]] + t[o[1] + c[q + 1]] + t[o[2] + c[q + 2]] + t[o[3] + c[q + 3]] + t[o[4] + c[q + 4]];
  }

  /** Writes bias + the score of mentee `i` with mentor mentors[k] into out[k], for k from … to − 1. */
  scoreList(i: number, mentors: Int32Array, from: number, to: number, out: Float64Array, bias: number): void {
    this.offsets(i, scratch);
    const o0 = scratch[0],
      o1 = scratch[1],
      o2 = scratch[2],
      o3 = scratch[3],
      o4 = scratch[4];
    const t = this.store.values;
    const c = this.codes;
    for (let k = from; k < to; k++) {
      const q = mentors[k] * TERMS;
      out[k] = bias + t[o0 + c[q]] + t[o1 + c[q + 1]] + t[o2 + c[q + 2]] + t[o3 + c[q + 3]] + t[o4 + c[q + 4]];
    }
  }

  /**
   * Scores mentee `i` against the mentors whose codes sit at positions `from` … `to − 1` of `codes`
   * (this.codes, or a reordered copy) into `out[from … to − 1]`.
   */
  scoreRow(i: number, from: number, to: number, out: Int32Array, codes: Int32Array = this.codes): void {
    const o = this.rowOffsets;
    if (i !== this.rowMentee) {
      this.offsets(i, o);
      this.rowMentee = i;
    }
    scoreLoop(this.store.values, codes, o[0], o[1], o[2], o[3], o[4], from, to, out);
  }
}

const scratch = new Int32Array(TERMS);

// Kept as a free function of plain arguments: V8 then holds the two arrays and five offsets in registers.
function scoreLoop(
  t: Int32Array,
  codes: Int32Array,
  o0: number,
  o1: number,
  o2: number,
  o3: number,
  o4: number,
  from: number,
  to: number,
  out: Int32Array,
): void {
  for (let j = from, q = from * TERMS; j < to; j++, q += TERMS) {
    out[j] =
      t[o0 + codes[q]] + t[o1 + codes[q + 1]] + t[o2 + codes[q + 2]] + t[o3 + codes[q + 3]] + t[o4 + codes[q + 4]];
  }
}
