/**
 * Outbound calls to the Bot Connector (create = POST an activity, update = PUT an activity), each behind the
 * per-conversation rate limiter and retried with exponential backoff and full jitter, honouring Retry-After.
 *
 * Which failures are retried differs by kind:
 * - update (PUT) is idempotent: putting the same card twice leaves one card. Retried on 429, 412, 502, 504.
 * - create (POST) is NOT idempotent: a 502/504 can mean the connector posted the message and only the answer
 *   was lost, so a blind retry can post the card twice. Retried only on 429 and 412, which the service returns
 *   before it has done anything.
 * Network errors without a status are treated like 5xx: retried for updates, not for creates.
 *
 * The SDK's own retry policy is removed from the connector client (see `stripSdkRetries` in adapter.ts):
 * core-rest-pipeline's default policy would retry every 5xx POST up to three times on its own.
 */
import { ConversationRateLimiter } from './rate-limit.ts';
import { describeError, statusOf, type Logger } from './log.ts';

export type DeliveryKind = 'create' | 'update';

export interface RetryPolicy {
  /** Attempts in all, first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 15_000 };

const RETRY_CREATE = new Set([429, 412]);
const RETRY_UPDATE = new Set([429, 412, 502, 504]);

export function isRetryable(kind: DeliveryKind, status: number | undefined): boolean {
  if (status === undefined) return kind === 'update';
  return (kind === 'create' ? RETRY_CREATE : RETRY_UPDATE).has(status);
}

function header(err: unknown, name: string): string | undefined {
  const headers = (err as { response?: { headers?: unknown } } | undefined)?.response?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const v = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Retry-After (seconds or an HTTP date), retry-after-ms or x-ms-retry-after-ms, in ms; undefined when absent. */
export function retryAfterMs(err: unknown, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = header(err, name);
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v.trim())) return Math.max(0, Number(v));
  }
  const ra = header(err, 'retry-after');
  if (ra === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.max(0, Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Full-jitter exponential backoff: a random delay in [base*2^(n-1)/2, base*2^(n-1)], capped. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface DeliveryOptions {
  limiter?: ConversationRateLimiter;
  policy?: RetryPolicy;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Delivery {
  readonly limiter: ConversationRateLimiter;
  private readonly policy: RetryPolicy;
  private readonly log: Logger;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: DeliveryOptions) {
    this.limiter = options.limiter ?? new ConversationRateLimiter();
    this.policy = options.policy ?? DEFAULT_RETRY;
    this.log = options.log;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Runs one connector call for a conversation under the limiter, retrying what `kind` allows. */
  async run<T>(conversationId: string, kind: DeliveryKind, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire(conversationId);
      try {
        return await call();
      } catch (err) {
        const status = statusOf(err);
        if (attempt >= this.policy.maxAttempts || !isRetryable(kind, status)) throw err;
        const hinted = retryAfterMs(err);
        const wait = hinted !== undefined ? Math.min(hinted, 60_000) : backoffMs(attempt, this.policy);
        this.log.warn({ msg: 'connector call failed, retrying', kind, conversationId, attempt, waitMs: wait, ...pick(describeError(err)) });
        await this.sleep(wait);
      }
    }
  }
}

function pick(d: Record<string, unknown>): Record<string, unknown> {
  const { stack: _stack, ...rest } = d;
  return rest;
}
