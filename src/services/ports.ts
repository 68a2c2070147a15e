import type { Concern, Signpost } from '../domain/concern';
import type { Application, Role } from '../domain/application';
import type { AuditEntry } from '../domain/audit';
import type { Job, NewJob } from '../domain/jobs';
import type { Match } from '../domain/match';
import type { CertificateRecord } from '../domain/certificate';
import type { EvaluationRecord } from '../domain/evaluation';
import type { Meeting } from '../domain/meeting';
import type { SessionLog } from '../domain/session-log';
import type { BarredPair, MatchingRun } from '../domain/matching-run';
import type { MentorProfileRecord } from '../domain/mentor-profile';
import type { NewOutboxMessage, OutboxMessage, PacingState, SendPlan } from '../domain/outbox';
import type { Coordinator, Person, Programme, Tenant } from '../domain/programme';
import type { ReportAggregates } from '../domain/report-model';
import type { ReportRange } from '../domain/reports';

/**
 * The ports the use cases need. Adapters (src/store, src/teams) implement them; use cases receive them by
 * constructor. Every method of TenantTx is scoped to the tenant the transaction was opened for: an id from
 * another tenant simply is not found.
 */

/** The time, injectable so tests can move it. */
export interface Clock {
  now(): Date;
}

/** Unique ids for new records. */
export interface IdGenerator {
  next(): string;
}

/** A message card as sent into a conversation, recorded so later changes can update every copy. */
export interface CardCopy {
  tenantId: string;
  subjectType: string;
  subjectId: string;
  conversationKey: string;
  activityId: string;
  createdAt: string;
}

