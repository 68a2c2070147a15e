import type { Application } from '../domain/application';
import { ConflictError, ForbiddenError, NotFoundError, StaleError } from '../domain/errors';
import { hasFreeCapacity, isExcludedPair, OPEN_MATCH_STATUSES, transitionMatch, type Match, type MatchAction } from '../domain/match';
import { profileFromApplication, type MentorProfileRecord } from '../domain/mentor-profile';
import { scorePair, type MatchProfile, type MentorProfile } from '../domain/matching/score';
import { currentProgramme, type Programme } from '../domain/programme';
import { rankSuggestions, type MentorFilters, type Rankable } from '../domain/suggestions';
import { responseSchedule, type BankHolidays } from '../domain/working-days';

export type { MentorFilters } from '../domain/suggestions';
import { CARD_SUBJECT, conversationKey, type Actor } from './actor';
import type { ClickedCard } from './applications.service';
import type { JobRunner } from './job-runner';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** Job kinds this service schedules and handles. */
export const MATCH_JOBS = { reminder: 'match.reminder', expiry: 'match.expiry' } as const;

/** One suggested mentor, with the score and the reasons in plain words. */
export interface Suggestion {
  application: Application;
  profile: MentorProfileRecord;
  name: string;
  score: number;
  reasons: string[];
}

/** A page of suggestions, best first, and the values the filters can take among the available mentors. */
export interface SuggestionPage {
  programme: Programme;
  menteeApplicationId: string;
  suggestions: Suggestion[];
  page: number;
  pageCount: number;
  total: number;
  filters: MentorFilters;
  options: { specialties: string[]; sites: string[]; countries: string[]; languages: string[] };
  /** The mentee's open request or match, if any: they may hold one at a time. */
  openMatch?: Match;
}

/** A match as one of its two people sees it. */
export interface MatchView {
  match: Match;
  programme: Programme;
  viewer: 'mentee' | 'mentor';
  mentee: Application;
  mentor: Application;
  menteeName: string;
  mentorName: string;
}

export const PAGE_SIZE = 5;

/**
 * Mentee's choice (SPEC §3.2, issue 3 items 2, 3, 5): suggestions, requests, the mentor's answer, expiry and
 * reminders. A request, its audit row, its messages and its scheduled jobs are written in one transaction; the
 * mentor's slot is taken by a conditional update in the accept transaction, never by read-then-write.
 */
