import express from 'express';
import type { Server } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';

/** What the HTTP layer needs: the adapter that authenticates Bot Framework traffic, and the bot's turn logic. */
export interface WebDeps {
  adapter: CloudAdapter;
  runTurn(context: TurnContext): Promise<void>;
  /** Health details (mode, database reachable); throwing means unhealthy. */
  health(): Promise<Record<string, unknown>>;
  log(line: string): void;
}

/** The service's HTTP surface: the Bot Framework endpoint and a health check for App Service. */
export function createWebApp(deps: WebDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Bot Framework activities are small; a large body is refused before it reaches the bot.
  app.use(express.json({ limit: '256kb' }));
  app.post('/api/messages', async (req, res) => {
    try {
      await deps.adapter.process(req, res, (context) => deps.runTurn(context));
    } catch (e) {
      deps.log(`turn failed: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) res.status(500).end();
    }
  });
  app.get('/healthz', async (_req, res) => {
    try {
      res.json({ status: 'ok', ...(await deps.health()) });
    } catch (e) {
      res.status(503).json({ status: 'unhealthy', error: (e as Error).message });
    }
  });
  // Body-parser failures (oversize or malformed JSON) get their status without a stack trace in the log.
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    deps.log(`request refused: ${err.type ?? 'error'}`);
    res.status(err.status && err.status >= 400 && err.status < 500 ? err.status : 500).end();
  });
  return app;
}

/**
 * Starts listening on `host` (every interface when undefined); resolves once the port is bound, rejects with a
 * clear message when it is taken.
 */
export function listen(app: express.Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = host === undefined ? app.listen(port) : app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use; stop the other process or set PORT.`) : e),
    );
  });
}