/** Work inside one database transaction, scoped to one tenant. */
export interface TenantTx {
  readonly tenantId: string;
  programmes: {
    list(): Promise<Programme[]>;
    get(id: string): Promise<Programme | undefined>;
    insert(p: Programme): Promise<void>;
    update(p: Programme): Promise<void>;
  };
  people: {
    /** Inserts or refreshes name/email. */
    upsert(p: Person): Promise<void>;
    get(id: string): Promise<Person | undefined>;
    list(): Promise<Person[]>;
  };
  coordinators: {
    list(programmeId: string): Promise<Coordinator[]>;
    isCoordinator(programmeId: string, personId: string): Promise<boolean>;
    /** Programmes this person coordinates. */
    programmesOf(personId: string): Promise<string[]>;
    /** Throws ConflictError when already a coordinator of that programme. */
    insert(c: Coordinator): Promise<void>;
    /** Removes one coordinator of a programme; false when they were not one. */
    remove(programmeId: string, personId: string): Promise<boolean>;
  };
  applications: {
    get(id: string): Promise<Application | undefined>;
    /** The open application (submitted, info-requested or approved) for that programme, person and role, if any. */
    find(programmeId: string, personId: string, role: Role): Promise<Application | undefined>;
    listForPerson(personId: string): Promise<Application[]>;
    listForProgramme(programmeId: string): Promise<Application[]>;
    /** Throws ConflictError when the person already has an open application for that role in that programme. */
    insert(a: Application): Promise<void>;
    /** Writes `a` only if the stored version is `expectedVersion`; returns false otherwise (lost race). */
    update(a: Application, expectedVersion: number): Promise<boolean>;
  };
  /** Mentor profiles, keyed by the mentor application. */
  mentorProfiles: {
    get(applicationId: string): Promise<MentorProfileRecord | undefined>;
    listForProgramme(programmeId: string): Promise<MentorProfileRecord[]>;
    /** Creates the profile unless it exists; returns whether it did. */
    insertIfAbsent(p: MentorProfileRecord): Promise<boolean>;
    /** Writes the editable fields only if the stored version is `expectedVersion` and capacity stays at or above the slots in use. */
    update(p: MentorProfileRecord, expectedVersion: number): Promise<boolean>;
    /**
     * Takes one slot in one conditional statement: only while not paused, capacity is still `capacity` and fewer
     * than `capacity` slots are in use. False means no slot was free (or capacity changed): nothing was changed.
     */
    takeSlot(applicationId: string, capacity: number): Promise<boolean>;
    /** Gives one place back (a proposal declined or expired); false when none was in use. */
    releaseSlot(applicationId: string): Promise<boolean>;
  };
  matches: {
    get(id: string): Promise<Match | undefined>;
    /** Throws ConflictError when the pair already has a match. */
    insert(m: Match): Promise<void>;
    /** Writes status fields only if the stored version is `expectedVersion`. */
    update(m: Match, expectedVersion: number): Promise<boolean>;
    /** Matches where the person is mentee or mentor, oldest first. */
    listForPerson(personId: string): Promise<Match[]>;
    listForMentee(menteeApplicationId: string): Promise<Match[]>;
    /** Every match of a programme, oldest first (automatic matching's exclusions, the coordinators' overview). */
    listForProgramme(programmeId: string): Promise<Match[]>;
    /**
     * Marks `matchId` as the mentee application's one open request or match; throws ConflictError when it
     * already holds one (so two racing requests from one mentee cannot both be stored).
     */
    hold(menteeApplicationId: string, matchId: string, at: string): Promise<void>;
    /** Releases the hold `matchId` has (after a decline, expiry or withdrawal); false when it held none. */
    release(menteeApplicationId: string, matchId: string): Promise<boolean>;
  };
  /** Automatic matching runs (proposals reviewed by coordinators). */
  matchingRuns: {
    get(id: string): Promise<MatchingRun | undefined>;
    /** The programme's draft runs, oldest first. */
    drafts(programmeId: string): Promise<MatchingRun[]>;
    insert(run: MatchingRun): Promise<void>;
    /** Writes `run` only if the stored version is `expectedVersion`; false otherwise (lost race or stale card). */
    update(run: MatchingRun, expectedVersion: number): Promise<boolean>;
  };
  /** Pairs coordinators barred from ever being matched (SPEC §3.2). */
  barredPairs: {
    /** Bars the pair; false (changing nothing) when it already was. */
    bar(b: BarredPair): Promise<boolean>;
    listForProgramme(programmeId: string): Promise<BarredPair[]>;
    listForMentee(menteeApplicationId: string): Promise<BarredPair[]>;
  };
  audit: {
    append(e: AuditEntry): Promise<void>;
    list(entityType: AuditEntry['entityType'], entityId: string): Promise<AuditEntry[]>;
  };
  /** The tenant's places to turn; undefined until coordinators first change the defaults. */
  signposting: {
    get(): Promise<{ entries: Signpost[]; version: number } | undefined>;
    /** Replaces the list if it is still at `expectedVersion` (undefined: none saved yet); false otherwise. */
    save(entries: Signpost[], expectedVersion: number | undefined, by: string, at: string): Promise<boolean>;
  };
  concerns: {
    insert(c: Concern): Promise<void>;
    get(id: string): Promise<Concern | undefined>;
    /** Writes the new state if the stored version is still `expectedVersion`; false (nothing written) otherwise. */
    update(c: Concern, expectedVersion: number): Promise<boolean>;
  };
  /** Meetings of pairs (SPEC §3.3). */
  meetings: {
    /** Throws ConflictError when the match already has a meeting booking or scheduled. */
    insert(m: Meeting): Promise<void>;
    get(id: string): Promise<Meeting | undefined>;
    /** Every meeting of a match, earliest first. */
    listForMatch(matchId: string): Promise<Meeting[]>;
    /** Meetings booking or scheduled for any of these people overlapping `[from, to)`, across all their matches. */
    overlapping(people: string[], from: string, to: string): Promise<Meeting[]>;
    /** Writes `m` if the stored version is still `expectedVersion`; false (nothing written) otherwise. */
    update(m: Meeting, expectedVersion: number): Promise<boolean>;
    /** Removes a booking whose calendar event could not be made; false when it is no longer that booking. */
    deleteBooking(id: string, expectedVersion: number): Promise<boolean>;
  };
  /** Session logs (SPEC §3.4). */
  sessionLogs: {
    /** Throws ConflictError when the match already has session `number`, or the meeting is already logged. */
    insert(s: SessionLog): Promise<void>;
    get(id: string): Promise<SessionLog | undefined>;
    listForMatch(matchId: string): Promise<SessionLog[]>;
    /** The facts only (text fields empty), for coordinators' views: note text never leaves the table for them. */
    factsForProgramme(programmeId: string): Promise<SessionLog[]>;
    updateMenteeNotes(
      id: string,
      notes: string,
      shared: boolean,
      expectedVersion: number,
      at: string,
    ): Promise<boolean>;
  };
  /** Evaluations and reflections at the end of a match (SPEC §3.5). */
  evaluations: {
    /** Throws ConflictError when this match already has one from this role. */
    insert(e: EvaluationRecord): Promise<void>;
    forMatch(matchId: string): Promise<EvaluationRecord[]>;
    /** The ratings a mentor's mentees gave (no text): the mentor sees only their averages. */
    ratingsForMentor(mentorPersonId: string): Promise<EvaluationRecord[]>;
  };
  /** Mentors' certificates (docs/certificates.md): one per match, facts frozen at issue, the PDF stored once. */
  certificates: {
    /**
     * Writes the certificate and its code's entry in the public verification directory (`codeSha256`); throws
     * ConflictError when the match already has one (or, astronomically unlikely, the code is taken).
     */
    insert(c: CertificateRecord, codeSha256: string): Promise<void>;
    get(id: string): Promise<CertificateRecord | undefined>;
    forMatch(matchId: string): Promise<CertificateRecord | undefined>;
    /** A mentor's certificates, oldest first. */
    forMentor(mentorPersonId: string): Promise<CertificateRecord[]>;
    /** The rendered PDF, once there is one. */
    pdf(id: string): Promise<Buffer | undefined>;
    /** Stores the rendered PDF unless one is stored already; returns whether this call stored it. */
    setPdf(id: string, pdf: Buffer, at: string): Promise<boolean>;
  };
  /** The offline calendar's events (see src/graph/offline-calendar.ts). */
  offlineEvents: {
    /** Creates the meeting's event unless it has one; returns the event id either way. */
    ensure(
      e: { id: string; meetingId: string; organizer: string; attendee: string; start: string; end: string },
      at: string,
    ): Promise<string>;
    move(id: string, start: string, end: string, at: string): Promise<boolean>;
    cancel(id: string, at: string): Promise<boolean>;
    /** Live events of these people overlapping `[from, to)`. */
    busy(
      people: string[],
      from: string,
      to: string,
    ): Promise<{ organizer: string; attendee: string; start: string; end: string }[]>;
  };
  /** Report figures, counted by the database (GROUP BY), never by loading every record. */
  reports: {
    /** Over `range` (everything when absent; docs/reports.md says which date bounds each figure). */
    aggregates(programmeId: string, now: string, range?: ReportRange): Promise<ReportAggregates>;
  };
  conversations: {
    /** Stores the Bot Framework conversation reference for a conversation key (JSON-serialisable). */
    save(key: string, reference: unknown, at: string): Promise<void>;
    get(key: string): Promise<unknown | undefined>;
    /** Marks a stored conversation greeted; true only the first time (a repeated install event changes nothing). */
    markWelcomed(key: string, at: string): Promise<boolean>;
  };
  cards: {
    add(copy: CardCopy): Promise<void>;
    list(subjectType: string, subjectId: string): Promise<CardCopy[]>;
  };
  outbox: {
    /** Idempotent on (tenant, dedupeKey): a second enqueue of the same key does nothing. */
    enqueue(m: NewOutboxMessage, id: string, at: string): Promise<void>;
    /** Messages marked dead (never delivered) created since `since` (ISO), newest first, at most `limit`. */
    undelivered(since: string, limit: number): Promise<OutboxMessage[]>;
  };
  /** Scheduled work (reminders, expiries), written with the state change that makes it due. */
  jobs: {
    /** Idempotent on (tenant, dedupeKey): returns false, changing nothing, when the key is already scheduled. */
    schedule(job: NewJob, at: string): Promise<boolean>;
    /** Cancels the pending job with that key, even one being run (its run then rolls back); false when none. */
    cancel(dedupeKey: string, at: string): Promise<boolean>;
    get(dedupeKey: string): Promise<Job | undefined>;
    /**
     * Marks a job `owner` has claimed done, in this transaction, so the handler's work and the completion
     * commit together; false when `owner` no longer holds the lease (the caller must then roll back).
     */
    complete(id: string, owner: string, at: string): Promise<boolean>;
  };
}

