import { randomUUID } from 'node:crypto';
import {
  CONCERN_CATEGORIES,
  CONCERN_STATUS_LABELS,
  SIGNPOST_LIMITS,
  concernActions,
  type Signpost,
} from '../domain/concern';
import { formatUkDateTime } from '../domain/format';
import type { ConcernForm, ConcernView } from '../services/concerns.service';
import { renderCard, type ConcernData, type StatusTone } from './cards/views';

const STATUS_TONES: Readonly<Record<ConcernView['concern']['status'], StatusTone>> = {
  open: 'attention',
  acknowledged: 'warning',
  closed: 'good',
};

const signposts = (list: readonly Signpost[]) =>
  list.map((s) => ({ title: s.name, value: `${s.purpose}: ${s.contact}` }));

/** The form, with what the person typed when the server sent it back with a problem. */
export function concernFormCard(
  form: ConcernForm,
  opts: {
    notice?: string;
    formId?: string;
    values?: Partial<Record<'category' | 'matchId' | 'text' | 'mayContact', string>>;
  } = {},
) {
  const matchChoices =
    form.matches.length === 0
      ? []
      : [
          { title: 'No, not about a match', value: 'none' },
          ...form.matches.map((m) => ({
            title: `My match with ${m.otherName} (I am the ${m.side})`,
            value: m.matchId,
          })),
        ];
  return renderCard('concernForm', {
    // A form sent back with a problem keeps its id, so correcting it still raises one concern.
    formId: opts.formId ?? randomUUID(),
    programmeName: form.programme.name,
    notice: opts.notice,
    categories: CONCERN_CATEGORIES.map((c) => ({ title: c.title, value: c.value })),
    matchChoices,
    values: {
      category: opts.values?.category ?? '',
      matchId: opts.values?.matchId || form.matchId || 'none',
      text: opts.values?.text ?? '',
      mayContact: opts.values?.mayContact === 'false' ? 'false' : 'true',
    },
    signposts: signposts(form.signposts),
  });
}

/** The concern as its viewer may see it: the raiser never sees the coordinators' note or actions. */
export function concernCard(view: ConcernView, opts: { headline?: string; notice?: string } = {}) {
  const c = view.concern;
  const coordinator = view.viewer === 'coordinator';
  const category = CONCERN_CATEGORIES.find((x) => x.value === c.category)?.title ?? c.category;
  const facts: ConcernData['facts'] = [{ title: 'About', value: category }];
  if (coordinator) {
    const side = view.raiserSide ? ` (${view.raiserSide} in the match)` : '';
    facts.unshift({ title: 'Raised by', value: `${view.raiserName}${side}` });
    facts.push({ title: 'May contact them', value: c.mayContact ? 'Yes' : 'No, they asked not to be contacted' });
  }
  if (view.match)
    facts.push({ title: 'Match', value: `${view.match.menteeName} (mentee) and ${view.match.mentorName} (mentor)` });
  facts.push({ title: 'Raised', value: formatUkDateTime(c.createdAt) });
  if (c.acknowledgedAt)
    facts.push({ title: 'Acknowledged', value: `${formatUkDateTime(c.acknowledgedAt)} by ${view.acknowledgedByName}` });
  if (c.closedAt) facts.push({ title: 'Closed', value: `${formatUkDateTime(c.closedAt)} by ${view.closedByName}` });
  const actions = coordinator ? concernActions(c.status) : [];
  const unreachable = !view.delivered && !coordinator;
  return renderCard('concern', {
    headline: opts.headline ?? (coordinator ? `Concern raised in ${view.programme.name}` : 'Your concern'),
    urgent: coordinator && c.status === 'open',
    statusLabel: CONCERN_STATUS_LABELS[c.status],
    statusTone: STATUS_TONES[c.status],
    notice: unreachable
      ? 'No coordinator of this programme can be reached in Teams right now. Your concern is saved and will reach them when they are, but please use the contacts below today if anyone may be at risk.'
      : opts.notice,
    noticeTone: unreachable ? 'attention' : 'default',
    facts,
    text: c.text,
    closeNote: coordinator ? c.closeNote : undefined,
    signpostHeading: coordinator ? 'Signposting to offer' : 'Other places to turn',
    signposts: signposts(view.signposts),
    canAcknowledge: actions.includes('acknowledge'),
    canClose: actions.includes('close'),
    concernId: c.id,
    version: c.version,
  });
}

/** The coordinators' form for the places to turn, filled with the list (or what was typed, with the problems). */
export function signpostingFormCard(
  list: { entries: readonly Signpost[]; version: number },
  opts: {
    notice?: string;
    tone?: 'good' | 'attention' | 'default';
    errors?: string[];
    rows?: { name: string; purpose: string; contact: string }[];
  } = {},
) {
  const rows = opts.rows ?? list.entries.map((e) => ({ name: e.name, purpose: e.purpose, contact: e.contact }));
  const blank = { name: '', purpose: '', contact: '' };
  return renderCard('signpostingForm', {
    notice:
      opts.notice ??
      (list.version === 0
        ? 'These are the defaults; change them to your organisation\u2019s own contacts.'
        : undefined),
    noticeTone: opts.tone ?? 'default',
    errors: (opts.errors ?? []).map((message) => ({ message })),
    rows: Array.from({ length: SIGNPOST_LIMITS.entries }, (_, i) => rows[i] ?? blank),
    version: list.version,
  });
}
