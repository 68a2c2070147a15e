import { CLOSED_STATUSES, type Application, type Role } from '../domain/application';
import { formToInputValues } from '../domain/application-form';
import { COUNTRIES, GRADES, LANGUAGES, MEETING_PREFERENCES, SPECIALTIES, TOPICS, titleOf, type Choice } from '../domain/catalogue';
import { DomainError } from '../domain/errors';
import { formatList, formatUkDate, formatUkDateTime, ROLE_LABELS, STATUS_LABELS, STATUS_TONES } from '../domain/format';
import type { Person, Programme } from '../domain/programme';
import type { ApplicationView } from '../services/applications.service';
import { UNKNOWN_NAME } from '../services/directory.service';
import type { UndeliveredMessage } from '../services/programmes.service';
import { londonDate } from '../domain/working-days';
import { MAX_REFRESH_USERS } from './cards/verbs';
import { renderCard, type ApplicationSummary, type ErrorData } from './cards/views';

/**
 * Turns use-case results into card data models and renders them. The only place that knows both the
 * domain records and the card templates' shapes.
 */
export type NoticeTone = 'good' | 'attention' | 'warning' | 'default';

/**
 * How each kind of failure is headed. Red ("Attention") is kept for what went wrong; a role limit, something
 * already done, an out-of-date card or a step not set up yet is an ordinary state of the programme, told calmly
 * in the default colour.
 */
const ERROR_HEADINGS: Record<DomainError['code'], { title: string; color: ErrorData['color'] }> = {
  validation: { title: 'That did not work', color: 'Attention' },
  'not-found': { title: 'Not found', color: 'Attention' },
  forbidden: { title: 'Not something you can do here', color: 'Default' },
  conflict: { title: 'Already done', color: 'Default' },
  stale: { title: 'This card is out of date', color: 'Default' },
  'not-configured': { title: 'Not set up yet', color: 'Default' },
  'nothing-to-do': { title: 'Nothing to do yet', color: 'Default' },
  internal: { title: 'Something went wrong', color: 'Attention' },
};

export function errorCard(e: DomainError) {
  return renderCard('error', {
    ...ERROR_HEADINGS[e.code],
    message: e.message,
    details: Object.entries(e.details).map(([k, v]) => `${k}: ${v}`),
  });
}

export function noticeCard(title: string, text: string, tone: NoticeTone) {
  return renderCard('notice', { title, text, tone });
}

export function welcomeCard(input: { name: string; programme?: Programme; coordinatedProgrammeId?: string; needsSetup: boolean; localMode: boolean }) {
  return renderCard('welcome', {
    // Before Teams has told us a name (install events carry none), greet without one.
    name: input.name && input.name !== UNKNOWN_NAME ? input.name : 'there',
    programmeName: input.programme?.name,
    programmeId: input.coordinatedProgrammeId,
    isCoordinator: Boolean(input.coordinatedProgrammeId),
    needsSetup: input.needsSetup,
    localMode: input.localMode,
  });
}

function summaryOf(view: ApplicationView): ApplicationSummary {
  const f = view.application.form;
  return {
    role: view.application.role,
    roleLabel: ROLE_LABELS[view.application.role],
    programmeName: view.programme.name,
    name: f.name,
    grade: titleOf(GRADES, f.grade),
    specialty: titleOf(SPECIALTIES, f.specialty),
    site: f.site,
    qualificationCountry: titleOf(COUNTRIES, f.qualificationCountry),
    nhsStartDate: formatUkDate(f.nhsStartDate),
    languages: formatList(f.languages.map((l) => titleOf(LANGUAGES, l))),
    topics: formatList(f.topics.map((t) => titleOf(TOPICS, t))),
    goals: f.goals,
    meetingPreference: titleOf(MEETING_PREFERENCES as readonly Choice[], f.meetingPreference),
    capacity: f.capacity !== undefined ? String(f.capacity) : undefined,
    bio: f.bio,
    submittedAt: formatUkDateTime(view.application.submittedAt),
  };
}

