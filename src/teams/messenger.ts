import { DeliveryFailure } from '../services/outbox-dispatcher';
import { CardFactory, MessageFactory, type BotAdapter, type ConversationReference, type TurnContext } from 'botbuilder';

/** Sends and updates Adaptive Card messages in a conversation the bot has a reference for. */
export class Messenger {
  constructor(
    private readonly adapter: BotAdapter,
    private readonly botAppId: string,
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

  private async run(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        withoutInlineRetries(context);
        await logic(context);
      });
    } catch (e) {
      throw toDeliveryFailure(e);
    }
  }
}

/** 429 and 5xx (and network failures) are worth retrying; 4xx such as 403 "app not installed" are not. */
export function toDeliveryFailure(e: unknown): DeliveryFailure {
  const err = e as { statusCode?: number; response?: { status?: number; headers?: { get?(n: string): string | undefined } }; message?: string };
  const status = err.statusCode ?? err.response?.status;
  const retryAfter = err.response?.headers?.get?.('retry-after');
  const retryAfterMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  const retryable = status === undefined || status === 429 || status >= 500;
  return new DeliveryFailure(`${status ?? 'network'}: ${err.message ?? String(e)}`.slice(0, 500), retryable, retryAfterMs);
}

/**
 * The outbox owns retries: it persists them, honours Retry-After without holding the dispatcher, and never
 * outlives its claim lease (an inline retry that did could let another instance send the same message).
 * So the connector client's own retry policy (the Azure pipeline's `defaultRetryPolicy`) is taken out.
 */
function withoutInlineRetries(context: TurnContext): void {
  const key = (context.adapter as { ConnectorClientKey?: symbol }).ConnectorClientKey;
  const connector = key ? (context.turnState.get(key) as { client?: { pipeline?: { removePolicy(o: { name: string }): unknown } } } | undefined) : undefined;
  connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}
