/**
 * Runs every benchmark in bench/ (files named *.bench.ts), one child process each so one benchmark's
 * memory cannot skew the next, and exits non-zero if any fails. Arguments are passed to each.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benches = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', '--require', 'tsx/cjs', join(__dirname, file), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
