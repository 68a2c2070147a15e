import type { Coordinator, Person, Programme } from '../../domain/programme';
import { coordinators, people, programmes } from '../schema';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq } from '../sql/where';
import { AT, T, sampleProgramme } from './samples';

/** Programmes, people and coordinators of one tenant. */
export const programmeQueries = {
  list: defineQuery('programmes.list', [T], (t: string) =>
    on(programmes, t).select({ orderBy: [{ column: 'created_at' }, { column: 'id' }] }),
  ),
  get: defineQuery('programmes.get', [T, 'p'], (t: string, id: string) =>
    on(programmes, t).select({ where: eq('id', id) }),
  ),
  insert: defineQuery('programmes.insert', [T, sampleProgramme], (t: string, p: Programme) =>
    on(programmes, t).insert({
      id: p.id,
      name: p.name,
      settings: JSON.stringify(p.settings),
      coordinator_channel_key: p.coordinatorChannelKey ?? null,
      created_at: p.createdAt,
    }),
  ),
  update: defineQuery('programmes.update', [T, sampleProgramme], (t: string, p: Programme) =>
    on(programmes, t).update(
      { name: p.name, settings: JSON.stringify(p.settings), coordinator_channel_key: p.coordinatorChannelKey ?? null },
      eq('id', p.id),
    ),
  ),
};

const samplePerson: Person = { tenantId: T, id: 'person', name: 'Dr A', updatedAt: AT };

/** People: update-then-insert-if-absent is the portable upsert (see tenant-tx.ts). */
export const personQueries = {
  get: defineQuery('people.get', [T, 'id'], (t: string, id: string) => on(people, t).select({ where: eq('id', id) })),
  list: defineQuery('people.list', [T], (t: string) =>
    on(people, t).select({ orderBy: [{ column: 'name' }, { column: 'id' }] }),
  ),
  update: defineQuery('people.update', [T, samplePerson], (t: string, p: Person) =>
    on(people, t).update({ name: p.name, email: p.email ?? null, updated_at: p.updatedAt }, eq('id', p.id)),
  ),
  insertIfAbsent: defineQuery('people.insertIfAbsent', [T, samplePerson], (t: string, p: Person) =>
    on(people, t).insertIfAbsent({ id: p.id, name: p.name, email: p.email ?? null, updated_at: p.updatedAt }, ['id']),
  ),
};

const sampleCoordinator: Coordinator = {
  tenantId: T,
  programmeId: 'prog',
  personId: 'person',
  addedBy: 'admin',
  addedAt: AT,
};

/** Coordinators of a programme. */
export const coordinatorQueries = {
  list: defineQuery('coordinators.list', [T, 'prog'], (t: string, programmeId: string) =>
    on(coordinators, t).select({
      where: eq('programme_id', programmeId),
      orderBy: [{ column: 'added_at' }, { column: 'person_id' }],
    }),
  ),
  get: defineQuery('coordinators.get', [T, 'prog', 'person'], (t: string, programmeId: string, personId: string) =>
    on(coordinators, t).select({
      columns: ['person_id'],
      where: and(eq('programme_id', programmeId), eq('person_id', personId)),
    }),
  ),
  programmesOf: defineQuery('coordinators.programmesOf', [T, 'person'], (t: string, personId: string) =>
    on(coordinators, t).select({
      columns: ['programme_id'],
      where: eq('person_id', personId),
      orderBy: [{ column: 'programme_id' }],
    }),
  ),
  insert: defineQuery('coordinators.insert', [T, sampleCoordinator], (t: string, c: Coordinator) =>
    on(coordinators, t).insert({
      programme_id: c.programmeId,
      person_id: c.personId,
      added_by: c.addedBy,
      added_at: c.addedAt,
    }),
  ),
  remove: defineQuery(
    'coordinators.remove',
    [T, 'prog', 'person'],
    (t: string, programmeId: string, personId: string) =>
      on(coordinators, t).delete(and(eq('programme_id', programmeId), eq('person_id', personId))),
  ),
};
