/**
 * Who waits on ARM's throttling, and for how long. Exactly one layer sleeps through each Retry-After:
 *
 * - An ordinary request answered 429: the SDK would sleep through the Retry-After and retry up to three times,
 *   blind to our budget, and our own retry (retry.ts) would then repeat the whole thing: `Retry-After: 2` cost
 *   the engineer 30 s (16 requests) before this policy. The header is taken from the SDK (so it throws at once)
 *   and handed to withThrottleRetry in DEFERRED_RETRY_AFTER_MS; that retry waits as ARM says, within the
 *   call's and the command's budget, and tells the working card (call-watch.ts).
 * - A long-running operation's status poll answered 429: here the SDK must repeat the poll itself, or the only
 *   retry left would start the whole operation again (a new POST), losing the time it had already run: a 25 s
 *   ARP read met by two throttled polls took over a minute under load (BENCHMARKS.md, load finding 2). Polls
 *   keep their Retry-After up to MAX_RETRY_AFTER_WAIT_MS, and a bare 429 gets one (exponential backoff, full
 *   jitter) so the SDK repeats the poll, not the operation. Polls are recognised by URL: those that the
 *   Location / Azure-AsyncOperation headers of earlier responses named.
 * - A 503 keeps the SDK's handling (it retries 5xx with backoff whatever we do); only a Retry-After longer
 *   than MAX_RETRY_AFTER_WAIT_MS is taken from it, so that it does not sleep through minutes.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { LRUCache } from 'lru-cache';
import { noticeThrottleWait } from './call-watch.ts';

/** Longest Retry-After worth waiting through while an engineer watches "working…"; longer ones are reported ("try again in 60 s"). */
export const MAX_RETRY_AFTER_WAIT_MS = 10_000;

/** Header in which a Retry-After taken from the SDK is handed to our error mapping and retry. */
export const DEFERRED_RETRY_AFTER_MS = 'x-netops-deferred-retry-after-ms';

/** The headers in which ARM says how long to wait (the SDK reads all three). */
const RETRY_HEADERS = ['retry-after', 'retry-after-ms', 'x-ms-retry-after-ms'] as const;

/** Operation URLs, compared without their query (the poller may add an api-version). */
const operationKey = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`.toLowerCase();
};

/** The wait a throttled response asks for, in ms: Retry-After in seconds or as an HTTP date, or the ms headers. */
export function askedWaitMs(h: { get(name: string): string | undefined }): number | undefined {
  const raw = h.get('retry-after-ms') ?? h.get('x-ms-retry-after-ms');
  if (raw !== undefined) return Number.isFinite(Number(raw)) && Number(raw) >= 0 ? Number(raw) : undefined;
  const ra = h.get('retry-after');
  if (ra === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export interface ThrottlePolicyOptions {
  /** Longest Retry-After the SDK may sleep through on its own (polls, 503s); default MAX_RETRY_AFTER_WAIT_MS. */
  capMs?: number;
  /** Base of the backoff given to a bare 429 on a poll (default 500 ms). */
  baseMs?: number;
}

export function throttlePolicy(opts: ThrottlePolicyOptions = {}): PipelinePolicy {
  const cap = opts.capMs ?? MAX_RETRY_AFTER_WAIT_MS;
  const base = opts.baseMs ?? 500;
  // Operation URL -> 429s in a row; bounded, and forgotten once no poll can still be running.
  const operations = new LRUCache<string, number>({ max: 2_000, ttl: 15 * 60_000 });
  const takeFromSdk = (h: { delete(name: string): void; set(name: string, value: string): void }, ms: number) => {
    for (const name of RETRY_HEADERS) h.delete(name);
    h.set(DEFERRED_RETRY_AFTER_MS, String(ms));
  };
  return {
    name: 'netopsThrottle',
    sendRequest: async (request, next) => {
      const response = await next(request);
      const h = response.headers;
      if (response.status >= 200 && response.status < 300) {
        for (const name of ['azure-asyncoperation', 'location']) {
          const url = h.get(name);
          if (!url) continue;
          try {
            const key = operationKey(new URL(url, request.url).href);
            if (!operations.has(key)) operations.set(key, 0);
          } catch {
            // Not a URL: nothing the poller could follow either.
          }
        }
      }
      const key = request.method === 'GET' ? operationKey(request.url) : undefined;
      const throttledInARow = key === undefined ? undefined : operations.get(key);
      const isPoll = throttledInARow !== undefined;
      if (response.status !== 429 && response.status !== 503) {
        if (isPoll) operations.set(key!, 0);
        return response;
      }
      let ms = askedWaitMs(h);
      if (response.status === 429 && isPoll) {
        if (ms === undefined && !RETRY_HEADERS.some((name) => h.get(name) !== undefined)) {
          ms = Math.max(1, Math.round(Math.min(cap, Math.random() * base * 2 ** throttledInARow)));
          h.set('retry-after-ms', String(ms));
        }
        operations.set(key!, throttledInARow + 1);
      }
      if (ms === undefined) return response; // a bare 429 (ours to retry) or a bare 503 (the SDK's backoff)
      const sdkWaits = (response.status === 503 || isPoll) && ms <= cap;
      if (sdkWaits) noticeThrottleWait(ms);
      else takeFromSdk(h, ms);
      return response;
    },
  };
}
