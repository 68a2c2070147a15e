/** One row of the audit log (SPEC §6): who did what to which record, when. */
export interface AuditEntry {
  tenantId: string;
  /** When it happened (ISO 8601 UTC). */
  at: string;
  /** Entra object id of the person acting, or 'system' for background work. */
  actorId: string;
  entityType:
    'tenant' | 'programme' | 'coordinator' | 'application' | 'match' | 'matching-run' | 'mentor-profile' | 'concern';
  entityId: string;
  action: string;
  fromStatus?: string;
  toStatus?: string;
  /** Short, non-confidential detail (never note text). */
  detail?: string;
}
