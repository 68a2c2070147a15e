import { defineTable } from './sql/table';
import { col, optional } from './sql/types';

/**
 * Mentors' certificates, one per match (docs/certificates.md). The facts are frozen at issue (JSON); the PDF is
 * rendered once by a job and kept, base64, so a download never renders on the request path and always returns
 * the same document. Migration 0015.
 */
export const certificates = defineTable(
  'certificates',
  {
    tenant_id: col.id(),
    id: col.id(),
    programme_id: col.id(),
    match_id: col.id(),
    mentor_person_id: col.id(),
    mentee_person_id: col.id(),
    trigger_kind: col.id(16),
    facts: col.json(),
    issued_at: col.timestamp(),
    pdf_base64: optional(col.longtext()),
    rendered_at: optional(col.timestamp()),
  },
  {
    primaryKey: ['tenant_id', 'id'],
    unique: [{ name: 'ux_certificates_match', columns: ['tenant_id', 'match_id'] }],
    indexes: [{ name: 'ix_certificates_mentor', columns: ['tenant_id', 'mentor_person_id'] }],
  },
);

/**
 * The public verification directory: a code's SHA-256 and where its certificate lives. Not tenant-scoped (like
 * the tenant list), because the verification page is public and a code does not say whose it is; it holds no
 * name and no figure, only the pointer.
 */
export const certificateCodes = defineTable(
  'certificate_codes',
  {
    code_sha256: col.id(64),
    owner_tenant_id: col.id(),
    certificate_id: col.id(),
    created_at: col.timestamp(),
  },
  { primaryKey: ['code_sha256'] },
);
