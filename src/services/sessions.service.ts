import { createHash } from 'node:crypto';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, StaleError } from '../domain/errors';
import type { Match } from '../domain/match';
import type { Meeting } from '../domain/meeting';
import type { Programme } from '../domain/programme';
import {
  checkMayLog,
  LOGGABLE_MATCH_STATUSES,
  sessionFor,
  validateMenteeNotes,
  validateSessionLog,
  type SessionFields,
  type SessionLog,
  type SessionLogInput,
  type VisibleSession,
} from '../domain/session-log';
import { addWorkingDays, londonDate, londonInstant, type BankHolidays } from '../domain/working-days';
import { conversationKey, type Actor } from './actor';
import { queueCopyUpdates, type ClickedCard } from './card-copies';
import type { JobRunner } from './job-runner';
import { MATCH_CARD_VIEWS, type MatchesService } from './matches.service';
import { nameOf } from './names';
import { applicationOf } from './match-pool';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** Job kinds: after a meeting's end the mentor is asked to log it; 3 working days later, one reminder. */
export const SESSION_JOBS = { prompt: 'session.prompt', reminder: 'session.reminder' } as const;

/** Card copies of a session, per audience. */
export const SESSION_SUBJECT = { mentor: 'session:mentor', mentee: 'session:mentee' } as const;

/** Working days after a held meeting before the mentor is reminded to log it, once. */
export const LOG_REMINDER_WORKING_DAYS = 3;

/** A session as one of the pair sees it, with what the card needs around it. */
export interface SessionView {
  session: VisibleSession;
  viewer: 'mentee' | 'mentor';
  cap: number;
  otherName: string;
  /** For the mentee: whether they may still edit their notes. */
  matchOpen: boolean;
}

/** What the mentor's "Log this session" form shows. */
export interface SessionForm {
  matchId: string;
  menteeName: string;
  number: number;
  cap: number;
  meetingId?: string;
  /** Prefilled from the meeting, or today. */
  heldOn: string;
  durationMinutes: number;
  mode: 'virtual' | 'in-person';
  /** A stable id for this form, so a double click logs one session. */
  formId: string;
  /** Today in London: the latest date a session can be logged for. */
  today: string;
}

/** With several matches, the mentor picks which one a session is for. */
export interface SessionPick {
  matches: { matchId: string; menteeName: string; logged: number; cap: number }[];
}

/**
 * Session logs (SPEC §3.4): the mentor logs a session, from the card that arrives after a meeting or at any
 * time for a session met elsewhere; the mentee is told and adds their own notes. Who sees which field is
 * decided by `sessionFor` in the domain, so no view here can leak notes. Every write is one transaction with its
 * audit row (which never holds note text), its messages and its card updates.
 */
