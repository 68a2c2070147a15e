import { chooseNext, nextCycle, nextOf, nextOutcome, offeredChoices } from '../domain/cycle';
import { ConflictError, NotFoundError, StaleError } from '../domain/errors';
import { transition } from '../domain/application';
import type { Job } from '../domain/jobs';
import type { Match, MatchSide, NextChoice } from '../domain/match';
import { CARD_SUBJECT, conversationKey, type Actor } from './actor';
import { CYCLE_JOBS, scheduleCycleIn } from './cycle-jobs';
import type { JobRunner } from './job-runner';
import type { MatchesService } from './matches.service';
import { applicationOf } from './match-pool';
import { nameOf } from './names';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** The "what next" card for one of the pair at the end of a cycle. */
export interface NextChoiceView {
  match: Match;
  side: MatchSide;
  otherName: string;
  programmeName: string;
  /** Their own choice, once made. */
  mine?: NextChoice;
  offered: NextChoice[];
  /** Once both chose to continue: the new cycle's match. */
  nextMatchId?: string;
}

/**
 * Cycles (SPEC §3.5; docs/cycles.md): the end of a cycle (the programme's cycle length after agreement, the pair
 * told a week before) and each person's choice afterwards: continue together, be matched anew, or take a break.
 */
export class CyclesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly matches: Pick<MatchesService, 'completeIn'>,
  ) {}

  registerJobs(runner: JobRunner): void {
    runner.register(CYCLE_JOBS.notice, this.notice).register(CYCLE_JOBS.end, this.end);
  }

  /** Job: a week before the cycle ends, both are told the date (only while the match is still agreed). */
  readonly notice = async (job: Job, tx: TenantTx): Promise<void> => {
    const { matchId, endDate } = job.payload as { matchId: string; endDate: string };
    const match = await tx.matches.get(String(matchId));
    if (!match || (match.status !== 'accepted' && match.status !== 'active')) return;
    const at = this.clock.now().toISOString();
    for (const side of ['mentee', 'mentor'] as const)
      await this.enqueue(tx, match, side, 'cycleNotice', `cycle-notice:${side}`, at, { endDate: String(endDate) });
  };

  /**
   * Job: the cycle's last day has come; the match is completed (places freed, cards updated, evaluation asked). A
   * meeting still booked after now keeps the match going until that meeting is over, so nothing is left on a
   * calendar for a finished match; the end then follows an hour after it.
   */
  readonly end = async (job: Job, tx: TenantTx): Promise<void> => {
    const match = await tx.matches.get(String((job.payload as { matchId: string }).matchId));
    if (!match || (match.status !== 'accepted' && match.status !== 'active')) return;
    const at = this.clock.now().toISOString();
    const booked = (await tx.meetings.listForMatch(match.id)).find(
      (m) => (m.status === 'scheduled' || m.status === 'booking') && m.end > at,
    );
    if (booked) {
      await tx.jobs.schedule(
        {
          id: this.ids.next(),
          kind: CYCLE_JOBS.end,
          dueAt: new Date(Date.parse(booked.end) + 3_600_000).toISOString(),
          payload: job.payload,
          dedupeKey: `match:${match.id}:cycle-end:after:${booked.id}:${booked.end}`,
        },
        at,
      );
      return;
    }
    await this.matches.completeIn(tx, match, 'system', at);
  };

  /** The card for a background delivery. */
  async viewFor(tenantId: string, matchId: string, side: MatchSide): Promise<NextChoiceView | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const match = await tx.matches.get(matchId);
      return match ? this.viewIn(tx, match, side) : undefined;
    });
  }

  /** The actor's own card for a match of theirs. */
  async view(actor: Actor, matchId: string): Promise<NextChoiceView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const match = await this.loadFor(tx, matchId, actor.personId);
      return this.viewIn(tx, match, sideOf(match, actor.personId));
    });
  }

  /**
   * One person's choice at the end of a cycle, once. Continuing starts a new cycle only when both chose it; the other
   * choices take effect at once (a mentee choosing a new partner is shown suggestions; a break pauses the mentor's
   * profile or closes the mentee's application). Returns the card and a line for its notice.
   */
  async choose(actor: Actor, matchId: string, choice: unknown): Promise<{ view: NextChoiceView; notice: string }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await this.loadFor(tx, matchId, actor.personId);
      const side = sideOf(current, actor.personId);
      const at = this.clock.now().toISOString();
      const next = chooseNext(current, side, choice, at);
      if (!(await tx.matches.update(next, current.version)))
        throw new StaleError('This match changed a moment ago; here it is as it is now.');
      const mine = nextOf(next, side)!;
      await tx.audit.append({
        tenantId: next.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'match',
        entityId: next.id,
        action: 'next-choice',
        detail: `${side}: ${mine}`,
      });
      const view = await this.viewIn(tx, next, side);
      const otherName = view.otherName;
      if (mine === 'rematch' && side === 'mentee') await this.suggestions(tx, next, at);
      if (mine === 'opt-out') await this.takeBreak(tx, next, side, actor, at);

      const outcome = nextOutcome(next);
      if (outcome === 'new-cycle') {
        const started = await this.startCycle(tx, next, at);
        return {
          view: { ...view, nextMatchId: started.id },
          notice: `You and ${otherName} both chose to continue: your next cycle has started. Your match card follows.`,
        };
      }
      if (outcome === 'apart' && nextOf(next, other(side)) === 'continue') {
        // The other person hoped to continue: told kindly, and a mentee goes back to choosing.
        await this.enqueue(tx, next, other(side), 'cycleApart', `apart:${other(side)}`, at);
        if (side === 'mentor') await this.suggestions(tx, next, at);
      }
      if (mine === 'continue')
        return { view, notice: `Noted. The new cycle starts when ${otherName} also chooses to continue.` };
      if (mine === 'rematch')
        return {
          view,
          notice:
            side === 'mentee'
              ? 'Noted: fresh suggestions of mentors follow. This pair will not be proposed again.'
              : 'Noted: your place is free for a new mentee. This pair will not be proposed again.',
        };
      return {
        view,
        notice:
          side === 'mentor'
            ? 'Noted: your mentor profile is paused, so nobody new is matched with you. To come back, type "my profile" and choose Resume.'
            : 'Noted: your mentee application is closed for now. To come back, type "apply as mentee" at any time.',
      };
    });
  }

  private async startCycle(tx: TenantTx, previous: Match, at: string): Promise<Match> {
    const programme = await tx.programmes.get(previous.programmeId);
    const profile = await tx.mentorProfiles.get(previous.mentorApplicationId);
    if (!programme || !profile || !(await tx.mentorProfiles.takeSlot(profile.applicationId, profile.capacity)))
      throw new ConflictError(
        'The mentor has no free place for another cycle right now (their places are taken or their profile is paused), so the new cycle could not start. Nothing was changed: ask your coordinators.',
      );
    const match = nextCycle(previous, this.ids.next(), at);
    try {
      await tx.matches.insert(match);
      await tx.matches.hold(match.menteeApplicationId, match.id, at);
    } catch (e) {
      if (e instanceof ConflictError)
        throw new ConflictError(
          'The mentee already has another request or match open, so the new cycle could not start. Nothing was changed.',
        );
      throw e;
    }
    await tx.audit.append({
      tenantId: match.tenantId,
      at,
      actorId: 'system',
      entityType: 'match',
      entityId: match.id,
      action: 'new-cycle',
      toStatus: match.status,
      detail: `cycle ${match.cycle} after ${previous.id}`,
    });
    await scheduleCycleIn(tx, this.ids, match, programme, at);
    for (const side of ['mentee', 'mentor'] as const)
      await this.enqueue(tx, match, side, 'cycleStarted', `started:${side}`, at);
    return match;
  }

  private async takeBreak(tx: TenantTx, match: Match, side: MatchSide, actor: Actor, at: string): Promise<void> {
    if (side === 'mentor') {
      const profile = await tx.mentorProfiles.get(match.mentorApplicationId);
      if (profile && !profile.paused)
        await tx.mentorProfiles.update(
          { ...profile, paused: true, version: profile.version + 1, updatedAt: at },
          profile.version,
        );
      return;
    }
    const application = await applicationOf(tx, match.menteeApplicationId);
    if (application.status !== 'approved') return;
    const closed = transition(application, 'withdraw', {
      seenVersion: application.version,
      actorId: actor.personId,
      actorName: actor.name,
      at,
    });
    if (!(await tx.applications.update(closed, application.version)))
      throw new StaleError('Your application changed a moment ago; try again.');
  }

  private async suggestions(tx: TenantTx, match: Match, at: string): Promise<void> {
    await tx.outbox.enqueue(
      {
        dedupeKey: `match:${match.id}:next:suggestions`,
        conversationKey: conversationKey.personal(match.menteePersonId),
        kind: 'send',
        view: 'mentorSuggestions',
        data: { menteeApplicationId: match.menteeApplicationId },
      },
      this.ids.next(),
      at,
    );
  }

  private async enqueue(
    tx: TenantTx,
    match: Match,
    side: MatchSide,
    view: string,
    key: string,
    at: string,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    // A match card (the notice, a new cycle) is recorded as a copy of the match card, so later changes update it.
    const matchCard = view === 'cycleNotice' || view === 'cycleStarted';
    await tx.outbox.enqueue(
      {
        dedupeKey: `match:${match.id}:${key}`,
        conversationKey: conversationKey.personal(side === 'mentee' ? match.menteePersonId : match.mentorPersonId),
        kind: 'send',
        ...(matchCard
          ? {
              subjectType: side === 'mentee' ? CARD_SUBJECT.matchMentee : CARD_SUBJECT.matchMentor,
              subjectId: match.id,
            }
          : {}),
        view,
        data: { matchId: match.id, viewer: side, ...extra },
      },
      this.ids.next(),
      at,
    );
  }

  private async viewIn(tx: TenantTx, match: Match, side: MatchSide): Promise<NextChoiceView> {
    const otherApp = await applicationOf(tx, side === 'mentee' ? match.mentorApplicationId : match.menteeApplicationId);
    const programme = await tx.programmes.get(match.programmeId);
    const mine = nextOf(match, side);
    return {
      match,
      side,
      otherName: await nameOf(tx, otherApp),
      programmeName: programme?.name ?? 'the programme',
      ...(mine ? { mine } : {}),
      offered: offeredChoices(match),
    };
  }

  private async loadFor(tx: TenantTx, matchId: string, personId: string): Promise<Match> {
    const match = await tx.matches.get(matchId);
    if (!match || (match.menteePersonId !== personId && match.mentorPersonId !== personId))
      throw new NotFoundError('That match does not exist in your organisation.');
    return match;
  }
}

const other = (side: MatchSide): MatchSide => (side === 'mentee' ? 'mentor' : 'mentee');

function sideOf(match: Match, personId: string): MatchSide {
  return match.mentorPersonId === personId ? 'mentor' : 'mentee';
}
