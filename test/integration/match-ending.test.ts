import assert from 'node:assert/strict';
import { agreedPair, lastPost, SESSION_INPUTS } from './support/after-match';
import { actionsOf, textOf } from './support/cards';
import { Harness, TENANT_B, type TestUser } from './support/harness';

/**
 * A no-fault ending (SPEC §3.5) through the real bot on a real SQLite file: either person or a coordinator ends an
 * agreed match; the reason stays with coordinators; the other person is told kindly; the mentor's place is freed;
 * the mentee goes back to choosing and is never offered the same mentor again.
 */
describe('ending a match (no-fault) through the real bot', () => {
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

  const REASON = 'We could not find times that suit both of us.';
  const match = async () => (await h.store.inTenant(await rahul.tenantId(), (tx) => tx.matches.get(matchId)))!;
  const placesInUse = async () => {
    const mentorApplicationId = (await match()).mentorApplicationId;
    return (await h.store.inTenant(await khan.tenantId(), (tx) => tx.mentorProfiles.get(mentorApplicationId)))!.inUse;
  };

  it('the mentee ends it: the mentor is told kindly without the reason, the place is freed, the mentee chooses again', async () => {
    assert.equal(await placesInUse(), 1);
    const card = (await rahul.say('my matches')).cards[0];
    const ended = await rahul.clickVerb(card, 'match.end', { reason: REASON });
    assert.match(
      textOf(ended.invokeCard!),
      /You ended the match\. Dr Aisha Khan has been told that this is a no-fault ending, not your reason/,
    );
    assert.match(textOf(ended.invokeCard!), /● Ended/);
    assert.deepEqual(
      [(await match()).status, (await match()).endedBy, (await match()).endReason],
      ['ended', 'mentee', REASON],
    );
    assert.equal(await placesInUse(), 0, 'the mentor’s place is freed');
    await h.deliver();
    const told = textOf(lastPost(khan).card);
    assert.match(told, /Your match with Dr Rahul Menon has ended/);
    assert.match(told, /This is a no-fault ending/);
    assert.doesNotMatch(told, /could not find times/, 'the reason is for coordinators only');
    assert.match(textOf(lastPost(rahul).card), /Suggested mentors/, 'the mentee is shown fresh suggestions');
    assert.doesNotMatch(textOf(lastPost(rahul).card), /Dr Aisha Khan/, 'the pair is never suggested again');
    // Coordinators see who ended it and why.
    const overview = textOf((await amara.say('matches')).cards[0].card);
    assert.match(overview, /Ended by the mentee: We could not find times/);
    const audit = await h.store.inTenant(await amara.tenantId(), (tx) => tx.audit.list('match', matchId));
    assert.ok(
      audit.some((e) => e.action === 'end' && e.toStatus === 'ended' && !String(e.detail).includes('could not')),
      'audited, without the reason text',
    );
  });

  it('after a no-fault ending, automatic matching never proposes the pair again, though the mentor is free', async () => {
    await rahul.clickVerb((await rahul.say('my matches')).cards[0], 'match.end', { reason: '' });
    await h.deliver();
    assert.equal(await placesInUse(), 0);
    const proposal = textOf((await h.runMatching(amara)).card);
    assert.match(proposal, /Dr Rahul Menon/, 'the mentee is in the pool again');
    assert.doesNotMatch(proposal, /Dr Rahul Menon\s*(→|with|and)\s*Dr Aisha Khan/);
    assert.match(proposal, /Not matched \(1\)/, 'and stays unmatched: the only mentor is the one he ended with');
  });

  it('an end racing a session log: one of them wins cleanly, and no session is logged on an ended match', async () => {
    const menteeCard = (await rahul.say('my matches')).cards[0];
    const form = (await khan.say('log a session')).cards[0];
    const [ended, logged] = await Promise.all([
      rahul.clickVerb(menteeCard, 'match.end', { reason: '' }),
      khan.clickVerb(form, 'session.log', SESSION_INPUTS),
    ]);
    const m = await match();
    const logs = await h.store.inTenant(await rahul.tenantId(), (tx) => tx.sessionLogs.listForMatch(matchId));
    if (m.status === 'ended') {
      assert.match(textOf(ended.invokeCard!), /You ended the match/);
      if (logs.length === 1) assert.ok(logs[0].createdAt <= m.endedAt!, 'a session logged first, then the end');
      else assert.match(textOf(logged.invokeCard!), /This match is over, so no session can be logged/);
    } else {
      // The log came first and made the mentee's card out of date: the end is refused on the card as it is now.
      assert.equal(m.status, 'active');
      assert.equal(logs.length, 1);
      assert.match(textOf(logged.invokeCard!), /Session logged/);
      assert.match(textOf(ended.invokeCard!), /changed since this card was shown[\s\S]*Nothing was ended/);
    }
    assert.equal(await placesInUse(), m.status === 'ended' ? 0 : 1);
  });

  it('a second click, or a stale card, keeps the match card and ends nothing twice', async () => {
    const card = (await khan.say('my matches')).cards[0];
    await khan.clickVerb(card, 'match.end', { reason: '' });
    const version = (await match()).version;
    const again = await khan.clickVerb(card, 'match.end', { reason: '' });
    assert.match(textOf(again.invokeCard!), /This match has already ended/);
    assert.match(textOf(again.invokeCard!), /Your mentee: Dr Rahul Menon/, 'the card shows the match as it is');
    assert.equal((await match()).version, version);
    assert.equal(await placesInUse(), 0, 'the place was given back once, not twice');
  });

  it('with a meeting booked, it asks for the meeting to be cancelled first and changes nothing', async () => {
    const offer = (await rahul.clickVerb((await rahul.say('my matches')).cards[0], 'meeting.open')).cards[0];
    await rahul.clickVerb(offer, 'meeting.book', { mode: 'virtual' });
    const refused = await rahul.clickVerb((await rahul.say('my matches')).cards[0], 'match.end', { reason: '' });
    assert.match(textOf(refused.invokeCard!), /Cancel the meeting from the match card first/);
    assert.equal((await match()).status, 'active');
  });

  it('a coordinator may end it (both are told); nobody else, and no other tenant, can', async () => {
    const version = (await match()).version;
    const stranger = h.user('Dr Zoe Stranger');
    await stranger.say('hello');
    const other = h.user('Dr Other Tenant', { tenant: TENANT_B });
    await other.say('hello');
    for (const outsider of [stranger, other]) {
      assert.match(
        textOf((await outsider.execute('match.end', { matchId, version, reason: '' })).invokeCard!),
        /does not exist in your organisation/,
      );
    }
    const tooLong = await amara.execute('match.end', { matchId, version, reason: 'x'.repeat(501) });
    assert.match(textOf(tooLong.invokeCard!), /Keep the reason under 500 characters/);
    assert.equal((await match()).status, 'accepted');
    const byCoordinator = await amara.execute('match.end', { matchId, version, reason: 'After a concern was raised.' });
    assert.match(textOf(byCoordinator.invokeCard!), /Both people have been told/);
    assert.equal((await match()).endedBy, 'coordinator');
    await h.deliver();
    for (const u of [rahul, khan])
      assert.match(
        textOf(
          u
            .delivered()
            .filter((c) => /has ended/.test(textOf(c.card)))
            .at(-1)!.card,
        ),
        /no-fault ending/,
      );
    assert.doesNotMatch(JSON.stringify([rahul.delivered(), khan.delivered()]), /After a concern/);
  });

  it('a coordinator ends it from the overview: the form opens as a new card, the overview stays', async () => {
    const overview = (await amara.say('matches')).cards[0];
    const opened = await amara.clickVerb(overview, 'match.endOpen');
    assert.match(textOf(opened.invokeCard!), /Matches: IMG Peer Mentoring 2027/, 'the overview stays');
    const form = opened.cards[0];
    assert.match(textOf(form.card), /End the match: Dr Rahul Menon and Dr Aisha Khan/);
    const ended = await amara.clickVerb(form, 'match.end', { reason: 'After a concern was raised.' });
    assert.match(textOf(ended.invokeCard!), /The match has ended\. Both people have been told/);
    assert.deepEqual(
      actionsOf(ended.invokeCard!).map((a) => a.verb),
      [],
      'nothing more to do on it',
    );
    const twice = await amara.clickVerb(form, 'match.end', { reason: '' });
    assert.match(textOf(twice.invokeCard!), /This match has already ended/);
    assert.match(textOf(twice.invokeCard!), /End the match: Dr Rahul Menon/, 'the coordinator keeps the ending card');
    assert.equal((await match()).endReason, 'After a concern was raised.');
    assert.ok(
      !actionsOf((await amara.say('matches')).cards[0].card).some((a) => a.verb === 'match.endOpen'),
      'no End button on an ended match',
    );
    assert.match(
      textOf((await rahul.execute('match.endOpen', { matchId })).invokeCard!),
      /does not exist in your organisation/,
      'not for participants',
    );
  });

  it('an ended match offers only the evaluation and raising a concern', async () => {
    const card = (await rahul.say('my matches')).cards[0];
    await rahul.clickVerb(card, 'match.end', { reason: '' });
    const after = (await rahul.say('my matches')).cards[0];
    const verbs = actionsOf(after.card).map((a) => a.verb);
    for (const gone of ['meeting.open', 'session.open', 'match.end']) assert.ok(!verbs.includes(gone), gone);
    assert.ok(verbs.includes('concern.open'));
    assert.ok(verbs.includes('eval.open'));
    assert.match(textOf(after.card), /You ended it: this is a no-fault ending/);
  });
});
