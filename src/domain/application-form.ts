import { z } from 'zod';
import type { ApplicationForm, Role } from './application';
import { COUNTRIES, GRADES, LANGUAGES, MEETING_PREFERENCES, SPECIALTIES, TOPICS, type Choice } from './catalogue';
import { ValidationError } from './errors';

/**
 * Server-side rules of the application form (SPEC §3.1, §6). The card checks the same things, but card
 * data is untrusted: anything can be posted to the bot, so every rule is enforced again here.
 */

/** Length and count limits, shared with the card so both sides agree. */
export const FORM_LIMITS = {
  name: 100,
  site: 100,
  goals: 1000,
  bio: 600,
  languages: 8,
  topics: 8,
  /** Bound on a raw multi-select string before it is split, so a huge payload is refused cheaply. */
  multiSelectRaw: 500,
  earliestNhsStart: '1950-01-01',
} as const;

/** Input ids of the form card, in the order the form shows them. */
export const FORM_INPUT_IDS = [
  'name',
  'grade',
  'specialty',
  'site',
  'qualificationCountry',
  'nhsStartDate',
  'languages',
  'topics',
  'goals',
  'meetingPreference',
  'capacity',
  'bio',
  'eligibilityConfirmed',
  'privacyConsent',
] as const;

/** One input id of the application form. */
export type FormInputId = (typeof FORM_INPUT_IDS)[number];

/** The string value of every form input, as a card shows or posts it. */
export type FormInputValues = Record<FormInputId, string>;

/** Inputs only a mentor's form has. */
export const MENTOR_ONLY_INPUTS: readonly FormInputId[] = ['capacity', 'bio'];

/**
 * Keys that card actions legitimately carry beside the inputs (fixed action data and routing fields).
 * They are ignored here; anything else is refused so a forged payload cannot smuggle fields through.
 */
export const ALLOWED_EXTRA_KEYS: readonly string[] = [
  'programmeId',
  'role',
  'applicationId',
  'version',
  'verb',
  'action',
  'msteams',
];

/** What the form is being validated against: the applicant's role and the programme's settings. */
export interface FormContext {
  role: Role;
  /** Placement sites configured for the programme; empty means free text. */
  sites: string[];
  capacity: { min: number; max: number };
  /** Today's date in Europe/London (YYYY-MM-DD), so "not in the future" is decided by the caller's clock. */
  today: string;
}

// Letters, marks, punctuation, spaces and line breaks: control characters have no place in a form and
// could hide text on a coordinator's card.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

