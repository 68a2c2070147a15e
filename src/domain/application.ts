import { DomainError, StaleError } from './errors';

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
}

/** Statuses after which nothing more can happen to an application. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['approved', 'rejected', 'withdrawn'];

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
  change: { seenVersion: number; actorId: string; actorName: string; at: string; note?: string; form?: ApplicationForm },
): Application {
  const to = nextStatus(app.status, action);
  if (change.seenVersion !== app.version || !to) {
    throw new StaleError(describeState(app, change.actorId));
  }
  if ((action === 'reject' || action === 'request-info') && !change.note?.trim()) {
    throw new DomainError('validation', action === 'reject' ? 'A reason is required to reject an application.' : 'Say what information you need.');
  }
  const decided = ACTION_ACTOR[action] === 'coordinator';
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
