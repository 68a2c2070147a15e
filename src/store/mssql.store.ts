import * as sql from 'mssql';
import type { Store } from '../services/ports';
import { AsyncMutex } from './async-mutex';
import type { Engine, Row, Runner, TxOptions } from './engine';
import { poolConfig, type MssqlOptions } from './mssql/mssql-config';
import { isTransient, translateError } from './mssql/mssql-errors';
import { driverType } from './mssql/param-types';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './mssql/retry';
import { MIGRATION_LOCK, SET_TENANT_CONTEXT, TENANT_PARAM } from './mssql/tsql-statements';
import type { Bound } from './sql/query';
import { render } from './sql/render';
import { SqlStore } from './sql-store';

export type { MssqlOptions } from './mssql/mssql-config';

/** Azure SQL / SQL Server through an mssql connection pool (tedious 19). */
export class MssqlEngine implements Engine {
  readonly dialect = 'tsql' as const;
  private readonly pool: sql.ConnectionPool;
  private connecting?: Promise<sql.ConnectionPool>;

  constructor(
    options: MssqlOptions,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    const config = poolConfig(options);
    this.pool = typeof config === 'string' ? new sql.ConnectionPool(config) : new sql.ConnectionPool(config);
  }

  transaction<T>(tenantId: string | null, work: (r: Runner) => Promise<T>, options: TxOptions = {}): Promise<T> {
    let workStarted = false;
    // Before `work` runs nothing has happened, so a transient failure to connect or begin is always retried;
    // after, only work the caller declared idempotent is repeated (a rolled-back attempt left no trace).
    const retryable = (e: unknown) => isTransient(e) && (options.idempotent === true || !workStarted);
    return withRetry(
      async () => {
        workStarted = false;
        const tx = new sql.Transaction(await this.ready());
        await tx.begin(sql.ISOLATION_LEVEL.READ_COMMITTED);
        try {
          if (options.migration) await new sql.Request(tx).batch(MIGRATION_LOCK);
          workStarted = true;
          const result = await work(this.runner(tx, tenantId));
          await tx.commit();
          return result;
        } catch (e) {
          // A deadlock or severe error has already rolled the transaction back; nothing more to undo then.
          await tx.rollback().catch(() => undefined);
          throw e;
        }
      },
      retryable,
      this.retry,
    );
  }

  async close(): Promise<void> {
    if (this.connecting) await this.connecting.catch(() => undefined);
    await this.pool.close();
  }

  private ready(): Promise<sql.ConnectionPool> {
    this.connecting ??= this.pool.connect().catch((e) => {
      this.connecting = undefined;
      throw e;
    });
    return this.connecting;
  }

  /** Requests in one transaction share a connection and must not overlap; the mutex keeps Promise.all safe. */
  private runner(tx: sql.Transaction, tenantId: string | null): Runner {
    const mutex = new AsyncMutex();
    const request = (q: Bound) =>
      mutex
        .run(async () => {
          const { sql: text, params } = render(q.statement, 'tsql');
          const req = new sql.Request(tx);
          params.forEach((p, i) => req.input(`p${i}`, driverType(p.type), p.value));
          if (tenantId === null) return req.query(text);
          req.input(TENANT_PARAM, sql.NVarChar(128), tenantId);
          return req.query(`${SET_TENANT_CONTEXT}; ${text}`);
        })
        .catch((e) => {
          throw translateError(e);
        });
    return {
      all: async (q) => ((await request(q)).recordset ?? []) as Row[],
      run: async (q) => (await request(q)).rowsAffected.reduce((a, b) => a + b, 0),
      exec: (text) => mutex.run(async () => void (await new sql.Request(tx).batch(text))),
    };
  }
}

/** Opens an Azure SQL {@link Store}; the pool connects on first use. Call `migrate()` before use. */
export function openMssqlStore(options: MssqlOptions, retry?: RetryPolicy): Store {
  return new SqlStore(new MssqlEngine(options, retry));
}
