import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type ShouldRetry,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { TokenCredential } from '@azure/identity';

/**
 * One Graph client per customer tenant: the tenant's credential behind Graph's own authentication, retry,
 * redirect and telemetry handlers, and a last handler that sends with a per-attempt timeout through an
 * injectable fetch (tests answer on loopback; production uses the global fetch).
 */

/** How requests travel: where Graph is, how long an attempt may take, and how throttling is retried. */
export interface GraphTransport {
  /** Graph's root, https only (a bearer token never goes over plain HTTP). Default `https://graph.microsoft.com`. */
  baseUrl: string;
  fetch: typeof fetch;
  /** One attempt, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** Retries of 429, 503 and 504 by Graph's RetryHandler (0–10). */
  maxRetries: number;
  /** Seconds before a retry when Graph gives no Retry-After (the handler backs off exponentially from it). */
  retryDelaySeconds: number;
  /** A Retry-After longer than this gives up at once (as throttled) instead of holding the caller. */
  maxRetryAfterSeconds: number;
}

/** Raised when an attempt outlives its timeout; Graph's client reports it as a GraphError with this code. */
export const TIMEOUT_ERROR = 'GraphTimeoutError';
/** Raised when the identity platform refuses a token (not consented, wrong secret, unknown tenant). */
export const TOKEN_REFUSED = 'GraphTokenRefused';
/** Raised when no token could be had for another reason (the identity platform unreachable). */
export const TOKEN_UNAVAILABLE = 'GraphTokenUnavailable';

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/**
 * The last handler: sends with a timeout that also covers reading the body (the timer stays armed after
 * the headers; aborting a finished response does nothing, and the timer does not hold the process open).
 */
class TimedFetchHandler implements Middleware {
  constructor(
    private readonly send: typeof fetch,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(named(TIMEOUT_ERROR, `no answer within ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
    timer.unref();
    try {
      context.response = await this.send(context.request, {
        ...context.options,
        signal: controller.signal,
      } as RequestInit);
    } catch (e) {
      throw controller.signal.aborted ? controller.signal.reason : e;
    }
  }
}

/**
 * Keeps the identity library's error out of Graph's client, which would keep only its name: the name we
 * give says whether the identity platform refused (an AADSTS code or a 4xx answer) or could not be reached.
 */
function guarded(credential: TokenCredential): TokenCredential {
  return {
    async getToken(scopes, options) {
      try {
        return await credential.getToken(scopes, options);
      } catch (e) {
        const status = (e as { statusCode?: unknown }).statusCode;
        const aadsts = /AADSTS\d+/.exec(e instanceof Error ? e.message : '')?.[0];
        const refused = aadsts !== undefined || (typeof status === 'number' && status >= 400 && status < 500);
        throw named(refused ? TOKEN_REFUSED : TOKEN_UNAVAILABLE, aadsts ?? (e instanceof Error ? e.name : 'no token'));
      }
    },
  };
}

/** The token scope of application permissions on this Graph: `{root}/.default`. */
export function graphScope(baseUrl: string): string {
  return `${new URL(baseUrl).origin}/.default`;
}

/** Checks the transport once, when the calendar is built, rather than on its first call. */
export function checkTransport(transport: GraphTransport): void {
  const url = new URL(transport.baseUrl);
  if (url.protocol !== 'https:') throw new RangeError(`The Graph base URL must be https (got ${url.protocol})`);
  const whole = (value: number, min: number, max: number, what: string): void => {
    if (!Number.isInteger(value) || value < min || value > max)
      throw new RangeError(`${what} must be a whole number from ${min} to ${max} (got ${value})`);
  };
  whole(transport.timeoutMs, 1, 600_000, 'timeoutMs');
  // The RetryHandler's own limits: at most 10 retries and 180 s between them.
  whole(transport.maxRetries, 0, 10, 'maxRetries');
  whole(transport.retryDelaySeconds, 0, 180, 'retryDelaySeconds');
  whole(transport.maxRetryAfterSeconds, 0, 180, 'maxRetryAfterSeconds');
}

/** A Graph client for one tenant. */
export function graphClient(credential: TokenCredential, transport: GraphTransport): Client {
  checkTransport(transport);
  const url = new URL(transport.baseUrl);
  const auth = new TokenCredentialAuthenticationProvider(guarded(credential), {
    scopes: [graphScope(transport.baseUrl)],
  });
  const giveUpOnLongWaits: ShouldRetry = (_delay, _attempt, _request, _options, response) => {
    const header = response.headers.get('Retry-After');
    if (header === null) return true;
    const seconds = /^\d+(\.\d+)?$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
    return !(seconds > transport.maxRetryAfterSeconds);
  };
  const middleware: Middleware[] = [
    new AuthenticationHandler(auth),
    new RetryHandler(new RetryHandlerOptions(transport.retryDelaySeconds, transport.maxRetries, giveUpOnLongWaits)),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new TimedFetchHandler(transport.fetch, transport.timeoutMs),
  ];
  return Client.initWithMiddleware({
    middleware,
    baseUrl: url.origin,
    defaultVersion: 'v1.0',
    // Graph's handlers attach the token (and telemetry) only to Graph's own hosts and these.
    customHosts: new Set([url.hostname]),
  });
}
