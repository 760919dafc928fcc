/**
 * Statistics against independent reference values.
 *
 * How the values below were obtained (test/probes/reference/reference.py, run by hand, not in CI):
 *   python3 test/probes/reference/reference.py > /tmp/reference.json
 * with Python 3.11.7, SciPy 1.17.1, NumPy 2.4.6:
 * - `u`, `p` of TWO_SAMPLE: scipy.stats.mannwhitneyu(a, b) with its defaults (two-sided, use_continuity=True,
 *   method='auto': exact for `small` and `eight` (no ties, one side <= 8), normal approximation with the tie
 *   correction otherwise);
 * - `statistic`, `p` of PAIRED: scipy.stats.wilcoxon(d) with its defaults (zero_method='wilcox',
 *   correction=False, method='auto': exact for p10 and p20, a complete permutation test for p10ties, the normal
 *   approximation for p20ties, p16zeros and p60);
 * - `hl` (estimate, K, interval): the script's own plain-loop Hodges–Lehmann implementation (median of all m·n
 *   differences, order statistics K+1 and mn−K with K = floor(mn/2 − 1.96·√(mn(m+n+1)/12)); Walsh averages and
 *   K = floor(N/2 − 1.96·√(n(n+1)(2n+1)/24)) for the pairs), written from the textbook definitions;
 * - PERCENTILES: numpy.percentile(a, q, method='inverted_cdf') (nearest rank), of each set's `a`;
 * - NDTR_NEG: scipy.special.ndtr(-z), i.e. P(Z > z).
 * Inputs are microseconds (integers); the data sets are generated from numpy.random.default_rng(20260512).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparePaired,
  compareSamples,
  decide,
  erfc,
  histogram,
  hodgesLehmannPaired,
  hodgesLehmannShift,
  jitter,
  mannWhitneyU,
  mean,
  median,
  niceStep,
  normalSf,
  percentile,
  practicalThreshold,
  stddev,
  summarize,
  wilcoxonSignedRank,
} from '../../src/probes/stats.ts';

const TWO_SAMPLE = {
  small: { a: [3100, 2950, 3400, 12800, 3050], b: [2010, 2200, 1980, 2500, 2150, 2075], u: 30.0, p: 0.004329004329004329, hl: {estimate: 1032.5, k: 4, lower: 800, upper: 10600} },
  psping12: { a: [3190, 3120, 3050, 3130, 3050, 3130, 3170, 3040, 3110, 3050, 3030, 3060], b: [3050, 3300, 3050, 3080, 2950, 2970, 3190, 2900, 3010, 3330, 2910, 3180], u: 84.5, p: 0.48633002903465217, hl: {estimate: 40.0, k: 38, lower: -70, upper: 130} },
  tail: { a: [2130, 2511, 2973, 2088, 2376, 8444, 2126, 2852, 2226, 2245, 2298, 2443, 2264, 2251, 2238, 2112, 2409, 2047, 2460, 2137, 2259, 2250, 2194, 2636, 2625, 2387, 2297, 2095, 2644, 2280], b: [1832, 1259, 1367, 1351, 1403, 1070, 1246, 1291, 1158, 2134, 1170, 1155, 1569, 1228, 1674, 4905, 1507, 1093, 1623, 1286, 1479, 3946, 4806, 1042, 1631], u: 657.0, p: 1.9530906579947532e-06, hl: {estimate: 932.0, k: 259, lower: 761, upper: 1058} },
  eight: { a: [5408, 5541, 5822, 5684, 6080, 5508, 5223, 5402], b: [5699, 5392, 5680, 5869, 5985, 5697, 5871, 5432, 5467, 5520, 5352, 5623, 5250, 5404, 5426, 5689, 6745, 5379, 5766, 5629, 5625, 5641, 6106, 5312, 6586, 5824, 5780, 5823, 5903, 6699, 5361, 5827, 5662, 5711, 5378, 5429, 5688, 5779, 5350, 5505], u: 132.0, p: 0.454121798983781, hl: {estimate: -92.0, k: 89, lower: -289, upper: 130} },
  equal: { a: [3051, 3030, 3035, 3227, 3195, 3111, 3058, 3040, 3031, 3038, 3027, 3132, 3311, 3286, 3156, 3094, 3171, 3018, 3109, 3038], b: [3196, 3046, 3043, 3256, 3118, 3074, 3031, 3079, 3096, 3042, 3050, 3019, 3048, 3070, 3084, 3155, 3045, 3070, 3027, 3035], u: 218.5, p: 0.6262471115610045, hl: {estimate: 8.5, k: 127, lower: -18, upper: 66} },
} as const;
const PAIRED = {
  p10: { d: [545, -140, 436, -5, -274, 262, 176, 444, -83, 721], statistic: 12.0, p: 0.130859375, hl: {estimate: 215.5, k: 8, lower: -49.0, upper: 448.5} },
  p10ties: { d: [300, -120, 300, 450, 80, -120, 610, 300, 45, 80], statistic: 9.0, p: 0.0546875, hl: {estimate: 190.0, k: 8, lower: -20.0, upper: 375.0} },
  p20: { d: [140, 470, 80, 100, 570, 750, 280, 340, 70, 150, 20, 700, 400, 160, -250, -190, 600, 110, 60, 720], statistic: 21.0, p: 0.000850677490234375, hl: {estimate: 252.5, k: 52, lower: 105.0, upper: 405.0} },
  p20ties: { d: [150, 450, 100, 100, 550, 750, 300, 350, 50, 150, -50, 700, 400, 150, -250, -200, 600, 100, 50, 700], statistic: 23.0, p: 0.002178509849108295, hl: {estimate: 250.0, k: 52, lower: 100.0, upper: 400.0} },
  p16zeros: { d: [0, 120, -40, 0, 310, 95, 60, -15, 220, 175, -80, 140, 30, 260, 85, 5], statistic: 12.0, p: 0.011007912955186742, hl: {estimate: 78.75, k: 30, lower: 17.5, upper: 147.5} },
  p60: { d: [-109, 469, 258, 921, 59, -231, -850, 284, -93, 245, 861, 815, -592, -323, 278, 116, 572, 230, 304, -538, -34, 430, 461, -376, -680, -121, -480, -444, 174, 170, -396, -122, 105, -298, 435, -318, 300, -13, -612, 394, -111, 757, -408, -361, 220, 600, 187, -12, 143, -240, 841, 248, 168, 136, 81, 130, -85, -109, -118, 56], statistic: 776.0, p: 0.3061819609140928, hl: {estimate: 56.0, k: 648, lower: -59.0, upper: 165.0} },
} as const;
const PERCENTILES = {"tail": {"50": 2264.0, "90": 2644.0, "95": 2973.0, "99": 8444.0}, "eight": {"50": 5508.0, "90": 6080.0, "95": 6080.0, "99": 6080.0}} as const;
const NDTR_NEG: Record<string, number> = {"-3.0": 0.9986501019683699, "-1.0": 0.8413447460685429, "0.0": 0.5, "0.5": 0.3085375387259869, "1.0": 0.15865525393145707, "1.96": 0.024997895148220435, "2.5": 0.006209665325776132, "3.7": 0.00010779973347738823, "6.0": 9.865876450376946e-10, "9.0": 1.1285884059538324e-19};

/** |actual − expected| within `rel` of |expected| (p-values: 1e-12 relative; SciPy and we agree to ~1e-14). */
function close(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-300);
}

