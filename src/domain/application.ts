import { DomainError, StaleError, ValidationError } from './errors';

/** Which side of a match an application is for. One person may hold one of each per programme. */
export type Role = 'mentee' | 'mentor';
export const ROLES: readonly Role[] = ['mentee', 'mentor'];

/** SPEC §3.1: `submitted → approved | rejected | withdrawn`, and `info-requested → submitted`. */
export type ApplicationStatus = 'submitted' | 'info-requested' | 'approved' | 'rejected' | 'withdrawn';

/** What someone may do to an application. */
export type ApplicationAction = 'approve' | 'reject' | 'request-info' | 'resubmit' | 'withdraw';

/** The answers on the application form (SPEC §3.1), already validated. */
export interface ApplicationForm {
  name: string;
  grade: string;
  specialty: string;
  site: string;
  qualificationCountry: string;
  /** ISO date (YYYY-MM-DD) the person started working in the NHS. */
  nhsStartDate: string;
  languages: string[];
  topics: string[];
  /** What the person wants help with (mentee) or can offer (mentor), in their words. */
  goals: string;
  meetingPreference: 'in-person' | 'virtual' | 'either';
  /** Mentors only: how many mentees at once. */
  capacity?: number;
  /** Mentors only: a short bio shown on the mentor profile. */
  bio?: string;
  eligibilityConfirmed: true;
  privacyConsent: true;
}

/** One application, as stored. Every record carries its tenant. */
export interface Application {
  tenantId: string;
  id: string;
  programmeId: string;
  personId: string;
  role: Role;
  status: ApplicationStatus;
  form: ApplicationForm;
  /** Optimistic concurrency: incremented on every change; a card carries the version it showed. */
  version: number;
  submittedAt: string;
  updatedAt: string;
  /** Who made the last decision (approve/reject/request-info), and when. */
  decidedBy?: string;
  decidedByName?: string;
  decidedAt?: string;
  /** Rejection reason or the coordinator's question, shown to the applicant. */
  decisionNote?: string;
  /** The last question a coordinator asked and the applicant's answer to it, kept from resubmission on. */
  infoQuestion?: string;
  infoAnswer?: string;
}

/** Longest answer to a coordinator's question. */
export const INFO_ANSWER_MAX_LENGTH = 1000;

/**
 * The applicant's answer to a coordinator's question, trimmed; required to resubmit, since the question is why
 * the application came back. Throws ValidationError naming the `answer` input.
 */
export function validateInfoAnswer(raw: unknown): string {
  const answer = typeof raw === 'string' ? raw.trim() : '';
  if (!answer)
    throw new ValidationError('Please answer the coordinator\u2019s question.', {
      answer: 'Answer the coordinator\u2019s question before sending the application again.',
    });
  if (answer.length > INFO_ANSWER_MAX_LENGTH) {
    throw new ValidationError('Please shorten your answer.', {
      answer: `Keep your answer under ${INFO_ANSWER_MAX_LENGTH} characters.`,
    });
  }
  return answer;
}

/** Statuses after which nothing more can happen to an application. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['approved', 'rejected', 'withdrawn'];

/**
 * Statuses that close an application for good, so the person may apply for that role again at once: a new
 * application with its own id, the closed one kept as it was, with its audit trail. There is no waiting period
 * after a rejection (no programme setting asks for one). An approved application stays open: it can still be
 * withdrawn, and while it stands the person is in the programme in that role.
 */
export const CLOSED_STATUSES: readonly ApplicationStatus[] = ['rejected', 'withdrawn'];

/** Newest first: by when it was (re)submitted, then by its last change. */
const newestFirst = (a: Application, b: Application): number =>
  b.submittedAt.localeCompare(a.submittedAt) || b.updatedAt.localeCompare(a.updatedAt);

/**
 * The application a person holds for `role` in a programme, from their applications: the newest one that is not
 * closed. There is at most one; the closed ones before it are history.
 */
export function heldApplication(
  apps: readonly Application[],
  programmeId: string,
  role: Role,
): Application | undefined {
  return apps
    .filter((a) => a.programmeId === programmeId && a.role === role && !CLOSED_STATUSES.includes(a.status))
    .sort(newestFirst)[0];
}

/**
 * A person's applications as they read them: for each programme and role its current application first (the one
 * held, else the newest), newest first, then the earlier ones it replaced, newest first, marked `earlier`. The held
 * one is current even when timestamps tie, as a withdrawal and the new application can within one clock tick.
 */
