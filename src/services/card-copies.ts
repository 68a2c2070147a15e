import type { IdGenerator, TenantTx } from './ports';

/** Card that was clicked, so its copy is answered in place and the others are updated by message. */
export interface ClickedCard {
  conversationKey: string;
  activityId?: string;
}

/**
 * Queues an in-place update of every recorded copy of a record's cards, one view per audience. The copy
 * clicked in a personal chat is left out: the click's own answer already shows its clicker the new state, and
 * nobody else sees that chat. A copy clicked in a channel is updated too, for everyone else in the channel.
 * `key` names the record's state (e.g. `application:<id>:v3`), so each change updates each copy once.
 */
export async function queueCopyUpdates(
  tx: TenantTx,
  ids: IdGenerator,
  copies: {
    views: readonly (readonly [subjectType: string, view: string])[];
    subjectId: string;
    key: string;
    data: unknown;
    clicked?: ClickedCard;
    at: string;
  },
): Promise<void> {
  const { clicked } = copies;
  for (const [subject, view] of copies.views) {
    for (const copy of await tx.cards.list(subject, copies.subjectId)) {
      const isClicked =
        clicked && copy.activityId === clicked.activityId && copy.conversationKey === clicked.conversationKey;
      if (isClicked && clicked.conversationKey.startsWith('user:')) continue;
      await tx.outbox.enqueue(
        {
          dedupeKey: `${copies.key}:update:${copy.conversationKey}:${copy.activityId}`,
          conversationKey: copy.conversationKey,
          kind: 'update',
          activityId: copy.activityId,
          view,
          data: copies.data,
        },
        ids.next(),
        copies.at,
      );
    }
  }
}
