import type { Application } from '../../domain/application';
import type { NewOutboxMessage } from '../../domain/outbox';
import { DEFAULT_SETTINGS, type Programme, type Tenant } from '../../domain/programme';

/** Sample arguments for query definitions, so every statement can be rendered and checked without a database. */
export const T = 'tenant-sample';
export const AT = '2027-03-03T14:05:00.000Z';

export const sampleTenant: Tenant = { id: T, entraTenantId: 'entra', orgCode: '', name: 'Trust', createdAt: AT };

export const sampleProgramme: Programme = {
  tenantId: T,
  id: 'prog',
  name: 'IMG 2027',
  settings: DEFAULT_SETTINGS,
  createdAt: AT,
};

export const sampleApplication: Application = {
  tenantId: T,
  id: 'app',
  programmeId: 'prog',
  personId: 'person',
  role: 'mentee',
  status: 'submitted',
  form: {
    name: 'Dr A',
    grade: 'CT1',
    specialty: 'Psychiatry',
    site: 'Site',
    qualificationCountry: 'Nigeria',
    nhsStartDate: '2026-08-01',
    languages: ['English'],
    topics: ['exams'],
    goals: 'Exams',
    meetingPreference: 'either',
    eligibilityConfirmed: true,
    privacyConsent: true,
  },
  version: 1,
  submittedAt: AT,
  updatedAt: AT,
};

export const sampleMessage: NewOutboxMessage = {
  dedupeKey: 'dedupe',
  conversationKey: 'user:person',
  kind: 'send',
  subjectType: 'application',
  subjectId: 'app',
  view: 'application-submitted',
  data: {},
};
