/** Fitting a run into the agent's maxDurationMs with the same worst-case formula the agent uses. */
import { describe, expect, it } from 'vitest';
import { fitPacing, maxCountFor, worstCaseMs } from '../../src/probes/pacing.ts';
import { worstCaseMs as agentWorstCase } from '../../src/probe-agent/measure.ts';

const BASE = { warmup: 1, intervalMs: 500, timeoutMs: 2000 };

describe('pacing', () => {
  it('uses the agent\'s own worst-case formula', () => {
    for (const [count, targets] of [[20, 1], [20, 2], [47, 1], [1, 2]] as const) {
      expect(worstCaseMs(count, targets, BASE)).toBe(agentWorstCase({ count, ...BASE }, targets));
    }
  });
  it('keeps the default pacing when it fits', () => {
    expect(fitPacing(20, 2, BASE, 120_000)).toEqual({ ok: true, pacing: BASE, adjusted: false });
    expect(fitPacing(47, 1, BASE, 120_000)).toEqual({ ok: true, pacing: BASE, adjusted: false });
  });
  it('shortens the timeout first, then the interval', () => {
    expect(fitPacing(40, 2, BASE, 120_000)).toEqual({ ok: true, pacing: { ...BASE, timeoutMs: 1200 }, adjusted: true });
    const f = fitPacing(46, 2, BASE, 120_000);
    expect(f).toEqual({ ok: true, pacing: { warmup: 1, timeoutMs: 1200, intervalMs: 150 }, adjusted: true });
    if (f.ok) expect(worstCaseMs(46, 2, f.pacing)).toBeLessThanOrEqual(120_000);
  });
  it('says how many fit when nothing does', () => {
    expect(fitPacing(200, 2, BASE, 120_000)).toEqual({ ok: false, maxCount: 47 });
    expect(maxCountFor(2, { warmup: 1, intervalMs: 100, timeoutMs: 1200 }, 120_000)).toBe(47);
    expect(worstCaseMs(47, 2, { warmup: 1, intervalMs: 100, timeoutMs: 1200 })).toBeLessThanOrEqual(120_000);
    expect(worstCaseMs(48, 2, { warmup: 1, intervalMs: 100, timeoutMs: 1200 })).toBeGreaterThan(120_000);
  });
});
