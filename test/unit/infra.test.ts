import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config';

/**
 * Offline checks of the Agents Toolkit files, env files and Bicep (there is no Bicep compiler here):
 * every placeholder resolves, every parameter has a value, Entra-only SQL, and no committed secrets.
 */

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** KEY=VALUE lines of a dotenv file; comments and blank lines skipped. */
function envFile(name: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of read(`env/${name}`).split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    assert.ok(m, `env/${name}: not a KEY=VALUE line: ${line}`);
    vars.set(m[1]!, m[2]!);
  }
  return vars;
}

const placeholders = (text: string) => [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!);

/** Which env files each Toolkit file runs with. */
const USES: Record<string, string[]> = {
  'm365agents.yml': ['.env.dev', '.env.prod'],
  'm365agents.local.yml': ['.env.local'],
  'm365agents.playground.yml': ['.env.playground'],
  'infra/azure.parameters.json': ['.env.dev', '.env.prod'],
};

/** `param name type = default` declarations of a Bicep file. */
function bicepParams(path: string): Map<string, { hasDefault: boolean }> {
  const params = new Map<string, { hasDefault: boolean }>();
  for (const m of read(path).matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm))
    params.set(m[1]!, { hasDefault: Boolean(m[2]) });
  return params;
}

/** The text of a top-level `resource|module <symbol> ... = {` block, by brace matching. */
function block(text: string, kind: 'resource' | 'module', symbol: string): string {
  const start = text.search(new RegExp(`^${kind} ${symbol} `, 'm'));
  assert.ok(start >= 0, `${kind} ${symbol} not found`);
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  assert.fail(`${kind} ${symbol} is not closed`);
}

const BICEP_FILES = ['infra/azure.bicep', ...readdirSync(join(ROOT, 'infra/modules')).map((f) => `infra/modules/${f}`)];
const ENV_FILES = readdirSync(join(ROOT, 'env')).filter((f) => f.startsWith('.env.') && !f.endsWith('.user'));

