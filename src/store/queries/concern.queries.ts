import type { Concern } from '../../domain/concern';
import { concerns, signposting } from '../schema-concerns';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq } from '../sql/where';
import { AT, T } from './samples';

const sampleConcern: Concern = {
  tenantId: T,
  id: 'concern',
  programmeId: 'prog',
  raisedBy: 'person',
  matchId: 'match',
  category: 'welfare',
  text: 'What happened',
  mayContact: true,
  status: 'open',
  version: 1,
  createdAt: AT,
  updatedAt: AT,
};

/** The columns a transition changes. */
const state = (c: Concern) => ({
  status: c.status,
  acknowledged_by: c.acknowledgedBy ?? null,
  acknowledged_at: c.acknowledgedAt ?? null,
  closed_by: c.closedBy ?? null,
  closed_at: c.closedAt ?? null,
  close_note: c.closeNote ?? null,
  version: c.version,
  updated_at: c.updatedAt,
});

/** Concerns: inserted once, then changed only by versioned transitions. */
export const concernQueries = {
  insert: defineQuery('concerns.insert', [T, sampleConcern], (t: string, c: Concern) =>
    on(concerns, t).insert({
      id: c.id,
      programme_id: c.programmeId,
      raised_by: c.raisedBy,
      match_id: c.matchId ?? null,
      category: c.category,
      text: c.text,
      may_contact: c.mayContact,
      created_at: c.createdAt,
      ...state(c),
    }),
  ),
  get: defineQuery('concerns.get', [T, 'concern'], (t: string, id: string) =>
    on(concerns, t).select({ where: eq('id', id) }),
  ),
  update: defineQuery('concerns.update', [T, sampleConcern, 1], (t: string, c: Concern, expectedVersion: number) =>
    on(concerns, t).update(state(c), and(eq('id', c.id), eq('version', expectedVersion))),
  ),
};

/** The tenant's list of places to turn: one row, replaced whole, versioned. */
export const signpostingQueries = {
  get: defineQuery('signposting.get', [T], (t: string) => on(signposting, t).select({})),
  insert: defineQuery(
    'signposting.insert',
    [T, '[]', 'person', AT],
    (t: string, entries: string, by: string, at: string) =>
      on(signposting, t).insertIfAbsent({ entries, version: 1, updated_by: by, updated_at: at }, []),
  ),
  update: defineQuery(
    'signposting.update',
    [T, '[]', 1, 'person', AT],
    (t: string, entries: string, expectedVersion: number, by: string, at: string) =>
      on(signposting, t).update(
        { entries, version: expectedVersion + 1, updated_by: by, updated_at: at },
        eq('version', expectedVersion),
      ),
  ),
};
