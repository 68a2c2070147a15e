import assert from 'node:assert/strict';
import { actionsOf, textOf } from './support/cards';
import { menteeInputs, mentorInputs } from './support/fixtures';
import { Harness, TENANT_B, type TestUser } from './support/harness';

/**
 * Raising a concern through the real bot on a real SQLite file (SPEC §3.6): private to the coordinators,
 * urgent card at once, acknowledge and close with every copy updated, the raiser told, the other person of
 * the match never; bad input changes nothing.
 */
describe('concerns through the real bot: raise → coordinators → acknowledge → close', () => {
  let h: Harness;
  let amara: TestUser;
  let ben: TestUser;
  let rahul: TestUser;
  let khan: TestUser;
  let matchId: string;

  beforeEach(async () => {
    h = await new Harness().start();
    amara = h.user('Dr Amara Okafor');
    ben = h.user('Dr Ben Adeyemi');
    rahul = h.user('Dr Rahul Menon');
    khan = h.user('Dr Aisha Khan');
    const programmeId = await h.seed(amara);
    for (const u of [amara, ben, rahul, khan]) await u.say('hello');
    await h.programmes.addCoordinator(await amara.actor(), programmeId, ben.id);
    await h.deliver();
    await h.approved(khan, 'mentor', mentorInputs({ name: 'Dr Aisha Khan' }), amara);
    await h.approved(rahul, 'mentee', menteeInputs(), amara);
    const list = (await rahul.say('find a mentor')).cards[0];
    const button = actionsOf(list.card).find((a) => a.verb === 'match.request')!;
    await rahul.execute('match.request', button.data, list.id);
    await h.deliver();
    await khan.clickVerb(khan.delivered().at(-1)!, 'match.accept');
    await h.deliver();
    matchId = (await h.matches.mine(await rahul.actor()))[0].match.id;
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, [], 'no unexpected errors were logged');
    await h.stop();
  });

  const tenantId = () => rahul.tenantId();

  async function raise(inputs: Record<string, string> = {}) {
    const form = (await rahul.say('raise a concern')).cards[0];
    assert.match(textOf(form.card), /goes privately and at once to the coordinators of IMG Peer Mentoring 2027/);
    assert.match(textOf(form.card), /NHS Practitioner Health/);
    const sent = await rahul.clickVerb(form, 'concern.raise', {
      category: 'behaviour',
      matchId,
      text: 'My mentor made comments about my accent in front of others.',
      mayContact: 'true',
      ...inputs,
    });
    return { form, sent };
  }

  it('raise from the menu → urgent card to every coordinator; the mentor never hears of it', async () => {
    const khanBefore = khan.connectorCalls().length;
    const { sent } = await raise();
    assert.match(textOf(sent.invokeCard!), /Your concern was sent to the coordinators/);
    assert.match(textOf(sent.invokeCard!), /Only the programme’s coordinators see it/);
    assert.match(textOf(sent.invokeCard!), /Freedom to Speak Up Guardian/);
    await h.deliver();
    for (const coordinator of [amara, ben]) {
      const card = coordinator.delivered().at(-1)!;
      const text = textOf(card.card);
      assert.match(text, /Concern raised in IMG Peer Mentoring 2027/);
      assert.match(text, /Raised by Dr Rahul Menon \(mentee in the match\)/);
      assert.match(text, /Match Dr Rahul Menon \(mentee\) and Dr Aisha Khan \(mentor\)/);
      assert.match(text, /comments about my accent/);
      assert.match(text, /May contact them Yes/);
      assert.deepEqual(
        actionsOf(card.card).map((a) => a.verb),
        ['concern.ack', 'concern.close'],
      );
    }
    assert.equal(khan.connectorCalls().length, khanBefore, 'the other person of the match is not told');
  });

  it('a double click on "Send to the coordinators" raises one concern', async () => {
    const { form, sent } = await raise();
    const again = await rahul.clickVerb(form, 'concern.raise', {
      category: 'behaviour',
      matchId,
      text: 'My mentor made comments about my accent in front of others.',
      mayContact: 'true',
    });
    assert.match(textOf(sent.invokeCard!), /Your concern was sent/);
    assert.match(textOf(again.invokeCard!), /This was already sent; it has not been sent twice/);
    const urgent = (await h.store.outbox.list(await tenantId())).filter((m) => m.view === 'concernForCoordinators');
    assert.equal(urgent.length, 2, 'one card for each of the two coordinators, once');
  });

  it('acknowledge: every coordinator copy updates, the raiser is told; a second click and a close follow the rules', async () => {
    await raise();
    await h.deliver();
    const amaraCard = amara.delivered().at(-1)!;
    const benCard = ben.delivered().at(-1)!;
    const ack = await amara.clickVerb(amaraCard, 'concern.ack');
    assert.match(textOf(ack.invokeCard!), /You acknowledged it; Dr Rahul Menon has been told/);
    assert.match(textOf(ack.invokeCard!), /Acknowledged .* by Dr Amara Okafor/);
    await h.deliver();
    const benUpdate = ben
      .connectorCalls()
      .filter((c) => c.method === 'PUT' && c.activityId === benCard.id)
      .at(-1);
    assert.ok(benUpdate && /● Acknowledged/.test(textOf(benUpdate.card)), 'Ben\u2019s copy shows it was acknowledged');
    assert.ok(
      rahul
        .delivered()
        .some((c) => c.method === 'POST' && /A coordinator has picked up your concern/.test(textOf(c.card))),
    );

    // Ben's stale copy (version 1): nothing changes, the card shows the concern as it is now.
    const again = await ben.execute(
      'concern.ack',
      actionsOf(benCard.card).find((a) => a.verb === 'concern.ack')!.data,
      benCard.id,
    );
    assert.match(textOf(again.invokeCard!), /● Acknowledged/);
    assert.match(textOf(again.invokeCard!), /since this card was shown/);

    const closeAction = actionsOf(ack.invokeCard!).find((a) => a.verb === 'concern.close')!;
    const closed = await amara.execute(
      'concern.close',
      { ...closeAction.data, note: 'Spoke to both; resolved with the educational supervisor.' },
      amaraCard.id,
    );
    assert.match(textOf(closed.invokeCard!), /● Closed/);
    assert.match(textOf(closed.invokeCard!), /Closing note \(coordinators only\): Spoke to both/);
    await h.deliver();
    const rahulTexts = rahul
      .connectorCalls()
      .map((c) => textOf(c.card))
      .join('\n');
    assert.doesNotMatch(rahulTexts, /Spoke to both/, 'the closing note is for coordinators only');
    assert.match(rahulTexts, /The coordinators have closed your concern/);

    const tenant = await tenantId();
    const concern = await h.store.inTenant(tenant, (tx) => tx.concerns.get(String(closeAction.data.concernId)));
    assert.equal(concern!.status, 'closed');
    const audit = await h.store.inTenant(tenant, (tx) => tx.audit.list('concern', concern!.id));
    assert.deepEqual(
      audit.map((a) => `${a.action}:${a.toStatus}`),
      ['raise:open', 'acknowledge:acknowledged', 'close:closed'],
    );
    assert.ok(
      audit.every((a) => !/accent|Spoke/.test(a.detail ?? '')),
      'no text in the audit log',
    );
  });

  it('the mentor, the raiser and another tenant cannot acknowledge; a forged or oversize raise changes nothing', async () => {
    await raise();
    await h.deliver();
    const ackData = actionsOf(amara.delivered().at(-1)!.card).find((a) => a.verb === 'concern.ack')!.data;
    const id = String(ackData.concernId);
    const get = async () => h.store.inTenant(await tenantId(), (tx) => tx.concerns.get(id));

    const byMentor = await khan.execute('concern.ack', ackData);
    assert.doesNotMatch(textOf(byMentor.invokeCard!), /accent/, 'the mentor sees nothing of it');
    const byRaiser = await rahul.execute('concern.ack', ackData);
    assert.match(textOf(byRaiser.invokeCard!), /Only the programme’s coordinators can act on a concern/);
    const outsider = h.user('Dr Outside', { tenant: TENANT_B });
    await outsider.say('hello');
    const fromElsewhere = await outsider.execute('concern.ack', ackData);
    assert.match(textOf(fromElsewhere.invokeCard!), /does not exist in your organisation/);
    for (const forged of [
      { ...ackData, version: '1' },
      { ...ackData, version: true },
      { concernId: id },
      { ...ackData, extra: 1 },
    ]) {
      const res = await amara.execute('concern.ack', forged);
      assert.doesNotMatch(textOf(res.invokeCard!), /You acknowledged/);
    }
    assert.equal((await get())!.status, 'open', 'still open after all of that');

    const tooLong = await rahul.clickVerb((await rahul.say('raise a concern')).cards[0], 'concern.raise', {
      category: 'welfare',
      matchId: 'none',
      text: 'x'.repeat(2_001),
      mayContact: 'true',
    });
    assert.match(textOf(tooLong.invokeCard!), /Keep it under 2000 characters/);
    assert.equal(inputValue(tooLong.invokeCard!, 'text').length, 2_001, 'what was typed comes back');
    const othersMatch = await rahul.clickVerb((await rahul.say('raise a concern')).cards[0], 'concern.raise', {
      category: 'welfare',
      matchId: 'not-my-match',
      text: 'Hello',
      mayContact: 'true',
    });
    assert.match(
      textOf(othersMatch.invokeCard!),
      /That match does not exist in your organisation, so nothing was sent/,
    );
    const all = (await h.store.outbox.list(await tenantId())).filter((m) => m.view === 'concernForCoordinators');
    assert.equal(all.length, 2, 'only the first concern went out (one card per coordinator)');
  });

  it('raised from the match card; delivered even if the service restarts straight after', async () => {
    const matchCard = rahul
      .delivered()
      .filter((c) => /Dr Aisha Khan accepted your request/.test(textOf(c.card)))
      .at(-1)!;
    const opened = await rahul.clickVerb(matchCard, 'concern.open');
    assert.match(
      textOf(opened.invokeCard!),
      /Dr Aisha Khan accepted your request|Your mentor: Dr Aisha Khan/,
      'the match card stays',
    );
    const form = opened.cards[0];
    assert.equal(inputValue(form.card, 'matchId'), matchId, 'the match is chosen already');
    const sent = await rahul.clickVerb(form, 'concern.raise', {
      category: 'welfare',
      matchId,
      text: 'I am worried about my mentor\u2019s wellbeing.',
      mayContact: 'false',
    });
    assert.match(textOf(sent.invokeCard!), /Your concern was sent/);
    // "Crash" before the dispatcher ran: a new instance on the same file delivers it.
    const h2 = await new Harness().startOn(h);
    try {
      await h2.deliver();
      const text = textOf(h2.userLike(amara).delivered().at(-1)!.card);
      assert.match(text, /wellbeing/);
      assert.match(text, /May contact them No, they asked not to be contacted/);
    } finally {
      await h2.stopKeepingFiles();
    }
  });

  it('about a mentor who is also a coordinator: it never reaches her, she cannot see or act on it, the others get it', async () => {
    await h.programmes.addCoordinator(
      await amara.actor(),
      (await h.store.inTenant(await tenantId(), (tx) => tx.programmes.list()))[0].id,
      khan.id,
    );
    await h.deliver();
    const khanBefore = khan.connectorCalls().length;
    await raise();
    await h.deliver();
    assert.equal(khan.connectorCalls().length, khanBefore, 'nothing reached the person it is about');
    const ackData = actionsOf(amara.delivered().at(-1)!.card).find((a) => a.verb === 'concern.ack')!.data;
    const tried = await khan.execute('concern.ack', ackData);
    assert.match(textOf(tried.invokeCard!), /That concern does not exist in your organisation/);
    assert.doesNotMatch(textOf(tried.invokeCard!), /accent/);
    assert.equal(
      (await h.store.inTenant(await tenantId(), (tx) => tx.concerns.get(String(ackData.concernId))))!.status,
      'open',
    );
    assert.ok(
      ben.delivered().some((c) => /Concern raised/.test(textOf(c.card))),
      'Ben, the other coordinator, has it',
    );
  });

  it('a second concern from a form opened again is a new concern; outside a personal chat the form is not offered', async () => {
    await raise();
    await raise({ category: 'other', text: 'Something else entirely.' });
    const urgent = (await h.store.outbox.list(await tenantId())).filter((m) => m.view === 'concernForCoordinators');
    assert.equal(new Set(urgent.map((m) => (m.data as { concernId: string }).concernId)).size, 2, 'two concerns');
    const inChannel = await amara.sayInChannel('19:coordinators', 'raise a concern');
    assert.match(textOf(inChannel.cards[0].card), /Raise a concern in your own chat with the app/);
  });

  it('someone in no programme is refused with the places to turn, named', async () => {
    const stranger = h.user('Dr Not Yet Applied');
    await stranger.say('hello');
    const answer = (await stranger.say('raise a concern')).cards[0];
    assert.match(textOf(answer.card), /not taking part in a mentoring programme here yet/);
    assert.match(textOf(answer.card), /NHS Practitioner Health .*0300 0303 300/);
  });

  it('coordinators set the places to turn; every form and card then shows them; bad rows and others change nothing', async () => {
    const form = (await amara.say('signposting')).cards[0];
    assert.match(textOf(form.card), /These are the defaults/);
    const rows = {
      name0: 'Freedom to Speak Up Guardian: Ngozi Adebayo',
      purpose0: 'Confidential concerns about safety or behaviour',
      contact0: 'ftsu@trust.nhs.uk, ext 4411',
      name1: 'NHS Practitioner Health',
      purpose1: 'Confidential mental health support',
      contact1: '0300 0303 300',
      name2: '',
      purpose2: '',
      contact2: '',
      name3: '',
      purpose3: '',
      contact3: '',
      name4: '',
      purpose4: '',
      contact4: '',
    };
    const bad = await amara.clickVerb(form, 'signposts.save', { ...rows, name2: 'Occupational Health' });
    assert.match(textOf(bad.invokeCard!), /Row 3: say how to reach it/);
    assert.equal(inputValue(bad.invokeCard!, 'name2'), 'Occupational Health', 'what was typed comes back');
    const byParticipant = await rahul.execute('signposts.save', { version: 0, ...rows });
    assert.match(
      textOf(byParticipant.invokeCard!),
      /Only programme coordinators can change where people are pointed for help/,
    );
    assert.match(
      textOf((await rahul.say('raise a concern')).cards[0].card),
      /Practitioner Health/,
      'still the defaults',
    );
    assert.doesNotMatch(textOf((await rahul.say('raise a concern')).cards[0].card), /Ngozi/);

    const saved = await amara.clickVerb(form, 'signposts.save', rows);
    assert.match(textOf(saved.invokeCard!), /Saved\. Every concern form and card shows this list from now on/);
    const stale = await ben.execute('signposts.save', { version: 0, ...rows, name0: 'Someone else' });
    assert.match(textOf(stale.invokeCard!), /Another coordinator changed the list a moment ago/);

    const { sent } = await raise();
    assert.match(textOf(sent.invokeCard!), /Freedom to Speak Up Guardian: Ngozi Adebayo/);
    assert.doesNotMatch(textOf(sent.invokeCard!), /Occupational Health/, 'the defaults are replaced, not added to');
    await h.deliver();
    assert.match(textOf(amara.delivered().at(-1)!.card), /ftsu@trust\.nhs\.uk, ext 4411/);
    const elsewhere = h.user('Dr Elsewhere Coordinator', { tenant: TENANT_B });
    await h.seed(elsewhere);
    await elsewhere.say('hello');
    assert.match(
      textOf((await elsewhere.say('signposting')).cards[0].card),
      /These are the defaults/,
      'another tenant keeps its own',
    );
  });

  it('when no coordinator can be reached in Teams, the raiser is told so plainly and shown where to turn', async () => {
    // A programme whose only coordinator has never opened the app.
    const lone = h.user('Dr Lone Coordinator', { tenant: TENANT_B });
    const mentee = h.user('Dr New Mentee', { tenant: TENANT_B });
    await h.seed(lone);
    await mentee.say('hello');
    const form = (await mentee.execute('app.open', { role: 'mentee' })).cards[0];
    await mentee.clickVerb(form, 'app.submit', menteeInputs({ name: 'Dr New Mentee' }));
    const raised = await mentee.clickVerb((await mentee.say('raise a concern')).cards[0], 'concern.raise', {
      category: 'other',
      text: 'Nobody has replied to my application.',
      mayContact: 'true',
    });
    assert.match(textOf(raised.invokeCard!), /No coordinator of this programme can be reached in Teams right now/);
    assert.match(textOf(raised.invokeCard!), /0300 0303 300/);
  });
});

function inputValue(card: Record<string, any>, id: string): string {
  const walk = (node: any): any => {
    if (!node || typeof node !== 'object') return undefined;
    if (node.id === id && typeof node.type === 'string' && node.type.startsWith('Input.')) return node;
    for (const v of Object.values(node)) {
      const found = Array.isArray(v) ? v.map(walk).find(Boolean) : walk(v);
      if (found) return found;
    }
    return undefined;
  };
  return String(walk(card)?.value ?? '');
}
