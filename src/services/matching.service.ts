import type { Application } from '../domain/application';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import { hasFreeCapacity, isExcludedPair, OPEN_MATCH_STATUSES, type Match } from '../domain/match';
import { profileFromApplication, type MentorProfileRecord } from '../domain/mentor-profile';
import { scorePair } from '../domain/matching/score';
import { currentProgramme, type Programme } from '../domain/programme';
import { rankSuggestions, type MentorFilters, type Rankable } from '../domain/suggestions';
import { CARD_SUBJECT, type Actor } from './actor';
import type { ClickedCard } from './applications.service';
import { heldApplicationOf } from './held-application';
import { matchProfile, mentorProfile, profileOf } from './match-pool';
import { nameOf } from './names';
import type { MatchesService, MatchView, NewMatch } from './matches.service';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

export type { MentorFilters } from '../domain/suggestions';

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

export const PAGE_SIZE = 5;

/**
 * Mentee's choice (SPEC §3.2): suggestions and requests. A request is opened by
 * {@link MatchesService}, which also handles the mentor's answer, reminders and expiry.
 */
export class MatchingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly matches: MatchesService,
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
      const pair = [
        { personId: mentee.personId, applicationId: mentee.id },
        { personId: mentor.personId, applicationId: mentor.id },
      ] as const;
      if (isExcludedPair(...pair, history)) {
        throw new ConflictError(
          'You have already requested this mentor, so they cannot be requested again. Choose another mentor.',
        );
      }
      if (isExcludedPair(...pair, await tx.barredPairs.listForMentee(mentee.id))) {
        throw new ConflictError('This mentor is not available to you. Choose another mentor.');
      }
      const open = history.find((m) => OPEN_MATCH_STATUSES.includes(m.status));
      if (open)
        throw new ConflictError('You already have a request or match in progress. Type "my matches" to see it.');
      const profile = await profileOf(tx, mentor, this.clock.now().toISOString());
      if (profile.paused) throw new ConflictError('This mentor is not taking new mentees at the moment.');
      if (!hasFreeCapacity(profile)) throw new ConflictError('This mentor has no free places at the moment.');

      const at = this.clock.now().toISOString();
      const { score, reasons } = scorePair(
        matchProfile(mentee),
        mentorProfile(mentor, profile),
        programme.settings.scoreWeights,
      );
      const draft: NewMatch = {
        tenantId: actor.tenantId,
        id: this.ids.next(),
        programmeId: programme.id,
        menteeApplicationId: mentee.id,
        mentorApplicationId: mentor.id,
        menteePersonId: mentee.personId,
        mentorPersonId: mentor.personId,
        status: 'requested',
        origin: 'request',
        score,
        reasons,
      };
      let match: Match;
      try {
        match = await this.matches.open(tx, programme, draft, actor.personId, at);
      } catch (e) {
        if (e instanceof ConflictError)
          throw new ConflictError('You already have a request or match in progress. Type "my matches" to see it.');
        throw e;
      }
      if (clicked?.activityId) {
        await tx.cards.add({
          tenantId: match.tenantId,
          subjectType: CARD_SUBJECT.matchMentee,
          subjectId: match.id,
          conversationKey: clicked.conversationKey,
          activityId: clicked.activityId,
          createdAt: at,
        });
      }
      return this.matches.viewIn(tx, match, actor.personId);
    });
  }

  private async suggestionsIn(
    tx: TenantTx,
    programme: Programme,
    mentee: Application,
    filters: MentorFilters,
    page: number,
  ): Promise<SuggestionPage> {
    const history = await tx.matches.listForMentee(mentee.id);
    const excluded = [...history, ...(await tx.barredPairs.listForMentee(mentee.id))];
    const stored = new Map((await tx.mentorProfiles.listForProgramme(programme.id)).map((p) => [p.applicationId, p]));
    const at = this.clock.now().toISOString();
    const available: (Suggestion & Rankable)[] = [];
    for (const app of await tx.applications.listForProgramme(programme.id)) {
      if (app.role !== 'mentor' || app.status !== 'approved') continue;
      const profile = stored.get(app.id) ?? profileFromApplication(app, at);
      if (!hasFreeCapacity(profile)) continue;
      if (
        isExcludedPair(
          { personId: mentee.personId, applicationId: mentee.id },
          { personId: app.personId, applicationId: app.id },
          excluded,
        )
      )
        continue;
      const { score, reasons } = scorePair(
        matchProfile(mentee),
        mentorProfile(app, profile),
        programme.settings.scoreWeights,
      );
      const f = app.form;
      const name = await nameOf(tx, app);
      available.push({
        id: app.id,
        application: app,
        profile,
        name,
        score,
        reasons,
        specialty: f.specialty,
        site: f.site,
        country: f.qualificationCountry,
        languages: f.languages,
      });
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
    const mentee = programme && (await heldApplicationOf(tx, programme.id, personId, 'mentee'));
    if (!programme || !mentee || mentee.status !== 'approved') {
      throw new ForbiddenError(
        'Finding a mentor opens once your mentee application is approved. Type "my applications" to see where it is.',
      );
    }
    if (!programme.settings.matchingModes.menteeChoice)
      throw new ForbiddenError(
        `In ${programme.name} the coordinators match mentees to mentors; you will be told here.`,
      );
    return { programme, mentee };
  }
}
