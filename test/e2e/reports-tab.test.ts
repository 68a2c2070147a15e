import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { composeService, type ComposedService } from '../../src/compose';
import { loadConfig, PLAYGROUND_DEMO } from '../../src/config';
import { freePort } from './support/harness';
import { demoProgramme, insertApproved } from './support/seed';

const RESULTS = path.resolve(__dirname, '..', '..', 'test-results');
/** Runs in the page: the first chart's canvas holds pixels that are not blank (Chart.js has drawn). */
const CANVAS_DRAWN = `(() => {
  const canvas = document.querySelector('canvas');
  const data = canvas && canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  return Boolean(data && data.some((v, i) => i % 4 === 3 && v > 0));
})()`;

/**
 * The Reports tab in headless Chromium, opened locally as `npm start` prints it: the charts drawn (a screenshot
 * kept in test-results/), a date filter applied, and the CSV downloaded with the same suppressed figures.
 */
describe('e2e: the Reports tab in a browser (local mode)', function () {
  this.timeout(180_000);
  let dir: string;
  let service: ComposedService;
  let browser: Browser | undefined;
  let base: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'img-tab-'));
    const port = await freePort();
    service = await composeService(
      loadConfig({ NODE_ENV: 'test', SQLITE_FILE: path.join(dir, 'tab.db'), SEED_DEMO: 'true', PORT: String(port) }),
      { log: () => undefined },
    );
    const tenant = (await service.store.tenants.findByEntra(PLAYGROUND_DEMO.tenantId, ''))!;
    await service.store.inTenant(tenant.id, async (tx) => {
      const programme = await demoProgramme(tx);
      // Seven psychiatry mentees and two in paediatrics: the second is a small cell.
      for (let i = 0; i < 9; i++) {
        await insertApproved(tx, programme, {
          id: `tab-mentee-${i}`,
          personId: `00000000-0000-4000-8000-00000000010${i}`,
          role: 'mentee',
          raw: {
            name: `Dr Mentee ${i}`,
            grade: 'fy2',
            specialty: i < 7 ? 'psychiatry' : 'paediatrics',
            site: 'Royal Infirmary',
            qualificationCountry: 'IN',
            languages: 'en',
            topics: 'exams-portfolio',
            meetingPreference: 'virtual',
            nhsStartDate: '2025-08-06',
            goals: 'Settle in.',
            eligibilityConfirmed: 'true',
            privacyConsent: 'true',
          },
        });
      }
    });
    await service.start(port);
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the charts beside their tables, filters by date, and downloads the suppressed figures as CSV', async () => {
    const context = await browser!.newContext({ acceptDownloads: true, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    await page.goto(`${base}/tabs/reports?local=1`);
    await page.getByText('Local mode: this page is not inside Teams').waitFor();
    await page.getByRole('heading', { name: 'Report: IMG Peer Mentoring 2027' }).waitFor();
    for (const name of [/From application to completed match: bar chart/, /Participants by specialty: bar chart/])
      await page.getByRole('img', { name }).waitFor();
    const funnel = page.locator('section', {
      has: page.getByRole('heading', { name: 'From application to completed match' }),
    });
    if (!/Approved mentees\s+9/.test(await funnel.innerText())) throw new Error(`funnel: ${await funnel.innerText()}`);
    // Chart.js has drawn when the canvas holds pixels that are not blank.
    await page.waitForFunction(CANVAS_DRAWN);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'reports-tab-local.png'), fullPage: true });

    const table = page.locator('section', { has: page.getByRole('heading', { name: 'Participants by specialty' }) });
    const rowText = async (label: string) =>
      (await table.getByRole('row', { name: new RegExp(`^${label}`) }).innerText()).replace(/\s+/g, ' ');
    if (!/Paediatrics <5/.test(await rowText('Paediatrics')))
      throw new Error(`not suppressed: ${await rowText('Paediatrics')}`);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    if (!csv.startsWith('\uFEFF')) throw new Error('no byte-order mark');
    if (!csv.includes('"Participants by specialty","Paediatrics","<5"')) throw new Error(`CSV:\n${csv}`);
    for (const line of csv.split('\r\n').filter((l) => l.startsWith('"Participants by')))
      if (/"[1-4]"/.test(line)) throw new Error(`a small figure is shown: ${line}`);

    // A range before anyone applied: every breakdown cell withheld, and the CSV follows the filter.
    await page.locator('input[name=from]').fill('2026-01-01');
    await page.locator('input[name=to]').fill('2026-01-31');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/for Thursday 1 January 2026 to Saturday 31 January 2026/).waitFor();
    const filtered = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const after = readFileSync(await (await filtered).path(), 'utf8');
    if (after.includes('Psychiatry')) throw new Error(`the filtered CSV still counts the applicants:\n${after}`);
    await page.locator('input[name=to]').fill('2025-12-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page
      .getByRole('alert')
      .getByText(/ends before it starts/)
      .waitFor();
    await context.close();
  });
});