describe('percentiles, median, mean, spread (nearest rank)', () => {
  it('nearest rank: the value at rank ceil(p/100·n), no interpolation', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile(ten, 91)).toBe(10);
    expect(percentile(ten, 99)).toBe(10); // below n = 100, p99 is the max
    expect(percentile(ten, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile(ten, 101)).toThrow(RangeError);
  });
  it.each(Object.entries(PERCENTILES))('matches numpy inverted_cdf on %s', (name, expected) => {
    const a = TWO_SAMPLE[name as keyof typeof TWO_SAMPLE].a;
    for (const [q, v] of Object.entries(expected)) expect(percentile(a, Number(q))).toBe(v);
  });
  it('median is conventional (mean of the middle two); mean and stddev (n − 1)', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeUndefined();
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(stddev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 14);
    expect(stddev([1])).toBeUndefined();
  });
  it('jitter is the mean absolute difference of consecutive samples within each run', () => {
    expect(jitter([[1000, 3000, 2000]])).toBe(1500);
    // The step from 2000 to 9000 between runs does not count: (2000 + 1000 + 500) / 3.
    expect(jitter([[1000, 3000, 2000], [9000, 9500]])).toBeCloseTo(3500 / 3, 12);
    expect(jitter([[5], []])).toBeUndefined();
  });
  it('summarizes a run', () => {
    expect(summarize([[3100, 2950, 3400, 12800, 3050]])).toEqual({
      n: 5,
      min: 2950,
      p50: 3100,
      p90: 12800,
      p99: 12800,
      max: 12800,
      median: 3100,
      mean: 5060,
      stddev: expect.closeTo(4330.040415515772, 9), // Python statistics.stdev
      jitter: (150 + 450 + 9400 + 9750) / 4,
    });
    expect(summarize([[], []])).toBeUndefined();
    expect(() => summarize([[1, Number.NaN]])).toThrow(RangeError);
  });
});

