import type { CertificateFacts, CertificateRecord, CertificateTrigger } from '../domain/certificate';
import type { EvaluationRecord } from '../domain/evaluation';
import type { Meeting } from '../domain/meeting';
import type { SessionLog } from '../domain/session-log';
import type { Concern } from '../domain/concern';
import type { Application } from '../domain/application';
import type { AuditEntry } from '../domain/audit';
import type { Job } from '../domain/jobs';
import type { Match } from '../domain/match';
import type { MentorProfileRecord } from '../domain/mentor-profile';
import type { OutboxMessage } from '../domain/outbox';
import type { BarredPair, MatchingRun } from '../domain/matching-run';
import { DEFAULT_SETTINGS, type Coordinator, type Person, type Programme, type Tenant } from '../domain/programme';
import type { CardCopy } from '../services/ports';
import type { Row } from './engine';

/** Row → domain record mappers. NULL becomes an absent optional field, so records compare equal across engines. */

const str = (v: unknown): string => String(v);
const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const json = (v: unknown): unknown => JSON.parse(String(v));

/** Drops undefined fields so a record read back deep-equals the one written. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const toTenant = (r: Row): Tenant => ({
  id: str(r.id),
  entraTenantId: str(r.entra_tenant_id),
  orgCode: str(r.org_code),
  name: str(r.name),
  createdAt: str(r.created_at),
});

export const toProgramme = (r: Row): Programme =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    name: str(r.name),
    // Settings added after a programme was stored take their defaults.
    settings: { ...DEFAULT_SETTINGS, ...(json(r.settings) as Partial<Programme['settings']>) },
    coordinatorChannelKey: opt(r.coordinator_channel_key),
    createdAt: str(r.created_at),
  });

export const toPerson = (r: Row): Person =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    name: str(r.name),
    email: opt(r.email),
    updatedAt: str(r.updated_at),
  });

export const toCoordinator = (r: Row): Coordinator => ({
  tenantId: str(r.tenant_id),
  programmeId: str(r.programme_id),
  personId: str(r.person_id),
  addedBy: str(r.added_by),
  addedAt: str(r.added_at),
});

export const toApplication = (r: Row): Application =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    programmeId: str(r.programme_id),
    personId: str(r.person_id),
    role: str(r.role) as Application['role'],
    status: str(r.status) as Application['status'],
    form: json(r.form) as Application['form'],
    version: Number(r.version),
    submittedAt: str(r.submitted_at),
    updatedAt: str(r.updated_at),
    decidedBy: opt(r.decided_by),
    decidedByName: opt(r.decided_by_name),
    decidedAt: opt(r.decided_at),
    decisionNote: opt(r.decision_note),
    infoQuestion: opt(r.info_question),
    infoAnswer: opt(r.info_answer),
  });

export const toAudit = (r: Row): AuditEntry =>
  compact({
    tenantId: str(r.tenant_id),
    at: str(r.at),
    actorId: str(r.actor_id),
    entityType: str(r.entity_type) as AuditEntry['entityType'],
    entityId: str(r.entity_id),
    action: str(r.action),
    fromStatus: opt(r.from_status),
    toStatus: opt(r.to_status),
    detail: opt(r.detail),
  });

export const toCardCopy = (r: Row): CardCopy => ({
  tenantId: str(r.tenant_id),
  subjectType: str(r.subject_type),
  subjectId: str(r.subject_id),
  conversationKey: str(r.conversation_key),
  activityId: str(r.activity_id),
  createdAt: str(r.created_at),
});

export const toConcern = (r: Row): Concern =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    programmeId: str(r.programme_id),
    raisedBy: str(r.raised_by),
    matchId: opt(r.match_id),
    category: str(r.category) as Concern['category'],
    text: str(r.text),
    mayContact: Boolean(Number(r.may_contact)),
    status: str(r.status) as Concern['status'],
    acknowledgedBy: opt(r.acknowledged_by),
    acknowledgedAt: opt(r.acknowledged_at),
    closedBy: opt(r.closed_by),
    closedAt: opt(r.closed_at),
    closeNote: opt(r.close_note),
    version: Number(r.version),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  });

export const toOutbox = (r: Row): OutboxMessage =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    dedupeKey: str(r.dedupe_key),
    conversationKey: str(r.conversation_key),
    kind: str(r.kind) as OutboxMessage['kind'],
    activityId: opt(r.activity_id),
    subjectType: opt(r.subject_type),
    subjectId: opt(r.subject_id),
    view: str(r.view),
    data: json(r.data),
    status: str(r.status) as OutboxMessage['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: str(r.next_attempt_at),
    createdAt: str(r.created_at),
    sentAt: opt(r.sent_at),
    lastError: opt(r.last_error),
  });

export const toJob = (r: Row): Job =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    kind: str(r.kind),
    dedupeKey: str(r.dedupe_key),
    dueAt: str(r.due_at),
    payload: json(r.payload),
    status: str(r.status) as Job['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: str(r.next_attempt_at),
    createdAt: str(r.created_at),
    settledAt: opt(r.settled_at),
    lastError: opt(r.last_error),
  });

export const toMentorProfile = (r: Row): MentorProfileRecord => ({
  tenantId: str(r.tenant_id),
  applicationId: str(r.application_id),
  programmeId: str(r.programme_id),
  personId: str(r.person_id),
  paused: Boolean(Number(r.paused)),
  capacity: Number(r.capacity),
  inUse: Number(r.in_use),
  bio: str(r.bio),
  topics: json(r.topics) as string[],
  meetingPreference: str(r.meeting_preference) as MentorProfileRecord['meetingPreference'],
  version: Number(r.version),
  updatedAt: str(r.updated_at),
});

export const toMatch = (r: Row): Match =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    programmeId: str(r.programme_id),
    menteeApplicationId: str(r.mentee_application_id),
    mentorApplicationId: str(r.mentor_application_id),
    menteePersonId: str(r.mentee_person_id),
    mentorPersonId: str(r.mentor_person_id),
    status: str(r.status) as Match['status'],
    // Matches stored before automatic matching existed were all requests.
    origin: (opt(r.origin) ?? 'request') as Match['origin'],
    runId: opt(r.run_id),
    score: Number(r.score),
    reasons: json(r.reasons) as string[],
    deadlineAt: str(r.deadline_at),
    deadlineDate: str(r.deadline_date),
    declineReason: opt(r.decline_reason),
    declinedBy: opt(r.declined_by) as Match['declinedBy'],
    menteeAcceptedAt: opt(r.mentee_accepted_at),
    mentorAcceptedAt: opt(r.mentor_accepted_at),
    version: Number(r.version),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    respondedAt: opt(r.responded_at),
    endedAt: opt(r.ended_at),
    endedBy: opt(r.ended_by) as Match['endedBy'],
    endReason: opt(r.end_reason),
    cycle: r.cycle === null || r.cycle === undefined ? 1 : Number(r.cycle),
    previousMatchId: opt(r.previous_match_id),
    menteeNext: opt(r.mentee_next) as Match['menteeNext'],
    mentorNext: opt(r.mentor_next) as Match['mentorNext'],
  });

export const toMatchingRun = (r: Row): MatchingRun =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    programmeId: str(r.programme_id),
    status: str(r.status) as MatchingRun['status'],
    createdBy: str(r.created_by),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    version: Number(r.version),
    ...(json(r.proposal) as Pick<MatchingRun, 'pairs' | 'unmatched' | 'pool' | 'certified'>),
    publishedBy: opt(r.published_by),
    publishedAt: opt(r.published_at),
    outcome: r.outcome == null ? undefined : (json(r.outcome) as MatchingRun['outcome']),
  });

export const toBarredPair = (r: Row): BarredPair => ({
  tenantId: str(r.tenant_id),
  programmeId: str(r.programme_id),
  menteeApplicationId: str(r.mentee_application_id),
  mentorApplicationId: str(r.mentor_application_id),
  barredBy: str(r.barred_by),
  barredAt: str(r.barred_at),
});

export { json as parseJson };

export const toMeeting = (r: Row): Meeting =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    programmeId: str(r.programme_id),
    matchId: str(r.match_id),
    organizerPersonId: str(r.organizer_person_id),
    attendeePersonId: str(r.attendee_person_id),
    start: str(r.start_at),
    end: str(r.end_at),
    mode: str(r.mode) as Meeting['mode'],
    location: opt(r.location),
    status: str(r.status) as Meeting['status'],
    calendar: str(r.calendar) as Meeting['calendar'],
    eventId: opt(r.event_id),
    joinUrl: opt(r.join_url),
    webLink: opt(r.web_link),
    sequence: Number(r.sequence),
    version: Number(r.version),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  });

/** A session log; a row read without its text columns (coordinators' facts) has them empty, never undefined text. */
export const toSessionLog = (r: Row): SessionLog =>
  compact({
    tenantId: str(r.tenant_id),
    id: str(r.id),
    programmeId: str(r.programme_id),
    matchId: str(r.match_id),
    number: Number(r.number),
    meetingId: opt(r.meeting_id),
    heldOn: str(r.held_on),
    durationMinutes: Number(r.duration_minutes),
    mode: str(r.mode) as SessionLog['mode'],
    topics: json(r.topics) as string[],
    actionPoints: r.action_points === undefined ? '' : str(r.action_points),
    mentorNotes: r.mentor_notes === undefined ? '' : str(r.mentor_notes),
    menteeNotes: r.mentee_notes === undefined ? '' : str(r.mentee_notes),
    menteeNotesShared: Boolean(Number(r.mentee_notes_shared ?? 0)),
    loggedBy: r.logged_by === undefined ? '' : str(r.logged_by),
    version: Number(r.version),
    createdAt: r.created_at === undefined ? '' : str(r.created_at),
    updatedAt: r.updated_at === undefined ? '' : str(r.updated_at),
  });

