import type { Application } from '../../../src/domain/application';
import { validateApplicationForm } from '../../../src/domain/application-form';
import type { Match } from '../../../src/domain/match';
import { currentProgramme, type Programme, type ProgrammeSettings } from '../../../src/domain/programme';
import { PLAYGROUND_DEMO } from '../../../src/config';
import type { Store, TenantTx } from '../../../src/services/ports';

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

/**
 * Before the service starts: Amara (the demo coordinator) is also an approved mentor, Rahul an approved mentee,
 * and the two have an accepted match, with `settings` changed in the programme. Applying and matching are tested
 * elsewhere.
 */
export async function seedAgreedMatch(
  store: Store,
  tenantId: string,
  settings: Partial<ProgrammeSettings> = {},
): Promise<void> {
  await store.inTenant(tenantId, async (tx) => {
    const demo = await demoProgramme(tx);
    const programme = { ...demo, settings: { ...demo.settings, ...settings } };
    await tx.programmes.update(programme);
    const at = new Date().toISOString();
    const today = at.slice(0, 10);
    const common = {
      site: 'Royal Infirmary',
      qualificationCountry: 'IN',
      languages: 'en,ml',
      topics: 'exams-portfolio',
      meetingPreference: 'virtual',
      eligibilityConfirmed: 'true',
      privacyConsent: 'true',
    };
    await tx.people.upsert({ tenantId, id: RAHUL_ID, name: 'Dr Rahul Menon', updatedAt: at });
    await insertApproved(tx, programme, {
      id: 'e2e-rahul-mentee',
      personId: RAHUL_ID,
      role: 'mentee',
      raw: {
        ...common,
        name: 'Dr Rahul Menon',
        grade: 'fy2',
        specialty: 'psychiatry',
        nhsStartDate: '2025-08-06',
        goals: 'Prepare for MRCPsych.',
      },
    });
    await insertApproved(tx, programme, {
      id: 'e2e-amara-mentor',
      personId: PLAYGROUND_DEMO.coordinatorId,
      role: 'mentor',
      raw: {
        ...common,
        name: PLAYGROUND_DEMO.coordinatorName,
        grade: 'st3-plus',
        specialty: 'psychiatry',
        nhsStartDate: '2020-08-05',
        goals: 'Exam preparation and settling in.',
        bio: 'Psychiatry registrar.',
        capacity: '2',
      },
    });
    const match: Match = {
      tenantId,
      id: 'e2e-match',
      programmeId: programme.id,
      menteeApplicationId: 'e2e-rahul-mentee',
      mentorApplicationId: 'e2e-amara-mentor',
      menteePersonId: RAHUL_ID,
      mentorPersonId: PLAYGROUND_DEMO.coordinatorId,
      status: 'accepted',
      origin: 'request',
      score: 8000,
      reasons: ['same specialty: Psychiatry'],
      deadlineAt: at,
      deadlineDate: today,
      version: 2,
      createdAt: at,
      updatedAt: at,
      respondedAt: at,
    };
    await tx.matches.insert(match);
  });
}
