/**
 * Delivery benchmark: a cohort publish through the real dispatcher (the service as src/compose.ts wires it, on
 * an SQLite file) to a Bot Connector double on loopback. 1,000 mentees and 1,000 mentors are approved and
 * matched automatically; publishing sends 2,000 proposal cards to 2,000 personal chats, and 100 notices go
 * to the coordinators' channel at the same time. Prints lost and duplicated messages, the most messages any
 * chat received in 1 s / 2 s / 30 s (Teams allows 7 / 8 / 60), and throughput against the configured
 * per-tenant rate (the peer: Teams' limit as we read it, 30 messages a second).
 *
 *   npm run bench:delivery [-- --mentees 1000 --channel 100 --rate 30]
 */
import { parseArgs } from 'node:util';
import { conversationKey } from '../src/services/actor';
import { CONVERSATION_LIMITS } from '../src/domain/outbox';
import { composeOn, tempDbFile } from '../test/integration/support/delivery';
import { FakeConnector, maxInWindow } from '../test/integration/support/fake-connector';
import { menteeInputs, mentorInputs } from '../test/integration/support/fixtures';

const { values } = parseArgs({
  options: {
    mentees: { type: 'string', default: '1000' },
    channel: { type: 'string', default: '100' },
    rate: { type: 'string', default: '30' },
  },
});
const MENTEES = Number(values.mentees);
const CHANNEL = Number(values.channel);
const RATE = Number(values.rate);
const ENTRA = '6f0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const SPECIALTIES = ['psychiatry', 'general-practice', 'paediatrics', 'anaesthetics', 'general-surgery'];
const guid = (kind: number, i: number) =>
  `${String(kind).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function main(): Promise<void> {
  const connector = await new FakeConnector().start();
  const svc = await composeOn(tempDbFile(), { OUTBOX_PER_SECOND: String(RATE) });
  const { directory, programmes, applications, autoMatching } = svc.services;
  const tenant = await directory.tenantFor(ENTRA);
  const chat = (id: string, type: 'personal' | 'channel') => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    bot: { id: '28:mentoring-bot', name: 'IMG Mentoring' },
    conversation: { id, conversationType: type, tenantId: ENTRA, isGroup: type === 'channel' },
  });
  const person = (personId: string, name: string) =>
    directory.identify(
      tenant,
      { entraTenantId: ENTRA, personId, name },
      {
        key: conversationKey.personal(personId),
        reference: { ...chat(`a:${personId}`, 'personal'), user: { id: `29:${personId}` } },
      },
    );

  const coordinator = await person(guid(1, 0), 'Dr Amara Okafor');
  const programme = await programmes.seedDemo(tenant.id, { personId: coordinator.personId, name: coordinator.name });
  console.log(`seeding ${MENTEES} mentees and ${MENTEES} mentors…`);
  for (let i = 0; i < MENTEES; i++) {
    const specialty = SPECIALTIES[i % SPECIALTIES.length];
    for (const [role, kind, inputs] of [
      ['mentee', 2, menteeInputs({ name: `Dr Mentee ${i}`, specialty })],
      ['mentor', 3, mentorInputs({ name: `Dr Mentor ${i}`, specialty })],
    ] as const) {
      const actor = await person(guid(kind, i), inputs.name);
      const view = await applications.submit(actor, { programmeId: programme.id, role, raw: inputs });
      await applications.decide(coordinator, 'approve', {
        applicationId: view.application.id,
        version: view.application.version,
      });
    }
  }
  const prepared = await autoMatching.prepare(coordinator);
  autoMatching.start(prepared, { conversationKey: conversationKey.personal(coordinator.personId) });
  await autoMatching.settled();
  const run = await autoMatching.viewFor(tenant.id, prepared.runId);
  if (!run) throw new Error('the matching run was not stored');
  // What seeding and the run queued (review cards, outcomes, the proposal) was delivered before the publish: settle it unsent.
  for (let batch; (batch = await svc.store.outbox.claimDue(tenant.id, new Date(), 'seed', 60_000, 1_000)).length > 0;) {
    for (const m of batch) await svc.store.outbox.markSent(tenant.id, m.id, 'seed', new Date());
  }
  await autoMatching.publish(coordinator, { runId: run.run.id, version: run.run.version });
  const channelKey = conversationKey.channel('19:coordinators@thread.tacv2');
  await directory.rememberConversation(tenant.id, channelKey, chat('19:coordinators@thread.tacv2', 'channel'));
  await svc.store.inTenant(tenant.id, async (tx) => {
    for (let i = 0; i < CHANNEL; i++) {
      await tx.outbox.enqueue(
        {
          dedupeKey: `bench-channel-${i}`,
          conversationKey: channelKey,
          kind: 'send',
          view: 'notice',
          data: { title: `Channel notice ${i}`, text: 'Benchmark', tone: 'default' },
        },
        `bench-channel-${i}`,
        new Date().toISOString(),
      );
    }
  });
  const queued = (await svc.store.outbox.list(tenant.id)).filter((m) => m.status === 'pending');
  console.log(
    `queued ${queued.length} messages (${queued.length - CHANNEL} proposal cards to ${new Set(queued.map((m) => m.conversationKey)).size - 1} personal chats, ${CHANNEL} to one channel); delivering at ${RATE} msg/s…`,
  );

  const started = Date.now();
  svc.dispatcher.start(100);
  const deadline = started + (queued.length / RATE) * 3_000 + 60_000;
  let last = -1;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const pending = (await svc.store.outbox.list(tenant.id)).filter((m) => m.status === 'pending').length;
    if (pending === 0 && connector.calls.length === last) break;
    last = connector.calls.length;
  }
  await svc.stop();
  await connector.stop();

  const byMessage = new Map<string, number>();
  for (const c of connector.calls) {
    const key = `${c.conversationId}|${JSON.stringify(c.activity.attachments?.[0]?.content?.body?.[0])}|${JSON.stringify(c.activity.attachments?.[0]?.content?.actions ?? c.activity.attachments?.[0]?.content?.body?.at(-1))}`;
    byMessage.set(key, (byMessage.get(key) ?? 0) + 1);
  }
  const duplicated = [...byMessage.values()].reduce((n, k) => n + k - 1, 0);
  const lost = Math.max(0, queued.length - (connector.calls.length - duplicated));
  const byChat = new Map<string, number[]>();
  for (const c of connector.calls) byChat.set(c.conversationId, [...(byChat.get(c.conversationId) ?? []), c.at]);
  const worst = CONVERSATION_LIMITS.slice(0, 3).map(({ windowMs }) =>
    Math.max(...[...byChat.values()].map((t) => maxInWindow(t, windowMs))),
  );
  const times = connector.calls.map((c) => c.at);
  const seconds = (Math.max(...times) - started) / 1000;
  const throughput = connector.calls.length / seconds;
  console.log(
    `limits per chat 1s/2s/30s: ${CONVERSATION_LIMITS.slice(0, 3)
      .map((l) => l.count)
      .join(
        '/',
      )}; configured rate ${RATE} msg/s; throughput ${(throughput / RATE).toFixed(2)}x of it over ${seconds.toFixed(1)} s`,
  );
  console.log(
    `delivery: ${queued.length} messages, lost ${lost}, duplicated ${duplicated}, max per chat 1s/2s/30s ${worst.join('/')}, throughput ${throughput.toFixed(1)} msg/s`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
