import type { Application } from '../domain/application';
import { ConflictError, NotFoundError, StaleError } from '../domain/errors';
import {
  acceptedAt,
  completeMatch,
  endMatch,
  holdsMentorPlace,
  transitionMatch,
  type Match,
  type MatchAction,
  type MatchSide,
} from '../domain/match';
import { BOOKING_STALE_MS, type Meeting } from '../domain/meeting';
import type { Programme } from '../domain/programme';
import { responseSchedule, type BankHolidays } from '../domain/working-days';
import { CARD_SUBJECT, conversationKey, type Actor } from './actor';
import type { ClickedCard } from './applications.service';
import { queueCopyUpdates } from './card-copies';
import type { EvaluationsService } from './evaluations.service';
import type { JobRunner } from './job-runner';
import { scheduleCycleIn } from './cycle-jobs';
import { applicationOf, profileOf } from './match-pool';
import { nameOf } from './names';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** Job kinds this service schedules and handles. */
export const MATCH_JOBS = { reminder: 'match.reminder', expiry: 'match.expiry' } as const;

/** A match as one of its two people sees it. */
export interface MatchView {
  match: Match;
  programme: Programme;
  viewer: MatchSide;
  mentee: Application;
  mentor: Application;
  menteeName: string;
  mentorName: string;
  /** Once agreed, what the pair's home card shows: sessions so far, the next meeting, how to reach each other. */
  home?: MatchHome;
}

/** The pair's home: SPEC §3.7's match card after acceptance. */
export interface MatchHome {
  sessionsLogged: number;
  cap: number;
  lastSessionOn?: string;
  /** The meeting booked or scheduled, if any. */
  nextMeeting?: Meeting;
  /** The latest logged session, for the mentee's "Add my notes". */
  latestSessionId?: string;
  /** The other person's sign-in address, for a Teams chat link. */
  otherEmail?: string;
  /** A signed link to the next meeting's .ics file, for this viewer (offline calendar). */
  icsUrl?: string;
}

/** Builds a viewer's signed .ics link for a meeting; absent when the service has no public address. */
export type MeetingLink = (meeting: Meeting, personId: string) => string | undefined;

/** A new match as the two matching modes create it, before the deadline is set. */
export type NewMatch = Omit<Match, 'deadlineAt' | 'deadlineDate' | 'version' | 'createdAt' | 'updatedAt'>;

const SUBJECT: Record<MatchSide, string> = { mentee: CARD_SUBJECT.matchMentee, mentor: CARD_SUBJECT.matchMentor };
const VIEW: Record<MatchSide, string> = { mentee: 'matchForMentee', mentor: 'matchForMentor' };

/** Each side's match card copies and the view that renders them: what a change of the match updates. */
export const MATCH_CARD_VIEWS = [
  [CARD_SUBJECT.matchMentee, VIEW.mentee],
  [CARD_SUBJECT.matchMentor, VIEW.mentor],
] as const;
const other = (side: MatchSide): MatchSide => (side === 'mentee' ? 'mentor' : 'mentee');

/**
 * A match once it exists, whichever mode created it (SPEC §3.2): the people's answers, withdrawal, reminders and
 * expiry, and what each person sees. Every change is one transaction with its audit row, its messages, the card
 * updates and the jobs it cancels. A mentor's place is taken by a conditional update, never read-then-write.
 */
