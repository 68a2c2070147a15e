import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Actor } from '../services/actor';
import { Application, TurnState } from '@microsoft/teams-ai';
import type { Store } from '../services/ports';
import type { Services } from '../services/services';
import { registerApplicationFlow } from './handlers/application.handler';
import { registerAutoMatchingFlow } from './handlers/auto-matching.handler';
import { registerConcernFlow } from './handlers/concern.handler';
import { registerMatchingFlow } from './handlers/matching.handler';
import { registerEvaluationFlow } from './handlers/evaluation.handler';
import { registerCertificateFlow } from './handlers/certificate.handler';
import { registerCycleFlow } from './handlers/cycle.handler';
import { registerMeetingFlow } from './handlers/meeting.handler';
import { registerProfileFlow } from './handlers/profile.handler';
import { registerProgrammeFlow } from './handlers/programme.handler';
import { registerWelcome } from './handlers/welcome.handler';
import { errorCard } from './presenters';
import { answerInvoke } from './respond';
import { conversationKeyOf, entraTenantOf, identityOf, referenceOf, setActor, turnTenant } from './turn';
import { DomainError } from '../domain/errors';

/** Everything the Teams adapter needs from the rest of the service. */
export interface BotDeps extends Omit<Services, 'registerJobs'> {
  store: Store;
  localMode: boolean;
  privacyNotice: string;
  /** The Teams app id (deep links to the Reports tab). */
  teamsAppId?: string;
}

/**
 * The Teams bot: a teams-ai Application with one registration per flow. `run` is what the HTTP endpoint
 * (and the integration tests' TestAdapter) call for each incoming activity.
 */
export class MentoringBot {
  readonly app: Application<TurnState>;

  constructor(private readonly deps: BotDeps) {
    this.app = new Application<TurnState>({
      removeRecipientMention: true,
      startTypingTimer: false,
      longRunningMessages: false,
    });
    registerWelcome(this.app, deps);
    registerApplicationFlow(this.app, deps);
    registerProgrammeFlow(this.app, deps);
    registerMatchingFlow(this.app, deps);
    registerProfileFlow(this.app, deps);
    registerAutoMatchingFlow(this.app, deps);
    registerConcernFlow(this.app, deps);
    registerMeetingFlow(this.app, deps);
    registerEvaluationFlow(this.app, deps);
    registerCertificateFlow(this.app, deps);
    registerCycleFlow(this.app, deps);
    // Registered last: any verb no handler claimed (a forged or outdated card) gets a clear answer.
    this.app.adaptiveCards.actionExecute(/.*/, async (context) => {
      const verb = String((context.activity.value as { action?: { verb?: unknown } })?.action?.verb ?? '').slice(0, 40);
      const card = errorCard(
        new DomainError(
          'validation',
          `This card asked for an action the app does not know ("${verb}"), so nothing was changed.`,
        ),
      );
      return (await answerInvoke(context, card)) as never;
    });
  }

  /**
   * Runs one turn inside its tenant: resolves (or creates) the tenant from the activity, identifies the sender
   * and remembers their conversation, so that everything the handlers do is scoped and attributable.
   */
  async run(context: TurnContext): Promise<void> {
    const entraTenantId = entraTenantOf(context.activity);
    if (!entraTenantId) {
      await this.app.run(context);
      return;
    }
    const tenant = await this.deps.directory.tenantFor(entraTenantId);
    await turnTenant.run({ tenantId: tenant.id }, async () => {
      const identity = identityOf(context.activity);
      if (identity) {
        const key = conversationKeyOf(context.activity);
        const personal = key?.startsWith('user:');
        const actor = await this.deps.directory.identify(
          tenant,
          identity,
          personal && key ? { key, reference: referenceOf(context.activity) } : undefined,
        );
        setActor(context, actor);
        if (personal && !actor.email && context.activity.type === 'message') await this.learnEmail(context, actor);
      }
      await this.app.run(context);
    });
  }

  /**
   * Asks Teams once for the person's user principal name (activities do not carry it), for the match card's
   * chat link and calendar free/busy. Only on a typed message, never inside a card action's 5-second invoke, and
   * bounded in time; when Teams cannot say (or in a test adapter), the app simply does not know it yet.
   */
  private async learnEmail(context: TurnContext, actor: Actor): Promise<void> {
    const from = context.activity.from?.id;
    if (!from) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      const member = await Promise.race([
        TeamsInfo.getMember(context, from),
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), EMAIL_LOOKUP_MS))),
      ]);
      const upn = member?.userPrincipalName ?? member?.email;
      if (upn) await this.deps.directory.recordEmail(actor, upn);
    } catch {
      // Not known yet: a later message tries again.
    } finally {
      clearTimeout(timer);
    }
  }
}

/** How long a message waits for Teams to say who the person is signed in as. */
const EMAIL_LOOKUP_MS = 2_000;
