import { TENANT_COLUMN, type TableDef } from './table';
import type { Value } from './types';
import { and, eq, type Where } from './where';

/** A column assignment in UPDATE: a value, or `column + n` (computed in the database, race-free). */
export type Assign = Value | { readonly increment: number };

/** A dialect-neutral statement; render.ts turns it into SQL text and parameters. */
export type Statement =
  | {
      readonly kind: 'select';
      readonly table: TableDef;
      readonly columns: readonly string[];
      readonly where: Where<string>;
      readonly orderBy: readonly { column: string; desc?: boolean }[];
      readonly limit?: number;
      /** T-SQL only: take update locks and skip rows other claimers hold (SQLite already has one writer). */
      readonly claim?: boolean;
    }
  | {
      readonly kind: 'insert';
      readonly table: TableDef;
      readonly row: Readonly<Record<string, Value>>;
      readonly ifAbsent?: readonly string[];
    }
  | {
      readonly kind: 'update';
      readonly table: TableDef;
      readonly set: Readonly<Record<string, Assign>>;
      readonly where: Where<string>;
    }
  | { readonly kind: 'delete'; readonly table: TableDef; readonly where: Where<string> }
  | {
      readonly kind: 'aggregate';
      readonly table: TableDef;
      readonly groupBy: readonly GroupKey<string>[];
      readonly measures: readonly Measure<string>[];
      readonly where: Where<string>;
    };

/**
 * A GROUP BY key, selected under the name `as`: a column, or one text field of a JSON column (`$.field`, rendered
 * as json_extract in SQLite and JSON_VALUE in T-SQL), so report breakdowns group inside the database.
 */
export interface GroupKey<C extends string> {
  readonly as: string;
  readonly column: C;
  readonly jsonField?: string;
  /**
   * Groups on the first `prefix` characters of a text column instead (SUBSTR in SQLite, LEFT in T-SQL): e.g. 13
   * characters of an ISO timestamp, `2027-03-01T10`, is its UTC hour.
   */
  readonly prefix?: number;
}

/** An aggregate selected under the name `as`: COUNT(*), or MIN/MAX of a column. */
export type Measure<C extends string> =
  | { readonly as: string; readonly fn: 'count' }
  | { readonly as: string; readonly fn: 'min' | 'max' | 'sum'; readonly column: C };

/** Options of a SELECT. */
export interface SelectOptions<C extends string> {
  columns?: readonly C[];
  where?: Where<C>;
  orderBy?: readonly { column: C; desc?: boolean }[];
  limit?: number;
  claim?: boolean;
}

/**
 * Statement builders bound to one table and, for tenant tables, one tenant. The tenant predicate is added to
 * every WHERE and the tenant column to every insert here, so no query can forget it.
 */
export function on<C extends string>(table: TableDef<C>, tenantId: string | null) {
  if (table.tenantScoped !== (tenantId !== null)) {
    throw new Error(`${table.name}: ${table.tenantScoped ? 'a tenant id is required' : 'not a tenant table'}`);
  }
  const t = table as unknown as TableDef;
  const scope = (where: Where<C> | undefined): Where<string> => {
    const tenant = tenantId === null ? [] : [eq<string>(TENANT_COLUMN, tenantId)];
    return and<string>(...tenant, ...(where ? [where as Where<string>] : []));
  };
  const withTenant = (row: Partial<Record<C, Value>>): Record<string, Value> =>
    (tenantId === null ? { ...row } : { ...row, [TENANT_COLUMN]: tenantId }) as Record<string, Value>;
  return {
    select: (o: SelectOptions<C> = {}): Statement => ({
      kind: 'select',
      table: t,
      columns: o.columns ?? (Object.keys(table.columns) as C[]),
      where: scope(o.where),
      orderBy: o.orderBy ?? [],
      limit: o.limit,
      claim: o.claim,
    }),
    insert: (row: Partial<Record<C, Value>>): Statement => ({ kind: 'insert', table: t, row: withTenant(row) }),
    /** Inserts unless a row with the same `key` values exists (within the tenant); affects 0 rows then. */
    insertIfAbsent: (row: Partial<Record<C, Value>>, key: readonly C[]): Statement => ({
      kind: 'insert',
      table: t,
      row: withTenant(row),
      ifAbsent: tenantId === null ? key : [TENANT_COLUMN, ...key.filter((k) => k !== TENANT_COLUMN)],
    }),
    update: (set: Partial<Record<C, Assign>>, where: Where<C>): Statement => ({
      kind: 'update',
      table: t,
      set: set as Record<string, Assign>,
      where: scope(where),
    }),
    delete: (where: Where<C>): Statement => ({ kind: 'delete', table: t, where: scope(where) }),
    /** `SELECT keys…, aggregates… WHERE … GROUP BY keys… ORDER BY keys…` (no keys: one row for the whole table). */
    aggregate: (o: {
      groupBy?: readonly GroupKey<C>[];
      measures: readonly Measure<C>[];
      where?: Where<C>;
    }): Statement => ({
      kind: 'aggregate',
      table: t,
      groupBy: o.groupBy ?? [],
      measures: o.measures,
      where: scope(o.where),
    }),
  };
}
