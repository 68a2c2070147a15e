import { tableName } from '../sql/render';
import type { TableDef } from '../sql/table';
import type { MigrationStep } from './migration';

/** The predicate function and policy names, referenced again if a later migration adds a tenant table. */
export const RLS_FUNCTION = 'dbo.fn_tenant_access';
export const RLS_POLICY = 'dbo.tenant_isolation';

/** SESSION_CONTEXT key the mssql engine sets in the same batch as every tenant query. */
export const TENANT_CONTEXT_KEY = 'TenantId';

const why =
  'Row-level security is a SQL Server feature. SQLite has no equivalent and needs none here: it is embedded in ' +
  'one process, and every statement on a tenant table already carries the tenant_id predicate (added by the ' +
  'statement builder, checked by a unit test). In Azure SQL the policy is the second wall: even a query that ' +
  'forgot the predicate, or a person with database access through the app identity, sees only the tenant ' +
  'named in SESSION_CONTEXT.';

/**
 * T-SQL-only steps: an inline predicate function and one security policy with a filter predicate (reads,
 * updates and deletes see only the session's tenant) and block predicates (writes cannot create or move a
 * row into another tenant) on every tenant table.
 */
export function tenantRlsSteps(tables: readonly TableDef[]): MigrationStep[] {
  const predicates = policyClauses(tables);
  return [
    {
      kind: 'tsql-only',
      why,
      sql:
        `CREATE FUNCTION ${RLS_FUNCTION}(@tenant_id NVARCHAR(128)) RETURNS TABLE WITH SCHEMABINDING AS ` +
        `RETURN SELECT 1 AS allowed WHERE @tenant_id = CAST(SESSION_CONTEXT(N'${TENANT_CONTEXT_KEY}') AS NVARCHAR(128))`,
    },
    { kind: 'tsql-only', why, sql: `CREATE SECURITY POLICY ${RLS_POLICY} ${predicates.join(', ')} WITH (STATE = ON)` },
  ];
}

/** The policy's clauses for the tenant tables among `tables`: filter, and block after insert and after update. */
function policyClauses(tables: readonly TableDef[]): string[] {
  return tables
    .filter((t) => t.tenantScoped)
    .flatMap((t) => {
      const name = tableName('tsql', t);
      return [
        `ADD FILTER PREDICATE ${RLS_FUNCTION}([tenant_id]) ON ${name}`,
        `ADD BLOCK PREDICATE ${RLS_FUNCTION}([tenant_id]) ON ${name} AFTER INSERT`,
        `ADD BLOCK PREDICATE ${RLS_FUNCTION}([tenant_id]) ON ${name} AFTER UPDATE`,
      ];
    });
}

/**
 * For a migration that adds tenant tables after 0002: the same predicates, added to the existing policy
 * (a table left out would be readable across tenants by any query that forgot its tenant_id predicate).
 */
export function addToTenantPolicySteps(tables: readonly TableDef[]): MigrationStep[] {
  const clauses = policyClauses(tables);
  if (clauses.length === 0) return [];
  return [{ kind: 'tsql-only', why, sql: `ALTER SECURITY POLICY ${RLS_POLICY} ${clauses.join(', ')}` }];
}

/**
 * For a directory table that must stay readable without a tenant (the public certificate check) but is written
 * only inside a tenant's transaction: block predicates on its owner column, no filter, so no tenant can write a
 * row pointing into another.
 */
export function blockOnlyPolicyStep(table: TableDef, ownerColumn: string): MigrationStep {
  const name = tableName('tsql', table);
  const on = (when: string) => `ADD BLOCK PREDICATE ${RLS_FUNCTION}([${ownerColumn}]) ON ${name} ${when}`;
  return {
    kind: 'tsql-only',
    why,
    sql: `ALTER SECURITY POLICY ${RLS_POLICY} ${[on('AFTER INSERT'), on('AFTER UPDATE'), on('BEFORE DELETE')].join(', ')}`,
  };
}
