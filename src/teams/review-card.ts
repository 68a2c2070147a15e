import type { ConversationReference } from 'botbuilder';
import { conversationKey } from '../services/actor';
import type { ApplicationView } from '../services/applications.service';
import type { DirectoryService } from '../services/directory.service';
import { reviewCard } from './presenters';
import type { Card } from './respond';

/**
 * The review card for coordinators, with `refresh.userIds` filled in. Teams wants user MRIs there, which
 * the app knows from each coordinator's stored personal-chat reference (`user.id`).
 */
export async function coordinatorReviewCard(
  directory: DirectoryService,
  view: ApplicationView,
  notice?: string,
): Promise<Card> {
  const refs = await directory.references(view.application.tenantId, view.coordinatorIds.map(conversationKey.personal));
  const mris = refs
    .map((r) => (r as Partial<ConversationReference>).user?.id)
    .filter((id): id is string => Boolean(id));
  return reviewCard(view, { notice }, mris);
}
