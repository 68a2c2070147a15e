import { PlaygroundHarness } from './support/harness';

/** The built service behind Agents Playground in Chromium: the page loads and the bot answers. */
describe('e2e: Agents Playground smoke', function () {
  let harness: PlaygroundHarness | undefined;

  before(async function () {
    harness = await PlaygroundHarness.start();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await harness?.saveDiagnostics(`smoke-${this.currentTest.title}`);
  });

  after(async function () {
    await harness?.stop();
  });

  it('loads the Playground and the bot answers "help"', async function () {
    await harness!.send('help');
    await harness!.waitForReplyAfter('help');
    await harness!.screenshot('smoke-help');
  });
});
