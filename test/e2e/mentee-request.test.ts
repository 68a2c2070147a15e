import assert from 'node:assert/strict';
import type { Application } from '../../src/domain/application';
import { validateApplicationForm } from '../../src/domain/application-form';
import { currentProgramme } from '../../src/domain/programme';
import { PLAYGROUND_DEMO } from '../../src/config';
import type { Store } from '../../src/services/ports';
import type { Locator } from 'playwright-core';
import { PlaygroundHarness } from './support/harness';
import { fillApplication } from './support/mentee-form';

const AMARA = PLAYGROUND_DEMO.coordinatorName;

/** Amara's mentor application as the form card would post it: same specialty and site as Rahul's, so the reasons are known. */
const AMARA_AS_MENTOR = {
  name: AMARA,
  grade: 'consultant',
  specialty: 'psychiatry',
  site: 'Royal Infirmary',
  qualificationCountry: 'NG',
  nhsStartDate: '2009-08-05',
  languages: 'en,yo',
  topics: 'exams-portfolio,communication-language,culture-life-uk',
  goals: 'Help IMGs through MRCPsych and their first years in the NHS.',
  meetingPreference: 'either',
  capacity: '2',
  bio: 'Consultant psychiatrist at the Royal Infirmary; came to the NHS from Lagos in 2009.',
  eligibilityConfirmed: 'true',
  privacyConsent: 'true',
};

/**
 * Amara is the demo programme's only coordinator, and a coordinator may not decide on her own application,
 * so her approved mentor application cannot be clicked through: it is written with the app's own store and
 * form rules before the service starts.
 */
