import type { Application } from '../domain/application';
import { NotFoundError } from '../domain/errors';
import { profileFromApplication, type MentorProfileRecord } from '../domain/mentor-profile';
import type { MatchProfile, MentorProfile } from '../domain/matching/score';
import type { TenantTx } from './ports';

/**
 * What both matching modes read about people: an application as the engine's profile, a mentor's stored
 * profile (created from the approved application on first use).
 */

/** The matching profile of an application, keyed by application id. */
export function matchProfile(a: Application): MatchProfile {
  const f = a.form;
  return {
    id: a.id,
    personId: a.personId,
    specialty: f.specialty,
    site: f.site,
    qualificationCountry: f.qualificationCountry,
    languages: f.languages,
    topics: f.topics,
    meetingPreference: f.meetingPreference,
    grade: f.grade,
    nhsStartDate: f.nhsStartDate,
  };
}

/** A mentor's matching profile: topics and meeting preference as edited in the profile, and `capacity` places. */
export function mentorProfile(a: Application, p: MentorProfileRecord, capacity = p.capacity): MentorProfile {
  return { ...matchProfile(a), topics: p.topics, meetingPreference: p.meetingPreference, capacity };
}

/** The stored mentor profile, created from the approved application on first use. */
export async function profileOf(tx: TenantTx, mentor: Application, at: string): Promise<MentorProfileRecord> {
  const existing = await tx.mentorProfiles.get(mentor.id);
  if (existing) return existing;
  await tx.mentorProfiles.insertIfAbsent(profileFromApplication(mentor, at));
  return (await tx.mentorProfiles.get(mentor.id))!;
}

export async function applicationOf(tx: TenantTx, id: string): Promise<Application> {
  const app = await tx.applications.get(id);
  if (!app) throw new NotFoundError('An application of this match no longer exists.');
  return app;
}
