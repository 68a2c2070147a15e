import {
  ActivityTypes,
  CardFactory,
  INVOKE_RESPONSE_KEY,
  MessageFactory,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { Actor } from '../services/actor';
import { parsePayload } from './payloads';
import { errorCard } from './presenters';
import { actorOf } from './turn';

/** An Adaptive Card object, as rendered from a template. */
export type Card = Record<string, unknown>;

/** Logs unexpected failures; set by the app at start. */
export let logError: (message: string, e: unknown) => void = (m, e) => console.error(m, e);
export function setErrorLogger(fn: typeof logError): void {
  logError = fn;
}

/** The card shown for any failure: a DomainError's own words, or a generic apology (the cause is logged). */
export function failureCard(e: unknown): Card {
  if (e instanceof DomainError) return errorCard(e);
  logError('Unexpected error handling a card action', e);
  return errorCard(
    new DomainError(
      'internal',
      'Something went wrong on our side and nothing was changed. Please try again in a moment.',
    ),
  );
}

/** The Teams user must be identified (tenant and Entra object id) before anything is done for them. */
export function requireActor(context: TurnContext): Actor {
  const actor = actorOf(context);
  if (!actor)
    throw new DomainError(
      'forbidden',
      'Teams did not tell the app who you are, so nothing was changed. Open the app from Microsoft Teams.',
    );
  return actor;
}

/**
 * Answers an Action.Execute invoke with `card`, the clicker's new view of the card they pressed. Answered
 * here rather than by teams-ai, because teams-ai would first PUT a card that has a `refresh` section to the
 * Bot Connector inside the invoke (to replace it for everyone), and a slow or throttled connector would then
 * fail a click whose change is already saved. Other viewers' copies are updated through the outbox.
 */
export async function answerInvoke(context: TurnContext, card: Card): Promise<Card> {
  const response: Partial<Activity> = {
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
  };
  await context.sendActivity(response);
  // CloudAdapter records the answer itself; set it for any adapter, so teams-ai sees the invoke answered.
  context.turnState.set(INVOKE_RESPONSE_KEY, response);
  return card;
}

/**
 * Registers an Action.Execute verb: identifies the actor, parses the payload against its schema and
 * answers every failure with a card (so the clicked card always shows something clear).
 */
export function onExecute<S extends z.ZodTypeAny>(
  app: Application<TurnState>,
  verb: string,
  schema: S,
  handler: (context: TurnContext, actor: Actor, data: z.infer<S>) => Promise<Card>,
  onFailure?: (context: TurnContext, actor: Actor, data: z.infer<S>, e: unknown) => Promise<Card | undefined>,
): void {
  app.adaptiveCards.actionExecute(
    verb,
    async (context, _state, raw) => (await answerInvoke(context, await cardFor(context, raw))) as never,
  );

  async function cardFor(context: TurnContext, raw: unknown): Promise<Card> {
    let actor: Actor | undefined;
    let data: z.infer<S> | undefined;
    try {
      actor = requireActor(context);
      data = parsePayload(schema, raw);
      return await handler(context, actor, data);
    } catch (e) {
      if (onFailure && actor && data !== undefined) {
        try {
          const card = await onFailure(context, actor, data, e);
          if (card) return card;
        } catch (inner) {
          return failureCard(inner);
        }
      }
      return failureCard(e);
    }
  }
}

/** Posts a card as a new message in the current conversation; returns the new message's id. */
export async function sendCard(context: TurnContext, card: Card): Promise<string | undefined> {
  return (await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id;
}
