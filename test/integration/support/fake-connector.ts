import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One call the bot made to the Bot Connector service that the connector accepted. */
export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  activityId?: string;
  activity: Record<string, any>;
  /** Id the connector gave the message (for POST), so tests can click on delivered cards. */
  id: string;
  /** When the request arrived (ms since epoch, real time). */
  at: number;
}

/** How the connector answers one call: a status (with Retry-After), after a delay, or by cutting the socket. */
export interface Answer {
  status?: number;
  retryAfter?: string;
  delayMs?: number;
  /** Destroy the connection without answering. */
  hangUp?: boolean;
}

/** What a rule is told about a call before it is answered. */
export interface CallInfo {
  method: 'POST' | 'PUT';
  conversationId: string;
  activity: Record<string, any>;
  /** 1 for the first call the connector sees, counting every call. */
  n: number;
}

/**
 * A fault-injecting stand-in for the Bot Connector REST API (what Teams' serviceUrl points at), on
 * loopback, so proactive sends and updates go through botbuilder's real CloudAdapter and HTTP client.
 * Answers can be scripted per call (`failNext`, `rule`), delayed (`latencyMs`), and connections refused.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Every call received, answered or not, in order. */
  readonly attempts: { method: string; conversationId: string; status: number; at: number }[] = [];
  /** Answers for the next calls (e.g. 429, 503, 403), consumed in order, before `rule`. */
  readonly failNext: Answer[] = [];
  /** Decides how to answer a call; undefined means accept it. */
  rule?: (call: CallInfo) => Answer | undefined;
  /** Added to every answer. */
  latencyMs = 0;
  /** The most calls that were being answered at once. */
  maxConcurrent = 0;
  private concurrent = 0;
  url = '';
  private server?: Server;
  private port = 0;
  private nextId = 1;
  private seen = 0;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: '1mb' }));
    const handle = (method: 'POST' | 'PUT') => async (req: express.Request, res: express.Response) => {
      const at = Date.now();
      const info: CallInfo = { method, conversationId: req.params.conversationId, activity: req.body, n: ++this.seen };
      const answer = this.failNext.shift() ?? this.rule?.(info) ?? {};
      const delay = this.latencyMs + (answer.delayMs ?? 0);
      this.maxConcurrent = Math.max(this.maxConcurrent, ++this.concurrent);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      this.concurrent--;
      if (answer.hangUp) {
        this.attempts.push({ method, conversationId: info.conversationId, status: 0, at });
        req.socket.destroy();
        return;
      }
      if (answer.status && answer.status >= 300) {
        this.attempts.push({ method, conversationId: info.conversationId, status: answer.status, at });
        if (answer.retryAfter) res.setHeader('Retry-After', answer.retryAfter);
        res.status(answer.status).json({ error: { code: 'Injected', message: `injected ${answer.status}` } });
        return;
      }
      const id = method === 'PUT' ? req.params.activityId : `msg-${this.nextId++}`;
      this.attempts.push({ method, conversationId: info.conversationId, status: 200, at });
      this.calls.push({
        method,
        conversationId: info.conversationId,
        activityId: req.params.activityId,
        activity: req.body,
        id,
        at,
      });
      res.status(200).json({ id });
    };
    app.post('/v3/conversations/:conversationId/activities', handle('POST'));
    app.post('/v3/conversations/:conversationId/activities/:activityId', handle('POST'));
    app.put('/v3/conversations/:conversationId/activities/:activityId', handle('PUT'));
    this.app = app;
    await this.listen();
    this.url = `http://127.0.0.1:${this.port}/`;
    return this;
  }

  private app?: express.Express;

  private listen(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server = this.app!.listen(this.port, '127.0.0.1', () => {
        this.port = (this.server!.address() as AddressInfo).port;
        resolve();
      });
      this.server.on('connection', (s: Socket) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
    });
  }

  /** Stops listening, so calls fail with a refused connection until {@link accept}. */
  async refuse(): Promise<void> {
    await this.stop();
  }

  /** Listens again on the same port after {@link refuse}. */
  async accept(): Promise<void> {
    await this.listen();
  }

  /** Calls to one conversation, in order. */
  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** The Adaptive Card inside an activity sent to the connector. */
export function cardOf(activity: Record<string, any>): Record<string, any> {
  const attachment = activity.attachments?.[0];
  if (!attachment || attachment.contentType !== 'application/vnd.microsoft.card.adaptive')
    throw new Error('activity carries no Adaptive Card');
  return attachment.content;
}

/** The most messages any window of `windowMs` holds among arrival times (ms, any order). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
