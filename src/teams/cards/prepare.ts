import { FORM_INPUT_IDS, type FormInputValues } from '../../domain/application-form';
import { MAX_REFRESH_USERS } from './verbs';
import type { ApplicationSummary, CardView, CardViews, MatchHomeData } from './models';

/**
 * Turns a view's data model into what its template expects. The templating engine leaves `${x}` in the
 * output when x is undefined, so every optional field gets a value here: '' for text tested with
 * `empty()`, null for a property that should disappear (nulls are pruned after expansion).
 */

/**
 * Breaks Markdown link syntax in text people typed, so an applicant cannot put a disguised link on a
 * coordinator's card. A zero-width space between `]` and `(` is invisible and stops the link parsing.
 */
export function defuseLinks(text: string): string {
  return text.replace(/\]\s*\(/g, ']\u200B(');
}

/**
 * The summary as template strings, with who is reading it: the applicant's own cards say "you", the
 * coordinators' copies "they".
 */
function summary(s: ApplicationSummary, audience: 'applicant' | 'coordinator'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) out[k] = defuseLinks(String(v ?? ''));
  out.audience = audience;
  return out;
}

/**
 * What the form says about privacy. The service is configured with the privacy notice's address
 * (PRIVACY_NOTICE_URL), not its text: an address alone would show as a bare URL above a consent box
 * that speaks of "the privacy notice", so it becomes a sentence and a link instead.
 */
function privacy(notice: string): { privacyNotice: string; privacyNoticeUrl: string } {
  const trimmed = notice.trim();
  if (!/^https?:\/\/\S+$/i.test(trimmed)) return { privacyNotice: notice, privacyNoticeUrl: '' };
  return {
    privacyNotice:
      'Your answers go to the programme coordinators to review your application and, if it is approved, to suggest matches. The programme privacy notice says how they are used and how long they are kept.',
    // A Markdown link target ends at ')': encode parentheses so the whole address is the link.
    privacyNoticeUrl: trimmed.replace(/\(/g, '%28').replace(/\)/g, '%29'),
  };
}

function formValues(values: Partial<Record<string, string>>): FormInputValues {
  const out = Object.fromEntries(FORM_INPUT_IDS.map((id) => [id, values[id] ?? ''])) as FormInputValues;
  // An unset toggle must post 'false', not '', so the server sees an explicit answer.
  for (const id of ['eligibilityConfirmed', 'privacyConsent'] as const) if (out[id] !== 'true') out[id] = 'false';
  return out;
}

type Preparers = { [V in CardView]: (data: CardViews[V]) => Record<string, unknown> };

