import { describe, expect, it, vi } from 'vitest';
import { AzureError } from '../../src/azure/errors.ts';
import { withThrottleRetry } from '../../src/azure/retry.ts';
import { watchCalls } from '../../src/azure/call-watch.ts';

const throttled = (retryAfterMs?: number) => new AzureError('throttled', 'throttled', { retryAfterMs });

describe('withThrottleRetry', () => {
  it('retries throttling without Retry-After with growing jittered backoff', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withThrottleRetry(
      async () => {
        calls++;
        if (calls < 3) throw throttled();
        return 'ok';
      },
      { deadline: Date.now() + 60_000, baseDelayMs: 100, random: () => 1, sleep: async (ms) => void waits.push(ms) },
    );
    expect(value).toBe('ok');
    expect(waits).toEqual([100, 200]);
  });

  it('waits what Retry-After says', async () => {
    const waits: number[] = [];
    let calls = 0;
    await withThrottleRetry(
      async () => {
        if (calls++ === 0) throw throttled(1234);
        return 1;
      },
      { deadline: Date.now() + 60_000, sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([1234]);
  });

  it('gives up at once when the wait would overrun the budget', async () => {
    let calls = 0;
    await expect(
      withThrottleRetry(
        async () => {
          calls++;
          throw throttled(10_000);
        },
        { deadline: Date.now() + 1_000, sleep: async () => {} },
      ),
    ).rejects.toMatchObject({ kind: 'throttled' });
    expect(calls).toBe(1);
  });

  it('reports a Retry-After longer than it is worth waiting at once, even within the budget', async () => {
    const waits: number[] = [];
    let calls = 0;
    const long = throttled(60_000);
    const run = withThrottleRetry(
      async () => {
        calls++;
        throw long;
      },
      { deadline: Date.now() + 600_000, sleep: async (ms) => void waits.push(ms) },
    );
    await expect(run).rejects.toBe(long);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
    // A smaller cap applies to shorter waits too.
    calls = 0;
    await expect(withThrottleRetry(async () => { calls++; throw throttled(2_000); }, { deadline: Date.now() + 600_000, maxWaitMs: 1_000, sleep: async () => {} })).rejects.toBeInstanceOf(AzureError);
    expect(calls).toBe(1);
  });

  it('does not retry other failures, and stops after maxAttempts', async () => {
    let calls = 0;
    await expect(
      withThrottleRetry(async () => {
        calls++;
        throw new AzureError('forbidden', 'no');
      }, { deadline: Date.now() + 60_000 }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withThrottleRetry(async () => {
        calls++;
        throw throttled(0);
      }, { deadline: Date.now() + 60_000, maxAttempts: 3, sleep: async () => {} }),
    ).rejects.toMatchObject({ kind: 'throttled' });
    expect(calls).toBe(3);
  });

  it('announces each wait to the running command, and plans none past the command\'s own deadline', async () => {
    const heard: number[] = [];
    let calls = 0;
    const fail = () => {
      calls++;
      throw throttled(2_000);
    };
    // The call's budget is 60 s, but the command must answer within 3 s: one 2 s wait fits, a second does not.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // Sleeping moves the clock on, as a real wait would.
      const sleep = async (ms: number) => void vi.setSystemTime(Date.now() + ms);
      const run = watchCalls({ deadline: Date.now() + 3_000, onWait: (w) => heard.push(w.waitMs) }, () =>
        withThrottleRetry(async () => fail(), { deadline: Date.now() + 60_000, sleep }),
      );
      await expect(run).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 2_000 });
    } finally {
      vi.useRealTimers();
    }
    expect(heard).toEqual([2_000]);
    expect(calls).toBe(2);
  });
});
