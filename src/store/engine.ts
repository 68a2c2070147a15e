import type { Bound } from './sql/query';
import type { Dialect } from './sql/types';

/** A row as the driver returns it, keyed by column name. */
export type Row = Record<string, unknown>;

/** Runs statements inside one open transaction. Driver errors arrive translated (duplicate key → ConflictError). */
export interface Runner {
  all(q: Bound): Promise<Row[]>;
  /** Returns the number of rows affected. */
  run(q: Bound): Promise<number>;
  /** Runs one migration batch (DDL). */
  exec(sql: string): Promise<void>;
}

/** How a transaction may be treated by the engine. */
export interface TxOptions {
  /** Re-running the whole transaction is harmless, so the engine may retry it on a transient error. */
  idempotent?: boolean;
  /** Take the engine's migration lock for the duration (several instances may start at once). */
  migration?: boolean;
}

/** What differs between SQLite and Azure SQL, and nothing more: transactions, locking and the driver. */
export interface Engine {
  readonly dialect: Dialect;
  /**
   * Runs `work` in one transaction; commits when it resolves, rolls back when it throws. `tenantId` is the
   * tenant the work is scoped to (Azure SQL also sets it as the row-level-security session context).
   */
  transaction<T>(tenantId: string | null, work: (r: Runner) => Promise<T>, options?: TxOptions): Promise<T>;
  close(): Promise<void>;
}
