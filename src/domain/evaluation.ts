import { ValidationError } from './errors';

/**
 * The end of a match (SPEC §3.5): the mentee's evaluation (ratings and free text) and the mentor's reflection
 * (which doubles as the reflective note CPD and appraisal ask for). One of each per match. Visibility (SPEC §8):
 * the mentee sees their own; the mentor sees only aggregates over at least {@link MENTOR_AGGREGATE_MINIMUM}
 * evaluations, never one mentee's answers; coordinators see all.
 */

export const RATING_QUESTIONS = [
  { id: 'overall', title: 'Overall, how useful was the mentoring?' },
  { id: 'support', title: 'How well did your mentor support you?' },
  { id: 'fit', title: 'How well did the match fit what you needed?' },
  { id: 'recommend', title: 'How likely are you to recommend the programme to another IMG?' },
] as const;

export type RatingId = (typeof RATING_QUESTIONS)[number]['id'];

export const REFLECTION_QUESTIONS = [
  { id: 'wentWell', title: 'What went well?' },
  { id: 'learned', title: 'What did you learn?' },
  { id: 'differently', title: 'What would you do differently next time?' },
] as const;

export type ReflectionId = (typeof REFLECTION_QUESTIONS)[number]['id'];

export const EVALUATION_LIMITS = { text: 2_000 } as const;

/** The mentor sees aggregates of their mentees' evaluations only once at least this many have answered. */
export const MENTOR_AGGREGATE_MINIMUM = 3;

/** Working days after a match ends before one reminder goes to whoever has not answered. */
export const EVALUATION_REMINDER_WORKING_DAYS = 5;

export interface MenteeEvaluation {
  ratings: Record<RatingId, number>;
  helped: string;
  better: string;
  /** Whether the mentor's certificate may name the mentee. */
  nameOnCertificate: boolean;
}

export interface MentorReflection {
  answers: Record<ReflectionId, string>;
}

export interface EvaluationRecord {
  tenantId: string;
  id: string;
  programmeId: string;
  matchId: string;
  /** Who answered: the mentee (an evaluation) or the mentor (a reflection). */
  role: 'mentee' | 'mentor';
  personId: string;
  /** The mentor of the match, so a mentor's aggregate is one indexed read. */
  mentorPersonId: string;
  evaluation?: MenteeEvaluation;
  reflection?: MentorReflection;
  submittedAt: string;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function bounded(details: Record<string, string>, field: string, value: string): string {
  if (value.length > EVALUATION_LIMITS.text)
    details[field] = `Keep this under ${EVALUATION_LIMITS.text} characters (this is ${value.length}).`;
  return value;
}

/** The mentee's form, untrusted: every rating a whole number from 1 to 5; texts optional and bounded. */
export function validateEvaluation(input: Record<string, unknown>): MenteeEvaluation {
  const details: Record<string, string> = {};
  const ratings = {} as Record<RatingId, number>;
  for (const q of RATING_QUESTIONS) {
    const raw = input[q.id];
    const n = typeof raw === 'number' ? raw : Number(text(raw));
    if (!Number.isInteger(n) || n < 1 || n > 5 || (text(raw) === '' && typeof raw !== 'number'))
      details[q.id] = `${q.title} Choose from 1 to 5.`;
    ratings[q.id] = n;
  }
  const helped = bounded(details, 'helped', text(input.helped));
  const better = bounded(details, 'better', text(input.better));
  const consent = input.nameOnCertificate;
  if (consent !== true && consent !== false && consent !== 'true' && consent !== 'false')
    details.nameOnCertificate = 'Say whether your mentor’s certificate may name you.';
  if (Object.keys(details).length > 0)
    throw new ValidationError('Some answers need another look; nothing was sent.', details);
  return { ratings, helped, better, nameOnCertificate: consent === true || consent === 'true' };
}

/** The mentor's reflection, untrusted: at least one answer, each bounded. */
export function validateReflection(input: Record<string, unknown>): MentorReflection {
  const details: Record<string, string> = {};
  const answers = {} as Record<ReflectionId, string>;
  for (const q of REFLECTION_QUESTIONS) answers[q.id] = bounded(details, q.id, text(input[q.id]));
  if (Object.values(answers).every((a) => a === ''))
    details.wentWell = 'Write at least a line: this is your reflective note for CPD and appraisal.';
  if (Object.keys(details).length > 0)
    throw new ValidationError('Some answers need another look; nothing was saved.', details);
  return { answers };
}

/** A mentor's view of their mentees' ratings: averages only, and only over enough answers that none can be singled out. */
export type MentorFeedback =
  | { kind: 'too-few'; count: number; minimum: number }
  | { kind: 'shown'; count: number; averages: Record<RatingId, number> };

/** Averages of the ratings, to one decimal place, or too-few below the minimum. Free text is never aggregated. */
export function mentorFeedback(
  evaluations: readonly MenteeEvaluation[],
  minimum = MENTOR_AGGREGATE_MINIMUM,
): MentorFeedback {
  if (evaluations.length < minimum) return { kind: 'too-few', count: evaluations.length, minimum };
  const averages = {} as Record<RatingId, number>;
  for (const q of RATING_QUESTIONS)
    averages[q.id] = Math.round((10 * evaluations.reduce((s, e) => s + e.ratings[q.id], 0)) / evaluations.length) / 10;
  return { kind: 'shown', count: evaluations.length, averages };
}
