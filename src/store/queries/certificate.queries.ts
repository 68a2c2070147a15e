import type { CertificateRecord } from '../../domain/certificate';
import { certificateCodes, certificates } from '../schema-certificates';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, isNull } from '../sql/where';
import { AT, T } from './samples';

const sampleCertificate: CertificateRecord = {
  tenantId: T,
  id: 'cert',
  programmeId: 'prog',
  matchId: 'match',
  mentorPersonId: 'mentor',
  menteePersonId: 'mentee',
  trigger: 'evaluation',
  facts: {
    programmeName: 'Programme',
    organisationName: 'Trust',
    mentorName: 'Mentor',
    role: 'Peer mentor',
    periodStart: '2027-01-04',
    periodEnd: '2027-03-01',
    sessions: 4,
    minutes: 240,
    issuedBy: 'Coordinator',
    issuedOn: '2027-03-03',
    code: 'ABCD-EFGH-JKMN',
  },
  issuedAt: AT,
};

/** Every column but the PDF, which only a download reads. */
const SUMMARY_COLUMNS = [
  'tenant_id',
  'id',
  'programme_id',
  'match_id',
  'mentor_person_id',
  'mentee_person_id',
  'trigger_kind',
  'facts',
  'issued_at',
  'rendered_at',
] as const;

/** Certificates: one per match, its PDF written once. */
export const certificateQueries = {
  insert: defineQuery('certificates.insert', [T, sampleCertificate], (t: string, c: CertificateRecord) =>
    on(certificates, t).insert({
      id: c.id,
      programme_id: c.programmeId,
      match_id: c.matchId,
      mentor_person_id: c.mentorPersonId,
      mentee_person_id: c.menteePersonId,
      trigger_kind: c.trigger,
      facts: JSON.stringify(c.facts),
      issued_at: c.issuedAt,
    }),
  ),
  get: defineQuery('certificates.get', [T, 'cert'], (t: string, id: string) =>
    on(certificates, t).select({ columns: [...SUMMARY_COLUMNS], where: eq('id', id) }),
  ),
  forMatch: defineQuery('certificates.forMatch', [T, 'match'], (t: string, matchId: string) =>
    on(certificates, t).select({ columns: [...SUMMARY_COLUMNS], where: eq('match_id', matchId) }),
  ),
  forMentor: defineQuery('certificates.forMentor', [T, 'mentor'], (t: string, personId: string) =>
    on(certificates, t).select({
      columns: [...SUMMARY_COLUMNS],
      where: eq('mentor_person_id', personId),
      orderBy: [{ column: 'issued_at' }, { column: 'id' }],
    }),
  ),
  pdf: defineQuery('certificates.pdf', [T, 'cert'], (t: string, id: string) =>
    on(certificates, t).select({ columns: ['pdf_base64'], where: eq('id', id) }),
  ),
  /** Stores the rendered PDF once: a second render (a retried job) changes nothing. */
  setPdf: defineQuery('certificates.setPdf', [T, 'cert', 'pdf', AT], (t: string, id: string, pdf: string, at: string) =>
    on(certificates, t).update({ pdf_base64: pdf, rendered_at: at }, and(eq('id', id), isNull('rendered_at'))),
  ),
};

/** The public verification directory (not tenant-scoped): a code's hash and where its certificate is. */
export const certificateCodeQueries = {
  insert: defineQuery(
    'certificateCodes.insert',
    ['hash', T, 'cert', AT],
    (hash: string, tenantId: string, certificateId: string, at: string) =>
      on(certificateCodes, null).insert({
        code_sha256: hash,
        owner_tenant_id: tenantId,
        certificate_id: certificateId,
        created_at: at,
      }),
  ),
  find: defineQuery('certificateCodes.find', ['hash'], (hash: string) =>
    on(certificateCodes, null).select({ where: eq('code_sha256', hash) }),
  ),
};