describe('normal distribution', () => {
  it.each(Object.entries(NDTR_NEG))('P(Z > %s) matches scipy.special.ndtr(-z)', (z, expected) => {
    close(normalSf(Number(z)), expected, 1e-13);
  });
  it('erfc is symmetric and bounded', () => {
    expect(erfc(0)).toBe(1);
    close(erfc(-1.5) + erfc(1.5), 2, 1e-15);
    expect(erfc(40)).toBe(0);
  });
});

describe('Mann–Whitney U (SciPy mannwhitneyu)', () => {
  it.each(Object.entries(TWO_SAMPLE))('%s: U and two-sided p', (name, set) => {
    const r = mannWhitneyU(set.a, set.b);
    expect(r.u).toBe(set.u);
    close(r.p, set.p);
    expect(r.method).toBe(name === 'small' || name === 'eight' ? 'exact' : 'asymptotic');
  });
  it('swapping the samples gives U₂ = mn − U₁ and the same p', () => {
    const { a, b } = TWO_SAMPLE.tail;
    const fwd = mannWhitneyU(a, b);
    const back = mannWhitneyU(b, a);
    expect(back.u).toBe(a.length * b.length - fwd.u);
    close(back.p, fwd.p, 1e-14);
  });
  it('all values equal: p = 1, not NaN', () => {
    expect(mannWhitneyU([5, 5, 5, 5, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 5, 5, 5, 5]).p).toBe(1);
  });
});

describe('Wilcoxon signed-rank (SciPy wilcoxon)', () => {
  it.each(Object.entries(PAIRED))('%s: statistic and two-sided p', (name, set) => {
    const r = wilcoxonSignedRank(set.d);
    expect(r.statistic).toBe(set.statistic);
    close(r.p, set.p);
    const method = { p10: 'exact', p20: 'exact', p10ties: 'permutation' }[name] ?? 'asymptotic';
    expect(r.method).toBe(method);
  });
  it('zero differences are dropped (zero_method wilcox)', () => {
    expect(wilcoxonSignedRank(PAIRED.p16zeros.d).nonZero).toBe(14);
    expect(wilcoxonSignedRank([0, 0, 0])).toMatchObject({ p: 1, nonZero: 0 });
  });
});

