import type * as sql from 'mssql';

/** How to reach Azure SQL: a connection string, or server + database with Entra authentication. */
export interface MssqlOptions {
  connectionString?: string;
  server?: string;
  database?: string;
  /** `default` tries the Azure credential chain (CLI, environment, managed identity); `managed-identity` only that. */
  authentication?: 'default' | 'managed-identity';
  /** Client id of a user-assigned managed identity. */
  clientId?: string;
}

/** Pool options from {@link MssqlOptions}; a connection string wins when both are given. */
export function poolConfig(o: MssqlOptions): string | sql.config {
  if (o.connectionString) return o.connectionString;
  if (!o.server || !o.database) throw new Error('Azure SQL needs a connection string, or a server and a database.');
  const clientId = o.clientId ? { clientId: o.clientId } : {};
  const authentication: sql.config['authentication'] =
    o.authentication === 'managed-identity'
      ? { type: 'azure-active-directory-msi-app-service', options: clientId }
      : { type: 'azure-active-directory-default', options: clientId };
  return {
    server: o.server,
    database: o.database,
    authentication,
    options: { encrypt: true, trustServerCertificate: false },
    pool: { max: 10, min: 0, idleTimeoutMillis: 30_000 },
  };
}
