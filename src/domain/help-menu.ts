import type { ApplicationStatus } from './application';

/**
 * What the help card offers, decided from who is asking and where they are in the programme (SPEC §3, §4, §8).
 * Pure: the Teams adapter turns each command into words, buttons and typed-command hints.
 */

/** Every command the help card can offer. */
export const COMMAND_IDS = [
  'help',
  'apply-mentee',
  'apply-mentor',
  'my-applications',
  'find-mentor',
  'my-matches',
  'my-profile',
  'my-feedback',
  'my-certificates',
  'log-session',
  'add-notes',
  'schedule-meeting',
  'raise-concern',
  'my-data',
  'pending',
  'run-matching',
  'matches',
  'coordinators',
  'undelivered',
  'signposting',
  'reports',
  'setup',
  'use-channel',
] as const;

/** One command the help card can offer. */
export type CommandId = (typeof COMMAND_IDS)[number];

/** Where the person stands, as far as the help card needs to know. */
export interface HelpSituation {
  /** A personal chat with the app, or a team channel (group chats are treated as channels: nothing private there). */
  place: 'personal' | 'channel';
  /** A programme exists in the tenant. */
  hasProgramme: boolean;
  /** No programme has a coordinator yet: whoever sets one up becomes its coordinator. */
  needsSetup: boolean;
  coordinator: boolean;
  /** Status of the application the person holds for each role (closed ones count as none). */
  mentee?: ApplicationStatus;
  mentor?: ApplicationStatus;
  /** An accepted or active match as mentee / as mentor. */
  matchedAsMentee: boolean;
  matchedAsMentor: boolean;
  /** A request or proposal still waiting for an answer, as mentee. */
  menteeRequestOpen: boolean;
}

/** One group on the help card: why it is there, and its commands in the order offered. */
export interface HelpSection {
  id:
    | 'setup'
    | 'no-programme'
    | 'not-applied'
    | 'mentee-waiting'
    | 'mentee-info-requested'
    | 'mentee-unmatched'
    | 'mentee-requested'
    | 'mentee-matched'
    | 'mentor-waiting'
    | 'mentor-info-requested'
    | 'mentor'
    | 'mentor-matched'
    | 'coordinator'
    | 'channel-coordinator'
    | 'channel-participant'
    | 'more';
  commands: CommandId[];
}

const OPEN: readonly (ApplicationStatus | undefined)[] = ['submitted', 'info-requested', 'approved'];

function held(status: ApplicationStatus | undefined): ApplicationStatus | undefined {
  return OPEN.includes(status) ? status : undefined;
}

/** The sections of the help card for this situation, most relevant first. */
export function helpSections(s: HelpSituation): HelpSection[] {
  if (s.place === 'channel') {
    // A channel is shared: only the coordinators' commands belong here, never anyone's application or match.
    if (s.coordinator) return [{ id: 'channel-coordinator', commands: ['use-channel'] }, coordinatorSection()];
    return [{ id: 'channel-participant', commands: [] }];
  }
  const out: HelpSection[] = [];
  if (s.needsSetup) out.push({ id: 'setup', commands: ['setup'] });
  else if (!s.hasProgramme) out.push({ id: 'no-programme', commands: [] });
  const mentee = held(s.mentee);
  const mentor = held(s.mentor);
  if (s.hasProgramme && !mentee && !mentor && !s.coordinator)
    out.push({ id: 'not-applied', commands: ['apply-mentee', 'apply-mentor'] });

  if (mentee === 'submitted') out.push({ id: 'mentee-waiting', commands: ['my-applications'] });
  if (mentee === 'info-requested') out.push({ id: 'mentee-info-requested', commands: ['my-applications'] });
  if (mentee === 'approved') {
    if (s.matchedAsMentee)
      out.push({ id: 'mentee-matched', commands: ['my-matches', 'schedule-meeting', 'add-notes', 'raise-concern'] });
    else if (s.menteeRequestOpen) out.push({ id: 'mentee-requested', commands: ['my-matches', 'find-mentor'] });
    else out.push({ id: 'mentee-unmatched', commands: ['find-mentor', 'my-matches'] });
  }
  if (mentor === 'submitted') out.push({ id: 'mentor-waiting', commands: ['my-applications'] });
  if (mentor === 'info-requested') out.push({ id: 'mentor-info-requested', commands: ['my-applications'] });
  if (mentor === 'approved') {
    out.push(
      s.matchedAsMentor
        ? {
            id: 'mentor-matched',
            commands: ['my-matches', 'log-session', 'schedule-meeting', 'my-profile', 'raise-concern'],
          }
        : { id: 'mentor', commands: ['my-profile', 'my-matches', 'my-feedback', 'my-certificates'] },
    );
  }
  if (s.coordinator) out.push(coordinatorSection());

  // Someone both mentee and mentor sees e.g. "my matches" once, in the first section that offers it.
  const offered = new Set<CommandId>();
  for (const section of out) {
    section.commands = section.commands.filter((c) => !offered.has(c));
    section.commands.forEach((c) => offered.add(c));
  }
  const more: CommandId[] = [];
  if (s.hasProgramme && (mentee || mentor || s.coordinator)) {
    if (!mentee && !s.coordinator) more.push('apply-mentee');
    if (!mentor && !s.coordinator) more.push('apply-mentor');
    if (s.coordinator && !mentee && !mentor) more.push('apply-mentee', 'apply-mentor');
    more.push('my-applications');
  }
  if (mentee || mentor) more.push('raise-concern', 'my-data');
  const rest = more.filter((c) => !offered.has(c));
  if (rest.length) out.push({ id: 'more', commands: rest });
  return out;
}

function coordinatorSection(): HelpSection {
  return {
    id: 'coordinator',
    commands: ['pending', 'run-matching', 'matches', 'coordinators', 'undelivered', 'signposting', 'reports'],
  };
}