/** An evaluation or reflection; a row read without its text columns has empty texts. */
export const toEvaluation = (r: Row): EvaluationRecord => {
  const answers = (r.answers === undefined ? {} : json(r.answers)) as Record<string, string>;
  const role = str(r.role) as EvaluationRecord['role'];
  const base = {
    tenantId: str(r.tenant_id),
    id: str(r.id),
    programmeId: str(r.programme_id),
    matchId: str(r.match_id),
    role,
    personId: str(r.person_id),
    mentorPersonId: str(r.mentor_person_id),
    submittedAt: str(r.submitted_at),
  };
  if (role === 'mentor')
    return {
      ...base,
      reflection: {
        answers: {
          wentWell: answers.wentWell ?? '',
          learned: answers.learned ?? '',
          differently: answers.differently ?? '',
        },
      },
    };
  return {
    ...base,
    evaluation: {
      ratings: {
        overall: Number(r.rating_overall),
        support: Number(r.rating_support),
        fit: Number(r.rating_fit),
        recommend: Number(r.rating_recommend),
      },
      helped: answers.helped ?? '',
      better: answers.better ?? '',
      nameOnCertificate: Boolean(Number(r.name_on_certificate ?? 0)),
    },
  };
};

/** A certificate without its PDF (read separately, only for a download). */
export const toCertificate = (r: Row): CertificateRecord => ({
  tenantId: str(r.tenant_id),
  id: str(r.id),
  programmeId: str(r.programme_id),
  matchId: str(r.match_id),
  mentorPersonId: str(r.mentor_person_id),
  menteePersonId: str(r.mentee_person_id),
  trigger: str(r.trigger_kind) as CertificateTrigger,
  facts: json(r.facts) as CertificateFacts,
  issuedAt: str(r.issued_at),
  ...(r.rendered_at === null || r.rendered_at === undefined ? {} : { renderedAt: str(r.rendered_at) }),
});
