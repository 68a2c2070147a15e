import { PlaygroundHarness, type CardInput } from './support/harness';

const UK_OR_IRELAND = /united kingdom|^uk$|^gb$|ireland|^ie$/i;

/**
 * Answers a form input whatever control the card uses for it: typed text, a date, a toggle, or a
 * choice (the option matching `text` by title or value if there is one, else the first eligible one).
 */
async function answer(harness: PlaygroundHarness, id: string, text: string): Promise<void> {
  const ref = `#${id}`;
  const input: CardInput = await harness.describeInput(ref);
  if (input.type === 'Input.Toggle') return harness.toggle(ref, true);
  if (input.type !== 'Input.ChoiceSet') return harness.fillInput(ref, text);
  const wanted = text.split(',').map((t) => t.trim().toLowerCase());
  const matching = input.choices.filter(
    (c) => wanted.includes(c.title.toLowerCase()) || wanted.includes(c.value.toLowerCase()),
  );
  const eligible = input.choices.filter(
    (c) => c.value !== '' && !UK_OR_IRELAND.test(c.title) && !UK_OR_IRELAND.test(c.value),
  );
  const picks = matching.length > 0 ? matching : eligible.slice(0, input.isMultiSelect ? 2 : 1);
  if (picks.length === 0) throw new Error(`input ${ref} offers no usable choice`);
  await harness.selectChoice(ref, input.isMultiSelect ? picks.map((c) => c.value) : picks[0].value);
}

/** §3.1: a mentee applies from the welcome card and sees the confirmation card. */
describe('e2e: mentee application in Agents Playground', function () {
  let harness: PlaygroundHarness | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await harness?.saveDiagnostics(`flow-${this.currentTest.title}`);
    await harness?.stop();
    harness = undefined;
  });

  it('applies as mentee: welcome card → form → submit → "Application submitted"', async function () {
    harness = await PlaygroundHarness.start({ user: 'mentee' });
    await harness.send('help');
    await harness.clickButton('Apply as mentee');

    const answers: [string, string][] = [
      ['name', 'Dr Rahul Menon'],
      ['grade', 'ST3'],
      ['specialty', 'Psychiatry'],
      ['site', 'Royal Infirmary'],
      ['qualificationCountry', 'India'],
      ['nhsStartDate', '2024-08-07'],
      ['languages', 'English, Malayalam'],
      ['topics', 'Exams and portfolio/ARCP, Communication and language'],
      ['goals', 'Prepare for MRCPsych and settle into NHS ways of working.'],
      ['meetingPreference', 'virtual'],
      ['eligibilityConfirmed', 'true'],
      ['privacyConsent', 'true'],
    ];
    for (const [id, text] of answers) await answer(harness, id, text);
    await harness.screenshot('flow-mentee-form-filled');

    const actions = await harness.actionsOfCardWith('privacyConsent');
    const execute = actions.filter((a) => a.type === 'Action.Execute' || a.type === 'Action.Submit');
    const submit = execute.find((a) => /submit|apply|send/i.test(a.title)) ?? execute[0];
    if (!submit) throw new Error(`the application form has no submit action (actions: ${JSON.stringify(actions)})`);
    await harness.clickButton(submit.title);

    await harness.waitForText(/Application submitted/);
    await harness.screenshot('flow-mentee-submitted');
  });
});
