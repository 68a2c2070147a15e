import express from 'express';
import type { Server } from 'node:http';
import type { Activity, CloudAdapter, InvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { LinkClaims, LinkSigner } from './signed-link';
import { registerReportsTab, type ReportsTabDeps } from './reports-tab';
import { registerCertificateRoutes, type CertificateDeps } from './certificate-routes';

/** What the HTTP layer needs: the adapter that authenticates Bot Framework traffic, and the bot's turn logic. */
export interface WebDeps {
  adapter: CloudAdapter;
  runTurn(context: TurnContext): Promise<void>;
  /** Health details (mode, database reachable); throwing means unhealthy. */
  health(): Promise<Record<string, unknown>>;
  log(line: string): void;
  /** Serves `GET /calendar/<token>.ics` when given; without it the route does not exist. */
  calendarFiles?: CalendarFileDeps;
  /** Serves certificate downloads (`GET /certificates/<token>.pdf`) and the public verification page. */
  certificates?: CertificateDeps;
  /** The Reports tab: its pages and token-protected data. */
  reportsTab?: Omit<ReportsTabDeps, 'log'>;
}

/** A calendar file as the route sends it. */
export interface CalendarFile {
  /** Offered to the browser as the download's name; should end in `.ics`. */
  filename: string;
  /** The iCalendar text. Its METHOD, if any, is repeated in the Content-Type as iCalendar's MIME type asks. */
  body: string;
}

/** What the calendar download route needs. */
export interface CalendarFileDeps {
  /** Verifies link tokens (purpose `ics`). */
  links: LinkSigner;
  /**
   * The file for a verified link, or undefined when it is no longer offered (the person is not one of the pair
   * any more, the meeting is gone). Checked on every download: a valid token alone grants nothing.
   */
  icsFor(claims: LinkClaims): Promise<CalendarFile | undefined>;
  /** The clock links expire by; the system clock when absent. */
  now?: () => Date;
}

const text = z.string().nullish();
const id = z.string().min(1);
const account = z.object({ id: text, name: text, aadObjectId: text, role: text }).passthrough();
const httpUrl = z
  .string()
  .url()
  .refine((s) => /^https?:\/\//i.test(s));
const entity = z
  .object({ type: z.string(), text: z.string().optional(), mentioned: account.optional() })
  .passthrough()
  .refine((e) => e.type.toLowerCase() !== 'mention' || e.mentioned !== undefined, {
    message: 'A mention names who is mentioned.',
    path: ['mentioned'],
  });

/**
 * The activity fields the bot (and botbuilder and teams-ai on the way to it) reads, each of the type the Bot
 * Framework sends; anything else Teams adds passes through untouched. Checked before the adapter sees the
 * body, because each of these otherwise fails deep inside a turn with a stack in the log: a `serviceUrl` that
 * is not a string fails in the connector client (and its 500 carried the internal message), a missing
 * `recipient` in mention handling, a missing `from.id` or `conversation.id` in the turn state. The channel,
 * service URL and the three parties are on every activity the Bot Framework delivers, so they are required.
 * Null counts as absent for text fields, as it does for the code that reads them.
 */
const ACTIVITY = z
  .object({
    type: z.string().min(1),
    id: text,
    name: text,
    text: text,
    channelId: id,
    serviceUrl: httpUrl,
    replyToId: text,
    locale: text,
    timestamp: text,
    localTimestamp: text,
    from: account.extend({ id }),
    recipient: account.extend({ id }),
    conversation: z.object({ id, name: text, aadObjectId: text, tenantId: text, conversationType: text }).passthrough(),
    channelData: z
      .object({ tenant: z.object({ id: text }).passthrough().nullish() })
      .passthrough()
      .nullish(),
    membersAdded: z.array(account).optional(),
    membersRemoved: z.array(account).optional(),
    entities: z.array(entity).optional(),
  })
  .passthrough()
  // Removing the bot's @mention edits the text: a mention with no text to edit fails the turn.
  .refine((a) => typeof a.text === 'string' || !a.entities?.some((e) => e.type.toLowerCase() === 'mention'), {
    message: 'A mention needs text.',
    path: ['text'],
  });

/** What a refused request is told: a reason, never the detail (which the log has, in one line). */
const REFUSED: Record<number, string> = {
  400: 'Bad request: not a valid activity.',
  401: 'Unauthorized.',
  403: 'Forbidden.',
};

/**
 * CloudAdapter's own entry point, which its public `process` wraps. `process` cannot be used as is: it prints
 * the stack of every refused token with console.error (one stack per unauthenticated request in the log
 * stream) and answers unexpected failures with their internal message as the body.
 */
type ActivityProcessor = {
  processActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
};

/** The service's HTTP surface: the Bot Framework endpoint and a health check for App Service. */
export function createWebApp(deps: WebDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Bot Framework activities are small; a large body is refused before it reaches the bot.
  app.use(express.json({ limit: '256kb' }));
  const adapter = deps.adapter as unknown as ActivityProcessor;
  app.post('/api/messages', async (req, res) => {
    const parsed = ACTIVITY.safeParse(req.body);
    if (!parsed.success) {
      deps.log(`request refused: 400 not a valid activity (${fieldsOf(parsed.error)})`);
      res.status(400).type('text/plain').send(REFUSED[400]);
      return;
    }
    const authHeader = req.headers.authorization ?? '';
    try {
      const invoke = await adapter.processActivity(authHeader, withDates(parsed.data), (context) =>
        deps.runTurn(context),
      );
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined && invoke.body !== null) res.send(invoke.body);
      res.end();
    } catch (e) {
      // botbuilder's authentication errors carry their status (401 for a missing or invalid token): an expected
      // refusal, so one line without a stack. Anything else is our failure and is logged in full.
      const status = refusalStatus(e);
      if (status !== undefined) deps.log(`request refused: ${status} ${oneLine((e as Error).message)}`);
      else deps.log(`turn failed: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent)
        res
          .status(status ?? 500)
          .type('text/plain')
          .send(REFUSED[status ?? 0] ?? 'Internal error.');
    }
  });
  if (deps.calendarFiles) app.get('/calendar/:file', calendarFileRoute(deps.calendarFiles, deps.log));
  if (deps.certificates) registerCertificateRoutes(app, deps.certificates, deps.log);
  app.get('/healthz', async (_req, res) => {
    try {
      res.json({ status: 'ok', ...(await deps.health()) });
    } catch (e) {
      res.status(503).json({ status: 'unhealthy', error: (e as Error).message });
    }
  });
  if (deps.reportsTab) registerReportsTab(app, { ...deps.reportsTab, log: deps.log });
  // Body-parser failures (oversize or malformed JSON) get their status without a stack trace in the log.
  app.use(
    (
      err: { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      deps.log(`request refused: ${err.type ?? 'error'}`);
      res.status(err.status && err.status >= 400 && err.status < 500 ? err.status : 500).end();
    },
  );
  return app;
}

/** What every refused download is told: which check failed stays in the log. */
const LINK_REFUSED = 'This link is not valid or has expired.';

/**
 * `GET /calendar/<token>.ics`: the signed link's file, or 404 with one sentence whatever went wrong, so a
 * guessed or forwarded link learns nothing. One log line per refusal, without the token.
 */
function calendarFileRoute(calendar: CalendarFileDeps, log: (line: string) => void): express.RequestHandler {
  return async (req, res) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    const refuse = (reason: string) => {
      log(`calendar link refused: ${reason}`);
      res.status(404).type('text/plain').send(LINK_REFUSED);
    };
    const file = String(req.params.file ?? '');
    if (!file.endsWith('.ics')) return refuse('malformed');
    const verified = calendar.links.verify(file.slice(0, -'.ics'.length), {
      purpose: 'ics',
      now: calendar.now?.() ?? new Date(),
    });
    if (!verified.ok) return refuse(verified.failure);
    let found: CalendarFile | undefined;
    try {
      found = await calendar.icsFor(verified.claims);
    } catch (e) {
      log(`calendar file failed: ${oneLine((e as Error)?.message ?? e)}`);
      res.status(500).type('text/plain').send('Internal error.');
      return;
    }
    if (!found) return refuse('not offered');
    const method = /^METHOD:([A-Za-z-]+)\r?$/m.exec(found.body)?.[1]?.toUpperCase();
    res.attachment(safeFilename(found.filename));
    res
      .status(200)
      .set('Content-Type', `text/calendar; charset=utf-8${method ? `; method=${method}` : ''}`)
      .send(Buffer.from(found.body, 'utf8'));
  };
}

/** A download name without path separators or control characters, ending in `.ics`. */
function safeFilename(name: string): string {
  const base =
    name
      .replace(/[\u0000-\u001f\u007f/\\"]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 100) || 'meeting';
  return base.toLowerCase().endsWith('.ics') ? base : `${base}.ics`;
}

/** The fields a refused activity got wrong, by name only (values are the sender's and stay out of the log). */
function fieldsOf(error: z.ZodError): string {
  const paths = [...new Set(error.issues.map((i) => i.path.join('.') || 'body'))];
  return paths.slice(0, 5).join(', ') + (paths.length > 5 ? ', …' : '');
}

/**
 * The status of an error that refuses the request rather than reports our failure: botbuilder's
 * AuthenticationError (not exported by botbuilder itself) carries 401 for a missing or invalid token, 400 for
 * a malformed header. Other 4xx (an upstream call failing with 404, say) are our failure, not the sender's.
 */
function refusalStatus(e: unknown): number | undefined {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  return status === 400 || status === 401 || status === 403 ? status : undefined;
}

/** A message as one bounded log line: token validation messages can quote claims the sender chose. */
function oneLine(message: unknown): string {
  return String(message ?? '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .slice(0, 160);
}

/**
 * The activity with its timestamps as Dates, as botbuilder's `process` hands it on (keeping the sent text in
 * the `raw…` fields).
 */
function withDates(activity: z.output<typeof ACTIVITY>): Activity {
  const out = activity as unknown as Activity & Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = out[field];
    if (typeof value === 'string') {
      out[raw] = value;
      out[field] = new Date(value);
    }
  }
  return out;
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
      reject(
        e.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use; stop the other process or set PORT.`) : e,
      ),
    );
  });
}