describe('Hodges–Lehmann with distribution-free 95 % intervals (independent Python implementation)', () => {
  it.each(Object.entries(TWO_SAMPLE))('%s: two-sample shift, K and interval', (_name, set) => {
    const r = hodgesLehmannShift(set.a, set.b);
    expect(r).toEqual({ estimate: set.hl.estimate, k: set.hl.k, lower: set.hl.lower, upper: set.hl.upper, count: set.a.length * set.b.length });
  });
  it.each(Object.entries(PAIRED))('%s: Walsh averages, K and interval', (_name, set) => {
    const r = hodgesLehmannPaired(set.d);
    const n = set.d.length;
    expect(r).toEqual({ estimate: set.hl.estimate, k: set.hl.k, lower: set.hl.lower, upper: set.hl.upper, count: (n * (n + 1)) / 2 });
  });
  it('no interval when the samples are too small for 95 % (K < 0)', () => {
    const r = hodgesLehmannShift([3000, 3100], [2000, 2100]);
    expect(r.k).toBeLessThan(0);
    expect(r.lower).toBeUndefined();
    expect(r.estimate).toBe(1000);
    expect(hodgesLehmannPaired([100, 200]).lower).toBeUndefined();
  });
  it('properties: shifting A shifts the estimate and the interval; the interval holds the estimate', () => {
    const sample = fc.array(fc.integer({ min: 500, max: 20_000 }), { minLength: 6, maxLength: 25 });
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: -5000, max: 5000 }), (a, b, c) => {
        const base = hodgesLehmannShift(a, b);
        const moved = hodgesLehmannShift(
          a.map((x) => x + c),
          b,
        );
        expect(moved.estimate).toBeCloseTo(base.estimate + c, 9);
        expect(moved.lower! - c).toBeCloseTo(base.lower!, 9);
        expect(base.lower!).toBeLessThanOrEqual(base.estimate);
        expect(base.upper!).toBeGreaterThanOrEqual(base.estimate);
        const p = mannWhitneyU(a, b).p;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });
});

