import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type express from 'express';
import { botFrameworkSettings, type Config } from './config';
import { createGraphCalendar } from './graph/graph-calendar';
import { meetingIcsFile } from './graph/meeting-ics';
import { OfflineCalendar } from './graph/offline-calendar';
import { DateHolidaysCalendar } from './holidays/date-holidays';
import { JobRunner } from './services/job-runner';
import { Periodic } from './services/periodic';
import { OutboxDispatcher, type DispatcherOptions } from './services/outbox-dispatcher';
import type { CalendarPort } from './services/calendar.port';
import type { MatchingSolver } from './services/matching-solver';
import type { Clock, IdGenerator, Store } from './services/ports';
import { createServices, seedDemo, type Services } from './services/services';
import { openStore } from './store';
import { MentoringBot } from './teams/bot';
import { TeamsDeliverer } from './teams/deliverer';
import { Messenger } from './teams/messenger';
import { setErrorLogger } from './teams/respond';
import { createWebApp, listen } from './web/server';
import { LinkSigner } from './web/signed-link';
import { tabCharts, type ReportQuery } from './web/reports-tab';
import { reportRange } from './domain/reports';
import { londonDate } from './domain/working-days';
import { renderCertificatePdf } from './pdf/certificate-pdf';
import type { CertificateLink } from './services/certificates.service';
import type { MeetingLink } from './services/matches.service';
import { createTokenVerifier, withLocalDemo, type TokenIdentity } from './web/entra-token';
import { reportsData } from './teams/report-presenters';
import { ForbiddenError } from './domain/errors';
import type { JWTVerifyGetKey } from 'jose';

const DAY_MS = 86_400_000;
/**
 * How long a certificate download link lasts. Whoever holds the link can use it until then (it is opened in a
 * browser, outside Teams' sign-in), so it is short; the card's "Get a new download link" signs a fresh one.
 */
const CERTIFICATE_LINK_MS = 60 * 60_000;

/** How often each instance makes sure every programme's next digest is scheduled (new programmes, changed settings). */
const DIGEST_SCHEDULE_INTERVAL_MS = 15 * 60_000;

/** What callers may replace: the clock and log (tests), the claim owner's name, dispatcher tuning. */
export interface ComposeOptions {
  clock?: Clock;
  log?: (line: string) => void;
  /** Unique per process; defaults to host, pid and a random suffix. */
  owner?: string;
  dispatcher?: Omit<DispatcherOptions, 'owner' | 'log'>;
  /** Source of jitter for retry back-off (tests fix it). */
  random?: () => number;
  /** Where automatic matching is solved; a worker thread per run by default. */
  solver?: MatchingSolver;
  /** Replaces the calendar chosen from the configuration (tests: a calendar that fails or has busy time). */
  calendar?: (offline: CalendarPort) => CalendarPort;
  /** Keys that sign the Reports tab's Entra tokens; Microsoft's published keys by default (tests sign offline). */
  entraKeys?: JWTVerifyGetKey;
}

/** The whole service, wired: what `src/index.ts` runs and what the integration tests drive over HTTP. */
export interface ComposedService {
  readonly config: Config;
  readonly store: Store;
  readonly services: Services;
  readonly bot: MentoringBot;
  readonly dispatcher: OutboxDispatcher;
  readonly jobs: JobRunner;
  readonly web: express.Express;
  /** Starts the background loops and listens (on 127.0.0.1 only in local mode); resolves once bound. */
  start(port?: number): Promise<Server>;
  /** Stops listening and the background loops (waiting for work in progress), then closes the store. */
  stop(): Promise<void>;
}

/**
 * Wires configuration, store, services, bot, messenger, dispatcher, job runner and HTTP server: the only
 * place that knows every concrete class. Migrates the store and seeds the demo programme when configured.
 */
