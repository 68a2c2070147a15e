import {
  applicationHistory,
  transition,
  validateInfoAnswer,
  type Application,
  type ApplicationAction,
  type ApplicationForm,
  type Role,
} from '../domain/application';
import { validateApplicationForm } from '../domain/application-form';
import { ConflictError, ForbiddenError, NotFoundError, StaleError, ValidationError } from '../domain/errors';
import { currentProgramme, type Programme } from '../domain/programme';
import { CARD_SUBJECT, conversationKey, type Actor } from './actor';
import { heldApplicationOf } from './held-application';
import { nameOf } from './names';
import { queueCopyUpdates, type ClickedCard } from './card-copies';
import type { Clock, IdGenerator, Store, TenantTx } from './ports';

/** An application with the programme it belongs to: what every application card needs. */
export interface ApplicationView {
  application: Application;
  programme: Programme;
  applicantName: string;
  /** How the viewer relates to it: decides which card and which buttons they get. */
  viewer: 'applicant' | 'coordinator';
  /** The programme's coordinators, whose copies of a review card refresh automatically. */
  coordinatorIds: string[];
  /** Set in the applicant's own list: a later application for the same programme and role replaced this one. */
  earlier?: boolean;
  /** The applicant coordinates this programme, so another coordinator must decide it. */
  applicantIsCoordinator: boolean;
  /**
   * Nobody can decide it yet: it waits for a decision, the applicant is a coordinator and the programme has no
   * other coordinator. One must be added first.
   */
  needsAnotherCoordinator: boolean;
}

/** An application waiting for a decision or an answer, with when that wait began. */
export interface PendingApplication {
  view: ApplicationView;
  /** When it was (re)submitted, or when the coordinator's question was sent (ISO). */
  waitingSince: string;
}

/** Where a new application would go, or the open application the person already holds for that role. */
export type ApplyStart =
  { kind: 'form'; programme: Programme } | { kind: 'existing'; view: ApplicationView } | { kind: 'no-programme' };

/** The coordinator decisions of SPEC §3.1. */
export type Decision = Extract<ApplicationAction, 'approve' | 'reject' | 'request-info'>;

export type { ClickedCard } from './card-copies';

/**
 * Applications (SPEC §3.1): apply, withdraw, answer a coordinator's question, and coordinator decisions.
 * Every state change, its audit row and the messages it causes are written in one transaction.
 */
