import { ALL_TIME, type ReportRange } from '../../domain/reports';
import type { EvaluationRecord } from '../../domain/evaluation';
import type { Meeting } from '../../domain/meeting';
import type { SessionLog } from '../../domain/session-log';
import { evaluations, meetings, offlineEvents, sessionLogs } from '../schema-meetings';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, gt, gte, lt, or, within } from '../sql/where';
import { AT, T } from './samples';

const sampleMeeting: Meeting = {
  tenantId: T,
  id: 'meeting',
  programmeId: 'prog',
  matchId: 'match',
  organizerPersonId: 'mentor',
  attendeePersonId: 'mentee',
  start: AT,
  end: AT,
  mode: 'virtual',
  status: 'booking',
  calendar: 'offline',
  sequence: 0,
  version: 1,
  createdAt: AT,
  updatedAt: AT,
};

const sampleLog: SessionLog = {
  tenantId: T,
  id: 'log',
  programmeId: 'prog',
  matchId: 'match',
  number: 1,
  meetingId: 'meeting',
  heldOn: '2027-03-03',
  durationMinutes: 60,
  mode: 'virtual',
  topics: ['wellbeing'],
  actionPoints: '',
  mentorNotes: '',
  menteeNotes: '',
  menteeNotesShared: false,
  loggedBy: 'mentor',
  version: 1,
  createdAt: AT,
  updatedAt: AT,
};

/** The columns a meeting's change writes. */
const meetingState = (m: Meeting) => ({
  organizer_person_id: m.organizerPersonId,
  attendee_person_id: m.attendeePersonId,
  start_at: m.start,
  end_at: m.end,
  mode: m.mode,
  location: m.location ?? null,
  status: m.status,
  calendar: m.calendar,
  event_id: m.eventId ?? null,
  join_url: m.joinUrl ?? null,
  web_link: m.webLink ?? null,
  sequence: m.sequence,
  version: m.version,
  updated_at: m.updatedAt,
});

/** Meetings: inserted as a booking, then changed only by versioned writes. */
export const meetingQueries = {
  insert: defineQuery('meetings.insert', [T, sampleMeeting], (t: string, m: Meeting) =>
    on(meetings, t).insert({
      id: m.id,
      programme_id: m.programmeId,
      match_id: m.matchId,
      created_at: m.createdAt,
      ...meetingState(m),
    }),
  ),
  get: defineQuery('meetings.get', [T, 'meeting'], (t: string, id: string) =>
    on(meetings, t).select({ where: eq('id', id) }),
  ),
  listForMatch: defineQuery('meetings.listForMatch', [T, 'match'], (t: string, matchId: string) =>
    on(meetings, t).select({ where: eq('match_id', matchId), orderBy: [{ column: 'start_at' }, { column: 'id' }] }),
  ),
  /** Meetings booking or scheduled for any of these people that overlap `[from, to)`, across all their matches. */
  overlapping: defineQuery(
    'meetings.overlapping',
    [T, ['a'], AT, AT],
    (t: string, people: string[], from: string, to: string) =>
      on(meetings, t).select({
        where: and(
          within('status', ['booking', 'scheduled']),
          lt('start_at', to),
          gt('end_at', from),
          or(within('organizer_person_id', people), within('attendee_person_id', people)),
        ),
      }),
  ),
  update: defineQuery('meetings.update', [T, sampleMeeting, 1], (t: string, m: Meeting, expectedVersion: number) =>
    on(meetings, t).update(meetingState(m), and(eq('id', m.id), eq('version', expectedVersion))),
  ),
  /** A booking that never got its calendar event is removed (nothing was created, or the calendar deduplicates the retry). */
  deleteBooking: defineQuery(
    'meetings.deleteBooking',
    [T, 'meeting', 1],
    (t: string, id: string, expectedVersion: number) =>
      on(meetings, t).delete(and(eq('id', id), eq('status', 'booking'), eq('version', expectedVersion))),
  ),
};

/** Session logs: inserted once (unique number and source per match), then only the mentee's notes change. */
export const sessionLogQueries = {
  insert: defineQuery('sessionLogs.insert', [T, sampleLog], (t: string, s: SessionLog) =>
    on(sessionLogs, t).insert({
      id: s.id,
      programme_id: s.programmeId,
      match_id: s.matchId,
      number: s.number,
      meeting_id: s.meetingId ?? null,
      source_key: s.meetingId ? `meeting:${s.meetingId}` : `log:${s.id}`,
      held_on: s.heldOn,
      duration_minutes: s.durationMinutes,
      mode: s.mode,
      topics: JSON.stringify(s.topics),
      action_points: s.actionPoints,
      mentor_notes: s.mentorNotes,
      mentee_notes: s.menteeNotes,
      mentee_notes_shared: s.menteeNotesShared,
      logged_by: s.loggedBy,
      version: s.version,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    }),
  ),
  get: defineQuery('sessionLogs.get', [T, 'log'], (t: string, id: string) =>
    on(sessionLogs, t).select({ where: eq('id', id) }),
  ),
  listForMatch: defineQuery('sessionLogs.listForMatch', [T, 'match'], (t: string, matchId: string) =>
    on(sessionLogs, t).select({ where: eq('match_id', matchId), orderBy: [{ column: 'number' }] }),
  ),
  /** The facts of a programme's sessions (no text columns), for coordinators. */
  factsForProgramme: defineQuery('sessionLogs.factsForProgramme', [T, 'prog'], (t: string, programmeId: string) =>
    on(sessionLogs, t).select({
      columns: [
        'tenant_id',
        'id',
        'programme_id',
        'match_id',
        'number',
        'meeting_id',
        'held_on',
        'duration_minutes',
        'mode',
        'topics',
        'version',
      ],
      where: eq('programme_id', programmeId),
      orderBy: [{ column: 'match_id' }, { column: 'number' }],
    }),
  ),
  updateMenteeNotes: defineQuery(
    'sessionLogs.updateMenteeNotes',
    [T, 'log', '', false, 1, AT],
    (t: string, id: string, notes: string, shared: boolean, expectedVersion: number, at: string) =>
      on(sessionLogs, t).update(
        { mentee_notes: notes, mentee_notes_shared: shared, version: expectedVersion + 1, updated_at: at },
        and(eq('id', id), eq('version', expectedVersion)),
      ),
  ),
};