export const PREPARE: Preparers = {
  welcome: (d) => ({ ...d, name: defuseLinks(d.name), programmeName: d.programmeName ?? '' }),
  applicationForm: (d) => {
    const values = formValues(d.values);
    return {
      ...d,
      values,
      capacityValue: /^\d{1,2}$/.test(values.capacity) ? Number(values.capacity) : null,
      applicationId: d.applicationId ?? '',
      version: d.version ?? null,
      today: d.today ?? null,
      coordinatorQuestion: defuseLinks(d.coordinatorQuestion ?? ''),
      answer: d.answer ?? null,
      answerMaxLength: d.answerMaxLength ?? 1000,
      errors: d.errors.map((e) => ({ field: e.field, message: defuseLinks(e.message) })),
      ...privacy(d.privacyNotice),
    };
  },
  applicationStatus: (d) => ({
    ...d,
    note: defuseLinks(d.note ?? ''),
    summary: summary(d.summary, 'applicant'),
    coordinatorsProgrammeId: d.coordinatorsProgrammeId ?? '',
  }),
  applicationReview: (d) => ({
    ...d,
    applicantName: defuseLinks(d.applicantName),
    headline: defuseLinks(d.headline),
    outcome: defuseLinks(d.outcome ?? ''),
    notice: defuseLinks(d.notice ?? ''),
    question: defuseLinks(d.question ?? ''),
    answer: defuseLinks(d.answer ?? ''),
    selfReview: defuseLinks(d.selfReview ?? ''),
    coordinatorsProgrammeId: d.coordinatorsProgrammeId ?? '',
    summary: summary(d.summary, 'coordinator'),
    refreshUserIds: d.refreshUserIds.slice(0, MAX_REFRESH_USERS),
  }),
  setupForm: (d) => ({ ...d }),
  pendingApplications: (d) => ({
    ...d,
    more: d.more ?? '',
    items: d.items.map((i) => ({ ...i, name: defuseLinks(i.name), title: defuseLinks(i.title), note: i.note ?? '' })),
  }),
  coordinators: (d) => ({
    ...d,
    message: d.message ?? '',
    coordinators: d.coordinators.map((c) => ({
      name: defuseLinks(c.name),
      personId: c.personId,
      programmeId: d.programmeId,
      canRemove: d.canRemove,
    })),
  }),
  notice: (d) => ({ ...d }),
  error: (d) => ({ ...d }),
  mentorSuggestions: (d) => ({
    ...d,
    notice: defuseLinks(d.notice ?? ''),
    mentors: d.mentors.map((m) => ({
      ...m,
      name: defuseLinks(m.name),
      bio: defuseLinks(m.bio),
      reasons: defuseLinks(m.reasons),
    })),
  }),
  concernForm: (d) => ({
    ...d,
    notice: d.notice ?? '',
    hasMatches: d.matchChoices.length > 0,
    matchChoices: d.matchChoices.map((c) => ({ title: defuseLinks(c.title), value: c.value })),
    values: { ...d.values, text: d.values.text },
  }),
  signpostingForm: (d) => ({ ...d, notice: d.notice ?? '' }),
  // Row labels are what applicants typed (a site is free text): no links from them on a coordinator's card.
  reports: (d) => ({
    ...d,
    tabUrl: d.tabUrl ?? '',
    breakdowns: d.breakdowns.map((b) => ({
      ...b,
      more: b.more ?? '',
      rows: b.rows.map((r) => ({ ...r, label: defuseLinks(r.label) })),
    })),
  }),
  concern: (d) => ({
    ...d,
    headlineStyle: d.urgent ? 'attention' : 'default',
    notice: defuseLinks(d.notice ?? ''),
    facts: d.facts.map((f) => ({ title: f.title, value: defuseLinks(f.value) })),
    text: defuseLinks(d.text),
    closeNote: defuseLinks(d.closeNote ?? ''),
  }),
  match: (d) => ({
    ...d,
    deadline: d.deadline ?? '',
    note: defuseLinks(d.note ?? ''),
    otherName: defuseLinks(d.otherName),
    about: defuseLinks(d.about ?? ''),
    reasons: d.reasons ?? '',
    facts: d.facts.map((f) => ({ title: f.title, value: defuseLinks(f.value) })),
    hasHome: Boolean(d.home),
    ...homeFields(d.home),
  }),
  meetingOffer: (d) => ({
    ...d,
    notice: defuseLinks(d.notice ?? ''),
    headline: defuseLinks(d.headline),
    hasSlots: d.slots.length > 0,
    location: d.location ?? '',
    meetingId: d.meetingId ?? null,
    meetingVersion: d.meetingVersion ?? null,
  }),
  sessionForm: (d) => ({
    ...d,
    headline: defuseLinks(d.headline),
    notice: defuseLinks(d.notice ?? ''),
    meetingId: d.meetingId ?? null,
  }),
  session: (d) => ({
    ...d,
    headline: defuseLinks(d.headline),
    notice: defuseLinks(d.notice ?? ''),
    actionPoints: defuseLinks(d.actionPoints ?? ''),
    mentorNotes: defuseLinks(d.mentorNotes ?? ''),
    menteeNotes: defuseLinks(d.menteeNotes ?? ''),
    facts: d.facts.map((f) => ({ title: f.title, value: defuseLinks(f.value) })),
  }),
  endMatch: (d) => ({ ...d, headline: defuseLinks(d.headline), text: defuseLinks(d.text), notice: d.notice ?? '' }),
  evaluationForm: (d) => ({
    ...d,
    notice: defuseLinks(d.notice ?? ''),
    headline: defuseLinks(d.headline),
    answers: d.answers.map((a) => ({ title: a.title, value: defuseLinks(a.value) })),
  }),
  nextChoice: (d) => ({
    headline: defuseLinks(d.headline),
    text: defuseLinks(d.text),
    notice: defuseLinks(d.notice ?? ''),
    chosen: d.chosen ?? '',
    choices: d.choices,
    matchId: d.matchId,
  }),
  certificates: (d) => ({
    headline: defuseLinks(d.headline),
    intro: defuseLinks(d.intro ?? ''),
    notice: defuseLinks(d.notice ?? ''),
    items: d.items.map((i) => ({
      title: defuseLinks(i.title),
      facts: i.facts.map((f) => ({ title: f.title, value: defuseLinks(f.value) })),
      downloadUrl: i.downloadUrl ?? '',
      hasDownload: Boolean(i.downloadUrl),
      preparing: i.preparing,
      canRefresh: i.canRefresh,
      list: i.listed ? 'true' : '',
      certificateId: i.certificateId,
    })),
  }),
  sessionPick: (d) => ({ matches: d.matches.map((m) => ({ title: defuseLinks(m.title), matchId: m.matchId })) }),
  mentorProfile: (d) => ({
    ...d,
    notice: defuseLinks(d.notice ?? ''),
    errors: d.errors.map((e) => ({ field: e.field, message: defuseLinks(e.message) })),
    capacityMin: d.capacity.min,
    capacityMax: d.capacity.max,
    capacityValue: /^\d{1,2}$/.test(d.values.capacity) ? Number(d.values.capacity) : null,
  }),
  matchingProposal: (d) => ({
    ...d,
    notice: defuseLinks(d.notice ?? ''),
    unmatchedMore: d.unmatchedMore ?? '',
    pairs: d.pairs.map((p) => ({
      ...p,
      menteeName: defuseLinks(p.menteeName),
      mentorName: defuseLinks(p.mentorName),
      reasons: defuseLinks(p.reasons),
    })),
    removed: d.removed.map((p) => ({
      ...p,
      menteeName: defuseLinks(p.menteeName),
      mentorName: defuseLinks(p.mentorName),
      barredNote: p.barred ? ' (barred: never paired again)' : '',
    })),
    skipped: d.skipped.map((p) => ({
      ...p,
      menteeName: defuseLinks(p.menteeName),
      mentorName: defuseLinks(p.mentorName),
    })),
    unmatched: d.unmatched.map((u) => ({ ...u, name: defuseLinks(u.name) })),
  }),
  programmeMatches: (d) => ({
    ...d,
    items: d.items.map((i) => ({ ...i, title: defuseLinks(i.title), reason: defuseLinks(i.reason ?? '') })),
  }),
};

/** Removes null properties and empty action lists left by optional fields and `$when`. */
export function prune(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prune);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (v === null || v === undefined) continue;
    if (k === 'actions' && Array.isArray(v) && v.length === 0) continue;
    out[k] = prune(v);
  }
  return out;
}

/** The home section's fields; every optional one present, so the template's `$when`s read them. */
function homeFields(h: MatchHomeData | undefined): Record<string, unknown> {
  if (!h)
    return {
      canSchedule: false,
      canMove: false,
      canLog: false,
      canAddNotes: false,
      canEnd: false,
      endNote: '',
      canEvaluate: false,
      evaluateTitle: '',
    };
  return {
    ...h,
    lastSessionLine: h.lastSessionLine ?? '',
    meetingLine: defuseLinks(h.meetingLine ?? ''),
    homeNote: h.homeNote ?? '',
    joinUrl: h.joinUrl ?? '',
    chatUrl: h.chatUrl ?? '',
    icsUrl: h.icsUrl ?? '',
    meetingId: h.meetingId ?? null,
    meetingVersion: h.meetingVersion ?? null,
    latestSessionId: h.latestSessionId ?? null,
    endNote: h.endNote ?? '',
    evaluateTitle: h.evaluateTitle ?? '',
  };
}
