import type { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import type { Role } from '../../domain/application';
import { DomainError, StaleError, ValidationError } from '../../domain/errors';
import type { Actor } from '../../services/actor';
import type { ApplicationsService, Decision } from '../../services/applications.service';
import type { DirectoryService } from '../../services/directory.service';
import { VERBS } from '../cards/verbs';
import { payloads } from '../payloads';
import { applicationFormCard, noticeCard, pendingCard, statusCard } from '../presenters';
import { coordinatorReviewCard } from '../review-card';
import { failureCard, onExecute, sendCard, type Card } from '../respond';
import { clickedCardOf, conversationKeyOf } from '../turn';

/** Dependencies of the application flow. */
export interface ApplicationFlowDeps {
  applications: ApplicationsService;
  directory: DirectoryService;
  privacyNotice: string;
}

/** The card message that was clicked, so the use case can tell it apart from the other copies. */
/** The card for an application, in the viewer's own form: review card for coordinators, status card for the applicant. */
/** The application as this person may see it: the applicant's status card or a coordinator's review card. */
export async function currentCard(
  deps: ApplicationFlowDeps,
  actor: Actor,
  applicationId: string,
  notice?: string,
): Promise<Card> {
  const view = await deps.applications.view(actor, applicationId);
  return view.viewer === 'coordinator'
    ? coordinatorReviewCard(deps.directory, view, notice)
    : statusCard(view, { notice });
}

/** The application card a button was pressed on, as it is now (kept when that button opened something else). */
export async function currentApplicationCard(
  deps: ApplicationFlowDeps,
  actor: Actor,
  applicationId: string,
): Promise<Card> {
  return currentCard(deps, actor, applicationId);
}

/** "pending" (coordinators): applications waiting for a decision or an answer, oldest first. */
export async function openPending(deps: ApplicationFlowDeps, actor: Actor): Promise<Card> {
  return pendingCard(await deps.applications.pending(actor));
}

/** SPEC §3.1, the applicant's side: open the form, submit, see their applications, withdraw, answer questions. */
export async function openApplication(deps: ApplicationFlowDeps, actor: Actor, role: Role): Promise<Card> {
  const start = await deps.applications.start(actor, role);
  if (start.kind === 'no-programme') {
    return noticeCard(
      'No programme yet',
      'Your organisation has not set up a mentoring programme in the app yet. A coordinator can set one up by typing "setup".',
      'warning',
    );
  }
  if (start.kind === 'existing') {
    return statusCard(start.view, {
      headline: `You already have a ${role} application`,
      notice: 'You can hold one application per role in a programme at a time.',
    });
  }
  return applicationFormCard({
    role,
    programme: start.programme,
    mode: 'new',
    values: { name: actor.name },
    privacyNotice: deps.privacyNotice,
  });
}

/** Sends each of the actor's applications as a card, or says there are none. */
export async function showMine(deps: ApplicationFlowDeps, context: TurnContext, actor: Actor): Promise<void> {
  const views = await deps.applications.mine(actor);
  if (views.length === 0) {
    await sendCard(
      context,
      noticeCard(
        'No applications yet',
        'You have not applied yet. Use "Apply as mentee" or "Apply as mentor" on the welcome card (type "help").',
        'default',
      ),
    );
    return;
  }
  for (const view of views) await sendCard(context, statusCard(view, {}));
}

export function registerApplicationFlow(app: TeamsApplication<TurnState>, deps: ApplicationFlowDeps): void {
  onExecute(
    app,
    VERBS.appSubmit,
    payloads.submit,
    async (context, actor, data) => {
      const view = await deps.applications.submit(
        actor,
        { programmeId: data.programmeId, role: data.role, raw: data },
        clickedCardOf(context),
      );
      return statusCard(view, {
        headline: 'Application submitted',
        notice: 'The programme coordinators have been told. You will hear the outcome here.',
      });
    },
    async (_context, actor, data, e) => {
      if (e instanceof ValidationError && Object.keys(e.details).length) {
        const start = await deps.applications.start(actor, data.role);
        if (start.kind === 'form') {
          return applicationFormCard({
            role: data.role,
            programme: start.programme,
            mode: 'new',
            values: stringValues(data),
            errors: e.details,
            privacyNotice: deps.privacyNotice,
          });
        }
      }
      if (e instanceof DomainError && e.code === 'conflict') {
        const start = await deps.applications.start(actor, data.role);
        if (start.kind === 'existing')
          return statusCard(start.view, { headline: 'Already submitted', notice: e.message });
      }
      return undefined;
    },
  );

  onExecute(
    app,
    VERBS.appWithdraw,
    payloads.applicationRef,
    async (context, actor, data) => {
      const view = await deps.applications.applicantAction(actor, 'withdraw', data, clickedCardOf(context));
      return statusCard(view, { headline: 'Application withdrawn' });
    },
    (_c, actor, data, e) => staleAsCurrent(deps, actor, data.applicationId, e),
  );

  onExecute(
    app,
    VERBS.appEdit,
    payloads.applicationRef,
    async (_context, actor, data) => {
      const view = await deps.applications.startEdit(actor, data);
      return applicationFormCard({
        role: view.application.role,
        programme: view.programme,
        mode: 'resubmit',
        application: view.application,
        privacyNotice: deps.privacyNotice,
      });
    },
    (_c, actor, data, e) => staleAsCurrent(deps, actor, data.applicationId, e),
  );

  onExecute(
    app,
    VERBS.appResubmit,
    payloads.resubmit,
    async (context, actor, data) => {
      const view = await deps.applications.applicantAction(
        actor,
        'resubmit',
        { applicationId: data.applicationId, version: data.version, raw: data },
        clickedCardOf(context),
      );
      return statusCard(view, {
        headline: 'Application resubmitted',
        notice: 'The coordinators have your updated application.',
      });
    },
    async (_c, actor, data, e) => {
      if (e instanceof ValidationError && Object.keys(e.details).length) {
        const view = await deps.applications.startEdit(actor, data);
        const typed = stringValues(data);
        return applicationFormCard({
          role: view.application.role,
          programme: view.programme,
          mode: 'resubmit',
          application: view.application,
          values: typed,
          answer: typed.answer,
          errors: e.details,
          privacyNotice: deps.privacyNotice,
        });
      }
      return staleAsCurrent(deps, actor, data.applicationId, e);
    },
  );

  const decide = (
    verb: string,
    decision: Decision,
    schema: typeof payloads.applicationRef | typeof payloads.reject | typeof payloads.requestInfo,
  ) =>
    onExecute(
      app,
      verb,
      schema,
      async (context, actor, data) => {
        const note = 'reason' in data ? data.reason : 'question' in data ? data.question : undefined;
        const view = await deps.applications.decide(
          actor,
          decision,
          { applicationId: data.applicationId, version: data.version, note },
          clickedCardOf(context),
        );
        return coordinatorReviewCard(deps.directory, view);
      },
      (_c, actor, data, e) =>
        e instanceof DomainError && e.code === 'forbidden'
          ? refusedDecision(deps, actor, data.applicationId, e)
          : staleAsCurrent(deps, actor, data.applicationId, e),
    );
  decide(VERBS.appApprove, 'approve', payloads.applicationRef);
  decide(VERBS.appReject, 'reject', payloads.reject);
  decide(VERBS.appRequestInfo, 'request-info', payloads.requestInfo);

  onExecute(app, VERBS.appRefresh, payloads.refresh, async (_context, actor, data) =>
    currentCard(deps, actor, data.applicationId),
  );

  // From the pending list: the review card opens as a new message (kept up to date like every copy); the list stays.
  onExecute(app, VERBS.appReview, payloads.refresh, async (context, actor, data) => {
    const activityId = await sendCard(context, await currentCard(deps, actor, data.applicationId));
    const key = conversationKeyOf(context.activity);
    if (activityId && key)
      await deps.applications.rememberReviewCard(actor, data.applicationId, { conversationKey: key, activityId });
    return openPending(deps, actor);
  });
}

/**
 * A decision the actor may not take (their own application, say) keeps the review card they pressed, as it now is,
 * with the reason on top, rather than replacing it with an error.
 */
async function refusedDecision(
  deps: ApplicationFlowDeps,
  actor: Actor,
  applicationId: string,
  e: DomainError,
): Promise<Card | undefined> {
  try {
    const view = await deps.applications.view(actor, applicationId);
    // A coordinator's own application is shown to them as its applicant; the card pressed was the review card.
    if (!view.coordinatorIds.includes(actor.personId)) return undefined;
    return await coordinatorReviewCard(deps.directory, view, e.message);
  } catch {
    return undefined;
  }
}

/**
 * A stale or refused action still shows the record as it is now, with the reason on top, so a second click
 * on an old copy tells the person who did what instead of failing silently.
 */
async function staleAsCurrent(
  deps: ApplicationFlowDeps,
  actor: Actor,
  applicationId: string,
  e: unknown,
): Promise<Card | undefined> {
  if (!(e instanceof StaleError || (e instanceof DomainError && e.code === 'validation'))) return undefined;
  try {
    return await currentCard(deps, actor, applicationId, e.message);
  } catch (inner) {
    return failureCard(inner);
  }
}

/** Card inputs echoed back into the form after a validation error, bounded so a forged payload cannot bloat the card. */
function stringValues(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = v.slice(0, 2_000);
  return out;
}
