import assert from 'node:assert/strict';
import { agreedPair, lastPost } from './support/after-match';
import { actionsOf, textOf, type Card } from './support/cards';
import { Harness, TENANT_B, type TestUser } from './support/harness';

/**
 * Cycles through the real bot on a real SQLite file (docs/cycles.md): the cycle ends after the programme's cycle
 * length with a notice a week before, and each person then chooses another cycle together, a new partner, or a break.
 */
describe('the end of a cycle and what comes next', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;
  let matchId: string;

  beforeEach(async () => {
    h = await new Harness().start();
    ({ amara, rahul, khan, matchId } = await agreedPair(h));
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  const matchesOfPair = async () =>
    (await h.store.inTenant(await rahul.tenantId(), (tx) => tx.matches.listForPerson(rahul.id))).filter(
      (m) => m.mentorPersonId === khan.id,
    );
  const placesInUse = async () => {
    const [m] = await matchesOfPair();
    return (await h.store.inTenant(await khan.tenantId(), (tx) => tx.mentorProfiles.get(m.mentorApplicationId)))!;
  };
  const settle = async () => {
    for (let i = 0; i < 5 && (await h.jobs.runOnce()).done > 0; i++);
    await h.deliver();
  };
  const choiceCardOf = (u: TestUser): { id: string; card: Card } =>
    u
      .delivered()
      .filter((c) => actionsOf(c.card).some((a) => a.verb === 'next.choose'))
      .at(-1)!;
  const choose = (u: TestUser, choice: string, id = matchId) => u.execute('next.choose', { matchId: id, choice });
  /** The 4-week cycle agreed on Monday 1 March 2027 ends on Monday 29 March, the day after the clocks go forward. */
  async function endCycle() {
    h.clock.current = new Date('2027-03-29T08:00:00Z'); // 09:00 BST
    await settle();
  }

  it('a week before, both are told the end date; on it the match completes and both choose what next', async () => {
    h.clock.current = new Date('2027-03-22T08:59:00Z');
    await settle();
    assert.doesNotMatch(textOf(lastPost(rahul).card), /cycle .* ends on/);
    h.clock.current = new Date('2027-03-22T09:00:00Z'); // 09:00 GMT
    await settle();
    for (const [u, other] of [
      [rahul, 'Dr Aisha Khan'],
      [khan, 'Dr Rahul Menon'],
    ] as const)
      assert.match(
        textOf(lastPost(u).card),
        new RegExp(`Your mentoring cycle with ${other} ends on Monday 29 March 2027`),
      );

    h.clock.current = new Date('2027-03-29T07:59:00Z'); // 08:59 BST
    await settle();
    assert.equal((await matchesOfPair())[0].status, 'accepted', 'not before the start of working hours');
    await endCycle();
    const [m] = await matchesOfPair();
    assert.deepEqual([m.status, m.endedBy], ['completed', 'system']);
    assert.equal((await placesInUse()).inUse, 0, 'the place is freed');
    for (const u of [rahul, khan]) {
      const card = choiceCardOf(u);
      assert.ok(card, `${u.name} is asked what next`);
      assert.deepEqual(
        actionsOf(card.card).map((a) => a.data.choice),
        ['continue', 'rematch', 'opt-out'],
      );
    }
    assert.match(textOf(choiceCardOf(rahul).card), /Continue with Dr Aisha Khan/);
    assert.ok(
      rahul.delivered().some((c) => /How was your mentoring with Dr Aisha Khan/.test(textOf(c.card))),
      'and asked for the evaluation',
    );
  });

  it('a meeting booked past the cycle’s end keeps the match until an hour after that meeting', async () => {
    const tenantId = await rahul.tenantId();
    await h.store.inTenant(tenantId, async (tx) => {
      await tx.meetings.insert({
        tenantId,
        id: 'late-meeting',
        programmeId: (await tx.programmes.list())[0].id,
        matchId,
        organizerPersonId: khan.id,
        attendeePersonId: rahul.id,
        start: '2027-03-29T13:00:00.000Z',
        end: '2027-03-29T14:00:00.000Z',
        mode: 'virtual',
        status: 'scheduled',
        calendar: 'offline',
        sequence: 0,
        version: 1,
        createdAt: '2027-03-01T10:00:00.000Z',
        updatedAt: '2027-03-01T10:00:00.000Z',
      });
    });
    await endCycle();
    assert.notEqual((await matchesOfPair())[0].status, 'completed');
    h.clock.current = new Date('2027-03-29T15:00:00Z');
    await settle();
    assert.equal((await matchesOfPair())[0].status, 'completed');
  });

  it('both choose to continue: a new cycle, its session count from zero, the earlier cycle kept', async () => {
    await endCycle();
    const first = await rahul.clickVerb(choiceCardOf(rahul), 'next.choose'); // the first button: continue
    assert.match(textOf(first.invokeCard!), /The new cycle starts when Dr Aisha Khan also chooses to continue/);
    assert.equal((await matchesOfPair()).length, 1, 'one side only: nothing starts');
    const twice = await choose(rahul, 'rematch');
    assert.match(textOf(twice.invokeCard!), /You have already chosen: continue together/);
    assert.equal((await matchesOfPair())[0].menteeNext, 'continue', 'the first choice stands');

    const second = await khan.clickVerb(choiceCardOf(khan), 'next.choose');
    assert.match(
      textOf(second.invokeCard!),
      /You and Dr Rahul Menon both chose to continue: your next cycle has started/,
    );
    assert.equal(second.cards.length, 0, 'nothing is posted during the click: the new match card comes by the outbox');
    const [old, next] = await matchesOfPair();
    assert.deepEqual([old.status, old.cycle], ['completed', 1]);
    assert.deepEqual([next.status, next.cycle, next.previousMatchId], ['accepted', 2, old.id]);
    assert.equal((await placesInUse()).inUse, 1, 'the mentor’s place is taken again');
    await h.deliver();
    assert.match(
      textOf(lastPost(khan).card),
      /Your next cycle with Dr Rahul Menon has started[\s\S]*Mentee: Dr Rahul Menon/,
    );
    assert.match(textOf(lastPost(rahul).card), /Your next cycle with Dr Aisha Khan has started/);
    assert.match(textOf(lastPost(rahul).card), /No sessions logged yet \(up to 4\)/);
    const overview = textOf((await amara.say('matches')).cards[0].card);
    assert.match(overview, /cycle 2/);
    assert.match(overview, /next: mentee continue together for another cycle, mentor continue together/);
  });

  it('one continues, the other wants someone new: the first is told kindly, the pair is never proposed again', async () => {
    await endCycle();
    await choose(rahul, 'continue');
    const apart = await choose(khan, 'rematch');
    assert.match(textOf(apart.invokeCard!), /your place is free for a new mentee/);
    await h.deliver();
    const told = rahul.delivered().find((c) => /No new cycle with Dr Aisha Khan/.test(textOf(c.card)));
    assert.ok(told);
    assert.match(textOf(told.card), /nobody's fault/);
    assert.match(textOf(lastPost(rahul).card), /Suggested mentors|no mentor/i, 'the mentee chooses again');
    assert.doesNotMatch(textOf(lastPost(rahul).card), /Dr Aisha Khan/);
    const late = await choose(rahul, 'continue');
    assert.match(textOf(late.invokeCard!), /already chosen/);
    const proposal = textOf((await h.runMatching(amara)).card);
    assert.match(proposal, /Not matched \(1\)/, 'automatic matching does not pair them again');
    assert.equal((await matchesOfPair()).length, 1);
  });

  it('a break: the mentor’s profile is paused, the mentee’s application closed; both can come back', async () => {
    await endCycle();
    assert.match(textOf((await choose(khan, 'opt-out')).invokeCard!), /profile is paused[\s\S]*"my profile"/);
    assert.equal((await placesInUse()).paused, true);
    assert.match(textOf((await choose(rahul, 'opt-out')).invokeCard!), /"apply as mentee"/);
    const [app] = (await h.applications.mine(await rahul.actor())).filter((v) => v.application.role === 'mentee');
    assert.equal(app.application.status, 'withdrawn');
    const form = (await rahul.execute('app.open', { role: 'mentee' })).cards[0];
    assert.match(JSON.stringify(form.card), /app\.submit/, 'applying again opens a new form');
  });

  it('after a no-fault ending there is no continuing; others, other tenants and forged choices change nothing', async () => {
    await rahul.clickVerb((await rahul.say('my matches')).cards[0], 'match.end', { reason: '' });
    await h.deliver();
    assert.deepEqual(
      actionsOf(choiceCardOf(rahul).card).map((a) => a.data.choice),
      ['rematch', 'opt-out'],
    );
    assert.match(textOf((await choose(khan, 'continue')).invokeCard!), /ended early cannot continue/);
    assert.match(textOf((await choose(khan, 'anything')).invokeCard!), /Choose one of the options/);
    const stranger = h.user('Dr Zoe Stranger');
    await stranger.say('hello');
    const other = h.user('Dr Other Tenant', { tenant: TENANT_B });
    await other.say('hello');
    for (const u of [stranger, other, amara])
      assert.match(textOf((await choose(u, 'rematch')).invokeCard!), /does not exist in your organisation/, u.name);
    const forged = await khan.execute('next.choose', { matchId, choice: 'rematch', side: 'mentee' });
    assert.match(textOf(forged.invokeCard!), /data the app does not accept/);
    const [m] = await matchesOfPair();
    assert.deepEqual([m.menteeNext, m.mentorNext], [undefined, undefined]);
    // Before the end, nothing can be chosen.
    const h2 = await new Harness().start();
    try {
      const pair = await agreedPair(h2);
      const early = await pair.rahul.execute('next.choose', { matchId: pair.matchId, choice: 'rematch' });
      assert.match(textOf(early.invokeCard!), /has not ended yet/);
    } finally {
      await h2.stop();
    }
  });
});
