import { addColumns, createIndex, createTable, rebuildTableSqlite } from '../sql/ddl';
import type { Column } from '../sql/types';
import type { IndexDef, TableDef } from '../sql/table';
import type { Dialect } from '../sql/types';

/** One step of a migration: a table from its definition, or T-SQL that has no SQLite counterpart. */
export type MigrationStep =
  | { readonly kind: 'table'; readonly table: TableDef }
  /** New nullable columns on an existing table (the table's current definition must list them too). */
  | { readonly kind: 'columns'; readonly table: TableDef; readonly columns: Readonly<Record<string, Column>> }
  | { readonly kind: 'tsql-only'; readonly sql: string; readonly why: string }
  /** A new index on an existing table (the table's current definition must list it too). */
  | { readonly kind: 'index'; readonly table: TableDef; readonly index: IndexDef<string> }
  /** The same data change written for each engine (e.g. filling a new column for existing rows). */
  | { readonly kind: 'data'; readonly sqlite: string; readonly tsql: string; readonly why: string }
  /** SQLite only: the table rebuilt from its current definition (SQLite cannot drop a constraint in place). */
  | { readonly kind: 'sqlite-rebuild'; readonly table: TableDef; readonly why: string };

/** A migration, applied once and recorded by id in schema_migrations. Ids sort in application order. */
export interface Migration {
  readonly id: string;
  readonly steps: readonly MigrationStep[];
}

/** The batches a migration runs in `dialect`, in order (T-SQL's CREATE FUNCTION must be alone in a batch). */
export function renderMigration(m: Migration, dialect: Dialect): string[] {
  return m.steps.flatMap((s) => {
    if (s.kind === 'table') return createTable(s.table, dialect);
    if (s.kind === 'columns') return addColumns(s.table, s.columns, dialect);
    if (s.kind === 'sqlite-rebuild') return dialect === 'sqlite' ? rebuildTableSqlite(s.table) : [];
    if (s.kind === 'data') return [dialect === 'sqlite' ? s.sqlite : s.tsql];
    if (s.kind === 'index') {
      if (!s.table.indexes.includes(s.index))
        throw new Error(`${s.table.name}: add ${s.index.name} to its definition too`);
      return [createIndex(s.table, s.index, dialect)];
    }
    return dialect === 'tsql' ? [s.sql] : [];
  });
}
