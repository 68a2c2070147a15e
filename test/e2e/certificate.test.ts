import { PDFParse } from 'pdf-parse';
import { PLAYGROUND_DEMO } from '../../src/config';
import { PlaygroundHarness } from './support/harness';
import { seedAgreedMatch } from './support/seed';

/**
 * SPEC §3.5 in the Playground: the last session ends the match, the mentee sends the evaluation, and the mentor's
 * Playground receives the certificate card, whose link downloads the PDF.
 */
describe('e2e: the mentee evaluates and the mentor receives the certificate (two Playgrounds)', function () {
  this.timeout(300_000);
  let harness: PlaygroundHarness | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await harness?.saveDiagnostics(`certificate-${this.currentTest.title}`);
    await harness?.stop();
    harness = undefined;
  });

  it('Rahul sends his evaluation; Amara’s certificate card arrives and its link downloads a PDF', async function () {
    harness = await PlaygroundHarness.start({
      users: ['coordinator', 'mentee'],
      timeoutMs: 45_000,
      seed: (store, tenantId) =>
        seedAgreedMatch(store, tenantId, { maxSessionsPerMatch: 1, organisationName: 'Demo NHS Foundation Trust' }),
    });
    const amara = harness.as('coordinator');
    const rahul = harness.as('mentee');
    await amara.waitForText(`Hello ${PLAYGROUND_DEMO.coordinatorName}`);

    // The programme allows one session: logging it completes the match.
    await amara.send('log a session');
    await amara.waitForCard(['Log this session with Dr Rahul Menon']);
    await amara.fillInput('Private notes (only you see these)', 'Private: discuss the rota next time.');
    await amara.clickButton('Log session');
    await amara.waitForCard([/last session the programme allows/]);

    await rahul.waitForCard(['How was your mentoring with', 'Send my evaluation'], 60_000);
    for (const id of ['#overall', '#support', '#fit', '#recommend']) await rahul.selectChoice(id, '5');
    await rahul.fillInput('What helped?', 'Practical advice on the portfolio.');
    await rahul.toggle('#nameOnCertificate', true);
    await rahul.screenshot('certificate-1-evaluation');
    await rahul.clickButton('Send my evaluation');
    await rahul.waitForCard(['Thank you: your evaluation was sent.']);
    await rahul.waitForCard(['Your record of participation', '1 session'], 60_000);

    const card = await amara.waitForCard(['Your mentoring certificate', 'Verification code'], 60_000);
    await amara.screenshot('certificate-2-mentor-card');
    const popup = amara.page.context().waitForEvent('page', { timeout: 30_000 });
    const direct = amara.page.waitForEvent('download', { timeout: 30_000 });
    // Adaptive Cards renders Action.OpenUrl with the link role.
    const name = 'Download the certificate (PDF)';
    await card.getByRole('link', { name }).or(card.getByRole('button', { name })).first().click();
    // The Playground opens an Action.OpenUrl in a new tab; the PDF, sent as an attachment, downloads there.
    const download = await Promise.any([direct, popup.then((p) => p.waitForEvent('download', { timeout: 30_000 }))]);
    const path = await download.path();
    if (!download.suggestedFilename().endsWith('.pdf')) throw new Error(`downloaded ${download.suggestedFilename()}`);
    const { readFile } = await import('node:fs/promises');
    const text = (await new PDFParse({ data: new Uint8Array(await readFile(path)) }).getText()).text.replace(
      /\s+/g,
      ' ',
    );
    for (const fact of [
      PLAYGROUND_DEMO.coordinatorName,
      'Demo NHS Foundation Trust',
      '1 session',
      'Mentee: Dr Rahul Menon',
    ])
      if (!text.includes(fact)) throw new Error(`the PDF does not state "${fact}": ${text}`);
    if (text.includes('rota') || text.includes('portfolio')) throw new Error('the PDF shows private text');
  });
});
