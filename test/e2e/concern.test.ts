import { PLAYGROUND_DEMO } from '../../src/config';
import type { Store } from '../../src/services/ports';
import { PlaygroundHarness } from './support/harness';
import { demoProgramme, insertApproved, RAHUL_ID } from './support/seed';

const AMARA = PLAYGROUND_DEMO.coordinatorName;

/** Rahul is a participant (an approved mentee) before the service starts; applying is tested elsewhere. */
async function seedRahulAsMentee(store: Store, tenantId: string): Promise<void> {
  await store.inTenant(tenantId, async (tx) => {
    await insertApproved(tx, await demoProgramme(tx), {
      id: 'e2e-rahul-mentee',
      personId: RAHUL_ID,
      role: 'mentee',
      raw: {
        name: 'Dr Rahul Menon',
        grade: 'st3-plus',
        specialty: 'psychiatry',
        site: 'Royal Infirmary',
        qualificationCountry: 'IN',
        nhsStartDate: '2024-08-07',
        languages: 'en,ml',
        topics: 'exams-portfolio',
        goals: 'Prepare for MRCPsych.',
        meetingPreference: 'virtual',
        eligibilityConfirmed: 'true',
        privacyConsent: 'true',
      },
    });
  });
}

/**
 * SPEC §3.6 with two people at once: Rahul raises a concern from the menu; Amara's Playground receives the
 * urgent card proactively; she acknowledges it in place; Rahul hears that it was picked up.
 */
describe('e2e: a mentee raises a concern and the coordinator receives the urgent card (two Playgrounds)', function () {
  this.timeout(300_000);
  let harness: PlaygroundHarness | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await harness?.saveDiagnostics(`concern-${this.currentTest.title}`);
    await harness?.stop();
    harness = undefined;
  });

  it('Rahul raises a concern, Amara acknowledges it from the urgent card, Rahul is told', async function () {
    harness = await PlaygroundHarness.start({
      users: ['coordinator', 'mentee'],
      timeoutMs: 45_000,
      seed: seedRahulAsMentee,
    });
    const amara = harness.as('coordinator');
    const rahul = harness.as('mentee');
    await amara.waitForText(`Hello ${AMARA}`);

    await rahul.send('raise a concern');
    await rahul.waitForCard(['Raise a concern', 'Other places to turn', '0300 0303 300']);
    await rahul.selectChoice('#category', 'Welfare of, or risk to, a participant');
    await rahul.fillInput(
      '#text',
      'A fellow trainee in the programme told me they are not coping and mentioned self-harm.',
    );
    await rahul.screenshot('concern-1-rahul-form');
    await rahul.clickButton('Send to the coordinators');
    await rahul.waitForCard(['Your concern was sent to the coordinators', '● Open']);

    const urgent = await amara.waitForCard([/Concern raised in /, 'Dr Rahul Menon', 'not coping'], 60_000);
    await amara.screenshot('concern-2-amara-urgent');
    await amara.clickButton('Acknowledge', urgent);
    await amara.waitForCard(['● Acknowledged', 'You acknowledged it; Dr Rahul Menon has been told.']);

    await rahul.waitForCard(['A coordinator has picked up your concern', '● Acknowledged'], 60_000);
    await rahul.screenshot('concern-3-rahul-acknowledged');
  });
});
