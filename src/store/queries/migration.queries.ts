import { schemaMigrations } from '../schema-messaging';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { AT } from './samples';

/** The migration ledger. */
export const migrationQueries = {
  applied: defineQuery('migrations.applied', [], () =>
    on(schemaMigrations, null).select({ columns: ['id'], orderBy: [{ column: 'id' }] }),
  ),
  record: defineQuery('migrations.record', ['0001', AT], (id: string, at: string) =>
    on(schemaMigrations, null).insert({ id, applied_at: at }),
  ),
};
