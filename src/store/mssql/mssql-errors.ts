import { ConflictError } from '../../domain/errors';

/** SQL Server duplicate key: 2627 (unique/primary key constraint), 2601 (unique index). */
const DUPLICATE_KEY = new Set([2627, 2601]);

/**
 * Transient errors worth retrying (Azure SQL guidance): database unavailable or moving (4060, 40197, 40501,
 * 40613, 49918-49920), deadlock victim (1205), resource limits (10928, 10929).
 */
export const TRANSIENT_ERRORS = new Set([4060, 40197, 40501, 40613, 49918, 49919, 49920, 1205, 10928, 10929]);

/** Connection-level failures from the driver: the request never reached a working session. */
const TRANSIENT_CODES = new Set(['ESOCKET', 'ETIMEOUT', 'ECONNCLOSED', 'ECONNRESET']);

interface DriverError {
  number?: number;
  code?: string;
  originalError?: DriverError & { info?: { number?: number } };
  precedingErrors?: DriverError[];
}

/** Every SQL error number the driver reports for a failure (mssql nests them in a few places). */
export function errorNumbers(e: unknown): number[] {
  const err = (e ?? {}) as DriverError;
  const all = [err, err.originalError, ...(err.precedingErrors ?? [])];
  return all
    .flatMap((x) => [x?.number, x?.originalError?.info?.number])
    .filter((n): n is number => typeof n === 'number');
}

/** Duplicate keys become {@link ConflictError} so use cases never see driver types. */
export function translateError(e: unknown): unknown {
  return errorNumbers(e).some((n) => DUPLICATE_KEY.has(n))
    ? new ConflictError('A record with the same key already exists.')
    : e;
}

/** True when retrying (idempotent) work may succeed. */
export function isTransient(e: unknown): boolean {
  const err = (e ?? {}) as DriverError;
  if (errorNumbers(e).some((n) => TRANSIENT_ERRORS.has(n))) return true;
  return [err.code, err.originalError?.code].some((c) => c !== undefined && TRANSIENT_CODES.has(c));
}
