import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { StaleError } from '../../domain/errors';
import type { Actor } from '../../services/actor';
import type { AutoMatchingService } from '../../services/auto-matching.service';
import { programmeMatchesCard, proposalCard } from '../auto-match-presenters';
import { VERBS } from '../cards/verbs';
import { payloads } from '../payloads';
import { failureCard, onExecute, type Card } from '../respond';

/** Dependencies of automatic matching (coordinators only; the service checks the role on every call). */
export interface AutoMatchingFlowDeps {
  autoMatching: AutoMatchingService;
}

/** "run matching": runs the engine and shows the proposal. */
export async function runMatching(deps: AutoMatchingFlowDeps, actor: Actor): Promise<Card> {
  return proposalCard(await deps.autoMatching.run(actor));
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
  onExecute(app, VERBS.autoRun, payloads.none, async (_context, actor) => runMatching(deps, actor));
  onExecute(app, VERBS.autoMatches, payloads.page, async (_context, actor, data) => programmeMatches(deps, actor, data.page));
  onExecute(app, VERBS.autoView, payloads.runPage, async (_context, actor, data) => proposalCard(await deps.autoMatching.view(actor, data.runId), data.page));

  const pair = (verb: string, removed: boolean) =>
    onExecute(app, verb, payloads.runPair, async (_context, actor, data) => {
      const view = await deps.autoMatching.setRemoved(actor, { ...data, removed });
      const notice = !removed ? 'Pair put back into the proposal.' : data.bar ? 'Pair removed and barred: these two will never be proposed or offered to each other again.' : 'Pair removed: it will not be published.';
      return proposalCard(view, data.page, notice);
    }, (_c, actor, data, e) => staleAsCurrent(deps, actor, data.runId, e, data.page));
  pair(VERBS.autoRemove, true);
  pair(VERBS.autoRestore, false);

  onExecute(app, VERBS.autoPublish, payloads.runRef, async (_context, actor, data) => proposalCard(await deps.autoMatching.publish(actor, data)),
    (_c, actor, data, e) => staleAsCurrent(deps, actor, data.runId, e));
  onExecute(app, VERBS.autoDiscard, payloads.runRef, async (_context, actor, data) => proposalCard(await deps.autoMatching.discard(actor, data), 1, 'Proposal discarded. Nobody was told anything.'),
    (_c, actor, data, e) => staleAsCurrent(deps, actor, data.runId, e));
}

/** A stale or repeated click shows the proposal as it is now, with the reason on top. */
async function staleAsCurrent(deps: AutoMatchingFlowDeps, actor: Actor, runId: string, e: unknown, page = 1): Promise<Card | undefined> {
  if (!(e instanceof StaleError)) return undefined;
  try {
    return proposalCard(await deps.autoMatching.view(actor, runId), page, e.message);
  } catch (inner) {
    return failureCard(inner);
  }
}