export function applicationHistory(apps: readonly Application[]): { application: Application; earlier: boolean }[] {
  const newest = [...apps].sort(newestFirst);
  const current = new Map<string, Application>();
  for (const a of newest) {
    const key = `${a.programmeId}/${a.role}`;
    const chosen = current.get(key);
    if (!chosen || (CLOSED_STATUSES.includes(chosen.status) && !CLOSED_STATUSES.includes(a.status)))
      current.set(key, a);
  }
  const isCurrent = (a: Application) => current.get(`${a.programmeId}/${a.role}`) === a;
  return [
    ...newest.filter(isCurrent).map((application) => ({ application, earlier: false })),
    ...newest.filter((a) => !isCurrent(a)).map((application) => ({ application, earlier: true })),
  ];
}

const TRANSITIONS: Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>> = {
  submitted: { approve: 'approved', reject: 'rejected', 'request-info': 'info-requested', withdraw: 'withdrawn' },
  'info-requested': { resubmit: 'submitted', withdraw: 'withdrawn' },
  approved: { withdraw: 'withdrawn' },
  rejected: {},
  withdrawn: {},
};

/** Who is allowed to take each action: the applicant or a coordinator of the programme. */
export const ACTION_ACTOR: Record<ApplicationAction, 'applicant' | 'coordinator'> = {
  approve: 'coordinator',
  reject: 'coordinator',
  'request-info': 'coordinator',
  resubmit: 'applicant',
  withdraw: 'applicant',
};

/** The status an action leads to from `from`, or undefined when the action is not allowed there. */
export function nextStatus(from: ApplicationStatus, action: ApplicationAction): ApplicationStatus | undefined {
  return TRANSITIONS[from][action];
}

/** Plain-words past tense for cards and the audit log. */
export const ACTION_PAST: Record<ApplicationAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  'request-info': 'asked for more information on',
  resubmit: 'resubmitted',
  withdraw: 'withdrew',
};

/**
 * Applies `action` to `app` as seen at `seenVersion` (the version on the card that was clicked).
 * Throws StaleError when the card is out of date or the action no longer applies, so a double click or a
 * stale copy never applies twice. Pure: returns the new record, the caller persists it.
 */
export function transition(
  app: Application,
  action: ApplicationAction,
  change: {
    seenVersion: number;
    actorId: string;
    actorName: string;
    at: string;
    note?: string;
    form?: ApplicationForm;
    answer?: string;
  },
): Application {
  const to = nextStatus(app.status, action);
  if (change.seenVersion !== app.version || !to) {
    throw new StaleError(describeState(app, change.actorId));
  }
  if ((action === 'reject' || action === 'request-info') && !change.note?.trim()) {
    throw new DomainError(
      'validation',
      action === 'reject' ? 'A reason is required to reject an application.' : 'Say what information you need.',
    );
  }
  const decided = ACTION_ACTOR[action] === 'coordinator';
  const answered =
    action === 'resubmit' ? { infoQuestion: app.decisionNote, infoAnswer: validateInfoAnswer(change.answer) } : {};
  return {
    ...app,
    status: to,
    form: action === 'resubmit' && change.form ? change.form : app.form,
    version: app.version + 1,
    updatedAt: change.at,
    submittedAt: action === 'resubmit' ? change.at : app.submittedAt,
    decidedBy: decided ? change.actorId : app.decidedBy,
    decidedByName: decided ? change.actorName : app.decidedByName,
    decidedAt: decided ? change.at : app.decidedAt,
    decisionNote: decided ? change.note?.trim() : app.decisionNote,
    ...answered,
  };
}

/** "This application was approved by Dr A on 3 Mar 2027 at 14:05." — used when an action is refused as stale. */
export function describeState(app: Application, viewerId?: string): string {
  const by = viewerId && app.decidedBy === viewerId ? 'you' : app.decidedByName;
  switch (app.status) {
    case 'submitted':
      return 'This application has changed since this card was shown; here is the current version.';
    case 'info-requested':
      return `${by === 'you' ? 'You' : (by ?? 'A coordinator')} already asked for more information on this application.`;
    case 'withdrawn':
      return 'This application has been withdrawn by the applicant.';
    default:
      return `This application was already ${app.status} by ${by ?? 'a coordinator'}.`;
  }
}
