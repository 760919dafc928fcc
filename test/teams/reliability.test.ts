/** Unit tests of the host's small reliability pieces: rate limiter, retry rules, Retry-After, dedupe, in-flight. */
import { describe, expect, it } from 'vitest';
import { ActivityDeduper } from '../../src/teams/dedupe.ts';
import { backoffMs, Delivery, isRetryable, retryAfterMs } from '../../src/teams/delivery.ts';
import { InFlight } from '../../src/teams/inflight.ts';
import { silentLogger } from '../../src/teams/log.ts';
import { ConversationRateLimiter, TEAMS_CONVERSATION_WINDOWS } from '../../src/teams/rate-limit.ts';

const httpError = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { statusCode: status, response: { status, headers: { get: (n: string) => headers[n.toLowerCase()] } } });

describe('retry rules', () => {
  it('retries updates on 429/412/502/504 but creates only on 429/412', () => {
    for (const s of [429, 412, 502, 504]) expect(isRetryable('update', s)).toBe(true);
    for (const s of [429, 412]) expect(isRetryable('create', s)).toBe(true);
    for (const s of [502, 504, 500, 503]) expect(isRetryable('create', s)).toBe(false);
    for (const s of [400, 401, 403, 404, 413]) {
      expect(isRetryable('update', s)).toBe(false);
      expect(isRetryable('create', s)).toBe(false);
    }
    expect(isRetryable('create', undefined)).toBe(false);
    expect(isRetryable('update', undefined)).toBe(true);
  });

  it('reads Retry-After in seconds, as a date, and in ms', () => {
    expect(retryAfterMs(httpError(429, { 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(httpError(429, { 'retry-after': '0' }))).toBe(0);
    expect(retryAfterMs(httpError(429, { 'retry-after-ms': '150' }))).toBe(150);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(httpError(429, { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(httpError(429))).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, policy, () => 0)).toBe(50);
    expect(backoffMs(1, policy, () => 1)).toBe(100);
    expect(backoffMs(3, policy, () => 1)).toBe(400);
    expect(backoffMs(10, policy, () => 1)).toBe(1000);
  });

  it('honours Retry-After and gives up after maxAttempts', async () => {
    const waits: number[] = [];
    const d = new Delivery({ log: silentLogger, policy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 }, sleep: async (ms) => void waits.push(ms) });
    let calls = 0;
    await expect(
      d.run('c', 'update', async () => {
        calls++;
        throw httpError(504, { 'retry-after': '1' });
      }),
    ).rejects.toThrow('HTTP 504');
    expect(calls).toBe(3);
    expect(waits).toEqual([1000, 1000]);

    calls = 0;
    await expect(
      d.run('c', 'create', async () => {
        calls++;
        throw httpError(502);
      }),
    ).rejects.toThrow('HTTP 502');
    expect(calls).toBe(1);
  });
});

describe('ConversationRateLimiter', () => {
  it('uses Teams limits by default', () => {
    expect(TEAMS_CONVERSATION_WINDOWS).toEqual([
      { limit: 7, ms: 1000 },
      { limit: 8, ms: 2000 },
      { limit: 60, ms: 30000 },
      { limit: 1800, ms: 3600000 },
    ]);
  });

  it('queues sends over the limit in order instead of dropping them, per conversation', async () => {
    const limiter = new ConversationRateLimiter({ windows: [{ limit: 3, ms: 200 }] });
    const t0 = Date.now();
    const order: number[] = [];
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limiter.acquire('a').then(() => {
          order.push(i);
          times.push(Date.now() - t0);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(times.slice(0, 3).every((t) => t < 100)).toBe(true);
    expect(times[3]!).toBeGreaterThanOrEqual(190);
    expect(times[6]!).toBeGreaterThanOrEqual(390);
    // Another conversation is not held up by the first one's queue.
    const t1 = Date.now();
    await limiter.acquire('b');
    expect(Date.now() - t1).toBeLessThan(50);
  });

  it('applies the strictest of several windows', () => {
    let now = 0;
    const limiter = new ConversationRateLimiter({ windows: TEAMS_CONVERSATION_WINDOWS, now: () => now });
    for (let i = 0; i < 7; i++) void limiter.acquire('c');
    expect(limiter.waitMs('c')).toBe(1000); // 7 / 1 s reached
    now = 1000;
    void limiter.acquire('c'); // 8th, within 8 / 2 s
    expect(limiter.waitMs('c')).toBe(1000); // now 8 / 2 s binds until t=2000
  });
});

describe('ActivityDeduper', () => {
  it('reports a repeat of the same id in the same conversation only', () => {
    const d = new ActivityDeduper({ max: 10, ttlMs: 60_000 });
    expect(d.check('c1', 'a', { at: 1 })).toBeUndefined();
    expect(d.check('c1', 'a', { at: 2 })).toEqual({ at: 1 });
    expect(d.check('c2', 'a', { at: 3 })).toBeUndefined();
    expect(d.check('c1', undefined, { at: 4 })).toBeUndefined();
    expect(d.check('c1', undefined, { at: 5 })).toBeUndefined();
  });

  it('is bounded', () => {
    const d = new ActivityDeduper({ max: 5 });
    for (let i = 0; i < 50; i++) d.check('c', `id-${i}`, { at: i });
    expect(d.size).toBe(5);
  });
});

describe('InFlight', () => {
  it('drains finished jobs and returns the ones still running after the grace period', async () => {
    const f = new InFlight();
    let finish!: () => void;
    f.start({ conversationId: 'c', command: 'x', request: 'x', locale: 'en', cardActivityId: 'a1', reference: {} }, () => new Promise<void>((r) => (finish = r)));
    f.start({ conversationId: 'c', command: 'y', request: 'y', locale: 'en', cardActivityId: 'a2', reference: {} }, async () => {});
    await new Promise((r) => setTimeout(r, 10));
    expect(f.size).toBe(1);
    const pending = await f.drain(50);
    expect(pending.map((j) => j.command)).toEqual(['x']);
    finish();
    expect(await f.drain(1000)).toEqual([]);
  });
});
