import { formatUkDate } from './format';
import type { Match } from './match';
import { londonDate } from './working-days';

/**
 * The mentor's CPD certificate and the mentee's record of participation (SPEC §3.5; rules in docs/certificates.md).
 *
 * A certificate is issued once per match, after the mentee's evaluation, or without it once the programme's
 * waiting time has passed (a mentor is not penalised for a silent mentee). Only a match with at least one logged
 * session earns one. Its facts are frozen when it is issued, so the PDF, the card and the public verification
 * page always agree, whatever changes later. It never carries note text or action points, and names the mentee
 * only when the mentee agreed in their evaluation.
 */

/** What made the certificate due: the mentee's evaluation, or the waiting time passing without one. */
export type CertificateTrigger = 'evaluation' | 'fallback';

/** The role the certificate is for. */
export const CERTIFICATE_ROLE = 'Peer mentor';

/** What a certificate states, frozen at issue. */
export interface CertificateFacts {
  programmeName: string;
  organisationName: string;
  mentorName: string;
  role: string;
  /** London calendar dates (YYYY-MM-DD): the day the match was agreed and the day it ended. */
  periodStart: string;
  periodEnd: string;
  sessions: number;
  /** Total minutes of the logged sessions. */
  minutes: number;
  /** The coordinator the certificate is issued by (the programme's longest-serving coordinator). */
  issuedBy: string;
  /** London date of issue. */
  issuedOn: string;
  /** The verification code as printed (groups of four, see {@link formatCode}). */
  code: string;
  /** Only when the mentee agreed to be named. */
  menteeName?: string;
}

export interface CertificateRecord {
  tenantId: string;
  id: string;
  programmeId: string;
  matchId: string;
  mentorPersonId: string;
  menteePersonId: string;
  trigger: CertificateTrigger;
  facts: CertificateFacts;
  issuedAt: string;
  /** When the PDF was rendered and stored; until then the certificate is being prepared. */
  renderedAt?: string;
}

/** What the public verification page may say about a genuine code: nothing more (SPEC §8). */
export interface CertificateVerification {
  programmeName: string;
  mentorName: string;
  periodStart: string;
  periodEnd: string;
  sessions: number;
}

/** The public page's facts for a certificate: programme, name, period and sessions only. */
export function verificationOf(facts: CertificateFacts): CertificateVerification {
  return {
    programmeName: facts.programmeName,
    mentorName: facts.mentorName,
    periodStart: facts.periodStart,
    periodEnd: facts.periodEnd,
    sessions: facts.sessions,
  };
}

/**
 * Crockford's base32 alphabet: digits and capitals without I, L, O and U, so a code read aloud or typed from
 * paper is not mistaken.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 symbols of 5 bits: 60 random bits, far beyond guessing through a web page. */
export const CODE_LENGTH = 12;

/** A new code from at least {@link CODE_LENGTH} random bytes (each byte's low 5 bits pick a symbol). */
export function newVerificationCode(random: Uint8Array): string {
  if (random.length < CODE_LENGTH) throw new RangeError(`A verification code needs ${CODE_LENGTH} random bytes.`);
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[random[i]! & 31];
  return formatCode(code);
}

/** `ABCD-EFGH-JKMN`: the code in groups of four, as printed and shown. */
export function formatCode(canonical: string): string {
  return canonical.match(/.{1,4}/g)!.join('-');
}

/**
 * The canonical form of a code someone typed, or undefined when it cannot be one: case, spaces and hyphens do not
 * matter, and the letters people confuse with digits (O, I, L) read as the digits, as Crockford's scheme says.
 */
export function canonicalCode(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const code = input
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return undefined;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return undefined;
  return code;
}

/** Hours as printed: whole hours, or to one decimal place ("4", "4.5"). */
export function hoursOf(minutes: number): string {
  const hours = Math.round(minutes / 6) / 10;
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
}

/** CPD credits: one per hour of logged sessions, to one decimal place like the hours printed beside them. */
export function cpdCredits(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}

/** "4 hours" / "1 hour" / "2.5 hours". */
export function hoursPhrase(minutes: number): string {
  const h = hoursOf(minutes);
  return `${h} ${h === '1' ? 'hour' : 'hours'}`;
}

/** "4 CPD credits" / "1 CPD credit" / "0.5 CPD credits". */
export function creditsPhrase(minutes: number): string {
  const c = cpdCredits(minutes);
  return `${c} CPD ${c === 1 ? 'credit' : 'credits'}`;
}

/** "Monday 1 March 2027 to Friday 30 April 2027". */
export function periodPhrase(start: string, end: string): string {
  return start === end ? formatUkDate(start) : `${formatUkDate(start)} to ${formatUkDate(end)}`;
}

/** "4 sessions" / "1 session". */
export function sessionsPhrase(n: number): string {
  return `${n} ${n === 1 ? 'session' : 'sessions'}`;
}

/** Why a match earns no certificate (yet), or undefined when one is due now. */
export function certificateRefusal(
  match: Pick<Match, 'status'>,
  sessions: number,
  already: boolean,
): 'not-ended' | 'no-sessions' | 'already-issued' | undefined {
  if (match.status !== 'completed' && match.status !== 'ended') return 'not-ended';
  if (already) return 'already-issued';
  if (sessions < 1) return 'no-sessions';
  return undefined;
}

/**
 * The facts of a certificate for a finished match. The period runs from the day the match was agreed (or, for an
 * older record without that time, created) to the day it ended, both London dates. Pure.
 */
export function certificateFacts(input: {
  match: Pick<Match, 'respondedAt' | 'createdAt' | 'endedAt' | 'updatedAt'>;
  programmeName: string;
  organisationName: string;
  mentorName: string;
  menteeName?: string;
  issuedBy: string;
  sessions: number;
  minutes: number;
  issuedAt: string;
  code: string;
}): CertificateFacts {
  const start = londonDate(input.match.respondedAt ?? input.match.createdAt);
  const end = londonDate(input.match.endedAt ?? input.match.updatedAt);
  return {
    programmeName: input.programmeName,
    organisationName: input.organisationName,
    mentorName: input.mentorName,
    role: CERTIFICATE_ROLE,
    periodStart: start,
    periodEnd: end < start ? start : end,
    sessions: input.sessions,
    minutes: input.minutes,
    issuedBy: input.issuedBy,
    issuedOn: londonDate(input.issuedAt),
    code: input.code,
    ...(input.menteeName ? { menteeName: input.menteeName } : {}),
  };
}
