/** Retry policy for transient database errors. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Azure SQL reconfigurations usually finish within seconds; five tries over ~10 s covers them. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 4_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work`, retrying with exponential back-off and jitter (so several instances do not retry in step) while
 * `retryable(error)` says so. The caller decides what is safe to repeat.
 */
export async function withRetry<T>(
  work: () => Promise<T>,
  retryable: (e: unknown) => boolean,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= policy.attempts || !retryable(e)) throw e;
      const delay = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      await sleep(delay * (0.5 + Math.random() / 2));
    }
  }
}
