import type { Column } from './types';

/** A named list of columns used by an index or unique constraint. */
export interface IndexDef<C extends string> {
  readonly name: string;
  readonly columns: readonly C[];
  /**
   * Makes it a unique index over only the rows whose `column` is one of `in` (SQLite partial index, T-SQL filtered
   * index): e.g. one open application per person and role, however many closed ones.
   */
  readonly uniqueWhere?: { readonly column: C; readonly in: readonly string[] };
}

/** A table definition, rendered to DDL for each dialect and used to type query builders. */
export interface TableDef<C extends string = string> {
  readonly name: string;
  readonly columns: Readonly<Record<C, Column>>;
  readonly primaryKey: readonly C[];
  readonly unique: readonly IndexDef<C>[];
  readonly indexes: readonly IndexDef<C>[];
  /** True when the table has `tenant_id`: every query on it is then scoped by construction. */
  readonly tenantScoped: boolean;
}

/** The name of the column every tenant table carries. */
export const TENANT_COLUMN = 'tenant_id';

/**
 * Defines a table. A tenant table must lead its primary key with tenant_id so ids are only ever unique (and
 * findable) inside one tenant; this is checked here rather than trusted to each definition.
 */
export function defineTable<C extends string>(
  name: string,
  columns: Record<C, Column>,
  keys: { primaryKey: NoInfer<C>[]; unique?: IndexDef<NoInfer<C>>[]; indexes?: IndexDef<NoInfer<C>>[] },
): TableDef<C> {
  const tenantScoped = TENANT_COLUMN in columns;
  const leadsWithTenant = (cols: readonly C[]): boolean => cols[0] === TENANT_COLUMN;
  if (tenantScoped) {
    const all = [
      keys.primaryKey,
      ...(keys.unique ?? []).map((u) => u.columns),
      ...(keys.indexes ?? []).map((i) => i.columns),
    ];
    if (!all.every(leadsWithTenant))
      throw new Error(`${name}: every key and index of a tenant table must start with tenant_id`);
  }
  return {
    name,
    columns,
    primaryKey: keys.primaryKey,
    unique: keys.unique ?? [],
    indexes: keys.indexes ?? [],
    tenantScoped,
  };
}
