import type { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { DomainError, StaleError } from '../../domain/errors';
import type { Actor } from '../../services/actor';
import type { AutoMatchingService } from '../../services/auto-matching.service';
import type { DirectoryService } from '../../services/directory.service';
import { matchingStartedCard, programmeMatchesCard, proposalCard } from '../auto-match-presenters';
import { VERBS } from '../cards/verbs';
import { payloads } from '../payloads';
import { failureCard, onExecute, type Card } from '../respond';
import { conversationKeyOf, referenceOf } from '../turn';

/** Dependencies of automatic matching (coordinators only; the service checks the role on every call). */
export interface AutoMatchingFlowDeps {
  autoMatching: AutoMatchingService;
  directory: DirectoryService;
}

/**
 * "run matching": reads the pool at once (refusing there and then when there is nothing to match), shows
 * "Matching N mentees…" with `show`, which returns the id of the message that card is in, and solves in the
 * background; that same card becomes the proposal when it is ready.
 */
export async function runMatching(
  deps: AutoMatchingFlowDeps,
  context: TurnContext,
  actor: Actor,
  show: (card: Card) => Promise<string | undefined>,
): Promise<void> {
  const prepared = await deps.autoMatching.prepare(actor);
  const key = conversationKeyOf(context.activity);
  if (!key)
    throw new DomainError('validation', 'Teams did not say which conversation this is, so matching was not started.');
  // Channels are remembered only when set up; the proposal must reach whichever chat asked for it.
  if (!key.startsWith('user:'))
    await deps.directory.rememberConversation(actor.tenantId, key, referenceOf(context.activity));
  const activityId = await show(matchingStartedCard(prepared));
  deps.autoMatching.start(prepared, { conversationKey: key, activityId });
}

/** "matches": the coordinators' overview of the programme's matches. */
export async function programmeMatches(deps: AutoMatchingFlowDeps, actor: Actor, page = 1): Promise<Card> {
  return programmeMatchesCard(await deps.autoMatching.overview(actor, page));
}

/**
 * Every action on the proposal card answers with the proposal as it now is: the clicked card updates in place,
 * and a stale or repeated click shows the current proposal with the reason on top.
 */
export function registerAutoMatchingFlow(app: TeamsApplication<TurnState>, deps: AutoMatchingFlowDeps): void {
  onExecute(app, VERBS.autoRun, payloads.none, async (context, actor) => {
    let started: Card | undefined;
    // The clicked card itself says "Matching…" and becomes the proposal.
    await runMatching(deps, context, actor, async (card) => ((started = card), context.activity.replyToId));
    return started!;
  });
  onExecute(app, VERBS.autoMatches, payloads.page, async (_context, actor, data) =>
    programmeMatches(deps, actor, data.page),
  );
  onExecute(app, VERBS.autoView, payloads.runPage, async (_context, actor, data) =>
    proposalCard(await deps.autoMatching.view(actor, data.runId), data.page),
  );

  const pair = (verb: string, removed: boolean) =>
    onExecute(
      app,
      verb,
      payloads.runPair,
      async (_context, actor, data) => {
        const view = await deps.autoMatching.setRemoved(actor, { ...data, removed });
        const notice = !removed
          ? 'Pair put back into the proposal.'
          : data.bar
            ? 'Pair removed and barred: these two will never be proposed or offered to each other again.'
            : 'Pair removed: it will not be published.';
        return proposalCard(view, data.page, notice);
      },
      (_c, actor, data, e) => staleAsCurrent(deps, actor, data.runId, e, data.page),
    );
  pair(VERBS.autoRemove, true);
  pair(VERBS.autoRestore, false);

  onExecute(
    app,
    VERBS.autoPublish,
    payloads.runRef,
    async (_context, actor, data) => proposalCard(await deps.autoMatching.publish(actor, data)),
    (_c, actor, data, e) => staleAsCurrent(deps, actor, data.runId, e),
  );
  onExecute(
    app,
    VERBS.autoDiscard,
    payloads.runRef,
    async (_context, actor, data) =>
      proposalCard(await deps.autoMatching.discard(actor, data), 1, 'Proposal discarded. Nobody was told anything.'),
    (_c, actor, data, e) => staleAsCurrent(deps, actor, data.runId, e),
  );
}

/** A stale or repeated click shows the proposal as it is now, with the reason on top. */
async function staleAsCurrent(
  deps: AutoMatchingFlowDeps,
  actor: Actor,
  runId: string,
  e: unknown,
  page = 1,
): Promise<Card | undefined> {
  if (!(e instanceof StaleError)) return undefined;
  try {
    return proposalCard(await deps.autoMatching.view(actor, runId), page, e.message);
  } catch (inner) {
    return failureCard(inner);
  }
}
