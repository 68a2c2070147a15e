import assert from 'node:assert/strict';
import { openStore } from '../../src/store';
import { textOf } from './support/cards';
import { menteeInputs } from './support/fixtures';
import { Harness, type TestUser } from './support/harness';

describe('durable outbox delivery through the real CloudAdapter', () => {
  let h: Harness;
  let amara: TestUser;
  let rahul: TestUser;

  beforeEach(async () => {
    h = await new Harness().start();
    amara = h.user('Dr Amara Okafor');
    rahul = h.user('Dr Rahul Menon');
    await h.seed(amara);
    await amara.say('hi');
  });
  afterEach(async () => {
    assert.deepEqual(h.errors, []);
    await h.stop();
  });

  async function submit(): Promise<void> {
    const opened = await rahul.execute('app.open', { role: 'mentee' });
    await rahul.clickVerb(opened.cards[0], 'app.submit', menteeInputs());
  }

  async function outbox() {
    const tenant = await h.directory.tenantFor(amara.tenant);
    return h.store.outbox.list(tenant.id);
  }

  it('the message is written with the state change and survives a crash before sending', async () => {
    await submit();
    const pending = (await outbox()).filter((m) => m.status === 'pending');
    assert.equal(pending.length, 1, 'committed with the application, not yet sent');
    // "Crash": the process that committed never delivers. A new store on the same file picks it up.
    const reopened = openStore({ engine: 'sqlite', file: h.dbFile });
    try {
      const tenant = await h.directory.tenantFor(amara.tenant);
      assert.equal((await reopened.outbox.list(tenant.id)).filter((m) => m.status === 'pending').length, 1);
    } finally {
      await reopened.close();
    }
    assert.equal(await h.deliver(), 1);
    assert.equal(await h.deliver(), 0, 'delivered once, never twice');
    assert.equal(amara.delivered().length, 1);
  });

  it('retries a 429 no sooner than Retry-After, then delivers once', async () => {
    await submit();
    h.connector.failNext.push({ status: 429, retryAfter: '30' });
    assert.equal(await h.deliver(), 0);
    const [m] = await outbox();
    assert.equal(m.status, 'pending');
    assert.match(m.lastError ?? '', /429/);
    assert.ok(Date.parse(m.nextAttemptAt) >= h.clock.now().getTime() + 30_000);
    assert.equal(await h.deliver(), 0, 'not before the retry time');
    h.clock.advance(31_000);
    assert.equal(await h.deliver(), 1);
    assert.equal(amara.delivered().length, 1);
  });

  it('retries 5xx with back-off and gives up (dead, with the reason) after the last attempt', async () => {
    await submit();
    for (let i = 0; i < 20; i++) h.connector.failNext.push({ status: 503 });
    for (let i = 0; i < 12; i++) {
      await h.deliver();
      h.clock.advance(15 * 60_000);
    }
    const [m] = await outbox();
    assert.equal(m.status, 'dead');
    assert.match(m.lastError ?? '', /503/);
    assert.equal(amara.delivered().length, 0);
  });

  it('does not retry a 403 (app not installed for that user)', async () => {
    await submit();
    h.connector.failNext.push({ status: 403 });
    await h.deliver();
    const [m] = await outbox();
    assert.equal(m.status, 'dead');
    assert.equal(m.attempts, 1);
  });

  it('a coordinator sees which messages Teams refused, and why, without their content; others may not look', async () => {
    await rahul.say('hi');
    await submit();
    await h.deliver();
    const review = amara.delivered().at(-1)!;
    h.connector.failNext.push({ status: 403 });
    await amara.clickVerb(review, 'app.approve');
    // The outcome to Rahul is refused (he blocked the app); the update of his own card follows it.
    for (let i = 0; i < 3; i++) await h.deliver();
    const list = (await amara.say('undelivered')).cards[0].card;
    assert.match(textOf(list), /1 message could not be delivered/);
    assert.match(
      textOf(list),
      /Dr Rahul Menon\*\*, 1 Mar 2027, 10:00: (an application update|the outcome of their application)\. Teams refused the message: the app is not installed for this person, or they have blocked it \(403\)$/m,
    );
    assert.doesNotMatch(
      textOf(list),
      /injected|approved/i,
      'neither the connector\u2019s words nor the message itself',
    );
    const refused = (await rahul.say('delivery problems')).cards[0].card;
    assert.match(textOf(refused), /Only programme coordinators can see which messages could not be delivered/);
  });

  it('a restart in the middle of the flow loses nothing', async () => {
    await submit();
    await h.deliver();
    const review = amara.delivered().at(-1)!;
    // Restart: a new store, services and bot on the same database file; the old card still works.
    const h2 = await new Harness().startOn(h);
    try {
      const amaraAgain = h2.userLike(amara);
      const approved = await amaraAgain.clickVerb(review, 'app.approve');
      assert.match(textOf(approved.invokeCard!), /Approved by Dr Amara Okafor/);
      assert.equal(await h2.deliver(), 2, 'the outcome, and the update of the applicant\u2019s card');
    } finally {
      await h2.stopKeepingFiles();
    }
  });

  it('paces a burst to one conversation within Teams limits', async () => {
    const tenant = await h.directory.tenantFor(amara.tenant);
    await h.store.inTenant(tenant.id, async (tx) => {
      for (let i = 0; i < 12; i++) {
        await tx.outbox.enqueue(
          {
            dedupeKey: `burst-${i}`,
            conversationKey: `user:${amara.id}`,
            kind: 'send',
            view: 'notice',
            data: { title: `Burst ${i}`, text: 'x', tone: 'default' },
          },
          `burst-${i}`,
          h.clock.now().toISOString(),
        );
      }
    });
    const start = h.clock.now().getTime();
    assert.equal(await h.deliver(), 12);
    const sentAt = (await h.store.outbox.list(tenant.id))
      .filter((m) => m.dedupeKey.startsWith('burst-'))
      .map((m) => Date.parse(m.sentAt!))
      .sort((a, b) => a - b);
    assert.ok(sentAt[7] - sentAt[0] >= 1_000, 'the eighth waited for the one-second window');
    assert.ok(sentAt[8] - sentAt[0] >= 2_000, 'the ninth waited for the two-second window');
    assert.ok(h.clock.now().getTime() - start >= 2_000);
    assert.deepEqual(
      amara.delivered().map((c) => textOf(c.card).split('\n')[0]),
      Array.from({ length: 12 }, (_, i) => `Burst ${i}`),
      'in order',
    );
  });
});
