/** diagnoseLatency: the outcome first, then loss, then the design caveat; every rule registered. */
import { describe, expect, it } from 'vitest';
import { diagnoseLatency, LATENCY_RULES } from '../../src/diagnosis/latency.ts';
import { translator } from '../../src/i18n/index.ts';
import { compareSamples, summarize } from '../../src/probes/stats.ts';

const en = translator('en');

describe('diagnoseLatency', () => {
  it('registers the six rules', () => {
    expect(Object.keys(LATENCY_RULES)).toEqual(['LAT-FASTER', 'LAT-SLOWER', 'LAT-EQUIVALENT', 'LAT-INCONCLUSIVE', 'LAT-LOSS', 'LAT-NOT-INTERLEAVED']);
  });
  it('orders the verdict first, then loss, then the caveat', () => {
    const a = [3120, 3050, 3300, 3080, 3210, 2980, 3150, 3400, 3020, 3110, 3260, 3090];
    const b = [2050, 2110, 1980, 2200, 2020, 2150, 2080, 2010, 2100, 1990, 2060, 2310];
    const vs = diagnoseLatency(
      {
        design: 'pasted',
        a: { label: 'group 1', sent: 13, lost: 1, retransmits: 0, summary: summarize([a])! },
        b: { label: 'group 2', sent: 12, lost: 0, retransmits: 0, summary: summarize([b])! },
        comparison: compareSamples(a, b)!,
        groups: [3, 3],
      },
      en,
    );
    expect(vs.map((v) => v.ruleId)).toEqual(['LAT-FASTER', 'LAT-LOSS', 'LAT-NOT-INTERLEAVED']);
  });
  it('3 vs 3 pasted, every sample of group 1 above every one of group 2: no faster verdict (issue 15, point 9)', () => {
    const a = [3000, 3100, 3200];
    const b = [2000, 2100, 2200];
    const vs = diagnoseLatency(
      {
        design: 'pasted',
        a: { label: 'group 1', sent: 3, lost: 0, retransmits: 0, summary: summarize([a])! },
        b: { label: 'group 2', sent: 3, lost: 0, retransmits: 0, summary: summarize([b])! },
        comparison: compareSamples(a, b)!,
        groups: [1, 1],
      },
      en,
    );
    // Was: LAT-FASTER "group 2 is faster than group 1 by 1.000 ms (95 % CI 0.800 ms to 1.200 ms)", with p = 0.1000.
    expect(vs.map((v) => v.ruleId)).toEqual(['LAT-INCONCLUSIVE', 'LAT-NOT-INTERLEAVED']);
    expect(vs[0]!.title).toBe('Not enough data to tell group 1 and group 2 apart: collect about 17 more per side');
    expect(vs[0]!.detail).toContain('the smallest p-value it can give, even with every sample of one side beyond every one of the other, is 0.1000');
  });
  it('a clean single run has no verdict', () => {
    expect(diagnoseLatency({ design: 'single', a: { label: 'x', sent: 3, lost: 0, retransmits: 0, summary: summarize([[1, 2, 3]])! } }, en)).toEqual([]);
  });
});
