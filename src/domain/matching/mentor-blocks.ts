import { popcount, type EncodedSide, type Kernel } from './score-kernel';

/**
 * Mentors grouped for pruning: mentors are sorted by specialty then site, so each (specialty, site) is a
 * contiguous block and each specialty a contiguous group of blocks. Every node keeps what bounds a score
 * against it from above: the sets of sites, countries, regions, languages, topics and meeting preferences
 * present, and the range of stages and NHS start days. One upper bound then rules out a whole block or
 * specialty without scoring its mentors.
 */
export interface MentorBlocks {
  /** Node n covers mentors from[n] … to[n] − 1. Groups first, then blocks. */
  from: Int32Array;
  to: Int32Array;
  /** Blocks of group g are groupBlocks[g] … groupBlocks[g + 1] − 1 (node ids). */
  groupBlocks: Int32Array;
  groups: number;
  spec: Int32Array;
  siteSet: Int32Array;
  countrySet: Int32Array;
  regionSet: Int32Array;
  langOr: Int32Array;
  topicOr: Int32Array;
  meetMask: Int32Array;
  stageMin: Int32Array;
  stageMax: Int32Array;
  dayMin: Int32Array;
  dayMax: Int32Array;
  words: { site: number; country: number; region: number };
}

/** Builds the nodes; mentors must already be sorted by specialty, then site. */
export function buildMentorBlocks(k: Kernel): MentorBlocks {
  const R = k.mentors;
  const ranges: [number, number][] = [];
  const blocks: [number, number][] = [];
  const groupBlockCounts: number[] = [];
  for (let a = 0; a < R.n; ) {
    let b = a;
    while (b < R.n && R.spec[b] === R.spec[a]) b++;
    ranges.push([a, b]);
    let count = 0;
    for (let c = a; c < b; ) {
      let d = c;
      while (d < b && R.site[d] === R.site[c]) d++;
      blocks.push([c, d]);
      count++;
      c = d;
    }
    groupBlockCounts.push(count);
    a = b;
  }
  const groups = ranges.length;
  const all = [...ranges, ...blocks];
  const n = all.length;
  const max = (arr: Int32Array): number => arr.reduce((m, x) => Math.max(m, x), -1);
  const words = { site: wordsFor(Math.max(max(R.site), max(k.mentees.site)) + 1), country: wordsFor(Math.max(max(R.country), max(k.mentees.country)) + 1), region: wordsFor(Math.max(max(R.region), max(k.mentees.region)) + 1) };
  const nodes: MentorBlocks = {
    from: Int32Array.from(all, (r) => r[0]), to: Int32Array.from(all, (r) => r[1]),
    groupBlocks: new Int32Array(groups + 1), groups,
    spec: Int32Array.from(all, (r) => R.spec[r[0]]),
    siteSet: new Int32Array(n * words.site), countrySet: new Int32Array(n * words.country), regionSet: new Int32Array(n * words.region),
    langOr: new Int32Array(n * k.langWords), topicOr: new Int32Array(n * k.topicWords), meetMask: new Int32Array(n),
    stageMin: new Int32Array(n).fill(2 ** 31 - 1), stageMax: new Int32Array(n).fill(-(2 ** 31)),
    dayMin: new Int32Array(n).fill(2 ** 31 - 1), dayMax: new Int32Array(n).fill(-(2 ** 31)), words,
  };
  nodes.groupBlocks[0] = groups;
  groupBlockCounts.forEach((c, g) => (nodes.groupBlocks[g + 1] = nodes.groupBlocks[g] + c));
  for (let node = 0; node < n; node++) for (let j = nodes.from[node]; j < nodes.to[node]; j++) addMentor(nodes, k, R, node, j);
  return nodes;
}

function wordsFor(bits: number): number {
  return Math.max(1, Math.ceil(bits / 32));
}

function addMentor(nodes: MentorBlocks, k: Kernel, R: EncodedSide, node: number, j: number): void {
  const { words } = nodes;
  nodes.siteSet[node * words.site + (R.site[j] >>> 5)] |= 1 << (R.site[j] & 31);
  nodes.countrySet[node * words.country + (R.country[j] >>> 5)] |= 1 << (R.country[j] & 31);
  if (R.region[j] >= 0) nodes.regionSet[node * words.region + (R.region[j] >>> 5)] |= 1 << (R.region[j] & 31);
  for (let w = 0; w < k.langWords; w++) nodes.langOr[node * k.langWords + w] |= R.lang[j * k.langWords + w];
  for (let w = 0; w < k.topicWords; w++) nodes.topicOr[node * k.topicWords + w] |= R.topic[j * k.topicWords + w];
  nodes.meetMask[node] |= 1 << R.meet[j];
  nodes.stageMin[node] = Math.min(nodes.stageMin[node], R.stage[j]);
  nodes.stageMax[node] = Math.max(nodes.stageMax[node], R.stage[j]);
  nodes.dayMin[node] = Math.min(nodes.dayMin[node], R.day[j]);
  nodes.dayMax[node] = Math.max(nodes.dayMax[node], R.day[j]);
}

const PEAK_DAYS = 730; // recency is highest from one to three years, so clamping here finds an interval's best

/** An upper bound on mentee i's score against any mentor in `node`. */
export function upperBound(nodes: MentorBlocks, k: Kernel, i: number, node: number): number {
  const L = k.mentees;
  const { words } = nodes;
  let s = nodes.spec[node] === L.spec[i] ? k.specPts : 0;
  if (hasBit(nodes.siteSet, node * words.site, L.site[i])) s += k.sitePts;
  if (hasBit(nodes.countrySet, node * words.country, L.country[i])) s += k.countryPts;
  else if (L.region[i] >= 0 && hasBit(nodes.regionSet, node * words.region, L.region[i])) s += k.regionPts;
  let shared = 0;
  for (let w = 0; w < k.langWords; w++) shared += popcount(L.lang[i * k.langWords + w] & nodes.langOr[node * k.langWords + w]);
  let covered = 0;
  for (let w = 0; w < k.topicWords; w++) covered += popcount(L.topic[i * k.topicWords + w] & nodes.topicOr[node * k.topicWords + w]);
  s += k.langPts[shared > 2 ? 2 : shared] + k.topicPts[L.topicCount[i] * (k.topicLimit + 1) + covered];
  let meet = 0;
  for (let m = 0; m < 3; m++) if (nodes.meetMask[node] & (1 << m)) meet = Math.max(meet, k.meetPts[L.meet[i] * 3 + m]);
  let stage = 0;
  const lo = Math.max(-1, Math.min(6, nodes.stageMin[node] - L.stage[i]));
  const hi = Math.max(-1, Math.min(6, nodes.stageMax[node] - L.stage[i]));
  for (let g = lo; g <= hi; g++) stage = Math.max(stage, k.stagePts[g + 1]);
  const first = L.day[i] - nodes.dayMax[node];
  const last = L.day[i] - nodes.dayMin[node];
  const best = PEAK_DAYS < first ? first : PEAK_DAYS > last ? last : PEAK_DAYS;
  const recency = best >= 0 && best < k.recencyPts.length ? k.recencyPts[best] : 0;
  return s + meet + stage + recency;
}

function hasBit(set: Int32Array, offset: number, bit: number): boolean {
  return (set[offset + (bit >>> 5)] & (1 << (bit & 31))) !== 0;
}
