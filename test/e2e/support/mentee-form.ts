import type { PlaygroundSession } from './harness';

/** Rahul's mentee application, by card input id; choice inputs are answered by option title. */
export const RAHUL: [string, string | string[]][] = [
  ['name', 'Dr Rahul Menon'],
  ['grade', 'Specialty trainee ST3+ (registrar)'],
  ['specialty', 'Psychiatry'],
  ['site', 'Royal Infirmary'],
  ['qualificationCountry', 'India'],
  ['nhsStartDate', '2024-08-07'],
  ['languages', ['English', 'Malayalam']],
  ['topics', ['Exams and portfolio/ARCP', 'Communication and language']],
  ['goals', 'Prepare for MRCPsych and settle into NHS ways of working.'],
  ['meetingPreference', 'Virtual (Teams)'],
  ['eligibilityConfirmed', 'on'],
  ['privacyConsent', 'on'],
];

/** Fills the application form on the newest card with `answers`, whatever control each input is. */
export async function fillApplication(
  page: PlaygroundSession,
  answers: [string, string | string[]][] = RAHUL,
): Promise<void> {
  for (const [id, value] of answers) {
    const input = await page.describeInput(`#${id}`);
    if (input.type === 'Input.Toggle') await page.toggle(`#${id}`, true);
    else if (input.type === 'Input.ChoiceSet') await page.selectChoice(`#${id}`, value);
    else await page.fillInput(`#${id}`, String(value));
  }
}
