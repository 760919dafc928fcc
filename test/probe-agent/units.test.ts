/** Token comparison, limits, summary statistics. */
import { describe, expect, it } from 'vitest';
import { TokenSet } from '../../src/probe-agent/auth.ts';
import { ConcurrencyGate, TokenBucket } from '../../src/probe-agent/limits.ts';
import { nearestRank, summarise } from '../../src/probe-agent/summary.ts';
import type { ProbeSample } from '../../src/probe-agent/types.ts';

describe('TokenSet', () => {
  const set = new TokenSet(['first-token-0123456789', 'second-token-0123456789']);
  it('matches the exact bearer token and says which one', () => {
    expect(set.match('Bearer first-token-0123456789')).toBe(0);
    expect(set.match('bearer second-token-0123456789')).toBe(1);
  });
  it('refuses anything else', () => {
    for (const h of [undefined, '', 'Bearer', 'Bearer ', 'Basic first-token-0123456789', 'Bearer first-token-012345678', 'Bearer first-token-01234567890', 'first-token-0123456789', 'Bearer first-token-0123456789 extra']) {
      expect(set.match(h), String(h)).toBe(-1);
    }
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then refills at the sustained rate', () => {
    let now = 0;
    const b = new TokenBucket({ perMinute: 60, burst: 2 }, () => now);
    expect(b.take().ok).toBe(true);
    expect(b.take().ok).toBe(true);
    const r = b.take();
    expect(r).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(b.take().ok).toBe(true);
    expect(b.take().ok).toBe(false);
    now += 60_000;
    expect(b.take().ok).toBe(true);
    expect(b.take().ok).toBe(true);
    expect(b.take().ok).toBe(false);
  });
});

describe('ConcurrencyGate', () => {
  it('admits up to max jobs and tells when to retry', () => {
    const g = new ConcurrencyGate(1);
    const first = g.enter(4_200);
    expect(first.ok).toBe(true);
    expect(g.busy).toBe(1);
    const second = g.enter(1_000);
    expect(second).toEqual({ ok: false, retryAfterSeconds: 5 });
    if (first.ok) {
      first.release();
      first.release();
    }
    expect(g.busy).toBe(0);
    expect(g.enter(1).ok).toBe(true);
  });
});

describe('summary', () => {
  const s = (seq: number, rest: Partial<ProbeSample>): ProbeSample => ({ target: 't', seq, round: seq, warmup: false, ok: true, retransmit: false, ...rest });
  it('nearest-rank percentiles', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(v, 50)).toBe(5);
    expect(nearestRank(v, 90)).toBe(9);
    expect(nearestRank(v, 99)).toBe(10);
    expect(nearestRank([7], 50)).toBe(7);
  });
  it('counts losses and retransmits, leaves warmups and retransmits out of the figures', () => {
    const samples = [
      s(0, { warmup: true, rttUs: 9000 }),
      s(1, { rttUs: 3100 }),
      s(2, { ok: false, error: 'timeout' }),
      s(3, { rttUs: 1_003_200, retransmit: true }),
      s(4, { rttUs: 2950 }),
      s(5, { rttUs: 12_800 }),
      { ...s(0, { rttUs: 1 }), target: 'other' },
    ];
    expect(summarise(samples, 't')).toEqual({
      sent: 5, received: 4, lost: 1, retransmits: 1,
      minUs: 2950, p50Us: 3100, p90Us: 12_800, p99Us: 12_800, maxUs: 12_800, meanUs: Math.round((3100 + 2950 + 12_800) / 3),
    });
  });
});
