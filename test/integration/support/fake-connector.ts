import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector service. */
export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  activityId?: string;
  activity: Record<string, any>;
  /** Id the connector gave the message (for POST), so tests can click on delivered cards. */
  id: string;
}

/**
 * A stand-in for the Bot Connector REST API (what Teams' serviceUrl points at), so proactive sends and
 * updates go through botbuilder's real CloudAdapter and HTTP client. Failures can be injected.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Statuses to answer the next calls with (e.g. 429, 503, 403), consumed in order. */
  readonly failNext: { status: number; retryAfter?: string }[] = [];
  url = '';
  private server?: Server;
  private nextId = 1;

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: '1mb' }));
    const handle = (method: 'POST' | 'PUT') => (req: express.Request, res: express.Response) => {
      const failure = this.failNext.shift();
      if (failure) {
        if (failure.retryAfter) res.setHeader('Retry-After', failure.retryAfter);
        res.status(failure.status).json({ error: { code: 'Injected', message: `injected ${failure.status}` } });
        return;
      }
      const id = method === 'PUT' ? req.params.activityId : `msg-${this.nextId++}`;
      this.calls.push({ method, conversationId: req.params.conversationId, activityId: req.params.activityId, activity: req.body, id });
      res.status(200).json({ id });
    };
    app.post('/v3/conversations/:conversationId/activities', handle('POST'));
    app.post('/v3/conversations/:conversationId/activities/:activityId', handle('POST'));
    app.put('/v3/conversations/:conversationId/activities/:activityId', handle('PUT'));
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  /** Calls to one conversation, in order. */
  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The Adaptive Card inside an activity sent to the connector. */
export function cardOf(activity: Record<string, any>): Record<string, any> {
  const attachment = activity.attachments?.[0];
  if (!attachment || attachment.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error('activity carries no Adaptive Card');
  return attachment.content;
}
