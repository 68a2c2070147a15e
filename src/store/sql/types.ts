/** Which SQL the definition layer renders: embedded SQLite or T-SQL for Azure SQL / SQL Server. */
export type Dialect = 'sqlite' | 'tsql';

/** A value bound as a parameter. Dates travel as ISO-8601 UTC strings so both engines sort them alike. */
export type Value = string | number | boolean | null;

/** A column's logical type; each dialect renders it to a physical type (see ddl.ts). */
export type ColumnType =
  | { kind: 'id'; length: number }
  | { kind: 'text'; length: number }
  | { kind: 'longtext' }
  | { kind: 'json' }
  | { kind: 'int' }
  | { kind: 'bool' }
  | { kind: 'timestamp' };

/** A column definition: logical type and whether NULL is allowed. */
export interface Column {
  readonly type: ColumnType;
  readonly nullable: boolean;
}

const required = (type: ColumnType): Column => ({ type, nullable: false });

/** Column constructors for table definitions. */
export const col = {
  /** An identifier or key compared byte-for-byte (case-sensitive in both engines). */
  id: (length = 128): Column => required({ kind: 'id', length }),
  text: (length: number): Column => required({ kind: 'text', length }),
  longtext: (): Column => required({ kind: 'longtext' }),
  /** JSON stored as text; the adapter serialises and parses it. */
  json: (): Column => required({ kind: 'json' }),
  int: (): Column => required({ kind: 'int' }),
  bool: (): Column => required({ kind: 'bool' }),
  /** ISO-8601 UTC text (`2027-03-03T14:05:00.000Z`), so ordering is the same in both engines. */
  timestamp: (): Column => required({ kind: 'timestamp' }),
};

/** Makes a column nullable. */
export function optional(c: Column): Column {
  return { ...c, nullable: true };
}
