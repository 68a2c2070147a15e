import type { GroupKey, Statement } from './statement';
import type { TableDef } from './table';
import type { ColumnType, Dialect, Value } from './types';
import type { Where } from './where';

/** One bound parameter with the logical type of the column it is compared with or written to. */
export interface Param {
  readonly value: Value;
  readonly type: ColumnType;
}

/** SQL text for one dialect plus its positional parameters (`?` in SQLite, `@p0…` in T-SQL). */
export interface Rendered {
  readonly sql: string;
  readonly params: readonly Param[];
}

/** Quotes an identifier: `"x"` in SQLite, `[x]` in T-SQL. */
export function ident(dialect: Dialect, name: string): string {
  return dialect === 'sqlite' ? `"${name}"` : `[${name}]`;
}

/** A table name; T-SQL names the schema so RLS policies and queries refer to the same object. */
export function tableName(dialect: Dialect, table: TableDef): string {
  return dialect === 'sqlite' ? ident(dialect, table.name) : `[dbo].${ident(dialect, table.name)}`;
}

class Builder {
  readonly params: Param[] = [];
  constructor(
    readonly dialect: Dialect,
    readonly table: TableDef,
  ) {}

  id(name: string): string {
    if (!(name in this.table.columns)) throw new Error(`${this.table.name}: no column ${name}`);
    return ident(this.dialect, name);
  }

  bind(column: string, value: Value): string {
    this.params.push({ value, type: this.table.columns[column].type });
    return this.dialect === 'sqlite' ? '?' : `@p${this.params.length - 1}`;
  }

  /** ` WHERE …`, or nothing for an empty conjunction (unscoped listings of the tenant directory). */
  clause(w: Where<string>): string {
    return w.kind === 'and' && w.parts.length === 0 ? '' : ` WHERE ${this.where(w)}`;
  }

  where(w: Where<string>): string {
    switch (w.kind) {
      case 'cmp':
        return `${this.id(w.column)} ${w.op} ${this.bind(w.column, w.value)}`;
      case 'null':
        return `${this.id(w.column)} IS NULL`;
      case 'notNull':
        return `${this.id(w.column)} IS NOT NULL`;
      case 'in':
        // An empty IN list is a syntax error in T-SQL; 1 = 0 keeps "matches nothing" in both dialects.
        return w.values.length === 0
          ? '1 = 0'
          : `${this.id(w.column)} IN (${w.values.map((v) => this.bind(w.column, v)).join(', ')})`;
      case 'and':
      case 'or': {
        if (w.parts.length === 0) return w.kind === 'and' ? '1 = 1' : '1 = 0';
        const parts = w.parts.map((p) => (p.kind === 'and' || p.kind === 'or' ? `(${this.where(p)})` : this.where(p)));
        return parts.join(w.kind === 'and' ? ' AND ' : ' OR ');
      }
    }
  }
}

/** A result column name: a plain word, since it is written into the SQL. */
function alias(dialect: Dialect, name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`invalid result name ${name}`);
  return ident(dialect, name);
}

/** A grouping expression; a JSON field name is checked and written as a literal path (both engines need one). */
function groupKey(b: Builder, k: GroupKey<string>): string {
  if (k.prefix !== undefined) {
    if (!Number.isInteger(k.prefix) || k.prefix < 1 || k.prefix > 64) throw new Error(`invalid prefix ${k.prefix}`);
    return b.dialect === 'sqlite'
      ? `substr(${b.id(k.column)}, 1, ${k.prefix})`
      : `LEFT(${b.id(k.column)}, ${k.prefix})`;
  }
  if (k.jsonField === undefined) return b.id(k.column);
  if (b.table.columns[k.column]?.type.kind !== 'json')
    throw new Error(`${b.table.name}.${k.column} is not a JSON column`);
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(k.jsonField)) throw new Error(`invalid JSON field ${k.jsonField}`);
  return b.dialect === 'sqlite'
    ? `json_extract(${b.id(k.column)}, '$.${k.jsonField}')`
    : `JSON_VALUE(${b.id(k.column)}, N'$.${k.jsonField}')`;
}

