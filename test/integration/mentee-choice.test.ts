import assert from 'node:assert/strict';
import { actionsOf, textOf } from './support/cards';
import { menteeInputs, mentorInputs } from './support/fixtures';
import { Harness, TENANT_B, type TestUser } from './support/harness';

describe("mentee's choice through the real bot: profiles, suggestions, request → respond, expiry", () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;
  let khan: TestUser;
  let bello: TestUser;

  const approved = (user: TestUser, role: 'mentee' | 'mentor', inputs: Record<string, string>) =>
    h.approved(user, role, inputs, amara);

  async function matchesOf(user: TestUser) {
    return h.matches.mine(await user.actor());
  }

  let khanApp: string;
  let belloApp: string;

  beforeEach(async () => {
    h = await new Harness().start();
    amara = h.user('Dr Amara Okafor');
    rahul = h.user('Dr Rahul Menon');
    khan = h.user('Dr Aisha Khan');
    bello = h.user('Dr Tunde Bello');
    await h.seed(amara);
    for (const u of [amara, rahul, khan, bello]) await u.say('hello');
    khanApp = await approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }));
    belloApp = await approved(
      bello,
      'mentor',
      mentorInputs({
        name: 'Dr Tunde Bello',
        specialty: 'general-practice',
        site: 'General Hospital',
        qualificationCountry: 'NG',
        languages: 'en,yo',
        capacity: '2',
      }),
    );
    await approved(rahul, 'mentee', menteeInputs());
  });

  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  /** Rahul types "find a mentor" and requests `name`; returns the suggestions card message id. */
  async function request(user: TestUser, name: string) {
    const { cards } = await user.say('find a mentor');
    const list = cards[0];
    const button = actionsOf(list.card).find((a) => a.verb === 'match.request' && a.title === `Request ${name}`);
    assert.ok(button, `a Request button for ${name}`);
    const res = await user.execute('match.request', button!.data, list.id);
    return { list, res };
  }

  it('suggests best first with reasons; request → mentor card with a working-day date → accept → both sides updated and audited', async () => {
    const { cards } = await rahul.say('find a mentor');
    const text = textOf(cards[0].card);
    assert.ok(text.indexOf('Dr Aisha Khan') < text.indexOf('Dr Tunde Bello'), 'same specialty and site ranks first');
    assert.match(text, /same specialty: Psychiatry · same site/);
    assert.match(text, /2 mentors with a free place · page 1 of 1/);

    const { list, res } = await request(rahul, 'Dr Aisha Khan');
    assert.match(textOf(res.invokeCard!), /Request sent to Dr Aisha Khan/);
    assert.match(textOf(res.invokeCard!), /until Monday 8 March 2027/, '5 working days from Monday 1 March 2027');

    assert.equal(await h.deliver(), 1);
    const requestCard = khan.delivered().at(-1)!;
    assert.match(textOf(requestCard.card), /Mentoring request from Dr Rahul Menon/);
    assert.match(textOf(requestCard.card), /Please respond by Monday 8 March 2027/);
    assert.match(textOf(requestCard.card), /Passing MRCPsych Paper A/, "the mentee's profile is on the card");

    const jobs = await h.store.jobs.list(await rahul.tenantId());
    assert.deepEqual(jobs.map((j) => `${j.kind}@${j.dueAt}`).sort(), [
      'match.expiry@2027-03-09T00:00:00.000Z',
      'match.reminder@2027-03-03T09:00:00.000Z',
      'match.reminder@2027-03-05T09:00:00.000Z',
    ]);

    const accepted = await khan.clickVerb(requestCard, 'match.accept');
    assert.match(textOf(accepted.invokeCard!), /Accepted/);
    assert.equal(
      actionsOf(accepted.invokeCard!).filter((a) => a.verb === 'match.accept').length,
      0,
      'no Accept on an answered card',
    );
    await h.deliver();
    const toRahul = rahul.delivered();
    assert.ok(
      toRahul.some((c) => c.method === 'POST' && /Dr Aisha Khan accepted your request/.test(textOf(c.card))),
      'the mentee is told',
    );
    const updated = toRahul.find((c) => c.method === 'PUT' && c.id === list.id);
    assert.equal(updated?.id, list.id, "the mentee's card is updated in place");
    assert.match(textOf(updated!.card), /Accepted/);

    const [match] = await matchesOf(rahul);
    assert.equal(match.match.status, 'accepted');
    const audit = await h.store.inTenant(await rahul.tenantId(), (tx) => tx.audit.list('match', match.match.id));
    assert.deepEqual(
      audit.map((a) => `${a.action}:${a.toStatus}:${a.actorId}`),
      [`request:requested:${rahul.id}`, `accept:accepted:${khan.id}`],
    );
    const profile = await h.store.inTenant(await rahul.tenantId(), (tx) => tx.mentorProfiles.get(khanApp));
    assert.equal(profile?.inUse, 1);
    assert.ok(
      (await h.store.jobs.list(await rahul.tenantId()))
        .filter((j) => j.kind === 'match.reminder' || j.kind === 'match.expiry')
        .every((j) => j.status === 'cancelled'),
      'reminders and expiry are cancelled',
    );

    const again = await khan.clickVerb(requestCard, 'match.accept');
    assert.match(textOf(again.invokeCard!), /already been accepted/);
    assert.equal(
      (await h.store.inTenant(await rahul.tenantId(), (tx) => tx.mentorProfiles.get(khanApp)))?.inUse,
      1,
      'a second accept takes no second slot',
    );

    const mine = await khan.say('my matches');
    assert.match(textOf(mine.cards[0].card), /Mentee: Dr Rahul Menon/);
    const rahulMine = await rahul.say('my matches');
    assert.match(textOf(rahulMine.cards[0].card), /Mentor: Dr Aisha Khan/);
    const viaButton = await khan.clickVerb(mine.cards[0], 'match.mine');
    assert.match(textOf(viaButton.cards[0].card), /Mentee: Dr Rahul Menon/, 'the matches are posted');
    assert.match(
      textOf(viaButton.invokeCard!),
      /Your mentee: Dr Rahul Menon/,
      'the clicked card keeps showing its match',
    );
  });

  it('decline: private reason kept from the mentee, fresh suggestions sent, the pair never offered again', async () => {
    await request(rahul, 'Dr Aisha Khan');
    await h.deliver();
    const card = khan.delivered().at(-1)!;
    const declined = await khan.clickVerb(card, 'match.decline', { reason: 'On parental leave from April' });
    assert.match(textOf(declined.invokeCard!), /Declined/);
    await h.deliver();
    const toRahul = rahul.delivered().filter((c) => c.method === 'POST');
    assert.ok(toRahul.some((c) => /could not take your request/.test(textOf(c.card))));
    assert.ok(
      toRahul.every((c) => !/parental leave/.test(textOf(c.card))),
      'the reason is private',
    );
    const fresh = toRahul.find((c) => /Suggested mentors/.test(textOf(c.card)))!;
    assert.ok(fresh, 'fresh suggestions are offered');
    assert.doesNotMatch(textOf(fresh.card), /Dr Aisha Khan/);
    assert.match(textOf(fresh.card), /Dr Tunde Bello/);
    const [match] = await matchesOf(rahul);
    assert.equal(match.match.declineReason, 'On parental leave from April');

    const excluded = await rahul.execute('match.request', { mentorApplicationId: khanApp });
    assert.match(textOf(excluded.invokeCard!), /already requested this mentor/);
    assert.equal((await matchesOf(rahul)).length, 1);
    const next = await rahul.execute('match.request', { mentorApplicationId: belloApp });
    assert.match(
      textOf(next.invokeCard!),
      /Request sent to Dr Tunde Bello/,
      'a decline frees the mentee to request another mentor',
    );
  });

  it('reminders on working days 2 and 4, then expiry across Christmas (England and Wales) via the job runner', async () => {
    h.clock.current = new Date('2025-12-19T16:00:00Z'); // Friday 19 December 2025
    await request(rahul, 'Dr Aisha Khan');
    await h.deliver();
    const card = khan.delivered().at(-1)!;
    assert.match(textOf(card.card), /Please respond by Tuesday 30 December 2025/);

    h.clock.current = new Date('2025-12-23T08:59:00Z');
    assert.equal((await h.jobs.runOnce()).done, 0, 'nothing due before 09:00 on working day 2');
    h.clock.current = new Date('2025-12-23T09:00:00Z');
    assert.equal((await h.jobs.runOnce()).done, 1);
    await h.deliver();
    assert.match(textOf(khan.delivered().at(-1)!.card), /Reminder: Dr Rahul Menon is waiting for your answer/);
    assert.match(textOf(khan.delivered().at(-1)!.card), /Please respond by Tuesday 30 December 2025/);

    h.clock.current = new Date('2025-12-29T09:00:00Z'); // working day 4: 24th, then Monday 29th
    assert.equal((await h.jobs.runOnce()).done, 1);
    await h.deliver();
    assert.equal(khan.delivered().filter((c) => c.method === 'POST' && /Reminder/.test(textOf(c.card))).length, 2);

    h.clock.current = new Date('2025-12-30T23:59:00Z');
    assert.equal((await h.jobs.runOnce()).done, 0, 'still in time on the last day');
    h.clock.current = new Date('2025-12-31T00:00:00Z');
    assert.equal((await h.jobs.runOnce()).done, 1);
    assert.equal((await matchesOf(rahul))[0].match.status, 'expired');
    await h.deliver();
    const toRahul = rahul.delivered().filter((c) => c.method === 'POST');
    assert.ok(toRahul.some((c) => /Your request to Dr Aisha Khan expired/.test(textOf(c.card))));
    assert.ok(
      toRahul.some((c) => /Suggested mentors/.test(textOf(c.card)) && /Dr Tunde Bello/.test(textOf(c.card))),
      'fresh suggestions',
    );
    assert.ok(
      khan.delivered().some((c) => c.method === 'PUT' && c.id === card.id && /Expired/.test(textOf(c.card))),
      "the mentor's card is updated in place",
    );

    const late = await khan.clickVerb(card, 'match.accept');
    assert.match(textOf(late.invokeCard!), /expired/i);
    assert.equal((await matchesOf(rahul))[0].match.status, 'expired');
    assert.equal((await h.store.inTenant(await rahul.tenantId(), (tx) => tx.mentorProfiles.get(khanApp)))?.inUse, 0);
    assert.equal((await h.jobs.runOnce()).done, 0, 'nothing runs twice');
  });

  it("withdraw: the mentee withdraws once, the mentor's card updates in place, jobs are cancelled; a double-clicked Request stores one", async () => {
    const { cards } = await rahul.say('find a mentor');
    const button = actionsOf(cards[0].card).find((a) => a.title === 'Request Dr Aisha Khan')!;
    const [a, b] = await Promise.all([
      rahul.execute('match.request', button.data, cards[0].id),
      rahul.execute('match.request', button.data, cards[0].id),
    ]);
    assert.equal([a, b].filter((r) => /Request sent/.test(textOf(r.invokeCard!))).length, 1);
    const other = [a, b].find((r) => !/Request sent/.test(textOf(r.invokeCard!)))!;
    assert.match(
      textOf(other.invokeCard!),
      /You have already requested Dr Aisha Khan; here is that request as it is now/,
      'the second click shows the request, not an empty list',
    );
    assert.match(textOf(other.invokeCard!), /Waiting for the mentor’s answer/);
    assert.equal((await matchesOf(rahul)).length, 1);
    assert.equal(await h.deliver(), 1, 'the mentor gets one request card');
    const mentorCard = khan.delivered().at(-1)!;
    const sent = [a, b].find((r) => /Request sent/.test(textOf(r.invokeCard!)))!;
    const withdrawn = await rahul.clickVerb({ id: cards[0].id, card: sent.invokeCard! }, 'match.withdraw');
    assert.match(textOf(withdrawn.invokeCard!), /withdrawn/i);
    const twice = await rahul.clickVerb({ id: cards[0].id, card: sent.invokeCard! }, 'match.withdraw');
    assert.match(textOf(twice.invokeCard!), /withdrawn by the mentee/);
    await h.deliver();
    assert.ok(
      khan.delivered().some((c) => c.method === 'PUT' && c.id === mentorCard.id && /Withdrawn/.test(textOf(c.card))),
    );
    const late = await khan.clickVerb(mentorCard, 'match.accept');
    assert.match(textOf(late.invokeCard!), /withdrawn by the mentee/);
    assert.ok((await h.store.jobs.list(await rahul.tenantId())).every((j) => j.status === 'cancelled'));
    const [view] = await matchesOf(rahul);
    assert.equal(view.match.status, 'withdrawn');
    assert.equal(view.match.version, 2);
  });

  it("the deadline follows the programme's nation: Scotland also skips 2 January", async () => {
    const t = await rahul.tenantId();
    await h.store.inTenant(t, async (tx) => {
      const [p] = await tx.programmes.list();
      await tx.programmes.update({ ...p, settings: { ...p.settings, bankHolidayNation: 'scotland' } });
    });
    h.clock.current = new Date('2025-12-24T11:00:00Z'); // Wednesday 24 December 2025
    const { res } = await request(rahul, 'Dr Aisha Khan');
    assert.match(
      textOf(res.invokeCard!),
      /until Tuesday 6 January 2026/,
      'England and Wales would give Monday 5 January',
    );
    await h.deliver();
    assert.match(textOf(khan.delivered().at(-1)!.card), /Please respond by Tuesday 6 January 2026/);
  });

  it('the approved status card offers "Find a mentor" to a mentee and it works', async () => {
    const outcome = rahul
      .delivered()
      .filter((c) => c.method === 'POST' && /approved/i.test(textOf(c.card)))
      .at(-1)!;
    const found = await rahul.clickVerb(outcome, 'match.find');
    assert.match(textOf(found.invokeCard!), /Suggested mentors/);
    assert.match(textOf(found.invokeCard!), /Request Dr Aisha Khan/);
    const mentorOutcome = khan
      .delivered()
      .filter((c) => c.method === 'POST' && /approved/i.test(textOf(c.card)))
      .at(-1)!;
    assert.equal(
      actionsOf(mentorOutcome.card).filter((a) => a.verb === 'match.find').length,
      0,
      'mentors get "My profile" instead',
    );
    assert.ok(actionsOf(mentorOutcome.card).some((a) => a.verb === 'profile.open'));
  });

  it('two accepts racing for the last slot: exactly one wins, capacity is never exceeded', async () => {
    const priya = h.user('Dr Priya Nair');
    await priya.say('hello');
    await approved(priya, 'mentee', menteeInputs({ name: 'Dr Priya Nair' }));
    await request(rahul, 'Dr Aisha Khan');
    await request(priya, 'Dr Aisha Khan');
    await h.deliver();
    const [first, second] = khan
      .delivered()
      .filter((c) => c.method === 'POST' && /Mentoring request/.test(textOf(c.card)));
    assert.ok(first && second, 'Khan (capacity 1) has two requests');
    const results = await Promise.all([khan.clickVerb(first, 'match.accept'), khan.clickVerb(second, 'match.accept')]);
    const texts = results.map((r) => textOf(r.invokeCard!));
    assert.equal(texts.filter((t) => /You accepted/.test(t)).length, 1, 'exactly one accept wins');
    assert.equal(texts.filter((t) => /no free places/.test(t)).length, 1, 'the other is told why');
    const statuses = [...(await matchesOf(rahul)), ...(await matchesOf(priya))].map((v) => v.match.status).sort();
    assert.deepEqual(statuses, ['accepted', 'requested']);
    assert.equal((await h.store.inTenant(await rahul.tenantId(), (tx) => tx.mentorProfiles.get(khanApp)))?.inUse, 1);

    const full = h.user('Dr Full Test');
    await full.say('hi');
    await approved(full, 'mentee', menteeInputs({ name: 'Dr Full Test' }));
    const refused = await full.execute('match.request', { mentorApplicationId: khanApp });
    assert.match(textOf(refused.invokeCard!), /no free places/);
    assert.doesNotMatch(
      textOf((await full.say('find a mentor')).cards[0].card),
      /Dr Aisha Khan/,
      'a full mentor is not suggested',
    );
  });

  it('profile: view, edit within bounds, pause (hidden and refused) and resume', async () => {
    const status = (await khan.say('my applications')).cards[0];
    const opened = await khan.clickVerb(status, 'profile.open');
    assert.match(textOf(opened.invokeCard!), /Your mentor profile/);
    assert.match(textOf(opened.invokeCard!), /0 of 1 place taken/);
    const card = { id: status.id, card: opened.invokeCard! };

    const bad = await khan.clickVerb(card, 'profile.save', {
      bio: 'Registrar',
      capacity: '9',
      topics: 'wellbeing',
      meetingPreference: 'virtual',
    });
    assert.match(textOf(bad.invokeCard!), /from 1 to 5/);
    const saved = await khan.clickVerb(card, 'profile.save', {
      bio: 'Registrar, happy to help with exams.',
      capacity: '3',
      topics: 'wellbeing,exams-portfolio',
      meetingPreference: 'virtual',
    });
    assert.match(textOf(saved.invokeCard!), /profile is saved/);
    assert.match(textOf(saved.invokeCard!), /0 of 3 places taken/);
    const stale = await khan.clickVerb(card, 'profile.save', {
      bio: 'Old',
      capacity: '1',
      topics: 'wellbeing',
      meetingPreference: 'virtual',
    });
    assert.match(textOf(stale.invokeCard!), /changed since this card was shown/);

    const paused = await khan.clickVerb({ id: card.id, card: saved.invokeCard! }, 'profile.pause');
    assert.match(textOf(paused.invokeCard!), /Paused/);
    assert.doesNotMatch(textOf((await rahul.say('find a mentor')).cards[0].card), /Dr Aisha Khan/);
    const refused = await rahul.execute('match.request', { mentorApplicationId: khanApp });
    assert.match(textOf(refused.invokeCard!), /not taking new mentees/);
    assert.equal((await matchesOf(rahul)).length, 0);

    const resumed = await khan.clickVerb({ id: card.id, card: paused.invokeCard! }, 'profile.resume');
    assert.match(textOf(resumed.invokeCard!), /Resumed/);
    const list = textOf((await rahul.say('find a mentor')).cards[0].card);
    assert.match(list, /Dr Aisha Khan/);
    assert.match(list, /Registrar, happy to help with exams/, 'the edited bio is shown');

    const audit = await h.store.inTenant(await rahul.tenantId(), (tx) => tx.audit.list('mentor-profile', khanApp));
    assert.deepEqual(
      audit.map((a) => a.action),
      ['edit', 'pause', 'resume'],
    );
    assert.match(
      textOf((await rahul.say('my profile')).cards[0].card),
      /mentor application is approved/,
      'a mentee has no mentor profile',
    );
  });

  it('filters and paging', async () => {
    const { cards } = await rahul.say('find a mentor');
    const filtered = await rahul.clickVerb(cards[0], 'match.find', {
      specialty: 'general-practice',
      site: 'any',
      country: 'any',
      language: 'any',
    });
    const text = textOf(filtered.invokeCard!);
    assert.match(text, /Dr Tunde Bello/);
    assert.doesNotMatch(text, /Dr Aisha Khan/);
    const language = await rahul.clickVerb(cards[0], 'match.find', {
      specialty: 'any',
      site: 'any',
      country: 'any',
      language: 'ml',
    });
    assert.match(textOf(language.invokeCard!), /Dr Aisha Khan/);
    assert.doesNotMatch(textOf(language.invokeCard!), /Dr Tunde Bello/);
    for (let i = 0; i < 5; i++) {
      const m = h.user(`Dr Mentor ${i}`);
      await m.say('hi');
      await approved(m, 'mentor', mentorInputs({ name: `Dr Mentor ${i}`, site: 'Community Services' }));
    }
    const page1 = await rahul.say('find a mentor');
    assert.match(textOf(page1.cards[0].card), /7 mentors with a free place · page 1 of 2/);
    assert.equal(actionsOf(page1.cards[0].card).filter((a) => a.verb === 'match.request').length, 5);
    const page2 = await rahul.clickVerb(page1.cards[0], 'match.find', {});
    assert.ok(actionsOf(page1.cards[0].card).some((a) => a.title === 'Next'));
    const next = actionsOf(page1.cards[0].card).find((a) => a.title === 'Next')!;
    const second = await rahul.execute('match.find', next.data, page1.cards[0].id);
    assert.match(textOf(second.invokeCard!), /page 2 of 2/);
    assert.equal(actionsOf(second.invokeCard!).filter((a) => a.verb === 'match.request').length, 2);
    assert.ok(page2.invokeCard);
  });

  describe('bad input is refused with a clear card and changes nothing', () => {
    it('from an unapproved mentee, for oneself, and across tenants', async () => {
      const newbie = h.user('Dr New');
      const form = (await newbie.execute('app.open', { role: 'mentee' })).cards[0];
      await newbie.clickVerb(form, 'app.submit', menteeInputs({ name: 'Dr New' }));
      const early = await newbie.execute('match.request', { mentorApplicationId: khanApp });
      assert.match(textOf(early.invokeCard!), /once your mentee application is approved/);
      assert.match(
        textOf((await newbie.say('find a mentor')).cards[0].card),
        /once your mentee application is approved/,
      );

      await approved(khan, 'mentee', menteeInputs({ name: 'Dr Aisha Khan' }));
      const self = await khan.execute('match.request', { mentorApplicationId: khanApp });
      assert.match(textOf(self.invokeCard!), /cannot request yourself/);
      assert.doesNotMatch(
        textOf((await khan.say('find a mentor')).cards[0].card),
        /Request Dr Aisha Khan/,
        'never suggested to oneself',
      );

      const eve = h.user('Dr Eve', { tenant: TENANT_B });
      await h.seed(eve);
      const cross = await eve.execute('match.request', { mentorApplicationId: khanApp });
      assert.match(textOf(cross.invokeCard!), /approved|not available/);
      assert.equal(
        (await h.store.inTenant(await rahul.tenantId(), (tx) => tx.matches.listForPerson(khan.id))).length,
        0,
      );
    });

    it('forged payloads: unknown ids, wrong types, extra fields, someone else answering', async () => {
      await request(rahul, 'Dr Aisha Khan');
      const [view] = await matchesOf(rahul);
      const matchId = view.match.id;
      const cases: [TestUser, string, Record<string, unknown>, RegExp][] = [
        [khan, 'match.accept', { matchId: '00000000-0000-4000-8000-000000000000', version: 1 }, /does not exist/],
        [khan, 'match.accept', { matchId, version: 'latest' }, /does not accept/],
        [khan, 'match.accept', { matchId, version: 1, status: 'accepted' }, /Unexpected field/],
        [khan, 'match.decline', { matchId, version: 1, reason: 'x'.repeat(5000) }, /500 characters/],
        [rahul, 'match.request', { mentorApplicationId: belloApp, score: 10000 }, /Unexpected field/],
        [rahul, 'match.request', { mentorApplicationId: 'no-such-mentor' }, /not available/],
        [rahul, 'match.find', { page: 'two' }, /does not accept/],
        [rahul, 'match.accept', { matchId, version: 1 }, /Only the mentor/],
        [bello, 'match.accept', { matchId, version: 1 }, /does not exist/],
        [bello, 'profile.pause', { applicationId: khanApp, version: 1 }, /does not exist/],
        [rahul, 'match.request', { mentorApplicationId: belloApp }, /already have a request/],
      ];
      for (const [user, verb, data, message] of cases) {
        const res = await user.execute(verb, data);
        assert.match(textOf(res.invokeCard!), message, `${verb} ${JSON.stringify(data).slice(0, 80)}`);
      }
      const after = await matchesOf(rahul);
      assert.equal(after.length, 1);
      assert.equal(after[0].match.status, 'requested');
      assert.equal(after[0].match.version, 1);
      assert.equal(
        (await h.store.inTenant(await rahul.tenantId(), (tx) => tx.mentorProfiles.get(belloApp)))?.paused ?? false,
        false,
      );
    });
  });
});
