import { AsyncLocalStorage } from 'node:async_hooks';
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Actor } from '../services/actor';
import type { ClickedCard } from '../services/card-copies';
import { conversationKey } from '../services/actor';
import type { Identity } from '../services/directory.service';

/** The tenant a turn runs in; read by the bot-state storage, which botbuilder gives no other context. */
export const turnTenant = new AsyncLocalStorage<{ tenantId: string }>();

const ACTOR_KEY = Symbol('mentoring.actor');

/** Entra ids (tenant, user object id) are GUIDs; anything else did not come from Teams. */
const entraId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const text = z.string().nullish();
const account = z.object({ id: text, name: text, aadObjectId: entraId.nullish() }).nullish();

/**
 * The activity fields that say who sent it and where replies go, each of the type Teams sends. Checked here,
 * not only at the HTTP layer, because every caller of `MentoringBot.run` relies on them: a one-element array
 * passes a truthiness or `.length` check and binds as its only element's text, so `["<someone's id>"]` would
 * act as that person while failing every `===` comparison with them (their own-application check, say).
 * Absent or null fields are allowed (Teams omits some on some activities); present ones must be well-formed.
 */
const IDENTITY_FIELDS = z.object({
  channelId: text,
  serviceUrl: z
    .string()
    .regex(/^https?:\/\//i)
    .nullish(),
  locale: text,
  from: account,
  recipient: account,
  conversation: z.object({ id: text, name: text, conversationType: text, tenantId: entraId.nullish() }).nullish(),
  channelData: z.object({ tenant: z.object({ id: entraId.nullish() }).nullish() }).nullish(),
});
type IdentityFields = z.output<typeof IDENTITY_FIELDS>;

/**
 * The identity fields of an activity, or undefined when any present one is malformed: such an activity is
 * treated as one Teams did not identify, so nothing is recorded or done for anyone.
 */
function identityFieldsOf(activity: Partial<Activity>): IdentityFields | undefined {
  const parsed = IDENTITY_FIELDS.safeParse(activity);
  return parsed.success ? parsed.data : undefined;
}

/** The Entra tenant id of an activity: Teams puts it on the conversation and in channelData. */
export function entraTenantOf(activity: Partial<Activity>): string | undefined {
  const fields = identityFieldsOf(activity);
  return fields?.conversation?.tenantId ?? fields?.channelData?.tenant?.id ?? undefined;
}

/** Who sent the activity, from the activity itself (never from card data). */
export function identityOf(activity: Partial<Activity>): Identity | undefined {
  const fields = identityFieldsOf(activity);
  const entraTenantId = fields?.conversation?.tenantId ?? fields?.channelData?.tenant?.id;
  const personId = fields?.from?.aadObjectId;
  if (!entraTenantId || !personId) return undefined;
  return { entraTenantId, personId, name: fields.from?.name ?? '' };
}

/** Where replies to this conversation go: a personal chat is keyed by person, a channel by its id. */
export function conversationKeyOf(activity: Partial<Activity>): string | undefined {
  const fields = identityFieldsOf(activity);
  const conversation = fields?.conversation;
  if (conversation?.conversationType === 'channel' && conversation.id)
    return conversationKey.channel(conversation.id.split(';')[0]);
  if (conversation?.conversationType === 'groupChat' && conversation.id) return `chat:${conversation.id}`;
  return fields?.from?.aadObjectId ? conversationKey.personal(fields.from.aadObjectId) : undefined;
}

/** A reference for proactive messages; for a channel, the channel itself rather than the thread. */
export function referenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  const ref = TurnContext.getConversationReference(activity);
  if (activity.conversation?.conversationType === 'channel' && ref.conversation) {
    ref.conversation = { ...ref.conversation, id: ref.conversation.id.split(';')[0] };
  }
  delete ref.activityId;
  return ref;
}

/** The card a click came from, so its copy is answered in place and the others are updated by message. */
export function clickedCardOf(context: TurnContext): ClickedCard | undefined {
  const key = conversationKeyOf(context.activity);
  return key ? { conversationKey: key, activityId: context.activity.replyToId } : undefined;
}

export function setActor(context: TurnContext, actor: Actor): void {
  context.turnState.set(ACTOR_KEY, actor);
}

/** The actor established for this turn, or undefined when Teams did not identify the sender. */
export function actorOf(context: TurnContext): Actor | undefined {
  return context.turnState.get(ACTOR_KEY) as Actor | undefined;
}
