import { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { currentProgramme } from '../../domain/programme';
import type { Actor } from '../../services/actor';
import type { ProgrammesService } from '../../services/programmes.service';
import { VERBS } from '../cards/verbs';
import { payloads } from '../payloads';
import { noticeCard, undeliveredCard, welcomeCard } from '../presenters';
import { openConcernForm, openSignposting, type ConcernFlowDeps } from './concern.handler';
import { failureCard, onExecute, requireActor, sendCard, type Card } from '../respond';
import { openApplication, showMine, type ApplicationFlowDeps } from './application.handler';
import { programmeMatches, runMatching, type AutoMatchingFlowDeps } from './auto-matching.handler';
import { findMentor, showMatches, type MatchingFlowDeps } from './matching.handler';
import { openProfile, type ProfileFlowDeps } from './profile.handler';
import { showReport, type ReportFlowDeps } from './report.handler';
import { openCoordinators, openSetup, useThisChannel, type ProgrammeFlowDeps } from './programme.handler';

export interface WelcomeDeps extends ApplicationFlowDeps, ProgrammeFlowDeps, MatchingFlowDeps, ProfileFlowDeps, AutoMatchingFlowDeps, ConcernFlowDeps, ReportFlowDeps {
  programmes: ProgrammesService;
  localMode: boolean;
}

/** The welcome card for this person: what they can do depends on their role in the tenant's programmes. */
export async function welcomeFor(deps: WelcomeDeps, actor: Actor): Promise<Card> {
  const overview = await deps.programmes.overview(actor);
  const programme = currentProgramme(overview.programmes);
  const coordinated = overview.programmes.find((p) => overview.coordinating.includes(p.id));
  return welcomeCard({ name: actor.name, programme, coordinatedProgrammeId: coordinated?.id, needsSetup: overview.needsSetup, localMode: deps.localMode });
}

/** Features of SPEC §4's menu that later releases deliver; each answers honestly instead of silently. */
const LATER: Record<string, { title: string; text: string }> = {
  'log a session': { title: 'Logging a session', text: 'Session logs open once you have an active match; the mentor gets a "Log this session" card after each meeting.' },
  'my data': { title: 'Your data', text: 'Type "my applications" to see everything you have submitted. A full export and erasure request arrives in a later release; until then your coordinator can help.' },
};

/** The command text of a message, without the bot's @mention and with spacing and case normalised. */
export function commandOf(context: TurnContext): string {
  const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function registerWelcome(app: TeamsApplication<TurnState>, deps: WelcomeDeps): void {
  app.conversationUpdate('membersAdded', async (context, state) => {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    // Clients may repeat the install event (the Playground does on every page load): greet once per
    // conversation, remembered in the persisted conversation state.
    const conversation = state.conversation as { welcomed?: boolean };
    if (!botAdded || conversation.welcomed) return;
    conversation.welcomed = true;
    if (context.activity.conversation?.conversationType === 'channel') {
      await sendCard(context, noticeCard('Mentoring programme app added', 'Coordinators: @mention me with "use this channel" to receive application cards here instead of in your personal chats.', 'default'));
      return;
    }
    try {
      await sendCard(context, await welcomeFor(deps, requireActor(context)));
    } catch (e) {
      await sendCard(context, failureCard(e));
    }
  });

  app.activity('message', async (context) => {
    try {
      const actor = requireActor(context);
      const command = commandOf(context);
      const card = await answerCommand(deps, context, actor, command);
      if (card) await sendCard(context, card);
    } catch (e) {
      await sendCard(context, failureCard(e));
    }
  });

  onExecute(app, VERBS.help, payloads.none, async (_context, actor) => welcomeFor(deps, actor));
  // Opening a form or a list from the welcome card posts it as a new message and keeps the menu in place.
  onExecute(app, VERBS.appOpen, payloads.open, async (context, actor, data) => {
    await sendCard(context, await openApplication(deps, actor, data.role));
    return welcomeFor(deps, actor);
  });
  onExecute(app, VERBS.appMine, payloads.none, async (context, actor) => {
    await showMine(deps, context, actor);
    return welcomeFor(deps, actor);
  });
  onExecute(app, VERBS.autoOpen, payloads.autoOpen, async (context, actor, data) => {
    if (data.view === 'run') await runMatching(deps, context, actor, async (card) => sendCard(context, card));
    else await sendCard(context, await programmeMatches(deps, actor));
    return welcomeFor(deps, actor);
  });
}

/** Typed commands mirror the manifest's command menu. */
async function answerCommand(deps: WelcomeDeps, context: TurnContext, actor: Actor, command: string): Promise<Card | undefined> {
  switch (command) {
    case 'apply as mentee':
    case 'apply mentee':
      return openApplication(deps, actor, 'mentee');
    case 'apply as mentor':
    case 'apply mentor':
      return openApplication(deps, actor, 'mentor');
    case 'my applications':
    case 'my application':
      await showMine(deps, context, actor);
      return undefined;
    case 'setup':
    case 'set up':
      return openSetup();
    case 'coordinators':
    case 'manage coordinators':
      return openCoordinators(deps, actor);
    case 'find a mentor':
    case 'find mentor':
      return findMentor(deps, actor);
    case 'my matches':
    case 'my match':
      await showMatches(deps, context, actor);
      return undefined;
    case 'my profile':
    case 'mentor profile':
      return openProfile(deps, actor);
    case 'run matching':
    case 'run automatic matching':
    case 'automatic matching':
      await runMatching(deps, context, actor, async (card) => sendCard(context, card));
      return undefined;
    case 'matches':
    case 'all matches':
    case 'programme matches':
      return programmeMatches(deps, actor);
    case 'raise a concern':
    case 'raise concern':
    case 'concern':
    case 'report a concern':
      return openConcernForm(deps, context, actor);
    case 'signposting':
    case 'signposts':
    case 'where to turn':
      return openSignposting(deps, actor);
    case 'undelivered':
    case 'undelivered messages':
    case 'delivery problems':
      return undeliveredCard(await deps.programmes.undelivered(actor));
    case 'reports':
    case 'report':
    case 'programme report':
      return showReport(deps, context, actor);
    case 'use this channel':
      return useThisChannel(deps, context, actor);
    default:
      if (LATER[command]) return noticeCard(LATER[command].title, LATER[command].text, 'default');
      if (['', 'help', 'hi', 'hello', 'start', 'menu', 'apply'].includes(command)) return welcomeFor(deps, actor);
      return noticeCard('Sorry, I did not understand that', `I don't know "${command.slice(0, 60)}". Type "help" to see what I can do.`, 'default');
  }
}
