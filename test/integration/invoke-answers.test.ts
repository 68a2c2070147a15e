import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ComposedService } from '../../src/compose';
import { conversationKey } from '../../src/services/actor';
import { actionsOf, textOf } from './support/cards';
import { composeOn, tempDbFile } from './support/delivery';
import { cardOf, FakeConnector } from './support/fake-connector';
import { menteeInputs } from './support/fixtures';
import { TENANT_A } from './support/harness';

const AMARA = 'a1a1a1a1-0000-4000-8000-00000000000a';
const BEN = 'b2b2b2b2-0000-4000-8000-00000000000b';
const RAHUL = 'c3c3c3c3-0000-4000-8000-00000000000c';

/**
 * A click on a coordinator's review card, over HTTP into the service as production wires it: the invoke is
 * answered with the clicker's new card and makes no call to the Bot Connector; other copies follow through
 * the outbox, with its retries.
 */
describe('card clicks answer without calling the Bot Connector', () => {
  let connector: FakeConnector;
  let svc: ComposedService;
  let server: Server;
  let tenantId: string;

  const chat = (personId: string) => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    recipient: { id: '28:mentoring-bot', name: 'IMG Mentoring' },
    conversation: { id: `a:chat-${personId}`, conversationType: 'personal', tenantId: TENANT_A },
    channelData: { tenant: { id: TENANT_A } },
  });
  const reference = (personId: string) => ({ ...chat(personId), user: { id: `29:${personId}`, name: personId } });

  async function post(activity: Record<string, unknown>): Promise<{ status: number; body: any; ms: number }> {
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
  }

  beforeEach(async () => {
    connector = await new FakeConnector().start();
    svc = await composeOn(tempDbFile());
    server = await svc.start(0);
    const { directory, programmes, applications } = svc.services;
    const tenant = await directory.tenantFor(TENANT_A);
    tenantId = tenant.id;
    const programme = await programmes.seedDemo(tenant.id, { personId: AMARA, name: 'Dr Amara Okafor' });
    const amara = await directory.identify(
      tenant,
      { entraTenantId: TENANT_A, personId: AMARA, name: 'Dr Amara Okafor' },
      { key: conversationKey.personal(AMARA), reference: reference(AMARA) },
    );
    const ben = await directory.identify(
      tenant,
      { entraTenantId: TENANT_A, personId: BEN, name: 'Dr Ben Adeyemi' },
      { key: conversationKey.personal(BEN), reference: reference(BEN) },
    );
    await programmes.addCoordinator(amara, programme.id, ben.personId);
    const rahul = await directory.identify(
      tenant,
      { entraTenantId: TENANT_A, personId: RAHUL, name: 'Dr Rahul Menon' },
      { key: conversationKey.personal(RAHUL), reference: reference(RAHUL) },
    );
    await applications.submit(rahul, { programmeId: programme.id, role: 'mentee', raw: menteeInputs() });
    await svc.dispatcher.runOnce();
  });
  afterEach(async () => {
    await svc.stop();
    await connector.stop();
  });

  it('approving while the connector fails every call answers at once with the new card; the other copy follows by the outbox', async () => {
    const review = connector
      .to(`a:chat-${AMARA}`)
      .find((c) => /New mentee application/.test(textOf(cardOf(c.activity))))!;
    assert.ok(review, 'Amara was sent the review card');
    assert.ok(cardOf(review.activity).refresh, 'the review card asks Teams to refresh it for coordinators');
    const approve = actionsOf(cardOf(review.activity)).find((a) => a.verb === 'app.approve')!;
    connector.rule = () => ({ status: 503 });
    const before = connector.attempts.length;

    const answer = await post({
      ...chat(AMARA),
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'invoke-1',
      replyToId: review.id,
      from: { id: `29:${AMARA}`, name: 'Dr Amara Okafor', aadObjectId: AMARA },
      value: { action: { type: 'Action.Execute', verb: approve.verb, data: approve.data }, trigger: 'manual' },
    });

    assert.equal(answer.status, 200);
    assert.equal(answer.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(textOf(answer.body.value), /Approved by Dr Amara Okafor/);
    assert.equal(connector.attempts.length, before, 'no call to the connector inside the invoke');
    const [app] = await svc.store.inTenant(tenantId, (tx) => tx.applications.listForPerson(RAHUL));
    assert.equal(app.status, 'approved');

    // Ben's copy and Rahul's outcome are queued; they wait out the failing connector and then arrive.
    assert.equal(await svc.dispatcher.runOnce(), 0);
    const pending = (await svc.store.outbox.list(tenantId)).filter((m) => m.status === 'pending');
    assert.ok(
      pending.some((m) => m.conversationKey === `user:${BEN}` && m.kind === 'update'),
      'Ben\u2019s copy is updated through the outbox',
    );
    assert.ok(pending.every((m) => /Teams answered 503/.test(m.lastError ?? '')));
    assert.ok(
      !pending.some((m) => m.conversationKey === `user:${AMARA}` && m.kind === 'update'),
      'the clicked personal copy is the invoke\u2019s answer',
    );
  });
});