export class MatchesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly holidays: BankHolidays,
    private readonly meetingLink: MeetingLink = () => undefined,
    /** Asks the pair for an evaluation and a reflection when a match ends or completes. */
    private readonly evaluations?: Pick<EvaluationsService, 'askIn'>,
  ) {}

  /**
   * Stores a new match in the caller's transaction: the mentee's hold (one open match each), the audit row, the
   * card for whoever must answer (the mentor for a request, both for a proposal), and the reminder and expiry jobs.
   */
  async open(tx: TenantTx, programme: Programme, draft: NewMatch, actorId: string, at: string): Promise<Match> {
    const schedule = responseSchedule(at, programme.settings, this.holidays);
    const match: Match = {
      ...draft,
      deadlineAt: schedule.deadline.endsAt,
      deadlineDate: schedule.deadline.date,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await tx.matches.insert(match);
    await tx.matches.hold(match.menteeApplicationId, match.id, at);
    await this.audit(tx, actorId, match, match.origin === 'automatic' ? 'propose' : 'request', undefined, at);
    const asked: MatchSide[] = match.origin === 'automatic' ? ['mentee', 'mentor'] : ['mentor'];
    for (const side of asked) await this.send(tx, match, `open:${side}`, side, VIEW[side], at);
    for (const r of schedule.reminders) {
      await tx.jobs.schedule(
        {
          id: this.ids.next(),
          kind: MATCH_JOBS.reminder,
          dueAt: r.sendAt,
          payload: { matchId: match.id, workingDays: r.workingDays },
          dedupeKey: `match:${match.id}:reminder:${r.workingDays}`,
        },
        at,
      );
    }
    await tx.jobs.schedule(
      {
        id: this.ids.next(),
        kind: MATCH_JOBS.expiry,
        dueAt: match.deadlineAt,
        payload: { matchId: match.id },
        dedupeKey: `match:${match.id}:expiry`,
      },
      at,
    );
    return match;
  }

  /**
   * A person answers: the mentor a request; either person a proposal (which is accepted once both have). Late,
   * repeated or stale answers, and answers from anyone else, change nothing.
   */
  async respond(
    actor: Actor,
    action: 'accept' | 'decline',
    ref: { matchId: string; version: number; reason?: string },
    clicked?: ClickedCard,
  ): Promise<MatchView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await this.loadFor(tx, ref.matchId, actor.personId);
      const side = sideOf(current, actor.personId);
      const at = this.clock.now().toISOString();
      const next = transitionMatch(current, action, { seenVersion: ref.version, at, reason: ref.reason, by: side });
      if (!holdsMentorPlace(current.status) && holdsMentorPlace(next.status)) {
        const mentor = await applicationOf(tx, current.mentorApplicationId);
        const profile = await profileOf(tx, mentor, at);
        if (!(await tx.mentorProfiles.takeSlot(mentor.id, profile.capacity))) {
          throw new ConflictError(
            profile.paused
              ? 'Your profile is paused, so you cannot accept new mentees. Resume it first.'
              : `You have no free places: all ${profile.capacity} are taken. Raise your capacity in your profile to accept.`,
          );
        }
      }
      await this.settle(tx, current, next, actor.personId, action, side, clicked, at);
      return this.viewIn(tx, next, actor.personId);
    });
  }

  /** The mentee withdraws their request while it awaits an answer. */
  async withdraw(actor: Actor, ref: { matchId: string; version: number }, clicked?: ClickedCard): Promise<MatchView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await this.loadFor(tx, ref.matchId, actor.personId);
      const at = this.clock.now().toISOString();
      const side = sideOf(current, actor.personId);
      const next = transitionMatch(current, 'withdraw', { seenVersion: ref.version, at, by: side });
      await this.settle(tx, current, next, actor.personId, 'withdraw', side, clicked, at);
      return this.viewIn(tx, next, actor.personId);
    });
  }

  /**
   * A no-fault ending, by either person of an agreed match or by a coordinator of its programme. The reason stays
   * with coordinators; the other person (both, when a coordinator ends it) is told kindly and neutrally; the
   * mentor's place is freed and the mentee is shown fresh suggestions. The pair is never proposed again, since any
   * earlier match excludes a pair. A match with a meeting booked is not ended until that meeting is cancelled, so
   * no event is left on a calendar.
   */
  async end(
    actor: Actor,
    ref: { matchId: string; version: number; reason?: string },
    clicked?: ClickedCard,
  ): Promise<MatchView | undefined> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await tx.matches.get(ref.matchId);
      const inPair =
        current && (current.menteePersonId === actor.personId || current.mentorPersonId === actor.personId);
      if (!current || (!inPair && !(await tx.coordinators.isCoordinator(current.programmeId, actor.personId))))
        throw new NotFoundError('That match does not exist in your organisation.');
      const by: MatchSide | 'coordinator' = inPair ? sideOf(current, actor.personId) : 'coordinator';
      const at = this.clock.now().toISOString();
      const next = endMatch(current, { by, at, seenVersion: ref.version, reason: ref.reason });
      // A booking left behind by an interrupted attempt (older than BOOKING_STALE_MS) does not hold the match.
      const upcoming = (await tx.meetings.listForMatch(current.id)).find(
        (m) =>
          m.status === 'scheduled' ||
          (m.status === 'booking' && Date.parse(at) - Date.parse(m.updatedAt) <= BOOKING_STALE_MS),
      );
      if (upcoming?.status === 'booking')
        throw new ConflictError('A meeting for this match is being booked right now; try again in a moment.');
      if (upcoming) {
        throw new ConflictError(
          by === 'coordinator'
            ? `This match has a meeting booked for ${upcoming.start.slice(0, 10)}. Ask the pair to cancel it from their match card, so it comes off both calendars; then end the match.`
            : 'This match has a meeting booked. Cancel the meeting from the match card first, so it comes off both calendars; then end the match.',
        );
      }
      await this.finish(tx, current, next, actor.personId, 'end', at, clicked);
      const told: MatchSide[] = by === 'coordinator' ? ['mentee', 'mentor'] : [other(by)];
      for (const side of told) await this.send(tx, next, `v${next.version}:ended:${side}`, side, 'matchEnded', at);
      return inPair ? this.viewIn(tx, next, actor.personId) : undefined;
    });
  }

  /** An agreed match as a coordinator of its programme sees it, to end it (the pair's names, its version). */
  async forCoordinator(
    actor: Actor,
    matchId: string,
  ): Promise<{ match: Match; menteeName: string; mentorName: string }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const match = await tx.matches.get(matchId);
      if (!match || !(await tx.coordinators.isCoordinator(match.programmeId, actor.personId)))
        throw new NotFoundError('That match does not exist in your organisation.');
      return {
        match,
        menteeName: await nameOf(tx, await applicationOf(tx, match.menteeApplicationId)),
        mentorName: await nameOf(tx, await applicationOf(tx, match.mentorApplicationId)),
      };
    });
  }

  /**
   * The match has had its last session: completed, in the caller's transaction (the session log's), with the
   * mentor's place freed and both cards updated. No-op when it is no longer agreed.
   */
  async completeIn(tx: TenantTx, match: Match, actorId: string, at: string): Promise<void> {
    const current = await tx.matches.get(match.id);
    if (!current || (current.status !== 'accepted' && current.status !== 'active')) return;
    await this.finish(tx, current, completeMatch(current, at), actorId, 'complete', at);
  }

  /** An agreed match is over: written with its audit row, its place and hold given back, jobs cancelled, cards updated. */
  private async finish(
    tx: TenantTx,
    current: Match,
    next: Match,
    actorId: string,
    action: string,
    at: string,
    clicked?: ClickedCard,
  ): Promise<void> {
    if (!(await tx.matches.update(next, current.version)))
      throw new StaleError('This match changed a moment ago; here it is as it is now.');
    // The audit says whether a reason was given, never the reason: it is for coordinators, on the match itself.
    await tx.audit.append({
      tenantId: next.tenantId,
      at,
      actorId,
      entityType: 'match',
      entityId: next.id,
      action,
      fromStatus: current.status,
      toStatus: next.status,
      detail: `v${next.version}${next.endedBy ? ` by ${next.endedBy}` : ''}${next.endReason ? ', reason given' : ''}`,
    });
    if (holdsMentorPlace(current.status)) await tx.mentorProfiles.releaseSlot(next.mentorApplicationId);
    await tx.matches.release(next.menteeApplicationId, next.id);
    await queueCopyUpdates(tx, this.ids, {
      views: MATCH_CARD_VIEWS,
      subjectId: next.id,
      key: `match:${next.id}:v${next.version}`,
      data: { matchId: next.id },
      clicked,
      at,
    });
    const programme = await tx.programmes.get(next.programmeId);
    if (programme && this.evaluations) await this.evaluations.askIn(tx, next, programme, at);
    // What next: another cycle together (after a completed one), a new partner, or a break.
    for (const side of ['mentee', 'mentor'] as const) {
      await tx.outbox.enqueue(
        {
          dedupeKey: `match:${next.id}:v${next.version}:next:${side}`,
          conversationKey: conversationKey.personal(side === 'mentee' ? next.menteePersonId : next.mentorPersonId),
          kind: 'send',
          view: 'nextChoice',
          data: { matchId: next.id, viewer: side },
        },
        this.ids.next(),
        at,
      );
    }
    if (next.status === 'ended') {
      await tx.outbox.enqueue(
        {
          dedupeKey: `match:${next.id}:v${next.version}:suggestions`,
          conversationKey: conversationKey.personal(next.menteePersonId),
          kind: 'send',
          view: 'mentorSuggestions',
          data: { menteeApplicationId: next.menteeApplicationId },
        },
        this.ids.next(),
        at,
      );
    }
  }

  /** The actor's matches (as mentee or mentor), oldest first. */
  async mine(actor: Actor): Promise<MatchView[]> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const views: MatchView[] = [];
      for (const m of await tx.matches.listForPerson(actor.personId))
        views.push(await this.viewIn(tx, m, actor.personId));
      return views;
    });
  }

  /** One match, for one of its two people. */
  async view(actor: Actor, matchId: string): Promise<MatchView> {
    return this.store.inTenant(actor.tenantId, async (tx) =>
      this.viewIn(tx, await this.loadFor(tx, matchId, actor.personId), actor.personId),
    );
  }

  /** The current state for a background delivery, for the given side. */
  async viewFor(tenantId: string, matchId: string, viewer: MatchSide): Promise<MatchView | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const match = await tx.matches.get(matchId);
      if (!match) return undefined;
      return this.viewIn(tx, match, viewer === 'mentee' ? match.menteePersonId : match.mentorPersonId);
    });
  }

  /** Registers the reminder and expiry handlers with a job runner. */
  registerJobs(runner: JobRunner): void {
    runner.register(MATCH_JOBS.reminder, this.remind).register(MATCH_JOBS.expiry, this.expire);
  }

  /** Job handler: a reminder to whoever has not answered yet while the match still awaits answers. */
  readonly remind = async (job: { payload: unknown }, tx: TenantTx): Promise<void> => {
    const { matchId, workingDays } = job.payload as { matchId: string; workingDays: number };
    const match = await tx.matches.get(String(matchId));
    const at = this.clock.now().toISOString();
    if (!match || !['requested', 'proposed'].includes(match.status) || at >= match.deadlineAt) return;
    const waitingOn: MatchSide[] =
      match.status === 'requested' ? ['mentor'] : (['mentee', 'mentor'] as const).filter((s) => !acceptedAt(match, s));
    for (const side of waitingOn)
      await this.send(tx, match, `reminder:${Number(workingDays)}:${side}`, side, 'matchReminder', at);
  };

  /** Job handler: at the deadline an unanswered match expires; the people are told, the mentee shown fresh suggestions. */
  readonly expire = async (job: { payload: unknown }, tx: TenantTx): Promise<void> => {
    const match = await tx.matches.get(String((job.payload as { matchId: string }).matchId));
    if (!match || !['requested', 'proposed'].includes(match.status)) return;
    const at = this.clock.now().toISOString();
    const next = transitionMatch(match, 'expire', { at });
    await this.settle(tx, match, next, 'system', 'expire', undefined, undefined, at);
  };

  /**
   * Persists a status change with its audit row, gives back the mentor's place and the mentee's hold when the match
   * ends, cancels pending jobs, updates every card and tells whoever did not act.
   */
  private async settle(
    tx: TenantTx,
    current: Match,
    next: Match,
    actorId: string,
    action: MatchAction,
    by: MatchSide | undefined,
    clicked: ClickedCard | undefined,
    at: string,
  ): Promise<void> {
    if (!(await tx.matches.update(next, current.version))) {
      const fresh = await tx.matches.get(current.id);
      throw new StaleError(
        fresh
          ? `This ${kind(current)} changed a moment ago (now ${fresh.status}).`
          : `This ${kind(current)} no longer exists.`,
      );
    }
    await this.audit(tx, actorId, next, action, current.status, at);
    if (holdsMentorPlace(current.status) && !holdsMentorPlace(next.status))
      await tx.mentorProfiles.releaseSlot(next.mentorApplicationId);
    const ended = !['requested', 'proposed', 'accepted', 'active'].includes(next.status);
    if (ended) await tx.matches.release(next.menteeApplicationId, next.id);
    const settled = next.status !== 'requested' && next.status !== 'proposed';
    if (settled) {
      // The expiry job completes itself; cancelling it from inside its own run would roll the run back.
      if (action !== 'expire') await tx.jobs.cancel(`match:${next.id}:expiry`, at);
      const programme = await tx.programmes.get(next.programmeId);
      for (const k of programme?.settings.reminderWorkingDays ?? [])
        await tx.jobs.cancel(`match:${next.id}:reminder:${k}`, at);
    }
    if (next.status === 'accepted' && current.status !== 'accepted') {
      const programme = await tx.programmes.get(next.programmeId);
      if (programme) await scheduleCycleIn(tx, this.ids, next, programme, at);
    }
    if (action === 'accept' && by && clicked?.activityId) await this.remember(tx, next, SUBJECT[by], clicked, at);
    for (const side of ['mentor', 'mentee'] as const) {
      for (const copy of await tx.cards.list(SUBJECT[side], next.id)) {
        if (clicked && copy.activityId === clicked.activityId && copy.conversationKey === clicked.conversationKey)
          continue;
        await tx.outbox.enqueue(
          {
            dedupeKey: `match:${next.id}:v${next.version}:update:${copy.conversationKey}:${copy.activityId}`,
            conversationKey: copy.conversationKey,
            kind: 'update',
            activityId: copy.activityId,
            view: VIEW[side],
            data: { matchId: next.id },
          },
          this.ids.next(),
          at,
        );
      }
    }
    // Whoever did not just act hears the outcome as a new message: the mentee of a request; for a proposal, the
    // other person (both, at expiry). A withdrawal and a first acceptance of a proposal tell nobody new.
    if (action === 'withdraw' || !settled) return;
    const told: MatchSide[] = next.origin === 'request' ? ['mentee'] : by ? [other(by)] : ['mentee', 'mentor'];
    for (const side of told) await this.send(tx, next, `v${next.version}:outcome:${side}`, side, VIEW[side], at);
    if (next.status === 'declined' || next.status === 'expired') {
      await tx.outbox.enqueue(
        {
          dedupeKey: `match:${next.id}:v${next.version}:suggestions`,
          conversationKey: conversationKey.personal(next.menteePersonId),
          kind: 'send',
          view: 'mentorSuggestions',
          data: { menteeApplicationId: next.menteeApplicationId },
        },
        this.ids.next(),
        at,
      );
    }
  }

  private async send(
    tx: TenantTx,
    match: Match,
    key: string,
    side: MatchSide,
    view: string,
    at: string,
  ): Promise<void> {
    const person = side === 'mentee' ? match.menteePersonId : match.mentorPersonId;
    await tx.outbox.enqueue(
      {
        dedupeKey: `match:${match.id}:${key}`,
        conversationKey: conversationKey.personal(person),
        kind: 'send',
        subjectType: SUBJECT[side],
        subjectId: match.id,
        view,
        data: { matchId: match.id, viewer: side },
      },
      this.ids.next(),
      at,
    );
  }

  private async remember(tx: TenantTx, match: Match, subject: string, clicked: ClickedCard, at: string): Promise<void> {
    const known = await tx.cards.list(subject, match.id);
    if (known.some((c) => c.activityId === clicked.activityId && c.conversationKey === clicked.conversationKey)) return;
    await tx.cards.add({
      tenantId: match.tenantId,
      subjectType: subject,
      subjectId: match.id,
      conversationKey: clicked.conversationKey,
      activityId: clicked.activityId!,
      createdAt: at,
    });
  }

  private async audit(
    tx: TenantTx,
    actorId: string,
    m: Match,
    action: string,
    from: string | undefined,
    at: string,
  ): Promise<void> {
    await tx.audit.append({
      tenantId: m.tenantId,
      at,
      actorId,
      entityType: 'match',
      entityId: m.id,
      action,
      fromStatus: from,
      toStatus: m.status,
      detail: `v${m.version}`,
    });
  }

  /** A match only its two people can see (SPEC §8); to anyone else it does not exist. */
  private async loadFor(tx: TenantTx, id: string, personId: string): Promise<Match> {
    const match = await tx.matches.get(id);
    if (!match || (match.menteePersonId !== personId && match.mentorPersonId !== personId))
      throw new NotFoundError('That request does not exist in your organisation.');
    return match;
  }

  async viewIn(tx: TenantTx, match: Match, personId: string): Promise<MatchView> {
    const programme = await tx.programmes.get(match.programmeId);
    if (!programme) throw new NotFoundError('The programme of this match no longer exists.');
    const mentee = await applicationOf(tx, match.menteeApplicationId);
    const mentor = await applicationOf(tx, match.mentorApplicationId);
    const viewer = sideOf(match, personId);
    const view: MatchView = {
      match,
      programme,
      viewer,
      mentee,
      mentor,
      menteeName: await nameOf(tx, mentee),
      mentorName: await nameOf(tx, mentor),
    };
    if (['accepted', 'active', 'completed', 'ended'].includes(match.status))
      view.home = await this.homeOf(tx, match, viewer, programme);
    return view;
  }

  private async homeOf(tx: TenantTx, match: Match, viewer: MatchSide, programme: Programme): Promise<MatchHome> {
    const logs = await tx.sessionLogs.listForMatch(match.id);
    const now = this.clock.now().toISOString();
    const upcoming = (await tx.meetings.listForMatch(match.id)).find((m) => m.status === 'scheduled' && m.end > now);
    const otherId = viewer === 'mentee' ? match.mentorPersonId : match.menteePersonId;
    const selfId = viewer === 'mentee' ? match.menteePersonId : match.mentorPersonId;
    const last = logs[logs.length - 1];
    return {
      sessionsLogged: logs.length,
      cap: programme.settings.maxSessionsPerMatch,
      lastSessionOn: last?.heldOn,
      latestSessionId: last?.id,
      nextMeeting: upcoming,
      otherEmail: (await tx.people.get(otherId))?.email,
      icsUrl: upcoming && upcoming.calendar === 'offline' ? this.meetingLink(upcoming, selfId) : undefined,
    };
  }
}

function sideOf(match: Match, personId: string): MatchSide {
  return match.mentorPersonId === personId ? 'mentor' : 'mentee';
}

function kind(match: Match): string {
  return match.origin === 'automatic' ? 'proposal' : 'request';
}
