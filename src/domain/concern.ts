import { ConflictError, StaleError, ValidationError } from './errors';

/**
 * Concerns (SPEC §3.6): a participant's private report to the programme's coordinators about welfare or risk,
 * inappropriate behaviour, or anything else. `open → acknowledged → closed` (a coordinator may also close an
 * open concern at once). The other person of a match is never told and never sees it.
 */
export type ConcernStatus = 'open' | 'acknowledged' | 'closed';

export type ConcernCategory = 'welfare' | 'behaviour' | 'other';

/** What the form offers, in the raiser's words. */
export const CONCERN_CATEGORIES: readonly { value: ConcernCategory; title: string }[] = [
  { value: 'welfare', title: 'Welfare of, or risk to, a participant' },
  { value: 'behaviour', title: 'Inappropriate behaviour' },
  { value: 'other', title: 'Something else' },
];

export const CONCERN_STATUS_LABELS: Readonly<Record<ConcernStatus, string>> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  closed: 'Closed',
};

/** Bounds on what people type, checked on the card and again here. */
export const CONCERN_LIMITS = { text: 2_000, note: 1_000 } as const;

export interface Concern {
  tenantId: string;
  id: string;
  programmeId: string;
  raisedBy: string;
  /** The match it is about, when raised from a match card or chosen on the form. */
  matchId?: string;
  category: ConcernCategory;
  text: string;
  /** Whether a coordinator may contact the raiser about it. */
  mayContact: boolean;
  status: ConcernStatus;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  closedBy?: string;
  closedAt?: string;
  /** The coordinator's closing note: for coordinators only. */
  closeNote?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ConcernAction = 'acknowledge' | 'close';

const TRANSITIONS: Readonly<Record<ConcernStatus, Partial<Record<ConcernAction, ConcernStatus>>>> = {
  open: { acknowledge: 'acknowledged', close: 'closed' },
  acknowledged: { close: 'closed' },
  closed: {},
};

/** The actions a coordinator has on a concern in `status` (the cards show exactly these). */
export function concernActions(status: ConcernStatus): ConcernAction[] {
  return Object.keys(TRANSITIONS[status]) as ConcernAction[];
}

/** Validates what the raiser typed; returns the cleaned values or throws a ValidationError naming each problem. */
export function validateConcern(input: {
  category: unknown;
  text: unknown;
  mayContact: unknown;
}): Pick<Concern, 'category' | 'text' | 'mayContact'> {
  const details: Record<string, string> = {};
  const category = CONCERN_CATEGORIES.find((c) => c.value === input.category)?.value;
  if (!category) details.category = 'Choose what the concern is about.';
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (!text) details.text = 'Say what happened, in a few words at least.';
  else if (text.length > CONCERN_LIMITS.text)
    details.text = `Keep it under ${CONCERN_LIMITS.text} characters (this is ${text.length}).`;
  if (typeof input.mayContact !== 'boolean') details.mayContact = 'Say whether the coordinators may contact you.';
  if (Object.keys(details).length > 0)
    throw new ValidationError('Some answers need another look; nothing was sent.', details);
  return { category: category!, text, mayContact: input.mayContact as boolean };
}

/**
 * Applies a coordinator's action to the concern as the card showed it (`seenVersion`). A stale card, an
 * action the status does not allow, or a closing note that is too long change nothing.
 */
export function transitionConcern(
  concern: Concern,
  action: ConcernAction,
  by: { personId: string; seenVersion: number; at: string; note?: string },
): Concern {
  if (by.seenVersion !== concern.version) {
    throw new StaleError(
      `This concern was ${CONCERN_STATUS_LABELS[concern.status].toLowerCase()} since this card was shown; here it is as it is now.`,
    );
  }
  const next = TRANSITIONS[concern.status][action];
  if (!next) {
    throw new ConflictError(
      concern.status === 'closed'
        ? 'This concern is already closed.'
        : `This concern is already ${CONCERN_STATUS_LABELS[concern.status].toLowerCase()}.`,
    );
  }
  const note = by.note?.trim() ?? '';
  if (note.length > CONCERN_LIMITS.note)
    throw new ValidationError(`Keep the note under ${CONCERN_LIMITS.note} characters; nothing was changed.`, {
      note: `${note.length} characters`,
    });
  const common = { ...concern, status: next, version: concern.version + 1, updatedAt: by.at };
  if (action === 'acknowledge') return { ...common, acknowledgedBy: by.personId, acknowledgedAt: by.at };
  return { ...common, closedBy: by.personId, closedAt: by.at, ...(note ? { closeNote: note } : {}) };
}

/** One place to turn for help, shown with every concern (configured per tenant; these are the defaults). */
export interface Signpost {
  name: string;
  purpose: string;
  contact: string;
}

/** The defaults every tenant starts with: the NHS's own routes for a worried doctor or dentist. */
export const DEFAULT_SIGNPOSTS: readonly Signpost[] = [
  {
    name: 'Emergency',
    purpose: 'If someone is in immediate danger',
    contact: 'Call 999; for urgent medical advice call 111',
  },
  {
    name: 'Freedom to Speak Up Guardian',
    purpose: 'Raising a concern about safety or behaviour in confidence',
    contact: "Your organisation's Guardian (see the intranet)",
  },
  {
    name: 'Occupational Health',
    purpose: 'Your own health and wellbeing at work',
    contact: "Your organisation's Occupational Health service",
  },
  {
    name: 'Educational supervisor',
    purpose: 'Training and support in your post',
    contact: 'Your named educational supervisor',
  },
  {
    name: 'NHS Practitioner Health',
    purpose: 'Free, confidential mental health support for doctors and dentists',
    contact: '0300 0303 300',
  },
];

/** How many places a tenant may list, and how long each part may be. */
export const SIGNPOST_LIMITS = { entries: 8, name: 80, purpose: 160, contact: 160 } as const;

/**
 * Validates a coordinator's list of places to turn: at least one, at most eight, each with a name and a
 * contact (what it is for is optional); blank rows are dropped. Throws a ValidationError naming each row.
 */
export function validateSignposts(
  rows: readonly { name?: unknown; purpose?: unknown; contact?: unknown }[],
): Signpost[] {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const details: Record<string, string> = {};
  const kept: Signpost[] = [];
  rows.forEach((row, i) => {
    const entry = { name: text(row.name), purpose: text(row.purpose), contact: text(row.contact) };
    if (!entry.name && !entry.purpose && !entry.contact) return;
    const problems: string[] = [];
    if (!entry.name) problems.push('give it a name');
    if (!entry.contact) problems.push('say how to reach it');
    for (const part of ['name', 'purpose', 'contact'] as const) {
      if (entry[part].length > SIGNPOST_LIMITS[part])
        problems.push(`keep the ${part} under ${SIGNPOST_LIMITS[part]} characters`);
    }
    if (problems.length > 0) details[`row${i + 1}`] = `Row ${i + 1}: ${problems.join(', ')}.`;
    else kept.push(entry);
  });
  if (Object.keys(details).length === 0 && kept.length === 0)
    details.rows = 'List at least one place to turn: people must always be shown somewhere to go.';
  if (kept.length > SIGNPOST_LIMITS.entries) details.rows = `List at most ${SIGNPOST_LIMITS.entries} places.`;
  if (Object.keys(details).length > 0)
    throw new ValidationError('The list was not saved; some rows need another look.', details);
  return kept;
}
