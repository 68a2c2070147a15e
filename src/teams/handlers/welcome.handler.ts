import { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { CLOSED_STATUSES } from '../../domain/application';
import { closestKey, commandKey } from '../../domain/command-text';
import { helpSections, type CommandId, type HelpSituation } from '../../domain/help-menu';
import { currentProgramme } from '../../domain/programme';
import type { Actor } from '../../services/actor';
import type { ApplicationsService } from '../../services/applications.service';
import type { ProgrammesService } from '../../services/programmes.service';
import { VERBS } from '../cards/verbs';
import { payloads } from '../payloads';
import { noticeCard, undeliveredCard, welcomeCard, type HelpCommand } from '../presenters';
import { openConcernForm, openSignposting, type ConcernFlowDeps } from './concern.handler';
import { failureCard, onExecute, requireActor, sendCard, type Card } from '../respond';
import { currentCard, openApplication, openPending, showMine, type ApplicationFlowDeps } from './application.handler';
import { programmeMatches, runMatching, type AutoMatchingFlowDeps } from './auto-matching.handler';
import { findMentor, showMatches, type MatchingFlowDeps } from './matching.handler';
import { showFeedback, type EvaluationFlowDeps } from './evaluation.handler';
import { showCertificates, type CertificateFlowDeps } from './certificate.handler';
import { openNotes, openScheduling, openSessionLog, type MeetingFlowDeps } from './meeting.handler';
import { openProfile, type ProfileFlowDeps } from './profile.handler';
import { showReport, type ReportFlowDeps } from './report.handler';
import { openCoordinators, openSetup, useThisChannel, type ProgrammeFlowDeps } from './programme.handler';
import { conversationKeyOf, referenceOf, turnTenant } from '../turn';

export interface WelcomeDeps
  extends
    ApplicationFlowDeps,
    ProgrammeFlowDeps,
    MatchingFlowDeps,
    ProfileFlowDeps,
    AutoMatchingFlowDeps,
    ConcernFlowDeps,
    MeetingFlowDeps,
    ReportFlowDeps,
    EvaluationFlowDeps,
    CertificateFlowDeps {
  programmes: ProgrammesService;
  applications: ApplicationsService;
  localMode: boolean;
}

/** A personal chat, or somewhere shared (a team channel or group chat) where nothing personal belongs. */
function placeOf(context: TurnContext): HelpSituation['place'] {
  return context.activity.conversation?.conversationType === 'personal' ? 'personal' : 'channel';
}

/** Where the person stands: their role, their applications in the current programme and their matches. */
async function situationOf(deps: WelcomeDeps, actor: Actor, place: HelpSituation['place']) {
  const overview = await deps.programmes.overview(actor);
  const programme = currentProgramme(overview.programmes);
  const situation: HelpSituation = {
    place,
    hasProgramme: Boolean(programme),
    needsSetup: overview.needsSetup,
    coordinator: overview.coordinating.length > 0,
    matchedAsMentee: false,
    matchedAsMentor: false,
    menteeRequestOpen: false,
  };
  if (place === 'personal' && programme) {
    for (const { application, earlier } of await deps.applications.mine(actor)) {
      if (earlier || application.programmeId !== programme.id || CLOSED_STATUSES.includes(application.status)) continue;
      situation[application.role] = application.status;
    }
    for (const { match, viewer } of await deps.matches.mine(actor)) {
      if (match.programmeId !== programme.id) continue;
      const matched = match.status === 'accepted' || match.status === 'active';
      if (matched && viewer === 'mentee') situation.matchedAsMentee = true;
      if (matched && viewer === 'mentor') situation.matchedAsMentor = true;
      if (viewer === 'mentee' && (match.status === 'requested' || match.status === 'proposed'))
        situation.menteeRequestOpen = true;
    }
  }
  return { situation, programme };
}

/** The help card for this person, here: what they can do now, as buttons and as words they can type. */
export async function welcomeFor(deps: WelcomeDeps, context: TurnContext, actor: Actor): Promise<Card> {
  const { situation, programme } = await situationOf(deps, actor, placeOf(context));
  const sections = helpSections(situation).map((s) => ({ id: s.id, commands: s.commands.map(describe) }));
  return welcomeCard({ name: actor.name, programme, sections, localMode: deps.localMode });
}

/** Features of SPEC §4's menu that later releases deliver; each answers honestly instead of silently. */
const LATER: Record<string, { title: string; text: string }> = {
  'my data': {
    title: 'Your data',
    text: 'Type "my applications" to see everything you have submitted. A full export and erasure request arrives in a later release; until then your coordinator can help.',
  },
};

/** What one command does when typed or pressed; undefined when it posted its own messages. */
type Run = (deps: WelcomeDeps, context: TurnContext, actor: Actor) => Promise<Card | undefined>;

/**
 * One typed command: the words shown on the help card, other ways people say it (compared after
 * {@link commandKey}, so case, punctuation, "please" and articles do not matter), the button title when the help
 * card offers it as a button, and whether it belongs only in a personal chat.
 */
interface Command {
  id: CommandId;
  words: string;
  also?: string[];
  button?: string;
  personal?: boolean;
  run: Run;
}

/** Typed commands, one entry each; they mirror the manifest's command menu. */
const COMMANDS: readonly Command[] = [
  {
    id: 'help',
    words: 'help',
    also: [
      '',
      'hi',
      'hello',
      'hiya',
      'start',
      'menu',
      'apply',
      'commands',
      'what can you do',
      'options',
      'get started',
      'help me',
    ],
    run: (d, c, a) => welcomeFor(d, c, a),
  },
  {
    id: 'apply-mentee',
    words: 'apply as mentee',
    also: ['apply mentee', 'apply as a mentee', 'become a mentee', 'join as mentee', 'mentee application'],
    button: 'Apply as mentee',
    personal: true,
    run: (d, _c, a) => openApplication(d, a, 'mentee'),
  },
  {
    id: 'apply-mentor',
    words: 'apply as mentor',
    also: ['apply mentor', 'apply as a mentor', 'become a mentor', 'join as mentor', 'mentor application'],
    button: 'Apply as mentor',
    personal: true,
    run: (d, _c, a) => openApplication(d, a, 'mentor'),
  },
  {
    id: 'my-applications',
    words: 'my applications',
    also: ['my application', 'application status', 'my status', 'status'],
    button: 'My applications',
    personal: true,
    run: async (d, c, a) => void (await showMine(d, c, a)),
  },
  {
    id: 'setup',
    words: 'setup',
    also: ['set up', 'set up a programme', 'setup programme', 'new programme', 'create a programme'],
    button: 'Set up a programme',
    run: (d, c, a) => setupHere(d, c, a),
  },
  {
    id: 'coordinators',
    words: 'coordinators',
    also: ['manage coordinators', 'coordinator', 'add a coordinator', 'remove a coordinator'],
    button: 'Coordinators',
    run: (d, _c, a) => openCoordinators(d, a),
  },
  {
    id: 'pending',
    words: 'pending',
    also: [
      'pending applications',
      'applications',
      'applications to review',
      'review applications',
      'waiting applications',
      'awaiting decision',
    ],
    button: 'Pending applications',
    run: (d, _c, a) => openPending(d, a),
  },
  {
    id: 'find-mentor',
    words: 'find a mentor',
    also: [
      'find mentor',
      'find mentors',
      'choose a mentor',
      'request a mentor',
      'search mentors',
      'browse mentors',
      'suggested mentors',
      'mentors',
    ],
    button: 'Find a mentor',
    personal: true,
    run: (d, _c, a) => findMentor(d, a),
  },
  {
    id: 'my-matches',
    words: 'my matches',
    also: ['my match', 'my mentor', 'my mentors', 'my mentee', 'my mentees', 'my requests'],
    button: 'My matches',
    personal: true,
    run: async (d, c, a) => void (await showMatches(d, c, a)),
  },
  {
    id: 'my-profile',
    words: 'my profile',
    also: ['mentor profile', 'profile', 'edit my profile', 'my mentor profile'],
    button: 'My profile',
    personal: true,
    run: (d, _c, a) => openProfile(d, a),
  },
  {
    id: 'run-matching',
    words: 'run matching',
    also: ['run automatic matching', 'automatic matching', 'auto matching', 'auto match', 'match everyone'],
    button: 'Run matching',
    run: async (d, c, a) => void (await runMatching(d, c, a, async (card) => sendCard(c, card))),
  },
  {
    id: 'matches',
    words: 'matches',
    also: ['all matches', 'programme matches'],
    button: 'All matches',
    run: (d, c, a) => allMatches(d, c, a),
  },
  {
    id: 'log-session',
    words: 'log a session',
    also: ['log session', 'log this session', 'session log', 'log a meeting'],
    button: 'Log a session',
    personal: true,
    run: (d, _c, a) => openSessionLog(d, a),
  },
  {
    id: 'schedule-meeting',
    words: 'schedule a meeting',
    also: ['schedule meeting', 'schedule', 'book a meeting', 'book meeting', 'arrange a meeting'],
    button: 'Schedule a meeting',
    personal: true,
    run: (d, c, a) => openScheduling(d, c, a),
  },
  {
    id: 'add-notes',
    words: 'add my notes',
    also: ['my notes', 'add notes', 'session notes'],
    button: 'Add my notes',
    personal: true,
    run: (d, _c, a) => openNotes(d, a),
  },
  {
    id: 'my-feedback',
    words: 'my feedback',
    also: ['feedback', 'mentee feedback', 'my ratings'],
    personal: true,
    run: (d, _c, a) => showFeedback(d, a),
  },
  {
    id: 'my-certificates',
    words: 'my certificates',
    also: ['certificates', 'certificate', 'my certificate', 'cpd certificate', 'cpd'],
    personal: true,
    run: (d, _c, a) => showCertificates(d, a),
  },
  {
    id: 'raise-concern',
    words: 'raise a concern',
    also: ['raise concern', 'concern', 'report a concern', 'report concern', 'i have a concern'],
    button: 'Raise a concern',
    run: (d, c, a) => openConcernForm(d, c, a),
  },
  {
    id: 'signposting',
    words: 'signposting',
    also: ['signposts', 'where to turn'],
    button: 'Signposting',
    run: (d, _c, a) => openSignposting(d, a),
  },
  {
    id: 'undelivered',
    words: 'undelivered',
    also: ['undelivered messages', 'delivery problems', 'failed messages'],
    button: 'Undelivered messages',
    run: async (d, _c, a) => undeliveredCard(await d.programmes.undelivered(a)),
  },
  {
    id: 'reports',
    words: 'reports',
    also: ['report', 'programme report', 'show reports', 'figures'],
    button: 'Reports',
    run: (d, c, a) => showReport(d, c, a),
  },
  {
    id: 'use-channel',
    words: 'use this channel',
    also: ['use channel', 'use this channel for coordinators'],
    button: 'Use this channel',
    run: (d, c, a) => useThisChannel(d, c, a),
  },
];

/**
 * Commands the help card names by their words only: answered by LATER above, or by commands another part of the
 * app adds to COMMANDS (an entry there takes over both the words and the answer).
 */
const TYPED_ONLY: Partial<Record<CommandId, string>> = {
  'my-data': 'my data',
};

/** Every key a command answers to; two commands claiming the same words is a mistake caught at start. */
const BY_KEY: ReadonlyMap<string, Command> = (() => {
  const map = new Map<string, Command>();
  for (const command of COMMANDS) {
    for (const phrase of [command.words, ...(command.also ?? [])]) {
      const key = commandKey(phrase);
      const taken = map.get(key);
      if (taken && taken !== command) throw new Error(`"${phrase}" is claimed by both ${taken.id} and ${command.id}`);
      map.set(key, command);
    }
  }
  return map;
})();
const LATER_BY_KEY = new Map(Object.entries(LATER).map(([words, answer]) => [commandKey(words), answer]));
const BY_ID = new Map(COMMANDS.map((c) => [c.id, c]));

/** A command as the help card shows it: the words to type, and a button title when it has one. */
function describe(id: CommandId): HelpCommand {
  const command = BY_ID.get(id);
  return { id, words: command?.words ?? TYPED_ONLY[id] ?? id, button: command?.button };
}

/** The command text of a message, without the bot's @mention and with spacing and case normalised. */
export function commandOf(context: TurnContext): string {
  const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Runs a command for this person, here: participants' commands answer only in their personal chat. */
async function run(deps: WelcomeDeps, context: TurnContext, actor: Actor, command: Command): Promise<Card | undefined> {
  if (command.personal && placeOf(context) !== 'personal') {
    return noticeCard(
      'Open your personal chat with the app',
      `So that only you see it, type "${command.words}" in your personal chat with the app.`,
      'default',
    );
  }
  return command.run(deps, context, actor);
}

export function registerWelcome(app: TeamsApplication<TurnState>, deps: WelcomeDeps): void {
  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
    // Clients may repeat the install event (the Playground does on every page load): greet once per
    // conversation, remembered with the conversation.
    const tenantId = turnTenant.getStore()?.tenantId;
    const key = conversationKeyOf(context.activity);
    if (
      !botAdded ||
      !tenantId ||
      !key ||
      !(await deps.directory.welcomeOnce(tenantId, key, referenceOf(context.activity)))
    )
      return;
    if (context.activity.conversation?.conversationType === 'channel') {
      await sendCard(
        context,
        noticeCard(
          'Mentoring programme app added',
          'Coordinators: @mention me with "setup" to receive application cards in this channel instead of in your personal chats, or with "help" to see what you can do here.',
          'default',
        ),
      );
      return;
    }
    try {
      await sendCard(context, await welcomeFor(deps, context, requireActor(context)));
    } catch (e) {
      await sendCard(context, failureCard(e));
    }
  });

  app.activity('message', async (context) => {
    try {
      const actor = requireActor(context);
      const card = await answerCommand(deps, context, actor, commandOf(context));
      if (card) await sendCard(context, card);
    } catch (e) {
      await sendCard(context, failureCard(e));
    }
  });

  onExecute(app, VERBS.help, payloads.none, async (context, actor) => welcomeFor(deps, context, actor));
  // A command pressed on the help card posts its answer as a new message; the help card stays, brought up to date.
  onExecute(app, VERBS.helpRun, payloads.helpRun, async (context, actor, data) => {
    const command = BY_ID.get(data.command);
    if (!command) return welcomeFor(deps, context, actor);
    try {
      const card = await run(deps, context, actor, command);
      if (card) await sendCard(context, card);
    } catch (e) {
      await sendCard(context, failureCard(e));
    }
    return welcomeFor(deps, context, actor);
  });
  // Buttons of earlier help cards still in people's chats: each posts its answer and keeps the menu in place.
  onExecute(app, VERBS.appOpen, payloads.open, async (context, actor, data) => {
    await sendCard(context, await openApplication(deps, actor, data.role));
    return welcomeFor(deps, context, actor);
  });
  // The list is posted as new messages; a status card it was pressed on keeps showing its own application.
  onExecute(app, VERBS.appMine, payloads.appMine, async (context, actor, data) => {
    await showMine(deps, context, actor);
    return data.applicationId ? currentCard(deps, actor, data.applicationId) : welcomeFor(deps, context, actor);
  });
  onExecute(app, VERBS.autoOpen, payloads.autoOpen, async (context, actor, data) => {
    if (data.view === 'run') await runMatching(deps, context, actor, async (card) => sendCard(context, card));
    else await sendCard(context, await programmeMatches(deps, actor));
    return welcomeFor(deps, context, actor);
  });
}

