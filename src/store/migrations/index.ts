import {
  applications,
  applicationColumnsInfo,
  applicationsV1,
  applicationsV2,
  coordinators,
  openApplicationIndex,
  people,
  programmes,
  tenants,
} from '../schema';
import { createIndex } from '../sql/ddl';
import { certificateCodes, certificates } from '../schema-certificates';
import { concerns, signposting } from '../schema-concerns';
import { jobs } from '../schema-jobs';
import {
  evaluations,
  meetings,
  offlineEvents,
  sessionLogReportIndex,
  sessionLogs,
  sessionLogsV1,
} from '../schema-meetings';
import {
  barredPairs,
  matchColumnsAutomatic,
  matchColumnsCycles,
  matchColumnsEnding,
  matches,
  matchesV2,
  matchesV1,
  matchingRuns,
  menteeHolds,
  mentorProfiles,
} from '../schema-matching';
import {
  auditLog,
  botState,
  cardCopies,
  conversationColumnsWelcome,
  conversations,
  conversationsV1,
  outbox,
  sendPacing,
  sendSlots,
} from '../schema-messaging';
import type { Migration } from './migration';
import { addToTenantPolicySteps, blockOnlyPolicyStep, tenantRlsSteps } from './tenant-rls';

export { renderMigration, type Migration, type MigrationStep } from './migration';

const initialTables = [
  tenants,
  programmes,
  people,
  coordinators,
  applicationsV1,
  auditLog,
  conversationsV1,
  cardCopies,
  outbox,
  botState,
];

/**
 * Every migration, in order. Append only: an applied migration is never edited, a change is a new one.
 * A later tenant table must also be added to the security policy (ALTER SECURITY POLICY … ADD …).
 */
export const MIGRATIONS: readonly Migration[] = [
  { id: '0001-initial-schema', steps: initialTables.map((table) => ({ kind: 'table', table })) },
  { id: '0002-tenant-row-level-security', steps: tenantRlsSteps(initialTables) },
  { id: '0003-jobs', steps: [{ kind: 'table', table: jobs }, ...addToTenantPolicySteps([jobs])] },
  {
    id: '0004-mentor-profiles-and-matches',
    steps: [
      { kind: 'table', table: mentorProfiles },
      { kind: 'table', table: matchesV1 },
      ...addToTenantPolicySteps([mentorProfiles, matchesV1]),
    ],
  },
  { id: '0005-mentee-holds', steps: [{ kind: 'table', table: menteeHolds }, ...addToTenantPolicySteps([menteeHolds])] },
  {
    id: '0006-automatic-matching',
    steps: [
      { kind: 'columns', table: matchesV2, columns: matchColumnsAutomatic },
      { kind: 'table', table: matchingRuns },
      { kind: 'table', table: barredPairs },
      ...addToTenantPolicySteps([matchingRuns, barredPairs]),
    ],
  },
  {
    id: '0007-delivery-pacing',
    steps: [
      { kind: 'table', table: sendSlots },
      { kind: 'table', table: sendPacing },
      ...addToTenantPolicySteps([sendSlots, sendPacing]),
    ],
  },
  {
    id: '0008-concerns',
    steps: [
      { kind: 'table', table: concerns },
      { kind: 'table', table: signposting },
      ...addToTenantPolicySteps([concerns, signposting]),
    ],
  },
  {
    id: '0009-one-open-application-per-role',
    steps: [
      {
        kind: 'tsql-only',
        sql: 'ALTER TABLE [dbo].[applications] DROP CONSTRAINT [ux_applications_person_role]',
        why: 'SQLite rebuilds the table instead',
      },
      {
        kind: 'tsql-only',
        sql: createIndex(applicationsV2, openApplicationIndex, 'tsql'),
        why: 'SQLite creates it in the rebuild',
      },
      { kind: 'sqlite-rebuild', table: applicationsV2, why: 'SQLite cannot drop the old unique constraint in place' },
    ],
  },
  {
    id: '0010-meetings-and-session-logs',
    steps: [
      { kind: 'table', table: meetings },
      { kind: 'table', table: sessionLogsV1 },
      { kind: 'table', table: offlineEvents },
      ...addToTenantPolicySteps([meetings, sessionLogsV1, offlineEvents]),
    ],
  },
  {
    id: '0011-application-info-answer',
    steps: [{ kind: 'columns', table: applications, columns: applicationColumnsInfo }],
  },
  { id: '0012-match-endings', steps: [{ kind: 'columns', table: matchesV2, columns: matchColumnsEnding }] },
  { id: '0013-evaluations', steps: [{ kind: 'table', table: evaluations }, ...addToTenantPolicySteps([evaluations])] },
  {
    id: '0014-conversation-welcomed',
    steps: [{ kind: 'columns', table: conversations, columns: conversationColumnsWelcome }],
  },
  {
    id: '0015-certificates',
    steps: [
      { kind: 'table', table: certificates },
      { kind: 'table', table: certificateCodes },
      ...addToTenantPolicySteps([certificates]),
    ],
  },
  {
    id: '0016-match-cycles',
    steps: [
      { kind: 'columns', table: matches, columns: matchColumnsCycles },
      {
        kind: 'data',
        sqlite: 'UPDATE "matches" SET "cycle" = 1 WHERE "cycle" IS NULL',
        tsql: 'UPDATE [dbo].[matches] SET [cycle] = 1 WHERE [cycle] IS NULL',
        why: 'every match before cycles is its pair’s first cycle',
      },
      {
        kind: 'tsql-only',
        sql: 'ALTER TABLE [dbo].[matches] DROP CONSTRAINT [ux_matches_pair]',
        why: 'SQLite rebuilds the table instead',
      },
      {
        kind: 'tsql-only',
        sql: 'ALTER TABLE [dbo].[matches] ADD CONSTRAINT [ux_matches_pair_cycle] UNIQUE ([tenant_id], [mentee_application_id], [mentor_application_id], [cycle])',
        why: 'SQLite creates it in the rebuild',
      },
      { kind: 'sqlite-rebuild', table: matches, why: 'SQLite cannot drop the old unique constraint in place' },
    ],
  },
  {
    id: '0017-session-report-index',
    steps: [{ kind: 'index', table: sessionLogs, index: sessionLogReportIndex }],
  },
  {
    id: '0018-certificate-codes-owner-policy',
    steps: [blockOnlyPolicyStep(certificateCodes, 'owner_tenant_id')],
  },
];
