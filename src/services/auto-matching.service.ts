import type { Application } from '../domain/application';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  NothingToDoError,
  StaleError,
} from '../domain/errors';
import { OPEN_MATCH_STATUSES, type Match, type MatchStatus } from '../domain/match';
import {
  closeRun,
  keptPairs,
  publishRun,
  setPairRemoved,
  type MatchingRun,
  type SkippedPair,
} from '../domain/matching-run';
import type { MatchingInput } from '../domain/matching/engine';
import { profileFromApplication } from '../domain/mentor-profile';
import { currentProgramme, type Programme } from '../domain/programme';
import { sessionFor, type VisibleSession } from '../domain/session-log';
import type { Actor } from './actor';
import { matchProfile, mentorProfile, profileOf } from './match-pool';
import type { MatchesService } from './matches.service';
import type { MatchingSolver, SolvedMatching } from './matching-solver';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** A run as a coordinator sees it, with everyone's name (by application id). */
export interface RunView {
  run: MatchingRun;
  programme: Programme;
  names: Record<string, string>;
}

/** The coordinators' view of a programme's matches: counts by status and one page, newest first. */
export interface MatchesOverview {
  programme: Programme;
  counts: Partial<Record<MatchStatus, number>>;
  items: { match: Match; menteeName: string; mentorName: string; sessions: VisibleSession[] }[];
  page: number;
  pageCount: number;
}

/** A pool read for a run and not yet solved; `runId` is the id the run will have. */
export interface PreparedRun {
  runId: string;
  actor: Actor;
  programme: Programme;
  input: MatchingInput;
  mentees: number;
  mentors: number;
  readAt: string;
}

/** Where a run's proposal is shown when ready: the card to update (or, without one, a new message) in a conversation. */
export interface RunTarget {
  conversationKey: string;
  activityId?: string;
}

export const OVERVIEW_PAGE_SIZE = 10;
const UNKNOWN = 'someone who has left the programme';

/**
 * Automatic matching (SPEC §3.2): a coordinator runs the engine over the programme's pool
 * of unmatched approved mentees and mentors with free places, reviews the proposal (removing pairs), and publishes
 * it. Publishing turns each kept pair into a proposed match in one transaction, taking the mentor's place with
 * the same conditional update an accepted request uses, so the two can never overbook a mentor between them.
 */