/** "setup": in a personal chat, the programme form (when this person may create one); in a channel, this channel for the coordinators. */
async function setupHere(deps: WelcomeDeps, context: TurnContext, actor: Actor): Promise<Card> {
  if (placeOf(context) === 'channel') return useThisChannel(deps, context, actor);
  return openSetup(deps, actor);
}

/** "matches": the programme overview for coordinators; a participant asking means their own. */
async function allMatches(deps: WelcomeDeps, context: TurnContext, actor: Actor): Promise<Card | undefined> {
  if ((await deps.programmes.overview(actor)).coordinating.length === 0 && placeOf(context) === 'personal') {
    await showMatches(deps, context, actor);
    return undefined;
  }
  return programmeMatches(deps, actor);
}

/** Answers a typed command; an unknown one is met with the nearest command's words when it looks like a typo. */
async function answerCommand(
  deps: WelcomeDeps,
  context: TurnContext,
  actor: Actor,
  text: string,
): Promise<Card | undefined> {
  const key = commandKey(text);
  const command = BY_KEY.get(key);
  if (command) return run(deps, context, actor, command);
  const later = LATER_BY_KEY.get(key);
  if (later) return noticeCard(later.title, later.text, 'default');
  const near = closestKey(key, BY_KEY.keys());
  const hint = near !== undefined ? ` Did you mean "${BY_KEY.get(near)!.words}"?` : '';
  return noticeCard(
    'Sorry, I did not understand that',
    `I don't know "${text.slice(0, 60)}".${hint} Type "help" to see what I can do.`,
    'default',
  );
}