describe('three-outcome verdict against δ = max(0.2 ms, 5 % of the median of A)', () => {
  const est = (estimate: number, lower: number, upper: number) => ({ estimate, lower, upper, k: 10, count: 400 });
  it('δ', () => {
    expect(practicalThreshold(3000)).toBe(200);
    expect(practicalThreshold(10_000)).toBe(500);
  });
  it('faster / slower only when the whole interval is beyond ±δ', () => {
    expect(decide({ shift: est(1000, 800, 1200), delta: 200, m: 20, n: 20, paired: false }).outcome).toBe('faster');
    expect(decide({ shift: est(-1000, -1200, -800), delta: 200, m: 20, n: 20, paired: false }).outcome).toBe('slower');
    expect(decide({ shift: est(1000, 200, 1200), delta: 200, m: 20, n: 20, paired: false }).outcome).toBe('inconclusive');
  });
  it('equivalent when the whole interval is within ±δ, even if it excludes 0', () => {
    expect(decide({ shift: est(100, 50, 150), delta: 200, m: 20, n: 20, paired: false }).outcome).toBe('equivalent');
    expect(decide({ shift: est(0, -200, 200), delta: 200, m: 20, n: 20, paired: false }).outcome).toBe('equivalent');
  });
  it('inconclusive with the sample size per side that would likely decide', () => {
    // Estimate 300 µs, 95 % CI [100, 500], δ = 200, 20 per side: SE ≈ 200/1.96 = 102.04, gap = |300 − 200| = 100,
    // SE' = 100 / (1.96 + 0.8416) = 35.19, (SE'/SE)² = 0.118938; two-sample n' = 2 / (0.1 · 0.118938) = 168.2 → 170.
    expect(decide({ shift: est(300, 100, 500), delta: 200, m: 20, n: 20, paired: false })).toEqual({ outcome: 'inconclusive', delta: 200, suggestedPerSide: 170, basis: 'estimate' });
    // Paired: n' = 20 / 0.118938 = 168.2 → 170 as well.
    expect(decide({ shift: est(300, 100, 500), delta: 200, m: 20, n: 20, paired: true }).suggestedPerSide).toBe(170);
    // Unequal sides: 1/10 + 1/40 = 0.125 → n' = 2 / (0.125 · 0.118938) = 134.5 → 140.
    expect(decide({ shift: est(300, 100, 500), delta: 200, m: 10, n: 40, paired: false }).suggestedPerSide).toBe(140);
    expect(decide({ shift: est(300, 100, 500), delta: 200, m: 20, n: 20, paired: false }).basis).toBe('estimate');
    // Estimate on δ (or within 10 % of δ from it): no finite size decides; capped and flagged.
    expect(decide({ shift: est(200, 0, 400), delta: 200, m: 20, n: 20, paired: false })).toMatchObject({ suggestedPerSide: 10_000, suggestionCapped: true, basis: 'near-threshold' });
    expect(decide({ shift: est(215, 0, 400), delta: 200, m: 4, n: 4, paired: false }).basis).toBe('near-threshold');
    // No interval at all: the recommended 20 per side (at least 10 more than now).
    expect(decide({ shift: { estimate: 100, k: -1, count: 4 }, delta: 200, m: 2, n: 2, paired: false })).toMatchObject({ suggestedPerSide: 20, basis: 'too-few' });
  });
  it('from a handful of samples asks for the recommended 20 per side, not an extrapolation', () => {
    // Four pings a side with one outlier: the interval is set by the extremes. Extrapolated, -50 µs [-9750, +750]
    // against δ = 200 would ask for the 10,000 cap; four samples cannot say that.
    expect(decide({ shift: est(-50, -9750, 750), delta: 200, m: 4, n: 4, paired: false })).toEqual({ outcome: 'inconclusive', delta: 200, suggestedPerSide: 20, basis: 'too-few' });
    // With 10 or more a side, the same spread is worth saying so: capped, because of the spread.
    expect(decide({ shift: est(-50, -9750, 750), delta: 200, m: 20, n: 20, paired: false })).toMatchObject({ suggestedPerSide: 10_000, suggestionCapped: true, basis: 'spread' });
  });
  it('compareSamples / comparePaired put it together', () => {
    const c = compareSamples(TWO_SAMPLE.tail.a, TWO_SAMPLE.tail.b)!;
    expect(c).toMatchObject({ design: 'two-sample', m: 30, n: 25, test: 'mann-whitney', decision: { outcome: 'faster', delta: 200 } });
    expect(c.medianA).toBe(median(TWO_SAMPLE.tail.a));
    const pairs = PAIRED.p20.d.map((d, i) => [3000 + d + i, 3000 + i] as [number, number]);
    const p = comparePaired(pairs)!;
    expect(p).toMatchObject({ design: 'paired', m: 20, test: 'wilcoxon', testMethod: 'exact' });
    expect(p.shift.estimate).toBe(PAIRED.p20.hl.estimate);
    close(p.p, PAIRED.p20.p);
    expect(compareSamples([], [1])).toBeUndefined();
    expect(compareSamples(TWO_SAMPLE.equal.a, TWO_SAMPLE.equal.b)!.decision.outcome).toBe('equivalent');
  });
});

describe('histogram', () => {
  it('shares nice bins between series, with an open bin for the tail', () => {
    const a = [2950, 3050, 3100, 3400, 12_800];
    const b = [2010, 2075, 2150, 2200, 2500, 1980];
    const bins = histogram([a, b]);
    expect(bins.reduce((s, x) => s + x.counts[0]!, 0)).toBe(a.length);
    expect(bins.reduce((s, x) => s + x.counts[1]!, 0)).toBe(b.length);
    expect(bins.at(-1)!.upper).toBe(Infinity);
    expect(bins.at(-1)!.counts[0]).toBe(1);
    for (const bin of bins.slice(0, -1)) expect(bin.upper - bin.lower).toBeCloseTo(bins[0]!.upper - bins[0]!.lower, 9);
    expect(histogram([[]])).toEqual([]);
  });
  it('nice steps', () => {
    expect(niceStep(0.13)).toBe(0.2);
    expect(niceStep(180)).toBe(200);
    expect(niceStep(230)).toBe(250);
    expect(niceStep(1000)).toBe(1000);
  });
});