export async function composeService(config: Config, options: ComposeOptions = {}): Promise<ComposedService> {
  const log = options.log ?? ((line: string) => console.log(`${new Date().toISOString()} ${line}`));
  const store = openStore(storeOptions(config));
  await store.migrate();
  const clock: Clock = options.clock ?? { now: () => new Date() };
  const ids: IdGenerator = { next: () => randomUUID() };
  const offline = new OfflineCalendar(store, ids, () => clock.now());
  const configured: CalendarPort =
    config.calendar.kind === 'graph'
      ? createGraphCalendar({
          clientId: config.calendar.clientId,
          clientSecret: config.calendar.clientSecret,
          timeoutMs: config.calendar.timeoutMs,
          maxRetries: config.calendar.maxRetries,
        })
      : offline;
  const calendar = options.calendar ? options.calendar(configured) : configured;
  const links = new LinkSigner(config.links.secret);
  // A meeting's .ics link is signed for one of its two people and lasts until a week after the meeting.
  const meetingLink: MeetingLink = (meeting, personId) => {
    if (!config.publicUrl) return undefined;
    const expiresAt = Math.ceil(
      Math.max(Date.parse(meeting.end) + 7 * DAY_MS, clock.now().getTime() + 14 * DAY_MS) / 1000,
    );
    return `${config.publicUrl}/calendar/${links.sign({ purpose: 'ics', tenantId: meeting.tenantId, subjectId: meeting.id, personId, expiresAt })}.ics`;
  };
  // A certificate's link is signed for its mentor and lasts a week; the card offers a fresh one at any time.
  const certificateLink: CertificateLink = (certificate, personId) => {
    if (!config.publicUrl) return undefined;
    const expiresAt = Math.ceil((clock.now().getTime() + CERTIFICATE_LINK_MS) / 1000);
    return `${config.publicUrl}/certificates/${links.sign({ purpose: 'certificate', tenantId: certificate.tenantId, subjectId: certificate.id, personId, expiresAt })}.pdf`;
  };
  const verifyBaseUrl = config.publicUrl ? `${config.publicUrl}/certificates/verify` : undefined;
  const services = createServices(store, clock, ids, new DateHolidaysCalendar(), {
    certificateRenderer: (facts) => renderCertificatePdf(facts, { verifyBaseUrl }),
    certificateLink,
    solver: options.solver,
    calendar,
    fallbackCalendar: calendar.kind === 'offline' ? undefined : offline,
    log,
    meetingLink,
  });

  if (config.seedDemo && config.demo) {
    const { programme } = await seedDemo(services, config.demo);
    log(`Demo data: programme "${programme.name}" with ${config.demo.coordinatorName} as coordinator.`);
  }

  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(
      botFrameworkSettings(config) as ConfigurationBotFrameworkAuthenticationOptions,
    ),
  );
  adapter.onTurnError = async (_context, error) => log(`turn error: ${error.stack ?? error.message}`);
  setErrorLogger((message, e) => log(`${message}: ${(e as Error)?.stack ?? String(e)}`));
  const bot = new MentoringBot({
    store,
    ...services,
    localMode: config.mode === 'local',
    privacyNotice: config.privacyNoticeUrl ?? '',
    teamsAppId: config.teamsAppId,
  });

  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const deliverer = new TeamsDeliverer(
    new Messenger(adapter, config.bot.appId, config.outboxSendTimeoutMs),
    services,
    config.teamsAppId,
  );
  const dispatcher = new OutboxDispatcher(store, deliverer, clock, {
    tenantPerSecond: config.outboxPerSecond,
    leaseMs: config.outboxLeaseMs,
    random: options.random,
    ...options.dispatcher,
    owner,
    log,
  });
  // Reminders and expiries: polled at the dispatcher's interval; claims are leased, so instances run each job once.
  const jobs = new JobRunner(store, clock, { owner, log, random: options.random });
  services.registerJobs(jobs);
  // Each programme's next weekly digest is a job; every instance may ensure it, the job's dedupe key keeps one.
  const digests = new Periodic(
    () => services.reports.scheduleDigests(),
    (e) => log(`reports: scheduling digests failed: ${(e as Error).message}`),
  );

  const verify = createTokenVerifier({
    audiences: config.tabAudiences,
    // Only tenants the app has met (the bot creates a tenant on its first activity) are served.
    isServedTenant: async (tid) => (await store.tenants.findByEntra(tid, '')) !== undefined,
    keys: options.entraKeys,
  });
  const reportsTab = {
    // Local mode only: the tab opened in a browser without Teams runs as the demo coordinator.
    verify: withLocalDemo(verify, config.mode === 'local' ? config.demo : undefined),
    report: async (who: TokenIdentity, query: ReportQuery) => {
      const tenant = await store.tenants.findByEntra(who.entraTenantId, '');
      if (!tenant) throw new ForbiddenError('This organisation does not use the app.');
      const actor = { tenantId: tenant.id, personId: who.objectId, name: who.name };
      const range = reportRange(query, londonDate(clock.now().toISOString()));
      const report = await services.reports.forCoordinator(actor, undefined, { programmeId: query.programme, range });
      return {
        ...reportsData(report, { digest: false, maxRows: Number.POSITIVE_INFINITY }),
        charts: tabCharts(report),
        programmes: await services.reports.programmesFor(actor),
        filter: { programmeId: report.programmeId, from: report.range?.from ?? '', to: report.range?.to ?? '' },
      };
    },
  };
  const web = createWebApp({
    adapter,
    runTurn: (ctx) => bot.run(ctx),
    health: () => health(store, config),
    log,
    reportsTab,
    certificates: {
      links,
      now: () => clock.now(),
      pdfFor: (claims) => services.certificates.pdfFor(claims.tenantId, claims.subjectId, claims.personId),
      verify: (code) => services.certificates.verify(code),
    },
    calendarFiles: {
      links,
      now: () => clock.now(),
      // Checked again at download: the person must still be one of the pair.
      icsFor: async (claims) => {
        const file = await services.meetings.meetingFor(claims.tenantId, claims.subjectId, claims.personId);
        return file ? meetingIcsFile(file, clock.now()) : undefined;
      },
    },
  });
  let server: Server | undefined;

  return {
    config,
    store,
    services,
    bot,
    dispatcher,
    jobs,
    web,
    async start(port = config.port) {
      // Unauthenticated local mode must not be reachable from other machines.
      server = await listen(web, port, config.mode === 'local' ? '127.0.0.1' : undefined);
      dispatcher.start(config.dispatchIntervalMs);
      jobs.start(config.dispatchIntervalMs);
      digests.start(DIGEST_SCHEDULE_INTERVAL_MS);
      return server;
    },
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeAllConnections();
      // A matching run being solved is stored (and its card queued) before the store closes.
      await services.autoMatching.settled();
      await digests.stop();
      await dispatcher.stop();
      await jobs.stop();
      await store.close();
    },
  };
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
