import { z } from 'zod';

/**
 * The service's settings, read and validated once at start (no `process.env` anywhere
 * else). Every problem is reported as one sentence naming the setting, so an operator reading the App
 * Service log stream knows what to fix without reading code.
 */

/** `local`: no bot app id, no token validation (Agents Playground). `production`: Bot Framework auth. */
export type Mode = 'local' | 'production';

/** How the Azure Bot authenticates (new multi-tenant registrations are no longer allowed). */
export type BotType = 'SingleTenant' | 'UserAssignedMSI';

/** How the service signs in to Azure SQL when given a server name rather than a connection string. */
export type MssqlAuth = 'default' | 'managed-identity';

/** Where meetings go: Outlook calendars through Microsoft Graph, or the offline calendar (.ics files). */
export type CalendarKind = 'graph' | 'offline';

/** The offline calendar: events kept in our database and offered as .ics files (the default). */
export interface OfflineCalendarConfig {
  readonly kind: 'offline';
}

/**
 * Microsoft Graph with application permissions, through one multi-tenant Entra app registration that each
 * customer tenant's administrator consents to (docs/calendar-graph.md). The bot's own registration cannot
 * serve: it is single-tenant, so it cannot get tokens in other tenants.
 */
export interface GraphCalendarConfig {
  readonly kind: 'graph';
  /** Application (client) id of the Graph app registration. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** How long one Graph request may take before it counts as failed, in milliseconds. */
  readonly timeoutMs: number;
  /** How often a throttled (429) or unavailable (503, 504) request is retried, honouring Retry-After. */
  readonly maxRetries: number;
}

export type CalendarConfig = OfflineCalendarConfig | GraphCalendarConfig;

/** Log verbosity, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Bot Framework credentials; all empty strings in local mode. */
export interface BotConfig {
  readonly type: BotType;
  /** Azure Bot Microsoft App ID (for UserAssignedMSI: the identity's client id). Empty locally. */
  readonly appId: string;
  /** Client secret; empty locally and for UserAssignedMSI. */
  readonly appPassword: string;
  /** Entra tenant of the bot registration. Empty locally. */
  readonly tenantId: string;
}

/** The embedded database file (local default). */
export interface SqliteConfig {
  readonly engine: 'sqlite';
  readonly file: string;
}

/** Azure SQL given as a full connection string, used as is. */
export interface MssqlConnectionStringConfig {
  readonly engine: 'mssql';
  readonly connectionString: string;
}

/** Azure SQL given as server + database, signing in with Entra (no SQL passwords). */
export interface MssqlEntraConfig {
  readonly engine: 'mssql';
  readonly connectionString?: undefined;
  /** Host name, e.g. `sql-mentoring-prod.database.windows.net`. */
  readonly server: string;
  readonly database: string;
  /** `default`: DefaultAzureCredential chain; `managed-identity`: the app's managed identity. */
  readonly auth: MssqlAuth;
  /** Client id of a user-assigned managed identity; absent means system-assigned. */
  readonly clientId?: string;
}

/** Where records live. Narrow mssql variants with `db.connectionString !== undefined`. */
export type DatabaseConfig = SqliteConfig | MssqlConnectionStringConfig | MssqlEntraConfig;

/**
 * Who the local demo seed makes coordinator, and in which Entra tenant. The defaults are the tenant and
 * current user of `.m365agentsplayground.yml`, so the Playground user is a coordinator from the first turn.
 */
export interface DemoConfig {
  readonly tenantId: string;
  /** Entra object id (the activity's `from.aadObjectId`). */
  readonly coordinatorId: string;
  readonly coordinatorName: string;
}

/**
 * The key that signs download links (calendar files, later certificates). Links are sent in chat and opened
 * later, so the key must outlive restarts and be the same on every instance: a key made at random on each start
 * would break every link sent before it. Production requires `LINK_SECRET`; local mode without it uses a fixed
 * development key, labelled as such, which anyone reading this code knows: acceptable only because local mode
 * listens on 127.0.0.1 with demo data, and refused in production.
 */
