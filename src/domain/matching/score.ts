import { COUNTRIES, LANGUAGES, SPECIALTIES, TOPICS, gradeStage, titleOf } from '../catalogue';
import type { ProgrammeSettings } from '../programme';
import {
  careerPoints,
  countryPoints,
  dayNumber,
  languagePoints,
  meetingPoints,
  samePoints,
  topicPoints,
} from './score-parts';

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
