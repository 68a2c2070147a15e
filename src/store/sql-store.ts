import { ConflictError } from '../domain/errors';
import type { Store, TenantTx } from '../services/ports';
import type { Engine, Runner } from './engine';
import { MIGRATIONS, renderMigration } from './migrations';
import { schemaMigrations } from './schema-messaging';
import { createTable } from './sql/ddl';
import { certificateCodeQueries, migrationQueries, tenantQueries } from './queries';
import { jobDispatch } from './job-dispatch';
import { outboxDispatch } from './outbox-dispatch';
import { toTenant } from './rows';
import { tenantTx } from './tenant-tx';

/** The {@link Store} contract over an {@link Engine}: all behaviour is here once; engines only differ in how SQL runs. */
export class SqlStore implements Store {
  readonly outbox: Store['outbox'];
  readonly jobs: Store['jobs'];

  constructor(private readonly engine: Engine) {
    this.outbox = outboxDispatch(engine);
    this.jobs = jobDispatch(engine);
  }

  /** Applies pending migrations under the engine's migration lock, each batch and its ledger row in one transaction. */
  async migrate(): Promise<void> {
    const dialect = this.engine.dialect;
    await this.engine.transaction(
      null,
      async (r) => {
        for (const sql of createTable(schemaMigrations, dialect, true)) await r.exec(sql);
        const applied = new Set((await r.all(migrationQueries.applied.bind())).map((row) => String(row.id)));
        for (const m of MIGRATIONS.filter((m) => !applied.has(m.id))) {
          for (const sql of renderMigration(m, dialect)) await r.exec(sql);
          await r.run(migrationQueries.record.bind(m.id, new Date().toISOString()));
        }
      },
      { migration: true, idempotent: true },
    );
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  readonly tenants: Store['tenants'] = {
    list: () => this.read(async (r) => (await r.all(tenantQueries.list.bind())).map(toTenant)),
    get: (id) => this.read(async (r) => (await r.all(tenantQueries.get.bind(id))).map(toTenant)[0]),
    findByEntra: (entra, org) =>
      this.read(async (r) => (await r.all(tenantQueries.findByEntra.bind(entra, org))).map(toTenant)[0]),
    ensure: (t) =>
      this.read(async (r) => {
        try {
          await r.run(tenantQueries.insertIfAbsent.bind(t));
        } catch (e) {
          // The same tenant id under another Entra id/org code is a genuine conflict; a racing twin is not.
          if (!(e instanceof ConflictError)) throw e;
        }
        const [stored] = (await r.all(tenantQueries.findByEntra.bind(t.entraTenantId, t.orgCode))).map(toTenant);
        if (!stored) throw new ConflictError(`Tenant id ${t.id} is already used by another organisation.`);
        return stored;
      }),
  };

  readonly certificateCodes: Store['certificateCodes'] = {
    find: (hash) =>
      this.read(async (r) => {
        const row = (await r.all(certificateCodeQueries.find.bind(hash)))[0];
        return row ? { tenantId: String(row.owner_tenant_id), certificateId: String(row.certificate_id) } : undefined;
      }),
  };

  inTenant<T>(tenantId: string, work: (tx: TenantTx) => Promise<T>): Promise<T> {
    // Not marked idempotent: `work` may have effects outside the database, so only the caller may repeat it.
    return this.engine.transaction(tenantId, (r) => work(tenantTx(r, tenantId)));
  }

  /** Directory work: not tenant-scoped, and safe to retry. */
  private read<T>(work: (r: Runner) => Promise<T>): Promise<T> {
    return this.engine.transaction(null, work, { idempotent: true });
  }
}
