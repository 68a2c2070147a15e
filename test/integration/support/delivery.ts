import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeService, type ComposedService, type ComposeOptions } from '../../../src/compose';
import { loadConfig } from '../../../src/config';
import type { Store } from '../../../src/services/ports';
import type { FakeConnector } from './fake-connector';

/** A fresh database file in its own temporary folder. */
export function tempDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'mentoring-delivery-')), 'test.db');
}

/** The service as production wires it, on `file`, with settings from `env` (real clock unless given). */
export async function composeOn(
  file: string,
  env: Record<string, string> = {},
  options: ComposeOptions = {},
): Promise<ComposedService> {
  const config = loadConfig({ NODE_ENV: 'test', SQLITE_FILE: file, SEED_DEMO: 'false', ...env });
  return composeService(config, { log: () => undefined, ...options });
}

/** The conversation id the connector sees for chat `key` (a personal chat per person, or a channel). */
export function conversationIdOf(key: string): string {
  return key.startsWith('channel:') ? key.slice('channel:'.length) : `a:chat-${key.slice(key.indexOf(':') + 1)}`;
}

/**
 * Chats the bot can post into (as if each person had opened the app), and one notice per entry queued to
 * each, in order. Returns the app's tenant id.
 */
export async function queueNotices(
  store: Store,
  connector: FakeConnector,
  entraTenantId: string,
  notices: { key: string; title: string }[],
  at = new Date(),
): Promise<string> {
  const existing = await store.tenants.findByEntra(entraTenantId, '');
  const tenant =
    existing ??
    (await store.tenants.ensure({
      id: `t-${entraTenantId.slice(0, 8)}`,
      entraTenantId,
      orgCode: '',
      name: 'Trust',
      createdAt: at.toISOString(),
    }));
  await store.inTenant(tenant.id, async (tx) => {
    for (const key of new Set(notices.map((n) => n.key))) {
      const channel = key.startsWith('channel:');
      await tx.conversations.save(
        key,
        {
          channelId: 'msteams',
          serviceUrl: connector.url,
          bot: { id: '28:mentoring-bot', name: 'IMG Mentoring' },
          conversation: {
            id: conversationIdOf(key),
            conversationType: channel ? 'channel' : 'personal',
            tenantId: entraTenantId,
            isGroup: channel,
          },
          ...(channel ? {} : { user: { id: `29:${key}`, name: key } }),
        },
        at.toISOString(),
      );
    }
    for (const [i, n] of notices.entries()) {
      await tx.outbox.enqueue(
        {
          dedupeKey: `notice-${n.title}`,
          conversationKey: n.key,
          kind: 'send',
          view: 'notice',
          data: { title: n.title, text: `Notice ${i}`, tone: 'default' },
        },
        `m-${String(i).padStart(6, '0')}-${n.title}`,
        at.toISOString(),
      );
    }
  });
  return tenant.id;
}

/** The notice title of a delivered activity (each queued notice has a unique title). */
export function titleOf(activity: Record<string, any>): string {
  return String(
    activity.attachments?.[0]?.content?.body?.[0]?.text ??
      activity.attachments?.[0]?.content?.body?.[0]?.items?.[0]?.text ??
      '',
  );
}
