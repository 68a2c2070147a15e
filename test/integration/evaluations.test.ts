import assert from 'node:assert/strict';
import { agreedPair, lastPost } from './support/after-match';
import { textOf } from './support/cards';
import { Harness, TENANT_B, type TestUser } from './support/harness';

/**
 * The end of a match through the real bot (SPEC §3.5, §8): the mentee's evaluation and the mentor's reflection,
 * each person seeing only their own answers, the mentor only averages over at least three mentees, one reminder.
 */
describe('evaluation and reflection at the end of a match', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;
  let matchId: string;

  const RATINGS = { overall: '5', support: '4', fit: '4', recommend: '5' };
  const PRIVATE = 'I would have liked more help with the portfolio.';

  beforeEach(async () => {
    h = await new Harness().start();
    ({ amara, rahul, khan, matchId } = await agreedPair(h));
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  async function endMatch() {
    await rahul.clickVerb((await rahul.say('my matches')).cards[0], 'match.end', { reason: '' });
    await h.deliver();
  }
  const formOf = (u: TestUser) =>
    u
      .delivered()
      .filter((c) => c.method === 'POST' && /eval\.submit/.test(JSON.stringify(c.card)))
      .at(-1)!;

  it('when a match ends both are asked; the mentee sees their own answers, the mentor never sees them', async () => {
    await endMatch();
    const menteeForm = formOf(rahul);
    assert.match(textOf(menteeForm.card), /How was your mentoring with Dr Aisha Khan\?/);
    assert.match(textOf(formOf(khan).card), /Your reflection on mentoring Dr Rahul Menon/);
    const sent = await rahul.clickVerb(menteeForm, 'eval.submit', {
      ...RATINGS,
      helped: 'Exam tips.',
      better: PRIVATE,
      nameOnCertificate: 'true',
    });
    assert.match(textOf(sent.invokeCard!), /Thank you: your evaluation was sent/);
    assert.match(textOf(sent.invokeCard!), /Overall, how useful was the mentoring\? 5 of 5/);
    const twice = await rahul.clickVerb(menteeForm, 'eval.submit', {
      ...RATINGS,
      helped: 'again',
      better: '',
      nameOnCertificate: 'false',
    });
    assert.match(textOf(twice.invokeCard!), /already sent; it has not been sent twice/);
    const stored = await h.store.inTenant(await rahul.tenantId(), (tx) => tx.evaluations.forMatch(matchId));
    assert.equal(stored.length, 1);
    assert.equal(stored[0].evaluation!.nameOnCertificate, true);
    // The mentor: only averages, and none until three mentees have answered.
    const feedback = textOf((await khan.say('my feedback')).cards[0].card);
    assert.match(feedback, /once at least 3 have answered \(1 so far\)/);
    assert.doesNotMatch(JSON.stringify(khan.delivered()), /more help with the portfolio/);
    assert.doesNotMatch(feedback, /portfolio/);
    const reflection = await khan.clickVerb(formOf(khan), 'eval.submit', {
      wentWell: 'Regular meetings.',
      learned: 'How ARCP works now.',
      differently: '',
    });
    assert.match(textOf(reflection.invokeCard!), /Saved: this is your reflective note for CPD and appraisal/);
    assert.match(textOf(reflection.invokeCard!), /What went well\? Regular meetings\./);
    // Coordinators' report: averages only over at least 5 evaluations (the programme's smallest cell).
    assert.match(
      textOf((await amara.say('reports')).cards[0].card),
      /Evaluation scores Not shown: fewer than 5 evaluations so far/,
    );
    const audit = await h.store.inTenant(await rahul.tenantId(), (tx) => tx.audit.list('match', matchId));
    assert.deepEqual(
      audit.filter((e) => e.action === 'evaluation' || e.action === 'reflection').map((e) => e.detail),
      ['submitted', 'submitted'],
      'audited without the answers',
    );
  });

  it('the mentor sees averages once three mentees have answered, never one mentee’s answers', async () => {
    const tenantId = await khan.tenantId();
    await h.store.inTenant(tenantId, async (tx) => {
      const programmeId = (await tx.programmes.list())[0].id;
      for (const [i, overall] of [4, 5, 3].entries()) {
        await tx.evaluations.insert({
          tenantId,
          id: `ev-${i}`,
          programmeId,
          matchId: `m-${i}`,
          role: 'mentee',
          personId: `p-${i}`,
          mentorPersonId: khan.id,
          submittedAt: '2027-03-01T10:00:00.000Z',
          evaluation: {
            ratings: { overall, support: 4, fit: 4, recommend: 5 },
            helped: `secret ${i}`,
            better: '',
            nameOnCertificate: false,
          },
        });
      }
    });
    const feedback = textOf((await khan.say('my feedback')).cards[0].card);
    assert.match(feedback, /Feedback from your mentees \(averages of 3\)/);
    assert.match(feedback, /Overall, how useful was the mentoring\? 4 of 5/);
    assert.doesNotMatch(feedback, /secret/);
    assert.match(textOf((await rahul.say('my feedback')).cards[0].card), /Feedback is for mentors/);
  });

  it('bad answers keep the form; before the end, and for anyone else, nothing is stored', async () => {
    const early = await rahul.execute('eval.submit', { matchId, ...RATINGS, nameOnCertificate: 'false' });
    assert.match(textOf(early.invokeCard!), /has not ended yet/);
    await endMatch();
    const form = formOf(rahul);
    const missing = await rahul.clickVerb(form, 'eval.submit', {
      overall: '5',
      support: '',
      fit: '9',
      recommend: '5',
      nameOnCertificate: 'false',
      helped: 'x'.repeat(2_001),
    });
    const text = textOf(missing.invokeCard!);
    assert.match(text, /Some answers need another look; nothing was sent/);
    assert.match(text, /How well did your mentor support you\? Choose from 1 to 5/);
    assert.match(text, /Keep this under 2000 characters/);
    assert.match(JSON.stringify(missing.invokeCard), /eval\.submit/, 'the form stays');
    const stranger = h.user('Dr Zoe Stranger');
    await stranger.say('hello');
    const other = h.user('Dr Other Tenant', { tenant: TENANT_B });
    await other.say('hello');
    for (const u of [stranger, other])
      assert.match(
        textOf((await u.execute('eval.submit', { matchId, ...RATINGS, nameOnCertificate: 'false' })).invokeCard!),
        /does not exist in your organisation/,
      );
    assert.equal((await h.store.inTenant(await rahul.tenantId(), (tx) => tx.evaluations.forMatch(matchId))).length, 0);
  });

  it('one reminder after 5 working days, only to whoever has not answered', async () => {
    await endMatch(); // Monday 1 March 2027
    await khan.clickVerb(formOf(khan), 'eval.submit', { wentWell: 'Good.', learned: '', differently: '' });
    h.clock.current = new Date('2027-03-08T08:59:00Z');
    assert.equal((await h.jobs.runOnce()).done, 0);
    h.clock.current = new Date('2027-03-08T09:00:00Z');
    await h.jobs.runOnce();
    await h.deliver();
    assert.match(textOf(lastPost(rahul).card), /Reminder: your evaluation of your mentoring with Dr Aisha Khan/);
    assert.doesNotMatch(textOf(lastPost(khan).card), /Reminder/);
  });
});
