import { CHOICE_PHRASE } from '../domain/cycle';
import type { NextChoice } from '../domain/match';
import type { NextChoiceView } from '../services/cycles.service';
import { renderCard } from './cards/views';

const BUTTON: Record<NextChoice, (other: string, side: 'mentee' | 'mentor') => string> = {
  continue: (other) => `Continue with ${other}`,
  rematch: (_o, side) => (side === 'mentee' ? 'Find a new mentor' : 'Take a new mentee'),
  'opt-out': () => 'Take a break from the programme',
};

/** The "what next" card at the end of a cycle: three choices until one is made, then the choice. */
export function nextChoiceCard(view: NextChoiceView, opts: { headline?: string; notice?: string } = {}) {
  const completed = view.match.status === 'completed';
  const text = view.mine
    ? `You chose to ${CHOICE_PHRASE[view.mine]}.`
    : `${completed ? `Your mentoring cycle with ${view.otherName} in ${view.programmeName} is complete.` : `Your match with ${view.otherName} has ended.`} What would you like next? ${completed ? `A new cycle together starts only if ${view.otherName} chooses it too; the session count starts again and this cycle's sessions stay in your history. ` : ''}Choosing someone new means this pair is not proposed again; a break means nobody new is matched with you until you come back.`;
  return renderCard('nextChoice', {
    headline: opts.headline ?? (completed ? `What next after your cycle with ${view.otherName}?` : 'What next?'),
    text,
    notice: opts.notice,
    chosen: view.mine ? CHOICE_PHRASE[view.mine] : undefined,
    choices: view.mine ? [] : view.offered.map((c) => ({ title: BUTTON[c](view.otherName, view.side), value: c })),
    matchId: view.match.id,
  });
}
