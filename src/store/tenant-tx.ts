import type { Signpost } from '../domain/concern';
import type { TenantTx } from '../services/ports';
import { londonDate } from '../domain/working-days';
import type { Row, Runner } from './engine';
import { sortableId } from './ids';
import { ensurePacingRow } from './outbox-dispatch';
import {
  applicationQueries as apps,
  auditQueries as audit,
  barredPairQueries as barred,
  cardQueries as cards,
  concernQueries as concernQ,
  signpostingQueries as signQ,
  conversationQueries as convs,
  coordinatorQueries as coords,
  jobQueries as jobs,
  matchingRunQueries as runs,
  matchQueries as matchQ,
  evaluationQueries as evalQ,
  certificateQueries as certQ,
  certificateCodeQueries as codeQ,
  meetingQueries as meetQ,
  offlineEventQueries as offQ,
  sessionLogQueries as logQ,
  menteeHoldQueries as holds,
  mentorProfileQueries as profiles,
  outboxQueries as outbox,
  pacingQueries as pacing,
  personQueries as people,
  programmeQueries as progs,
} from './queries';
import { reportAggregates } from './report-rows';
import {
  parseJson,
  toEvaluation,
  toCertificate,
  toMeeting,
  toSessionLog,
  toConcern,
  toOutbox,
  toApplication,
  toBarredPair,
  toAudit,
  toCardCopy,
  toCoordinator,
  toJob,
  toMatch,
  toMatchingRun,
  toMentorProfile,
  toPerson,
  toProgramme,
} from './rows';

const first = (rows: Row[]): Row | undefined => rows[0];

/**
 * The transaction API use cases see, written once over a {@link Runner} so both engines share every rule.
 * Records passed in must belong to the transaction's tenant: writing one elsewhere is a programming error.
 */
