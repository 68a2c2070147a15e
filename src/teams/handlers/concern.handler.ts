import type { TurnContext } from 'botbuilder';
import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { SIGNPOST_LIMITS } from '../../domain/concern';
import { DomainError, StaleError, ValidationError } from '../../domain/errors';
import type { Actor } from '../../services/actor';
import type { ConcernsService } from '../../services/concerns.service';
import type { MatchesService } from '../../services/matches.service';
import { VERBS } from '../cards/verbs';
import { concernCard, concernFormCard, signpostingFormCard } from '../concern-presenters';
import { matchCard } from '../match-presenters';
import { payloads } from '../payloads';
import { noticeCard } from '../presenters';
import { failureCard, onExecute, sendCard, type Card } from '../respond';
import { clickedCardOf } from '../turn';

export interface ConcernFlowDeps {
  concerns: ConcernsService;
  matches: MatchesService;
}

/** A concern is raised only where nobody else can read it: the person's own chat with the app. */
function privateChat(context: TurnContext): boolean {
  return context.activity.conversation?.conversationType === 'personal';
}

const ONLY_IN_PERSONAL_CHAT = () =>
  noticeCard(
    'Raise a concern in your own chat with the app',
    'So that nobody else sees it, open your personal chat with the app and type "raise a concern" there.',
    'default',
  );

/** "raise a concern": the private form (or, outside a personal chat, where to raise it instead). */
export async function openConcernForm(
  deps: ConcernFlowDeps,
  context: TurnContext,
  actor: Actor,
  matchId?: string,
): Promise<Card> {
  if (!privateChat(context)) return ONLY_IN_PERSONAL_CHAT();
  return concernFormCard(await deps.concerns.form(actor, matchId));
}

/** "signposting" (coordinators): the places to turn shown with every concern, to edit. */
export async function openSignposting(deps: ConcernFlowDeps, actor: Actor): Promise<Card> {
  return signpostingFormCard(await deps.concerns.signposting(actor));
}

/**
 * Concerns (SPEC §3.6): the raiser's form and confirmation, and the coordinators' acknowledge and close. A
 * refused or stale action keeps the card it was pressed on, as it now is, with the reason on top.
 */
export function registerConcernFlow(app: TeamsApplication<TurnState>, deps: ConcernFlowDeps): void {
  // From a match card: the form opens as a new message, and the match card stays as it was.
  onExecute(app, VERBS.concernOpen, payloads.concernOpen, async (context, actor, data) => {
    const form = await openConcernForm(deps, context, actor, data.matchId);
    if (!data.matchId) return form;
    await sendCard(context, form);
    return matchCard(await deps.matches.view(actor, data.matchId));
  });

  onExecute(
    app,
    VERBS.concernRaise,
    payloads.concernRaise,
    async (context, actor, data) => {
      if (!privateChat(context)) return ONLY_IN_PERSONAL_CHAT();
      const view = await deps.concerns.raise(
        actor,
        {
          formId: data.formId,
          matchId: data.matchId || undefined,
          category: data.category,
          text: data.text,
          mayContact: data.mayContact === 'true',
        },
        clickedCardOf(context),
      );
      return concernCard(view, {
        headline: 'Your concern was sent to the coordinators',
        notice: view.alreadySent
          ? 'This was already sent; it has not been sent twice.'
          : 'Only the programme\u2019s coordinators see it. You will hear here when one of them has picked it up.',
      });
    },
    async (_context, actor, data, e) => {
      // The form comes back with what was typed and the problems named, so nothing has to be written again.
      if (!(e instanceof ValidationError) || Object.keys(e.details).length === 0) return undefined;
      const form = await deps.concerns.form(actor, data.matchId || undefined);
      return concernFormCard(form, {
        notice: `${e.message} ${Object.values(e.details).join(' ')}`,
        formId: data.formId,
        values: data,
      });
    },
  );

  const act = (verb: string, action: 'acknowledge' | 'close') =>
    onExecute(
      app,
      verb,
      action === 'close' ? payloads.concernClose : payloads.concernRef,
      async (context, actor, data) => {
        const note = 'note' in data ? String(data.note) : undefined;
        const view = await deps.concerns.act(
          actor,
          action,
          { concernId: data.concernId, version: data.version, note },
          clickedCardOf(context),
        );
        return concernCard(view, {
          notice:
            action === 'acknowledge' ? `You acknowledged it; ${view.raiserName} has been told.` : 'You closed it.',
        });
      },
      async (_context, actor, data, e) => {
        if (!(e instanceof DomainError) || e.code === 'not-found' || e.code === 'internal') return undefined;
        try {
          return concernCard(await deps.concerns.view(actor, data.concernId), { notice: e.message });
        } catch (inner) {
          return failureCard(inner);
        }
      },
    );
  act(VERBS.concernAck, 'acknowledge');
  act(VERBS.concernClose, 'close');
  onExecute(
    app,
    VERBS.signpostsSave,
    payloads.signpostsSave,
    async (_context, actor, data) => {
      const saved = await deps.concerns.saveSignposting(actor, { rows: rowsOf(data), version: data.version });
      return signpostingFormCard(saved, {
        notice: 'Saved. Every concern form and card shows this list from now on.',
        tone: 'good',
      });
    },
    async (_context, actor, data, e) => {
      if (e instanceof ValidationError) {
        // What was typed comes back with the rows that need another look; nothing was saved.
        return signpostingFormCard(
          { entries: [], version: data.version },
          { notice: e.message, tone: 'attention', errors: Object.values(e.details), rows: rowsOf(data) },
        );
      }
      if (e instanceof StaleError)
        return signpostingFormCard(await deps.concerns.signposting(actor), { notice: e.message, tone: 'attention' });
      return undefined;
    },
  );
}

/** The form's rows, in order, as typed. */
function rowsOf(data: Record<string, unknown>): { name: string; purpose: string; contact: string }[] {
  return Array.from({ length: SIGNPOST_LIMITS.entries }, (_, i) => ({
    name: String(data[`name${i}`] ?? ''),
    purpose: String(data[`purpose${i}`] ?? ''),
    contact: String(data[`contact${i}`] ?? ''),
  }));
}
