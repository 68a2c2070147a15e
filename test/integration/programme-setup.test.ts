import assert from 'node:assert/strict';
import { conversationKey } from '../../src/services/actor';
import { textOf } from './support/cards';
import { cardOf } from './support/fake-connector';
import { Harness, TENANT_B } from './support/harness';
import { menteeInputs } from './support/fixtures';

describe('tenants, programme setup and coordinators through the real bot', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, []);
    await h.stop();
  });

  it('creates a tenant the first time the app meets an Entra tenant, once', async () => {
    const zara = h.user('Dr Zara Ali', { tenant: TENANT_B });
    await Promise.all([zara.say('hi'), zara.say('hello')]);
    const tenants = (await h.store.tenants.list()).filter((t) => t.entraTenantId === TENANT_B);
    assert.equal(tenants.length, 1);
  });

  it('the first person to run setup becomes coordinator; later ones cannot', async () => {
    const zara = h.user('Dr Zara Ali', { tenant: TENANT_B });
    const welcome = await zara.say('help');
    assert.match(textOf(welcome.cards[0].card), /Set up a programme/);
    const form = await zara.say('setup');
    const done = await zara.clickVerb(form.cards[0], 'setup.submit', {
      programmeName: 'IMG Mentoring 2027',
      organisation: '  NHS Greater   Glasgow and Clyde ',
      nation: 'scotland',
      sites: 'Queen Elizabeth University Hospital\nGlasgow Royal Infirmary',
    });
    assert.match(textOf(done.invokeCard!), /ready and you are its coordinator/);

    const programmes = await h.store.inTenant(await zara.tenantId(), (tx) => tx.programmes.list());
    assert.equal(programmes.length, 1);
    assert.equal(programmes[0].settings.bankHolidayNation, 'scotland');
    assert.equal(programmes[0].settings.organisationName, 'NHS Greater Glasgow and Clyde', 'as certificates name it');
    assert.deepEqual(programmes[0].settings.sites, ['Queen Elizabeth University Hospital', 'Glasgow Royal Infirmary']);

    const sam = h.user('Dr Sam Osei', { tenant: TENANT_B });
    const refused = await sam.execute('setup.submit', { programmeName: 'Another', nation: 'scotland', sites: '' });
    assert.match(textOf(refused.invokeCard!), /Only a coordinator/);
    assert.equal((await h.store.inTenant(await zara.tenantId(), (tx) => tx.programmes.list())).length, 1);
  });

  it('setup validates on the server and shows the problems in the form', async () => {
    const zara = h.user('Dr Zara Ali', { tenant: TENANT_B });
    const res = await zara.execute('setup.submit', {
      programmeName: '',
      organisation: 'N'.repeat(121),
      nation: 'wales-only',
      sites: '',
    });
    const text = textOf(res.invokeCard!);
    assert.match(text, /Keep the organisation's name under 120 characters/);
    assert.match(text, /Give the programme a name/);
    assert.match(text, /bank holidays/);
    assert.equal((await h.store.inTenant(await zara.tenantId(), (tx) => tx.programmes.list())).length, 0);
  });

  it('a coordinator adds another; the new coordinator is told and then receives application cards', async () => {
    const amara = h.user('Dr Amara Okafor');
    const bola = h.user('Dr Bola Adeyemi');
    await h.seed(amara);
    await amara.say('hi');
    await bola.say('hi');
    const card = await amara.say('coordinators');
    const added = await amara.clickVerb(card.cards[0], 'coord.add', { personId: bola.id });
    assert.match(textOf(added.invokeCard!), /Dr Bola Adeyemi is now a coordinator/);
    await h.deliver();
    assert.match(textOf(bola.delivered().at(-1)!.card), /You are now a coordinator/);

    const again = await amara.clickVerb(card.cards[0], 'coord.add', { personId: bola.id });
    assert.match(textOf(again.invokeCard!), /already a coordinator/);

    const rahul = h.user('Dr Rahul Menon');
    const opened = await rahul.execute('app.open', { role: 'mentee' });
    await rahul.clickVerb(opened.cards[0], 'app.submit', menteeInputs());
    assert.equal(await h.deliver(), 2, 'both coordinators get a review card');
  });

  it('a non-coordinator cannot add coordinators, and people from another tenant cannot be added', async () => {
    const amara = h.user('Dr Amara Okafor');
    const programmeId = await h.seed(amara);
    const mallory = h.user('Dr Mallory');
    await mallory.say('hi');
    const refused = await mallory.execute('coord.add', { programmeId, personId: mallory.id });
    assert.match(textOf(refused.invokeCard!), /Only coordinators/);

    const outsider = h.user('Dr Out Sider', { tenant: TENANT_B });
    await outsider.say('hi');
    const foreign = await amara.execute('coord.add', { programmeId, personId: outsider.id });
    assert.match(textOf(foreign.invokeCard!), /not known to the app in your organisation/);
  });

  it('no application, card or message crosses tenants', async () => {
    const amara = h.user('Dr Amara Okafor');
    await h.seed(amara);
    await amara.say('hi');
    const zara = h.user('Dr Zara Ali', { tenant: TENANT_B });
    await h.seed(zara);
    await zara.say('hi');

    const applicantB = h.user('Dr Kwame Mensah', { tenant: TENANT_B });
    const opened = await applicantB.execute('app.open', { role: 'mentee' });
    await applicantB.clickVerb(opened.cards[0], 'app.submit', menteeInputs({ site: 'Royal Infirmary' }));
    await h.deliver();
    assert.equal(amara.delivered().length, 0, "tenant A's coordinator hears nothing of tenant B");
    assert.equal(zara.delivered().length, 1);
  });

  it('identity fields that are not strings identify nobody: no one renamed, no chat re-pointed, no tenant created', async () => {
    const amara = h.user('Dr Amara Okafor');
    const programmeId = await h.seed(amara);
    await amara.say('hi');
    const tenantId = await amara.tenantId();
    const snapshot = async () => ({
      tenants: await h.store.tenants.list(),
      ...(await h.store.inTenant(tenantId, async (tx) => ({
        people: await tx.people.list(),
        chat: await tx.conversations.get(conversationKey.personal(amara.id)),
      }))),
    });
    const before = await snapshot();

    const mallory = h.user('Mallory');
    const say = (extra: Record<string, unknown>) => mallory.event({ type: 'message', text: 'hi', ...extra } as never);
    const unidentified = await say({ from: { id: '29:anon', name: 'Mallory' } });
    const personal = { id: mallory.conversationId, conversationType: 'personal' };
    const forged: [string, Record<string, unknown>][] = [
      [
        "the coordinator's object id in an array",
        { from: { id: '29:mallory', name: 'Mallory', aadObjectId: [amara.id] } },
      ],
      ['the object id as a number', { from: { id: '29:mallory', name: 'Mallory', aadObjectId: 7 } }],
      ['an object id that is not a GUID', { from: { id: '29:mallory', name: 'Mallory', aadObjectId: 'amara' } }],
      [
        'the tenant id in an array',
        { conversation: { ...personal, tenantId: [TENANT_B] }, channelData: { tenant: { id: [TENANT_B] } } },
      ],
      [
        'the channelData tenant id in an array',
        { conversation: personal, channelData: { tenant: { id: [TENANT_B] } } },
      ],
      [
        'a tenant id that is not a GUID',
        { conversation: { ...personal, tenantId: 'contoso' }, channelData: { tenant: { id: 'contoso' } } },
      ],
      [
        'the display name as an object',
        { from: { id: '29:mallory', name: { first: 'Amara' }, aadObjectId: amara.id } },
      ],
      [
        'the conversation id as an array',
        { conversation: { id: [mallory.conversationId], conversationType: 'personal', tenantId: amara.tenant } },
      ],
    ];
    for (const [name, extra] of forged) {
      const said = await say(extra);
      assert.deepEqual(
        said.cards.map((c) => textOf(c.card)),
        unidentified.cards.map((c) => textOf(c.card)),
        `${name}: answered as an unidentified sender`,
      );
      const clicked = await mallory.execute(
        'coord.add',
        { programmeId, personId: mallory.id },
        undefined,
        extra as never,
      );
      assert.match(textOf(clicked.invokeCard!), /did not tell the app who you are/, name);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('greets once per conversation even when the client repeats the install event', async () => {
    const amara = h.user('Dr Amara Okafor');
    await h.seed(amara);
    const added = { type: 'conversationUpdate', membersAdded: [{ id: '28:mentoring-bot', name: 'IMG Mentoring' }] };
    const first = await amara.event(added);
    const second = await amara.event(added);
    assert.equal(first.cards.length, 1);
    assert.match(textOf(first.cards[0].card), /Apply as mentee/);
    assert.equal(second.cards.length, 0);
  });

  it('typed commands from the manifest menu all answer', async () => {
    const amara = h.user('Dr Amara Okafor');
    await h.seed(amara);
    for (const command of [
      'help',
      'apply',
      'find a mentor',
      'my matches',
      'log a session',
      'raise a concern',
      'my data',
      'reports',
      'my applications',
    ]) {
      const res = await amara.say(command);
      assert.equal(res.cards.length, 1, `"${command}" answers with a card`);
    }
    const unknown = await amara.say('make me a sandwich');
    assert.match(textOf(unknown.cards[0].card), /did not understand/);
  });
});

describe("the coordinators' channel", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, []);
    await h.stop();
  });

  it('a coordinator points the programme at a channel; application cards then go there and can be acted on there', async () => {
    const amara = h.user('Dr Amara Okafor');
    await h.seed(amara);
    const set = await amara.sayInChannel('19:coordinators@thread.tacv2', 'use this channel');
    assert.match(textOf(set.cards[0].card), /will be posted in this channel/);

    const rahul = h.user('Dr Rahul Menon');
    const opened = await rahul.execute('app.open', { role: 'mentee' });
    await rahul.clickVerb(opened.cards[0], 'app.submit', menteeInputs());
    assert.equal(await h.deliver(), 1);
    const posted = h.connector.to('19:coordinators@thread.tacv2');
    assert.equal(posted.length, 1, 'one card in the channel, none in personal chats');
    assert.equal(amara.delivered().length, 0);

    const card = { id: posted[0].id, card: cardOf(posted[0].activity) };
    const approved = await amara.clickInChannel('19:coordinators@thread.tacv2', card, 'app.approve');
    assert.match(textOf(approved.invokeCard!), /Approved by Dr Amara Okafor/);
  });

  it('only a coordinator can choose the channel, and only in a channel', async () => {
    const amara = h.user('Dr Amara Okafor');
    await h.seed(amara);
    const mallory = h.user('Dr Mallory');
    const refused = await mallory.sayInChannel('19:other@thread.tacv2', 'use this channel');
    assert.match(textOf(refused.cards[0].card), /Only programme coordinators/);
    const personal = await amara.say('use this channel');
    assert.match(textOf(personal.cards[0].card), /Use this in a channel/);
  });
});
