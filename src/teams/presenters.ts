import { CLOSED_STATUSES, INFO_ANSWER_MAX_LENGTH, type Application, type Role } from '../domain/application';
import { formToInputValues } from '../domain/application-form';
import {
  COUNTRIES,
  GRADES,
  LANGUAGES,
  MEETING_PREFERENCES,
  SPECIALTIES,
  TOPICS,
  titleOf,
  type Choice,
} from '../domain/catalogue';
import { DomainError } from '../domain/errors';
import type { CommandId, HelpSection } from '../domain/help-menu';
import {
  formatList,
  formatUkDate,
  formatUkDateTime,
  formatWaited,
  ROLE_LABELS,
  STATUS_LABELS,
  STATUS_TONES,
} from '../domain/format';
import type { Person, Programme } from '../domain/programme';
import type { ApplicationView, PendingApplication } from '../services/applications.service';
import { UNKNOWN_NAME } from '../services/directory.service';
import type { UndeliveredMessage } from '../services/programmes.service';
import { londonDate } from '../domain/working-days';
import { MAX_REFRESH_USERS } from './cards/verbs';
import { renderCard, type ApplicationSummary, type ErrorData, type NoticeTone } from './cards/views';

/**
 * Turns use-case results into card data models and renders them. The only place that knows both the
 * domain records and the card templates' shapes.
 */
export type { NoticeTone } from './cards/views';

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

/** A command as the help card shows it: the words to type, and a button title when it is offered as a button. */
export interface HelpCommand {
  id: CommandId;
  words: string;
  button?: string;
}

/** What each section of the help card says about where the person is. */
const HELP_TEXT: Record<HelpSection['id'], { heading: string; text: string }> = {
  setup: {
    heading: 'Set up your programme',
    text: 'Your organisation has not set up a mentoring programme yet. If you coordinate one, set it up now: you will become its first coordinator.',
  },
  'no-programme': {
    heading: 'No programme yet',
    text: 'Your organisation has not set up a mentoring programme in the app yet. Your programme coordinator can set one up.',
  },
  'not-applied': {
    heading: 'Join the programme',
    text: 'Apply as a mentee to be paired with a peer mentor, or as a mentor to support an IMG newer to the NHS.',
  },
  'mentee-waiting': {
    heading: 'Your mentee application',
    text: 'Your application is waiting for a coordinator\u2019s decision. You will hear the outcome here.',
  },
  'mentee-info-requested': {
    heading: 'Your mentee application',
    text: 'A coordinator has asked you a question. Open your application to answer it and resubmit.',
  },
  'mentee-unmatched': {
    heading: 'Find your mentor',
    text: 'Your mentee application is approved. Choose a peer mentor from the suggestions, best match first.',
  },
  'mentee-requested': {
    heading: 'Your mentor request',
    text: 'Your request is waiting for the mentor\u2019s answer. You will hear here as soon as they answer.',
  },
  'mentee-matched': {
    heading: 'You and your mentor',
    text: 'Schedule your meetings, add your own notes to the sessions your mentor logs, and raise a concern privately if something is not right.',
  },
  'mentor-waiting': {
    heading: 'Your mentor application',
    text: 'Your application is waiting for a coordinator\u2019s decision. You will hear the outcome here.',
  },
  'mentor-info-requested': {
    heading: 'Your mentor application',
    text: 'A coordinator has asked you a question. Open your application to answer it and resubmit.',
  },
  mentor: {
    heading: 'As a mentor',
    text: 'Your mentor application is approved. Keep your profile up to date; requests from mentees reach you here.',
  },
  'mentor-matched': {
    heading: 'You and your mentees',
    text: 'Log each session after you meet, schedule the next meeting, and raise a concern privately if something is not right.',
  },
  coordinator: {
    heading: 'For coordinators',
    text: 'Decide applications, run matching, and look after the programme.',
  },
  'channel-coordinator': {
    heading: 'This channel',
    text: 'Say "setup" here (with an @mention of the app) to have new applications posted in this channel for all coordinators.',
  },
  'channel-participant': {
    heading: 'Coordinators use the app in this channel',
    text: 'To apply, find a mentor or see your matches, open your personal chat with the app: what you do there stays private.',
  },
  more: { heading: 'Also', text: '' },
};

/** Teams shows at most five buttons in one action set. */
const BUTTONS_PER_ROW = 5;

