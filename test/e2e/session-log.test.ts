import { PLAYGROUND_DEMO } from '../../src/config';
import { PlaygroundHarness } from './support/harness';
import { seedAgreedMatch } from './support/seed';

/** SPEC §3.4 in the Playground: the mentor logs a session from the match card; the mentee is told. */
describe('e2e: a mentor logs a session from the match card (two Playgrounds)', function () {
  this.timeout(300_000);
  let harness: PlaygroundHarness | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await harness?.saveDiagnostics(`session-${this.currentTest.title}`);
    await harness?.stop();
    harness = undefined;
  });

  it('Amara opens "Log a session" on her match card, logs it, and Rahul gets the session without her private notes', async function () {
    harness = await PlaygroundHarness.start({
      users: ['coordinator', 'mentee'],
      timeoutMs: 45_000,
      seed: seedAgreedMatch,
    });
    const amara = harness.as('coordinator');
    const rahul = harness.as('mentee');
    await amara.waitForText(`Hello ${PLAYGROUND_DEMO.coordinatorName}`);

    await amara.send('my matches');
    const home = await amara.waitForCard(['Your mentee: Dr Rahul Menon', 'No sessions logged yet (up to 4)']);
    await amara.screenshot('session-1-match-home');
    await amara.clickButton('Log a session', home);
    await amara.waitForCard(['Log this session with Dr Rahul Menon', 'Session 1 of 4']);
    await amara.fillInput('Action points (you and your mentee see these)', 'Book MRCPsych Paper A by Friday.');
    await amara.fillInput('Private notes (only you see these)', 'Worried about on-call rota; check in next time.');
    await amara.screenshot('session-2-form');
    await amara.clickButton('Log session');
    await amara.waitForCard(['Session logged with Dr Rahul Menon', 'Dr Rahul Menon has been told']);

    const told = await rahul.waitForCard(
      [`${PLAYGROUND_DEMO.coordinatorName} logged a session with you`, 'Book MRCPsych Paper A by Friday.'],
      60_000,
    );
    if ((await told.innerText()).includes('on-call rota')) throw new Error('the mentee saw the mentor’s private notes');
    await rahul.screenshot('session-3-mentee-told');
  });
});