export function tenantTx(r: Runner, tenantId: string): TenantTx {
  const t = tenantId;
  const own = (record: { tenantId: string }, what: string): void => {
    if (record.tenantId !== t) throw new Error(`${what} belongs to another tenant than this transaction`);
  };
  /** Portable upsert: update; if nothing matched, insert-if-absent; if a racer inserted first, update again. */
  const upsert = async (update: () => Promise<number>, insert: () => Promise<number>): Promise<void> => {
    if ((await update()) > 0 || (await insert()) > 0) return;
    await update();
  };
  return {
    tenantId,
    programmes: {
      list: async () => (await r.all(progs.list.bind(t))).map(toProgramme),
      get: async (id) => (await r.all(progs.get.bind(t, id))).map(toProgramme)[0],
      insert: async (p) => (own(p, 'programme'), void (await r.run(progs.insert.bind(t, p)))),
      update: async (p) => (own(p, 'programme'), void (await r.run(progs.update.bind(t, p)))),
    },
    people: {
      upsert: async (p) => {
        own(p, 'person');
        await upsert(
          () => r.run(people.update.bind(t, p)),
          () => r.run(people.insertIfAbsent.bind(t, p)),
        );
      },
      get: async (id) => (await r.all(people.get.bind(t, id))).map(toPerson)[0],
      list: async () => (await r.all(people.list.bind(t))).map(toPerson),
    },
    coordinators: {
      list: async (programmeId) => (await r.all(coords.list.bind(t, programmeId))).map(toCoordinator),
      isCoordinator: async (programmeId, personId) =>
        (await r.all(coords.get.bind(t, programmeId, personId))).length > 0,
      programmesOf: async (personId) =>
        (await r.all(coords.programmesOf.bind(t, personId))).map((row) => String(row.programme_id)),
      insert: async (c) => (own(c, 'coordinator'), void (await r.run(coords.insert.bind(t, c)))),
      remove: async (programmeId, personId) => (await r.run(coords.remove.bind(t, programmeId, personId))) > 0,
    },
    applications: {
      get: async (id) => (await r.all(apps.get.bind(t, id))).map(toApplication)[0],
      find: async (programmeId, personId, role) =>
        (await r.all(apps.find.bind(t, programmeId, personId, role))).map(toApplication)[0],
      listForPerson: async (personId) => (await r.all(apps.listForPerson.bind(t, personId))).map(toApplication),
      listForProgramme: async (programmeId) =>
        (await r.all(apps.listForProgramme.bind(t, programmeId))).map(toApplication),
      insert: async (a) => (own(a, 'application'), void (await r.run(apps.insert.bind(t, a)))),
      update: async (a, expectedVersion) => (
        own(a, 'application'),
        (await r.run(apps.update.bind(t, a, expectedVersion))) === 1
      ),
    },
    mentorProfiles: {
      get: async (applicationId) => (await r.all(profiles.get.bind(t, applicationId))).map(toMentorProfile)[0],
      listForProgramme: async (programmeId) =>
        (await r.all(profiles.listForProgramme.bind(t, programmeId))).map(toMentorProfile),
      insertIfAbsent: async (p) => (own(p, 'mentor profile'), (await r.run(profiles.insertIfAbsent.bind(t, p))) === 1),
      update: async (p, expectedVersion) => (
        own(p, 'mentor profile'),
        (await r.run(profiles.update.bind(t, p, expectedVersion))) === 1
      ),
      takeSlot: async (applicationId, capacity) =>
        (await r.run(profiles.takeSlot.bind(t, applicationId, capacity))) === 1,
      releaseSlot: async (applicationId) => (await r.run(profiles.releaseSlot.bind(t, applicationId))) === 1,
    },
    matches: {
      get: async (id) => (await r.all(matchQ.get.bind(t, id))).map(toMatch)[0],
      insert: async (m) => (own(m, 'match'), void (await r.run(matchQ.insert.bind(t, m)))),
      update: async (m, expectedVersion) => (
        own(m, 'match'),
        (await r.run(matchQ.update.bind(t, m, expectedVersion))) === 1
      ),
      listForPerson: async (personId) => (await r.all(matchQ.listForPerson.bind(t, personId))).map(toMatch),
      listForMentee: async (menteeApplicationId) =>
        (await r.all(matchQ.listForMentee.bind(t, menteeApplicationId))).map(toMatch),
      listForProgramme: async (programmeId) => (await r.all(matchQ.listForProgramme.bind(t, programmeId))).map(toMatch),
      hold: async (menteeApplicationId, matchId, at) =>
        void (await r.run(holds.insert.bind(t, menteeApplicationId, matchId, at))),
      release: async (menteeApplicationId, matchId) =>
        (await r.run(holds.release.bind(t, menteeApplicationId, matchId))) > 0,
    },
    matchingRuns: {
      get: async (id) => (await r.all(runs.get.bind(t, id))).map(toMatchingRun)[0],
      drafts: async (programmeId) => (await r.all(runs.drafts.bind(t, programmeId))).map(toMatchingRun),
      insert: async (run) => (own(run, 'matching run'), void (await r.run(runs.insert.bind(t, run)))),
      update: async (run, expectedVersion) => (
        own(run, 'matching run'),
        (await r.run(runs.update.bind(t, run, expectedVersion))) === 1
      ),
    },
    barredPairs: {
      bar: async (b) => (own(b, 'barred pair'), (await r.run(barred.insertIfAbsent.bind(t, b))) === 1),
      listForProgramme: async (programmeId) =>
        (await r.all(barred.listForProgramme.bind(t, programmeId))).map(toBarredPair),
      listForMentee: async (menteeApplicationId) =>
        (await r.all(barred.listForMentee.bind(t, menteeApplicationId))).map(toBarredPair),
    },
    signposting: {
      get: async () => {
        const [row] = await r.all(signQ.get.bind(t));
        return row ? { entries: parseJson(row.entries) as Signpost[], version: Number(row.version) } : undefined;
      },
      save: async (entries, expectedVersion, by, at) => {
        const json = JSON.stringify(entries);
        return (
          (await r.run(
            expectedVersion === undefined
              ? signQ.insert.bind(t, json, by, at)
              : signQ.update.bind(t, json, expectedVersion, by, at),
          )) === 1
        );
      },
    },
    concerns: {
      insert: async (c) => (own(c, 'concern'), void (await r.run(concernQ.insert.bind(t, c)))),
      get: async (id) => (await r.all(concernQ.get.bind(t, id))).map(toConcern)[0],
      update: async (c, expectedVersion) => (
        own(c, 'concern'),
        (await r.run(concernQ.update.bind(t, c, expectedVersion))) === 1
      ),
    },
    meetings: {
      insert: async (m) => (own(m, 'meeting'), void (await r.run(meetQ.insert.bind(t, m)))),
      get: async (id) => (await r.all(meetQ.get.bind(t, id))).map(toMeeting)[0],
      listForMatch: async (matchId) => (await r.all(meetQ.listForMatch.bind(t, matchId))).map(toMeeting),
      overlapping: async (people, from, to) =>
        (await r.all(meetQ.overlapping.bind(t, people, from, to))).map(toMeeting),
      update: async (m, expectedVersion) => (
        own(m, 'meeting'),
        (await r.run(meetQ.update.bind(t, m, expectedVersion))) === 1
      ),
      deleteBooking: async (id, expectedVersion) =>
        (await r.run(meetQ.deleteBooking.bind(t, id, expectedVersion))) === 1,
    },
    sessionLogs: {
      insert: async (s) => (own(s, 'session log'), void (await r.run(logQ.insert.bind(t, s)))),
      get: async (id) => (await r.all(logQ.get.bind(t, id))).map(toSessionLog)[0],
      listForMatch: async (matchId) => (await r.all(logQ.listForMatch.bind(t, matchId))).map(toSessionLog),
      factsForProgramme: async (programmeId) =>
        (await r.all(logQ.factsForProgramme.bind(t, programmeId))).map(toSessionLog),
      updateMenteeNotes: async (id, notes, shared, expectedVersion, at) =>
        (await r.run(logQ.updateMenteeNotes.bind(t, id, notes, shared, expectedVersion, at))) === 1,
    },
    evaluations: {
      insert: async (e) => (own(e, 'evaluation'), void (await r.run(evalQ.insert.bind(t, e)))),
      forMatch: async (matchId) => (await r.all(evalQ.forMatch.bind(t, matchId))).map(toEvaluation),
      ratingsForMentor: async (mentorPersonId) =>
        (await r.all(evalQ.ratingsForMentor.bind(t, mentorPersonId))).map(toEvaluation),
    },
    certificates: {
      insert: async (c, codeSha256) => {
        own(c, 'certificate');
        await r.run(certQ.insert.bind(t, c));
        await r.run(codeQ.insert.bind(codeSha256, t, c.id, c.issuedAt));
      },
      get: async (id) => (await r.all(certQ.get.bind(t, id))).map(toCertificate)[0],
      forMatch: async (matchId) => (await r.all(certQ.forMatch.bind(t, matchId))).map(toCertificate)[0],
      forMentor: async (personId) => (await r.all(certQ.forMentor.bind(t, personId))).map(toCertificate),
      pdf: async (id) => {
        const text = first(await r.all(certQ.pdf.bind(t, id)))?.pdf_base64;
        return typeof text === 'string' && text !== '' ? Buffer.from(text, 'base64') : undefined;
      },
      setPdf: async (id, pdf, at) => (await r.run(certQ.setPdf.bind(t, id, pdf.toString('base64'), at))) === 1,
    },
    offlineEvents: {
      ensure: async (e, at) => {
        await r.run(offQ.insertIfAbsent.bind(t, e.id, e.meetingId, e.organizer, e.attendee, e.start, e.end, at));
        return String(first(await r.all(offQ.byMeeting.bind(t, e.meetingId)))!.id);
      },
      move: async (id, start, end, at) => (await r.run(offQ.move.bind(t, id, start, end, at))) === 1,
      cancel: async (id, at) => (await r.run(offQ.cancel.bind(t, id, at))) === 1,
      busy: async (people, from, to) =>
        (await r.all(offQ.busy.bind(t, people, from, to))).map((row) => ({
          organizer: String(row.organizer_person_id),
          attendee: String(row.attendee_person_id),
          start: String(row.start_at),
          end: String(row.end_at),
        })),
    },
    audit: {
      append: async (e) => (own(e, 'audit entry'), void (await r.run(audit.append.bind(t, sortableId(), e)))),
      list: async (entityType, entityId) => (await r.all(audit.list.bind(t, entityType, entityId))).map(toAudit),
    },
    reports: {
      // "This month" is the London calendar month, as session dates are London dates.
      aggregates: (programmeId, now, range) =>
        reportAggregates(r, t, programmeId, now, `${londonDate(now).slice(0, 7)}-01`, range),
    },
    conversations: {
      save: async (key, reference, at) => {
        const text = JSON.stringify(reference);
        await upsert(
          () => r.run(convs.update.bind(t, key, text, at)),
          () => r.run(convs.insertIfAbsent.bind(t, key, text, at)),
        );
      },
      get: async (key) => {
        const row = first(await r.all(convs.get.bind(t, key)));
        return row ? parseJson(row.reference) : undefined;
      },
      markWelcomed: async (key, at) => (await r.run(convs.markWelcomed.bind(t, key, at))) === 1,
    },
    cards: {
      add: async (copy) => (own(copy, 'card copy'), void (await r.run(cards.add.bind(t, sortableId(), copy)))),
      list: async (subjectType, subjectId) => (await r.all(cards.list.bind(t, subjectType, subjectId))).map(toCardCopy),
    },
    outbox: {
      enqueue: async (m, id, at) => {
        if (
          (await r.run(outbox.enqueue.bind(t, m, id, at, sortableId()))) !== 1 ||
          m.conversationKey.startsWith('user:')
        )
          return;
        // A shared conversation (channel, group chat) is scheduled in its own lane from its first message, so its
        // slower pace runs beside a backlog of personal chats instead of after it.
        await ensurePacingRow(r, t, m.conversationKey);
        await r.run(pacing.markWaitingIfIdle.bind(t, m.conversationKey, at));
      },
      undelivered: async (since, limit) => (await r.all(outbox.dead.bind(t, since, limit))).map(toOutbox),
    },
    jobs: {
      schedule: async (job, at) => (await r.run(jobs.schedule.bind(t, job, at))) === 1,
      cancel: async (dedupeKey, at) => (await r.run(jobs.cancel.bind(t, dedupeKey, at))) > 0,
      get: async (dedupeKey) => (await r.all(jobs.getByKey.bind(t, dedupeKey))).map(toJob)[0],
      complete: async (id, owner, at) => (await r.run(jobs.complete.bind(t, id, owner, at))) === 1,
    },
  };
}
