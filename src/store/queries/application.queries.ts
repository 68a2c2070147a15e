import type { Application, Role } from '../../domain/application';
import { applications, OPEN_APPLICATION_STATUSES } from '../schema';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq, within } from '../sql/where';
import { T, sampleApplication } from './samples';

const byDate = [{ column: 'submitted_at' as const }, { column: 'id' as const }];

/** Columns written on insert and on every update (everything but the keys). */
function mutable(a: Application) {
  return {
    status: a.status,
    form: JSON.stringify(a.form),
    version: a.version,
    submitted_at: a.submittedAt,
    updated_at: a.updatedAt,
    decided_by: a.decidedBy ?? null,
    decided_by_name: a.decidedByName ?? null,
    decided_at: a.decidedAt ?? null,
    decision_note: a.decisionNote ?? null,
    info_question: a.infoQuestion ?? null,
    info_answer: a.infoAnswer ?? null,
  };
}

/** Applications; one open application per (programme, person, role) is the database's job (ux_applications_open). */
export const applicationQueries = {
  get: defineQuery('applications.get', [T, 'app'], (t: string, id: string) =>
    on(applications, t).select({ where: eq('id', id) }),
  ),
  find: defineQuery(
    'applications.find',
    [T, 'prog', 'person', 'mentee' as Role],
    (t: string, programmeId: string, personId: string, role: Role) =>
      on(applications, t).select({
        where: and(
          eq('programme_id', programmeId),
          eq('person_id', personId),
          eq('role', role),
          within('status', OPEN_APPLICATION_STATUSES),
        ),
      }),
  ),
  listForPerson: defineQuery('applications.listForPerson', [T, 'person'], (t: string, personId: string) =>
    on(applications, t).select({ where: eq('person_id', personId), orderBy: byDate }),
  ),
  listForProgramme: defineQuery('applications.listForProgramme', [T, 'prog'], (t: string, programmeId: string) =>
    on(applications, t).select({ where: eq('programme_id', programmeId), orderBy: byDate }),
  ),
  insert: defineQuery('applications.insert', [T, sampleApplication], (t: string, a: Application) =>
    on(applications, t).insert({
      id: a.id,
      programme_id: a.programmeId,
      person_id: a.personId,
      role: a.role,
      ...mutable(a),
    }),
  ),
  /** Optimistic: matches only while the stored version is still the one the caller read. */
  update: defineQuery(
    'applications.update',
    [T, sampleApplication, 1],
    (t: string, a: Application, expectedVersion: number) =>
      on(applications, t).update(mutable(a), and(eq('id', a.id), eq('version', expectedVersion))),
  ),
};
