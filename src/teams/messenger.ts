import { CardFactory, MessageFactory, type BotAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import { parseRetryAfter } from '../domain/outbox';
import { DeliveryFailure } from '../services/outbox-dispatcher';

/** How long one call to the Bot Connector may take before it counts as failed (and is retried later). */
export const DEFAULT_SEND_TIMEOUT_MS = 15_000;

/**
 * Sends and updates Adaptive Card messages in a conversation the bot has a reference for. Every failure
 * rejects with a {@link DeliveryFailure}, whatever the adapter's `onTurnError` does with errors.
 */
export class Messenger {
  constructor(
    private readonly adapter: BotAdapter,
    private readonly botAppId: string,
    readonly timeoutMs = DEFAULT_SEND_TIMEOUT_MS,
  ) {}

  /** Posts a card; returns the new message's id. */
  async send(reference: Partial<ConversationReference>, card: object): Promise<string | undefined> {
    let id: string | undefined;
    await this.run(reference, async (ctx) => {
      id = (await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))))?.id;
    });
    return id;
  }

  /** Replaces the card in an earlier message. */
  async update(reference: Partial<ConversationReference>, activityId: string, card: object): Promise<void> {
    await this.run(reference, async (ctx) => {
      await ctx.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: activityId });
    });
  }

  private async run(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    // botbuilder hands an error thrown inside the turn to the adapter's onTurnError, which may only log it
    // and let continueConversationAsync resolve: so the error is caught here, inside the turn, and rethrown.
    let failed: { error: unknown } | undefined;
    let timer: NodeJS.Timeout | undefined;
    // Aborted at the deadline, so a call that outlives it cannot still land after the message was put back.
    const abort = new AbortController();
    const turn = this.adapter
      .continueConversationAsync(this.botAppId, reference, async (context) => {
        try {
          withDeliveryPolicies(context, this.timeoutMs, abort.signal);
          await logic(context);
        } catch (e) {
          failed = { error: e };
        }
      })
      .catch((e: unknown) => {
        failed ??= { error: e };
      });
    // A backstop for anything the HTTP timeout does not cover (such as fetching a token).
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        failed ??= {
          error: Object.assign(new Error(`no answer from the Bot Connector within ${this.timeoutMs} ms`), {
            code: 'ETIMEDOUT',
          }),
        };
        abort.abort();
        resolve();
      }, this.timeoutMs + 1_000);
    });
    try {
      await Promise.race([turn, deadline]);
    } finally {
      clearTimeout(timer);
    }
    if (failed) throw toDeliveryFailure(failed.error);
  }
}

/** Why Teams refused a message for good, in words a coordinator can act on. */
const PERMANENT: Record<number, string> = {
  400: 'Teams rejected the message as malformed',
  401: 'Teams did not accept the bot\u2019s credentials',
  403: 'Teams refused the message: the app is not installed for this person, or they have blocked it',
  404: 'Teams no longer knows this chat (the app may have been removed)',
  413: 'the message is larger than Teams accepts',
};

/**
 * 429, 408, 412 and 5xx, and failures with no answer at all (refused connection, timeout), are worth
 * retrying; any other 4xx is final. Retry-After is read in both of its forms.
 */
export function toDeliveryFailure(e: unknown, now = Date.now()): DeliveryFailure {
  const err = e as {
    statusCode?: number;
    code?: string;
    response?: { status?: number; headers?: { get?(n: string): string | undefined } };
    message?: string;
  };
  const status = err.statusCode ?? err.response?.status;
  const detail = (err.message ?? String(e)).replace(/\s+/g, ' ').slice(0, 300);
  if (status === undefined)
    return new DeliveryFailure(`no answer from Teams (${err.code ?? 'network'}): ${detail}`, true);
  const retryAfterMs = parseRetryAfter(err.response?.headers?.get?.('retry-after'), now);
  const retryable = status === 429 || status === 408 || status === 412 || status >= 500;
  const why = retryable
    ? `Teams answered ${status}`
    : `${PERMANENT[status] ?? `Teams refused the message`} (${status})`;
  return new DeliveryFailure(`${why}: ${detail}`, retryable, retryAfterMs, status);
}

/**
 * The outbox owns retries: it persists them, honours Retry-After without holding the dispatcher, and never
 * outlives its claim lease (an inline retry that did could let another instance send the same message).
 * So the connector client's own retry policy (the Azure pipeline's `defaultRetryPolicy`) is taken out, and
 * every request gets a timeout and the turn's abort signal.
 */
function withDeliveryPolicies(context: TurnContext, timeoutMs: number, signal: AbortSignal): void {
  const key = (context.adapter as { ConnectorClientKey?: symbol }).ConnectorClientKey;
  type Policy = {
    name: string;
    sendRequest(
      request: { timeout: number; abortSignal?: AbortSignal },
      next: (r: unknown) => Promise<unknown>,
    ): Promise<unknown>;
  };
  const connector = key
    ? (context.turnState.get(key) as
        | { client?: { pipeline?: { removePolicy(o: { name: string }): unknown; addPolicy(p: Policy): void } } }
        | undefined)
    : undefined;
  const pipeline = connector?.client?.pipeline;
  if (!pipeline) return;
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.removePolicy({ name: 'outboxTimeout' });
  pipeline.addPolicy({
    name: 'outboxTimeout',
    sendRequest: (request, next) => {
      request.timeout = timeoutMs;
      request.abortSignal = signal;
      return next(request);
    },
  });
}
