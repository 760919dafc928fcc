/**
 * Retries for what the SDK leaves to us: every 429 on an ordinary request (throttle-policy.ts takes its
 * Retry-After away from the SDK so that only this layer waits). We wait what ARM asks (exponential backoff
 * with full jitter when it does not say), a bounded number of times, and only while the wait ends inside the
 * call's budget and the running command's own deadline; a wait that cannot fit, or longer than is worth
 * watching "working…" for, is reported at once ("try again in 60 s"). Each wait is announced to the running
 * command (call-watch.ts), so its working card says it is waiting on Azure's throttling, and how long.
 */
import { AzureError } from './errors.ts';
import { MAX_RETRY_AFTER_WAIT_MS } from './throttle-policy.ts';
import { commandDeadline, noticeThrottleWait } from './call-watch.ts';

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

/** Time left after a wait for the repeated request to be answered; a wait that leaves less is not worth it. */
const ANSWER_ROOM_MS = 500;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withThrottleRetry<T>(call: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const max = opts.maxAttempts ?? 4;
  const base = opts.baseDelayMs ?? 500;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const deadline = Math.min(opts.deadline, commandDeadline() ?? Number.POSITIVE_INFINITY);
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof AzureError) || e.kind !== 'throttled' || attempt >= max) throw e;
      if (e.retryAfterMs !== undefined && e.retryAfterMs > (opts.maxWaitMs ?? MAX_RETRY_AFTER_WAIT_MS)) throw e;
      const backoff = e.retryAfterMs ?? random() * base * 2 ** (attempt - 1);
      if (Date.now() + backoff + ANSWER_ROOM_MS >= deadline) throw e;
      noticeThrottleWait(backoff);
      await sleep(backoff);
    }
  }
}
