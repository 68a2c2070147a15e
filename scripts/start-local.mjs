#!/usr/bin/env node
// `npm start`: build, start the service with an embedded SQLite file and the demo seed (settings from
// env/.env.playground, else env/.env.local; the shell's environment wins), then start
// Microsoft 365 Agents Playground pointed at it. Local mode only: no Microsoft 365 tenant, no network.
//
//   npm start                          bot + Playground as the coordinator (.m365agentsplayground.yml)
//   npm start -- --user mentee         bot + Playground as the mentee (.m365agentsplayground.mentee.yml)
//   npm start -- --user mentee --attach
//                                      only a second Playground (port 56151) for the bot already running
//
// Other options: --playground-port N, --no-build, --service-cmd "<cmd>" (run something else as the
// service, for testing this script). Ctrl-C stops everything and exits 0; if either child dies the
// other is stopped and the exit code is non-zero.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USERS = { coordinator: '.m365agentsplayground.yml', mentee: '.m365agentsplayground.mentee.yml' };

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = {
    user: 'coordinator',
    attach: false,
    build: true,
    serviceCmd: process.env.START_LOCAL_SERVICE_CMD,
    playgroundPort: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--user') opts.user = value();
    else if (arg.startsWith('--user=')) opts.user = arg.slice(7);
    else if (arg === '--attach') opts.attach = true;
    else if (arg === '--no-build') opts.build = false;
    else if (arg === '--service-cmd') opts.serviceCmd = value();
    else if (arg === '--playground-port') opts.playgroundPort = Number(value());
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: npm start -- [--user coordinator|mentee] [--attach] [--playground-port N] [--no-build] [--service-cmd CMD]',
      );
      process.exit(0);
    } else fail(`unknown option ${arg} (try --help)`);
  }
  if (!USERS[opts.user]) fail(`--user must be one of: ${Object.keys(USERS).join(', ')}`);
  opts.playgroundPort ??= opts.attach ? 56151 : 56150;
  if (!Number.isInteger(opts.playgroundPort) || opts.playgroundPort < 1 || opts.playgroundPort > 65535)
    fail('--playground-port must be a port number');
  return opts;
}

/** KEY=VALUE lines; `#` comments, blank lines and blank values are ignored; optional quotes stripped. */
function readEnvFile(file) {
  const out = {};
  if (!existsSync(file)) return out;
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line
      .slice(0, eq)
      .trim()
      .replace(/^export\s+/, '');
    let value = line.slice(eq + 1).trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    if (value !== '') out[key] = value;
  }
  return out;
}

function portInUse(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err) => resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES'));
    server.once('listening', () => server.close(() => resolve(false)));
    server.listen(port);
  });
}

async function healthy(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

function prefixLines(stream, prefix, out) {
  readline.createInterface({ input: stream }).on('line', (line) => out.write(`${prefix} ${line}\n`));
}

const opts = parseArgs(process.argv.slice(2));
// env/.env.playground holds the offline settings; env/.env.local is the Toolkit's "debug in Teams" file,
// whose generated BOT_ID would switch the service to authenticated mode, so it is only a fallback.
const envFile = ['.env.playground', '.env.local'].map((f) => path.join(root, 'env', f)).find((f) => existsSync(f));
const fileEnv = envFile ? readEnvFile(envFile) : {};
const env = { ...fileEnv, ...process.env };
if (process.env.SEED_DEMO === undefined) env.SEED_DEMO = 'true';
const botPort = Number(env.PORT ?? 3978);
env.PORT = String(botPort);
const botUrl = `http://127.0.0.1:${botPort}`;
const configFile = path.join(root, USERS[opts.user]);
if (!existsSync(configFile)) fail(`Playground config ${USERS[opts.user]} is missing`);

const children = new Map(); // name -> ChildProcess
let stopping = false;

function stopAll() {
  for (const [name, child] of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    if (name === 'playground') child.stdin?.end(); // it exits when stdin closes
    child.kill('SIGTERM');
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 5000).unref();
  }
}

function waitForChildren() {
  return Promise.all(
    [...children.values()].map((c) =>
      c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)),
    ),
  );
}

async function shutdown(code, message) {
  if (stopping) return;
  stopping = true;
  if (message) console.error(`[start] ${message}`);
  stopAll();
  await waitForChildren();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!stopping) console.log(`\n[start] ${signal}: stopping ${[...children.keys()].join(' and ') || 'nothing'}...`);
    void shutdown(0);
  });
}

