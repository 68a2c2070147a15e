import type { Role } from '../../domain/application';
import type { CommandId } from '../../domain/help-menu';

/**
 * The `verb` of every `Action.Execute` on our cards. Handlers route on these constants and card templates
 * use the same strings, so the card lint test checks every template verb is listed here.
 */
export const VERBS = {
  help: 'help',
  helpRun: 'help.run',
  appOpen: 'app.open',
  appSubmit: 'app.submit',
  appMine: 'app.mine',
  appWithdraw: 'app.withdraw',
  appEdit: 'app.edit',
  appResubmit: 'app.resubmit',
  appApprove: 'app.approve',
  appReject: 'app.reject',
  appRequestInfo: 'app.requestInfo',
  appRefresh: 'app.refresh',
  appReview: 'app.review',
  setupOpen: 'setup.open',
  setupSubmit: 'setup.submit',
  coordOpen: 'coord.open',
  coordAdd: 'coord.add',
  coordRemove: 'coord.remove',
  matchFind: 'match.find',
  matchRequest: 'match.request',
  matchAccept: 'match.accept',
  matchDecline: 'match.decline',
  matchWithdraw: 'match.withdraw',
  matchMine: 'match.mine',
  matchEnd: 'match.end',
  concernOpen: 'concern.open',
  concernRaise: 'concern.raise',
  concernAck: 'concern.ack',
  concernClose: 'concern.close',
  signpostsSave: 'signposts.save',
  profileOpen: 'profile.open',
  profileSave: 'profile.save',
  profilePause: 'profile.pause',
  profileResume: 'profile.resume',
  autoOpen: 'auto.open',
  autoRun: 'auto.run',
  autoView: 'auto.view',
  autoRemove: 'auto.remove',
  autoRestore: 'auto.restore',
  autoPublish: 'auto.publish',
  autoDiscard: 'auto.discard',
  autoMatches: 'auto.matches',
  meetingOpen: 'meeting.open',
  meetingBook: 'meeting.book',
  meetingCancel: 'meeting.cancel',
  sessionOpen: 'session.open',
  sessionLog: 'session.log',
  notesOpen: 'notes.open',
  notesSave: 'notes.save',
} as const;

/** One verb value. */
export type Verb = (typeof VERBS)[keyof typeof VERBS];

/** Every verb value, for checks such as "is this a verb we know". */
export const ALL_VERBS: readonly Verb[] = Object.values(VERBS);

/** Fixed data on an action that names an application at the version the card showed. */
export interface ApplicationRefData {
  applicationId: string;
  version: number;
}

/**
 * What each verb's action carries. Fixed data comes from the template; inputs (strings) are merged in by
 * the Teams client. All of it is untrusted and parsed again by the handler.
 */
export interface VerbPayloads {
  help: Record<string, never>;
  /** A command offered on the help card (see CommandId): its answer is posted as a new message, the help card stays. */
  'help.run': { command: CommandId };
  'app.open': { role: Role };
  /** Plus the form inputs (see FORM_INPUT_IDS in src/domain/application-form.ts). */
  'app.submit': { programmeId: string; role: Role } & Record<string, string>;
  'app.mine': Record<string, never>;
  'app.withdraw': ApplicationRefData;
  'app.edit': ApplicationRefData;
  /** Plus the form inputs. */
  'app.resubmit': ApplicationRefData & Record<string, unknown>;
  'app.approve': ApplicationRefData;
  'app.reject': ApplicationRefData & { reason: string };
  'app.requestInfo': ApplicationRefData & { question: string };
  'app.refresh': { applicationId: string };
  /** From the pending list: posts the review card as a new message, the list stays. */
  'app.review': { applicationId: string };
  'setup.open': Record<string, never>;
  'setup.submit': { programmeName: string; nation: string; sites: string };
  /** With `applicationId` (from an application card): the coordinators card opens as a new message, the clicked card stays. */
  'coord.open': { programmeId: string; applicationId?: string };
  'coord.add': { programmeId: string; personId: string };
  'coord.remove': { programmeId: string; personId: string };
  /** Plus the filter inputs (specialty, site, country, language). */
  'match.find': { page: number } & Record<string, string | number>;
  'match.request': { mentorApplicationId: string };
  'match.accept': { matchId: string; version: number };
  'match.decline': { matchId: string; version: number; reason: string };
  'match.withdraw': { matchId: string; version: number };
  /** The card it was clicked on (a match or a profile), which is kept showing; none from the suggestions card. */
  'match.mine': { matchId?: string; applicationId?: string };
  'concern.open': { matchId?: string };
  'concern.raise': { source: 'form'; formId: string; category: string; text: string; mayContact: string; matchId?: string };
  'concern.ack': { concernId: string; version: number };
  'concern.close': { concernId: string; version: number; note?: string };
  /** Plus the rows' inputs: name0, purpose0, contact0, … */
  'signposts.save': { version: number } & Record<string, string | number>;
  'profile.open': { applicationId: string };
  /** Plus the profile inputs (bio, capacity, topics, meetingPreference). */
  'profile.save': { applicationId: string; version: number; bio: string; capacity: string; topics: string; meetingPreference: string };
  'profile.pause': { applicationId: string; version: number };
  'profile.resume': { applicationId: string; version: number };
  /** From the welcome card: posts the proposal or the overview as a new message, keeping the menu. */
  'auto.open': { view: 'run' | 'matches' };
  'auto.run': Record<string, never>;
  'auto.view': { runId: string; page: number };
  /** `bar`: also never propose or offer these two to each other again. */
  'auto.remove': { runId: string; version: number; menteeApplicationId: string; page: number; bar: boolean };
  'auto.restore': { runId: string; version: number; menteeApplicationId: string; page: number };
  'auto.publish': { runId: string; version: number };
  'auto.discard': { runId: string; version: number };
  'auto.matches': { page: number };
}

/** Max length of the free-text reason/question a coordinator types on the review card. */
export const NOTE_MAX_LENGTH = 500;

/** Teams refreshes a card automatically for at most this many users (`refresh.userIds`). */
export const MAX_REFRESH_USERS = 60;
