import assert from 'node:assert/strict';
import { actionsOf, textOf, type Card } from './support/cards';
import { menteeInputs, mentorInputs } from './support/fixtures';
import { Harness, TENANT_B, type TestUser, type TurnResult } from './support/harness';

async function applyAsMentee(
  user: TestUser,
  overrides: Record<string, string> = {},
): Promise<{ result: TurnResult; formId: string }> {
  const opened = await user.execute('app.open', { role: 'mentee' });
  const form = opened.cards[0];
  assert.ok(form, 'the form is posted as a new message');
  const result = await user.clickVerb(form, 'app.submit', menteeInputs(overrides));
  return { result, formId: form.id };
}

describe('application flow through the real bot on a real SQLite file', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;

  beforeEach(async () => {
    h = await new Harness().start();
    amara = h.user('Dr Amara Okafor');
    rahul = h.user('Dr Rahul Menon');
    await h.seed(amara);
    await amara.say('hello'); // the coordinator has the app installed, so they can be messaged
  });

  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  it('"My applications" on a status card lists them as new messages and keeps the status card', async () => {
    const { result, formId } = await applyAsMentee(rahul);
    const status = { id: formId, card: result.invokeCard! };
    const mine = await rahul.clickVerb(status, 'app.mine');
    assert.match(textOf(mine.invokeCard!), /mentee application/i, 'the card still shows the application');
    assert.doesNotMatch(textOf(mine.invokeCard!), /Apply as mentor/, 'not replaced by the help card');
    assert.ok(mine.cards.length >= 1, 'the list is posted as new messages');
  });

  it('welcomes a new user with the apply buttons on "help"', async () => {
    const { cards } = await rahul.say('help');
    assert.equal(cards.length, 1);
    const text = textOf(cards[0].card);
    assert.match(text, /Apply as mentee/);
    assert.match(text, /Apply as mentor/);
    assert.match(text, /IMG Peer Mentoring 2027/);
  });

  it('apply → coordinator card → approve → applicant told, and every copy updated', async () => {
    const { result, formId } = await applyAsMentee(rahul);
    assert.ok(result.invokeCard, 'the form is replaced by a confirmation card');
    assert.match(textOf(result.invokeCard!), /Application submitted/);
    assert.match(textOf(result.invokeCard!), /Psychiatry/);

    const mine = await h.applications.mine(await rahul.actor());
    assert.equal(mine.length, 1);
    assert.equal(mine[0].application.status, 'submitted');

    assert.equal(await h.deliver(), 1, 'one review card goes to the only coordinator');
    const review = amara.delivered().at(-1)!;
    assert.match(textOf(review.card), /Dr Rahul Menon/);
    assert.deepEqual(
      review.card.refresh?.userIds,
      [`29:${amara.id}`],
      'Teams refreshes it for the coordinators, named by their Teams ids',
    );

    const approved = await amara.clickVerb(review, 'app.approve');
    assert.match(textOf(approved.invokeCard!), /Approved by Dr Amara Okafor/);
    assert.equal(approved.invokeCard!.actions?.length ?? 0, 0, 'a decided card has no decision buttons');

    await h.deliver();
    const toRahul = rahul.delivered();
    const outcome = toRahul.find((c) => c.method === 'POST');
    assert.ok(outcome, 'the applicant is told proactively');
    assert.match(textOf(outcome!.card), /approved/i);
    assert.match(textOf(outcome!.card), /Approved by Dr Amara Okafor on 1 Mar 2027/, 'says who decided, and when');
    assert.match(textOf(outcome!.card), /What happens next: use "Find a mentor"/);
    assert.match(
      textOf(approved.invokeCard!),
      /^Mentee application: Dr Rahul Menon/,
      'no longer headed "New" once decided',
    );
    const updated = toRahul.find((c) => c.method === 'PUT');
    assert.ok(updated, "the applicant's confirmation card is updated in place");
    assert.equal(updated!.id, formId);

    const audit = await h.store.inTenant(mine[0].application.tenantId, (tx) =>
      tx.audit.list('application', mine[0].application.id),
    );
    assert.deepEqual(
      audit.map((a) => `${a.action}:${a.toStatus}`),
      ['submit:submitted', 'approve:approved'],
    );
    assert.equal(audit[1].actorId, amara.id);
  });

  it('first coordinator wins; the other copy updates and a click on it changes nothing and says so', async () => {
    const bola = h.user('Dr Bola Adeyemi');
    await bola.say('hi');
    const programmeId = (await h.programmes.overview(await amara.actor())).coordinating[0];
    await h.programmes.addCoordinator(await amara.actor(), programmeId, bola.id);
    await h.deliver();

    await applyAsMentee(rahul);
    await h.deliver();
    const amaraCopy = amara
      .delivered()
      .filter((c) => /Rahul/.test(textOf(c.card)))
      .at(-1)!;
    const bolaCopy = bola
      .delivered()
      .filter((c) => /Rahul/.test(textOf(c.card)))
      .at(-1)!;
    assert.ok(amaraCopy && bolaCopy, 'each coordinator gets a copy');

    await amara.clickVerb(amaraCopy, 'app.approve');
    await h.deliver();
    const bolaUpdate = bola.connectorCalls().filter((c) => c.method === 'PUT' && c.activityId === bolaCopy.id);
    assert.equal(bolaUpdate.length, 1, "Bola's copy is updated in place");
    assert.match(textOf(bolaUpdate[0].card), /Approved by Dr Amara Okafor/);

    const outcomesBefore = rahul.delivered().filter((c) => c.method === 'POST').length;
    const stale = await bola.clickVerb(bolaCopy, 'app.reject', { reason: 'Not eligible' });
    assert.match(textOf(stale.invokeCard!), /already approved by Dr Amara Okafor/i);
    await h.deliver();
    assert.equal(
      rahul.delivered().filter((c) => c.method === 'POST').length,
      outcomesBefore,
      'no second outcome message',
    );
    const app = (await h.applications.mine(await rahul.actor()))[0].application;
    assert.equal(app.status, 'approved');
    assert.equal(app.version, 2);
  });

  it('a double click on Approve applies once', async () => {
    await applyAsMentee(rahul);
    await h.deliver();
    const review = amara.delivered().at(-1)!;
    const [first, second] = await Promise.all([
      amara.clickVerb(review, 'app.approve'),
      amara.clickVerb(review, 'app.approve'),
    ]);
    const texts = [textOf(first.invokeCard!), textOf(second.invokeCard!)];
    assert.equal(
      texts.filter((t) => /already approved by you/i.test(t)).length,
      1,
      'exactly one click is refused as stale, and it says who: you',
    );
    const app = (await h.applications.mine(await rahul.actor()))[0].application;
    const audit = await h.store.inTenant(app.tenantId, (tx) => tx.audit.list('application', app.id));
    assert.equal(audit.filter((a) => a.action === 'approve').length, 1);
    await h.deliver();
    assert.equal(rahul.delivered().filter((c) => c.method === 'POST').length, 1, 'the applicant is told once');
  });

  it('a double submit of the form stores one application', async () => {
    const opened = await rahul.execute('app.open', { role: 'mentee' });
    const form = opened.cards[0];
    const [a, b] = await Promise.all([
      rahul.clickVerb(form, 'app.submit', menteeInputs()),
      rahul.clickVerb(form, 'app.submit', menteeInputs()),
    ]);
    assert.ok([a, b].some((r) => /Application submitted/.test(textOf(r.invokeCard!))));
    assert.equal((await h.applications.mine(await rahul.actor())).length, 1);
    assert.equal(await h.deliver(), 1, 'coordinators get one card');
  });

  it('applying again shows the existing application with Withdraw, and withdrawing works once', async () => {
    await applyAsMentee(rahul);
    const again = await rahul.execute('app.open', { role: 'mentee' });
    const existing = again.cards[0];
    assert.match(textOf(existing.card), /already have a mentee application/i);
    const withdrawn = await rahul.clickVerb(existing, 'app.withdraw');
    assert.match(textOf(withdrawn.invokeCard!), /withdrawn/i);
    const twice = await rahul.clickVerb(existing, 'app.withdraw');
    assert.match(textOf(twice.invokeCard!), /withdrawn/i);
    const app = (await h.applications.mine(await rahul.actor()))[0].application;
    assert.equal(app.status, 'withdrawn');
    assert.equal(app.version, 2);
  });

  it('ask for more information → applicant edits and resubmits → coordinators get a fresh card', async () => {
    await applyAsMentee(rahul);
    await h.deliver();
    const review = amara.delivered().at(-1)!;
    const asked = await amara.clickVerb(review, 'app.requestInfo', { question: 'Which deanery are you in?' });
    assert.match(textOf(asked.invokeCard!), /More information requested by Dr Amara Okafor/);
    await h.deliver();
    const outcome = rahul
      .delivered()
      .filter((c) => c.method === 'POST')
      .at(-1)!;
    assert.match(textOf(outcome.card), /Which deanery are you in\?/);
    const edit = await rahul.clickVerb(outcome, 'app.edit');
    assert.match(textOf(edit.invokeCard!), /Which deanery are you in\?/, 'the form shows the question');
    const resubmitted = await rahul.clickVerb({ id: outcome.id, card: edit.invokeCard! }, 'app.resubmit', {
      ...menteeInputs({ goals: 'Health Education England North West. MRCPsych prep.' }),
      answer: 'North West.',
    });
    assert.match(textOf(resubmitted.invokeCard!), /resubmitted/i);
    const before = amara.delivered().length;
    await h.deliver();
    assert.ok(
      amara
        .delivered()
        .slice(before)
        .some((c) => c.method === 'POST' && /North West/.test(textOf(c.card))),
    );
  });

  it('after "Ask for more information" the applicant answers in the form, and the coordinators’ new card shows the question and the answer', async () => {
    await applyAsMentee(rahul);
    await h.deliver();
    await amara.clickVerb(amara.delivered().at(-1)!, 'app.requestInfo', { question: 'Which deanery are you in?' });
    await h.deliver();
    const outcome = rahul
      .delivered()
      .filter((c) => c.method === 'POST')
      .at(-1)!;
    const form = (await rahul.clickVerb(outcome, 'app.edit')).invokeCard!;
    assert.match(textOf(form), /Which deanery are you in\?/);
    const answerInput = JSON.stringify(form).match(/\{[^{}]*"id":"answer"[^{}]*\}/)?.[0];
    assert.ok(answerInput, 'the form has an answer field');
    assert.match(answerInput, /"isRequired":true/);
    assert.match(answerInput, /"maxLength":1000/, 'bounded in the card');

    const unanswered = await rahul.clickVerb({ id: outcome.id, card: form }, 'app.resubmit', menteeInputs());
    assert.match(textOf(unanswered.invokeCard!), /Answer the coordinator’s question/, 'the server requires an answer');
    const tooLong = await rahul.clickVerb({ id: outcome.id, card: form }, 'app.resubmit', {
      ...menteeInputs(),
      answer: 'x'.repeat(1001),
    });
    assert.match(textOf(tooLong.invokeCard!), /under 1000 characters/);
    assert.equal(
      (await h.applications.mine(await rahul.actor()))[0].application.status,
      'info-requested',
      'nothing changed',
    );

    const sent = await rahul.clickVerb({ id: outcome.id, card: form }, 'app.resubmit', {
      ...menteeInputs(),
      answer: 'Health Education England North West.',
    });
    assert.match(textOf(sent.invokeCard!), /Application resubmitted/);
    const before = amara.delivered().length;
    await h.deliver();
    const fresh = amara
      .delivered()
      .slice(before)
      .find((c) => c.method === 'POST')!;
    const text = textOf(fresh.card);
    assert.match(text, /^Resubmitted mentee application: Dr Rahul Menon/, 'not "New mentee application"');
    assert.match(text, /Question asked\nWhich deanery are you in\?/);
    assert.match(text, /Answer from Dr Rahul Menon\nHealth Education England North West\./);

    const stored = await h.store.inTenant(
      await rahul.tenantId(),
      async (tx) => (await tx.applications.listForPerson(rahul.id))[0],
    );
    assert.equal(stored.infoQuestion, 'Which deanery are you in?');
    assert.equal(stored.infoAnswer, 'Health Education England North West.');
  });

  it('a coordinator deciding on her own application is refused calmly: a role limit, not an alarm', async () => {
    await applyAsMentee(amara, { name: 'Dr Amara Okafor' });
    await h.deliver();
    const own = amara
      .delivered()
      .filter((c) => c.method === 'POST')
      .at(-1)!;
    assert.match(textOf(own.card), /New mentee application: Dr Amara Okafor/);
    const refused = await amara.clickVerb(own, 'app.approve');
    const text = textOf(refused.invokeCard!);
    assert.match(text, /^New mentee application: Dr Amara Okafor/, 'the review card stays, with the reason on it');
    assert.match(text, /cannot decide on your own application/);
    assert.doesNotMatch(text, /That did not work|Not allowed/, 'not an alarm');
    assert.equal((await h.applications.mine(await amara.actor()))[0].application.status, 'submitted');
  });

  it('rejecting needs a reason, checked on the server too', async () => {
    await applyAsMentee(rahul);
    await h.deliver();
    const review = amara.delivered().at(-1)!;
    const refused = await amara.clickVerb(review, 'app.reject', { reason: '   ' });
    assert.match(textOf(refused.invokeCard!), /reason is required/i);
    assert.equal((await h.applications.mine(await rahul.actor()))[0].application.status, 'submitted');
    const rejected = await amara.clickVerb(review, 'app.reject', {
      reason: 'The programme is for IMGs in their first two years.',
    });
    assert.match(textOf(rejected.invokeCard!), /Not approved by Dr Amara Okafor/);
  });

  it('an invalid form comes back with the problems named and nothing stored', async () => {
    const opened = await rahul.execute('app.open', { role: 'mentee' });
    const res = await rahul.clickVerb(
      opened.cards[0],
      'app.submit',
      menteeInputs({ specialty: 'astrology', nhsStartDate: '2099-01-01', goals: 'x'.repeat(5000) }),
    );
    const text = textOf(res.invokeCard!);
    assert.match(text, /specialty/i);
    assert.match(text, /future/i);
    assert.equal((await h.applications.mine(await rahul.actor())).length, 0);
    assert.equal(await h.deliver(), 0);
  });

  describe('applying again after a withdrawal or a rejection, as the withdraw confirmation promises', () => {
    const isForm = (card: Card) => actionsOf(card).some((a) => a.verb === 'app.submit');
    const audit = async (id: string) =>
      (await h.store.inTenant(await rahul.tenantId(), (tx) => tx.audit.list('application', id))).map(
        (a) => `${a.action}:${a.toStatus}`,
      );

    /** Rahul withdraws his application for `role` from the card "apply" shows him; returns its id. */
    async function withdraw(role: 'mentee' | 'mentor'): Promise<string> {
      const existing = (await rahul.execute('app.open', { role })).cards[0];
      assert.match(textOf(existing.card), new RegExp(`already have a ${role} application`));
      const withdrawn = await rahul.clickVerb(existing, 'app.withdraw');
      assert.match(textOf(withdrawn.invokeCard!), /● Withdrawn/);
      assert.match(
        textOf(withdrawn.invokeCard!),
        new RegExp(`You can apply again as a ${role}: type "apply as ${role}"`),
      );
      return (await h.applications.mine(await rahul.actor())).find((v) => v.application.role === role)!.application.id;
    }

    it('after withdrawing, "apply as mentee", the welcome card\'s button and app.open all open a new form', async () => {
      await applyAsMentee(rahul);
      await withdraw('mentee');
      const typed = (await rahul.say('apply as mentee')).cards[0];
      assert.doesNotMatch(textOf(typed.card), /already have/i);
      assert.ok(isForm(typed.card), 'the application form, not the withdrawn application');
      const welcome = (await rahul.say('apply')).cards[0];
      const viaButton = await rahul.click(welcome, 'Apply as mentee');
      assert.ok(isForm(viaButton.cards[0].card), 'the welcome card’s Apply button opens the form');
      assert.ok(isForm((await rahul.execute('app.open', { role: 'mentee' })).cards[0].card));
    });

    it('after a rejection the form opens again at once, and the outcome says so', async () => {
      await applyAsMentee(rahul);
      await h.deliver();
      await amara.clickVerb(amara.delivered().at(-1)!, 'app.reject', {
        reason: 'Please apply once you have started in post.',
      });
      await h.deliver();
      const outcome = rahul
        .delivered()
        .filter((c) => c.method === 'POST')
        .at(-1)!;
      assert.match(textOf(outcome.card), /You can apply again as a mentee: type "apply as mentee"/);
      assert.ok(isForm((await rahul.say('apply as mentee')).cards[0].card));
    });

    it('the new application is a new record: the withdrawn one keeps its history, "my applications" lists the new first, and the new one is the one that counts', async () => {
      await applyAsMentee(rahul);
      await h.deliver();
      const oldId = await withdraw('mentee');
      const form = (await rahul.say('apply as mentee')).cards[0];
      const submitted = await rahul.clickVerb(
        form,
        'app.submit',
        menteeInputs({ goals: 'Back after a break: MRCPsych Paper B this time.' }),
      );
      assert.match(textOf(submitted.invokeCard!), /Application submitted/);
      const mine = await h.applications.mine(await rahul.actor());
      assert.deepEqual(
        mine.map((v) => [v.application.status, v.earlier === true]),
        [
          ['submitted', false],
          ['withdrawn', true],
        ],
        'the current one first',
      );
      const newId = mine[0].application.id;
      assert.notEqual(newId, oldId);
      assert.deepEqual(await audit(oldId), ['submit:submitted', 'withdraw:withdrawn'], 'the old one keeps its history');
      assert.deepEqual(await audit(newId), ['submit:submitted']);
      assert.equal(mine[1].application.form.goals, menteeInputs().goals, 'and its answers');

      await h.deliver();
      const review = amara
        .delivered()
        .filter((c) => c.method === 'POST')
        .at(-1)!;
      assert.match(textOf(review.card), /New mentee application: Dr Rahul Menon/);
      assert.match(textOf(review.card), /MRCPsych Paper B/);

      const listed = (await rahul.say('my applications')).cards.map((c) => c.card);
      assert.equal(listed.length, 2);
      assert.match(textOf(listed[0]), /^Your mentee application\n/);
      assert.match(textOf(listed[0]), /● Awaiting review/);
      assert.match(textOf(listed[1]), /^Your earlier mentee application\n/);
      assert.match(textOf(listed[1]), /● Withdrawn/);
      assert.doesNotMatch(textOf(listed[1]), /apply again/, 'history does not invite a third application');
      assert.ok(!actionsOf(listed[1]).some((a) => a.verb === 'app.withdraw'));

      const again = (await rahul.execute('app.open', { role: 'mentee' })).cards[0];
      assert.match(textOf(again.card), /already have a mentee application/, 'the new one is held');
      assert.match(textOf(again.card), /MRCPsych Paper B/);

      await amara.clickVerb(review, 'app.approve');
      assert.match(
        textOf((await rahul.say('find a mentor')).cards[0].card),
        /Suggested mentors/,
        'the approved new application is the one that counts',
      );
    });

    it('after a rejection a new mentor application can be made at once; once approved, "my profile" is its profile', async () => {
      const form = (await rahul.execute('app.open', { role: 'mentor' })).cards[0];
      await rahul.clickVerb(form, 'app.submit', mentorInputs());
      await h.deliver();
      await amara.clickVerb(amara.delivered().at(-1)!, 'app.reject', { reason: 'Mentors need two years in the NHS.' });
      const again = (await rahul.say('apply as mentor')).cards[0];
      const submitted = await rahul.clickVerb(
        again,
        'app.submit',
        mentorInputs({ bio: 'Now three years in: happy to help.' }),
      );
      assert.match(textOf(submitted.invokeCard!), /Application submitted/);
      await h.deliver();
      await amara.clickVerb(
        amara
          .delivered()
          .filter((c) => c.method === 'POST')
          .at(-1)!,
        'app.approve',
      );
      const mine = await h.applications.mine(await rahul.actor());
      assert.deepEqual(
        mine.map((v) => v.application.status),
        ['approved', 'rejected'],
      );
      const profile = (await rahul.say('my profile')).cards[0];
      assert.match(textOf(profile.card), /Your mentor profile/);
      assert.ok(
        actionsOf(profile.card).some((a) => a.data.applicationId === mine[0].application.id),
        'the profile of the approved, new application',
      );
    });
  });

  describe('forged and hostile card payloads get a clear card and change nothing', () => {
    let applicationId: string;
    beforeEach(async () => {
      await applyAsMentee(rahul);
      applicationId = (await h.applications.mine(await rahul.actor()))[0].application.id;
      await h.deliver();
    });

    async function unchanged(): Promise<void> {
      const app = (await h.applications.mine(await rahul.actor()))[0].application;
      assert.equal(app.status, 'submitted');
      assert.equal(app.version, 1);
    }

    const cases: [string, string, () => Record<string, unknown>, RegExp][] = [
      ['unknown verb', 'app.delete', () => ({ applicationId }), /does not know/],
      ['missing version', 'app.approve', () => ({ applicationId }), /does not accept/],
      ['extra field', 'app.approve', () => ({ applicationId, version: 1, status: 'approved' }), /Unexpected field/],
      ['wrong type', 'app.approve', () => ({ applicationId, version: 'latest' }), /does not accept/],
      // Each of these once coerced to version 1 and approved: a version is a JSON integer, as the cards send it.
      ['version true', 'app.approve', () => ({ applicationId, version: true }), /does not accept/],
      ['version [1]', 'app.approve', () => ({ applicationId, version: [1] }), /does not accept/],
      ['version "0x1"', 'app.approve', () => ({ applicationId, version: '0x1' }), /does not accept/],
      ['version "1e0"', 'app.approve', () => ({ applicationId, version: '1e0' }), /does not accept/],
      ['version "1"', 'app.approve', () => ({ applicationId, version: '1' }), /does not accept/],
      ['version 1.5', 'app.approve', () => ({ applicationId, version: 1.5 }), /does not accept/],
      ['oversize id', 'app.approve', () => ({ applicationId: 'x'.repeat(5000), version: 1 }), /does not accept/],
      [
        'oversize reason',
        'app.reject',
        () => ({ applicationId, version: 1, reason: 'x'.repeat(10_000) }),
        /500 characters/,
      ],
      [
        'unknown application',
        'app.approve',
        () => ({ applicationId: '00000000-0000-4000-8000-000000000000', version: 1 }),
        /does not exist/,
      ],
      ['payload not an object', 'app.approve', () => 'approve' as never, /does not accept/],
    ];
    for (const [name, verb, data, message] of cases) {
      it(name, async () => {
        const res = await amara.execute(verb, data());
        assert.match(textOf(res.invokeCard!), message);
        await unchanged();
      });
    }

    it('a non-coordinator approving', async () => {
      const mallory = h.user('Dr Mallory');
      const res = await mallory.execute('app.approve', { applicationId, version: 1 });
      assert.match(textOf(res.invokeCard!), /Only coordinators/);
      await unchanged();
    });

    it('the applicant approving their own application', async () => {
      const res = await rahul.execute('app.approve', { applicationId, version: 1 });
      assert.match(textOf(res.invokeCard!), /Only coordinators|own application/);
      await unchanged();
    });

    it("another tenant's coordinator using this tenant's application id", async () => {
      const eve = h.user('Dr Eve', { tenant: TENANT_B });
      await h.seed(eve);
      const res = await eve.execute('app.approve', { applicationId, version: 1 });
      assert.match(textOf(res.invokeCard!), /does not exist/);
      const refresh = await eve.execute('app.refresh', { applicationId });
      assert.match(textOf(refresh.invokeCard!), /does not exist/);
      await unchanged();
    });

    it('someone else withdrawing the application', async () => {
      const res = await amara.execute('app.withdraw', { applicationId, version: 1 });
      assert.match(textOf(res.invokeCard!), /Only the applicant/);
      await unchanged();
    });

    it('a coordinator approving her own application with her id sent as an array', async () => {
      // The array is not her id: it once slipped past the own-application comparison and bound as her id text.
      await applyAsMentee(amara);
      const own = (await h.applications.mine(await amara.actor()))[0].application;
      const res = await amara.execute('app.approve', { applicationId: own.id, version: 1 }, undefined, {
        from: { id: `29:${amara.id}`, name: amara.name, aadObjectId: [amara.id] },
      } as never);
      assert.match(textOf(res.invokeCard!), /did not tell the app who you are/);
      assert.equal((await h.applications.mine(await amara.actor()))[0].application.status, 'submitted');
    });

    it('a tenant id sent as an array', async () => {
      const tenant = [amara.tenant] as never;
      const res = await amara.execute('app.approve', { applicationId, version: 1 }, undefined, {
        conversation: { id: amara.conversationId, conversationType: 'personal', tenantId: tenant },
        channelData: { tenant: { id: tenant } },
      } as never);
      assert.match(textOf(res.invokeCard!), /did not tell the app who you are/);
      await unchanged();
    });

    it('an activity without a Teams identity', async () => {
      const res = await amara.execute('app.approve', { applicationId, version: 1 }, undefined, {
        from: { id: 'anon', name: 'anon' },
      });
      assert.match(textOf(res.invokeCard!), /did not tell the app who you are/);
      await unchanged();
    });
  });
});
