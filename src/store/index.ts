import type { Store } from '../services/ports';
import { openMssqlStore, type MssqlOptions } from './mssql.store';
import { openSqliteStore } from './sqlite.store';

/** Where the records live: an embedded SQLite file (local use, tests) or Azure SQL (production). */
export type StoreOptions = { engine: 'sqlite'; file: string } | ({ engine: 'mssql' } & MssqlOptions);

export type { MssqlOptions } from './mssql.store';

/**
 * Opens the store. It does not migrate: the caller runs `migrate()` once at start, so a read-only tool or a
 * second instance can open it without racing schema changes it did not ask for.
 */
export function openStore(options: StoreOptions): Store {
  return options.engine === 'sqlite' ? openSqliteStore(options.file) : openMssqlStore(options);
}
