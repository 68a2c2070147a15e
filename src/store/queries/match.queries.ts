import type { Match } from '../../domain/match';
import type { BarredPair, MatchingRun } from '../../domain/matching-run';
import type { MentorProfileRecord } from '../../domain/mentor-profile';
import { barredPairs, matches, matchingRuns, menteeHolds, mentorProfiles } from '../schema-matching';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, gte, lt, lte, or } from '../sql/where';
import { AT, T } from './samples';

const sampleProfile: MentorProfileRecord = {
  tenantId: T,
  applicationId: 'app',
  programmeId: 'prog',
  personId: 'person',
  paused: false,
  capacity: 2,
  inUse: 0,
  bio: 'Bio',
  topics: ['exams-portfolio'],
  meetingPreference: 'either',
  version: 1,
  updatedAt: AT,
};

const sampleMatch: Match = {
  tenantId: T,
  id: 'match',
  programmeId: 'prog',
  menteeApplicationId: 'a1',
  mentorApplicationId: 'a2',
  menteePersonId: 'p1',
  mentorPersonId: 'p2',
  status: 'requested',
  origin: 'request',
  score: 5000,
  reasons: ['same site'],
  deadlineAt: AT,
  deadlineDate: '2027-03-10',
  version: 1,
  createdAt: AT,
  updatedAt: AT,
};

function editable(p: MentorProfileRecord) {
  return {
    paused: p.paused,
    capacity: p.capacity,
    bio: p.bio,
    topics: JSON.stringify(p.topics),
    meeting_preference: p.meetingPreference,
    version: p.version,
    updated_at: p.updatedAt,
  };
}

/** Mentor profiles: created from the approved application on first use; edits are versioned. */
export const mentorProfileQueries = {
  get: defineQuery('mentorProfiles.get', [T, 'app'], (t: string, applicationId: string) =>
    on(mentorProfiles, t).select({ where: eq('application_id', applicationId) }),
  ),
  listForProgramme: defineQuery('mentorProfiles.listForProgramme', [T, 'prog'], (t: string, programmeId: string) =>
    on(mentorProfiles, t).select({ where: eq('programme_id', programmeId), orderBy: [{ column: 'application_id' }] }),
  ),
  insertIfAbsent: defineQuery(
    'mentorProfiles.insertIfAbsent',
    [T, sampleProfile],
    (t: string, p: MentorProfileRecord) =>
      on(mentorProfiles, t).insertIfAbsent(
        {
          application_id: p.applicationId,
          programme_id: p.programmeId,
          person_id: p.personId,
          in_use: p.inUse,
          ...editable(p),
        },
        ['application_id'],
      ),
  ),
  /** Versioned edit that can never set capacity below the mentees held at that moment. */
  update: defineQuery(
    'mentorProfiles.update',
    [T, sampleProfile, 1],
    (t: string, p: MentorProfileRecord, expectedVersion: number) =>
      on(mentorProfiles, t).update(
        editable(p),
        and(eq('application_id', p.applicationId), eq('version', expectedVersion), lte('in_use', p.capacity)),
      ),
  ),
  /**
   * Takes one slot only while one is free: `in_use < capacity` is checked by the database in the same statement
   * (capacity bound as the value read in this transaction, and required unchanged), so two accepts racing for
   * the last slot cannot both succeed.
   */
  takeSlot: defineQuery(
    'mentorProfiles.takeSlot',
    [T, 'app', 2],
    (t: string, applicationId: string, capacity: number) =>
      on(mentorProfiles, t).update(
        { in_use: { increment: 1 } },
        and(eq('application_id', applicationId), eq('capacity', capacity), eq('paused', false), lt('in_use', capacity)),
      ),
  ),
  /** Gives back one place (a proposal declined or expired); never below zero. */
  releaseSlot: defineQuery('mentorProfiles.releaseSlot', [T, 'app'], (t: string, applicationId: string) =>
    on(mentorProfiles, t).update(
      { in_use: { increment: -1 } },
      and(eq('application_id', applicationId), gte('in_use', 1)),
    ),
  ),
};

function mutable(m: Match) {
  return {
    status: m.status,
    decline_reason: m.declineReason ?? null,
    declined_by: m.declinedBy ?? null,
    mentee_accepted_at: m.menteeAcceptedAt ?? null,
    mentor_accepted_at: m.mentorAcceptedAt ?? null,
    version: m.version,
    updated_at: m.updatedAt,
    responded_at: m.respondedAt ?? null,
    ended_at: m.endedAt ?? null,
    ended_by: m.endedBy ?? null,
    end_reason: m.endReason ?? null,
    mentee_next: m.menteeNext ?? null,
    mentor_next: m.mentorNext ?? null,
  };
}

