import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { DomainError } from '../../domain/errors';
import type { CyclesService } from '../../services/cycles.service';
import { VERBS } from '../cards/verbs';
import { nextChoiceCard } from '../cycle-presenters';
import { payloads } from '../payloads';
import { failureCard, onExecute } from '../respond';

export interface CycleFlowDeps {
  cycles: CyclesService;
}

/**
 * The end of a cycle (docs/cycles.md): each person's choice on their "what next" card. The card stays and shows the
 * choice; a refused choice (a second one, or continuing with a partner who chose otherwise) keeps the card as it is
 * now with the reason. A new cycle's match card follows through the outbox, as a new message to both.
 */
export function registerCycleFlow(app: TeamsApplication<TurnState>, deps: CycleFlowDeps): void {
  onExecute(
    app,
    VERBS.nextChoose,
    payloads.nextChoose,
    async (_context, actor, data) => {
      const { view, notice } = await deps.cycles.choose(actor, data.matchId, data.choice);
      return nextChoiceCard(view, { notice });
    },
    async (_context, actor, data, e) => {
      if (!(e instanceof DomainError) || e.code === 'not-found' || e.code === 'internal') return undefined;
      try {
        return nextChoiceCard(await deps.cycles.view(actor, data.matchId), { notice: e.message });
      } catch (inner) {
        return failureCard(inner);
      }
    },
  );
}