/** The help card: the person's situation, section by section, each with its buttons and the words to type. */
export function welcomeCard(input: {
  name: string;
  programme?: Programme;
  sections: { id: HelpSection['id']; commands: HelpCommand[] }[];
  localMode: boolean;
}) {
  return renderCard('welcome', {
    // Before Teams has told us a name (install events carry none), greet without one.
    name: input.name && input.name !== UNKNOWN_NAME ? input.name : 'there',
    programmeName: input.programme?.name,
    sections: input.sections.map((s) => {
      const buttons = s.commands.filter((c) => c.button).map((c) => ({ title: c.button!, command: c.id }));
      const rows: { buttons: typeof buttons }[] = [];
      for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW)
        rows.push({ buttons: buttons.slice(i, i + BUTTONS_PER_ROW) });
      return {
        ...HELP_TEXT[s.id],
        rows,
        typed: s.commands.length ? `Type: ${s.commands.map((c) => `**${c.words}**`).join(' · ')}` : '',
      };
    }),
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
  if (app.status === 'info-requested')
    return 'What happens next: use "Answer and resubmit" below to answer the question.';
  if (app.status !== 'approved') return undefined;
  return app.role === 'mentee'
    ? 'What happens next: use "Find a mentor" (or type "find a mentor") to choose your peer mentor.'
    : 'What happens next: approved mentees can now find and request you; requests reach you here. Type "my profile" to pause or edit your profile.';
}

/** Said to a coordinator who applied while nobody else coordinates the programme: nobody can decide it yet. */
const LONE_COORDINATOR_APPLICANT =
  'You are the only coordinator of this programme, and nobody can decide on their own application. Another coordinator must be added to decide it: use "Coordinators" below (or type "coordinators") to add one.';

/** The question a coordinator asked and the applicant's answer, once the application has come back. */
function answeredQuestion(app: Application): { question: string; answer: string } | undefined {
  if (app.status === 'info-requested' || !app.infoAnswer) return undefined;
  return { question: app.infoQuestion ?? '', answer: app.infoAnswer };
}

/** The applicant's own card for an application; one a later application replaced is shown as history. */
export function statusCard(view: ApplicationView, opts: { headline?: string; notice?: string }) {
  const app = view.application;
  const answered = answeredQuestion(app);
  const note =
    [
      outcomeOf(app),
      app.status === 'rejected' || app.status === 'info-requested' ? app.decisionNote : undefined,
      answered && app.status === 'submitted'
        ? `You answered the coordinator\u2019s question ("${answered.question}"): ${answered.answer}`
        : undefined,
      view.earlier ? undefined : nextStep(app),
      view.needsAnotherCoordinator ? LONE_COORDINATOR_APPLICANT : undefined,
    ]
      .filter(Boolean)
      .join('\n\n') || undefined;
  return renderCard('applicationStatus', {
    headline:
      opts.headline ?? `Your ${view.earlier ? 'earlier ' : ''}${ROLE_LABELS[app.role].toLowerCase()} application`,
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
    coordinatorsProgrammeId: view.needsAnotherCoordinator ? view.programme.id : undefined,
  });
}

/** On the coordinators' copy: why this application may wait, when the applicant is a coordinator. */
function selfReviewNote(view: ApplicationView): string | undefined {
  if (!view.applicantIsCoordinator || view.application.status !== 'submitted') return undefined;
  if (view.needsAnotherCoordinator) {
    return `${view.applicantName} is the only coordinator of ${view.programme.name}, and nobody can decide on their own application. Another coordinator must be added to decide it: use "Coordinators" below (or type "coordinators").`;
  }
  return `${view.applicantName} is a coordinator of this programme, so another coordinator must decide it.`;
}

/**
 * A coordinator's review card; actionable only while the application awaits a decision. `refreshUserIds`
 * are Teams user ids (MRIs, not Entra ids): the coordinators whose view Teams refreshes automatically.
 */
export function reviewCard(view: ApplicationView, opts: { notice?: string }, refreshUserIds: string[]) {
  const app = view.application;
  const answered = answeredQuestion(app);
  const resubmitted = app.status === 'submitted' && answered;
  return renderCard('applicationReview', {
    headline: `${app.status === 'submitted' ? `${resubmitted ? 'Resubmitted' : 'New'} ${ROLE_LABELS[app.role].toLowerCase()}` : ROLE_LABELS[app.role]} application: ${view.applicantName}`,
    question: answered?.question,
    answer: answered?.answer,
    selfReview: selfReviewNote(view),
    coordinatorsProgrammeId: view.needsAnotherCoordinator ? view.programme.id : undefined,
    summary: summaryOf(view),
    applicantName: view.applicantName,
    statusLabel: STATUS_LABELS[app.status],
    statusTone: STATUS_TONES[app.status],
    actionable: app.status === 'submitted',
    outcome:
      [
        outcomeOf(app),
        app.status === 'rejected' || app.status === 'info-requested'
          ? app.decisionNote && `“${app.decisionNote}”`
          : undefined,
      ]
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
  /** The answer to the coordinator's question typed so far (resubmission). */
  answer?: string;
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
    answer: input.mode === 'resubmit' ? (input.answer ?? '') : undefined,
    answerMaxLength: INFO_ANSWER_MAX_LENGTH,
    privacyNotice: input.privacyNotice || PRIVACY_NOTICE,
    // Only the date picker's upper bound: the server checks the date against its own clock.
    today: londonDate(new Date().toISOString()),
  });
}

const PRIVACY_NOTICE =
  'Your answers are shared with the programme coordinators to review your application and, if approved, used to suggest matches. Only what your role needs is shown to others. See the programme privacy notice for how long records are kept.';

export function setupCard(
  values: { programmeName?: string; organisation?: string; nation?: string; sites?: string },
  errors: Record<string, string>,
) {
  return renderCard('setupForm', {
    programmeName: values.programmeName ?? '',
    organisation: values.organisation ?? '',
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

/** A line at the top of the coordinators card: what was just done (good) or why it was not (warning). */
export interface CoordinatorsMessage {
  text: string;
  tone: 'good' | 'warning';
}

export function coordinatorsCard(
  input: { programme: Programme; coordinators: Person[]; candidates: Person[]; canRemove: boolean },
  message?: CoordinatorsMessage,
) {
  return renderCard('coordinators', {
    programmeId: input.programme.id,
    programmeName: input.programme.name,
    coordinators: input.coordinators.map((p) => ({ name: p.name, personId: p.id })),
    canRemove: input.canRemove,
    candidates: input.candidates.map((p) => ({ title: p.name, value: p.id })),
    message: message?.text,
    messageStyle: message?.tone ?? 'good',
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
  if (items.length === 0)
    return noticeCard(
      'Every message was delivered',
      'No message in the last 30 days failed to reach its recipient.',
      'good',
    );
  const lines = items.map((m) => {
    const who =
      m.recipientName ?? (m.conversationKey.startsWith('channel:') ? 'the coordinators\u2019 channel' : 'a group chat');
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

/** Longest pending list one card shows (each entry is a few elements; a card must stay well under Teams' size limit). */
const PENDING_MAX = 25;

/** A coordinator's list of applications waiting for a decision or for the applicant's answer, oldest first. */
export function pendingCard(input: { items: readonly PendingApplication[]; now: string }) {
  if (input.items.length === 0)
    return noticeCard(
      'Nothing waiting',
      'No application is waiting for a decision or for an applicant\u2019s answer.',
      'good',
    );
  const deciding = input.items.filter((i) => i.view.application.status === 'submitted').length;
  const answering = input.items.length - deciding;
  const counts = [
    deciding && `${deciding} waiting for a decision`,
    answering && `${answering} waiting for the applicant\u2019s answer`,
  ]
    .filter(Boolean)
    .join(', ');
  return renderCard('pendingApplications', {
    summary: `${counts} \u00b7 oldest first`,
    items: input.items.slice(0, PENDING_MAX).map(({ view, waitingSince }) => {
      const app = view.application;
      const waited = formatWaited(waitingSince, input.now);
      const detail =
        app.status === 'submitted'
          ? `${app.infoAnswer ? 'Resubmitted with an answer' : 'Submitted'} ${formatUkDateTime(waitingSince)} \u00b7 waiting ${waited} for a decision`
          : `Question sent ${formatUkDateTime(waitingSince)} \u00b7 waiting ${waited} for the applicant\u2019s answer`;
      return {
        applicationId: app.id,
        name: view.applicantName,
        title: `${view.applicantName} \u00b7 ${ROLE_LABELS[app.role].toLowerCase()}`,
        detail,
        note: view.needsAnotherCoordinator
          ? 'Their own application: another coordinator must be added to decide it.'
          : view.applicantIsCoordinator && app.status === 'submitted'
            ? 'A coordinator\u2019s own application: another coordinator decides it.'
            : undefined,
      };
    }),
    more:
      input.items.length > PENDING_MAX
        ? `\u2026and ${input.items.length - PENDING_MAX} more, newer than these.`
        : undefined,
  });
}