export class AutoMatchingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly matches: MatchesService,
    private readonly solver: MatchingSolver,
  ) {}

  /** Runs being solved, so the service can wait for them before it stops (and tests before they look). */
  private readonly inFlight = new Set<Promise<void>>();

  /**
   * Reads the pool for a run of the actor's programme, in one short transaction; refuses at once when there is
   * nothing to match. Solving happens after, off the request path ({@link start}).
   */
  async prepare(actor: Actor): Promise<PreparedRun> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programme = await this.coordinated(tx, actor);
      if (!programme.settings.matchingModes.automatic)
        throw new ForbiddenError(`Automatic matching is turned off for ${programme.name}.`);
      const readAt = this.clock.now().toISOString();
      const { input, mentees } = await this.pool(tx, programme, readAt);
      if (input.mentees.length === 0)
        throw new NothingToDoError(
          'There are no approved mentees without a mentor or a pending request, so there is nobody to match.',
        );
      if (input.mentors.length === 0)
        throw new NothingToDoError(
          'No approved mentor has a free place at the moment (full, paused or with requests waiting), so nobody can be matched.',
        );
      return { runId: this.ids.next(), actor, programme, input, mentees, mentors: input.mentors.length, readAt };
    });
  }

  /**
   * Solves the prepared pool in the solver (a worker thread), then stores the proposal as the programme's one
   * draft in a second transaction, and shows it on `target` (the card that said "Matching…") through the
   * outbox. A run whose pool was read after this one's wins: this one is then not stored, and `target` shows
   * the newer proposal. Never throws; {@link settled} waits for every run in progress.
   */
  start(prepared: PreparedRun, target: RunTarget): void {
    const work = this.finish(prepared, target).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Resolves when every run started so far has been stored (or has failed and said so). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async finish(prepared: PreparedRun, target: RunTarget): Promise<void> {
    const { actor, programme, input } = prepared;
    const show = (tx: TenantTx, view: string, data: unknown, at: string) =>
      tx.outbox.enqueue(
        {
          dedupeKey: `matching-run:${prepared.runId}:ready`,
          conversationKey: target.conversationKey,
          kind: target.activityId ? 'update' : 'send',
          ...(target.activityId ? { activityId: target.activityId } : {}),
          view,
          data,
        },
        this.ids.next(),
        at,
      );
    let result: SolvedMatching;
    try {
      result = await this.solver.solve(input);
    } catch (e) {
      const why = e instanceof DomainError ? e.message : 'Something went wrong on our side while matching.';
      await this.store.inTenant(actor.tenantId, async (tx) => {
        const at = this.clock.now().toISOString();
        await tx.audit.append({
          tenantId: actor.tenantId,
          at,
          actorId: actor.personId,
          entityType: 'matching-run',
          entityId: prepared.runId,
          action: 'run-failed',
          detail: String((e as Error)?.message ?? e).slice(0, 300),
        });
        await show(
          tx,
          'notice',
          {
            title: 'Matching could not finish',
            text: `${why} Nothing was proposed; type "run matching" to try again.`,
            tone: 'attention',
          },
          at,
        );
      });
      return;
    }
    await this.store.inTenant(actor.tenantId, async (tx) => {
      const at = this.clock.now().toISOString();
      const drafts = await tx.matchingRuns.drafts(programme.id);
      const newer = drafts.find((d) => d.createdAt > prepared.readAt);
      if (newer) {
        await show(tx, 'matchingProposal', { runId: newer.id }, at);
        return;
      }
      const run: MatchingRun = {
        tenantId: actor.tenantId,
        id: prepared.runId,
        programmeId: programme.id,
        status: 'draft',
        createdBy: actor.personId,
        // When its pool was read: what "newer" means between two runs.
        createdAt: prepared.readAt,
        updatedAt: at,
        version: 1,
        pairs: result.pairs
          .map((p) => ({
            menteeApplicationId: p.menteeId,
            mentorApplicationId: p.mentorId,
            score: p.score,
            reasons: p.reasons,
            removed: false,
          }))
          .sort((a, b) => b.score - a.score || a.menteeApplicationId.localeCompare(b.menteeApplicationId)),
        unmatched: result.unmatched.map((u) => ({ menteeApplicationId: u.menteeId, reason: u.reason })),
        pool: {
          mentees: prepared.mentees,
          mentors: prepared.mentors,
          places: input.mentors.reduce((n, m) => n + m.capacity, 0),
        },
        certified: result.certified,
      };
      for (const old of drafts) {
        const closed = closeRun(old, 'superseded', { seenVersion: old.version, at });
        if (await tx.matchingRuns.update(closed, old.version))
          await this.audit(tx, actor.personId, closed, 'supersede', 'draft', at);
      }
      await tx.matchingRuns.insert(run);
      await this.audit(tx, actor.personId, run, 'run', undefined, at);
      await show(tx, 'matchingProposal', { runId: run.id }, at);
    });
  }

  /** For the deliverer: a run as its programme's coordinators see it, as it is at delivery time. */
  async viewFor(tenantId: string, runId: string): Promise<RunView | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const run = await tx.matchingRuns.get(runId);
      const programme = run && (await tx.programmes.get(run.programmeId));
      return run && programme ? this.viewIn(tx, run, programme) : undefined;
    });
  }

  /** A run, for a coordinator of its programme. */
  async view(actor: Actor, runId: string): Promise<RunView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const { run, programme } = await this.load(tx, actor, runId);
      return this.viewIn(tx, run, programme);
    });
  }

  /**
   * Removes one mentee's pair from the draft, or puts it back. With `bar`, the two are also barred for good: never
   * proposed again, nor offered to each other in mentee's choice (SPEC §3.2).
   */
  async setRemoved(
    actor: Actor,
    ref: { runId: string; version: number; menteeApplicationId: string; removed: boolean; bar?: boolean },
  ): Promise<RunView> {
    const bar = ref.removed && ref.bar === true;
    return this.change(
      actor,
      ref,
      async (tx, run, at) => {
        const next = setPairRemoved(run, ref.menteeApplicationId, ref.removed, { seenVersion: ref.version, at, bar });
        const pair = next.pairs.find((p) => p.menteeApplicationId === ref.menteeApplicationId)!;
        if (bar)
          await tx.barredPairs.bar({
            tenantId: run.tenantId,
            programmeId: run.programmeId,
            menteeApplicationId: pair.menteeApplicationId,
            mentorApplicationId: pair.mentorApplicationId,
            barredBy: actor.personId,
            barredAt: at,
          });
        return next;
      },
      bar ? 'remove-and-bar' : ref.removed ? 'remove' : 'restore',
    );
  }

  /** Discards the draft. */
  async discard(actor: Actor, ref: { runId: string; version: number }): Promise<RunView> {
    return this.change(
      actor,
      ref,
      async (_tx, run, at) => closeRun(run, 'discarded', { seenVersion: ref.version, at }),
      'discard',
    );
  }

  /**
   * Publishes the kept pairs: each becomes a proposed match (both people get a card to accept or decline) holding
   * one of the mentor's places. A pair that stopped being possible since the run (a mentee who requested a mentor
   * meanwhile, a mentor who filled up, paused or was withdrawn) is skipped and reported, never forced.
   */
  async publish(actor: Actor, ref: { runId: string; version: number }): Promise<RunView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const { run, programme } = await this.load(tx, actor, ref.runId);
      const at = this.clock.now().toISOString();
      const published = publishRun(run, { seenVersion: ref.version, at, by: actor.personId });
      // The status change is written first: of two racing publishes, the second stops here having changed nothing.
      if (!(await tx.matchingRuns.update(published, run.version)))
        throw new StaleError('This proposal changed a moment ago; here is the current version.');
      const apps = new Map((await tx.applications.listForProgramme(programme.id)).map((a) => [a.id, a]));
      const existing = [...(await tx.matches.listForProgramme(programme.id))];
      const barred = await tx.barredPairs.listForProgramme(programme.id);
      const skipped: SkippedPair[] = [];
      let count = 0;
      for (const pair of keptPairs(run)) {
        const mentee = apps.get(pair.menteeApplicationId);
        const mentor = apps.get(pair.mentorApplicationId);
        const isBarred = barred.some(
          (b) =>
            b.menteeApplicationId === pair.menteeApplicationId && b.mentorApplicationId === pair.mentorApplicationId,
        );
        const reason = isBarred
          ? 'a coordinator has barred this pair'
          : await this.whyNot(tx, mentee, mentor, existing, at);
        if (reason) {
          skipped.push({
            menteeApplicationId: pair.menteeApplicationId,
            mentorApplicationId: pair.mentorApplicationId,
            reason,
          });
          continue;
        }
        const draft = {
          tenantId: actor.tenantId,
          id: this.ids.next(),
          programmeId: programme.id,
          menteeApplicationId: mentee!.id,
          mentorApplicationId: mentor!.id,
          menteePersonId: mentee!.personId,
          mentorPersonId: mentor!.personId,
          status: 'proposed' as const,
          origin: 'automatic' as const,
          runId: run.id,
          score: pair.score,
          reasons: pair.reasons,
        };
        try {
          existing.push(await this.matches.open(tx, programme, draft, actor.personId, at));
        } catch (e) {
          if (e instanceof ConflictError)
            throw new ConflictError(
              'Someone made a request while this proposal was being published, so nothing was published. Publish again.',
            );
          throw e;
        }
        count++;
      }
      const final: MatchingRun = { ...published, outcome: { published: count, skipped } };
      await tx.matchingRuns.update(final, published.version);
      await this.audit(
        tx,
        actor.personId,
        final,
        'publish',
        'draft',
        at,
        `${count} published, ${skipped.length} skipped`,
      );
      return this.viewIn(tx, final, programme);
    });
  }

  /** The coordinators' overview of the programme's matches, with private decline reasons (SPEC §8). */
  async overview(actor: Actor, page = 1): Promise<MatchesOverview> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programme = await this.coordinated(tx, actor);
      const all = (await tx.matches.listForProgramme(programme.id)).reverse();
      const counts: MatchesOverview['counts'] = {};
      for (const m of all) counts[m.status] = (counts[m.status] ?? 0) + 1;
      const pageCount = Math.max(1, Math.ceil(all.length / OVERVIEW_PAGE_SIZE));
      const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
      const names = await this.names(tx, programme.id);
      // Coordinators see that sessions happened, when, how long and on what: the facts, never notes or action points.
      const facts = await tx.sessionLogs.factsForProgramme(programme.id);
      const items = all.slice((current - 1) * OVERVIEW_PAGE_SIZE, current * OVERVIEW_PAGE_SIZE).map((match) => ({
        match,
        menteeName: names[match.menteeApplicationId] ?? UNKNOWN,
        mentorName: names[match.mentorApplicationId] ?? UNKNOWN,
        sessions: facts.filter((f) => f.matchId === match.id).map((f) => sessionFor(f, 'coordinator')),
      }));
      return { programme, counts, items, page: current, pageCount };
    });
  }

  /** Why a kept pair cannot become a match now, or undefined when it can (its mentor's place is then taken). */
  private async whyNot(
    tx: TenantTx,
    mentee: Application | undefined,
    mentor: Application | undefined,
    existing: Match[],
    at: string,
  ): Promise<string | undefined> {
    if (!mentee || mentee.status !== 'approved') return 'the mentee’s application is no longer approved';
    if (!mentor || mentor.status !== 'approved') return 'the mentor’s application is no longer approved';
    if (existing.some((m) => m.menteeApplicationId === mentee.id && OPEN_MATCH_STATUSES.includes(m.status)))
      return 'the mentee has since requested a mentor or been matched';
    if (existing.some((m) => m.menteeApplicationId === mentee.id && m.mentorApplicationId === mentor.id))
      return 'this pair already had a request or match';
    const profile = await profileOf(tx, mentor, at);
    if (profile.paused) return 'the mentor has paused their profile';
    if (!(await tx.mentorProfiles.takeSlot(mentor.id, profile.capacity)))
      return 'the mentor has no free place any more';
    return undefined;
  }

  /**
   * The engine's input: approved mentees with no open request or match; approved, unpaused mentors with their
   * free places (capacity less places in use less requests waiting for their answer); every pair that already has
   * a match of any status, or that a coordinator barred, excluded (SPEC §3.2).
   */
  private async pool(
    tx: TenantTx,
    programme: Programme,
    at: string,
  ): Promise<{ input: MatchingInput; mentees: number }> {
    const apps = await tx.applications.listForProgramme(programme.id);
    const all = await tx.matches.listForProgramme(programme.id);
    const busy = new Set(all.filter((m) => OPEN_MATCH_STATUSES.includes(m.status)).map((m) => m.menteeApplicationId));
    const waiting = new Map<string, number>();
    for (const m of all)
      if (m.status === 'requested') waiting.set(m.mentorApplicationId, (waiting.get(m.mentorApplicationId) ?? 0) + 1);
    const profiles = new Map((await tx.mentorProfiles.listForProgramme(programme.id)).map((p) => [p.applicationId, p]));
    const mentees = apps.filter((a) => a.role === 'mentee' && a.status === 'approved' && !busy.has(a.id));
    const mentors = apps.flatMap((a) => {
      if (a.role !== 'mentor' || a.status !== 'approved') return [];
      const profile = profiles.get(a.id) ?? profileFromApplication(a, at);
      const free = profile.capacity - profile.inUse - (waiting.get(a.id) ?? 0);
      return profile.paused || free <= 0 ? [] : [mentorProfile(a, profile, free)];
    });
    // Excluded pairs go to the engine by position in its lists, which it reads far faster than ids.
    const menteeAt = new Map(mentees.map((m, i) => [m.id, i]));
    const mentorAt = new Map(mentors.map((m, j) => [m.id, j]));
    const barred = [...all, ...(await tx.barredPairs.listForProgramme(programme.id))].filter(
      (m) => menteeAt.has(m.menteeApplicationId) && mentorAt.has(m.mentorApplicationId),
    );
    const excluded = {
      mentees: Int32Array.from(barred, (m) => menteeAt.get(m.menteeApplicationId)!),
      mentors: Int32Array.from(barred, (m) => mentorAt.get(m.mentorApplicationId)!),
    };
    const input = {
      mentees: mentees.map(matchProfile),
      mentors,
      excluded,
      weights: programme.settings.scoreWeights,
      minScore: programme.settings.minimumMatchScore,
    };
    return { input, mentees: mentees.length };
  }

  private async change(
    actor: Actor,
    ref: { runId: string },
    apply: (tx: TenantTx, run: MatchingRun, at: string) => Promise<MatchingRun>,
    action: string,
  ): Promise<RunView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const { run, programme } = await this.load(tx, actor, ref.runId);
      const at = this.clock.now().toISOString();
      const next = await apply(tx, run, at);
      if (!(await tx.matchingRuns.update(next, run.version)))
        throw new StaleError('This proposal changed a moment ago; here is the current version.');
      await this.audit(tx, actor.personId, next, action, run.status, at);
      return this.viewIn(tx, next, programme);
    });
  }

  /** The programme the actor coordinates (the current one), or a clear refusal. */
  private async coordinated(tx: TenantTx, actor: Actor): Promise<Programme> {
    const programme = currentProgramme(await tx.programmes.list());
    if (!programme || !(await tx.coordinators.isCoordinator(programme.id, actor.personId))) {
      throw new ForbiddenError('Only the programme’s coordinators can run automatic matching and see all matches.');
    }
    return programme;
  }

  /** A run that exists in this tenant and whose programme the actor coordinates; to anyone else it does not exist. */
  private async load(tx: TenantTx, actor: Actor, runId: string): Promise<{ run: MatchingRun; programme: Programme }> {
    const run = await tx.matchingRuns.get(runId);
    const programme = run && (await tx.programmes.get(run.programmeId));
    if (!run || !programme) throw new NotFoundError('That matching proposal does not exist in your organisation.');
    if (!(await tx.coordinators.isCoordinator(programme.id, actor.personId)))
      throw new ForbiddenError('Only the programme’s coordinators can review automatic matching.');
    return { run, programme };
  }

  private async viewIn(tx: TenantTx, run: MatchingRun, programme: Programme): Promise<RunView> {
    return { run, programme, names: await this.names(tx, programme.id) };
  }

  /**
   * Everyone's display name in the programme, by application id, in two queries whatever the pool's size (a
   * proposal card names hundreds of people; one lookup each would cost hundreds of round trips on Azure SQL).
   */
  private async names(tx: TenantTx, programmeId: string): Promise<Record<string, string>> {
    const people = new Map((await tx.people.list()).map((p) => [p.id, p.name]));
    const names: Record<string, string> = {};
    for (const a of await tx.applications.listForProgramme(programmeId))
      names[a.id] = people.get(a.personId) ?? a.form.name;
    return names;
  }

  private async audit(
    tx: TenantTx,
    actorId: string,
    run: MatchingRun,
    action: string,
    from: string | undefined,
    at: string,
    detail?: string,
  ): Promise<void> {
    await tx.audit.append({
      tenantId: run.tenantId,
      at,
      actorId,
      entityType: 'matching-run',
      entityId: run.id,
      action,
      fromStatus: from,
      toStatus: run.status,
      detail: detail ?? `v${run.version}`,
    });
  }
}
