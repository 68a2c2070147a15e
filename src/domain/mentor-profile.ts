import type { Application, ApplicationForm } from './application';
import { MEETING_PREFERENCES, TOPICS } from './catalogue';
import { ValidationError } from './errors';

/**
 * A mentor's profile: their approved mentor application, plus what they may change later
 * (bio, capacity, topics, meeting preference), whether they are paused, and how many mentees they have now.
 */
export interface MentorProfileRecord {
  tenantId: string;
  /** The mentor application it belongs to. */
  applicationId: string;
  programmeId: string;
  personId: string;
  paused: boolean;
  capacity: number;
  /** Accepted matches holding a slot; only ever changed by a conditional update in the store. */
  inUse: number;
  bio: string;
  topics: string[];
  meetingPreference: ApplicationForm['meetingPreference'];
  version: number;
  updatedAt: string;
}

/** The profile as it starts, from the approved application. */
export function profileFromApplication(app: Application, at: string): MentorProfileRecord {
  return {
    tenantId: app.tenantId,
    applicationId: app.id,
    programmeId: app.programmeId,
    personId: app.personId,
    paused: false,
    capacity: app.form.capacity ?? 1,
    inUse: 0,
    bio: app.form.bio ?? '',
    topics: [...app.form.topics],
    meetingPreference: app.form.meetingPreference,
    version: 1,
    updatedAt: at,
  };
}

/** The editable fields, as the profile card sends them (strings). */
export interface ProfileEdit {
  bio: string;
  capacity: string;
  topics: string;
  meetingPreference: string;
}

export const BIO_MAX_LENGTH = 1_000;

/**
 * Validates an edit within the programme's capacity bounds; capacity may not go below the mentees the mentor
 * has now. Returns the changed fields or throws a ValidationError naming each bad field.
 */
export function validateProfileEdit(
  edit: ProfileEdit,
  bounds: { min: number; max: number },
  inUse: number,
): Pick<MentorProfileRecord, 'bio' | 'capacity' | 'topics' | 'meetingPreference'> {
  const details: Record<string, string> = {};
  const bio = edit.bio.trim();
  if (!bio) details.bio = 'Write a short bio.';
  else if (bio.length > BIO_MAX_LENGTH) details.bio = `Keep the bio under ${BIO_MAX_LENGTH} characters.`;
  const capacity = /^\d{1,2}$/.test(edit.capacity.trim()) ? Number(edit.capacity.trim()) : NaN;
  if (!Number.isInteger(capacity) || capacity < bounds.min || capacity > bounds.max) {
    details.capacity = `Capacity must be a whole number from ${bounds.min} to ${bounds.max}.`;
  } else if (capacity < inUse) {
    details.capacity = `You have ${inUse} mentee${inUse === 1 ? '' : 's'} now, so capacity cannot be lower than that.`;
  }
  const topics = [
    ...new Set(
      edit.topics
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (topics.length === 0) details.topics = 'Choose at least one topic.';
  else if (topics.some((t) => !TOPICS.some((c) => c.value === t))) details.topics = 'Choose topics from the list.';
  const meeting = MEETING_PREFERENCES.find((m) => m.value === edit.meetingPreference);
  if (!meeting) details.meetingPreference = 'Choose a meeting preference.';
  if (Object.keys(details).length) throw new ValidationError('Please correct the highlighted fields.', details);
  return { bio, capacity, topics, meetingPreference: meeting!.value as MentorProfileRecord['meetingPreference'] };
}