/** The database. Two engines implement it: embedded SQLite and Azure SQL. */
export interface Store {
  /** Creates or upgrades the schema; safe to run on every start and from several instances. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  tenants: {
    list(): Promise<Tenant[]>;
    get(id: string): Promise<Tenant | undefined>;
    findByEntra(entraTenantId: string, orgCode: string): Promise<Tenant | undefined>;
    /** Inserts the tenant unless one with the same Entra id and org code exists; returns the stored one. */
    ensure(t: Tenant): Promise<Tenant>;
  };
  /**
   * The public certificate verification directory: where the certificate with this code's SHA-256 is, if any.
   * Not tenant-scoped: the public page does not know the tenant.
   */
  certificateCodes: {
    find(codeSha256: string): Promise<{ tenantId: string; certificateId: string } | undefined>;
  };
  /** Runs `work` in one transaction scoped to `tenantId`; commits if it resolves, rolls back if it throws. */
  inTenant<T>(tenantId: string, work: (tx: TenantTx) => Promise<T>): Promise<T>;
  /** The dispatcher's view of the outbox: claims are exclusive across instances sharing the database. */
  outbox: {
    /**
     * Claims up to `limit` pending messages of the tenant due at `now`, oldest first, for `leaseMs`; a message
     * claimed by another live owner is skipped. Returns the claimed messages with attempts already counted.
     */
    claimDue(tenantId: string, now: Date, owner: string, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
    /**
     * Claims, as {@link claimDue} does, the due messages of conversations that were waiting on their own limits
     * and may send again (a few per conversation, up to `limit`), so they go ahead of older messages to others.
     */
    claimWaiting(tenantId: string, now: Date, owner: string, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
    /** Marks the message sent; for a send with a subject, records the new message as a card copy (same transaction). */
    markSent(tenantId: string, id: string, owner: string, at: Date, activityId?: string): Promise<void>;
    /** Releases the claim; `retryAt` undefined marks the message dead. */
    markFailed(tenantId: string, id: string, owner: string, error: string, retryAt: Date | undefined): Promise<void>;
    /**
     * Asks for a send slot for a message `owner` claimed, in one transaction that queues behind every other
     * reservation of the tenant (on any instance). `lost` when `owner` no longer holds the lease (the message
     * must not be sent). Otherwise `plan` chooses from the pacing state: either a slot is reserved for the
     * conversation and the tenant and the lease renewed to `now + leaseMs`, or the message is put back until the
     * time it names without counting an attempt.
     */
    reserve(
      tenantId: string,
      message: Pick<OutboxMessage, 'id' | 'conversationKey'>,
      owner: string,
      /** Read once the reservation holds its lock, so waiting for the lock cannot move a slot into the past. */
      now: () => Date,
      leaseMs: number,
      plan: (state: PacingState, now: number) => SendPlan,
    ): Promise<{ kind: 'lost' } | { kind: 'reserved'; at: number } | { kind: 'deferred'; until: number }>;
    /** Puts a message `owner` claimed back until `at`, unsent and without counting an attempt. */
    release(tenantId: string, id: string, owner: string, at: Date): Promise<void>;
    /** Pauses sending to a conversation key ({@link TENANT_PACING_KEY}: the whole tenant) until `until`. */
    pause(tenantId: string, key: string, until: Date): Promise<void>;
    /** Slot times (ms) reserved for a conversation key after `since`, newest first. */
    slots(tenantId: string, key: string, since: Date): Promise<number[]>;
    /** All messages of a tenant (tests and diagnostics). */
    list(tenantId: string): Promise<OutboxMessage[]>;
  };
  /** The job runner's view of scheduled jobs: claims are exclusive across instances, as for the outbox. */
  jobs: {
    /**
     * Claims up to `limit` pending jobs of the tenant due at `now`, soonest first, for `leaseMs`; a job leased to
     * another live owner is skipped. `kinds` limits it to kinds the caller can run (undefined: any kind).
     * Returns the claimed jobs with attempts already counted.
     */
    claimDue(
      tenantId: string,
      now: Date,
      owner: string,
      leaseMs: number,
      limit: number,
      kinds?: readonly string[],
    ): Promise<Job[]>;
    /** Marks the job done if `owner` still holds its lease; returns whether it did. */
    complete(tenantId: string, id: string, owner: string, at: Date): Promise<boolean>;
    /** Releases the claim with `error`; reschedules at `retryAt`, or marks the job dead when it is undefined. */
    fail(
      tenantId: string,
      id: string,
      owner: string,
      error: string,
      retryAt: Date | undefined,
      at: Date,
    ): Promise<boolean>;
    /** All jobs of a tenant (tests and diagnostics). */
    list(tenantId: string): Promise<Job[]>;
  };
}
