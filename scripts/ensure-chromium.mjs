#!/usr/bin/env node
// Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests (playwright-core drives it
// with executablePath). Installs it with apt-get when running as root on Debian; never downloads a
// browser any other way (`npx playwright install` cannot work on these machines).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// ENSURE_CHROMIUM_PATH exists only so this script's branches can be exercised; the tests use /usr/bin/chromium.
const CHROMIUM = process.env.ENSURE_CHROMIUM_PATH || '/usr/bin/chromium';

if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version');
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (!(isRoot && isDebian && hasApt)) {
  console.error(`[ensure-chromium] ${CHROMIUM} not found. The browser tests need Debian's Chromium:`);
  console.error('  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium');
  console.error('(on other systems install Chromium so that /usr/bin/chromium exists).');
  process.exit(1);
}

const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
function apt(args) {
  console.log(`[ensure-chromium] apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.error) console.error(`[ensure-chromium] ${result.error.message}`);
  return result.status ?? 1;
}

const updated = apt(['update']);
if (updated !== 0) process.exit(updated);
const installed = apt(['install', '-y', '--no-install-recommends', 'chromium']);
if (installed === 0 && !existsSync(CHROMIUM)) {
  console.error(`[ensure-chromium] apt-get succeeded but ${CHROMIUM} is still missing.`);
  process.exit(1);
}
process.exit(installed);
