import { heldApplication, ROLES, type Role } from '../domain/application';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { DEFAULT_SETTINGS, type BankHolidayNation, type Person, type Programme } from '../domain/programme';
import type { Actor } from './actor';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** What a person needs to know about the programmes of their tenant to decide what to show them. */
export interface ProgrammeOverview {
  programmes: Programme[];
  /** Programme ids the actor coordinates. */
  coordinating: string[];
  /** True when no programme in the tenant has a coordinator yet: the first person to set one up becomes it. */
  needsSetup: boolean;
}

/** A message the app could not deliver, as a coordinator is shown it (no card content). */
export interface UndeliveredMessage {
  /** The person's name, or undefined for a channel or group chat. */
  recipientName?: string;
  conversationKey: string;
  /** The outbox view: what kind of message it was. */
  view: string;
  reason: string;
  createdAt: string;
}

/** How far back the coordinators' list of undelivered messages reaches, and how long it may be. */
const UNDELIVERED_DAYS = 30;
const UNDELIVERED_MAX = 50;

const NATIONS: readonly BankHolidayNation[] = ['england-and-wales', 'scotland', 'northern-ireland'];
const LIMITS = { name: 120, site: 100, sites: 50 };
/** A programme always keeps at least this many coordinators, or nobody could decide its applications or add another. */
const MIN_COORDINATORS = 1;

