import type { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { ForbiddenError, ValidationError } from '../../domain/errors';
import type { Actor } from '../../services/actor';
import type { DirectoryService } from '../../services/directory.service';
import type { ProgrammesService } from '../../services/programmes.service';
import { VERBS } from '../cards/verbs';
import { payloads } from '../payloads';
import { coordinatorsCard, noticeCard, setupCard } from '../presenters';
import { onExecute, type Card } from '../respond';
import { conversationKeyOf, referenceOf } from '../turn';

/** Dependencies of programme setup and coordinator management. */
export interface ProgrammeFlowDeps {
  programmes: ProgrammesService;
  directory: DirectoryService;
}

export function openSetup(values?: { programmeName?: string; nation?: string; sites?: string }, errors?: Record<string, string>): Card {
  return setupCard(values ?? {}, errors ?? {});
}

/** The coordinators card of the first programme the actor coordinates. */
export async function openCoordinators(deps: ProgrammeFlowDeps, actor: Actor, programmeId?: string, message?: string): Promise<Card> {
  const id = programmeId ?? (await deps.programmes.overview(actor)).coordinating[0];
  if (!id) throw new ForbiddenError('Only programme coordinators can manage coordinators.');
  return coordinatorsCard(await deps.programmes.coordinators(actor, id), message);
}

/**
 * "use this channel", said in a team channel by a coordinator: their programme's application cards go
 * to this channel from now on, instead of to each coordinator's personal chat.
 */
export async function useThisChannel(deps: ProgrammeFlowDeps, context: TurnContext, actor: Actor): Promise<Card> {
  const key = conversationKeyOf(context.activity);
  if (context.activity.conversation?.conversationType !== 'channel' || !key) {
    return noticeCard('Use this in a channel', 'Say "use this channel" in your coordinators\u2019 team channel (with an @mention of the app) to receive application cards there.', 'warning');
  }
  const programmeId = (await deps.programmes.overview(actor)).coordinating[0];
  if (!programmeId) throw new ForbiddenError('Only programme coordinators can choose the coordinators\u2019 channel.');
  await deps.directory.rememberConversation(actor.tenantId, key, referenceOf(context.activity));
  const programme = await deps.programmes.useChannel(actor, programmeId, key);
  return noticeCard('Coordinators\u2019 channel set', `New applications to ${programme.name} will be posted in this channel.`, 'good');
}

export function registerProgrammeFlow(app: TeamsApplication<TurnState>, deps: ProgrammeFlowDeps): void {
  onExecute(app, VERBS.setupOpen, payloads.none, async () => openSetup());

  onExecute(app, VERBS.setupSubmit, payloads.setup, async (_context, actor, data) => {
    const programme = await deps.programmes.create(actor, { name: data.programmeName, nation: data.nation, sites: data.sites });
    return noticeCard('Programme set up', `${programme.name} is ready and you are its coordinator. Applications will reach you here. Type "coordinators" to add more coordinators.`, 'good');
  }, async (_context, _actor, data, e) => (e instanceof ValidationError && Object.keys(e.details).length ? openSetup(data, e.details) : undefined));

  onExecute(app, VERBS.coordOpen, payloads.programme, async (_context, actor, data) => openCoordinators(deps, actor, data.programmeId));

  onExecute(app, VERBS.coordAdd, payloads.addCoordinator, async (_context, actor, data) => {
    if (!data.personId) throw new ValidationError('Choose a person to add.', { personId: 'Choose a person to add.' });
    const { person } = await deps.programmes.addCoordinator(actor, data.programmeId, data.personId);
    return openCoordinators(deps, actor, data.programmeId, `${person.name} is now a coordinator.`);
  });
}
