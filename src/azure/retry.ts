/**
 * Retries for what the SDK leaves to us. The SDK retries 429/503 only when ARM sends a Retry-After-style
 * header, and 5xx/408 with backoff; a 429 without one is thrown at once. We retry throttling (with or
 * without Retry-After) inside the call's time budget, with exponential backoff and full jitter, and give
 * up early when the wait would overrun the budget so that the user hears about it in time.
 */
import { MAX_RETRY_AFTER_WAIT_MS } from './client.ts';
import { AzureError } from './errors.ts';

export interface RetryOptions {
  /** Absolute deadline (ms since epoch) for the whole call. */
  deadline: number;
  maxAttempts?: number;
  /** A Retry-After longer than this is reported at once ("try again in 60 s"), not slept through. */
  maxWaitMs?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withThrottleRetry<T>(call: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const max = opts.maxAttempts ?? 4;
  const base = opts.baseDelayMs ?? 500;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof AzureError) || e.kind !== 'throttled' || attempt >= max) throw e;
      if (e.retryAfterMs !== undefined && e.retryAfterMs > (opts.maxWaitMs ?? MAX_RETRY_AFTER_WAIT_MS)) throw e;
      const backoff = e.retryAfterMs ?? random() * base * 2 ** (attempt - 1);
      if (Date.now() + backoff >= opts.deadline) throw e;
      await sleep(backoff);
    }
  }
}