export class ApplicationsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * What "Apply as <role>" should show: the form, or the application already held (one open per role). A withdrawn
   * or rejected application is not held, so the form opens again for a new one.
   */
  async start(actor: Actor, role: Role): Promise<ApplyStart> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programme = currentProgramme(await tx.programmes.list());
      if (!programme) return { kind: 'no-programme' };
      const existing = await heldApplicationOf(tx, programme.id, actor.personId, role);
      if (existing) return { kind: 'existing', view: await this.viewIn(tx, existing, actor) };
      return { kind: 'form', programme };
    });
  }

  /**
   * Validates and stores a new application, audits it, and queues a review card for the coordinators. After a
   * withdrawn or rejected one it is a new record; the closed one keeps its history.
   */
  async submit(
    actor: Actor,
    input: { programmeId: string; role: Role; raw: unknown },
    clicked?: ClickedCard,
  ): Promise<ApplicationView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programme = await tx.programmes.get(input.programmeId);
      if (!programme) throw new NotFoundError('That programme does not exist in your organisation.');
      const alreadyHeld = `You already have a ${input.role} application for ${programme.name}.`;
      if (await heldApplicationOf(tx, programme.id, actor.personId, input.role)) throw new ConflictError(alreadyHeld);
      const form = validateApplicationForm(input.raw, this.formContext(programme, input.role));
      const at = this.clock.now().toISOString();
      const application: Application = {
        tenantId: actor.tenantId,
        id: this.ids.next(),
        programmeId: programme.id,
        personId: actor.personId,
        role: input.role,
        status: 'submitted',
        form,
        version: 1,
        submittedAt: at,
        updatedAt: at,
      };
      try {
        await tx.applications.insert(application);
      } catch (e) {
        // The database's own check, for a second submit racing this one: said in the applicant's words.
        if (e instanceof ConflictError) throw new ConflictError(alreadyHeld);
        throw e;
      }
      await this.audit(tx, actor.personId, application, 'submit', undefined, at);
      await this.rememberStatusCard(tx, application, clicked, at);
      await this.notifyCoordinators(tx, programme, application, at);
      return this.viewIn(tx, application, actor);
    });
  }

  /**
   * The actor's own applications across the tenant's programmes: the current one for each programme and role
   * first, then the earlier ones they replaced (withdrawn or rejected), newest first.
   */
  async mine(actor: Actor): Promise<ApplicationView[]> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const views: ApplicationView[] = [];
      for (const { application, earlier } of applicationHistory(await tx.applications.listForPerson(actor.personId))) {
        views.push({ ...(await this.viewIn(tx, application, actor)), ...(earlier ? { earlier } : {}) });
      }
      return views;
    });
  }

  /**
   * Applications in the actor's programmes waiting for a coordinator's decision or for the applicant's answer,
   * oldest wait first, so a coordinator (a new one especially) can see what is outstanding. Coordinators only.
   */
  async pending(actor: Actor): Promise<{ items: PendingApplication[]; now: string }> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const programmeIds = await tx.coordinators.programmesOf(actor.personId);
      if (programmeIds.length === 0)
        throw new ForbiddenError('Only programme coordinators can see the applications waiting for a decision.');
      const items: PendingApplication[] = [];
      for (const programmeId of programmeIds) {
        for (const application of await tx.applications.listForProgramme(programmeId)) {
          if (application.status !== 'submitted' && application.status !== 'info-requested') continue;
          const waitingSince =
            application.status === 'info-requested'
              ? (application.decidedAt ?? application.updatedAt)
              : application.submittedAt;
          items.push({ view: await this.viewIn(tx, application, actor), waitingSince });
        }
      }
      items.sort(
        (a, b) =>
          a.waitingSince.localeCompare(b.waitingSince) || a.view.application.id.localeCompare(b.view.application.id),
      );
      return { items, now: this.clock.now().toISOString() };
    });
  }

  /**
   * Records a review card a coordinator opened from the pending list as one of the application's copies, so a
   * decision taken elsewhere updates it too.
   */
  async rememberReviewCard(
    actor: Actor,
    applicationId: string,
    card: { conversationKey: string; activityId: string },
  ): Promise<void> {
    await this.store.inTenant(actor.tenantId, async (tx) => {
      const application = await this.load(tx, applicationId);
      if (!(await tx.coordinators.isCoordinator(application.programmeId, actor.personId))) return;
      await tx.cards.add({
        tenantId: application.tenantId,
        subjectType: CARD_SUBJECT.applicationReview,
        subjectId: application.id,
        ...card,
        createdAt: this.clock.now().toISOString(),
      });
    });
  }

  /** The current state of one application, for whoever may see it (the applicant or a coordinator). */
  async view(actor: Actor, applicationId: string): Promise<ApplicationView> {
    return this.store.inTenant(actor.tenantId, async (tx) =>
      this.viewIn(tx, await this.load(tx, applicationId), actor),
    );
  }

  /** The current state for a background delivery (no actor): rendered for the given audience. */
  async viewFor(
    tenantId: string,
    applicationId: string,
    viewer: ApplicationView['viewer'],
  ): Promise<ApplicationView | undefined> {
    return this.store.inTenant(tenantId, async (tx) => {
      const application = await tx.applications.get(applicationId);
      if (!application) return undefined;
      const programme = await tx.programmes.get(application.programmeId);
      if (!programme) return undefined;
      const coordinatorIds = await this.coordinatorIds(tx, programme);
      return {
        application,
        programme,
        applicantName: await nameOf(tx, application),
        viewer,
        coordinatorIds,
        ...selfReview(application, coordinatorIds),
      };
    });
  }

  /** Checks that the applicant may edit the application now (a coordinator asked for more information). */
  async startEdit(actor: Actor, ref: { applicationId: string; version: number }): Promise<ApplicationView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const application = await this.loadOwn(tx, ref.applicationId, actor);
      if (application.version !== ref.version || application.status !== 'info-requested') {
        throw new StaleError('This application cannot be edited now; here is its current state.');
      }
      return this.viewIn(tx, application, actor);
    });
  }

  /** The applicant withdraws, or resubmits with changes after a request for information. */
  async applicantAction(
    actor: Actor,
    action: 'withdraw' | 'resubmit',
    ref: { applicationId: string; version: number; raw?: unknown },
    clicked?: ClickedCard,
  ): Promise<ApplicationView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await this.loadOwn(tx, ref.applicationId, actor);
      const programme = await this.programmeOf(tx, current);
      const { form, answer } =
        action === 'resubmit'
          ? this.resubmission(ref.raw, programme, current.role)
          : { form: undefined, answer: undefined };
      const at = this.clock.now().toISOString();
      const next = transition(current, action, {
        seenVersion: ref.version,
        actorId: actor.personId,
        actorName: actor.name,
        at,
        form,
        answer,
      });
      await this.save(tx, current, next);
      await this.audit(tx, actor.personId, next, action, current.status, at);
      await this.rememberStatusCard(tx, next, clicked, at);
      await this.refreshCopies(tx, next, clicked, at);
      if (action === 'resubmit') await this.notifyCoordinators(tx, programme, next, at);
      return this.viewIn(tx, next, actor);
    });
  }

  /**
   * A coordinator approves, rejects (reason required) or asks for more information. The first one to act
   * wins; a stale or repeated click throws StaleError and changes nothing. Every other copy of the review
   * card, and the applicant's own card, are updated, and the applicant is told the outcome.
   */
  async decide(
    actor: Actor,
    decision: Decision,
    ref: { applicationId: string; version: number; note?: string },
    clicked?: ClickedCard,
  ): Promise<ApplicationView> {
    return this.store.inTenant(actor.tenantId, async (tx) => {
      const current = await this.load(tx, ref.applicationId);
      if (!(await tx.coordinators.isCoordinator(current.programmeId, actor.personId))) {
        throw new ForbiddenError('Only coordinators of this programme can decide on applications.');
      }
      if (current.personId === actor.personId) {
        const others = (await this.coordinatorIds(tx, await this.programmeOf(tx, current))).filter(
          (id) => id !== actor.personId,
        );
        throw new ForbiddenError(
          others.length
            ? 'You cannot decide on your own application; another coordinator needs to.'
            : 'You cannot decide on your own application, and you are the only coordinator of this programme: add another coordinator (type "coordinators") to decide it.',
        );
      }
      const at = this.clock.now().toISOString();
      const next = transition(current, decision, {
        seenVersion: ref.version,
        actorId: actor.personId,
        actorName: actor.name,
        at,
        note: ref.note,
      });
      await this.save(tx, current, next);
      await this.audit(tx, actor.personId, next, decision, current.status, at);
      await this.refreshCopies(tx, next, clicked, at);
      await tx.outbox.enqueue(
        {
          dedupeKey: `application:${next.id}:v${next.version}:outcome`,
          conversationKey: conversationKey.personal(next.personId),
          kind: 'send',
          view: 'applicationOutcome',
          data: { applicationId: next.id },
        },
        this.ids.next(),
        at,
      );
      return this.viewIn(tx, next, actor);
    });
  }

  /** The updated form and the answer to the question, with the problems of both named together. */
  private resubmission(raw: unknown, programme: Programme, role: Role): { form: ApplicationForm; answer: string } {
    const { answer: rawAnswer, ...fields } = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<
      string,
      unknown
    >;
    let answerProblem: ValidationError | undefined;
    let answer = '';
    try {
      answer = validateInfoAnswer(rawAnswer);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      answerProblem = e;
    }
    try {
      const form = validateApplicationForm(fields, this.formContext(programme, role));
      if (answerProblem) throw answerProblem;
      return { form, answer };
    } catch (e) {
      if (e instanceof ValidationError && answerProblem && e !== answerProblem)
        throw new ValidationError(e.message, { ...answerProblem.details, ...e.details });
      throw e;
    }
  }

  private formContext(programme: Programme, role: Role) {
    return {
      role,
      sites: programme.settings.sites,
      capacity: programme.settings.mentorCapacity,
      today: this.clock.now().toISOString().slice(0, 10),
    };
  }

  private async save(tx: TenantTx, current: Application, next: Application): Promise<void> {
    // The version check in the UPDATE is what makes two simultaneous clicks apply once.
    if (!(await tx.applications.update(next, current.version))) {
      const fresh = await tx.applications.get(current.id);
      throw new StaleError(
        fresh ? `This application changed a moment ago (now ${fresh.status}).` : 'This application no longer exists.',
      );
    }
  }

  private async audit(
    tx: TenantTx,
    actorId: string,
    app: Application,
    action: string,
    from: string | undefined,
    at: string,
  ): Promise<void> {
    await tx.audit.append({
      tenantId: app.tenantId,
      at,
      actorId,
      entityType: 'application',
      entityId: app.id,
      action,
      fromStatus: from,
      toStatus: app.status,
      detail: `${app.role} v${app.version}`,
    });
  }

  /** Sends a review card to the coordinators' channel if the programme has one, else to each coordinator. */
  private async notifyCoordinators(tx: TenantTx, programme: Programme, app: Application, at: string): Promise<void> {
    const targets = programme.coordinatorChannelKey
      ? [programme.coordinatorChannelKey]
      : (await tx.coordinators.list(programme.id)).map((c) => conversationKey.personal(c.personId));
    for (const target of targets) {
      await tx.outbox.enqueue(
        {
          dedupeKey: `application:${app.id}:v${app.version}:review:${target}`,
          conversationKey: target,
          kind: 'send',
          subjectType: CARD_SUBJECT.applicationReview,
          subjectId: app.id,
          view: 'applicationReview',
          data: { applicationId: app.id },
        },
        this.ids.next(),
        at,
      );
    }
  }

  private async refreshCopies(
    tx: TenantTx,
    app: Application,
    clicked: ClickedCard | undefined,
    at: string,
  ): Promise<void> {
    await queueCopyUpdates(tx, this.ids, {
      views: [
        [CARD_SUBJECT.applicationReview, 'applicationReview'],
        [CARD_SUBJECT.applicationStatus, 'applicationStatus'],
      ],
      subjectId: app.id,
      key: `application:${app.id}:v${app.version}`,
      data: { applicationId: app.id },
      clicked,
      at,
    });
  }

  /** The applicant's card that showed the confirmation is kept, so later decisions update it in place. */
  private async rememberStatusCard(
    tx: TenantTx,
    app: Application,
    clicked: ClickedCard | undefined,
    at: string,
  ): Promise<void> {
    if (!clicked?.activityId) return;
    const known = await tx.cards.list(CARD_SUBJECT.applicationStatus, app.id);
    if (known.some((c) => c.activityId === clicked.activityId && c.conversationKey === clicked.conversationKey)) return;
    await tx.cards.add({
      tenantId: app.tenantId,
      subjectType: CARD_SUBJECT.applicationStatus,
      subjectId: app.id,
      conversationKey: clicked.conversationKey,
      activityId: clicked.activityId,
      createdAt: at,
    });
  }

  private async load(tx: TenantTx, id: string): Promise<Application> {
    const application = await tx.applications.get(id);
    if (!application) throw new NotFoundError('That application does not exist in your organisation.');
    return application;
  }

  private async loadOwn(tx: TenantTx, id: string, actor: Actor): Promise<Application> {
    const application = await this.load(tx, id);
    if (application.personId !== actor.personId)
      throw new ForbiddenError('Only the applicant can change their application.');
    return application;
  }

  private async programmeOf(tx: TenantTx, app: Application): Promise<Programme> {
    const programme = await tx.programmes.get(app.programmeId);
    if (!programme) throw new NotFoundError('The programme of this application no longer exists.');
    return programme;
  }

  /** Builds the view for the actor, refusing anyone who is neither the applicant nor a coordinator. */
  private async viewIn(tx: TenantTx, application: Application, actor: Actor): Promise<ApplicationView> {
    const programme = await this.programmeOf(tx, application);
    const coordinatorIds = await this.coordinatorIds(tx, programme);
    const isCoordinator = coordinatorIds.includes(actor.personId);
    if (application.personId !== actor.personId && !isCoordinator) {
      throw new NotFoundError('That application does not exist in your organisation.');
    }
    // A coordinator looking at their own application still sees it as the applicant.
    const viewer = application.personId === actor.personId ? 'applicant' : 'coordinator';
    return {
      application,
      programme,
      applicantName: await nameOf(tx, application),
      viewer,
      coordinatorIds,
      ...selfReview(application, coordinatorIds),
    };
  }

  private async coordinatorIds(tx: TenantTx, programme: Programme): Promise<string[]> {
    return (await tx.coordinators.list(programme.id)).map((c) => c.personId);
  }
}

/** Whether a coordinator applied, and whether anyone else is there to decide it (nobody decides their own). */
function selfReview(
  application: Application,
  coordinatorIds: readonly string[],
): Pick<ApplicationView, 'applicantIsCoordinator' | 'needsAnotherCoordinator'> {
  const applicantIsCoordinator = coordinatorIds.includes(application.personId);
  const others = coordinatorIds.filter((id) => id !== application.personId).length;
  return {
    applicantIsCoordinator,
    needsAnotherCoordinator: applicantIsCoordinator && others === 0 && application.status === 'submitted',
  };
}