function outcomeOf(app: Application): string | undefined {
  if (!app.decidedAt || app.status === 'submitted') return undefined;
  const verb = app.status === 'info-requested' ? 'More information requested' : STATUS_LABELS[app.status];
  return `${verb} by ${app.decidedByName ?? 'a coordinator'} on ${formatUkDateTime(app.decidedAt)}`;
}

/** What the applicant can do now, in plain words. */
function nextStep(app: Application): string | undefined {
  // A closed application does not hold the role: the withdraw confirmation promised this, so say how.
  if (CLOSED_STATUSES.includes(app.status)) return `You can apply again as a ${app.role}: type "apply as ${app.role}".`;
  // Names the button on this card (application-status.json), so the words lead to it.
  if (app.status === 'info-requested') return 'What happens next: use "Answer and resubmit" below to answer the question.';
  if (app.status !== 'approved') return undefined;
  return app.role === 'mentee'
    ? 'What happens next: use "Find a mentor" (or type "find a mentor") to choose your peer mentor.'
    : 'What happens next: approved mentees can now find and request you; requests reach you here. Type "my profile" to pause or edit your profile.';
}

/** The applicant's own card for an application; one a later application replaced is shown as history. */
export function statusCard(view: ApplicationView, opts: { headline?: string; notice?: string }) {
  const app = view.application;
  const note = [outcomeOf(app), app.status === 'rejected' || app.status === 'info-requested' ? app.decisionNote : undefined, view.earlier ? undefined : nextStep(app)]
    .filter(Boolean)
    .join('\n\n') || undefined;
  return renderCard('applicationStatus', {
    headline: opts.headline ?? `Your ${view.earlier ? 'earlier ' : ''}${ROLE_LABELS[app.role].toLowerCase()} application`,
    statusLabel: STATUS_LABELS[app.status],
    statusTone: STATUS_TONES[app.status],
    note: opts.notice ? [opts.notice, note].filter(Boolean).join('\n\n') : note,
    summary: summaryOf(view),
    canWithdraw: app.status === 'submitted' || app.status === 'info-requested' || app.status === 'approved',
    canEdit: app.status === 'info-requested',
    applicationId: app.id,
    version: app.version,
    canFindMentor: app.status === 'approved' && app.role === 'mentee',
    canOpenProfile: app.status === 'approved' && app.role === 'mentor',
  });
}

/**
 * A coordinator's review card; actionable only while the application awaits a decision. `refreshUserIds`
 * are Teams user ids (MRIs, not Entra ids): the coordinators whose view Teams refreshes automatically.
 */
export function reviewCard(view: ApplicationView, opts: { notice?: string }, refreshUserIds: string[]) {
  const app = view.application;
  return renderCard('applicationReview', {
    headline: `${app.status === 'submitted' ? `New ${ROLE_LABELS[app.role].toLowerCase()}` : ROLE_LABELS[app.role]} application: ${view.applicantName}`,
    summary: summaryOf(view),
    applicantName: view.applicantName,
    statusLabel: STATUS_LABELS[app.status],
    statusTone: STATUS_TONES[app.status],
    actionable: app.status === 'submitted',
    outcome: [outcomeOf(app), app.status === 'rejected' || app.status === 'info-requested' ? app.decisionNote && `“${app.decisionNote}”` : undefined]
      .filter(Boolean)
      .join(' — ') || undefined,
    notice: opts.notice,
    applicationId: app.id,
    version: app.version,
    refreshUserIds: refreshUserIds.slice(0, MAX_REFRESH_USERS),
  });
}