/** The offline calendar's events. */
export const offlineEventQueries = {
  insertIfAbsent: defineQuery(
    'offlineEvents.insertIfAbsent',
    [T, 'event', 'meeting', 'a', 'b', AT, AT, AT],
    (
      t: string,
      id: string,
      meetingId: string,
      organizer: string,
      attendee: string,
      start: string,
      end: string,
      at: string,
    ) =>
      on(offlineEvents, t).insertIfAbsent(
        {
          id,
          meeting_id: meetingId,
          organizer_person_id: organizer,
          attendee_person_id: attendee,
          start_at: start,
          end_at: end,
          cancelled: false,
          updated_at: at,
        },
        ['meeting_id'],
      ),
  ),
  byMeeting: defineQuery('offlineEvents.byMeeting', [T, 'meeting'], (t: string, meetingId: string) =>
    on(offlineEvents, t).select({ where: eq('meeting_id', meetingId) }),
  ),
  move: defineQuery(
    'offlineEvents.move',
    [T, 'event', AT, AT, AT],
    (t: string, id: string, start: string, end: string, at: string) =>
      on(offlineEvents, t).update({ start_at: start, end_at: end, cancelled: false, updated_at: at }, eq('id', id)),
  ),
  cancel: defineQuery('offlineEvents.cancel', [T, 'event', AT], (t: string, id: string, at: string) =>
    on(offlineEvents, t).update({ cancelled: true, updated_at: at }, eq('id', id)),
  ),
  /** Live events of these people overlapping `[from, to)`. */
  busy: defineQuery('offlineEvents.busy', [T, ['a'], AT, AT], (t: string, people: string[], from: string, to: string) =>
    on(offlineEvents, t).select({
      where: and(
        eq('cancelled', false),
        lt('start_at', to),
        gt('end_at', from),
        or(within('organizer_person_id', people), within('attendee_person_id', people)),
      ),
      orderBy: [{ column: 'start_at' }],
    }),
  ),
};

const sampleEvaluation: EvaluationRecord = {
  tenantId: T,
  id: 'ev',
  programmeId: 'prog',
  matchId: 'match',
  role: 'mentee',
  personId: 'mentee',
  mentorPersonId: 'mentor',
  evaluation: {
    ratings: { overall: 5, support: 4, fit: 4, recommend: 5 },
    helped: '',
    better: '',
    nameOnCertificate: false,
  },
  submittedAt: AT,
};

/** Evaluations and reflections: written once per match and role. */
export const evaluationQueries = {
  insert: defineQuery('evaluations.insert', [T, sampleEvaluation], (t: string, e: EvaluationRecord) =>
    on(evaluations, t).insert({
      id: e.id,
      programme_id: e.programmeId,
      match_id: e.matchId,
      role: e.role,
      person_id: e.personId,
      mentor_person_id: e.mentorPersonId,
      rating_overall: e.evaluation?.ratings.overall ?? null,
      rating_support: e.evaluation?.ratings.support ?? null,
      rating_fit: e.evaluation?.ratings.fit ?? null,
      rating_recommend: e.evaluation?.ratings.recommend ?? null,
      name_on_certificate: e.evaluation ? e.evaluation.nameOnCertificate : null,
      answers: JSON.stringify(
        e.evaluation ? { helped: e.evaluation.helped, better: e.evaluation.better } : (e.reflection?.answers ?? {}),
      ),
      submitted_at: e.submittedAt,
    }),
  ),
  forMatch: defineQuery('evaluations.forMatch', [T, 'match'], (t: string, matchId: string) =>
    on(evaluations, t).select({ where: eq('match_id', matchId), orderBy: [{ column: 'role' }] }),
  ),
  /** A mentor's mentees' ratings (no text columns): the mentor sees only their averages. */
  ratingsForMentor: defineQuery('evaluations.ratingsForMentor', [T, 'mentor'], (t: string, mentorPersonId: string) =>
    on(evaluations, t).select({
      columns: [
        'tenant_id',
        'id',
        'programme_id',
        'match_id',
        'role',
        'person_id',
        'mentor_person_id',
        'rating_overall',
        'rating_support',
        'rating_fit',
        'rating_recommend',
        'submitted_at',
      ],
      where: and(eq('mentor_person_id', mentorPersonId), eq('role', 'mentee')),
    }),
  ),
  /** Sums and counts of a programme's ratings, averaged by the caller: counted by the database, no row read. */
  ratingTotals: defineQuery(
    'evaluations.ratingTotals',
    [T, 'prog', ALL_TIME],
    (t: string, programmeId: string, r: ReportRange) =>
      on(evaluations, t).aggregate({
        measures: [
          { as: 'n', fn: 'count' },
          { as: 'overall', fn: 'sum', column: 'rating_overall' },
          { as: 'support', fn: 'sum', column: 'rating_support' },
          { as: 'fit', fn: 'sum', column: 'rating_fit' },
          { as: 'recommend', fn: 'sum', column: 'rating_recommend' },
        ],
        where: and(
          eq('programme_id', programmeId),
          eq('role', 'mentee'),
          gte('submitted_at', r.fromAt),
          lt('submitted_at', r.toAt),
        ),
      }),
  ),
};