export class SessionsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly holidays: BankHolidays,
    private readonly matches: MatchesService,
  ) {}

  /** "log a session": the form for the mentor's one loggable match, or a choice when there are several. */
  async open(
    actor: Actor,
    ref: { matchId?: string; meetingId?: string },
  ): Promise<{ kind: 'form'; form: SessionForm } | { kind: 'pick'; pick: SessionPick }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      if (ref.matchId) return { kind: 'form' as const, form: await this.formIn(tx, actor, ref.matchId, ref.meetingId) };
      const mine = (await tx.matches.listForPerson(actor.personId)).filter((m) =>
        LOGGABLE_MATCH_STATUSES.includes(m.status),
      );
      const mentoring = mine.filter((m) => m.mentorPersonId === actor.personId);
      if (mentoring.length === 0) {
        if (mine.length > 0)
          throw new ForbiddenError(
            'Your mentor logs your sessions; you will get a card to add your own notes once a session is logged.',
          );
        throw new DomainError(
          'nothing-to-do',
          'You have no agreed match to log a session for. Once a mentee and you have both accepted a match, log your sessions here.',
        );
      }
      if (mentoring.length === 1) return { kind: 'form' as const, form: await this.formIn(tx, actor, mentoring[0].id) };
      const matches = [];
      for (const m of mentoring) {
        const programme = await this.programmeOf(tx, m);
        matches.push({
          matchId: m.id,
          menteeName: await nameOf(tx, await applicationOf(tx, m.menteeApplicationId)),
          logged: (await tx.sessionLogs.listForMatch(m.id)).length,
          cap: programme.settings.maxSessionsPerMatch,
        });
      }
      return { kind: 'pick' as const, pick: { matches } };
    });
  }

  private async formIn(tx: TenantTx, actor: Actor, matchId: string, meetingId?: string): Promise<SessionForm> {
    const match = await this.loadFor(tx, matchId, actor.personId);
    const programme = await this.programmeOf(tx, match);
    const logs = await tx.sessionLogs.listForMatch(match.id);
    checkMayLog(match, actor.personId, logs.length, programme.settings.maxSessionsPerMatch);
    const meeting = meetingId ? await this.meetingOf(tx, match, meetingId) : undefined;
    if (meeting && logs.some((l) => l.meetingId === meeting.id))
      throw new ConflictError('This meeting is already logged.');
    const now = this.clock.now().toISOString();
    return {
      matchId: match.id,
      menteeName: await nameOf(tx, await applicationOf(tx, match.menteeApplicationId)),
      number: logs.length + 1,
      cap: programme.settings.maxSessionsPerMatch,
      meetingId: meeting?.id,
      heldOn: londonDate(meeting && meeting.start < now ? meeting.start : now),
      durationMinutes: meeting
        ? Math.round((Date.parse(meeting.end) - Date.parse(meeting.start)) / 60_000)
        : programme.settings.meetingLengthMinutes,
      mode: meeting?.mode ?? 'virtual',
      formId: meeting ? `meeting:${meeting.id}` : this.ids.next(),
      today: londonDate(now),
    };
  }

  /**
   * The mentor logs a session. Someone else's match, a match that is over, a meeting already logged, a session
   * past the cap, a future date or a bad length change nothing. The same form sent twice logs one session.
   */
  async log(
    actor: Actor,
    input: { matchId: string; meetingId?: string; formId: string } & SessionLogInput,
    clicked?: ClickedCard,
  ): Promise<SessionView & { alreadyLogged: boolean; last: boolean }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const match = await this.loadFor(tx, input.matchId, actor.personId);
      // Before anything is read back: the mentor's card shows the mentor's private notes.
      if (match.mentorPersonId !== actor.personId) checkMayLog(match, actor.personId, 0, Number.POSITIVE_INFINITY);
      const id = logIdOf(match.id, input.formId);
      const existing = await tx.sessionLogs.get(id);
      if (existing) return { ...(await this.viewIn(tx, existing, match, 'mentor')), alreadyLogged: true, last: false };
      const programme = await this.programmeOf(tx, match);
      const cap = programme.settings.maxSessionsPerMatch;
      const logs = await tx.sessionLogs.listForMatch(match.id);
      checkMayLog(match, actor.personId, logs.length, cap);
      const meeting = input.meetingId ? await this.meetingOf(tx, match, input.meetingId) : undefined;
      const at = this.clock.now().toISOString();
      if (meeting && meeting.start > at) throw new StaleError('This meeting has not happened yet: log it once it has.');
      if (meeting && logs.some((l) => l.meetingId === meeting.id))
        throw new ConflictError('This meeting is already logged.');
      if (logs.length + 1 >= cap) {
        const other = (await tx.meetings.listForMatch(match.id)).find(
          (m) => (m.status === 'booking' || m.status === 'scheduled') && m.id !== meeting?.id && m.start > at,
        );
        if (other)
          throw new ConflictError(
            'This is the last session the programme allows, and another meeting is still booked. Cancel that meeting from the match card first, so it comes off both calendars.',
          );
      }
      const fields: SessionFields = validateSessionLog(
        input,
        londonDate(at),
        londonDate(match.respondedAt ?? match.createdAt),
      );
      const log: SessionLog = {
        tenantId: match.tenantId,
        id,
        programmeId: match.programmeId,
        matchId: match.id,
        number: logs.length + 1,
        meetingId: meeting?.id,
        ...fields,
        menteeNotes: '',
        menteeNotesShared: false,
        loggedBy: actor.personId,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      try {
        await tx.sessionLogs.insert(log);
      } catch (e) {
        if (e instanceof ConflictError)
          throw new ConflictError(
            'Another session was logged on this match a moment ago; nothing was logged twice. Look at "my matches" for the sessions so far.',
          );
        throw e;
      }
      await tx.audit.append({
        tenantId: match.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'match',
        entityId: match.id,
        action: 'session.log',
        detail: `session ${log.number} of ${cap}, ${log.durationMinutes} min`,
      });
      if (meeting) await tx.jobs.cancel(`meeting:${meeting.id}:log-reminder`, at);
      await activate(tx, match, actor.personId, at);
      // The last session the programme allows completes the match (its place is freed; both cards say so).
      if (log.number >= cap) await this.matches.completeIn(tx, match, actor.personId, at);
      // The mentee hears of it, with a card to add their own notes.
      await tx.outbox.enqueue(
        {
          dedupeKey: `session:${log.id}:mentee`,
          conversationKey: conversationKey.personal(match.menteePersonId),
          kind: 'send',
          subjectType: SESSION_SUBJECT.mentee,
          subjectId: log.id,
          view: 'sessionForMentee',
          data: { sessionId: log.id },
        },
        this.ids.next(),
        at,
      );
      if (clicked?.activityId)
        await tx.cards.add({
          tenantId: match.tenantId,
          subjectType: SESSION_SUBJECT.mentor,
          subjectId: log.id,
          conversationKey: clicked.conversationKey,
          activityId: clicked.activityId,
          createdAt: at,
        });
      await queueCopyUpdates(tx, this.ids, {
        views: MATCH_CARD_VIEWS,
        subjectId: match.id,
        key: `match:${match.id}:session:${log.number}`,
        data: { matchId: match.id },
        at,
      });
      return { ...(await this.viewIn(tx, log, match, 'mentor')), alreadyLogged: false, last: log.number >= cap };
    });
  }

  /** The mentee's own notes on a logged session: private unless shared with the mentor. */
  async saveNotes(
    actor: Actor,
    input: { sessionId: string; version: number; notes: unknown; shared: unknown },
    clicked?: ClickedCard,
  ): Promise<SessionView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const { log, match } = await this.sessionFor(tx, input.sessionId, actor.personId);
      if (match.menteePersonId !== actor.personId)
        throw new ForbiddenError(
          'Only the mentee adds their notes to a session; your own private notes are on the log itself.',
        );
      if (log.version !== input.version)
        throw new StaleError('These notes changed since this card was shown; here they are as saved.');
      const notes = validateMenteeNotes({ notes: input.notes, shared: input.shared });
      const at = this.clock.now().toISOString();
      if (
        !(await tx.sessionLogs.updateMenteeNotes(log.id, notes.menteeNotes, notes.menteeNotesShared, input.version, at))
      )
        throw new StaleError('These notes changed a moment ago; here they are as saved.');
      await tx.audit.append({
        tenantId: match.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'match',
        entityId: match.id,
        action: 'session.notes',
        detail: `session ${log.number}, ${notes.menteeNotesShared ? 'shared' : 'private'}`,
      });
      const saved = { ...log, ...notes, version: log.version + 1, updatedAt: at };
      // The mentor's copy of the session card shows shared notes (and drops them when no longer shared).
      if (log.menteeNotesShared || notes.menteeNotesShared) {
        await queueCopyUpdates(tx, this.ids, {
          views: [[SESSION_SUBJECT.mentor, 'sessionForMentor']],
          subjectId: log.id,
          key: `session:${log.id}:v${saved.version}`,
          data: { sessionId: log.id },
          at,
        });
      }
      if (clicked?.activityId) {
        const known = await tx.cards.list(SESSION_SUBJECT.mentee, log.id);
        if (!known.some((c) => c.activityId === clicked.activityId))
          await tx.cards.add({
            tenantId: match.tenantId,
            subjectType: SESSION_SUBJECT.mentee,
            subjectId: log.id,
            conversationKey: clicked.conversationKey,
            activityId: clicked.activityId,
            createdAt: at,
          });
      }
      return this.viewIn(tx, saved, match, 'mentee');
    });
  }

  /** One session, for one of its pair. */
  async view(actor: Actor, sessionId: string): Promise<SessionView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const { log, match } = await this.sessionFor(tx, sessionId, actor.personId);
      return this.viewIn(tx, log, match, match.mentorPersonId === actor.personId ? 'mentor' : 'mentee');
    });
  }

  /** For a background delivery to one side. */
  async viewFor(tenantId: string, sessionId: string, viewer: 'mentee' | 'mentor'): Promise<SessionView | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const log = await tx.sessionLogs.get(sessionId);
      const match = log && (await tx.matches.get(log.matchId));
      return log && match ? this.viewIn(tx, log, match, viewer) : undefined;
    });
  }

  /** The mentor's "Log this session" form for a background delivery (after a meeting), or undefined once logged. */
  async formFor(tenantId: string, matchId: string, meetingId: string): Promise<SessionForm | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const match = await tx.matches.get(matchId);
      if (!match) return undefined;
      try {
        return await this.formIn(tx, { tenantId, personId: match.mentorPersonId, name: '' }, matchId, meetingId);
      } catch (e) {
        if (e instanceof DomainError) return undefined;
        throw e;
      }
    });
  }

  registerJobs(runner: JobRunner): void {
    runner.register(SESSION_JOBS.prompt, this.prompt).register(SESSION_JOBS.reminder, this.remind);
  }

  /**
   * Job handler, at a meeting's end: the meeting is held; the mentor gets "Log this session" (unless it is
   * already logged, or the match is over), and one reminder is scheduled for 3 working days later.
   */
  readonly prompt = async (job: { payload: unknown }, tx: TenantTx): Promise<void> => {
    const { meetingId, sequence } = job.payload as { meetingId: string; sequence: number };
    const meeting = await tx.meetings.get(String(meetingId));
    if (!meeting || meeting.status !== 'scheduled' || meeting.sequence !== Number(sequence)) return;
    const at = this.clock.now().toISOString();
    if (
      !(await tx.meetings.update(
        { ...meeting, status: 'held', version: meeting.version + 1, updatedAt: at },
        meeting.version,
      ))
    )
      throw new StaleError('The meeting changed while it was being closed; the job will run again.');
    const match = await tx.matches.get(meeting.matchId);
    if (!match || !LOGGABLE_MATCH_STATUSES.includes(match.status)) return;
    if ((await tx.sessionLogs.listForMatch(match.id)).some((l) => l.meetingId === meeting.id)) return;
    await this.askToLog(tx, match, meeting, 'prompt', at);
    const programme = await this.programmeOf(tx, match);
    const day = addWorkingDays(
      meeting.end,
      LOG_REMINDER_WORKING_DAYS,
      programme.settings.bankHolidayNation,
      this.holidays,
    );
    await tx.jobs.schedule(
      {
        id: this.ids.next(),
        kind: SESSION_JOBS.reminder,
        dueAt: londonInstant(day.date, programme.settings.workingHours.start),
        payload: { meetingId: meeting.id },
        dedupeKey: `meeting:${meeting.id}:log-reminder`,
      },
      at,
    );
    await queueCopyUpdates(tx, this.ids, {
      views: MATCH_CARD_VIEWS,
      subjectId: match.id,
      key: `match:${match.id}:meeting:${meeting.id}:held`,
      data: { matchId: match.id },
      at,
    });
  };

  /** Job handler: one reminder to log a held meeting, unless it has been logged or the match is over. */
  readonly remind = async (job: { payload: unknown }, tx: TenantTx): Promise<void> => {
    const meeting = await tx.meetings.get(String((job.payload as { meetingId: string }).meetingId));
    if (!meeting || meeting.status !== 'held') return;
    const match = await tx.matches.get(meeting.matchId);
    if (!match || !LOGGABLE_MATCH_STATUSES.includes(match.status)) return;
    if ((await tx.sessionLogs.listForMatch(match.id)).some((l) => l.meetingId === meeting.id)) return;
    await this.askToLog(tx, match, meeting, 'reminder', this.clock.now().toISOString());
  };

  private async askToLog(
    tx: TenantTx,
    match: Match,
    meeting: Meeting,
    why: 'prompt' | 'reminder',
    at: string,
  ): Promise<void> {
    await tx.outbox.enqueue(
      {
        dedupeKey: `meeting:${meeting.id}:log:${why}`,
        conversationKey: conversationKey.personal(match.mentorPersonId),
        kind: 'send',
        view: 'sessionLogForm',
        data: { matchId: match.id, meetingId: meeting.id, reminder: why === 'reminder' },
      },
      this.ids.next(),
      at,
    );
  }

  private async viewIn(tx: TenantTx, log: SessionLog, match: Match, viewer: 'mentee' | 'mentor'): Promise<SessionView> {
    const programme = await this.programmeOf(tx, match);
    const other = await applicationOf(tx, viewer === 'mentor' ? match.menteeApplicationId : match.mentorApplicationId);
    return {
      session: sessionFor(log, viewer),
      viewer,
      cap: programme.settings.maxSessionsPerMatch,
      otherName: await nameOf(tx, other),
      matchOpen: LOGGABLE_MATCH_STATUSES.includes(match.status),
    };
  }

  private async sessionFor(
    tx: TenantTx,
    sessionId: string,
    personId: string,
  ): Promise<{ log: SessionLog; match: Match }> {
    const log = await tx.sessionLogs.get(sessionId);
    const match = log && (await tx.matches.get(log.matchId));
    if (!log || !match || (match.menteePersonId !== personId && match.mentorPersonId !== personId))
      throw new NotFoundError('That session does not exist in your organisation.');
    return { log, match };
  }

  /** A match only its two people can see (SPEC §8); to anyone else it does not exist. */
  private async loadFor(tx: TenantTx, id: string, personId: string): Promise<Match> {
    const match = await tx.matches.get(id);
    if (!match || (match.menteePersonId !== personId && match.mentorPersonId !== personId))
      throw new NotFoundError('That match does not exist in your organisation.');
    return match;
  }

  private async meetingOf(tx: TenantTx, match: Match, meetingId: string): Promise<Meeting> {
    const meeting = await tx.meetings.get(meetingId);
    if (!meeting || meeting.matchId !== match.id) throw new NotFoundError('That meeting is not one of this match.');
    if (meeting.status === 'booking')
      throw new StaleError('That meeting is still being booked, so there is nothing to log for it yet.');
    if (meeting.status === 'cancelled')
      throw new StaleError(
        'That meeting was cancelled, so there is nothing to log for it. Log the session without a meeting if you met anyway.',
      );
    return meeting;
  }

  private async programmeOf(tx: TenantTx, match: Match): Promise<Programme> {
    const programme = await tx.programmes.get(match.programmeId);
    if (!programme) throw new NotFoundError('The programme of this match no longer exists.');
    return programme;
  }
}

/** A log's id from its match and form: the same form sent twice names the same log. */
function logIdOf(matchId: string, formId: string): string {
  return createHash('sha256')
    .update(`${matchId}\u0000${formId.slice(0, 200)}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * An agreed match becomes active once the pair starts meeting (a meeting is booked or a session logged), in the
 * caller's transaction; no-op when it already is.
 */
export async function activate(tx: TenantTx, match: Match, actorId: string, at: string): Promise<void> {
  const current = await tx.matches.get(match.id);
  if (!current || current.status !== 'accepted') return;
  const next: Match = { ...current, status: 'active', version: current.version + 1, updatedAt: at };
  if (!(await tx.matches.update(next, current.version)))
    throw new StaleError('This match changed a moment ago; please try again.');
  await tx.audit.append({
    tenantId: match.tenantId,
    at,
    actorId,
    entityType: 'match',
    entityId: match.id,
    action: 'activate',
    fromStatus: 'accepted',
    toStatus: 'active',
    detail: `v${next.version}`,
  });
}
