import assert from 'node:assert/strict';
import { PlaygroundHarness } from './support/harness';
import { fillApplication } from './support/mentee-form';

/**
 * SPEC §3.1 with two people at once: Rahul (mentee) applies in his Playground; the outbox dispatcher posts
 * a review card to Amara (coordinator) in hers; she approves in place; Rahul hears the outcome and his
 * confirmation card changes to match. Two Playgrounds, one service, one Chromium page each.
 */
describe('e2e: coordinator approves a mentee application (two Playgrounds)', function () {
  // Two Playgrounds and a dispatcher that polls every second, on a 2-core machine: be generous.
  this.timeout(240_000);
  let harness: PlaygroundHarness | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await harness?.saveDiagnostics(`approval-${this.currentTest.title}`);
    await harness?.stop();
    harness = undefined;
  });

  it('Rahul applies, Amara approves from the proactive card, Rahul sees the outcome', async function () {
    // Amara's page opens first, so the bot holds her conversation before any application exists.
    harness = await PlaygroundHarness.start({ users: ['coordinator', 'mentee'], timeoutMs: 45_000 });
    const amara = harness.as('coordinator');
    const rahul = harness.as('mentee');
    await amara.waitForText('Hello Amara Okafor');
    const amaraCardsBefore = await amara.cardsOnPage().count();

    await rahul.send('help');
    await rahul.waitForReplyAfter('help');
    await rahul.clickButton('Apply as mentee');
    await fillApplication(rahul);
    await rahul.clickButton('Submit application');
    await rahul.waitForCard(['Application submitted', '● Awaiting review', 'Dr Rahul Menon']);
    const rahulCardsBefore = await rahul.cardsOnPage().count();
    await rahul.screenshot('approval-1-rahul-submitted');

    // Delivered by the outbox dispatcher, not as a reply: nothing Amara did asked for it.
    const review = await amara.waitForCard(['New mentee application: Dr Rahul Menon'], 60_000);
    for (const button of ['Approve', 'Reject', 'Ask for more information']) {
      assert.ok(
        await review.getByRole('button', { name: button, exact: true }).isVisible(),
        `the review card has no "${button}" button`,
      );
    }
    assert.equal(await amara.cardsOnPage().count(), amaraCardsBefore + 1, 'exactly one new card reached Amara');
    await amara.screenshot('approval-2-amara-review');

    await amara.clickButton('Approve', review);
    // In place: the same card now says who approved it and offers no more decisions; no new message.
    // Once decided, the headline drops "New".
    const decided = await amara.waitForCard([/^Mentee application: Dr Rahul Menon$/, 'Approved by Amara Okafor']);
    assert.equal(
      await decided.getByRole('button', { name: 'Approve', exact: true }).count(),
      0,
      'the approved card still offers Approve',
    );
    assert.equal(
      await amara.cardsWith(/mentee application: Dr Rahul Menon$/i).count(),
      1,
      'the review card was duplicated instead of updated',
    );
    assert.equal(
      await amara.cardsOnPage().count(),
      amaraCardsBefore + 1,
      'approving posted a new card instead of updating the review card',
    );
    await amara.screenshot('approval-3-amara-approved');

    // Rahul: the outcome as a new message, and the confirmation card brought up to date in place.
    await rahul.waitForCard(['Your mentee application has been approved', '● Approved'], 60_000);
    await rahul.waitForCard([/^Your mentee application$/, '● Approved'], 60_000);
    assert.equal(
      await rahul.cardsWith('● Awaiting review').count(),
      0,
      "a card of Rahul's still shows the application awaiting review",
    );
    assert.equal(
      await rahul.cardsOnPage().count(),
      rahulCardsBefore + 1,
      'Rahul should get one new card (the outcome); the confirmation is updated in place',
    );
    await rahul.screenshot('approval-4-rahul-approved');
  });
});
