import type { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { DomainError, ValidationError } from '../../domain/errors';
import type { Actor } from '../../services/actor';
import type { MatchesService } from '../../services/matches.service';
import { SlotTakenError, type MeetingsService } from '../../services/meetings.service';
import type { SessionsService } from '../../services/sessions.service';
import { VERBS } from '../cards/verbs';
import { matchCard } from '../match-presenters';
import { meetingOfferCard, meetingTimes, sessionCard, sessionFormCard, sessionPickCard } from '../meeting-presenters';
import { payloads } from '../payloads';
import { noticeCard } from '../presenters';
import { failureCard, onExecute, sendCard, type Card } from '../respond';
import { clickedCardOf } from '../turn';

/** Dependencies of the pair's meetings and session logs. */
export interface MeetingFlowDeps {
  meetings: MeetingsService;
  sessions: SessionsService;
  matches: MatchesService;
}

/** "log a session": the form for the mentor's match, or a choice of match when they mentor several. */
export async function openSessionLog(deps: MeetingFlowDeps, actor: Actor, matchId?: string): Promise<Card> {
  const opened = await deps.sessions.open(actor, { matchId });
  return opened.kind === 'pick' ? sessionPickCard(opened.pick) : sessionFormCard(opened.form);
}

/** Agreed matches a typed command can act on, for "schedule a meeting" and "add my notes". */
async function agreedMatches(deps: MeetingFlowDeps, actor: Actor) {
  return (await deps.matches.mine(actor)).filter((v) => v.match.status === 'accepted' || v.match.status === 'active');
}

/** "schedule a meeting": free times for the person's one agreed match; with several, their match cards. */
export async function openScheduling(
  deps: MeetingFlowDeps,
  context: TurnContext,
  actor: Actor,
): Promise<Card | undefined> {
  const agreed = await agreedMatches(deps, actor);
  if (agreed.length === 0)
    return noticeCard(
      'No match to schedule yet',
      'Once you and your mentor or mentee have both accepted a match, schedule your meetings here.',
      'default',
    );
  if (agreed.length === 1) {
    const next = agreed[0].home?.nextMeeting;
    return meetingOfferCard(
      await deps.meetings.offer(actor, { matchId: agreed[0].match.id, meetingId: next?.id }),
      next
        ? {
            notice: `You already have a meeting: ${meetingTimes(next.start, next.end)}. Choose a time below to move it.`,
          }
        : {},
    );
  }
  for (const view of agreed) await sendCard(context, matchCard(view, { notice: 'Schedule a meeting from this card.' }));
  return undefined;
}

/** "add my notes": the mentee's latest logged session, to add their own notes. */
export async function openNotes(deps: MeetingFlowDeps, actor: Actor): Promise<Card> {
  const latest = (await agreedMatches(deps, actor))
    .concat(await deps.matches.mine(actor))
    .find((v) => v.viewer === 'mentee' && v.home?.latestSessionId);
  if (!latest)
    return noticeCard(
      'No session to add notes to yet',
      'Once your mentor logs a session, you get a card to add your own notes to it.',
      'default',
    );
  return sessionCard(await deps.sessions.view(actor, latest.home!.latestSessionId!));
}

/**
 * Meetings (SPEC §3.3) and session logs (SPEC §3.4) from the pair's match card. Opening a form from the match card
 * posts it as a new message and keeps the match card; a refused or stale action keeps the card it was pressed
 * on, as it now is, with the reason on top.
 */
export function registerMeetingFlow(app: TeamsApplication<TurnState>, deps: MeetingFlowDeps): void {
  const currentMatch = async (actor: Actor, matchId: string, e: unknown): Promise<Card | undefined> => {
    if (!(e instanceof DomainError) || e.code === 'not-found' || e.code === 'internal') return undefined;
    try {
      return matchCard(await deps.matches.view(actor, matchId), { notice: e.message });
    } catch (inner) {
      return failureCard(inner);
    }
  };

  onExecute(
    app,
    VERBS.meetingOpen,
    payloads.meetingOpen,
    async (context, actor, data) => {
      const offer = meetingOfferCard(
        await deps.meetings.offer(actor, { matchId: data.matchId, meetingId: data.meetingId }),
      );
      if (data.from === 'offer') return offer;
      await sendCard(context, offer);
      return matchCard(await deps.matches.view(actor, data.matchId));
    },
    (_c, actor, data, e) => currentMatch(actor, data.matchId, e),
  );

  onExecute(
    app,
    VERBS.meetingBook,
    payloads.meetingBook,
    async (context, actor, data) => {
      const meeting = await deps.meetings.book(actor, data, clickedCardOf(context));
      const view = await deps.matches.view(actor, data.matchId);
      const otherName = view.viewer === 'mentor' ? view.menteeName : view.mentorName;
      const moved = Boolean(data.meetingId);
      return matchCard(view, {
        notice: `${moved ? 'Moved to' : 'Booked'}: ${meetingTimes(meeting.start, meeting.end)}. ${otherName} has been ${meeting.calendar === 'graph' ? (moved ? 'sent the updated invitation' : 'sent an invitation') : 'told'}.`,
      });
    },
    async (_context, actor, data, e) => {
      if (e instanceof SlotTakenError) return meetingOfferCard(e.offer, { notice: e.message, values: data });
      if (e instanceof ValidationError) {
        // What was chosen comes back with the problem named, so nothing has to be chosen again.
        const offer = await deps.meetings.offer(actor, { matchId: data.matchId, meetingId: data.meetingId });
        return meetingOfferCard(offer, {
          notice: `${e.message} ${Object.values(e.details).join(' ')}`.trim(),
          values: data,
        });
      }
      return currentMatch(actor, data.matchId, e);
    },
  );

  onExecute(
    app,
    VERBS.meetingCancel,
    payloads.meetingCancel,
    async (context, actor, data) => {
      await deps.meetings.cancel(actor, data, clickedCardOf(context));
      const view = await deps.matches.view(actor, data.matchId);
      return matchCard(view, {
        notice: `The meeting was cancelled. ${view.viewer === 'mentor' ? view.menteeName : view.mentorName} has been told.`,
      });
    },
    (_c, actor, data, e) => currentMatch(actor, data.matchId, e),
  );

  onExecute(
    app,
    VERBS.sessionOpen,
    payloads.sessionOpen,
    async (context, actor, data) => {
      const opened = await deps.sessions.open(actor, { matchId: data.matchId, meetingId: data.meetingId });
      const card = opened.kind === 'pick' ? sessionPickCard(opened.pick) : sessionFormCard(opened.form);
      if (!data.matchId || data.from === 'pick') return card;
      await sendCard(context, card);
      return matchCard(await deps.matches.view(actor, data.matchId));
    },
    async (_c, actor, data, e) =>
      data.matchId && data.from !== 'pick' ? currentMatch(actor, data.matchId, e) : undefined,
  );

  onExecute(
    app,
    VERBS.sessionLog,
    payloads.sessionLog,
    async (context, actor, data) => {
      const logged = await deps.sessions.log(actor, data, clickedCardOf(context));
      const notice = logged.alreadyLogged
        ? 'This session was already logged; it has not been logged twice.'
        : `${logged.otherName} has been told and can add their own notes.${logged.last ? ' This was the last session the programme allows for this match.' : ''}`;
      return sessionCard(logged, { headline: `Session logged with ${logged.otherName}`, notice });
    },
    async (_context, actor, data, e) => {
      if (!(e instanceof DomainError) || e.code === 'not-found' || e.code === 'internal') return undefined;
      // A refused log keeps the form, with what was typed and the reason on top, while the match can still be
      // logged; otherwise the match card shows why (cap reached, match over).
      try {
        const opened = await deps.sessions.open(actor, { matchId: data.matchId, meetingId: data.meetingId });
        if (opened.kind === 'form') {
          const details = e instanceof ValidationError ? Object.values(e.details).join(' ') : '';
          return sessionFormCard(
            { ...opened.form, formId: data.formId },
            { notice: `${e.message} ${details}`.trim(), values: data },
          );
        }
      } catch {
        // Not loggable any more: the match card says why.
      }
      return currentMatch(actor, data.matchId, e);
    },
  );

  onExecute(app, VERBS.notesOpen, payloads.notesOpen, async (context, actor, data) => {
    const view = await deps.sessions.view(actor, data.sessionId);
    await sendCard(context, sessionCard(view));
    return matchCard(await deps.matches.view(actor, view.session.matchId));
  });

  onExecute(
    app,
    VERBS.notesSave,
    payloads.notesSave,
    async (context, actor, data) => {
      const view = await deps.sessions.saveNotes(
        actor,
        { sessionId: data.sessionId, version: data.version, notes: data.notes, shared: data.shared === 'true' },
        clickedCardOf(context),
      );
      return sessionCard(view, {
        notice: view.session.menteeNotesShared
          ? 'Saved. Your mentor can read these notes.'
          : 'Saved. Only you can read these notes.',
      });
    },
    async (_context, actor, data, e) => {
      if (!(e instanceof DomainError) || e.code === 'not-found' || e.code === 'internal') return undefined;
      try {
        return sessionCard(await deps.sessions.view(actor, data.sessionId), {
          notice: `${e.message} ${e instanceof ValidationError ? Object.values(e.details).join(' ') : ''}`.trim(),
        });
      } catch (inner) {
        return failureCard(inner);
      }
    },
  );
}