function limitValue(n: number): number {
  // Rendered as a literal (T-SQL's TOP cannot take a bare placeholder without parentheses); validate it.
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid limit ${n}`);
  return n;
}

/** Renders a statement for one dialect. */
export function render(statement: Statement, dialect: Dialect): Rendered {
  const b = new Builder(dialect, statement.table);
  const table = tableName(dialect, statement.table);
  switch (statement.kind) {
    case 'select': {
      const top = dialect === 'tsql' && statement.limit !== undefined ? `TOP (${limitValue(statement.limit)}) ` : '';
      const hints = dialect === 'tsql' && statement.claim ? ' WITH (UPDLOCK, READPAST, ROWLOCK)' : '';
      const cols = statement.columns.map((c) => b.id(c)).join(', ');
      let sql = `SELECT ${top}${cols} FROM ${table}${hints}${b.clause(statement.where)}`;
      if (statement.orderBy.length) {
        sql += ` ORDER BY ${statement.orderBy.map((o) => `${b.id(o.column)} ${o.desc ? 'DESC' : 'ASC'}`).join(', ')}`;
      }
      if (dialect === 'sqlite' && statement.limit !== undefined) sql += ` LIMIT ${limitValue(statement.limit)}`;
      return { sql, params: b.params };
    }
    case 'insert': {
      const cols = Object.keys(statement.row);
      const names = cols.map((c) => b.id(c)).join(', ');
      const values = cols.map((c) => b.bind(c, statement.row[c])).join(', ');
      if (!statement.ifAbsent) return { sql: `INSERT INTO ${table} (${names}) VALUES (${values})`, params: b.params };
      const key = statement.ifAbsent.map((c) => `${b.id(c)} = ${b.bind(c, statement.row[c])}`).join(' AND ');
      // T-SQL: UPDLOCK+HOLDLOCK makes the existence check and the insert atomic against concurrent inserters.
      // SQLite: writers are already serialised; ON CONFLICT DO NOTHING also absorbs any other unique key.
      const lock = dialect === 'tsql' ? ' WITH (UPDLOCK, HOLDLOCK)' : '';
      const onConflict = dialect === 'sqlite' ? ' ON CONFLICT DO NOTHING' : '';
      return {
        sql: `INSERT INTO ${table} (${names}) SELECT ${values} WHERE NOT EXISTS (SELECT 1 FROM ${table}${lock} WHERE ${key})${onConflict}`,
        params: b.params,
      };
    }
    case 'update': {
      const sets = Object.entries(statement.set).map(([c, v]) => {
        if (v === null || typeof v !== 'object') return `${b.id(c)} = ${b.bind(c, v)}`;
        // Only a whole-number increment is computed in SQL; any other object (an array smuggled in as a value)
        // is a bug upstream, refused here rather than rendered as `+ NaN`.
        if (Array.isArray(v) || !Number.isInteger(v.increment))
          throw new Error(`${statement.table.name}.${c}: not a value or an increment`);
        return `${b.id(c)} = ${b.id(c)} + ${v.increment}`;
      });
      return { sql: `UPDATE ${table} SET ${sets.join(', ')}${b.clause(statement.where)}`, params: b.params };
    }
    case 'delete':
      return { sql: `DELETE FROM ${table}${b.clause(statement.where)}`, params: b.params };
    case 'aggregate': {
      const keys = statement.groupBy.map((k) => groupKey(b, k));
      const measures = statement.measures.map(
        (m) =>
          `${m.fn === 'count' ? 'COUNT(*)' : `${m.fn.toUpperCase()}(${b.id(m.column)})`} AS ${alias(dialect, m.as)}`,
      );
      const selected = [...keys.map((k, i) => `${k} AS ${alias(dialect, statement.groupBy[i].as)}`), ...measures].join(
        ', ',
      );
      let sql = `SELECT ${selected} FROM ${table}${b.clause(statement.where)}`;
      if (keys.length) sql += ` GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}`;
      return { sql, params: b.params };
    }
  }
}