function text(label: string, max: number, opts: { multiline?: boolean } = {}) {
  return z
    .string({ required_error: `${label} is required.`, invalid_type_error: `${label} must be text.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((v) => !CONTROL_CHARS.test(v), `${label} contains characters that are not allowed.`)
    .refine((v) => opts.multiline || !/[\r\n]/.test(v), `${label} must be on one line.`);
}

function choice(label: string, choices: readonly Choice[]) {
  const values = new Set(choices.map((c) => c.value));
  return z
    .string({ required_error: `Choose ${label}.`, invalid_type_error: `Choose ${label}.` })
    .trim()
    .min(1, `Choose ${label}.`)
    .refine((v) => values.has(v), `Choose ${label} from the list.`);
}

function multiChoice(label: string, choices: readonly Choice[], max: number) {
  const values = new Set(choices.map((c) => c.value));
  return z
    .string({ required_error: `Choose at least one ${label}.`, invalid_type_error: `Choose at least one ${label}.` })
    .max(FORM_LIMITS.multiSelectRaw, `Choose at most ${max} ${label}s.`)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .superRefine((list, ctx) => {
      const problem =
        list.length === 0
          ? `Choose at least one ${label}.`
          : list.length > max
            ? `Choose at most ${max} ${label}s.`
            : list.some((v) => !values.has(v))
              ? `Choose each ${label} from the list.`
              : new Set(list).size !== list.length
                ? `Each ${label} can be chosen only once.`
                : undefined;
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    });
}

function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === iso;
}

function statement(message: string) {
  return z.literal('true', { errorMap: () => ({ message }) }).transform(() => true as const);
}

/** Mentee forms have no capacity or bio; a value there is a forged or mixed-up payload. */
function absent(label: string) {
  return z
    .string()
    .refine((v) => v.trim() === '', `${label} is only asked of mentors.`)
    .optional()
    .transform(() => undefined);
}

function schemaFor(ctx: FormContext) {
  const sites = ctx.sites.map((s) => ({ value: s, title: s }));
  const { min, max } = ctx.capacity;
  return z
    .object({
      name: text('Your name', FORM_LIMITS.name),
      grade: choice('your grade or stage of training', GRADES),
      specialty: choice('your specialty', SPECIALTIES),
      site: sites.length > 0 ? choice('your placement site', sites) : text('Placement site', FORM_LIMITS.site),
      qualificationCountry: choice('the country of your primary qualification', COUNTRIES),
      nhsStartDate: z
        .string({
          required_error: 'Enter the date you started in the NHS.',
          invalid_type_error: 'Enter the date you started in the NHS.',
        })
        .trim()
        .min(1, 'Enter the date you started in the NHS.')
        .refine(isRealDate, 'Enter a real date (YYYY-MM-DD).')
        .refine((v) => !isRealDate(v) || v <= ctx.today, 'The NHS start date cannot be in the future.')
        .refine(
          (v) => !isRealDate(v) || v >= FORM_LIMITS.earliestNhsStart,
          'The NHS start date cannot be before 1950.',
        ),
      languages: multiChoice('language', LANGUAGES, FORM_LIMITS.languages),
      topics: multiChoice('topic', TOPICS, FORM_LIMITS.topics),
      goals: text(ctx.role === 'mentor' ? 'What you can offer' : 'What you would like help with', FORM_LIMITS.goals, {
        multiline: true,
      }),
      meetingPreference: choice('a meeting preference', MEETING_PREFERENCES).transform(
        (v) => v as ApplicationForm['meetingPreference'],
      ),
      capacity:
        ctx.role === 'mentor'
          ? z
              .string({
                required_error: 'Say how many mentees you can take.',
                invalid_type_error: 'Say how many mentees you can take.',
              })
              .trim()
              .regex(/^\d{1,2}$/, `Capacity must be a whole number from ${min} to ${max}.`)
              .transform(Number)
              .refine((n) => n >= min && n <= max, `Capacity must be a whole number from ${min} to ${max}.`)
          : absent('Capacity'),
      bio: ctx.role === 'mentor' ? text('A short bio', FORM_LIMITS.bio, { multiline: true }) : absent('A bio'),
      eligibilityConfirmed: statement('You must confirm the eligibility statement to apply.'),
      privacyConsent: statement("You must agree to the programme's privacy notice to apply."),
    })
    .strict();
}

/**
 * Validates what an Adaptive Card `Action.Execute` posted for the application form and returns the
 * cleaned answers. Every value arrives as a string: multi-selects comma-separated, toggles 'true'/'false',
 * dates 'YYYY-MM-DD'. Keys in {@link ALLOWED_EXTRA_KEYS} are ignored; any other unknown key is refused.
 * A mentee's payload may carry empty capacity/bio (some clients post empty inputs) but not values.
 *
 * @throws ValidationError whose `details` maps each offending input id to a plain-English message.
 */
export function validateApplicationForm(raw: unknown, ctx: FormContext): ApplicationForm {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationError('The form could not be read. Please open it again.');
  }
  const input = Object.fromEntries(Object.entries(raw).filter(([k]) => !ALLOWED_EXTRA_KEYS.includes(k)));
  const result = schemaFor(ctx).safeParse(input);
  if (result.success) {
    const { capacity, bio, ...rest } = result.data;
    return ctx.role === 'mentor' ? { ...rest, capacity, bio } : rest;
  }
  const details: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) details[key.slice(0, 40)] ??= 'This is not part of the application form.';
    } else {
      details[String(issue.path[0] ?? 'form')] ??= issue.message;
    }
  }
  const count = Object.keys(details).length;
  throw new ValidationError(
    count === 1 ? 'Please correct 1 answer on the form.' : `Please correct ${count} answers on the form.`,
    details,
  );
}

/** The card input strings for a saved form, so an edit opens with the previous answers filled in. */
export function formToInputValues(form: ApplicationForm): FormInputValues {
  return {
    name: form.name,
    grade: form.grade,
    specialty: form.specialty,
    site: form.site,
    qualificationCountry: form.qualificationCountry,
    nhsStartDate: form.nhsStartDate,
    languages: form.languages.join(','),
    topics: form.topics.join(','),
    goals: form.goals,
    meetingPreference: form.meetingPreference,
    capacity: form.capacity === undefined ? '' : String(form.capacity),
    bio: form.bio ?? '',
    eligibilityConfirmed: form.eligibilityConfirmed ? 'true' : 'false',
    privacyConsent: form.privacyConsent ? 'true' : 'false',
  };
}

/** Empty inputs for a new form, with the name prefilled from Teams (SPEC §3.1). */
export function emptyInputValues(name = ''): FormInputValues {
  const values = Object.fromEntries(FORM_INPUT_IDS.map((id) => [id, ''])) as FormInputValues;
  return { ...values, name: name.slice(0, FORM_LIMITS.name), eligibilityConfirmed: 'false', privacyConsent: 'false' };
}
