import { RowTable } from './row-table';
import { popcount, type EncodedSide, type Kernel } from './score-kernel';

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
