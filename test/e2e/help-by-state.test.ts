import assert from 'node:assert/strict';
import { PLAYGROUND_DEMO } from '../../src/config';
import type { Store } from '../../src/services/ports';
import { PlaygroundHarness } from './support/harness';
import { demoProgramme, insertApproved, RAHUL_ID } from './support/seed';

const AMARA = PLAYGROUND_DEMO.coordinatorName;

const COMMON = {
  site: 'Royal Infirmary',
  specialty: 'psychiatry',
  meetingPreference: 'either',
  eligibilityConfirmed: 'true',
  privacyConsent: 'true',
};
const AMARA_AS_MENTOR = {
  ...COMMON,
  name: AMARA,
  grade: 'consultant',
  qualificationCountry: 'NG',
  nhsStartDate: '2009-08-05',
  languages: 'en,yo',
  topics: 'exams-portfolio,communication-language',
  goals: 'Help IMGs through MRCPsych.',
  capacity: '2',
  bio: 'Consultant psychiatrist at the Royal Infirmary.',
};
const RAHUL_AS_MENTEE = {
  ...COMMON,
  name: 'Dr Rahul Menon',
  grade: 'fy2',
  qualificationCountry: 'IN',
  nhsStartDate: '2024-08-07',
  languages: 'en,ml',
  topics: 'exams-portfolio,communication-language',
  goals: 'Prepare for MRCPsych and settle into NHS ways of working.',
};

/**
 * Both people approved before the service starts, with the app's own store and form rules: the application flow
 * has its own end-to-end test, and Amara, the demo programme's only coordinator, could not decide her own.
 */
async function seedApproved(store: Store, tenantId: string): Promise<void> {
  await store.inTenant(tenantId, async (tx) => {
    const programme = await demoProgramme(tx);
    await tx.people.upsert({ tenantId, id: RAHUL_ID, name: 'Dr Rahul Menon', updatedAt: new Date().toISOString() });
    await insertApproved(tx, programme, {
      id: 'e2e-amara-mentor',
      personId: PLAYGROUND_DEMO.coordinatorId,
      role: 'mentor',
      raw: AMARA_AS_MENTOR,
    });
    await insertApproved(tx, programme, {
      id: 'e2e-rahul-mentee',
      personId: RAHUL_ID,
      role: 'mentee',
      raw: RAHUL_AS_MENTEE,
    });
  });
}

/**
 * SPEC §4: "help" shows each person the commands for where they are. Rahul, an approved mentee with no mentor,
 * is offered "Find a mentor" (and not "Apply as mentee"); pressing it opens the suggestions as a new message and
 * keeps the help card. Once Amara has accepted his request, his help offers "My matches" and "Raise a concern".
 */
describe('e2e: help shows the commands for the person\u2019s state', function () {
  this.timeout(300_000);
  let harness: PlaygroundHarness | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await harness?.saveDiagnostics(`help-${this.currentTest.title}`);
    await harness?.stop();
    harness = undefined;
  });

  it('an approved mentee is offered Find a mentor; once matched, My matches and Raise a concern', async function () {
    harness = await PlaygroundHarness.start({
      users: ['coordinator', 'mentee'],
      timeoutMs: 45_000,
      seed: seedApproved,
    });
    const amara = harness.as('coordinator');
    const rahul = harness.as('mentee');
    await amara.waitForText(`Hello ${AMARA}`);

    await rahul.send('Help!');
    const help = await rahul.waitForCard(['Find your mentor', 'Your mentee application is approved']);
    assert.ok(
      await help.getByRole('button', { name: 'Find a mentor', exact: true }).isVisible(),
      'no "Find a mentor" button on the help card',
    );
    assert.equal(
      await help.getByRole('button', { name: 'Apply as mentee', exact: true }).count(),
      0,
      'an approved mentee is still offered "Apply as mentee"',
    );
    await rahul.screenshot('help-1-approved-mentee');

    // The button posts the suggestions as a new message; the help card stays where it was (the greeting on
    // opening the chat is one too).
    const helpCards = await rahul.cardsWith('Find your mentor').count();
    await rahul.clickButton('Find a mentor', help);
    const suggestions = await rahul.waitForCard(['Suggested mentors', AMARA]);
    assert.equal(
      await rahul.cardsWith('Find your mentor').count(),
      helpCards,
      'the help card was replaced instead of kept',
    );

    await rahul.clickButton(`Request ${AMARA}`, suggestions);
    await rahul.waitForCard([`Request sent to ${AMARA}`]);
    const request = await amara.waitForCard(['Mentoring request from Dr Rahul Menon', 'Please respond by'], 60_000);
    await amara.clickButton('Accept', request);
    await amara.waitForCard(['Your mentee: Dr Rahul Menon', '● Accepted']);
    await rahul.waitForCard([`${AMARA} accepted your request`], 60_000);

    await rahul.send('help please');
    const matched = await rahul.waitForCard(['You and your mentor']);
    for (const name of ['My matches', 'Raise a concern']) {
      assert.ok(
        await matched.getByRole('button', { name, exact: true }).isVisible(),
        `no "${name}" button for a matched mentee`,
      );
    }
    assert.match(await matched.innerText(), /schedule a meeting/i);
    assert.equal(
      await matched.getByRole('button', { name: 'Find a mentor', exact: true }).count(),
      0,
      'a matched mentee is still offered "Find a mentor"',
    );
    await rahul.screenshot('help-2-matched-mentee');
  });
});
