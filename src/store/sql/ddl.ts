import { ident, tableName } from './render';
import type { IndexDef, TableDef } from './table';
import type { Column, ColumnType, Dialect } from './types';

/**
 * Ids and timestamps use a binary collation in T-SQL: SQLite compares TEXT byte-wise, SQL Server's default
 * collation is case-insensitive and treats '-' specially, so without it the two engines would disagree
 * about uniqueness and ordering.
 */
const BIN2 = 'COLLATE Latin1_General_100_BIN2';

function physical(type: ColumnType, dialect: Dialect): string {
  if (dialect === 'sqlite') return type.kind === 'int' || type.kind === 'bool' ? 'INTEGER' : 'TEXT';
  switch (type.kind) {
    case 'id':
      return `NVARCHAR(${type.length}) ${BIN2}`;
    case 'text':
      return `NVARCHAR(${type.length})`;
    case 'longtext':
    case 'json':
      return 'NVARCHAR(MAX)';
    case 'int':
      return 'INT';
    case 'bool':
      return 'BIT';
    case 'timestamp':
      // ISO-8601 text is ASCII; 32 characters holds `YYYY-MM-DDTHH:MM:SS.mmmZ` with room to spare.
      return `VARCHAR(32) ${BIN2}`;
  }
}

function columnSql(name: string, c: Column, dialect: Dialect): string {
  return `${ident(dialect, name)} ${physical(c.type, dialect)} ${c.nullable ? 'NULL' : 'NOT NULL'}`;
}

const list = (dialect: Dialect, cols: readonly string[]): string => cols.map((c) => ident(dialect, c)).join(', ');

/**
 * `CREATE TABLE` plus one `CREATE INDEX` per secondary index, each a separate batch. `ifNotExists` is for the
 * migration bookkeeping table only, which must exist before any migration can be recorded.
 */
export function createTable(table: TableDef, dialect: Dialect, ifNotExists = false): string[] {
  const name = tableName(dialect, table);
  const parts = [
    ...Object.entries<Column>(table.columns).map(([n, c]) => columnSql(n, c, dialect)),
    `CONSTRAINT ${ident(dialect, `pk_${table.name}`)} PRIMARY KEY (${list(dialect, table.primaryKey)})`,
    ...table.unique.map((u) => `CONSTRAINT ${ident(dialect, u.name)} UNIQUE (${list(dialect, u.columns)})`),
  ];
  const body = `${name} (${parts.join(', ')})`;
  let create = `CREATE TABLE ${body}`;
  if (ifNotExists) {
    create =
      dialect === 'sqlite'
        ? `CREATE TABLE IF NOT EXISTS ${body}`
        : `IF OBJECT_ID(N'dbo.${table.name}', N'U') IS NULL CREATE TABLE ${body}`;
  }
  return [create, ...table.indexes.map((i) => createIndex(table, i, dialect))];
}

/** `CREATE INDEX`, or `CREATE UNIQUE INDEX … WHERE column IN (…)` for a filtered unique index. */
export function createIndex(table: TableDef, i: IndexDef<string>, dialect: Dialect): string {
  const on = `ON ${tableName(dialect, table)} (${list(dialect, i.columns)})`;
  if (!i.uniqueWhere) return `CREATE INDEX ${ident(dialect, i.name)} ${on}`;
  const values = i.uniqueWhere.in.map((v) => `${dialect === 'tsql' ? 'N' : ''}'${v.replace(/'/g, "''")}'`).join(', ');
  return `CREATE UNIQUE INDEX ${ident(dialect, i.name)} ${on} WHERE ${ident(dialect, i.uniqueWhere.column)} IN (${values})`;
}

/**
 * SQLite cannot drop a table constraint: the table is created again from its current definition under a new name,
 * its rows copied, the old one dropped and the new one renamed, then its indexes created. One batch each.
 */
export function rebuildTableSqlite(table: TableDef): string[] {
  const temp: TableDef = { ...table, name: `${table.name}_rebuilt`, indexes: [] };
  const cols = list('sqlite', Object.keys(table.columns));
  return [
    ...createTable(temp, 'sqlite'),
    `INSERT INTO ${tableName('sqlite', temp)} (${cols}) SELECT ${cols} FROM ${tableName('sqlite', table)}`,
    `DROP TABLE ${tableName('sqlite', table)}`,
    `ALTER TABLE ${tableName('sqlite', temp)} RENAME TO ${ident('sqlite', table.name)}`,
    ...table.indexes.map((i) => createIndex(table, i, 'sqlite')),
  ];
}

/**
 * `ALTER TABLE … ADD` for each column, one batch each (SQLite adds one column per statement). Only nullable
 * columns: existing rows get NULL, which both engines add without rewriting the table.
 */
export function addColumns(table: TableDef, columns: Readonly<Record<string, Column>>, dialect: Dialect): string[] {
  return Object.entries(columns).map(([n, c]) => {
    if (!c.nullable) throw new Error(`${table.name}.${n}: an added column must be nullable`);
    if (!(n in table.columns)) throw new Error(`${table.name}.${n}: add the column to the table definition too`);
    return `ALTER TABLE ${tableName(dialect, table)} ADD ${dialect === 'sqlite' ? 'COLUMN ' : ''}${columnSql(n, c, dialect)}`;
  });
}
