import type { Tenant } from '../../domain/programme';
import { tenants } from '../schema';
import { defineQuery } from '../sql/query';
import { on } from '../sql/statement';
import { and, eq } from '../sql/where';
import { sampleTenant } from './samples';

const dir = () => on(tenants, null);

/** The tenant directory: the only table not scoped by tenant_id (it is the list of tenants). */
export const tenantQueries = {
  list: defineQuery('tenants.list', [], () => dir().select({ orderBy: [{ column: 'created_at' }, { column: 'id' }] })),
  get: defineQuery('tenants.get', ['t'], (id: string) => dir().select({ where: eq('id', id) })),
  findByEntra: defineQuery('tenants.findByEntra', ['entra', ''], (entra: string, org: string) =>
    dir().select({ where: and(eq('entra_tenant_id', entra), eq('org_code', org)) }),
  ),
  insertIfAbsent: defineQuery('tenants.insertIfAbsent', [sampleTenant], (t: Tenant) =>
    dir().insertIfAbsent(
      { id: t.id, entra_tenant_id: t.entraTenantId, org_code: t.orgCode, name: t.name, created_at: t.createdAt },
      ['entra_tenant_id', 'org_code'],
    ),
  ),
};
