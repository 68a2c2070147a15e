import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { botFrameworkSettings, loadConfig } from '../../src/config';
import { createWebApp, listen } from '../../src/web/server';

const activity = {
  type: 'message',
  text: 'help',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/_connector',
  from: { id: 'u1', aadObjectId: 'a1' },
  recipient: { id: 'bot' },
  conversation: { id: 'c1', conversationType: 'personal', tenantId: 't1' },
};

async function serve(env: Record<string, string>): Promise<{ url: string; server: Server; turns: number[] }> {
  const config = loadConfig(env);
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(
      botFrameworkSettings(config) as ConfigurationBotFrameworkAuthenticationOptions,
    ),
  );
  const turns: number[] = [];
  const app = createWebApp({
    adapter,
    runTurn: async () => void turns.push(1),
    health: async () => ({ mode: config.mode }),
    log: () => undefined,
  });
  const server = await listen(app, 0);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, turns };
}

describe('HTTP surface', () => {
  it('production mode refuses an activity without a valid Bot Framework token', async () => {
    const s = await serve({
      NODE_ENV: 'production',
      BOT_ID: '11111111-2222-3333-4444-555555555555',
      BOT_TENANT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      BOT_PASSWORD: 'x',
      LINK_SECRET: 'a-test-link-secret-of-at-least-32-chars',
    });
    try {
      const none = await fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      assert.equal(none.status, 401);
      const forged = await fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' },
        body: JSON.stringify(activity),
      });
      assert.equal(forged.status, 401);
      assert.equal(s.turns.length, 0, 'the bot never ran');
    } finally {
      s.server.close();
    }
  });

  it('local mode accepts unauthenticated traffic (Agents Playground) and says so on /healthz', async () => {
    const s = await serve({});
    try {
      const res = await fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      assert.ok(res.status < 300, `status ${res.status}`);
      assert.equal(s.turns.length, 1);
      assert.deepEqual(await (await fetch(`${s.url}/healthz`)).json(), { status: 'ok', mode: 'local' });
    } finally {
      s.server.close();
    }
  });

  it('refuses an oversize body before it reaches the bot', async () => {
    const s = await serve({});
    try {
      const res = await fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...activity, text: 'x'.repeat(400_000) }),
      });
      assert.equal(res.status, 413);
      assert.equal(s.turns.length, 0);
    } finally {
      s.server.close();
    }
  });
});

describe('service start-up', () => {
  function start(env: Record<string, string>) {
    return spawnSync(process.execPath, ['--require', 'tsx/cjs', 'src/index.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  it('invalid configuration stops it with one clear message naming the setting, no stack trace', () => {
    const r = start({ PORT: 'abc' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PORT must be a whole number between 1 and 65535 \(got "abc"\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('production without bot credentials refuses to start', () => {
    const r = start({ NODE_ENV: 'production' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /BOT_ID/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
