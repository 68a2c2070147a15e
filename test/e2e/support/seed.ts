import type { Application } from '../../../src/domain/application';
import { validateApplicationForm } from '../../../src/domain/application-form';
import { currentProgramme, type Programme } from '../../../src/domain/programme';
import type { TenantTx } from '../../../src/services/ports';

/** Rahul's Entra object id in .m365agentsplayground.mentee.yml. */
export const RAHUL_ID = 'a1a1a1a1-0000-4000-8000-000000000002';

/** The demo programme the service seeded, for seeds that run before it starts. */
export async function demoProgramme(tx: TenantTx): Promise<Programme> {
  const programme = currentProgramme(await tx.programmes.list());
  if (!programme) throw new Error('the demo programme is missing');
  return programme;
}

/**
 * Stores an approved application in the demo programme, its form checked by the same validator as the real one,
 * so end-to-end tests can start from a participant without clicking through applying (tested elsewhere).
 */
export async function insertApproved(
  tx: TenantTx,
  programme: Programme,
  a: { id: string; personId: string; role: Application['role']; raw: Record<string, string> },
): Promise<Application> {
  const at = new Date().toISOString();
  const form = validateApplicationForm(a.raw, {
    role: a.role,
    sites: programme.settings.sites,
    capacity: programme.settings.mentorCapacity,
    today: at.slice(0, 10),
  });
  const application: Application = {
    tenantId: tx.tenantId,
    id: a.id,
    programmeId: programme.id,
    personId: a.personId,
    role: a.role,
    status: 'approved',
    form,
    version: 2,
    submittedAt: at,
    updatedAt: at,
    decidedBy: 'system',
    decidedByName: 'the e2e seed',
    decidedAt: at,
  };
  await tx.applications.insert(application);
  return application;
}