export interface LinkSigningConfig {
  readonly secret: string;
  /** `setting`: from LINK_SECRET. `local-development`: the fixed, publicly known local key. */
  readonly source: 'setting' | 'local-development';
}

/** The fixed local-mode link key. Public by design (see {@link LinkSigningConfig}); production refuses it. */
export const LOCAL_DEVELOPMENT_LINK_SECRET = 'img-peer-mentoring/local-development-only/link-signing-key/not-secret';

/** The validated, frozen configuration. */
export interface Config {
  readonly mode: Mode;
  /** `development` when unset. */
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly bot: BotConfig;
  readonly db: DatabaseConfig;
  /** Whether the caller should seed one demo tenant/programme (default: true locally, false in production). */
  readonly seedDemo: boolean;
  /** Present exactly when `seedDemo` is true. */
  readonly demo?: DemoConfig;
  readonly logLevel: LogLevel;
  /** Link shown beside the consent question (SPEC §3.1); absent when not configured. */
  readonly privacyNoticeUrl?: string;
  /**
   * Where people's browsers reach this service (download links on cards, e.g. .ics files): PUBLIC_URL, or in
   * local mode http://127.0.0.1:<port>. Absent in production without PUBLIC_URL: no download links are offered.
   */
  readonly publicUrl?: string;
  /** The Teams app's id (the manifest's `id`), for deep links to its Reports tab; absent until provisioned. */
  readonly teamsAppId?: string;
  /**
   * Audiences the Reports tab accepts in Entra tokens: the bot's app id and the Application ID URI of the
   * manifest's webApplicationInfo (`api://<domain>/<app id>`). Empty: the tab's data is refused to everyone.
   */
  readonly tabAudiences: readonly string[];
  /** How often the outbox dispatcher looks for work, in milliseconds. */
  readonly dispatchIntervalMs: number;
  /** Proactive messages per second per tenant, across all instances (Teams allows 50 per app per tenant). */
  readonly outboxPerSecond: number;
  /** How long one Bot Connector call may take before it counts as failed, in milliseconds. */
  readonly outboxSendTimeoutMs: number;
  /** How long an instance's claim on outgoing messages lasts, in milliseconds (outlives a slot wait and a send). */
  readonly outboxLeaseMs: number;
  /** Where meetings go; narrow with `calendar.kind`. */
  readonly calendar: CalendarConfig;
  /** The key download links are signed with. */
  readonly links: LinkSigningConfig;
  /** Allowed but unwise settings, to log at start (e.g. SQLite in production). */
  readonly warnings: readonly string[];
}

