import assert from 'node:assert/strict';
import { actionsOf, textOf } from './support/cards';
import { cardOf } from './support/fake-connector';
import { menteeInputs, mentorInputs } from './support/fixtures';
import { Harness, TENANT_B, type TestUser } from './support/harness';

const CHANNEL = '19:coordinators@thread.tacv2';

/** Coordinators managing coordinators and their own work, through the real bot on a real SQLite file. */
describe('coordinator management through the real bot', () => {
  let h: Harness;
  let amara: TestUser;
  let bola: TestUser;
  let rahul: TestUser;
  let programmeId: string;

  beforeEach(async () => {
    h = await new Harness().start();
    amara = h.user('Dr Amara Okafor');
    bola = h.user('Dr Bola Adeyemi');
    rahul = h.user('Dr Rahul Menon');
    programmeId = await h.seed(amara);
    for (const u of [amara, bola, rahul]) await u.say('hello');
  });

  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  const apply = async (u: TestUser, role: 'mentee' | 'mentor' = 'mentee') => {
    const form = (await u.execute('app.open', { role })).cards[0];
    return u.clickVerb(
      form,
      'app.submit',
      role === 'mentor' ? mentorInputs({ name: u.name }) : menteeInputs({ name: u.name }),
    );
  };
  const addCoordinator = async (by: TestUser, who: TestUser) =>
    by.clickVerb((await by.say('coordinators')).cards[0], 'coord.add', { personId: who.id });

  describe('a lone coordinator who applies', () => {
    it('is told on her status card and on the review card that another coordinator must be added, and offered Coordinators', async () => {
      const submitted = await apply(amara, 'mentor');
      const status = textOf(submitted.invokeCard!);
      assert.match(status, /only coordinator of this programme/);
      assert.match(status, /Another coordinator must be added to decide it/);
      assert.ok(actionsOf(submitted.invokeCard!).some((a) => a.verb === 'coord.open' && a.title === 'Coordinators'));
      await h.deliver();
      const review = amara
        .delivered()
        .filter((c) => c.method === 'POST')
        .at(-1)!;
      assert.match(
        textOf(review.card),
        /Dr Amara Okafor is the only coordinator of IMG Peer Mentoring 2027.*Another coordinator must be added/s,
      );

      // "Coordinators" opens the coordinators card as a new message; the status card stays.
      const opened = await amara.clickVerb({ id: 'status', card: submitted.invokeCard! }, 'coord.open');
      assert.match(textOf(opened.cards[0].card), /^Coordinators/);
      assert.match(textOf(opened.invokeCard!), /only coordinator of this programme/);

      // Once Bola is added, the wait is explained differently and Bola can decide it from "pending".
      await addCoordinator(amara, bola);
      const mine = textOf((await amara.say('my applications')).cards[0].card);
      assert.doesNotMatch(mine, /only coordinator/);
      const pending = (await bola.say('pending')).cards[0];
      const open = await bola.clickVerb(pending, 'app.review');
      assert.match(textOf(open.cards[0].card), /^New mentor application: Dr Amara Okafor/);
      assert.match(
        textOf(open.cards[0].card),
        /Dr Amara Okafor is a coordinator of this programme, so another coordinator must decide it/,
      );
      const approved = await bola.clickVerb(open.cards[0], 'app.approve');
      assert.match(textOf(approved.invokeCard!), /Approved by Dr Bola Adeyemi/);
    });
  });

  describe('removing coordinators', () => {
    it('a coordinator removes another from the coordinators card: audited, the person told, cards no longer sent to them', async () => {
      await addCoordinator(amara, bola);
      const card = (await amara.say('coordinators')).cards[0];
      const removeBola = actionsOf(card.card).find((a) => a.verb === 'coord.remove' && a.data.personId === bola.id);
      assert.ok(removeBola, 'each coordinator has a Remove button');
      const removed = await amara.execute('coord.remove', removeBola.data, card.id);
      assert.match(textOf(removed.invokeCard!), /Dr Bola Adeyemi is no longer a coordinator/);
      assert.doesNotMatch(textOf(removed.invokeCard!), /• Dr Bola Adeyemi/);
      const audit = await h.store.inTenant(await amara.tenantId(), (tx) =>
        tx.audit.list('coordinator', `${programmeId}:${bola.id}`),
      );
      assert.deepEqual(
        audit.map((a) => [a.action, a.actorId]),
        [
          ['add', amara.id],
          ['remove', amara.id],
        ],
      );
      await h.deliver();
      assert.match(textOf(bola.delivered().at(-1)!.card), /You are no longer a coordinator/);

      const before = bola.delivered().length;
      await apply(rahul);
      await h.deliver();
      assert.equal(bola.delivered().length, before, 'no review card for a removed coordinator');
      assert.match(textOf((await bola.say('pending')).cards[0].card), /Only programme coordinators/);
    });

    it('the last coordinator cannot be removed: the card stays with a notice and nothing changes', async () => {
      const card = (await amara.say('coordinators')).cards[0];
      assert.ok(
        !actionsOf(card.card).some((a) => a.verb === 'coord.remove'),
        'no Remove button for the only coordinator',
      );
      const refused = await amara.execute('coord.remove', { programmeId, personId: amara.id }, card.id);
      const text = textOf(refused.invokeCard!);
      assert.match(text, /^Coordinators/, 'the coordinators card stays');
      assert.match(text, /only coordinator of IMG Peer Mentoring 2027, and a programme needs at least one/);
      assert.equal(
        await h.store.inTenant(await amara.tenantId(), (tx) => tx.coordinators.isCoordinator(programmeId, amara.id)),
        true,
      );

      await addCoordinator(amara, bola);
      const self = await amara.execute('coord.remove', { programmeId, personId: amara.id }, card.id);
      assert.match(textOf(self.invokeCard!), /You removed yourself/);
      const last = await bola.execute('coord.remove', { programmeId, personId: bola.id }, card.id);
      assert.match(textOf(last.invokeCard!), /a programme needs at least one/);
      const again = await bola.execute('coord.remove', { programmeId, personId: amara.id }, card.id);
      assert.match(
        textOf(again.invokeCard!),
        /^Coordinators[\s\S]*not a coordinator of IMG Peer Mentoring 2027/,
        'already done: the card stays',
      );
    });

    it('a participant or someone from another tenant cannot remove anyone', async () => {
      await addCoordinator(amara, bola);
      const refused = await rahul.execute('coord.remove', { programmeId, personId: bola.id });
      assert.match(textOf(refused.invokeCard!), /Only coordinators of IMG Peer Mentoring 2027/);
      const outsider = h.user('Dr Out Sider', { tenant: TENANT_B });
      const foreign = await outsider.execute('coord.remove', { programmeId, personId: bola.id });
      assert.match(textOf(foreign.invokeCard!), /does not exist in your organisation/);
      assert.equal(
        await h.store.inTenant(await amara.tenantId(), (tx) => tx.coordinators.isCoordinator(programmeId, bola.id)),
        true,
      );
    });
  });

  describe('pending applications', () => {
    it('lists submitted and info-requested applications oldest first with how long each waited; each opens the review card as a new message', async () => {
      await apply(rahul);
      h.clock.advance(3 * 86_400_000);
      const khan = h.user('Dr Aisha Khan');
      await apply(khan, 'mentor');
      await h.deliver();
      await amara.clickVerb(
        amara
          .delivered()
          .filter((c) => c.method === 'POST')
          .at(-1)!,
        'app.requestInfo',
        { question: 'Which trust are you with?' },
      );
      h.clock.advance(5 * 3_600_000);

      const list = (await amara.say('show me pending applications please')).cards[0];
      const text = textOf(list.card);
      assert.match(text, /1 waiting for a decision, 1 waiting for the applicant’s answer · oldest first/);
      assert.ok(text.indexOf('Dr Rahul Menon') < text.indexOf('Dr Aisha Khan'), 'oldest first');
      assert.match(text, /waiting 3 days for a decision/);
      assert.match(text, /waiting 5 hours for the applicant’s answer/);

      const open = await amara.click(list, 'Open Dr Rahul Menon’s application');
      assert.match(textOf(open.cards[0].card), /^New mentee application: Dr Rahul Menon/, 'posted as a new message');
      assert.match(textOf(open.invokeCard!), /^Applications waiting/, 'the list stays');
      await amara.clickVerb(open.cards[0], 'app.approve');
      assert.doesNotMatch(
        textOf((await amara.say('pending')).cards[0].card),
        /Dr Rahul Menon/,
        'decided ones leave the list',
      );

      assert.match(textOf((await rahul.say('pending')).cards[0].card), /Only programme coordinators/);
      const forged = await rahul.execute('app.review', {
        applicationId: (await h.applications.mine(await khan.actor()))[0].application.id,
      });
      assert.match(textOf(forged.invokeCard!), /does not exist in your organisation/);
      assert.equal(forged.cards.length, 0, 'nothing posted');
    });

    it('a new coordinator is pointed to "pending" when added', async () => {
      await addCoordinator(amara, bola);
      await h.deliver();
      assert.match(textOf(bola.delivered().at(-1)!.card), /type "pending"/);
    });
  });

  it('adding someone who has applied as a participant warns the coordinator', async () => {
    await apply(rahul);
    const added = await addCoordinator(amara, rahul);
    const text = textOf(added.invokeCard!);
    assert.match(text, /Dr Rahul Menon is now a coordinator/);
    assert.match(text, /they have also applied as a mentee in this programme/);
    const plain = await addCoordinator(amara, bola);
    assert.doesNotMatch(textOf(plain.invokeCard!), /also applied/);
  });

  describe('setup', () => {
    it('in a channel, "setup" makes it the coordinators’ channel, as the manifest says', async () => {
      const set = await amara.sayInChannel(CHANNEL, 'setup');
      assert.match(textOf(set.cards[0].card), /will be posted in this channel/);
      await apply(rahul);
      await h.deliver();
      assert.equal(h.connector.to(CHANNEL).length, 1);
      assert.equal(cardOf(h.connector.to(CHANNEL)[0].activity).type, 'AdaptiveCard');
      const other = await rahul.sayInChannel('19:other@thread.tacv2', 'setup');
      assert.match(textOf(other.cards[0].card), /Only programme coordinators/);
      assert.doesNotMatch(textOf(other.cards[0].card), /Set up a mentoring programme/);
    });

    it('in a channel before any programme exists, "setup" explains what to do first', async () => {
      const zara = h.user('Dr Zara Ali', { tenant: TENANT_B });
      const res = await zara.sayInChannel(CHANNEL, 'setup');
      assert.match(textOf(res.cards[0].card), /personal chat with the app and type "setup"/);
    });

    it('someone who would be refused is told why instead of being given the form', async () => {
      const res = await rahul.say('setup');
      const text = textOf(res.cards[0].card);
      assert.doesNotMatch(text, /Set up a mentoring programme/);
      assert.match(text, /only its coordinators can set up another programme/);
      const clicked = await rahul.execute('setup.open', {});
      assert.match(textOf(clicked.invokeCard!), /only its coordinators can set up another programme/);
      assert.match(
        textOf((await amara.say('setup')).cards[0].card),
        /Set up a mentoring programme/,
        'a coordinator still gets the form',
      );
    });
  });
});
