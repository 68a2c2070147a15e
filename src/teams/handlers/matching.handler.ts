import type { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { DomainError, StaleError } from '../../domain/errors';
import { OPEN_MATCH_STATUSES } from '../../domain/match';
import type { Actor } from '../../services/actor';
import type { AutoMatchingService } from '../../services/auto-matching.service';
import type { MatchesService, MatchView } from '../../services/matches.service';
import type { MatchingService, MentorFilters } from '../../services/matching.service';
import type { MentorProfilesService } from '../../services/mentor-profiles.service';
import { VERBS } from '../cards/verbs';
import { programmeMatchesCard } from '../auto-match-presenters';
import { endMatchCard, matchCard, profileCard, suggestionsCard } from '../match-presenters';
import { payloads } from '../payloads';
import { noticeCard } from '../presenters';
import { failureCard, onExecute, sendCard, type Card } from '../respond';
import { clickedCardOf } from '../turn';

/** Dependencies of mentee's choice and of answering a match. */
export interface MatchingFlowDeps {
  autoMatching: AutoMatchingService;
  matching: MatchingService;
  matches: MatchesService;
  profiles: MentorProfilesService;
}

/** "find a mentor": the first page of suggestions (or the reason the person cannot choose yet). */
export async function findMentor(
  deps: MatchingFlowDeps,
  actor: Actor,
  filters: MentorFilters = {},
  page = 1,
  notice?: string,
): Promise<Card> {
  return suggestionsCard(await deps.matching.suggestions(actor, filters, page), notice);
}

/** "my matches": one card per match, or a notice when there are none. */
export async function showMatches(deps: MatchingFlowDeps, context: TurnContext, actor: Actor): Promise<void> {
  const views = await deps.matches.mine(actor);
  if (views.length === 0) {
    await sendCard(
      context,
      noticeCard(
        'No matches yet',
        'You have no requests or matches yet. Approved mentees can type "find a mentor" to choose one.',
        'default',
      ),
    );
    return;
  }
  for (const view of views) await sendCard(context, matchCard(view));
}

export function registerMatchingFlow(app: TeamsApplication<TurnState>, deps: MatchingFlowDeps): void {
  onExecute(app, VERBS.matchFind, payloads.find, async (_context, actor, data) =>
    findMentor(
      deps,
      actor,
      { specialty: data.specialty, site: data.site, country: data.country, language: data.language },
      data.page,
    ),
  );

  onExecute(
    app,
    VERBS.matchRequest,
    payloads.request,
    async (context, actor, data) => {
      const view = await deps.matching.request(actor, data.mentorApplicationId, clickedCardOf(context));
      return matchCard(view, {
        headline: `Request sent to ${view.mentorName}`,
        notice: 'They have been asked to answer by the date below. You will hear here as soon as they do.',
      });
    },
    async (_context, actor, data, e) => {
      // A refused request shows fresh suggestions with the reason on top, so the mentee can choose again at once.
      if (!(e instanceof DomainError) || e.code === 'forbidden') return undefined;
      try {
        // Pressed twice: the request that was made, as it is now, rather than a list that no longer offers them.
        const made = (await deps.matches.mine(actor)).find(
          (v) =>
            v.viewer === 'mentee' &&
            v.mentor.id === data.mentorApplicationId &&
            OPEN_MATCH_STATUSES.includes(v.match.status),
        );
        if (made)
          return matchCard(made, {
            notice: `You have already requested ${made.mentorName}; here is that request as it is now.`,
          });
        return await findMentor(deps, actor, {}, 1, e.message);
      } catch (inner) {
        return failureCard(inner);
      }
    },
  );

  const respond = (verb: string, action: 'accept' | 'decline') =>
    onExecute(
      app,
      verb,
      action === 'accept' ? payloads.matchRef : payloads.decline,
      async (context, actor, data) => {
        const reason = 'reason' in data ? String(data.reason) : undefined;
        const view = await deps.matches.respond(
          actor,
          action,
          { matchId: data.matchId, version: data.version, reason },
          clickedCardOf(context),
        );
        return matchCard(view, { notice: answeredNotice(view, action) });
      },
      (_c, actor, data, e) => staleAsCurrent(deps, actor, data.matchId, e),
    );
  respond(VERBS.matchAccept, 'accept');
  respond(VERBS.matchDecline, 'decline');

  onExecute(
    app,
    VERBS.matchWithdraw,
    payloads.matchRef,
    async (context, actor, data) => {
      const view = await deps.matches.withdraw(actor, data, clickedCardOf(context));
      return matchCard(view, { notice: 'Your request was withdrawn. You can choose another mentor.' });
    },
    (_c, actor, data, e) => staleAsCurrent(deps, actor, data.matchId, e),
  );

  // From the coordinators' overview: the ending form opens as a new message; the overview stays.
  onExecute(app, VERBS.matchEndOpen, payloads.endOpen, async (context, actor, data) => {
    await sendCard(context, endMatchCard(await deps.matches.forCoordinator(actor, data.matchId)));
    return programmeMatchesCard(await deps.autoMatching.overview(actor));
  });

  onExecute(
    app,
    VERBS.matchEnd,
    payloads.end,
    async (context, actor, data) => {
      const view = await deps.matches.end(
        actor,
        { matchId: data.matchId, version: data.version, reason: data.reason },
        clickedCardOf(context),
      );
      if (!view)
        return endMatchCard(
          await deps.matches.forCoordinator(actor, data.matchId),
          'The match has ended. Both people have been told, kindly and without your reason.',
        );
      const otherName = view.viewer === 'mentor' ? view.menteeName : view.mentorName;
      return matchCard(view, {
        notice: `You ended the match. ${otherName} has been told that this is a no-fault ending, not your reason.${view.viewer === 'mentee' ? ' Fresh mentor suggestions are on their way.' : ''}`,
      });
    },
    async (_c, actor, data, e) => {
      // A coordinator's refused ending keeps the ending card, with the reason on top.
      if (e instanceof DomainError && e.code !== 'not-found' && e.code !== 'internal') {
        try {
          const seen = await deps.matches.forCoordinator(actor, data.matchId);
          return endMatchCard(seen, e.message);
        } catch {
          // Not a coordinator of it: one of the pair, whose match card says why.
        }
      }
      return staleAsCurrent(deps, actor, data.matchId, e);
    },
  );

  // The matches are posted as new messages; the card clicked keeps showing its own (current) content.
  onExecute(app, VERBS.matchMine, payloads.mine, async (context, actor, data) => {
    await showMatches(deps, context, actor);
    if (data.matchId) return matchCard(await deps.matches.view(actor, data.matchId));
    if (data.applicationId) return profileCard(await deps.profiles.view(actor, data.applicationId));
    return findMentor(deps, actor);
  });
}

/**
 * What the person who just answered is told, naming the other person of the match: the mentee when a mentor
 * answers a request, whoever has not just clicked when it is a proposal. A first acceptance of a proposal sends
 * nobody a message: the other person's card updates to show it.
 */
function answeredNotice(view: MatchView, action: 'accept' | 'decline'): string {
  const otherName = view.viewer === 'mentor' ? view.menteeName : view.mentorName;
  if (action === 'decline') return `You declined. ${otherName} has been told (your reason is not shown to them).`;
  if (view.match.status === 'proposed') return `You accepted. ${otherName} will see that you have.`;
  return `You accepted. ${otherName} has been told.`;
}

/** A stale, late or refused answer still shows the match as it is now, with the reason on top. */
async function staleAsCurrent(
  deps: MatchingFlowDeps,
  actor: Actor,
  matchId: string,
  e: unknown,
): Promise<Card | undefined> {
  if (!(e instanceof StaleError || (e instanceof DomainError && e.code === 'conflict'))) return undefined;
  try {
    return matchCard(await deps.matches.view(actor, matchId), { notice: e.message });
  } catch (inner) {
    return failureCard(inner);
  }
}
