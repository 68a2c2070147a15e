import type { Application } from '../domain/application';
import type { TenantTx } from './ports';

/** A person's display name as Teams last told us, or the name on their application. */
export async function nameOf(tx: TenantTx, a: Application): Promise<string> {
  return (await tx.people.get(a.personId))?.name ?? a.form.name;
}
