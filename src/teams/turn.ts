import { AsyncLocalStorage } from 'node:async_hooks';
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Actor } from '../services/actor';
import { conversationKey } from '../services/actor';
import type { Identity } from '../services/directory.service';

/** The tenant a turn runs in; read by the bot-state storage, which botbuilder gives no other context. */
export const turnTenant = new AsyncLocalStorage<{ tenantId: string }>();

const ACTOR_KEY = Symbol('mentoring.actor');

/** The Entra tenant id of an activity: Teams puts it on the conversation and in channelData. */
export function entraTenantOf(activity: Partial<Activity>): string | undefined {
  return activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

/** Who sent the activity, from the activity itself (never from card data). */
export function identityOf(activity: Partial<Activity>): Identity | undefined {
  const entraTenantId = entraTenantOf(activity);
  const personId = activity.from?.aadObjectId;
  if (!entraTenantId || !personId) return undefined;
  return { entraTenantId, personId, name: activity.from?.name ?? '' };
}

/** Where replies to this conversation go: a personal chat is keyed by person, a channel by its id. */
export function conversationKeyOf(activity: Partial<Activity>): string | undefined {
  const type = activity.conversation?.conversationType;
  if (type === 'channel' && activity.conversation?.id) return conversationKey.channel(activity.conversation.id.split(';')[0]);
  if (type === 'groupChat' && activity.conversation?.id) return `chat:${activity.conversation.id}`;
  return activity.from?.aadObjectId ? conversationKey.personal(activity.from.aadObjectId) : undefined;
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

export function setActor(context: TurnContext, actor: Actor): void {
  context.turnState.set(ACTOR_KEY, actor);
}

/** The actor established for this turn, or undefined when Teams did not identify the sender. */
export function actorOf(context: TurnContext): Actor | undefined {
  return context.turnState.get(ACTOR_KEY) as Actor | undefined;
}
