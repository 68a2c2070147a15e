import type { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { DomainError, ForbiddenError, ValidationError } from '../../domain/errors';
import type { ApplicationsService } from '../../services/applications.service';
import type { Actor } from '../../services/actor';
import type { DirectoryService } from '../../services/directory.service';
import type { ProgrammesService } from '../../services/programmes.service';
import { VERBS } from '../cards/verbs';
import { payloads } from '../payloads';
import { coordinatorsCard, noticeCard, setupCard, type CoordinatorsMessage } from '../presenters';
import { onExecute, sendCard, type Card } from '../respond';
import { currentApplicationCard } from './application.handler';
import { conversationKeyOf, referenceOf } from '../turn';

/** Dependencies of programme setup and coordinator management. */
export interface ProgrammeFlowDeps {
  programmes: ProgrammesService;
  directory: DirectoryService;
}

/**
 * The setup form, or why this person cannot set up a programme: checked before the form is shown, so nobody
 * fills it in only to be refused on submitting.
 */
export async function openSetup(deps: ProgrammeFlowDeps, actor: Actor): Promise<Card> {
  const check = await deps.programmes.setupCheck(actor);
  if (!check.allowed) return noticeCard('Ask a coordinator', check.reason, 'default');
  return setupCard({}, {});
}

/** The coordinators card of the first programme the actor coordinates. */
export async function openCoordinators(
  deps: ProgrammeFlowDeps,
  actor: Actor,
  programmeId?: string,
  message?: CoordinatorsMessage,
): Promise<Card> {
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
    return noticeCard(
      'Use this in a channel',
      'Say "setup" (or "use this channel") in your coordinators\u2019 team channel, with an @mention of the app, to receive application cards there.',
      'warning',
    );
  }
  const overview = await deps.programmes.overview(actor);
  const programmeId = overview.coordinating[0];
  if (!programmeId && overview.needsSetup) {
    return noticeCard(
      'Set up the programme first',
      'No mentoring programme is set up in the app yet. Open your personal chat with the app and type "setup" to create it; then say "setup" here to have application cards posted in this channel.',
      'default',
    );
  }
  if (!programmeId) throw new ForbiddenError('Only programme coordinators can choose the coordinators\u2019 channel.');
  await deps.directory.rememberConversation(actor.tenantId, key, referenceOf(context.activity));
  const programme = await deps.programmes.useChannel(actor, programmeId, key);
  return noticeCard(
    'Coordinators\u2019 channel set',
    `New applications to ${programme.name} will be posted in this channel.`,
    'good',
  );
}

export function registerProgrammeFlow(
  app: TeamsApplication<TurnState>,
  deps: ProgrammeFlowDeps & { applications: ApplicationsService; privacyNotice: string },
): void {
  onExecute(app, VERBS.setupOpen, payloads.none, async (_context, actor) => openSetup(deps, actor));

  onExecute(
    app,
    VERBS.setupSubmit,
    payloads.setup,
    async (_context, actor, data) => {
      const programme = await deps.programmes.create(actor, {
        name: data.programmeName,
        organisation: data.organisation,
        nation: data.nation,
        sites: data.sites,
      });
      return noticeCard(
        'Programme set up',
        `${programme.name} is ready and you are its coordinator. Applications will reach you here. Type "coordinators" to add more coordinators.`,
        'good',
      );
    },
    async (_context, _actor, data, e) =>
      e instanceof ValidationError && Object.keys(e.details).length ? setupCard(data, e.details) : undefined,
  );

  // From an application card, the coordinators card opens as a new message and the application card stays.
  onExecute(app, VERBS.coordOpen, payloads.coordOpen, async (context, actor, data) => {
    const card = await openCoordinators(deps, actor, data.programmeId);
    if (!data.applicationId) return card;
    await sendCard(context, card);
    return currentApplicationCard(deps, actor, data.applicationId);
  });

  onExecute(
    app,
    VERBS.coordAdd,
    payloads.addCoordinator,
    async (_context, actor, data) => {
      if (!data.personId) throw new ValidationError('Choose a person to add.', { personId: 'Choose a person to add.' });
      const { person, participantRoles } = await deps.programmes.addCoordinator(actor, data.programmeId, data.personId);
      if (participantRoles.length === 0)
        return openCoordinators(deps, actor, data.programmeId, {
          text: `${person.name} is now a coordinator.`,
          tone: 'good',
        });
      const roles = participantRoles.join(' and ');
      return openCoordinators(deps, actor, data.programmeId, {
        text: `${person.name} is now a coordinator. Note: they have also applied as a ${roles} in this programme. As a coordinator they will see every application and match, though they cannot decide their own application; consider whether both roles are right.`,
        tone: 'warning',
      });
    },
    (_c, actor, data, e) => refusedOnCard(deps, actor, data.programmeId, e),
  );

  onExecute(
    app,
    VERBS.coordRemove,
    payloads.removeCoordinator,
    async (_context, actor, data) => {
      const { programme, person } = await deps.programmes.removeCoordinator(actor, data.programmeId, data.personId);
      if (data.personId === actor.personId) {
        return noticeCard(
          'You are no longer a coordinator',
          `You removed yourself as a coordinator of ${programme.name}. Application cards will no longer reach you.`,
          'default',
        );
      }
      return openCoordinators(deps, actor, data.programmeId, {
        text: `${person.name} is no longer a coordinator. They have been told.`,
        tone: 'good',
      });
    },
    (_c, actor, data, e) => refusedOnCard(deps, actor, data.programmeId, e),
  );
}

/** A refused or already-done change keeps the coordinators card, as it now is, with the reason on top. */
async function refusedOnCard(
  deps: ProgrammeFlowDeps,
  actor: Actor,
  programmeId: string,
  e: unknown,
): Promise<Card | undefined> {
  if (!(e instanceof DomainError) || !['forbidden', 'conflict', 'not-found', 'validation'].includes(e.code))
    return undefined;
  try {
    return await openCoordinators(deps, actor, programmeId, { text: e.message, tone: 'warning' });
  } catch {
    // Not a coordinator of that programme at all: the error itself is the answer.
    return undefined;
  }
}
