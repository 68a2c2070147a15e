import { heldApplication, type Application, type Role } from '../domain/application';
import type { TenantTx } from './ports';

/**
 * The open application a person holds for `role` in a programme, if any. Read from all of theirs rather than
 * looked up by (programme, person, role), which names more than one record once a withdrawn or rejected
 * application has been followed by a new one.
 */
export async function heldApplicationOf(
  tx: TenantTx,
  programmeId: string,
  personId: string,
  role: Role,
): Promise<Application | undefined> {
  return heldApplication(await tx.applications.listForPerson(personId), programmeId, role);
}