/** Invalid configuration. `message` is what to print; `problems` lists each one (one per setting). */
export class ConfigError extends Error {
  readonly code = 'config';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

/** Tenant and current user of `.m365agentsplayground.yml` (a test keeps the two in step). */
export const PLAYGROUND_DEMO: DemoConfig = Object.freeze({
  tenantId: '6f0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  coordinatorId: 'a1a1a1a1-0000-4000-8000-000000000001',
  coordinatorName: 'Amara Okafor',
});

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET = /PASSWORD|SECRET|CONNECTION_STRING/;

const guid = z.string().regex(GUID);
const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
const flag = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((s) => s === 'true' || s === '1' || s === 'yes');
const httpUrl = z
  .string()
  .url()
  .refine((s) => /^https?:\/\//i.test(s));

/** What each setting must be, in words that finish the sentence "<NAME> must be …". */
const RULES = {
  NODE_ENV: [z.enum(['development', 'production', 'test']), 'one of development, production, test'],
  PORT: [wholeNumber(1, 65535), 'a whole number between 1 and 65535'],
  BOT_ID: [guid, 'a GUID (the Azure Bot Microsoft App ID)'],
  BOT_PASSWORD: [z.string(), 'text'],
  BOT_TENANT_ID: [guid, 'a GUID (the Entra tenant id of the bot registration)'],
  BOT_TYPE: [z.enum(['SingleTenant', 'UserAssignedMSI']), 'SingleTenant or UserAssignedMSI'],
  DB_ENGINE: [z.enum(['sqlite', 'mssql']), 'sqlite or mssql'],
  SQLITE_FILE: [z.string(), 'a file path'],
  MSSQL_CONNECTION_STRING: [z.string(), 'a connection string'],
  MSSQL_SERVER: [z.string().regex(/^[A-Za-z0-9.-]+(,\d+)?$/), 'a host name such as myserver.database.windows.net'],
  MSSQL_DATABASE: [z.string().max(128), 'a database name of at most 128 characters'],
  MSSQL_AUTH: [z.enum(['default', 'managed-identity']), 'default or managed-identity'],
  MSSQL_CLIENT_ID: [guid, 'a GUID (the managed identity client id)'],
  SEED_DEMO: [flag, 'true or false'],
  LOG_LEVEL: [z.enum(['error', 'warn', 'info', 'debug']), 'one of error, warn, info, debug'],
  PRIVACY_NOTICE_URL: [httpUrl, 'an http or https URL'],
  PUBLIC_URL: [httpUrl, 'an http or https URL (where browsers reach this service, without a trailing path)'],
  TEAMS_APP_ID: [guid, 'a GUID (the Teams app id of the manifest)'],
  TAB_SSO_RESOURCE: [
    z.string().regex(/^api:\/\/[A-Za-z0-9.:-]+\/[0-9a-f-]{36}$/i),
    'an Application ID URI such as api://mentoring.example.org/<bot app id>',
  ],
  DISPATCH_INTERVAL_MS: [wholeNumber(50, 3_600_000), 'a whole number of milliseconds between 50 and 3600000'],
  // Below Teams' 50 a second per app per tenant, with room for network jitter bunching sends at Teams' side.
  OUTBOX_PER_SECOND: [
    wholeNumber(1, 45),
    'a whole number between 1 and 45 (Teams allows 50 messages a second per app per tenant)',
  ],
  OUTBOX_SEND_TIMEOUT_MS: [wholeNumber(100, 120_000), 'a whole number of milliseconds between 100 and 120000'],
  OUTBOX_LEASE_MS: [wholeNumber(1_000, 3_600_000), 'a whole number of milliseconds between 1000 and 3600000'],
  // 32 characters: a base64 of 24 random bytes or more (`openssl rand -base64 32` gives 44).
  LINK_SECRET: [z.string().min(32), 'at least 32 characters (for example the output of `openssl rand -base64 32`)'],
  DEMO_TENANT_ID: [guid, 'a GUID (the Entra tenant id the demo seed is created in)'],
  DEMO_COORDINATOR_ID: [guid, 'a GUID (the Entra object id of the demo coordinator)'],
  DEMO_COORDINATOR_NAME: [z.string().max(200), 'a name of at most 200 characters'],
  CALENDAR: [z.enum(['graph', 'offline']), 'graph or offline'],
  GRAPH_CLIENT_ID: [guid, 'a GUID (the application id of the multi-tenant Graph app registration)'],
  GRAPH_CLIENT_SECRET: [z.string(), 'text'],
  GRAPH_TIMEOUT_MS: [wholeNumber(1_000, 120_000), 'a whole number of milliseconds between 1000 and 120000'],
  GRAPH_MAX_RETRIES: [
    wholeNumber(0, 10),
    'a whole number between 0 and 10 (the Graph client retries at most 10 times)',
  ],
} as const satisfies Record<string, readonly [z.ZodTypeAny, string]>;

type Setting = keyof typeof RULES;
type Parsed<K extends Setting> = z.output<(typeof RULES)[K][0]>;

/**
 * Reads and validates the settings. Blank values count as unset, so committed env files can list every
 * setting with nothing after the `=`.
 * @throws ConfigError naming every invalid setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const warnings: string[] = [];

  function read<K extends Setting>(name: K): Parsed<K> | undefined {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return undefined;
    const [schema, must] = RULES[name];
    const result = schema.safeParse(raw);
    if (result.success) return result.data as Parsed<K>;
    // Never echo secrets back into a log.
    problems.push(SECRET.test(name) ? `${name} must be ${must}` : `${name} must be ${must} (got "${raw}")`);
    return undefined;
  }

  const nodeEnv = read('NODE_ENV') ?? 'development';
  const port = read('PORT') ?? 3978;
  const botType = read('BOT_TYPE') ?? 'SingleTenant';
  const botId = read('BOT_ID');
  const botPassword = read('BOT_PASSWORD');
  const botTenantId = read('BOT_TENANT_ID');
  const botIdGiven = Boolean(env.BOT_ID?.trim());
  const mode: Mode = nodeEnv === 'production' || botIdGiven ? 'production' : 'local';

  let bot: BotConfig = { type: botType, appId: '', appPassword: '', tenantId: '' };
  if (mode === 'production') {
    const why = botIdGiven ? 'BOT_ID is set' : 'NODE_ENV is production';
    if (!botIdGiven) {
      problems.push(
        'BOT_ID must be set in production (NODE_ENV is production); without it incoming requests would not be authenticated',
      );
    }
    if (!env.BOT_TENANT_ID?.trim()) problems.push(`BOT_TENANT_ID must be set in production (${why})`);
    if (botType === 'SingleTenant' && !botPassword) {
      problems.push(`BOT_PASSWORD must be set in production when BOT_TYPE is SingleTenant (${why})`);
    }
    if (botType === 'UserAssignedMSI' && botPassword) {
      warnings.push('BOT_PASSWORD is ignored because BOT_TYPE is UserAssignedMSI; remove the secret');
    }
    bot = {
      type: botType,
      appId: botId ?? '',
      appPassword: botType === 'UserAssignedMSI' ? '' : (botPassword ?? ''),
      tenantId: botTenantId ?? '',
    };
  } else if (botPassword || botTenantId) {
    warnings.push('BOT_PASSWORD and BOT_TENANT_ID are ignored in local mode because BOT_ID is not set');
  }

  const db = readDatabase(read, env, problems);
  if (mode === 'production' && db?.engine === 'sqlite') {
    warnings.push(
      "DB_ENGINE is sqlite in production: records live on one instance's disk, so several instances will not share them; use mssql",
    );
  }

  const seedDemo = read('SEED_DEMO') ?? mode === 'local';
  if (mode === 'production' && seedDemo)
    warnings.push('SEED_DEMO is true in production: a demo tenant and programme will be created');
  const demo: DemoConfig = {
    tenantId: read('DEMO_TENANT_ID') ?? PLAYGROUND_DEMO.tenantId,
    coordinatorId: read('DEMO_COORDINATOR_ID') ?? PLAYGROUND_DEMO.coordinatorId,
    coordinatorName: read('DEMO_COORDINATOR_NAME') ?? PLAYGROUND_DEMO.coordinatorName,
  };

  const logLevel = read('LOG_LEVEL') ?? 'info';
  const privacyNoticeUrl = read('PRIVACY_NOTICE_URL');
  const publicUrl =
    read('PUBLIC_URL')?.replace(/\/+$/, '') ?? (mode === 'local' ? `http://127.0.0.1:${port}` : undefined);
  if (!publicUrl && calendarKindOf(env) === 'offline')
    warnings.push(
      'PUBLIC_URL is not set: cards offer no download links (.ics files for meetings on the offline calendar)',
    );
  const teamsAppId = read('TEAMS_APP_ID');
  const tabResource = read('TAB_SSO_RESOURCE');
  const tabAudiences = [bot.appId, tabResource].filter((a): a is string => Boolean(a));
  const dispatchIntervalMs = read('DISPATCH_INTERVAL_MS') ?? 1000;
  const outboxPerSecond = read('OUTBOX_PER_SECOND') ?? 30;
  const outboxSendTimeoutMs = read('OUTBOX_SEND_TIMEOUT_MS') ?? 15_000;
  const outboxLeaseMs = read('OUTBOX_LEASE_MS') ?? 60_000;
  // A claim must outlive the longest wait for a send slot (1 s) plus a whole send, twice over.
  if (outboxLeaseMs < 2 * (1_000 + outboxSendTimeoutMs)) {
    problems.push(
      `OUTBOX_LEASE_MS must be at least twice (1000 + OUTBOX_SEND_TIMEOUT_MS), here ${2 * (1_000 + outboxSendTimeoutMs)} (got "${outboxLeaseMs}")`,
    );
  }

  const calendar = readCalendar(read, env, problems, warnings);
  const links = readLinkSigning(read, env, mode, problems);

  if (problems.length > 0 || !db || !links) throw new ConfigError(problems);

  return deepFreeze({
    mode,
    nodeEnv,
    port,
    bot,
    db,
    seedDemo,
    ...(seedDemo ? { demo } : {}),
    logLevel,
    ...(privacyNoticeUrl ? { privacyNoticeUrl } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(teamsAppId ? { teamsAppId } : {}),
    tabAudiences,
    dispatchIntervalMs,
    outboxPerSecond,
    outboxSendTimeoutMs,
    outboxLeaseMs,
    calendar,
    links,
    warnings,
  });
}

const GRAPH_SETTINGS = ['GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'GRAPH_TIMEOUT_MS', 'GRAPH_MAX_RETRIES'] as const;

function readCalendar(
  read: <K extends Setting>(name: K) => Parsed<K> | undefined,
  env: NodeJS.ProcessEnv,
  problems: string[],
  warnings: string[],
): CalendarConfig {
  const kind = read('CALENDAR') ?? 'offline';
  if (kind === 'offline') {
    const given = GRAPH_SETTINGS.filter((name) => env[name]?.trim());
    if (given.length > 0)
      warnings.push(
        `${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} ignored because CALENDAR is not graph; set CALENDAR=graph to use Outlook calendars`,
      );
    return { kind };
  }
  const clientId = read('GRAPH_CLIENT_ID');
  const clientSecret = read('GRAPH_CLIENT_SECRET');
  if (!env.GRAPH_CLIENT_ID?.trim())
    problems.push(
      'GRAPH_CLIENT_ID must be set when CALENDAR is graph (the application id of the Graph app registration)',
    );
  if (!clientSecret)
    problems.push(
      'GRAPH_CLIENT_SECRET must be set when CALENDAR is graph (a client secret of the Graph app registration)',
    );
  return {
    kind,
    clientId: clientId ?? '',
    clientSecret: clientSecret ?? '',
    timeoutMs: read('GRAPH_TIMEOUT_MS') ?? 10_000,
    maxRetries: read('GRAPH_MAX_RETRIES') ?? 3,
  };
}

/** The calendar named by CALENDAR, read without reporting (readCalendar reports its problems). */
function calendarKindOf(env: NodeJS.ProcessEnv): string {
  return env.CALENDAR?.trim() || 'offline';
}

function readLinkSigning(
  read: <K extends Setting>(name: K) => Parsed<K> | undefined,
  env: NodeJS.ProcessEnv,
  mode: Mode,
  problems: string[],
): LinkSigningConfig | undefined {
  const given = Boolean(env.LINK_SECRET?.trim());
  const secret = read('LINK_SECRET');
  if (given && !secret) return undefined;
  if (secret === LOCAL_DEVELOPMENT_LINK_SECRET && mode === 'production') {
    problems.push(
      'LINK_SECRET must not be the local development key in production; generate one with `openssl rand -base64 32`',
    );
    return undefined;
  }
  if (secret) return { secret, source: 'setting' };
  if (mode === 'production') {
    problems.push(
      'LINK_SECRET must be set in production: it signs download links, which must stay valid across restarts and instances (generate one with `openssl rand -base64 32`)',
    );
    return undefined;
  }
  return { secret: LOCAL_DEVELOPMENT_LINK_SECRET, source: 'local-development' };
}

function readDatabase(
  read: <K extends Setting>(name: K) => Parsed<K> | undefined,
  env: NodeJS.ProcessEnv,
  problems: string[],
): DatabaseConfig | undefined {
  const engine = read('DB_ENGINE') ?? 'sqlite';
  if (engine === 'sqlite') return { engine, file: read('SQLITE_FILE') ?? './data/mentoring.db' };

  const connectionString = read('MSSQL_CONNECTION_STRING');
  const server = read('MSSQL_SERVER');
  const database = read('MSSQL_DATABASE');
  const auth = read('MSSQL_AUTH') ?? 'default';
  const clientId = read('MSSQL_CLIENT_ID');
  const serverGiven = Boolean(env.MSSQL_SERVER?.trim() || env.MSSQL_DATABASE?.trim());
  if (connectionString && serverGiven) {
    problems.push(
      'MSSQL_CONNECTION_STRING must not be combined with MSSQL_SERVER or MSSQL_DATABASE; set one or the other',
    );
    return undefined;
  }
  if (connectionString) return { engine, connectionString };
  if (!env.MSSQL_SERVER?.trim()) {
    problems.push('MSSQL_SERVER (with MSSQL_DATABASE) or MSSQL_CONNECTION_STRING must be set when DB_ENGINE is mssql');
    return undefined;
  }
  if (!env.MSSQL_DATABASE?.trim()) {
    problems.push('MSSQL_DATABASE must be set when MSSQL_SERVER is set');
    return undefined;
  }
  if (!server || !database) return undefined;
  return { engine, server, database, auth, ...(clientId ? { clientId } : {}) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** One line for the start-up log saying how the service is running; local mode says it is unauthenticated. */
export function describeMode(config: Config): string {
  const db =
    config.db.engine === 'sqlite'
      ? `SQLite file ${config.db.file}`
      : config.db.connectionString !== undefined
        ? 'Azure SQL (connection string)'
        : `Azure SQL ${config.db.server}/${config.db.database} (${config.db.auth} sign-in)`;
  if (config.mode === 'local') {
    return (
      `LOCAL MODE: no bot app id, so /api/messages accepts UNAUTHENTICATED traffic; ` +
      `for Agents Playground on this machine only. Port ${config.port}, ${db}.` +
      (config.links.source === 'local-development'
        ? ' Download links are signed with the fixed local development key.'
        : '')
    );
  }
  return (
    `Production mode: Azure Bot ${config.bot.appId} (${config.bot.type}, tenant ${config.bot.tenantId}); ` +
    `/api/messages requires a valid Bot Framework token. Port ${config.port}, ${db}.`
  );
}

/**
 * The settings object botbuilder's `ConfigurationBotFrameworkAuthentication` expects, built here so the
 * web/teams adapters need not know env variable names. Local mode gives empty values (no validation).
 */
export function botFrameworkSettings(config: Config): Readonly<Record<string, string>> {
  // Local mode must pass no app type at all: botbuilder asserts an app id for SingleTenant.
  if (config.mode === 'local') return Object.freeze({});
  return Object.freeze({
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId,
  });
}

/**
 * Text for index.ts to print when start-up fails: configuration problems as plain sentences (no stack,
 * the operator needs the setting, not the code path), anything else with its stack.
 */
export function formatStartupError(e: unknown): string {
  if (e instanceof ConfigError) {
    const lines = e.problems.map((p) => `  - ${p}.`);
    return [`The service cannot start: invalid configuration.`, ...lines].join('\n');
  }
  if (e instanceof Error) return `The service cannot start: ${e.stack ?? e.message}`;
  return `The service cannot start: ${String(e)}`;
}