function start(name, command, args, childEnv, stdin) {
  const child = spawn(command, args, { cwd: root, env: childEnv, stdio: [stdin, 'pipe', 'pipe'] });
  children.set(name, child);
  prefixLines(child.stdout, `[${name}]`, process.stdout);
  prefixLines(child.stderr, `[${name}]`, process.stderr);
  child.on('error', (err) => void shutdown(1, `could not start ${name}: ${err.message}`));
  child.on('exit', (code, signal) => {
    // Ctrl-C in a terminal reaches the children too; give our own SIGINT handler the first word.
    setTimeout(() => {
      if (!stopping)
        void shutdown(1, `${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest.`);
    }, 300);
  });
  return child;
}

async function main() {
  if (opts.attach) {
    if (!(await healthy(`${botUrl}/healthz`)))
      fail(`--attach needs the bot already running on ${botUrl} (start it with \`npm start\` in another terminal).`);
  } else if (await portInUse(botPort)) {
    fail(
      `port ${botPort} (the bot) is already in use. Stop whatever uses it (another \`npm start\`?) or set PORT, or use \`npm start -- --user mentee --attach\` to add a Playground for the running bot.`,
    );
  }
  if (await portInUse(opts.playgroundPort)) {
    fail(
      `port ${opts.playgroundPort} (Agents Playground) is already in use. Stop the other Playground or pass --playground-port N.`,
    );
  }

  if (!opts.attach) {
    if (opts.build && !opts.serviceCmd) {
      console.log('[start] building (tsc -p tsconfig.json)...');
      const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      if (!existsSync(tsc)) fail('TypeScript is not installed: run `npm install` first.');
      const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
      if (built.status !== 0) fail('the build failed (see the TypeScript errors above).');
    }
    const entry = path.join(root, 'dist', 'src', 'index.js');
    if (!opts.serviceCmd && !existsSync(entry)) fail(`${path.relative(root, entry)} does not exist after the build.`);

    const dbFile = env.SQLITE_FILE ?? path.join('data', 'mentoring.db');
    mkdirSync(path.dirname(path.resolve(root, dbFile)), { recursive: true });
    mkdirSync(path.join(root, 'data'), { recursive: true });

    const [cmd, args] = opts.serviceCmd ? ['/bin/sh', ['-c', `exec ${opts.serviceCmd}`]] : [process.execPath, [entry]];
    const from = envFile ? `, settings from ${path.relative(root, envFile)}` : '';
    console.log(`[start] starting the bot on ${botUrl} (SQLite ${dbFile}, SEED_DEMO=${env.SEED_DEMO}${from})...`);
    start('bot', cmd, args, env, 'ignore');
    const deadline = Date.now() + 60_000;
    while (!(await healthy(`${botUrl}/healthz`))) {
      if (stopping) return;
      if (Date.now() > deadline) return shutdown(1, `the bot did not answer ${botUrl}/healthz within 60 s.`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  mkdirSync(path.join(root, 'data'), { recursive: true });
  const cli = path.join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  if (!existsSync(cli)) return shutdown(1, 'Agents Playground is not installed: run `npm install` first.');
  const pgEnv = {
    ...process.env,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
    M365_AGENTS_PLAYGROUND_LOGFILE: path.join(root, 'data', `playground-${opts.playgroundPort}.log`),
    TEAMSAPPTESTER_BROWSER: 'none',
  };
  const pgArgs = [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(opts.playgroundPort), '--dt'];
  // stdin is a pipe that is never ended: the Playground exits when its standard input closes.
  const playground = start('playground', process.execPath, pgArgs, pgEnv, 'pipe');
  const deadline = Date.now() + 60_000;
  while (!(await healthy(`http://localhost:${opts.playgroundPort}/`))) {
    if (stopping) return;
    if (Date.now() > deadline)
      return shutdown(1, `Agents Playground did not start on port ${opts.playgroundPort} within 60 s.`);
    await new Promise((r) => setTimeout(r, 300));
  }
  void playground;
  const who = opts.user === 'mentee' ? ' as the mentee (Dr Rahul Menon)' : '';
  console.log(
    `\nOpen http://localhost:${opts.playgroundPort} to chat with the bot${who} (local mode, no Microsoft 365 tenant).\n`,
  );
  console.log(`Reports tab in a browser, as the demo coordinator (local mode): ${botUrl}/tabs/reports?local=1\n`);
}

main().catch((err) => shutdown(1, err instanceof Error ? err.message : String(err)));
