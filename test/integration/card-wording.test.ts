import assert from 'node:assert/strict';
import { actionsOf, textOf } from './support/cards';
import { menteeInputs, mentorInputs } from './support/fixtures';
import { Harness, type TestUser } from './support/harness';

/**
 * What people read on the cards, through the real bot on a real SQLite file: each card speaks to its reader
 * ("your answer"), names the other person rather than the reader, and says what is true in the state shown.
 */
describe('card wording through the real bot: each reader is told what is true for them', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;

  beforeEach(async () => {
    h = await new Harness().start();
    amara = h.user('Dr Amara Okafor');
    rahul = h.user('Dr Rahul Menon');
    khan = h.user('Dr Aisha Khan');
    await h.seed(amara);
    for (const u of [amara, rahul, khan]) await u.say('hello');
  });

  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  const approvedPair = async () => {
    await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara);
    await h.approved(rahul, 'mentee', menteeInputs(), amara);
  };

  /** Amara runs automatic matching and publishes; returns the proposal cards Rahul and Khan were sent. */
  async function publishedProposal() {
    await approvedPair();
    const proposal = await h.runMatching(amara);
    await amara.clickVerb(proposal, 'auto.publish');
    await h.deliver();
    const rahulCard = rahul
      .delivered()
      .filter((c) => c.method === 'POST')
      .at(-1)!;
    const khanCard = khan
      .delivered()
      .filter((c) => c.method === 'POST')
      .at(-1)!;
    assert.match(textOf(rahulCard.card), /Proposed mentor: Dr Aisha Khan/);
    assert.match(textOf(khanCard.card), /Proposed mentee: Dr Rahul Menon/);
    return { rahulCard, khanCard };
  }

  describe('applications', () => {
    /** Rahul applies for `role`; returns the review card Amara was sent. */
    async function applied(role: 'mentee' | 'mentor') {
      const form = (await rahul.execute('app.open', { role })).cards[0];
      await rahul.clickVerb(form, 'app.submit', role === 'mentor' ? mentorInputs() : menteeInputs());
      await h.deliver();
      return amara
        .delivered()
        .filter((c) => c.method === 'POST')
        .at(-1)!;
    }
    const outcomeFor = () =>
      rahul
        .delivered()
        .filter((c) => c.method === 'POST')
        .at(-1)!;

    it('a rejection says which application was not accepted', async () => {
      await amara.clickVerb(await applied('mentor'), 'app.reject', { reason: 'Mentors need two years in the NHS.' });
      await h.deliver();
      assert.match(textOf(outcomeFor().card), /^Your mentor application was not accepted/);
      await amara.clickVerb(await applied('mentee'), 'app.reject', {
        reason: 'The programme is for IMGs in their first two years.',
      });
      await h.deliver();
      assert.match(textOf(outcomeFor().card), /^Your mentee application was not accepted/);
    });

    it('a request for more information names the application, and the button its words point to is on the card', async () => {
      await amara.clickVerb(await applied('mentee'), 'app.requestInfo', { question: 'Which deanery are you in?' });
      await h.deliver();
      const outcome = outcomeFor();
      const text = textOf(outcome.card);
      assert.match(text, /^The coordinators need more information on your mentee application/);
      const named = /use "([^"]+)"/.exec(text)?.[1];
      assert.equal(named, 'Answer and resubmit');
      assert.ok(
        actionsOf(outcome.card).some((a) => a.title === named),
        `a button titled "${named}"`,
      );
    });

    it('an approval says which application was approved', async () => {
      await amara.clickVerb(await applied('mentee'), 'app.approve');
      await h.deliver();
      assert.match(textOf(outcomeFor().card), /^Your mentee application has been approved/);
    });
  });

  describe('lists', () => {
    it('suggestions with no filter set and nobody free say so, and only offer "other filters" when a filter is set', async () => {
      await h.approved(rahul, 'mentee', menteeInputs(), amara);
      const none = textOf((await rahul.say('find a mentor')).cards[0].card);
      assert.match(none, /No mentor you can request has a free place right now/);
      assert.doesNotMatch(none, /Try other filters/, 'there are no filters to change');

      await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara);
      const filtered = await rahul.execute('match.find', {
        specialty: 'general-practice',
        site: 'any',
        country: 'any',
        language: 'any',
        page: 1,
      });
      assert.match(
        textOf(filtered.invokeCard!),
        /No mentor with a free place matches these filters right now\. Try other filters/,
      );
    });

    it('the programme overview with no matches says so once', async () => {
      const text = textOf((await amara.say('matches')).cards[0].card);
      assert.equal(text.match(/No requests or matches yet\./g)?.length, 1, text);
    });

    it('the proposal says what its check means', async () => {
      await approvedPair();
      const text = textOf((await h.runMatching(amara)).card);
      assert.match(text, /· certified the best possible for the whole pool/);
      assert.doesNotMatch(text, /\(checked\)/);
    });
  });

  describe('matches', () => {
    it("a request: the mentor's card waits for *your* answer, the mentee's for the mentor's; the mentor's acceptance names the mentee", async () => {
      await approvedPair();
      const list = (await rahul.say('find a mentor')).cards[0];
      const sent = await rahul.execute(
        'match.request',
        actionsOf(list.card).find((a) => a.title === 'Request Dr Aisha Khan')!.data,
        list.id,
      );
      assert.match(textOf(sent.invokeCard!), /● Waiting for the mentor’s answer/);
      await h.deliver();
      const request = khan.delivered().at(-1)!;
      assert.match(textOf(request.card), /Mentoring request from Dr Rahul Menon/);
      assert.match(textOf(request.card), /● Waiting for your answer/);
      assert.doesNotMatch(
        textOf(request.card),
        /Waiting for the mentor’s answer/,
        'the mentor is not told to wait for themselves',
      );
      const accepted = await khan.clickVerb(request, 'match.accept');
      assert.match(textOf(accepted.invokeCard!), /You accepted\. Dr Rahul Menon has been told\./);
    });

    it('a proposal: each acceptance names the other person, and once both accept the heading says "Your mentor" / "Your mentee"', async () => {
      const { rahulCard, khanCard } = await publishedProposal();
      const khanYes = await khan.clickVerb(khanCard, 'match.accept');
      assert.match(textOf(khanYes.invokeCard!), /You accepted\. Dr Rahul Menon will see that you have\./);
      await h.deliver();
      const rahulNow = rahul
        .delivered()
        .filter((c) => c.method === 'PUT' && c.id === rahulCard.id)
        .at(-1)!;
      assert.match(textOf(rahulNow.card), /Dr Aisha Khan accepted: waiting for your answer/);

      const rahulYes = await rahul.execute(
        'match.accept',
        actionsOf(rahulNow.card).find((a) => a.verb === 'match.accept')!.data,
        rahulCard.id,
      );
      const text = textOf(rahulYes.invokeCard!);
      assert.match(
        text,
        /You accepted\. Dr Aisha Khan has been told\./,
        'the mentee is told the mentor heard, not about himself',
      );
      assert.doesNotMatch(text, /Dr Rahul Menon has been told/);
      assert.match(text, /^Your mentor: Dr Aisha Khan/, 'no longer "Proposed mentor" once confirmed');
      assert.match(text, /● Accepted/);
      await h.deliver();
      const khanNow = khan
        .delivered()
        .filter((c) => c.method === 'PUT' && c.id === khanCard.id)
        .at(-1)!;
      assert.match(textOf(khanNow.card), /^Your mentee: Dr Rahul Menon/);
      assert.match(textOf((await rahul.say('my matches')).cards[0].card), /^Your mentor: Dr Aisha Khan/);
    });

    it('a proposal declined by the mentee names the mentor as the one told, and stays headed as a proposal', async () => {
      const { rahulCard } = await publishedProposal();
      const no = await rahul.clickVerb(rahulCard, 'match.decline', {
        reason: 'I have found a mentor at my own trust.',
      });
      const text = textOf(no.invokeCard!);
      assert.match(text, /You declined\. Dr Aisha Khan has been told \(your reason is not shown to them\)\./);
      assert.match(text, /^Proposed mentor: Dr Aisha Khan/);
      assert.match(text, /● Declined/);
    });
  });
});
