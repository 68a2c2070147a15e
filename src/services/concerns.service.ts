import { createHash } from 'node:crypto';
import {
  DEFAULT_SIGNPOSTS,
  transitionConcern,
  validateConcern,
  validateSignposts,
  type Concern,
  type ConcernAction,
  type Signpost,
} from '../domain/concern';
import { ConflictError, ForbiddenError, NotFoundError, StaleError, ValidationError } from '../domain/errors';
import type { Match } from '../domain/match';
import type { Programme } from '../domain/programme';
import { conversationKey, type Actor } from './actor';
import { queueCopyUpdates, type ClickedCard } from './card-copies';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** Card copies of a concern, per audience: the coordinators' urgent cards and the raiser's own card. */
export const CONCERN_SUBJECT = { coordinators: 'concern:coordinators', raiser: 'concern:raiser' } as const;

/** A match the person may raise a concern about, named by the other person. */
export interface ConcernMatchChoice {
  matchId: string;
  otherName: string;
  /** The raiser's side of it. */
  side: 'mentee' | 'mentor';
}

/** What the form needs: the programme it goes to, the person's matches, and where else to turn. */
export interface ConcernForm {
  programme: Programme;
  matches: ConcernMatchChoice[];
  /** Preselected when the form was opened from a match card. */
  matchId?: string;
  signposts: readonly Signpost[];
}

/** A concern as its raiser or a coordinator sees it (the raiser never sees the coordinators' note). */
export interface ConcernView {
  concern: Concern;
  programme: Programme;
  viewer: 'raiser' | 'coordinator';
  raiserName: string;
  /** For coordinators: the raiser's side in the match it is about. */
  raiserSide?: 'mentee' | 'mentor';
  /** The other person of the match it is about, and (for coordinators) the pair as a sentence. */
  match?: { menteeName: string; mentorName: string };
  acknowledgedByName?: string;
  closedByName?: string;
  signposts: readonly Signpost[];
  /** False when no coordinator could be reached in Teams when it was raised (the raiser is told plainly). */
  delivered: boolean;
  /** True when the same form was sent again (a double click): nothing new was raised. */
  alreadySent?: boolean;
}

/**
 * Concerns (SPEC §3.6): a participant raises one, privately; the programme's coordinators get an urgent card
 * at once (through the outbox, written with the concern, so a restart loses nothing) and acknowledge and close
 * it; the raiser is told when it is acknowledged. The other person of the match is never told. Audited.
 */
