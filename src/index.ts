import { describeMode, formatStartupError, loadConfig } from './config';
import { composeService } from './compose';

/** Reads the configuration, wires the service (src/compose.ts), listens, and stops cleanly on a signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  log(describeMode(config));
  for (const w of config.warnings) log(`WARNING: ${w}`);

  const service = await composeService(config, { log });
  await service.start();
  log(`Bot listening on http://${config.mode === 'local' ? '127.0.0.1' : 'localhost'}:${config.port}/api/messages`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await service.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(formatStartupError(e));
  process.exit(1);
});
