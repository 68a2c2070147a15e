import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConflictError } from '../domain/errors';
import type { Store } from '../services/ports';
import { AsyncMutex } from './async-mutex';
import type { Engine, Row, Runner } from './engine';
import type { Bound } from './sql/query';
import { render, type Param } from './sql/render';
import { SqlStore } from './sql-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long SQLite itself waits for a lock inside a statement, and how long we wait to begin a transaction. */
const BUSY_TIMEOUT_MS = 5_000;

const bindable = (p: Param): unknown => (typeof p.value === 'boolean' ? (p.value ? 1 : 0) : p.value);

function translate(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ConflictError('A record with the same key already exists.');
  }
  return e;
}

/** Embedded SQLite (better-sqlite3): one connection, WAL, transactions serialised in-process and across processes. */
export class SqliteEngine implements Engine {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly mutex = new AsyncMutex();
  private readonly cache = new Map<string, Database.Statement>();

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('foreign_keys = ON');
  }

  transaction<T>(_tenantId: string | null, work: (r: Runner) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      await this.beginImmediate();
      try {
        const result = await work(this.runner);
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }

  /**
   * Takes the write lock up front, so a transaction never fails half-way on an upgrade from read to write.
   * better-sqlite3 is synchronous: waiting inside SQLite's busy handler would freeze the event loop, and if
   * the holder is another connection in this same process it could never finish. So the wait happens here,
   * asynchronously, with the busy timeout off just for BEGIN.
   */
  private async beginImmediate(): Promise<void> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      this.db.pragma('busy_timeout = 0');
      try {
        this.db.exec('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
      } finally {
        this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      await sleep(Math.min(2 ** attempt, 25));
    }
  }

  private prepare(q: Bound): { stmt: Database.Statement; args: unknown[] } {
    const { sql, params } = render(q.statement, 'sqlite');
    let stmt = this.cache.get(sql);
    if (!stmt) this.cache.set(sql, (stmt = this.db.prepare(sql)));
    return { stmt, args: params.map(bindable) };
  }

  private readonly runner: Runner = {
    all: async (q) => {
      const { stmt, args } = this.prepare(q);
      return stmt.all(...args) as Row[];
    },
    run: async (q) => {
      const { stmt, args } = this.prepare(q);
      try {
        return stmt.run(...args).changes;
      } catch (e) {
        throw translate(e);
      }
    },
    exec: async (sql) => void this.db.exec(sql),
  };
}

/** Opens (creating if needed) a SQLite database file as a {@link Store}. Call `migrate()` before use. */
export function openSqliteStore(file: string): Store {
  return new SqlStore(new SqliteEngine(file));
}