export class MatchingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly holidays: BankHolidays,
  ) {}

  /** Suggested mentors for the actor (an approved mentee), best first, filtered and paged. */
  async suggestions(actor: Actor, filters: MentorFilters = {}, page = 1): Promise<SuggestionPage> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const { programme, mentee } = await this.approvedMentee(tx, actor.personId);
      return this.suggestionsIn(tx, programme, mentee, filters, page);
    });
  }

  /** Suggestions for a background delivery (after a decline or an expiry). */
  async suggestionsFor(tenantId: string, menteeApplicationId: string): Promise<SuggestionPage | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const mentee = await tx.applications.get(menteeApplicationId);
      const programme = mentee && (await tx.programmes.get(mentee.programmeId));
      if (!mentee || !programme || mentee.status !== 'approved') return undefined;
      return this.suggestionsIn(tx, programme, mentee, {}, 1);
    });
  }

  /** The actor (an approved mentee) requests a mentor. Refused with a clear message when not allowed. */
  async request(actor: Actor, mentorApplicationId: string, clicked?: ClickedCard): Promise<MatchView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const { programme, mentee } = await this.approvedMentee(tx, actor.personId);
      const mentor = await tx.applications.get(mentorApplicationId);
      if (!mentor || mentor.programmeId !== programme.id || mentor.role !== 'mentor' || mentor.status !== 'approved') {
        throw new NotFoundError('That mentor is not available in your programme.');
      }
      if (mentor.personId === mentee.personId) throw new ForbiddenError('You cannot request yourself as your mentor.');
      const history = await tx.matches.listForMentee(mentee.id);
      if (isExcludedPair({ personId: mentee.personId, applicationId: mentee.id }, { personId: mentor.personId, applicationId: mentor.id }, history)) {
        throw new ConflictError('You have already requested this mentor, so they cannot be requested again. Choose another mentor.');
      }
      const open = history.find((m) => OPEN_MATCH_STATUSES.includes(m.status));
      if (open) throw new ConflictError('You already have a request or match in progress. Type "my matches" to see it.');
      const profile = await this.profileOf(tx, mentor);
      if (profile.paused) throw new ConflictError('This mentor is not taking new mentees at the moment.');
      if (!hasFreeCapacity(profile)) throw new ConflictError('This mentor has no free places at the moment.');

      const at = this.clock.now().toISOString();
      const { score, reasons } = scorePair(matchProfile(mentee), mentorProfile(mentor, profile), programme.settings.scoreWeights);
      const schedule = responseSchedule(at, programme.settings, this.holidays);
      const match: Match = {
        tenantId: actor.tenantId,
        id: this.ids.next(),
        programmeId: programme.id,
        menteeApplicationId: mentee.id,
        mentorApplicationId: mentor.id,
        menteePersonId: mentee.personId,
        mentorPersonId: mentor.personId,
        status: 'requested',
        score,
        reasons,
        deadlineAt: schedule.deadline.endsAt,
        deadlineDate: schedule.deadline.date,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await tx.matches.insert(match);
      try {
        await tx.matches.hold(mentee.id, match.id, at);
      } catch (e) {
        if (e instanceof ConflictError) throw new ConflictError('You already have a request or match in progress. Type "my matches" to see it.');
        throw e;
      }
      await this.audit(tx, actor.personId, match, 'request', undefined, at);
      if (clicked?.activityId) {
        await tx.cards.add({ tenantId: match.tenantId, subjectType: CARD_SUBJECT.matchMentee, subjectId: match.id, conversationKey: clicked.conversationKey, activityId: clicked.activityId, createdAt: at });
      }
      await this.send(tx, match, 'request', conversationKey.personal(match.mentorPersonId), 'matchForMentor', CARD_SUBJECT.matchMentor, at);
      for (const r of schedule.reminders) {
        await tx.jobs.schedule({ id: this.ids.next(), kind: MATCH_JOBS.reminder, dueAt: r.sendAt, payload: { matchId: match.id, workingDays: r.workingDays }, dedupeKey: `match:${match.id}:reminder:${r.workingDays}` }, at);
      }
      await tx.jobs.schedule({ id: this.ids.next(), kind: MATCH_JOBS.expiry, dueAt: match.deadlineAt, payload: { matchId: match.id }, dedupeKey: `match:${match.id}:expiry` }, at);
      return this.viewIn(tx, match, actor.personId);
    });
  }

  /** The mentor accepts or declines (reason optional and private). Late, repeated or stale answers change nothing. */
  async respond(actor: Actor, action: 'accept' | 'decline', ref: { matchId: string; version: number; reason?: string }, clicked?: ClickedCard): Promise<MatchView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await this.loadFor(tx, ref.matchId, actor.personId);
      if (current.mentorPersonId !== actor.personId) throw new ForbiddenError('Only the mentor who was asked can answer this request.');
      const at = this.clock.now().toISOString();
      const next = transitionMatch(current, action, { seenVersion: ref.version, at, reason: ref.reason });
      if (action === 'accept') {
        const mentor = await this.applicationOf(tx, current.mentorApplicationId);
        const profile = await this.profileOf(tx, mentor);
        if (!(await tx.mentorProfiles.takeSlot(mentor.id, profile.capacity))) {
          throw new ConflictError(profile.paused
            ? 'Your profile is paused, so you cannot accept new mentees. Resume it first.'
            : `You have no free places: all ${profile.capacity} are taken. Raise your capacity in your profile to accept.`);
        }
      }
      await this.settle(tx, current, next, actor.personId, action, clicked, at);
      return this.viewIn(tx, next, actor.personId);
    });
  }

  /** The mentee withdraws their request while it awaits an answer. */
  async withdraw(actor: Actor, ref: { matchId: string; version: number }, clicked?: ClickedCard): Promise<MatchView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await this.loadFor(tx, ref.matchId, actor.personId);
      if (current.menteePersonId !== actor.personId) throw new ForbiddenError('Only the mentee who made this request can withdraw it.');
      const at = this.clock.now().toISOString();
      const next = transitionMatch(current, 'withdraw', { seenVersion: ref.version, at });
      await this.settle(tx, current, next, actor.personId, 'withdraw', clicked, at);
      return this.viewIn(tx, next, actor.personId);
    });
  }

  /** The actor's matches (as mentee or mentor), oldest first. */
  async mine(actor: Actor): Promise<MatchView[]> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const views: MatchView[] = [];
      for (const m of await tx.matches.listForPerson(actor.personId)) views.push(await this.viewIn(tx, m, actor.personId));
      return views;
    });
  }

  /** One match, for one of its two people. */
  async view(actor: Actor, matchId: string): Promise<MatchView> {
    return this.store.inTenant(actor.tenantId, async (tx) => this.viewIn(tx, await this.loadFor(tx, matchId, actor.personId), actor.personId));
  }

  /** The current state for a background delivery, for the given side. */
  async viewFor(tenantId: string, matchId: string, viewer: MatchView['viewer']): Promise<MatchView | undefined> {
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

  /** Job handler: a reminder to the mentor while the request still awaits an answer. */
  readonly remind = async (job: { payload: unknown }, tx: TenantTx): Promise<void> => {
    const { matchId, workingDays } = job.payload as { matchId: string; workingDays: number };
    const match = await tx.matches.get(String(matchId));
    const at = this.clock.now().toISOString();
    if (!match || match.status !== 'requested' || at >= match.deadlineAt) return;
    await this.send(tx, match, `reminder:${Number(workingDays)}`, conversationKey.personal(match.mentorPersonId), 'matchReminder', CARD_SUBJECT.matchMentor, at);
  };

  /** Job handler: at the deadline an unanswered request expires; the mentee is told and shown fresh suggestions. */
  readonly expire = async (job: { payload: unknown }, tx: TenantTx): Promise<void> => {
    const match = await tx.matches.get(String((job.payload as { matchId: string }).matchId));
    if (!match || match.status !== 'requested') return;
    const at = this.clock.now().toISOString();
    const next = transitionMatch(match, 'expire', { at });
    await this.settle(tx, match, next, 'system', 'expire', undefined, at);
  };

  /** Persists a status change with its audit row, cancels pending jobs, updates every card and tells the other side. */
  private async settle(tx: TenantTx, current: Match, next: Match, actorId: string, action: MatchAction, clicked: ClickedCard | undefined, at: string): Promise<void> {
    if (!(await tx.matches.update(next, current.version))) {
      const fresh = await tx.matches.get(current.id);
      throw new StaleError(fresh ? `This request changed a moment ago (now ${fresh.status}).` : 'This request no longer exists.');
    }
    await this.audit(tx, actorId, next, action, current.status, at);
    if (next.status !== 'accepted') await tx.matches.release(next.menteeApplicationId, next.id);
    // The expiry job completes itself; cancelling it from inside its own run would roll the run back.
    if (action !== 'expire') await tx.jobs.cancel(`match:${next.id}:expiry`, at);
    const programme = await tx.programmes.get(next.programmeId);
    for (const k of programme?.settings.reminderWorkingDays ?? []) await tx.jobs.cancel(`match:${next.id}:reminder:${k}`, at);
    if (action === 'accept' && clicked?.activityId) await this.remember(tx, next, CARD_SUBJECT.matchMentor, clicked, at);
    for (const [subject, view] of [[CARD_SUBJECT.matchMentor, 'matchForMentor'], [CARD_SUBJECT.matchMentee, 'matchForMentee']] as const) {
      for (const copy of await tx.cards.list(subject, next.id)) {
        if (clicked && copy.activityId === clicked.activityId && copy.conversationKey === clicked.conversationKey) continue;
        await tx.outbox.enqueue(
          { dedupeKey: `match:${next.id}:v${next.version}:update:${copy.conversationKey}:${copy.activityId}`, conversationKey: copy.conversationKey, kind: 'update', activityId: copy.activityId, view, data: { matchId: next.id } },
          this.ids.next(),
          at,
        );
      }
    }
    if (action === 'withdraw') return;
    const mentee = conversationKey.personal(next.menteePersonId);
    await this.send(tx, next, `v${next.version}:outcome`, mentee, 'matchForMentee', CARD_SUBJECT.matchMentee, at);
    if (action === 'decline' || action === 'expire') {
      await tx.outbox.enqueue(
        { dedupeKey: `match:${next.id}:v${next.version}:suggestions`, conversationKey: mentee, kind: 'send', view: 'mentorSuggestions', data: { menteeApplicationId: next.menteeApplicationId } },
        this.ids.next(),
        at,
      );
    }
  }

  private async send(tx: TenantTx, match: Match, key: string, target: string, view: string, subject: string, at: string): Promise<void> {
    await tx.outbox.enqueue(
      { dedupeKey: `match:${match.id}:${key}`, conversationKey: target, kind: 'send', subjectType: subject, subjectId: match.id, view, data: { matchId: match.id } },
      this.ids.next(),
      at,
    );
  }

  private async remember(tx: TenantTx, match: Match, subject: string, clicked: ClickedCard, at: string): Promise<void> {
    const known = await tx.cards.list(subject, match.id);
    if (known.some((c) => c.activityId === clicked.activityId && c.conversationKey === clicked.conversationKey)) return;
    await tx.cards.add({ tenantId: match.tenantId, subjectType: subject, subjectId: match.id, conversationKey: clicked.conversationKey, activityId: clicked.activityId!, createdAt: at });
  }

  private async audit(tx: TenantTx, actorId: string, m: Match, action: string, from: string | undefined, at: string): Promise<void> {
    await tx.audit.append({ tenantId: m.tenantId, at, actorId, entityType: 'match', entityId: m.id, action, fromStatus: from, toStatus: m.status, detail: `v${m.version}` });
  }

  private async suggestionsIn(tx: TenantTx, programme: Programme, mentee: Application, filters: MentorFilters, page: number): Promise<SuggestionPage> {
    const history = await tx.matches.listForMentee(mentee.id);
    const stored = new Map((await tx.mentorProfiles.listForProgramme(programme.id)).map((p) => [p.applicationId, p]));
    const at = this.clock.now().toISOString();
    const available: (Suggestion & Rankable)[] = [];
    for (const app of await tx.applications.listForProgramme(programme.id)) {
      if (app.role !== 'mentor' || app.status !== 'approved') continue;
      const profile = stored.get(app.id) ?? profileFromApplication(app, at);
      if (!hasFreeCapacity(profile)) continue;
      if (isExcludedPair({ personId: mentee.personId, applicationId: mentee.id }, { personId: app.personId, applicationId: app.id }, history)) continue;
      const { score, reasons } = scorePair(matchProfile(mentee), mentorProfile(app, profile), programme.settings.scoreWeights);
      const f = app.form;
      const name = (await tx.people.get(app.personId))?.name ?? f.name;
      available.push({ id: app.id, application: app, profile, name, score, reasons, specialty: f.specialty, site: f.site, country: f.qualificationCountry, languages: f.languages });
    }
    const ranked = rankSuggestions(available, filters, page, PAGE_SIZE);
    return {
      programme,
      menteeApplicationId: mentee.id,
      suggestions: ranked.items,
      page: ranked.page,
      pageCount: ranked.pageCount,
      total: ranked.total,
      filters: ranked.filters,
      options: ranked.options,
      openMatch: history.find((m) => OPEN_MATCH_STATUSES.includes(m.status)),
    };
  }

  private async approvedMentee(tx: TenantTx, personId: string): Promise<{ programme: Programme; mentee: Application }> {
    const programme = currentProgramme(await tx.programmes.list());
    const mentee = programme && (await tx.applications.find(programme.id, personId, 'mentee'));
    if (!programme || !mentee || mentee.status !== 'approved') {
      throw new ForbiddenError('Finding a mentor opens once your mentee application is approved. Type "my applications" to see where it is.');
    }
    if (!programme.settings.matchingModes.menteeChoice) throw new ForbiddenError(`In ${programme.name} the coordinators match mentees to mentors; you will be told here.`);
    return { programme, mentee };
  }

  /** The stored profile, created from the approved application on first use. */
  private async profileOf(tx: TenantTx, mentor: Application): Promise<MentorProfileRecord> {
    const existing = await tx.mentorProfiles.get(mentor.id);
    if (existing) return existing;
    await tx.mentorProfiles.insertIfAbsent(profileFromApplication(mentor, this.clock.now().toISOString()));
    return (await tx.mentorProfiles.get(mentor.id))!;
  }

  private async applicationOf(tx: TenantTx, id: string): Promise<Application> {
    const app = await tx.applications.get(id);
    if (!app) throw new NotFoundError('An application of this match no longer exists.');
    return app;
  }

  /** A match only its two people can see (SPEC §8); to anyone else it does not exist. */
  private async loadFor(tx: TenantTx, id: string, personId: string): Promise<Match> {
    const match = await tx.matches.get(id);
    if (!match || (match.menteePersonId !== personId && match.mentorPersonId !== personId)) throw new NotFoundError('That request does not exist in your organisation.');
    return match;
  }

  private async viewIn(tx: TenantTx, match: Match, personId: string): Promise<MatchView> {
    const programme = await tx.programmes.get(match.programmeId);
    if (!programme) throw new NotFoundError('The programme of this match no longer exists.');
    const mentee = await this.applicationOf(tx, match.menteeApplicationId);
    const mentor = await this.applicationOf(tx, match.mentorApplicationId);
    const nameOf = async (a: Application) => (await tx.people.get(a.personId))?.name ?? a.form.name;
    return { match, programme, viewer: match.mentorPersonId === personId ? 'mentor' : 'mentee', mentee, mentor, menteeName: await nameOf(mentee), mentorName: await nameOf(mentor) };
  }
}

function matchProfile(a: Application): MatchProfile {
  const f = a.form;
  return { id: a.id, personId: a.personId, specialty: f.specialty, site: f.site, qualificationCountry: f.qualificationCountry, languages: f.languages, topics: f.topics, meetingPreference: f.meetingPreference, grade: f.grade, nhsStartDate: f.nhsStartDate };
}

function mentorProfile(a: Application, p: MentorProfileRecord): MentorProfile {
  return { ...matchProfile(a), topics: p.topics, meetingPreference: p.meetingPreference, capacity: p.capacity };
}