/** The application form, new or for resubmission, prefilled and with any field errors. */
export function applicationFormCard(input: {
  role: Role;
  programme: Programme;
  mode: 'new' | 'resubmit';
  application?: Application;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  privacyNotice: string;
}) {
  const base = input.application ? formToInputValues(input.application.form) : {};
  return renderCard('applicationForm', {
    role: input.role,
    roleLabel: ROLE_LABELS[input.role],
    programmeId: input.programme.id,
    programmeName: input.programme.name,
    mode: input.mode,
    applicationId: input.application?.id,
    version: input.application?.version,
    values: { ...base, ...(input.values ?? {}) },
    choices: {
      grades: GRADES.map(({ title, value }) => ({ title, value })),
      specialties: [...SPECIALTIES],
      sites: input.programme.settings.sites.map((s) => ({ title: s, value: s })),
      countries: COUNTRIES.map(({ title, value }) => ({ title, value })),
      languages: [...LANGUAGES],
      topics: [...TOPICS],
      meetingPreferences: MEETING_PREFERENCES.map(({ title, value }) => ({ title, value })),
    },
    capacity: input.programme.settings.mentorCapacity,
    errors: Object.entries(input.errors ?? {}).map(([field, message]) => ({ field, message })),
    coordinatorQuestion: input.mode === 'resubmit' ? input.application?.decisionNote : undefined,
    privacyNotice: input.privacyNotice || PRIVACY_NOTICE,
    // Only the date picker's upper bound: the server checks the date against its own clock.
    today: londonDate(new Date().toISOString()),
  });
}

const PRIVACY_NOTICE =
  'Your answers are shared with the programme coordinators to review your application and, if approved, used to suggest matches. Only what your role needs is shown to others. See the programme privacy notice for how long records are kept.';


export function setupCard(values: { programmeName?: string; nation?: string; sites?: string }, errors: Record<string, string>) {
  return renderCard('setupForm', {
    programmeName: values.programmeName ?? '',
    nation: values.nation ?? 'england-and-wales',
    nations: [
      { title: 'England and Wales', value: 'england-and-wales' },
      { title: 'Scotland', value: 'scotland' },
      { title: 'Northern Ireland', value: 'northern-ireland' },
    ],
    sites: values.sites ?? '',
    errors: Object.entries(errors).map(([field, message]) => ({ field, message })),
  });
}

export function coordinatorsCard(input: { programme: Programme; coordinators: Person[]; candidates: Person[] }, message?: string) {
  return renderCard('coordinators', {
    programmeId: input.programme.id,
    programmeName: input.programme.name,
    coordinators: input.coordinators.map((p) => ({ name: p.name })),
    candidates: input.candidates.map((p) => ({ title: p.name, value: p.id })),
    message,
  });
}

/** What kind of message an outbox view is, in a coordinator's words. */
const VIEW_WORDS: Readonly<Record<string, string>> = {
  applicationReview: 'an application to review',
  applicationStatus: 'an application update',
  applicationOutcome: 'the outcome of their application',
  matchForMentor: 'a mentoring request or proposal',
  matchForMentee: 'a match update',
  matchReminder: 'a reminder to answer',
  mentorSuggestions: 'mentor suggestions',
  concernForCoordinators: 'an urgent concern raised by a participant, which they have not seen',
  concernForRaiser: 'an update on a concern they raised',
  matchingProposal: 'a matching proposal',
  notice: 'a notice',
};

/** The coordinators' list of messages Teams never took, with the reason and nothing of their content. */
export function undeliveredCard(items: readonly UndeliveredMessage[]) {
  if (items.length === 0) return noticeCard('Every message was delivered', 'No message in the last 30 days failed to reach its recipient.', 'good');
  const lines = items.map((m) => {
    const who = m.recipientName ?? (m.conversationKey.startsWith('channel:') ? 'the coordinators\u2019 channel' : 'a group chat');
    // The reason as the dispatcher recorded it, without the connector's own error text after it.
    const reason = m.reason.replace(/\((\d{3})\): .*$/s, '($1)').slice(0, 200);
    return `- **${who}**, ${formatUkDateTime(m.createdAt)}: ${VIEW_WORDS[m.view] ?? 'a message'}. ${reason}`;
  });
  return noticeCard(
    `${items.length} message${items.length === 1 ? '' : 's'} could not be delivered`,
    `In the last 30 days Teams did not take these (newest first). Reach these people another way, or ask them to open the app in Teams.\n\n${lines.join('\n')}`,
    'warning',
  );
}
