import { TENANT_CONTEXT_KEY } from '../migrations/tenant-rls';

/** Parameter name the session-context prefix binds the tenant id to (cannot clash with `@p0…`). */
export const TENANT_PARAM = 'tenant_ctx';

/**
 * Sets the row-level-security tenant. Prefixed to every tenant query in the same batch, because pooled
 * connections are not reset between borrowers: a context left by the previous tenant must never apply.
 */
export const SET_TENANT_CONTEXT = `EXEC sp_set_session_context @key = N'${TENANT_CONTEXT_KEY}', @value = @${TENANT_PARAM}`;

/**
 * Serialises migrations across instances starting at once. Owned by the transaction, so it is released by
 * commit or rollback and cannot leak if the process dies. sp_getapplock reports a timeout through its return
 * value, not an error, so the result is checked and turned into one.
 */
export const MIGRATION_LOCK =
  "DECLARE @lock INT; EXEC @lock = sp_getapplock @Resource = N'schema_migrations', @LockMode = 'Exclusive', " +
  "@LockOwner = 'Transaction', @LockTimeout = 120000; IF @lock < 0 THROW 51000, N'Timed out waiting for the migration lock.', 1";