describe('infrastructure and Toolkit files', () => {
  it('has the four committed env files', () => {
    assert.deepEqual([...ENV_FILES].sort(), ['.env.dev', '.env.local', '.env.playground', '.env.prod']);
  });

  for (const [file, envs] of Object.entries(USES)) {
    it(`defines every \${{VAR}} in ${file} in ${envs.join(' and ')}`, () => {
      const used = new Set(placeholders(read(file)));
      assert.ok(used.size > 0);
      for (const env of envs) {
        const defined = envFile(env);
        const missing = [...used].filter((v) => !defined.has(v));
        assert.deepEqual(missing, [], `${file} uses variables env/${env} does not define`);
      }
    });
  }

  it('defines every ${{VAR}} the manifest uses in every env file', () => {
    for (const env of ENV_FILES) {
      const defined = envFile(env);
      const missing = placeholders(read('appPackage/manifest.json')).filter(
        // BOT_DOMAIN comes from the tunnel / arm/deploy, TEAMS_APP_ID from teamsApp/create; Playground needs neither.
        (v) => !defined.has(v) && env !== '.env.playground',
      );
      assert.deepEqual(missing, [], `env/${env}`);
    }
  });

  it('parses the Toolkit files as YAML with the same schema version', () => {
    for (const file of ['m365agents.yml', 'm365agents.local.yml', 'm365agents.playground.yml']) {
      const text = read(file);
      const doc = parseYaml(text);
      const header =
        /yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/(v[\d.]+)\/yaml\.schema\.json/.exec(
          text,
        );
      assert.ok(header, `${file}: schema header`);
      assert.equal(doc.version, header[1], `${file}: version matches the schema header`);
    }
  });

  it('provisions the Teams app, bot identity, Azure resources and app package in m365agents.yml', () => {
    const doc = parseYaml(read('m365agents.yml'));
    const uses = doc.provision.map((a: { uses: string }) => a.uses);
    for (const action of [
      'teamsApp/create',
      'aadApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/update',
    ]) {
      assert.ok(uses.includes(action), `provision lacks ${action}`);
    }
    const arm = doc.provision.find((a: { uses: string }) => a.uses === 'arm/deploy');
    assert.deepEqual(
      arm.with.templates.map((t: { path: string }) => t.path),
      ['./infra/azure.bicep'],
    );
    assert.equal(doc.deploy.at(-1).uses, 'azureAppService/zipDeploy');
    const aad = doc.provision.find((a: { uses: string }) => a.uses === 'aadApp/create');
    assert.equal(aad.with.signInAudience, 'AzureADMyOrg', 'new multi-tenant bots are not allowed');
  });

  it('gives every azure.bicep parameter a value or a default, and declares every value given', () => {
    const declared = bicepParams('infra/azure.bicep');
    const given = Object.keys(JSON.parse(read('infra/azure.parameters.json')).parameters);
    const missing = [...declared].filter(([name, p]) => !p.hasDefault && !given.includes(name)).map(([n]) => n);
    assert.deepEqual(missing, []);
    assert.deepEqual(
      given.filter((n) => !declared.has(n)),
      [],
      'parameters file names undeclared parameters',
    );
  });

  it('passes every required parameter to each module', () => {
    const main = read('infra/azure.bicep');
    for (const m of main.matchAll(/^module (\w+) '([^']+)'/gm)) {
      const body = block(main, 'module', m[1]!);
      const params = bicepParams(`infra/${m[2]}`);
      for (const [name, p] of params) {
        if (!p.hasDefault) assert.match(body, new RegExp(`^\\s+${name}:`, 'm'), `module ${m[1]} lacks ${name}`);
      }
      for (const passed of body.matchAll(/^ {4}(\w+):/gm)) {
        assert.ok(params.has(passed[1]!), `module ${m[1]} passes unknown parameter ${passed[1]}`);
      }
    }
  });

  it('writes every azure.bicep output to a variable the env files define', () => {
    const outputs = [...read('infra/azure.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]!);
    assert.ok(outputs.includes('BOT_DOMAIN') && outputs.includes('BOT_ENDPOINT'));
    for (const env of ['.env.dev', '.env.prod']) {
      const defined = envFile(env);
      assert.deepEqual(
        outputs.filter((o) => !defined.has(o)),
        [],
        `env/${env}`,
      );
    }
  });

  it('keeps Bicep brackets balanced outside strings and comments', () => {
    const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' };
    for (const file of BICEP_FILES) {
      const code = read(file);
      const stack: string[] = [];
      for (let i = 0; i < code.length; i++) {
        const ch = code[i]!;
        if (ch === '/' && code[i + 1] === '/') i = code.indexOf('\n', i) === -1 ? code.length : code.indexOf('\n', i);
        else if (ch === "'") {
          // Skip the string, honouring \' escapes (interpolations are balanced by construction here).
          for (i++; i < code.length && code[i] !== "'"; i++) if (code[i] === '\\') i++;
          assert.ok(i < code.length, `${file}: unterminated string`);
        } else if ('{[('.includes(ch)) stack.push(ch);
        else if (ch in pairs) assert.equal(stack.pop(), pairs[ch], `${file}: unbalanced ${ch} at offset ${i}`);
      }
      assert.deepEqual(stack, [], `${file}: unclosed brackets`);
    }
  });

  it('makes the Azure SQL server Entra-only, with no SQL login', () => {
    const sql = read('infra/modules/sql.bicep');
    const server = block(sql, 'resource', 'server');
    assert.match(server, /'Microsoft\.Sql\/servers@/);
    assert.match(server, /administrators:\s*\{[^}]*azureADOnlyAuthentication:\s*true/);
    assert.match(server, /administratorType:\s*'ActiveDirectory'/);
    assert.doesNotMatch(sql, /administratorLoginPassword|administratorLogin:/);
    assert.match(block(sql, 'resource', 'entraOnly'), /azureADOnlyAuthentication:\s*true/);
    assert.match(
      block(sql, 'resource', 'allowAzureServices'),
      /startIpAddress: '0\.0\.0\.0'[\s\S]*endIpAddress: '0\.0\.0\.0'/,
    );
  });

  it('runs the web app on Node 20 over https only, always on, with the health check and an identity', () => {
    const site = block(read('infra/modules/web-app.bicep'), 'resource', 'site');
    assert.match(site, /linuxFxVersion: 'NODE\|20-lts'/);
    assert.match(site, /httpsOnly: true/);
    assert.match(site, /alwaysOn: true/);
    assert.match(site, /healthCheckPath: '\/healthz'/);
    assert.match(site, /type: 'UserAssigned'/);
  });

  it('registers the bot single-tenant or managed-identity, with the Teams channel, at /api/messages', () => {
    const bot = read('infra/modules/bot.bicep');
    assert.match(bot, /@allowed\(\[\s*'SingleTenant'\s*'UserAssignedMSI'\s*\]\)\s*param msaAppType/);
    assert.match(bot, /endpoint: 'https:\/\/\$\{appDomain\}\/api\/messages'/);
    assert.match(block(bot, 'resource', 'teams'), /channelName: 'MsTeamsChannel'/);
  });

  it('sets only app settings that src/config.ts (or the platform) reads', () => {
    const config = read('src/config.ts');
    const names = [...read('infra/azure.bicep').matchAll(/name: '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!);
    assert.ok(names.length > 10);
    for (const name of names.filter((n) => !/^(SCM_|WEBSITE_|APPLICATIONINSIGHTS_)/.test(n))) {
      assert.match(config, new RegExp(`\\b${name}\\b`), `${name} is not a setting config.ts knows`);
    }
  });

  it('commits no secret values in env/', () => {
    for (const env of ENV_FILES) {
      for (const [key, value] of envFile(env)) {
        if (/PASSWORD|SECRET|CONNECTION_STRING|KEY$/.test(key))
          assert.equal(value, '', `env/${env}: ${key} must be blank`);
      }
    }
  });

  it('loads the Playground env file in local mode with the demo seed', () => {
    const c = loadConfig(Object.fromEntries(envFile('.env.playground')));
    assert.equal(c.mode, 'local');
    assert.equal(c.db.engine, 'sqlite');
    assert.ok(c.seedDemo && c.demo);
  });

  it('loads the settings Azure gets (app settings from azure.bicep) in production mode', () => {
    const c = loadConfig({
      BOT_ID: '6f1c9a2e-3b4d-4c5e-8f7a-9b0c1d2e3f40',
      BOT_TENANT_ID: '0b5d2f1e-7c3a-4e8b-9f21-6a4d8c0e1b37',
      BOT_TYPE: 'SingleTenant',
      BOT_PASSWORD: 'from-the-user-file',
      LINK_SECRET: 'also-from-the-user-file-0123456789abcdef',
      DB_ENGINE: 'mssql',
      MSSQL_SERVER: 'sql-imgmentor-dev-abc.database.windows.net',
      MSSQL_DATABASE: 'mentoring',
      MSSQL_AUTH: 'managed-identity',
      MSSQL_CLIENT_ID: '1b5d2f1e-7c3a-4e8b-9f21-6a4d8c0e1b37',
      SEED_DEMO: 'false',
      LOG_LEVEL: envFile('.env.prod').get('LOG_LEVEL'),
      PRIVACY_NOTICE_URL: '',
      TEAMS_APP_ID: '',
      DISPATCH_INTERVAL_MS: envFile('.env.prod').get('DISPATCH_INTERVAL_MS'),
      PUBLIC_URL: 'https://app-imgmentor-dev.azurewebsites.net',
    });
    assert.equal(c.mode, 'production');
    assert.equal(c.publicUrl, 'https://app-imgmentor-dev.azurewebsites.net');
    assert.deepEqual(c.warnings, []);
  });
});