async function seedAmaraAsApprovedMentor(store: Store, tenantId: string): Promise<void> {
  await store.inTenant(tenantId, async (tx) => {
    const programme = currentProgramme(await tx.programmes.list());
    if (!programme) throw new Error('the demo programme is missing');
    const at = new Date().toISOString();
    const form = validateApplicationForm(AMARA_AS_MENTOR, {
      role: 'mentor',
      sites: programme.settings.sites,
      capacity: programme.settings.mentorCapacity,
      today: at.slice(0, 10),
    });
    const application: Application = {
      tenantId,
      id: 'e2e-amara-mentor',
      programmeId: programme.id,
      personId: PLAYGROUND_DEMO.coordinatorId,
      role: 'mentor',
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
    await tx.audit.append({
      tenantId,
      at,
      actorId: 'system',
      entityType: 'application',
      entityId: application.id,
      action: 'seed-e2e',
      toStatus: 'approved',
    });
  });
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DEADLINE = `((?:${WEEKDAYS.join('|')}) \\d{1,2} (?:${MONTHS.join('|')}) \\d{4})`;

/** The "<weekday> <day> <month> <year>" date after `prefix` in the card's text; checks the weekday is that date's and it is after today. */
async function deadlineOn(card: Locator, prefix: string): Promise<string> {
  const text = await card.innerText();
  const found = new RegExp(`${prefix} ${DEADLINE}`).exec(text);
  assert.ok(found, `no "${prefix} <weekday date>" on the card:\n${text}`);
  const [weekday, day, month, year] = found[1].split(' ');
  const date = new Date(Date.UTC(Number(year), MONTHS.indexOf(month), Number(day)));
  assert.equal(WEEKDAYS[date.getUTCDay()], weekday, `"${found[1]}" names the wrong weekday`);
  assert.ok(date.getTime() > Date.now(), `the deadline ${found[1]} is not in the future`);
  return found[1];
}

/**
 * SPEC §3.2, mentee's choice, with two people at once: Rahul (mentee) applies and Amara (coordinator)
 * approves him, as in coordinator-approval.test.ts; Amara is also an approved mentor (seeded). Rahul types
 * "find a mentor", sees Amara with the reasons, requests her; his card changes in place; the outbox
 * dispatcher posts the request to Amara with a working-day deadline; she accepts in place; Rahul is told.
 */
describe('e2e: a mentee requests a mentor and the mentor accepts (two Playgrounds)', function () {
  // Two Playgrounds, an application, an approval and four proactive deliveries on a 2-core machine.
  this.timeout(300_000);
  let harness: PlaygroundHarness | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await harness?.saveDiagnostics(`request-${this.currentTest.title}`);
    await harness?.stop();
    harness = undefined;
  });

  it('Rahul requests Amara from the suggestions, Amara accepts from the proactive card, Rahul is told', async function () {
    harness = await PlaygroundHarness.start({
      users: ['coordinator', 'mentee'],
      timeoutMs: 45_000,
      seed: seedAmaraAsApprovedMentor,
    });
    const amara = harness.as('coordinator');
    const rahul = harness.as('mentee');
    await amara.waitForText(`Hello ${AMARA}`);

    // Precondition, clicked through: Rahul's mentee application, approved by Amara.
    await rahul.send('help');
    await rahul.waitForReplyAfter('help');
    await rahul.clickButton('Apply as mentee');
    await fillApplication(rahul);
    await rahul.clickButton('Submit application');
    await rahul.waitForCard(['Application submitted', '● Awaiting review']);
    const review = await amara.waitForCard(['New mentee application: Dr Rahul Menon'], 60_000);
    await amara.clickButton('Approve', review);
    await amara.waitForCard([/^Mentee application: Dr Rahul Menon$/, `Approved by ${AMARA}`]);
    await rahul.waitForCard(['Your mentee application has been approved'], 60_000);

    // Suggestions: Amara, with why she fits (Rahul is psychiatry at the Royal Infirmary, as is she).
    await rahul.send('find a mentor');
    const suggestions = await rahul.waitForCard(['Suggested mentors', '1 mentor with a free place', AMARA]);
    const why = suggestions.getByText(/^Why: /);
    assert.match(
      await why.innerText(),
      /^Why: same specialty: Psychiatry · same site · .*can help with Exams and portfolio\/ARCP and Communication and language \(2 of 2 topics wanted\)/,
    );
    await rahul.screenshot('request-1-rahul-suggestions');
    const rahulCardsBefore = await rahul.cardsOnPage().count();
    const amaraCardsBefore = await amara.cardsOnPage().count();

    // Request: the suggestions card becomes the request, in place.
    await rahul.clickButton(`Request ${AMARA}`, suggestions);
    const sent = await rahul.waitForCard([`Request sent to ${AMARA}`, '● Waiting for the mentor’s answer']);
    const menteeDeadline = await deadlineOn(sent, `${AMARA} has until`);
    assert.equal(
      await rahul.cardsWith('Suggested mentors').count(),
      0,
      'the suggestions card was not replaced by the request',
    );
    assert.equal(
      await rahul.cardsOnPage().count(),
      rahulCardsBefore,
      'requesting posted a new card instead of updating the suggestions card',
    );
    await rahul.screenshot('request-2-rahul-sent');

    // Delivered by the outbox dispatcher to Amara's own chat: nothing she did asked for it.
    const request = await amara.waitForCard(['Mentoring request from Dr Rahul Menon', 'Please respond by'], 60_000);
    assert.equal(
      await deadlineOn(request, 'Please respond by'),
      menteeDeadline,
      'mentor and mentee see different deadlines',
    );
    assert.ok(
      await request.getByRole('button', { name: 'Accept', exact: true }).isVisible(),
      'the request card has no Accept button',
    );
    assert.equal(await amara.cardsOnPage().count(), amaraCardsBefore + 1, 'exactly one new card reached Amara');
    await amara.screenshot('request-3-amara-request');

    // Accept, in place: the same card now shows the answer and offers no more.
    await amara.clickButton('Accept', request);
    const accepted = await amara.waitForCard([
      'Your mentee: Dr Rahul Menon',
      '● Accepted',
      'You accepted. Dr Rahul Menon has been told.',
    ]);
    assert.equal(
      await accepted.getByRole('button', { name: 'Accept', exact: true }).count(),
      0,
      'the accepted card still offers Accept',
    );
    assert.equal(await amara.cardsWith('Please respond by').count(), 0, "a card of Amara's still asks for an answer");
    assert.equal(
      await amara.cardsOnPage().count(),
      amaraCardsBefore + 1,
      'accepting posted a new card instead of updating the request card',
    );
    await amara.screenshot('request-4-amara-accepted');

    // Rahul: the outcome as a new message, and his request card brought up to date in place.
    await rahul.waitForCard([`${AMARA} accepted your request`, '● Accepted'], 60_000);
    await rahul.waitForCard([new RegExp(`Your mentor: ${AMARA}|${AMARA} accepted your request`), '● Accepted'], 60_000);
    assert.equal(
      await rahul.cardsWith('● Waiting for the mentor’s answer').count(),
      0,
      "a card of Rahul's still shows the request waiting",
    );
    assert.equal(
      await rahul.cardsOnPage().count(),
      rahulCardsBefore + 1,
      'Rahul should get one new card (the outcome); the request card is updated in place',
    );
    await rahul.screenshot('request-5-rahul-accepted');
  });
});
