import { z } from 'zod';
import { SIGNPOST_LIMITS } from '../domain/concern';
import { ValidationError } from '../domain/errors';
import { COMMAND_IDS } from '../domain/help-menu';

/**
 * Schemas for the data each card action sends. Card data is untrusted: ids are bounded strings, versions
 * whole numbers, free text bounded; unknown fields are refused (except on forms, whose inputs the domain
 * validator checks field by field).
 */
const id = z.string().trim().min(1).max(64);
// Cards carry the version as a JSON number (the template binds it unquoted); coercion would turn `true`, `[1]`
// or "0x1" into version 1, so a forged click could pass the stale-card check. Only an integer is a version.
const version = z.number().int().min(1).max(1_000_000);
const role = z.enum(['mentee', 'mentor']);
/** A filter value from a choice set; 'any' (or nothing) means no filter. */
const filter = z
  .string()
  .max(100)
  .default('')
  .transform((v) => (v === 'any' ? '' : v));

export const payloads = {
  none: z.object({}).strict(),
  /** From a status card: the application it shows, which stays on the card. */
  appMine: z.object({ applicationId: id.optional() }).strict(),
  helpRun: z.object({ command: z.enum(COMMAND_IDS) }).strict(),
  open: z.object({ role }).strict(),
  submit: z.object({ programmeId: id, role }).passthrough(),
  applicationRef: z.object({ applicationId: id, version }).strict(),
  resubmit: z.object({ applicationId: id, version }).passthrough(),
  reject: z
    .object({
      applicationId: id,
      version,
      reason: z.string().max(500, 'Keep the reason under 500 characters.').default(''),
    })
    .strict(),
  requestInfo: z
    .object({
      applicationId: id,
      version,
      question: z.string().max(500, 'Keep the question under 500 characters.').default(''),
    })
    .strict(),
  refresh: z.object({ applicationId: id }).strict(),
  setup: z
    .object({
      programmeName: z.string().max(200).default(''),
      organisation: z.string().max(400).default(''),
      nation: z.string().max(40).default(''),
      sites: z.string().max(6_000).default(''),
    })
    .strict(),
  programme: z.object({ programmeId: id }).strict(),
  coordOpen: z.object({ programmeId: id, applicationId: id.optional() }).strict(),
  addCoordinator: z.object({ programmeId: id, personId: z.string().max(64).default('') }).strict(),
  removeCoordinator: z.object({ programmeId: id, personId: id }).strict(),
  find: z
    .object({
      page: z.coerce.number().int().min(1).max(1_000).default(1),
      specialty: filter,
      site: filter,
      country: filter,
      language: filter,
    })
    .strict(),
  request: z.object({ mentorApplicationId: id }).strict(),
  mine: z.object({ matchId: id.optional(), applicationId: id.optional() }).strict(),
  matchRef: z.object({ matchId: id, version }).strict(),
  concernOpen: z.object({ matchId: id.optional() }).strict(),
  // The form's inputs arrive as strings; the domain validator words the problems, so only sizes are bounded here.
  concernRaise: z
    .object({
      source: z.literal('form'),
      formId: id,
      category: z.string().max(40).default(''),
      // 'none' is the form's "not about a match" choice (a choice set cannot offer an empty value).
      matchId: z
        .string()
        .max(64)
        .default('')
        .transform((v) => (v === 'none' ? '' : v)),
      text: z.string().max(20_000).default(''),
      mayContact: z.enum(['true', 'false']).default('true'),
    })
    .strict(),
  concernRef: z.object({ concernId: id, version }).strict(),
  signpostsSave: z
    .object({
      // 0 while the defaults stand.
      version: z.number().int().min(0).max(1_000_000),
      ...Object.fromEntries(
        Array.from({ length: SIGNPOST_LIMITS.entries }, (_, i) =>
          ['name', 'purpose', 'contact'].map((part) => [`${part}${i}`, z.string().max(1_000).default('')]),
        ).flat(),
      ),
    })
    .strict(),
  concernClose: z.object({ concernId: id, version, note: z.string().max(5_000).default('') }).strict(),
  endOpen: z.object({ matchId: id }).strict(),
  evalOpen: z.object({ matchId: id }).strict(),
  certOpen: z.object({ certificateId: id, list: z.enum(['true', '']).optional() }).strict(),
  nextChoose: z.object({ matchId: id, choice: z.string().max(16) }).strict(),
  // The form's inputs arrive as strings; the domain validator words the problems, so only sizes are bounded here.
  evalSubmit: z
    .object({
      matchId: id,
      overall: z.string().max(4).optional(),
      support: z.string().max(4).optional(),
      fit: z.string().max(4).optional(),
      recommend: z.string().max(4).optional(),
      helped: z.string().max(20_000).optional(),
      better: z.string().max(20_000).optional(),
      nameOnCertificate: z.enum(['true', 'false']).optional(),
      wentWell: z.string().max(20_000).optional(),
      learned: z.string().max(20_000).optional(),
      differently: z.string().max(20_000).optional(),
    })
    .strict(),
  end: z.object({ matchId: id, version, reason: z.string().max(2_000).default('') }).strict(),
  decline: z
    .object({ matchId: id, version, reason: z.string().max(500, 'Keep the reason under 500 characters.').default('') })
    .strict(),
  autoOpen: z.object({ view: z.enum(['run', 'matches']) }).strict(),
  runPage: z.object({ runId: id, page: z.coerce.number().int().min(1).max(1_000).default(1) }).strict(),
  runPair: z
    .object({
      runId: id,
      version,
      menteeApplicationId: id,
      page: z.coerce.number().int().min(1).max(1_000).default(1),
      bar: z.boolean().default(false),
    })
    .strict(),
  runRef: z.object({ runId: id, version }).strict(),
  page: z.object({ page: z.coerce.number().int().min(1).max(1_000).default(1) }).strict(),
  profileOpen: z.object({ applicationId: id }).strict(),
  profileRef: z.object({ applicationId: id, version }).strict(),
  profileSave: z
    .object({
      applicationId: id,
      version,
      bio: z.string().max(2_000, 'Keep the bio under 1000 characters.').default(''),
      capacity: z.union([z.string(), z.number()]).transform(String).pipe(z.string().max(4)).default(''),
      topics: z.string().max(2_000).default(''),
      meetingPreference: z.string().max(40).default(''),
    })
    .strict(),
  meetingOpen: z.object({ matchId: id, meetingId: id.optional(), from: z.literal('offer').optional() }).strict(),
  meetingBook: z
    .object({
      matchId: id,
      meetingId: id.optional(),
      meetingVersion: version.optional(),
      start: z.string().max(40),
      mode: z.string().max(20).default(''),
      location: z.string().max(2_000).default(''),
    })
    .strict(),
  meetingCancel: z.object({ matchId: id, meetingId: id, meetingVersion: version }).strict(),
  sessionOpen: z
    .object({ matchId: id.optional(), meetingId: id.optional(), from: z.literal('pick').optional() })
    .strict(),
  // The form's inputs arrive as strings; the domain validator words the problems, so only sizes are bounded here.
  sessionLog: z
    .object({
      matchId: id,
      meetingId: id.optional(),
      formId: z.string().trim().min(1).max(100),
      heldOn: z.string().max(40).default(''),
      durationMinutes: z.union([z.string().max(10), z.number()]).default(''),
      mode: z.string().max(20).default(''),
      topics: z.string().max(2_000).default(''),
      actionPoints: z.string().max(20_000).default(''),
      mentorNotes: z.string().max(40_000).default(''),
    })
    .strict(),
  notesOpen: z.object({ sessionId: id }).strict(),
  notesSave: z
    .object({
      sessionId: id,
      version,
      notes: z.string().max(40_000).default(''),
      shared: z.enum(['true', 'false']).default('false'),
    })
    .strict(),
};

/** Keys Teams itself may add to Action.Execute data; never meaningful to us. */
const CLIENT_KEYS = ['msteams'];

/** Parses card data, answering a forged or malformed payload with a ValidationError naming the problem. */
export function parsePayload<S extends z.ZodTypeAny>(schema: S, data: unknown): z.infer<S> {
  const input = typeof data === 'object' && data !== null ? { ...(data as Record<string, unknown>) } : data;
  if (input && typeof input === 'object') for (const k of CLIENT_KEYS) delete (input as Record<string, unknown>)[k];
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || 'card';
    details[field] =
      issue.code === 'unrecognized_keys' ? `Unexpected field(s): ${issue.keys.join(', ')}.` : issue.message;
  }
  throw new ValidationError('This card sent data the app does not accept, so nothing was changed.', details);
}
