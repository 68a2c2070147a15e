import { RATING_QUESTIONS, REFLECTION_QUESTIONS, type MentorFeedback } from '../domain/evaluation';
import type { EvaluationView } from '../services/evaluations.service';
import { renderCard } from './cards/views';
import { noticeCard } from './presenters';

/** The end-of-match card: the form, or (once sent) the person's own answers; never the other person's. */
export function evaluationCard(
  view: EvaluationView,
  opts: { headline?: string; notice?: string; values?: Record<string, unknown> } = {},
) {
  const isMentee = view.role === 'mentee';
  const v = opts.values ?? {};
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
  const e = view.mine?.evaluation;
  const r = view.mine?.reflection;
  const answers = e
    ? [
        ...RATING_QUESTIONS.map((q) => ({ title: q.title, value: `${e.ratings[q.id]} of 5` })),
        { title: 'What helped', value: e.helped || '—' },
        { title: 'What could be better', value: e.better || '—' },
        { title: 'Certificate may name you', value: e.nameOnCertificate ? 'Yes' : 'No' },
      ]
    : r
      ? REFLECTION_QUESTIONS.map((q) => ({ title: q.title, value: r.answers[q.id] || '—' }))
      : [];
  return renderCard('evaluationForm', {
    headline:
      opts.headline ??
      (isMentee ? `How was your mentoring with ${view.otherName}?` : `Your reflection on mentoring ${view.otherName}`),
    intro: view.mine
      ? isMentee
        ? 'Your evaluation, as you sent it. Your mentor never sees your answers: only averages over several mentees.'
        : 'Your reflection, as you saved it: the reflective note CPD and appraisal ask for.'
      : isMentee
        ? `Your match in ${view.programmeName} has ended. Your answers help the programme; your mentor never sees them, only averages over at least three mentees.`
        : `Your match in ${view.programmeName} has ended. A few lines on what went well, what you learned and what you would change: this is your reflective note for CPD and appraisal, and only you and the coordinators see it.`,
    notice: opts.notice,
    isMentee,
    sent: Boolean(view.mine),
    answers,
    ratings: RATING_QUESTIONS.map((q) => ({ id: q.id, title: q.title, value: str(q.id) })),
    questions: REFLECTION_QUESTIONS.map((q) => ({ id: q.id, title: q.title, value: str(q.id) })),
    values: {
      helped: str('helped'),
      better: str('better'),
      nameOnCertificate: str('nameOnCertificate') === 'true' ? 'true' : 'false',
    },
    submitTitle: isMentee ? 'Send my evaluation' : 'Save my reflection',
    matchId: view.matchId,
  });
}

/** A mentor's feedback: averages only, once enough mentees have answered. */
export function feedbackCard(f: MentorFeedback) {
  if (f.kind === 'too-few') {
    return noticeCard(
      'Feedback from your mentees',
      `You will see your mentees' ratings, averaged, once at least ${f.minimum} have answered (${f.count} so far). No single mentee's answers are ever shown.`,
      'default',
    );
  }
  const lines = RATING_QUESTIONS.map((q) => `${q.title} ${f.averages[q.id]} of 5`).join('\n\n');
  return noticeCard(`Feedback from your mentees (averages of ${f.count})`, lines, 'good');
}
