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
  matchEndOpen: 'match.endOpen',
  evalSubmit: 'eval.submit',
  evalOpen: 'eval.open',
  certOpen: 'cert.open',
  nextChoose: 'next.choose',
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

/** Max length of the free-text reason/question a coordinator types on the review card. */
export const NOTE_MAX_LENGTH = 500;

/** Teams refreshes a card automatically for at most this many users (`refresh.userIds`). */
export const MAX_REFRESH_USERS = 60;
