import type { QueryDef } from '../sql/query';
import { applicationQueries } from './application.queries';
import { certificateCodeQueries, certificateQueries } from './certificate.queries';
import { concernQueries, signpostingQueries } from './concern.queries';
import { jobQueries } from './job.queries';
import {
  barredPairQueries,
  matchingRunQueries,
  matchQueries,
  menteeHoldQueries,
  mentorProfileQueries,
} from './match.queries';
import { evaluationQueries, meetingQueries, offlineEventQueries, sessionLogQueries } from './meeting.queries';
import { migrationQueries } from './migration.queries';
import { outboxQueries, pacingQueries } from './outbox.queries';
import { coordinatorQueries, personQueries, programmeQueries } from './programme.queries';
import { auditQueries, cardQueries, conversationQueries } from './record.queries';
import { reportQueries } from './report.queries';
import { tenantQueries } from './tenant.queries';

export {
  applicationQueries,
  certificateCodeQueries,
  certificateQueries,
  barredPairQueries,
  auditQueries,
  cardQueries,
  concernQueries,
  conversationQueries,
  signpostingQueries,
  coordinatorQueries,
  jobQueries,
  matchingRunQueries,
  matchQueries,
  evaluationQueries,
  meetingQueries,
  menteeHoldQueries,
  mentorProfileQueries,
  migrationQueries,
  offlineEventQueries,
  sessionLogQueries,
  outboxQueries,
  pacingQueries,
  personQueries,
  programmeQueries,
  reportQueries,
  tenantQueries,
};

/** Every query definition the store can run, for tests that render and check them all. */
export const ALL_QUERIES: readonly QueryDef<never[]>[] = [
  tenantQueries,
  programmeQueries,
  personQueries,
  coordinatorQueries,
  applicationQueries,
  auditQueries,
  conversationQueries,
  cardQueries,
  outboxQueries,
  pacingQueries,
  jobQueries,
  mentorProfileQueries,
  matchQueries,
  menteeHoldQueries,
  matchingRunQueries,
  barredPairQueries,
  concernQueries,
  signpostingQueries,
  meetingQueries,
  sessionLogQueries,
  offlineEventQueries,
  evaluationQueries,
  certificateQueries,
  certificateCodeQueries,
  reportQueries,
  migrationQueries,
].flatMap((group) => Object.values(group) as unknown as QueryDef<never[]>[]);
