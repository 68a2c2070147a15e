import { ForbiddenError, StaleError, ValidationError } from './errors';
import type { Match, MatchSide, NextChoice } from './match';
import { londonDate } from './working-days';

/**
 * Mentoring cycles and what comes after one (SPEC §3.5, §7; docs/cycles.md). A cycle lasts the programme's
 * `cycleLengthWeeks` from the day the match was agreed; the pair is told a week before it ends. At the end of a
 * cycle each person chooses: another cycle together (only when both choose it, and only after a completed cycle,
 * not a no-fault ending), a new partner, or a break from the programme. Pure.
 */

export const NEXT_CHOICES: readonly NextChoice[] = ['continue', 'rematch', 'opt-out'];

/** The London dates a cycle ends on and on which the pair is told (a week before), when that is still ahead. */
export function cycleDates(agreedAt: string, weeks: number): { endDate: string; noticeDate?: string } {
  if (!Number.isSafeInteger(weeks) || weeks < 1) throw new RangeError(`A cycle lasts at least a week (got ${weeks})`);
  const start = londonDate(agreedAt);
  const endDate = plusDays(start, weeks * 7);
  const noticeDate = plusDays(endDate, -7);
  return noticeDate > start ? { endDate, noticeDate } : { endDate };
}

function plusDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** What a person has chosen for after this cycle, if anything. */
export function nextOf(match: Match, side: MatchSide): NextChoice | undefined {
  return side === 'mentee' ? match.menteeNext : match.mentorNext;
}

/** The choices a person is offered at the end of this match: continuing only after a completed cycle. */
export function offeredChoices(match: Pick<Match, 'status'>): NextChoice[] {
  return match.status === 'completed' ? ['continue', 'rematch', 'opt-out'] : ['rematch', 'opt-out'];
}

/**
 * Records one person's choice. Refused, changing nothing: before the match is over, a second choice, continuing
 * after a no-fault ending, a choice that is not one of the three, or continuing with a partner who has already
 * chosen otherwise (they are told the partner will not continue).
 */
export function chooseNext(match: Match, side: MatchSide, raw: unknown, at: string): Match {
  if (match.status !== 'completed' && match.status !== 'ended')
    throw new StaleError('This match has not ended yet: what comes next is chosen when it does.');
  const choice = NEXT_CHOICES.find((c) => c === raw);
  if (!choice) throw new ValidationError('Choose one of the options on the card.', { choice: 'not an option' });
  const already = nextOf(match, side);
  if (already) throw new StaleError(`You have already chosen: ${CHOICE_PHRASE[already]}.`);
  if (choice === 'continue' && match.status !== 'completed')
    throw new ForbiddenError(
      'A match that was ended early cannot continue into another cycle. You can choose a new partner instead.',
    );
  const theirs = nextOf(match, side === 'mentee' ? 'mentor' : 'mentee');
  if (choice === 'continue' && theirs && theirs !== 'continue')
    throw new StaleError(
      'Your partner has chosen not to continue for another cycle, so a new cycle together is not possible. This is nobody’s fault: you can choose a new partner instead.',
    );
  return {
    ...match,
    ...(side === 'mentee' ? { menteeNext: choice } : { mentorNext: choice }),
    version: match.version + 1,
    updatedAt: at,
  };
}

/** Where a pair's choices lead: a new cycle, no new cycle, or waiting for the other person. */
export function nextOutcome(match: Pick<Match, 'menteeNext' | 'mentorNext'>): 'new-cycle' | 'apart' | 'waiting' {
  const { menteeNext: a, mentorNext: b } = match;
  if (a === 'continue' && b === 'continue') return 'new-cycle';
  if ((a && a !== 'continue') || (b && b !== 'continue')) return 'apart';
  return 'waiting';
}

/** A choice in words, for cards and coordinators. */
export const CHOICE_PHRASE: Record<NextChoice, string> = {
  continue: 'continue together for another cycle',
  rematch: 'be matched with someone new',
  'opt-out': 'take a break from the programme',
};

/**
 * The next cycle of a pair that both chose to continue: a new agreed match, its session count starting again,
 * linked to the one before, which keeps its history. Pure; the caller stores it and takes the mentor's place.
 */
export function nextCycle(previous: Match, id: string, at: string): Match {
  if (nextOutcome(previous) !== 'new-cycle' || previous.status !== 'completed')
    throw new StaleError('A new cycle starts only when both people choose to continue after a completed cycle.');
  return {
    tenantId: previous.tenantId,
    id,
    programmeId: previous.programmeId,
    menteeApplicationId: previous.menteeApplicationId,
    mentorApplicationId: previous.mentorApplicationId,
    menteePersonId: previous.menteePersonId,
    mentorPersonId: previous.mentorPersonId,
    status: 'accepted',
    origin: previous.origin,
    ...(previous.runId ? { runId: previous.runId } : {}),
    score: previous.score,
    reasons: previous.reasons,
    deadlineAt: at,
    deadlineDate: londonDate(at),
    version: 1,
    createdAt: at,
    updatedAt: at,
    respondedAt: at,
    cycle: (previous.cycle ?? 1) + 1,
    previousMatchId: previous.id,
  };
}