/** Matches; one per pair (ux_matches_pair), status changes versioned. */
export const matchQueries = {
  get: defineQuery('matches.get', [T, 'match'], (t: string, id: string) =>
    on(matches, t).select({ where: eq('id', id) }),
  ),
  insert: defineQuery('matches.insert', [T, sampleMatch], (t: string, m: Match) =>
    on(matches, t).insert({
      id: m.id,
      programme_id: m.programmeId,
      mentee_application_id: m.menteeApplicationId,
      mentor_application_id: m.mentorApplicationId,
      mentee_person_id: m.menteePersonId,
      mentor_person_id: m.mentorPersonId,
      origin: m.origin,
      run_id: m.runId ?? null,
      score: m.score,
      reasons: JSON.stringify(m.reasons),
      deadline_at: m.deadlineAt,
      deadline_date: m.deadlineDate,
      created_at: m.createdAt,
      cycle: m.cycle ?? 1,
      previous_match_id: m.previousMatchId ?? null,
      ...mutable(m),
    }),
  ),
  update: defineQuery('matches.update', [T, sampleMatch, 1], (t: string, m: Match, expectedVersion: number) =>
    on(matches, t).update(mutable(m), and(eq('id', m.id), eq('version', expectedVersion))),
  ),
  listForPerson: defineQuery('matches.listForPerson', [T, 'person'], (t: string, personId: string) =>
    on(matches, t).select({
      where: or(eq('mentee_person_id', personId), eq('mentor_person_id', personId)),
      orderBy: [{ column: 'created_at' }, { column: 'id' }],
    }),
  ),
  listForProgramme: defineQuery('matches.listForProgramme', [T, 'prog'], (t: string, programmeId: string) =>
    on(matches, t).select({
      where: eq('programme_id', programmeId),
      orderBy: [{ column: 'created_at' }, { column: 'id' }],
    }),
  ),
  listForMentee: defineQuery('matches.listForMentee', [T, 'app'], (t: string, menteeApplicationId: string) =>
    on(matches, t).select({
      where: eq('mentee_application_id', menteeApplicationId),
      orderBy: [{ column: 'created_at' }, { column: 'id' }],
    }),
  ),
};

/** The mentee's single open request or match (mentee_holds). */
export const menteeHoldQueries = {
  insert: defineQuery(
    'menteeHolds.insert',
    [T, 'app', 'match', AT],
    (t: string, menteeApplicationId: string, matchId: string, at: string) =>
      on(menteeHolds, t).insert({ mentee_application_id: menteeApplicationId, match_id: matchId, created_at: at }),
  ),
  release: defineQuery(
    'menteeHolds.release',
    [T, 'app', 'match'],
    (t: string, menteeApplicationId: string, matchId: string) =>
      on(menteeHolds, t).delete(and(eq('mentee_application_id', menteeApplicationId), eq('match_id', matchId))),
  ),
};

const sampleRun: MatchingRun = {
  tenantId: T,
  id: 'run',
  programmeId: 'prog',
  status: 'draft',
  createdBy: 'person',
  createdAt: AT,
  updatedAt: AT,
  version: 1,
  pairs: [],
  unmatched: [],
  pool: { mentees: 0, mentors: 0, places: 0 },
  certified: true,
};

function runState(r: MatchingRun) {
  return {
    status: r.status,
    version: r.version,
    updated_at: r.updatedAt,
    proposal: JSON.stringify({ pairs: r.pairs, unmatched: r.unmatched, pool: r.pool, certified: r.certified }),
    published_by: r.publishedBy ?? null,
    published_at: r.publishedAt ?? null,
    outcome: r.outcome ? JSON.stringify(r.outcome) : null,
  };
}

/** Automatic matching runs; every change is versioned, so a stale card or a second publish changes nothing. */
export const matchingRunQueries = {
  get: defineQuery('matchingRuns.get', [T, 'run'], (t: string, id: string) =>
    on(matchingRuns, t).select({ where: eq('id', id) }),
  ),
  drafts: defineQuery('matchingRuns.drafts', [T, 'prog'], (t: string, programmeId: string) =>
    on(matchingRuns, t).select({
      where: and(eq('programme_id', programmeId), eq('status', 'draft')),
      orderBy: [{ column: 'created_at' }, { column: 'id' }],
    }),
  ),
  insert: defineQuery('matchingRuns.insert', [T, sampleRun], (t: string, r: MatchingRun) =>
    on(matchingRuns, t).insert({
      id: r.id,
      programme_id: r.programmeId,
      created_by: r.createdBy,
      created_at: r.createdAt,
      ...runState(r),
    }),
  ),
  update: defineQuery('matchingRuns.update', [T, sampleRun, 1], (t: string, r: MatchingRun, expectedVersion: number) =>
    on(matchingRuns, t).update(runState(r), and(eq('id', r.id), eq('version', expectedVersion))),
  ),
};

const sampleBar: BarredPair = {
  tenantId: T,
  programmeId: 'prog',
  menteeApplicationId: 'a1',
  mentorApplicationId: 'a2',
  barredBy: 'coord',
  barredAt: AT,
};

/** Pairs coordinators barred; barring twice is harmless. */
export const barredPairQueries = {
  insertIfAbsent: defineQuery('barredPairs.insertIfAbsent', [T, sampleBar], (t: string, b: BarredPair) =>
    on(barredPairs, t).insertIfAbsent(
      {
        programme_id: b.programmeId,
        mentee_application_id: b.menteeApplicationId,
        mentor_application_id: b.mentorApplicationId,
        barred_by: b.barredBy,
        barred_at: b.barredAt,
      },
      ['mentee_application_id', 'mentor_application_id'],
    ),
  ),
  listForProgramme: defineQuery('barredPairs.listForProgramme', [T, 'prog'], (t: string, programmeId: string) =>
    on(barredPairs, t).select({
      where: eq('programme_id', programmeId),
      orderBy: [{ column: 'mentee_application_id' }, { column: 'mentor_application_id' }],
    }),
  ),
  listForMentee: defineQuery('barredPairs.listForMentee', [T, 'app'], (t: string, menteeApplicationId: string) =>
    on(barredPairs, t).select({
      where: eq('mentee_application_id', menteeApplicationId),
      orderBy: [{ column: 'mentor_application_id' }],
    }),
  ),
};