export class ConcernsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** The form for the actor, optionally about one of their matches. */
  async form(actor: Actor, matchId?: string): Promise<ConcernForm> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const matches = await tx.matches.listForPerson(actor.personId);
      if (matchId && !matches.some((m) => m.id === matchId))
        throw new NotFoundError('That match does not exist in your organisation.');
      const programme = await this.programmeFor(tx, actor, matchId ? matches.find((m) => m.id === matchId) : undefined);
      const choices: ConcernMatchChoice[] = [];
      for (const m of matches.filter((x) => x.programmeId === programme.id)) {
        const side = m.menteePersonId === actor.personId ? 'mentee' : 'mentor';
        choices.push({
          matchId: m.id,
          side,
          otherName: await this.nameOf(tx, side === 'mentee' ? m.mentorPersonId : m.menteePersonId),
        });
      }
      return { programme, matches: choices, matchId, signposts: await this.signposts(tx) };
    });
  }

  /** Records the concern and sends it to the coordinators; returns the raiser's view. */
  async raise(
    actor: Actor,
    input: { formId: string; matchId?: string; category: unknown; text: unknown; mayContact: unknown },
    clicked?: ClickedCard,
  ): Promise<ConcernView> {
    const fields = validateConcern(input);
    return this.store.inTenant(actor.tenantId, async (tx) => {
      let match: Match | undefined;
      if (input.matchId) {
        match = await tx.matches.get(input.matchId);
        // Another person's match, or another tenant's id, looks exactly like one that does not exist.
        if (!match || (match.menteePersonId !== actor.personId && match.mentorPersonId !== actor.personId)) {
          throw new NotFoundError('That match does not exist in your organisation, so nothing was sent.');
        }
      }
      const programme = await this.programmeFor(tx, actor, match);
      // One form raises one concern: a double click, or the client retrying, finds the first one. The form's own
      // id (given when it was shown) and the raiser make the key, so nobody else's form can collide with it.
      const id = `c-${createHash('sha256').update(`${actor.personId}\n${input.formId}`).digest('hex').slice(0, 40)}`;
      const existing = await tx.concerns.get(id);
      if (existing) return { ...(await this.viewIn(tx, existing, 'raiser', true)), alreadySent: true };
      const at = this.clock.now().toISOString();
      const concern: Concern = {
        tenantId: actor.tenantId,
        id,
        programmeId: programme.id,
        raisedBy: actor.personId,
        ...(match ? { matchId: match.id } : {}),
        ...fields,
        status: 'open',
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      try {
        await tx.concerns.insert(concern);
      } catch (e) {
        // The same form sent twice at once: the first insert won; this one changes nothing.
        if (!(e instanceof ConflictError)) throw e;
        const first = await tx.concerns.get(id);
        if (first) return { ...(await this.viewIn(tx, first, 'raiser', true)), alreadySent: true };
        throw e;
      }
      await this.audit(tx, actor.personId, concern, 'raise', undefined, at);
      const targets = await this.coordinatorTargets(
        tx,
        programme,
        match ? otherParty(match, actor.personId) : undefined,
      );
      for (const target of targets.all) {
        await tx.outbox.enqueue(
          {
            dedupeKey: `concern:${concern.id}:raised:${target}`,
            conversationKey: target,
            kind: 'send',
            subjectType: CONCERN_SUBJECT.coordinators,
            subjectId: concern.id,
            view: 'concernForCoordinators',
            data: { concernId: concern.id },
          },
          this.ids.next(),
          at,
        );
      }
      // The raiser's own card is kept up to date only where nobody else can see it.
      if (clicked?.activityId && clicked.conversationKey === conversationKey.personal(actor.personId)) {
        await tx.cards.add({
          tenantId: concern.tenantId,
          subjectType: CONCERN_SUBJECT.raiser,
          subjectId: concern.id,
          conversationKey: clicked.conversationKey,
          activityId: clicked.activityId,
          createdAt: at,
        });
      }
      return this.viewIn(tx, concern, 'raiser', targets.reachable);
    });
  }

  /** A coordinator acknowledges or closes the concern as their card showed it. */
  async act(
    actor: Actor,
    action: ConcernAction,
    ref: { concernId: string; version: number; note?: string },
    clicked?: ClickedCard,
  ): Promise<ConcernView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await this.loadForCoordinator(tx, actor, ref.concernId);
      const next = transitionConcern(current, action, {
        personId: actor.personId,
        seenVersion: ref.version,
        at: this.clock.now().toISOString(),
        note: ref.note,
      });
      if (!(await tx.concerns.update(next, current.version)))
        throw new StaleError('Another coordinator acted on this concern a moment ago; here it is as it is now.');
      await this.audit(tx, actor.personId, next, action, current.status, next.updatedAt);
      await this.refreshCopies(tx, next, clicked);
      await tx.outbox.enqueue(
        {
          dedupeKey: `concern:${next.id}:v${next.version}:raiser`,
          conversationKey: conversationKey.personal(next.raisedBy),
          kind: 'send',
          view: 'concernForRaiser',
          data: { concernId: next.id },
        },
        this.ids.next(),
        next.updatedAt,
      );
      return this.viewIn(tx, next, 'coordinator', true);
    });
  }

  /** The concern for the actor: its raiser or a coordinator of its programme, nobody else. */
  async view(actor: Actor, concernId: string): Promise<ConcernView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const concern = await tx.concerns.get(concernId);
      if (!concern) throw new NotFoundError('That concern does not exist in your organisation.');
      if (concern.raisedBy === actor.personId) return this.viewIn(tx, concern, 'raiser', true);
      await this.loadForCoordinator(tx, actor, concernId);
      return this.viewIn(tx, concern, 'coordinator', true);
    });
  }

  /** For the deliverer: the view an outbox message renders, as it is at delivery time. */
  async viewFor(
    tenantId: string,
    concernId: string,
    viewer: 'raiser' | 'coordinator',
  ): Promise<ConcernView | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const concern = await tx.concerns.get(concernId);
      return concern ? this.viewIn(tx, concern, viewer, true) : undefined;
    });
  }

  /**
   * A concern the actor may handle as a coordinator. To anyone else, and to a coordinator who is the other
   * person of the match it is about, it does not exist (its raiser is told they cannot act on it).
   */
  private async loadForCoordinator(tx: TenantTx, actor: Actor, concernId: string): Promise<Concern> {
    const concern = await tx.concerns.get(concernId);
    const missing = new NotFoundError('That concern does not exist in your organisation.');
    if (!concern) throw missing;
    if (concern.raisedBy === actor.personId)
      throw new ForbiddenError('Only the programme\u2019s coordinators can act on a concern; nothing was changed.');
    if (!(await tx.coordinators.isCoordinator(concern.programmeId, actor.personId))) throw missing;
    const match = concern.matchId ? await tx.matches.get(concern.matchId) : undefined;
    if (match && otherParty(match, concern.raisedBy) === actor.personId) throw missing;
    return concern;
  }

  /** The programme of the match, or of the person's most recent application. */
  private async programmeFor(tx: TenantTx, actor: Actor, match: Match | undefined): Promise<Programme> {
    const programmeId = match?.programmeId ?? (await tx.applications.listForPerson(actor.personId)).at(-1)?.programmeId;
    const programme = programmeId ? await tx.programmes.get(programmeId) : undefined;
    if (!programme) {
      const where = (await this.signposts(tx))
        .map((p) => `${p.name} (${p.purpose.toLowerCase()}): ${p.contact}.`)
        .join(' ');
      throw new ValidationError(
        `You are not taking part in a mentoring programme here yet, so there are no coordinators to send a concern to. If you are worried about someone, please turn to one of these today. ${where}`,
      );
    }
    return programme;
  }

  /**
   * Where the coordinators' cards go, and whether any of them can be reached in Teams now: the coordinators'
   * channel, or each coordinator's personal chat. Never to the person the concern may be about: when they are
   * a coordinator themselves, the card goes to the other coordinators' personal chats only (not to a channel
   * they are in).
   */
  private async coordinatorTargets(
    tx: TenantTx,
    programme: Programme,
    about: string | undefined,
  ): Promise<{ all: string[]; reachable: boolean }> {
    const coordinators = (await tx.coordinators.list(programme.id)).map((c) => c.personId);
    const aboutACoordinator = about !== undefined && coordinators.includes(about);
    const all =
      programme.coordinatorChannelKey && !aboutACoordinator
        ? [programme.coordinatorChannelKey]
        : coordinators.filter((id) => id !== about).map((id) => conversationKey.personal(id));
    let reachable = false;
    for (const key of all) if ((await tx.conversations.get(key)) !== undefined) reachable = true;
    return { all, reachable };
  }

  private async refreshCopies(tx: TenantTx, concern: Concern, clicked: ClickedCard | undefined): Promise<void> {
    await queueCopyUpdates(tx, this.ids, {
      views: [
        [CONCERN_SUBJECT.coordinators, 'concernForCoordinators'],
        [CONCERN_SUBJECT.raiser, 'concernForRaiser'],
      ],
      subjectId: concern.id,
      key: `concern:${concern.id}:v${concern.version}`,
      data: { concernId: concern.id },
      clicked,
      at: concern.updatedAt,
    });
  }

  private async viewIn(
    tx: TenantTx,
    concern: Concern,
    viewer: ConcernView['viewer'],
    delivered: boolean,
  ): Promise<ConcernView> {
    const programme = (await tx.programmes.get(concern.programmeId))!;
    const match = concern.matchId ? await tx.matches.get(concern.matchId) : undefined;
    return {
      concern: viewer === 'raiser' ? { ...concern, closeNote: undefined } : concern,
      programme,
      viewer,
      raiserName: await this.nameOf(tx, concern.raisedBy),
      raiserSide: match ? (match.menteePersonId === concern.raisedBy ? 'mentee' : 'mentor') : undefined,
      match: match
        ? {
            menteeName: await this.nameOf(tx, match.menteePersonId),
            mentorName: await this.nameOf(tx, match.mentorPersonId),
          }
        : undefined,
      acknowledgedByName: concern.acknowledgedBy ? await this.nameOf(tx, concern.acknowledgedBy) : undefined,
      closedByName: concern.closedBy ? await this.nameOf(tx, concern.closedBy) : undefined,
      signposts: await this.signposts(tx),
      delivered,
    };
  }

  /**
   * The tenant's places to turn, for its coordinators to change; `version` 0 while the defaults stand. Any
   * coordinator of a programme in the tenant may change them (they are shown with every concern there).
   */
  async signposting(actor: Actor): Promise<{ entries: readonly Signpost[]; version: number }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      await this.requireAnyCoordinator(tx, actor);
      const saved = await tx.signposting.get();
      return saved ?? { entries: DEFAULT_SIGNPOSTS, version: 0 };
    });
  }

  /** Replaces the list as the coordinator's form showed it (`version`); a list changed since is not overwritten. */
  async saveSignposting(
    actor: Actor,
    input: { rows: { name?: unknown; purpose?: unknown; contact?: unknown }[]; version: number },
  ): Promise<{ entries: readonly Signpost[]; version: number }> {
    const entries = validateSignposts(input.rows);
    return this.store.inTenant(actor.tenantId, async (tx) => {
      await this.requireAnyCoordinator(tx, actor);
      const at = this.clock.now().toISOString();
      if (!(await tx.signposting.save(entries, input.version === 0 ? undefined : input.version, actor.personId, at))) {
        throw new StaleError('Another coordinator changed the list a moment ago; here it is as it is now.');
      }
      await tx.audit.append({
        tenantId: actor.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'tenant',
        entityId: actor.tenantId,
        action: 'signposting',
        detail: `${entries.length} places`,
      });
      return { entries, version: input.version + 1 };
    });
  }

  private async requireAnyCoordinator(tx: TenantTx, actor: Actor): Promise<void> {
    for (const p of await tx.programmes.list()) if (await tx.coordinators.isCoordinator(p.id, actor.personId)) return;
    throw new ForbiddenError('Only programme coordinators can change where people are pointed for help.');
  }

  private async signposts(tx: TenantTx): Promise<readonly Signpost[]> {
    return (await tx.signposting.get())?.entries ?? DEFAULT_SIGNPOSTS;
  }

  private async nameOf(tx: TenantTx, personId: string): Promise<string> {
    return (await tx.people.get(personId))?.name ?? 'a participant';
  }

  private async audit(
    tx: TenantTx,
    actorId: string,
    c: Concern,
    action: string,
    from: string | undefined,
    at: string,
  ): Promise<void> {
    // Never the text or the note: the audit says who did what, when.
    await tx.audit.append({
      tenantId: c.tenantId,
      at,
      actorId,
      entityType: 'concern',
      entityId: c.id,
      action,
      fromStatus: from,
      toStatus: c.status,
      detail: c.category,
    });
  }
}

/** The other person of a match, seen from `personId` (the raiser). */
function otherParty(match: Match, personId: string): string {
  return match.menteePersonId === personId ? match.mentorPersonId : match.menteePersonId;
}
