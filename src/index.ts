import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { botFrameworkSettings, describeMode, formatStartupError, loadConfig, type Config } from './config';
import { JobRunner } from './services/job-runner';
import { OutboxDispatcher } from './services/outbox-dispatcher';
import type { Clock, IdGenerator, Store } from './services/ports';
import { createServices, seedDemo } from './services/services';
import { DateHolidaysCalendar } from './holidays/date-holidays';
import { openStore } from './store';
import { MentoringBot } from './teams/bot';
import { TeamsDeliverer } from './teams/deliverer';
import { Messenger } from './teams/messenger';
import { setErrorLogger } from './teams/respond';
import { createWebApp, listen } from './web/server';

/** The only place that knows every concrete class: wires configuration, store, services, bot and server. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  log(describeMode(config));
  for (const w of config.warnings) log(`WARNING: ${w}`);

  const store = openStore(storeOptions(config));
  await store.migrate();
  const clock: Clock = { now: () => new Date() };
  const ids: IdGenerator = { next: () => randomUUID() };
  const services = createServices(store, clock, ids, new DateHolidaysCalendar());

  if (config.seedDemo && config.demo) {
    const { programme } = await seedDemo(services, config.demo);
    log(`Demo data: programme "${programme.name}" with ${config.demo.coordinatorName} as coordinator.`);
  }

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(botFrameworkSettings(config) as ConfigurationBotFrameworkAuthenticationOptions));
  adapter.onTurnError = async (_context, error) => log(`turn error: ${error.stack ?? error.message}`);
  setErrorLogger((message, e) => log(`${message}: ${(e as Error)?.stack ?? String(e)}`));
  const bot = new MentoringBot({ store, ...services, localMode: config.mode === 'local', privacyNotice: config.privacyNoticeUrl ?? '' });

  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const dispatcher = new OutboxDispatcher(store, new TeamsDeliverer(new Messenger(adapter, config.bot.appId), services), clock, { owner, log });
  dispatcher.start(config.dispatchIntervalMs);
  // Reminders and expiries: polled at the dispatcher's interval; claims are leased, so instances run each job once.
  const jobs = new JobRunner(store, clock, { owner, log });
  services.registerJobs(jobs);
  jobs.start(config.dispatchIntervalMs);

  const server = await listen(
    createWebApp({ adapter, runTurn: (ctx) => bot.run(ctx), health: () => health(store, config), log }),
    config.port,
  );
  log(`Bot listening on http://localhost:${config.port}/api/messages`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    server.close();
    await dispatcher.stop();
    await jobs.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function storeOptions(config: Config): Parameters<typeof openStore>[0] {
  const db = config.db;
  if (db.engine === 'sqlite') return { engine: 'sqlite', file: db.file };
  if (db.connectionString !== undefined) return { engine: 'mssql', connectionString: db.connectionString };
  return { engine: 'mssql', server: db.server, database: db.database, authentication: db.auth, clientId: db.clientId };
}

async function health(store: Store, config: Config): Promise<Record<string, unknown>> {
  // A point lookup proves the database answers without reading every tenant on each probe.
  await store.tenants.get('healthz');
  return { mode: config.mode, database: config.db.engine };
}

main().catch((e) => {
  console.error(formatStartupError(e));
  process.exit(1);
});
