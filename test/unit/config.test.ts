import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  botFrameworkSettings,
  ConfigError,
  describeMode,
  formatStartupError,
  loadConfig,
  LOCAL_DEVELOPMENT_LINK_SECRET,
  PLAYGROUND_DEMO,
} from '../../src/config';

const BOT_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const LINK_SECRET = 'kq2vH7nWm3bX9pLr0tYc5sJd8fGa1eZu4iOw6hNy';
const PROD = {
  NODE_ENV: 'production',
  BOT_ID,
  BOT_TENANT_ID: TENANT,
  BOT_PASSWORD: 's3cret-value',
  LINK_SECRET,
  PUBLIC_URL: 'https://app-mentoring.azurewebsites.net',
};

/** Runs loadConfig expecting a ConfigError and returns its message. */
function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected loadConfig to throw');
}

describe('config', () => {
  describe('defaults (local mode)', () => {
    it('starts with an empty environment: local, port 3978, sqlite, demo seed on', () => {
      const c = loadConfig({});
      assert.equal(c.mode, 'local');
      assert.equal(c.nodeEnv, 'development');
      assert.equal(c.port, 3978);
      assert.deepEqual(c.bot, { type: 'SingleTenant', appId: '', appPassword: '', tenantId: '' });
      assert.deepEqual(c.db, { engine: 'sqlite', file: './data/mentoring.db' });
      assert.equal(c.seedDemo, true);
      assert.deepEqual(c.demo, PLAYGROUND_DEMO);
      assert.equal(c.logLevel, 'info');
      assert.equal(c.privacyNoticeUrl, undefined);
      assert.equal(c.dispatchIntervalMs, 1000);
      assert.deepEqual(c.warnings, []);
    });

    it('treats blank values as unset, as committed env files have them', () => {
      const c = loadConfig({ PORT: '', BOT_ID: '  ', DB_ENGINE: '', SEED_DEMO: '', PRIVACY_NOTICE_URL: '' });
      assert.equal(c.mode, 'local');
      assert.equal(c.port, 3978);
      assert.equal(c.db.engine, 'sqlite');
    });

    it('reads each setting', () => {
      const c = loadConfig({
        NODE_ENV: 'test',
        PORT: '8080',
        SQLITE_FILE: '/tmp/x.db',
        SEED_DEMO: 'no',
        LOG_LEVEL: 'debug',
        PRIVACY_NOTICE_URL: 'https://example.nhs.uk/privacy',
        DISPATCH_INTERVAL_MS: '250',
      });
      assert.equal(c.nodeEnv, 'test');
      assert.equal(c.port, 8080);
      assert.deepEqual(c.db, { engine: 'sqlite', file: '/tmp/x.db' });
      assert.equal(c.seedDemo, false);
      assert.equal(c.demo, undefined);
      assert.equal(c.logLevel, 'debug');
      assert.equal(c.privacyNoticeUrl, 'https://example.nhs.uk/privacy');
      assert.equal(c.dispatchIntervalMs, 250);
    });

    it("seeds the demo for the Playground's tenant and current user by default", () => {
      const playground = parse(readFileSync(join(__dirname, '..', '..', '.m365agentsplayground.yml'), 'utf8'));
      assert.deepEqual(PLAYGROUND_DEMO, {
        tenantId: playground.tenantId,
        coordinatorId: playground.currentUser.aadObjectId,
        coordinatorName: playground.currentUser.name,
      });
    });

    it('reads the demo coordinator from DEMO_* settings, and leaves demo out without the seed', () => {
      const c = loadConfig({ DEMO_TENANT_ID: TENANT, DEMO_COORDINATOR_ID: BOT_ID, DEMO_COORDINATOR_NAME: 'Dr A' });
      assert.deepEqual(c.demo, { tenantId: TENANT, coordinatorId: BOT_ID, coordinatorName: 'Dr A' });
      assert.equal(loadConfig({ SEED_DEMO: 'false' }).demo, undefined);
      assert.match(failure({ DEMO_TENANT_ID: 'x' }), /^DEMO_TENANT_ID must be a GUID/);
    });

    it('reads process.env when given nothing', () => {
      assert.equal(loadConfig().port, Number(process.env.PORT?.trim() || 3978));
    });

    it('returns a deeply frozen object', () => {
      const c = loadConfig({});
      assert.ok(Object.isFrozen(c) && Object.isFrozen(c.bot) && Object.isFrozen(c.db) && Object.isFrozen(c.warnings));
      assert.throws(() => {
        (c as { port: number }).port = 1;
      }, TypeError);
    });

    it('says plainly that local mode accepts unauthenticated traffic', () => {
      const line = describeMode(loadConfig({}));
      assert.match(line, /LOCAL MODE/);
      assert.match(line, /UNAUTHENTICATED/);
      assert.match(line, /\.\/data\/mentoring\.db/);
    });

    it('ignores bot secrets without BOT_ID, with a warning', () => {
      const c = loadConfig({ BOT_PASSWORD: 'x' });
      assert.equal(c.mode, 'local');
      assert.equal(c.bot.appPassword, '');
      assert.match(c.warnings.join(), /ignored in local mode/);
    });
  });

  describe('invalid settings are named in one sentence', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['PORT', 'abc', /^PORT must be a whole number between 1 and 65535 \(got "abc"\)$/],
      ['PORT', '0', /^PORT must be a whole number between 1 and 65535 \(got "0"\)$/],
      ['PORT', '70000', /^PORT must be .* \(got "70000"\)$/],
      ['PORT', '80.5', /^PORT must be .* \(got "80.5"\)$/],
      ['NODE_ENV', 'prod', /^NODE_ENV must be one of development, production, test \(got "prod"\)$/],
      ['BOT_TYPE', 'MultiTenant', /^BOT_TYPE must be SingleTenant or UserAssignedMSI \(got "MultiTenant"\)$/],
      ['DB_ENGINE', 'postgres', /^DB_ENGINE must be sqlite or mssql \(got "postgres"\)$/],
      ['SEED_DEMO', 'maybe', /^SEED_DEMO must be true or false \(got "maybe"\)$/],
      ['LOG_LEVEL', 'loud', /^LOG_LEVEL must be one of error, warn, info, debug \(got "loud"\)$/],
      ['PRIVACY_NOTICE_URL', 'not a url', /^PRIVACY_NOTICE_URL must be an http or https URL \(got "not a url"\)$/],
      ['PRIVACY_NOTICE_URL', 'ftp://x.org/p', /^PRIVACY_NOTICE_URL must be an http or https URL/],
      [
        'DISPATCH_INTERVAL_MS',
        '10',
        /^DISPATCH_INTERVAL_MS must be a whole number of milliseconds between 50 and 3600000 \(got "10"\)$/,
      ],
      ['BOT_TENANT_ID', 'contoso', /^BOT_TENANT_ID must be a GUID .*\(got "contoso"\)$/],
    ];
    for (const [name, value, expected] of cases) {
      it(`${name}=${value}`, () => assert.match(failure({ [name]: value }), expected));
    }

    it('an invalid BOT_ID is named (and still means production)', () => {
      const m = failure({ ...PROD, BOT_ID: 'my-bot' });
      assert.match(m, /^BOT_ID must be a GUID \(the Azure Bot Microsoft App ID\) \(got "my-bot"\)$/);
    });

    it('lists every problem, not just the first', () => {
      assert.throws(
        () => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.equal(err.problems.length, 2);
          assert.match(err.problems[0]!, /^PORT/);
          assert.match(err.problems[1]!, /^LOG_LEVEL/);
          return true;
        },
      );
    });

    it('never echoes a secret value', () => {
      const m = failure({
        DB_ENGINE: 'mssql',
        MSSQL_CONNECTION_STRING: 'Server=x;Password=hunter2',
        MSSQL_SERVER: 'x.database.windows.net',
      });
      assert.match(m, /MSSQL_CONNECTION_STRING must not be combined with MSSQL_SERVER/);
      assert.doesNotMatch(m, /hunter2/);
    });
  });

  describe('Azure SQL settings', () => {
    it('accepts a connection string', () => {
      const c = loadConfig({ DB_ENGINE: 'mssql', MSSQL_CONNECTION_STRING: 'Server=tcp:x;Database=y' });
      assert.deepEqual(c.db, { engine: 'mssql', connectionString: 'Server=tcp:x;Database=y' });
    });

    it('accepts server + database with managed identity', () => {
      const c = loadConfig({
        DB_ENGINE: 'mssql',
        MSSQL_SERVER: 'sql-img.database.windows.net',
        MSSQL_DATABASE: 'mentoring',
        MSSQL_AUTH: 'managed-identity',
        MSSQL_CLIENT_ID: BOT_ID,
      });
      assert.deepEqual(c.db, {
        engine: 'mssql',
        server: 'sql-img.database.windows.net',
        database: 'mentoring',
        auth: 'managed-identity',
        clientId: BOT_ID,
      });
      assert.match(
        describeMode(c),
        /Azure SQL sql-img\.database\.windows\.net\/mentoring \(managed-identity sign-in\)/,
      );
    });

    it('defaults MSSQL_AUTH to default', () => {
      const c = loadConfig({ DB_ENGINE: 'mssql', MSSQL_SERVER: 's.database.windows.net', MSSQL_DATABASE: 'd' });
      assert.equal(c.db.engine === 'mssql' && c.db.connectionString === undefined && c.db.auth, 'default');
    });

    it('refuses mssql with nothing to connect to', () => {
      assert.match(
        failure({ DB_ENGINE: 'mssql' }),
        /^MSSQL_SERVER \(with MSSQL_DATABASE\) or MSSQL_CONNECTION_STRING must be set when DB_ENGINE is mssql$/,
      );
    });

    it('refuses a server without a database', () => {
      assert.match(
        failure({ DB_ENGINE: 'mssql', MSSQL_SERVER: 's.database.windows.net' }),
        /^MSSQL_DATABASE must be set/,
      );
    });

    it('names bad MSSQL_AUTH and MSSQL_CLIENT_ID', () => {
      const m = failure({
        DB_ENGINE: 'mssql',
        MSSQL_SERVER: 's.database.windows.net',
        MSSQL_DATABASE: 'd',
        MSSQL_AUTH: 'password',
        MSSQL_CLIENT_ID: 'abc',
      });
      assert.match(m, /MSSQL_AUTH must be default or managed-identity \(got "password"\)/);
      assert.match(m, /MSSQL_CLIENT_ID must be a GUID/);
    });

    it('names a bad server name', () => {
      assert.match(
        failure({ DB_ENGINE: 'mssql', MSSQL_SERVER: 'bad host;', MSSQL_DATABASE: 'd' }),
        /^MSSQL_SERVER must be a host name/,
      );
    });
  });

  describe('production', () => {
    it('starts with full SingleTenant credentials', () => {
      const c = loadConfig({
        ...PROD,
        DB_ENGINE: 'mssql',
        MSSQL_SERVER: 's.database.windows.net',
        MSSQL_DATABASE: 'd',
      });
      assert.equal(c.mode, 'production');
      assert.deepEqual(c.bot, { type: 'SingleTenant', appId: BOT_ID, appPassword: 's3cret-value', tenantId: TENANT });
      assert.equal(c.seedDemo, false);
      assert.deepEqual(c.warnings, []);
      assert.match(describeMode(c), /^Production mode: Azure Bot 1111.* requires a valid Bot Framework token/);
      assert.deepEqual(botFrameworkSettings(c), {
        MicrosoftAppId: BOT_ID,
        MicrosoftAppPassword: 's3cret-value',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT,
      });
    });

    it('gives botbuilder no credentials at all in local mode (an app type alone makes it demand an app id)', () => {
      assert.deepEqual(botFrameworkSettings(loadConfig({})), {});
    });

    it('is production when BOT_ID is set, whatever NODE_ENV says', () => {
      const c = loadConfig({ ...PROD, NODE_ENV: 'development' });
      assert.equal(c.mode, 'production');
    });

    it('refuses NODE_ENV=production without BOT_ID', () => {
      assert.match(
        failure({ NODE_ENV: 'production', BOT_TENANT_ID: TENANT, BOT_PASSWORD: 'x' }),
        /^BOT_ID must be set in production/,
      );
    });

    it('refuses without BOT_TENANT_ID', () => {
      assert.match(failure({ ...PROD, BOT_TENANT_ID: '' }), /^BOT_TENANT_ID must be set in production/);
    });

    it('refuses SingleTenant without BOT_PASSWORD', () => {
      assert.match(
        failure({ ...PROD, BOT_PASSWORD: '' }),
        /^BOT_PASSWORD must be set in production when BOT_TYPE is SingleTenant/,
      );
    });

    it('names all three missing credentials at once', () => {
      const m = failure({ NODE_ENV: 'production' });
      for (const name of ['BOT_ID', 'BOT_TENANT_ID', 'BOT_PASSWORD'])
        assert.match(m, new RegExp(`${name} must be set`));
    });

    it('allows sqlite but warns', () => {
      const c = loadConfig(PROD);
      assert.equal(c.db.engine, 'sqlite');
      assert.match(c.warnings.join(), /DB_ENGINE is sqlite in production/);
    });

    it('warns when the demo seed is asked for in production', () => {
      assert.match(loadConfig({ ...PROD, SEED_DEMO: 'true' }).warnings.join(), /SEED_DEMO is true in production/);
    });
  });

  describe('managed identity bot (UserAssignedMSI)', () => {
    const MSI = { NODE_ENV: 'production', BOT_TYPE: 'UserAssignedMSI', BOT_ID, BOT_TENANT_ID: TENANT, LINK_SECRET };

    it('starts without BOT_PASSWORD', () => {
      const c = loadConfig(MSI);
      assert.deepEqual(c.bot, { type: 'UserAssignedMSI', appId: BOT_ID, appPassword: '', tenantId: TENANT });
      assert.equal(botFrameworkSettings(c).MicrosoftAppType, 'UserAssignedMSI');
    });

    it('drops a stray password, with a warning', () => {
      const c = loadConfig({ ...MSI, BOT_PASSWORD: 'leftover' });
      assert.equal(c.bot.appPassword, '');
      assert.match(c.warnings.join(), /BOT_PASSWORD is ignored because BOT_TYPE is UserAssignedMSI/);
    });

    it('still needs BOT_ID and BOT_TENANT_ID', () => {
      const m = failure({ NODE_ENV: 'production', BOT_TYPE: 'UserAssignedMSI' });
      assert.match(m, /BOT_ID must be set/);
      assert.match(m, /BOT_TENANT_ID must be set/);
      assert.doesNotMatch(m, /BOT_PASSWORD/);
    });
  });

  describe('calendar (Microsoft Graph or offline)', () => {
    const GRAPH_APP = '22222222-3333-4444-5555-666666666666';
    const GRAPH = { CALENDAR: 'graph', GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 'graph-s3cret' };

    it('is offline by default, in local mode and in production', () => {
      assert.deepEqual(loadConfig({}).calendar, { kind: 'offline' });
      assert.deepEqual(loadConfig(PROD).calendar, { kind: 'offline' });
    });

    it('reads the Graph app registration, with a 10 s timeout and 3 retries by default', () => {
      const c = loadConfig(GRAPH);
      assert.deepEqual(c.calendar, {
        kind: 'graph',
        clientId: GRAPH_APP,
        clientSecret: 'graph-s3cret',
        timeoutMs: 10_000,
        maxRetries: 3,
      });
      assert.deepEqual(c.warnings, []);
      assert.ok(Object.isFrozen(c.calendar));
    });

    it('reads the timeout and retries', () => {
      const c = loadConfig({ ...GRAPH, GRAPH_TIMEOUT_MS: '2500', GRAPH_MAX_RETRIES: '0' });
      assert.equal(c.calendar.kind === 'graph' && c.calendar.timeoutMs, 2500);
      assert.equal(c.calendar.kind === 'graph' && c.calendar.maxRetries, 0);
    });

    it('uses separate settings from the bot (whose registration is single-tenant)', () => {
      const m = failure({ ...PROD, CALENDAR: 'graph' });
      assert.match(m, /GRAPH_CLIENT_ID must be set when CALENDAR is graph/);
      assert.match(m, /GRAPH_CLIENT_SECRET must be set when CALENDAR is graph/);
    });

    it('names a missing secret alone', () => {
      assert.match(
        failure({ ...GRAPH, GRAPH_CLIENT_SECRET: ' ' }),
        /^GRAPH_CLIENT_SECRET must be set when CALENDAR is graph \(a client secret of the Graph app registration\)$/,
      );
    });

    const cases: Array<[string, string, RegExp]> = [
      ['CALENDAR', 'outlook', /^CALENDAR must be graph or offline \(got "outlook"\)$/],
      [
        'GRAPH_CLIENT_ID',
        'my-app',
        /^GRAPH_CLIENT_ID must be a GUID \(the application id of the multi-tenant Graph app registration\) \(got "my-app"\)$/,
      ],
      [
        'GRAPH_TIMEOUT_MS',
        '999',
        /^GRAPH_TIMEOUT_MS must be a whole number of milliseconds between 1000 and 120000 \(got "999"\)$/,
      ],
      ['GRAPH_TIMEOUT_MS', '120001', /^GRAPH_TIMEOUT_MS must be .* \(got "120001"\)$/],
      ['GRAPH_MAX_RETRIES', '11', /^GRAPH_MAX_RETRIES must be a whole number between 0 and 10 .*\(got "11"\)$/],
    ];
    for (const [name, value, expected] of cases) {
      it(`${name}=${value}`, () => assert.match(failure({ ...GRAPH, [name]: value }), expected));
    }

    it('never echoes the Graph secret', () => {
      // The secret cannot be invalid as text, so the way to see it echoed would be a problem naming it.
      const m = failure({ CALENDAR: 'graph', GRAPH_CLIENT_SECRET: 'graph-s3cret' });
      assert.match(m, /^GRAPH_CLIENT_ID must be set/);
      assert.doesNotMatch(m, /graph-s3cret/);
    });

    it('warns that Graph settings are ignored while the calendar is offline', () => {
      const c = loadConfig({ GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 'x' });
      assert.deepEqual(c.calendar, { kind: 'offline' });
      assert.deepEqual(c.warnings, [
        'GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET are ignored because CALENDAR is not graph; set CALENDAR=graph to use Outlook calendars',
      ]);
      assert.match(
        loadConfig({ CALENDAR: 'offline', GRAPH_TIMEOUT_MS: '5000' }).warnings.join(),
        /^GRAPH_TIMEOUT_MS is ignored/,
      );
    });
  });

  describe('download link key (LINK_SECRET)', () => {
    it('local mode without it uses the fixed, labelled development key, the same on every start', () => {
      const first = loadConfig({});
      assert.deepEqual(first.links, { secret: LOCAL_DEVELOPMENT_LINK_SECRET, source: 'local-development' });
      assert.equal(loadConfig({}).links.secret, first.links.secret, 'links survive a restart');
      assert.match(describeMode(first), /signed with the fixed local development key/);
      assert.deepEqual(first.warnings, []);
    });

    it('is read when given, in local mode and in production', () => {
      assert.deepEqual(loadConfig({ LINK_SECRET }).links, { secret: LINK_SECRET, source: 'setting' });
      assert.deepEqual(loadConfig(PROD).links, { secret: LINK_SECRET, source: 'setting' });
      assert.doesNotMatch(describeMode(loadConfig({ LINK_SECRET })), /development key/);
    });

    it('is required in production', () => {
      assert.match(
        failure({ ...PROD, LINK_SECRET: '' }),
        /^LINK_SECRET must be set in production: it signs download links/,
      );
      assert.match(failure({ NODE_ENV: 'production' }), /LINK_SECRET must be set in production/);
    });

    it('refuses the public development key in production', () => {
      assert.match(
        failure({ ...PROD, LINK_SECRET: LOCAL_DEVELOPMENT_LINK_SECRET }),
        /^LINK_SECRET must not be the local development key in production/,
      );
    });

    it('refuses a short key without echoing it, in either mode', () => {
      for (const env of [{ LINK_SECRET: 'short-but-secret' }, { ...PROD, LINK_SECRET: 'short-but-secret' }]) {
        const m = failure(env);
        assert.match(m, /^LINK_SECRET must be at least 32 characters/);
        assert.doesNotMatch(m, /short-but-secret/);
      }
    });
  });

  describe('formatStartupError', () => {
    it('prints configuration problems as sentences without a stack', () => {
      let text = '';
      try {
        loadConfig({ PORT: 'abc' });
      } catch (e) {
        text = formatStartupError(e);
      }
      assert.equal(
        text,
        'The service cannot start: invalid configuration.\n  - PORT must be a whole number between 1 and 65535 (got "abc").',
      );
      assert.doesNotMatch(text, /at .*config\.ts/);
    });

    it('keeps the stack for unexpected errors', () => {
      assert.match(formatStartupError(new Error('boom')), /^The service cannot start: Error: boom\n\s+at /);
      assert.equal(formatStartupError('odd'), 'The service cannot start: odd');
    });
  });
});
