import type { Application as TeamsApplication, TurnState } from '@microsoft/teams-ai';
import { DomainError, ValidationError } from '../../domain/errors';
import type { Actor } from '../../services/actor';
import type { EvaluationsService } from '../../services/evaluations.service';
import type { MatchesService } from '../../services/matches.service';
import { VERBS } from '../cards/verbs';
import { evaluationCard, feedbackCard } from '../evaluation-presenters';
import { matchCard } from '../match-presenters';
import { payloads } from '../payloads';
import { failureCard, onExecute, sendCard, type Card } from '../respond';

export interface EvaluationFlowDeps {
  evaluations: EvaluationsService;
  matches: MatchesService;
}

/** "my feedback": a mentor's mentees' ratings, averaged once enough have answered. */
export async function showFeedback(deps: EvaluationFlowDeps, actor: Actor): Promise<Card> {
  return feedbackCard(await deps.evaluations.feedback(actor));
}

/**
 * The end of a match (SPEC §3.5): the mentee's evaluation and the mentor's reflection. Opening one from the match
 * card posts it as a new message and keeps the match card; a refused answer keeps the form with what was typed.
 */
export function registerEvaluationFlow(app: TeamsApplication<TurnState>, deps: EvaluationFlowDeps): void {
  onExecute(app, VERBS.evalOpen, payloads.evalOpen, async (context, actor, data) => {
    await sendCard(context, evaluationCard(await deps.evaluations.view(actor, data.matchId)));
    return matchCard(await deps.matches.view(actor, data.matchId));
  });

  onExecute(
    app,
    VERBS.evalSubmit,
    payloads.evalSubmit,
    async (_context, actor, data) => {
      const { matchId, ...answers } = data;
      const view = await deps.evaluations.submit(actor, matchId, answers);
      const thanks =
        view.role === 'mentee'
          ? 'Thank you: your evaluation was sent.'
          : 'Saved: this is your reflective note for CPD and appraisal.';
      return evaluationCard(view, {
        notice: view.alreadySent ? 'This was already sent; it has not been sent twice.' : thanks,
      });
    },
    async (_context, actor, data, e) => {
      if (!(e instanceof DomainError) || e.code === 'not-found' || e.code === 'internal') return undefined;
      try {
        const view = await deps.evaluations.view(actor, data.matchId);
        const details = e instanceof ValidationError ? Object.values(e.details).join(' ') : '';
        return evaluationCard(view, { notice: `${e.message} ${details}`.trim(), values: data });
      } catch (inner) {
        return failureCard(inner);
      }
    },
  );
}