/** Setting up programmes and their coordinators (SPEC §2, §7). */
export class ProgrammesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * Messages of the last 30 days that Teams never took (for example: the person has not installed the app, or
   * blocked it), so a coordinator can reach those people another way. Coordinators only.
   */
  async undelivered(actor: Actor): Promise<UndeliveredMessage[]> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      if ((await this.overviewIn(tx, actor)).coordinating.length === 0)
        throw new ForbiddenError('Only programme coordinators can see which messages could not be delivered.');
      const since = new Date(this.clock.now().getTime() - UNDELIVERED_DAYS * 86_400_000).toISOString();
      const out: UndeliveredMessage[] = [];
      for (const m of await tx.outbox.undelivered(since, UNDELIVERED_MAX)) {
        const personId = m.conversationKey.startsWith('user:') ? m.conversationKey.slice('user:'.length) : undefined;
        const person = personId ? await tx.people.get(personId) : undefined;
        out.push({
          recipientName: person?.name,
          conversationKey: m.conversationKey,
          view: m.view,
          reason: m.lastError ?? 'unknown',
          createdAt: m.createdAt,
        });
      }
      return out;
    });
  }

  async overview(actor: Actor): Promise<ProgrammeOverview> {
    return this.store.inTenant(actor.tenantId, (tx) => this.overviewIn(tx, actor));
  }

  /**
   * Creates a programme. Allowed to anyone while the tenant has no coordinator at all (that person becomes
   * the first coordinator, SPEC §2 setup), and afterwards only to existing coordinators.
   */
  async create(
    actor: Actor,
    input: { name: string; organisation?: string; nation: string; sites: string },
  ): Promise<Programme> {
    const name = input.name.trim();
    const organisationName = (input.organisation ?? '').trim().replace(/\s+/g, ' ');
    const details: Record<string, string> = {};
    if (organisationName.length > LIMITS.name)
      details.organisation = `Keep the organisation's name under ${LIMITS.name} characters.`;
    if (!name) details.programmeName = 'Give the programme a name.';
    else if (name.length > LIMITS.name) details.programmeName = `Keep the name under ${LIMITS.name} characters.`;
    if (!NATIONS.includes(input.nation as BankHolidayNation))
      details.nation = 'Choose the nation whose bank holidays apply.';
    const sites = [
      ...new Set(
        input.sites
          .split(/\r?\n|,/)
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    if (sites.some((s) => s.length > LIMITS.site))
      details.sites = `Each site name must be under ${LIMITS.site} characters.`;
    if (sites.length > LIMITS.sites) details.sites = `List at most ${LIMITS.sites} sites.`;
    if (Object.keys(details).length) throw new ValidationError('Please correct the highlighted fields.', details);

    return this.store.inTenant(actor.tenantId, async (tx) => {
      const overview = await this.overviewIn(tx, actor);
      if (!overview.needsSetup && overview.coordinating.length === 0) {
        throw new ForbiddenError('Only a coordinator can set up another programme. Ask one of your coordinators.');
      }
      if (overview.programmes.some((p) => p.name.toLowerCase() === name.toLowerCase())) {
        throw new ConflictError(`There is already a programme called "${name}".`);
      }
      const at = this.clock.now().toISOString();
      const programme: Programme = {
        tenantId: actor.tenantId,
        id: this.ids.next(),
        name,
        settings: {
          ...DEFAULT_SETTINGS,
          bankHolidayNation: input.nation as BankHolidayNation,
          sites,
          organisationName,
        },
        createdAt: at,
      };
      await tx.programmes.insert(programme);
      await tx.coordinators.insert({
        tenantId: actor.tenantId,
        programmeId: programme.id,
        personId: actor.personId,
        addedBy: actor.personId,
        addedAt: at,
      });
      await tx.audit.append({
        tenantId: actor.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'programme',
        entityId: programme.id,
        action: 'create',
        toStatus: 'active',
        detail: name,
      });
      await tx.audit.append({
        tenantId: actor.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'coordinator',
        entityId: `${programme.id}:${actor.personId}`,
        action: 'add',
      });
      return programme;
    });
  }

  /** The programme's coordinators and the people who could be added (everyone the app has met in the tenant). */
  async coordinators(
    actor: Actor,
    programmeId: string,
  ): Promise<{ programme: Programme; coordinators: Person[]; candidates: Person[]; canRemove: boolean }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programme = await this.requireCoordinator(tx, actor, programmeId);
      const ids = new Set((await tx.coordinators.list(programmeId)).map((c) => c.personId));
      const people = await tx.people.list();
      return {
        programme,
        coordinators: people.filter((p) => ids.has(p.id)),
        candidates: people.filter((p) => !ids.has(p.id)),
        canRemove: ids.size > MIN_COORDINATORS,
      };
    });
  }

  /**
   * Whether this person may set up a programme, checked before the form is shown so nobody fills it in only to
   * be refused: anyone while the tenant has no coordinator, afterwards only existing coordinators.
   */
  async setupCheck(actor: Actor): Promise<{ allowed: true } | { allowed: false; reason: string }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const overview = await this.overviewIn(tx, actor);
      if (overview.needsSetup || overview.coordinating.length > 0) return { allowed: true };
      const names = overview.programmes.map((p) => p.name);
      return {
        allowed: false,
        reason: `Your organisation already runs ${names.length === 1 ? names[0] : 'a mentoring programme'} in the app, and only its coordinators can set up another programme. If you should be a coordinator, ask one of them to add you (they type "coordinators").`,
      };
    });
  }

  /**
   * A coordinator adds another person (already known to the app in this tenant) as coordinator. `participantRoles`
   * lists the roles the person has applied for in this programme, which the coordinator should know: a coordinator
   * sees every application and match, though never decides their own.
   */
  async addCoordinator(
    actor: Actor,
    programmeId: string,
    personId: string,
  ): Promise<{ programme: Programme; person: Person; participantRoles: Role[] }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programme = await this.requireCoordinator(tx, actor, programmeId);
      const person = await tx.people.get(personId);
      if (!person)
        throw new NotFoundError(
          'That person is not known to the app in your organisation. They need to open the app in Teams once first.',
        );
      if (await tx.coordinators.isCoordinator(programmeId, personId))
        throw new ConflictError(`${person.name} is already a coordinator of ${programme.name}.`);
      const applications = await tx.applications.listForPerson(personId);
      const at = this.clock.now().toISOString();
      await tx.coordinators.insert({
        tenantId: actor.tenantId,
        programmeId,
        personId,
        addedBy: actor.personId,
        addedAt: at,
      });
      await tx.audit.append({
        tenantId: actor.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'coordinator',
        entityId: `${programmeId}:${personId}`,
        action: 'add',
      });
      await tx.outbox.enqueue(
        {
          dedupeKey: `coordinator:${programmeId}:${personId}:added`,
          conversationKey: `user:${personId}`,
          kind: 'send',
          view: 'notice',
          data: {
            title: 'You are now a coordinator',
            text: `${actor.name} added you as a coordinator of ${programme.name}. New applications will reach you here; type "pending" for those already waiting for a decision, or "help" for everything coordinators can do.`,
            tone: 'good',
          },
        },
        this.ids.next(),
        at,
      );
      const participantRoles = ROLES.filter((role) => heldApplication(applications, programmeId, role));
      return { programme, person, participantRoles };
    });
  }

  /**
   * A coordinator removes a coordinator (themselves included) from a programme. A programme always keeps at least
   * one coordinator, or nobody could decide its applications or add another. Audited; the person is told.
   */
  async removeCoordinator(
    actor: Actor,
    programmeId: string,
    personId: string,
  ): Promise<{ programme: Programme; person: Person }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programme = await this.requireCoordinator(tx, actor, programmeId);
      const person = await tx.people.get(personId);
      const current = await tx.coordinators.list(programmeId);
      if (!person || !current.some((c) => c.personId === personId)) {
        throw new ConflictError(
          `${person?.name ?? 'That person'} is not a coordinator of ${programme.name} (any more).`,
        );
      }
      if (current.length <= MIN_COORDINATORS) {
        throw new ForbiddenError(
          `${person.name} is the only coordinator of ${programme.name}, and a programme needs at least one. Add another coordinator first.`,
        );
      }
      await tx.coordinators.remove(programmeId, personId);
      // Checked again after the delete, inside the transaction: two coordinators removing each other at once
      // must not leave the programme with none.
      if ((await tx.coordinators.list(programmeId)).length < MIN_COORDINATORS)
        throw new ConflictError(`${programme.name} would be left without a coordinator, so nobody was removed.`);
      const at = this.clock.now().toISOString();
      await tx.audit.append({
        tenantId: actor.tenantId,
        at,
        actorId: actor.personId,
        entityType: 'coordinator',
        entityId: `${programmeId}:${personId}`,
        action: 'remove',
      });
      if (personId !== actor.personId) {
        await tx.outbox.enqueue(
          {
            dedupeKey: `coordinator:${programmeId}:${personId}:removed:${at}`,
            conversationKey: `user:${personId}`,
            kind: 'send',
            view: 'notice',
            data: {
              title: 'You are no longer a coordinator',
              text: `${actor.name} removed you as a coordinator of ${programme.name}. Application cards will no longer reach you.`,
              tone: 'default',
            },
          },
          this.ids.next(),
          at,
        );
      }
      return { programme, person };
    });
  }

  /** Sends this programme's coordinator cards to a team channel instead of personal chats. */
  async useChannel(actor: Actor, programmeId: string, channelKey: string): Promise<Programme> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programme = await this.requireCoordinator(tx, actor, programmeId);
      const updated = { ...programme, coordinatorChannelKey: channelKey };
      await tx.programmes.update(updated);
      await tx.audit.append({
        tenantId: actor.tenantId,
        at: this.clock.now().toISOString(),
        actorId: actor.personId,
        entityType: 'programme',
        entityId: programmeId,
        action: 'set-coordinator-channel',
      });
      return updated;
    });
  }

  /**
   * Local demo (SPEC §5): one tenant, one programme, and the given person as its coordinator. Idempotent, so
   * it runs on every local start.
   */
  async seedDemo(tenantId: string, coordinator: { personId: string; name: string }): Promise<Programme> {
    return this.store.inTenant(tenantId, async (tx) => {
      const existing = (await tx.programmes.list())[0];
      if (existing) return existing;
      const at = this.clock.now().toISOString();
      const programme: Programme = {
        tenantId,
        id: this.ids.next(),
        name: 'IMG Peer Mentoring 2027',
        settings: {
          ...DEFAULT_SETTINGS,
          organisationName: 'Demo NHS Foundation Trust',
          sites: ['Royal Infirmary', 'General Hospital', 'Community Services', 'Mental Health Unit'],
        },
        createdAt: at,
      };
      await tx.programmes.insert(programme);
      await tx.people.upsert({ tenantId, id: coordinator.personId, name: coordinator.name, updatedAt: at });
      await tx.coordinators.insert({
        tenantId,
        programmeId: programme.id,
        personId: coordinator.personId,
        addedBy: 'system',
        addedAt: at,
      });
      await tx.audit.append({
        tenantId,
        at,
        actorId: 'system',
        entityType: 'programme',
        entityId: programme.id,
        action: 'seed-demo',
        toStatus: 'active',
      });
      return programme;
    });
  }

  private async overviewIn(tx: TenantTx, actor: Actor): Promise<ProgrammeOverview> {
    const programmes = await tx.programmes.list();
    const coordinating = await tx.coordinators.programmesOf(actor.personId);
    let anyCoordinator = false;
    for (const p of programmes) anyCoordinator ||= (await tx.coordinators.list(p.id)).length > 0;
    return { programmes, coordinating, needsSetup: !anyCoordinator };
  }

  private async requireCoordinator(tx: TenantTx, actor: Actor, programmeId: string): Promise<Programme> {
    const programme = await tx.programmes.get(programmeId);
    if (!programme) throw new NotFoundError('That programme does not exist in your organisation.');
    if (!(await tx.coordinators.isCoordinator(programmeId, actor.personId))) {
      throw new ForbiddenError(`Only coordinators of ${programme.name} can do that.`);
    }
    return programme;
  }
}
