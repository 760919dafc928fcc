/**
 * Statistics against independent reference values.
 *
 * How the values below were obtained (test/probes/reference/reference.py, run by hand, not in CI):
 *   python3 test/probes/reference/reference.py > /tmp/reference.json
 * with Python 3.11.7, SciPy 1.17.1, NumPy 2.4.6:
 * - `u`, `p` of TWO_SAMPLE: scipy.stats.mannwhitneyu(a, b, method='exact') for the sets without ties (small, tail,
 *   eight); for those with ties (psping12, equal) the exact permutation distribution of U given the ties, from the
 *   script's own dictionary DP (checked there against SciPy's PermutationMethod on sets small enough to
 *   enumerate); for `large` SciPy's defaults (the normal approximation with the tie correction);
 * - `statistic`, `p` of PAIRED: scipy.stats.wilcoxon(d, method='exact') without ties or zeros (p10, p20);
 *   every sign assignment with them (p10ties, p16zeros: SciPy's PermutationMethod; p20ties, p60: the script's DP);
 *   SciPy's defaults (normal approximation) for p400;
 * - `hl` (estimate, K, interval, coverage): the script's own plain-loop Hodges–Lehmann implementation (median of
 *   all m·n differences or of the Walsh averages, order statistics K+1 and N−K), K the largest with
 *   2·P(S ≤ K) ≤ 0.05 in the exact null distribution (Mann and Whitney's recursion; subsets of 1..n by sum),
 *   coverage = 1 − 2·P(S ≤ K); for `large` and p400 K = floor(N/2 − ½ − 1.96·√var);
 * - PERCENTILES: numpy.percentile(a, q, method='inverted_cdf') (nearest rank), of each set's `a`;
 * - NDTR_NEG: scipy.special.ndtr(-z).
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
  mannWhitneyNull,
  mannWhitneyU,
  mean,
  minAttainableP,
  minPerSideToDecide,
  median,
  niceStep,
  normalSf,
  percentile,
  practicalThreshold,
  stddev,
  signedRankNull,
  summarize,
  wilcoxonSignedRank,
  type ShiftEstimate,
} from '../../src/probes/stats.ts';

/** 300 vs 300 with ties, by formula (the same in reference.py): too large for the exact distributions. */
const LARGE = {
  a: Array.from({ length: 300 }, (_, i) => 3000 + ((i * 7919) % 1000)),
  b: Array.from({ length: 300 }, (_, i) => 2950 + ((i * 104729) % 1013)),
};
/** 400 pairs with ties, by formula (the same in reference.py): normal approximation. */
const P400 = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 1000) - ((i * 104729) % 1013) + 50);
const TWO_SAMPLE = {
  small: { a: [3100, 2950, 3400, 12800, 3050], b: [2010, 2200, 1980, 2500, 2150, 2075], u: 30.0, p: 0.004329004329004329, hl: { estimate: 1032.5, k: 3, lower: 750, upper: 10650, coverage: 0.9696969696969697 } },
  psping12: { a: [3190, 3120, 3050, 3130, 3050, 3130, 3170, 3040, 3110, 3050, 3030, 3060], b: [3050, 3300, 3050, 3080, 2950, 2970, 3190, 2900, 3010, 3330, 2910, 3180], u: 84.5, p: 0.4844062250846475, hl: { estimate: 40.0, k: 37, lower: -70, upper: 130, coverage: 0.9550980047009122 } },
  tail: { a: [2130, 2511, 2973, 2088, 2376, 8444, 2126, 2852, 2226, 2245, 2298, 2443, 2264, 2251, 2238, 2112, 2409, 2047, 2460, 2137, 2259, 2250, 2194, 2636, 2625, 2387, 2297, 2095, 2644, 2280], b: [1832, 1259, 1367, 1351, 1403, 1070, 1246, 1291, 1158, 2134, 1170, 1155, 1569, 1228, 1674, 4905, 1507, 1093, 1623, 1286, 1479, 3946, 4806, 1042, 1631], u: 657.0, p: 3.2221489455196287e-07, hl: { estimate: 932.0, k: 258, lower: 761, upper: 1060, coverage: 0.9516433194619193 } },
  eight: { a: [5408, 5541, 5822, 5684, 6080, 5508, 5223, 5402], b: [5699, 5392, 5680, 5869, 5985, 5697, 5871, 5432, 5467, 5520, 5352, 5623, 5250, 5404, 5426, 5689, 6745, 5379, 5766, 5629, 5625, 5641, 6106, 5312, 6586, 5824, 5780, 5823, 5903, 6699, 5361, 5827, 5662, 5711, 5378, 5429, 5688, 5779, 5350, 5505], u: 132.0, p: 0.454121798983781, hl: { estimate: -92.0, k: 89, lower: -289, upper: 130, coverage: 0.9501774052695633 } },
  equal: { a: [3051, 3030, 3035, 3227, 3195, 3111, 3058, 3040, 3031, 3038, 3027, 3132, 3311, 3286, 3156, 3094, 3171, 3018, 3109, 3038], b: [3196, 3046, 3043, 3256, 3118, 3074, 3031, 3079, 3096, 3042, 3050, 3019, 3048, 3070, 3084, 3155, 3045, 3070, 3027, 3035], u: 218.5, p: 0.6251290233541044, hl: { estimate: 8.5, k: 127, lower: -18, upper: 66, coverage: 0.9509096748106276 } },
  large: { ...LARGE, u: 49417.5, p: 0.037483064980737245, hl: { estimate: 51.0, k: 40838, lower: 3, upper: 99 } },
} as const;
const PAIRED = {
  p10: { d: [545, -140, 436, -5, -274, 262, 176, 444, -83, 721], statistic: 12.0, p: 0.130859375, hl: { estimate: 215.5, k: 8, lower: -49.0, upper: 448.5, coverage: 0.951171875 } },
  p10ties: { d: [300, -120, 300, 450, 80, -120, 610, 300, 45, 80], statistic: 9.0, p: 0.0546875, hl: { estimate: 190.0, k: 8, lower: -20.0, upper: 375.0, coverage: 0.951171875 } },
  p20: { d: [140, 470, 80, 100, 570, 750, 280, 340, 70, 150, 20, 700, 400, 160, -250, -190, 600, 110, 60, 720], statistic: 21.0, p: 0.000850677490234375, hl: { estimate: 252.5, k: 52, lower: 105.0, upper: 405.0, coverage: 0.9515590667724609 } },
  p20ties: { d: [150, 450, 100, 100, 550, 750, 300, 350, 50, 150, -50, 700, 400, 150, -250, -200, 600, 100, 50, 700], statistic: 23.0, p: 0.0011959075927734375, hl: { estimate: 250.0, k: 52, lower: 100.0, upper: 400.0, coverage: 0.9515590667724609 } },
  p16zeros: { d: [0, 120, -40, 0, 310, 95, 60, -15, 220, 175, -80, 140, 30, 260, 85, 5], statistic: 12.0, p: 0.008544921875, hl: { estimate: 78.75, k: 29, lower: 15.0, upper: 147.5, coverage: 0.9556884765625 } },
  p60: { d: [-109, 469, 258, 921, 59, -231, -850, 284, -93, 245, 861, 815, -592, -323, 278, 116, 572, 230, 304, -538, -34, 430, 461, -376, -680, -121, -480, -444, 174, 170, -396, -122, 105, -298, 435, -318, 300, -13, -612, 394, -111, 757, -408, -361, 220, 600, 187, -12, 143, -240, 841, 248, 168, 136, 81, 130, -85, -109, -118, 56], statistic: 776.0, p: 0.3094382079252719, hl: { estimate: 56.0, k: 648, lower: -59.0, upper: 165.0, coverage: 0.9507184940156387 } },
  p400: { d: P400, statistic: 35077.0, p: 0.03640759706987637, hl: { estimate: 47.0, k: 35564, lower: 3.0, upper: 89.5 } },
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

describe('Mann–Whitney U (SciPy mannwhitneyu, exact wherever cheap)', () => {
  it.each(Object.entries(TWO_SAMPLE))('%s: U and two-sided p', (name, set) => {
    const r = mannWhitneyU(set.a, set.b);
    expect(r.u).toBe(set.u);
    close(r.p, set.p);
    expect(r.method).toBe(name === 'large' ? 'asymptotic' : 'exact');
  });
  it('exact with ties: the permutation distribution given the ties, not the normal approximation', () => {
    // Complete separation, 12 vs 12, with ties inside each side: p = 2 / C(24, 12) exactly. The normal
    // approximation SciPy's default uses here says 3.7e-5, fifty times too large.
    const { a, b } = { a: [3120, 3050, 3300, 3080, 3210, 2980, 3150, 3400, 3020, 3110, 3260, 3090, 3120], b: [2050, 2110, 1980, 2200, 2020, 2150, 2080, 2010, 2100, 1990, 2060, 2310] };
    close(mannWhitneyU(a.slice(0, 12), b).p, 2 / 2_704_156);
    // All values equal within and across: nothing can be told apart.
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5, 5])).toMatchObject({ p: 1, method: 'exact' });
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

describe('Wilcoxon signed-rank (SciPy wilcoxon, exact wherever cheap)', () => {
  it.each(Object.entries(PAIRED))('%s: statistic and two-sided p', (name, set) => {
    const r = wilcoxonSignedRank(set.d);
    expect(r.statistic).toBe(set.statistic);
    close(r.p, set.p);
    const method = { p10: 'exact', p20: 'exact', p400: 'asymptotic' }[name] ?? 'permutation';
    expect(r.method).toBe(method);
  });
  it('zero differences are dropped (zero_method wilcox)', () => {
    expect(wilcoxonSignedRank(PAIRED.p16zeros.d).nonZero).toBe(14);
    expect(wilcoxonSignedRank([0, 0, 0])).toMatchObject({ p: 1, nonZero: 0 });
  });
});

/** The reference's coverage (exact sets) to 1e-12; the large sets' is the normal approximation's, near 0.95. */
function expectInterval(r: ShiftEstimate, hl: { estimate: number; k: number; lower: number; upper: number; coverage?: number }, count: number): void {
  expect(r).toMatchObject({ estimate: hl.estimate, k: hl.k, lower: hl.lower, upper: hl.upper, count, confidence: 0.95, method: hl.coverage === undefined ? 'asymptotic' : 'exact' });
  if (hl.coverage !== undefined) close(r.coverage!, hl.coverage);
  else expect(r.coverage).toBeCloseTo(0.95, 3);
  expect(r.coverage).toBeGreaterThanOrEqual(0.95);
}

describe('Hodges–Lehmann with distribution-free 95 % intervals (independent Python implementation)', () => {
  it.each(Object.entries(TWO_SAMPLE))('%s: two-sample shift, K and interval', (_name, set) => {
    expectInterval(hodgesLehmannShift(set.a, set.b), set.hl, set.a.length * set.b.length);
  });
  it.each(Object.entries(PAIRED))('%s: Walsh averages, K and interval', (_name, set) => {
    const n = set.d.length;
    expectInterval(hodgesLehmannPaired(set.d), set.hl, (n * (n + 1)) / 2);
  });
  it('K from the exact distribution: the normal formula (K = 4 for 5 vs 6) covered only 94.8 %', () => {
    // 5 vs 6: C(11, 5) = 462 arrangements; P(U ≤ 3) = 7/462, P(U ≤ 4) = 12/462. K = 3 covers 1 − 14/462 = 97.0 %;
    // K = 4 (what floor(15 − 1.96·√27.5) gives) would cover 1 − 24/462 = 94.8 % while saying 95 %.
    const r = hodgesLehmannShift(TWO_SAMPLE.small.a, TWO_SAMPLE.small.b);
    expect(r.k).toBe(3);
    close(r.coverage!, 1 - 14 / 462);
    expect(mannWhitneyNull(5, 6).slice(0, 5)).toEqual(new Float64Array([1, 1, 2, 3, 5]));
  });
  it('no interval when the samples are too small for 95 % (K < 0): the test could not reach 0.05 either', () => {
    const r = hodgesLehmannShift([3000, 3100], [2000, 2100]);
    expect(r.k).toBeLessThan(0);
    expect(r.lower).toBeUndefined();
    expect(r.coverage).toBeUndefined();
    expect(r.estimate).toBe(1000);
    // 3 vs 3: the widest interval (min to max of the differences) covers only 1 − 2/20 = 90 %.
    expect(hodgesLehmannShift([3000, 3100, 3200], [2000, 2100, 2200]).lower).toBeUndefined();
    // 4 vs 4 and 3 vs 5 can: 1 − 2/70 and 1 − 2/56.
    close(hodgesLehmannShift([1, 2, 3, 4], [5, 6, 7, 8]).coverage!, 1 - 2 / 70);
    close(hodgesLehmannShift([1, 2, 3], [5, 6, 7, 8, 9]).coverage!, 1 - 2 / 56);
    // Pairs: five cover at most 1 − 2/32 = 93.75 %; six 1 − 2/64.
    expect(hodgesLehmannPaired([100, 200, 300, 400, 500]).lower).toBeUndefined();
    expect(hodgesLehmannPaired([100, 200, 300, 400, 500, 600])).toMatchObject({ k: 0, lower: 100, upper: 600, coverage: 1 - 2 / 64 });
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
  it('faster / slower only when the whole interval is beyond ±δ and p ≤ 0.05', () => {
    expect(decide({ shift: est(1000, 800, 1200), delta: 200, m: 20, n: 20, paired: false, p: 0.001 }).outcome).toBe('faster');
    expect(decide({ shift: est(-1000, -1200, -800), delta: 200, m: 20, n: 20, paired: false, p: 0.001 }).outcome).toBe('slower');
    expect(decide({ shift: est(1000, 200, 1200), delta: 200, m: 20, n: 20, paired: false, p: 0.001 }).outcome).toBe('inconclusive');
    // The interval clears δ but the test does not reach 0.05 (possible with many ties): no claim.
    expect(decide({ shift: est(1000, 800, 1200), delta: 200, m: 20, n: 20, paired: false, p: 0.06 })).toEqual({ outcome: 'inconclusive', delta: 200, suggestedPerSide: 30, basis: 'test' });
    expect(decide({ shift: est(-1000, -1200, -800), delta: 200, m: 20, n: 20, paired: true, p: 0.0500001 }).basis).toBe('test');
    expect(decide({ shift: est(1000, 800, 1200), delta: 200, m: 20, n: 20, paired: false, p: 0.05 }).outcome).toBe('faster');
  });
  it('too few samples for the test to reach 0.05 whatever the values: inconclusive, with the least count and the recommended 20', () => {
    // The smallest attainable two-sided p: 2 / C(m+n, m), pairs 2 / 2^n.
    expect(minAttainableP(3, 3, false)).toBe(0.1);
    close(minAttainableP(4, 4, false), 2 / 70);
    close(minAttainableP(3, 4, false), 2 / 35);
    close(minAttainableP(2, 8, false), 2 / 45);
    expect(minAttainableP(1, 39, false)).toBe(0.05);
    close(minAttainableP(1, 38, false), 2 / 39);
    expect(minAttainableP(5, 5, true)).toBe(0.0625);
    expect(minAttainableP(6, 6, true)).toBe(0.03125);
    expect(minAttainableP(1, 1, false)).toBe(1);
    // Computed, not assumed: 4 per side (2/70 = 0.029; 3 per side: 0.1), 6 pairs (0.031; 5 pairs: 0.0625).
    expect(minPerSideToDecide(false)).toBe(4);
    expect(minPerSideToDecide(true)).toBe(6);
    // Whatever the interval says, 3 vs 3 gets no verdict: the recommended 20 per side, and 4 as the least.
    const beyond = est(1000, 800, 1200);
    expect(decide({ shift: beyond, delta: 200, m: 3, n: 3, paired: false, p: 0.1 })).toEqual({ outcome: 'inconclusive', delta: 200, suggestedPerSide: 20, basis: 'unreachable', minP: 0.1, minPerSide: 4 });
    expect(decide({ shift: beyond, delta: 200, m: 5, n: 5, paired: true, p: 0.0625 })).toMatchObject({ basis: 'unreachable', minP: 0.0625, minPerSide: 6 });
    // Unequal: 1 vs 30 cannot (2/31); at least 10 more than the larger side.
    expect(decide({ shift: beyond, delta: 200, m: 1, n: 30, paired: false, p: 0.0645 })).toMatchObject({ basis: 'unreachable', suggestedPerSide: 40 });
    // Even a p below 0.05 from an approximation does not override it.
    expect(decide({ shift: beyond, delta: 200, m: 3, n: 3, paired: false, p: 0.01 }).outcome).toBe('inconclusive');
    expect(decide({ shift: beyond, delta: 200, m: 4, n: 4, paired: false, p: 2 / 70 }).outcome).toBe('faster');
  });
  it('equivalent when the whole interval is within ±δ, even if it excludes 0', () => {
    expect(decide({ shift: est(100, 50, 150), delta: 200, m: 20, n: 20, paired: false, p: 0.001 }).outcome).toBe('equivalent');
    expect(decide({ shift: est(0, -200, 200), delta: 200, m: 20, n: 20, paired: false, p: 0.001 }).outcome).toBe('equivalent');
  });
  it('inconclusive with the sample size per side that would likely decide', () => {
    // Estimate 300 µs, 95 % CI [100, 500], δ = 200, 20 per side: SE ≈ 200/1.96 = 102.04, gap = |300 − 200| = 100,
    // SE' = 100 / (1.96 + 0.8416) = 35.19, (SE'/SE)² = 0.118938; two-sample n' = 2 / (0.1 · 0.118938) = 168.2 → 170.
    expect(decide({ shift: est(300, 100, 500), delta: 200, m: 20, n: 20, paired: false, p: 0.001 })).toEqual({ outcome: 'inconclusive', delta: 200, suggestedPerSide: 170, basis: 'estimate' });
    // Paired: n' = 20 / 0.118938 = 168.2 → 170 as well.
    expect(decide({ shift: est(300, 100, 500), delta: 200, m: 20, n: 20, paired: true, p: 0.001 }).suggestedPerSide).toBe(170);
    // Unequal sides: 1/10 + 1/40 = 0.125 → n' = 2 / (0.125 · 0.118938) = 134.5 → 140.
    expect(decide({ shift: est(300, 100, 500), delta: 200, m: 10, n: 40, paired: false, p: 0.001 }).suggestedPerSide).toBe(140);
    expect(decide({ shift: est(300, 100, 500), delta: 200, m: 20, n: 20, paired: false, p: 0.001 }).basis).toBe('estimate');
    // Estimate on δ (or within 10 % of δ from it): no finite size decides; capped and flagged.
    expect(decide({ shift: est(200, 0, 400), delta: 200, m: 20, n: 20, paired: false, p: 0.001 })).toMatchObject({ suggestedPerSide: 10_000, suggestionCapped: true, basis: 'near-threshold' });
    expect(decide({ shift: est(215, 0, 400), delta: 200, m: 4, n: 4, paired: false, p: 0.2 }).basis).toBe('near-threshold');
    // No interval although the test could decide (not with the exact K; defensive): the recommended 20 per side.
    expect(decide({ shift: { estimate: 100 }, delta: 200, m: 5, n: 5, paired: false, p: 0.001 })).toMatchObject({ suggestedPerSide: 20, basis: 'too-few' });
  });
  it('from a handful of samples asks for the recommended 20 per side, not an extrapolation', () => {
    // Four pings a side with one outlier: the interval is set by the extremes. Extrapolated, -50 µs [-9750, +750]
    // against δ = 200 would ask for the 10,000 cap; four samples cannot say that.
    expect(decide({ shift: est(-50, -9750, 750), delta: 200, m: 4, n: 4, paired: false, p: 0.001 })).toEqual({ outcome: 'inconclusive', delta: 200, suggestedPerSide: 20, basis: 'too-few' });
    // With 10 or more a side, the same spread is worth saying so: capped, because of the spread.
    expect(decide({ shift: est(-50, -9750, 750), delta: 200, m: 20, n: 20, paired: false, p: 0.001 })).toMatchObject({ suggestedPerSide: 10_000, suggestionCapped: true, basis: 'spread' });
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

// ------------------------------------------------------------------------------------------ no unsupported claims

/**
 * Independent of src/probes/stats.ts: the exact two-sided p of U given the ties (a DP over the pooled values by
 * count and doubled rank sum), the exact p of R+ given ties and zeros (all 2^n sign assignments, enumerated), the
 * null distribution of U without ties (Mann and Whitney's recursion) and of R+ (all 2^n subsets, enumerated).
 */
function doubledMidranks(values: readonly number[]): number[] {
  const s = [...values].sort((x, y) => x - y);
  return values.map((v) => s.indexOf(v) + s.lastIndexOf(v) + 2);
}
function twoSided(counts: Map<number, number>, at: number): number {
  let le = 0;
  let ge = 0;
  let all = 0;
  for (const [s, c] of counts) {
    all += c;
    if (s <= at) le += c;
    if (s >= at) ge += c;
  }
  return Math.min(1, (2 * Math.min(le, ge)) / all);
}
function exactMannWhitneyP(a: readonly number[], b: readonly number[]): number {
  const r = doubledMidranks([...a, ...b]);
  const bySize = Array.from({ length: a.length + 1 }, () => new Map<number, number>());
  bySize[0]!.set(0, 1);
  for (const x of r) {
    for (let j = a.length; j >= 1; j--) for (const [s, c] of bySize[j - 1]!) bySize[j]!.set(s + x, (bySize[j]!.get(s + x) ?? 0) + c);
  }
  return twoSided(bySize[a.length]!, r.slice(0, a.length).reduce((s, x) => s + x, 0));
}
function exactSignedRankP(d: readonly number[]): number {
  const nz = d.filter((x) => x !== 0);
  if (nz.length === 0) return 1;
  const r = doubledMidranks(nz.map(Math.abs));
  const counts = new Map<number, number>();
  for (let mask = 0; mask < 2 ** nz.length; mask++) {
    let s = 0;
    for (let i = 0; i < nz.length; i++) if (mask & (1 << i)) s += r[i]!;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return twoSided(counts, nz.reduce((s, x, i) => (x > 0 ? s + r[i]! : s), 0));
}
const mwMemo = new Map<string, number>();
/** Arrangements of m A's and n B's with U = u: the largest value is an A (beating all n B's) or a B. */
function mwCount(u: number, m: number, n: number): number {
  if (u < 0) return 0;
  if (m === 0 || n === 0) return u === 0 ? 1 : 0;
  const key = `${u},${m},${n}`;
  let c = mwMemo.get(key);
  if (c === undefined) mwMemo.set(key, (c = mwCount(u - n, m - 1, n) + mwCount(u, m, n - 1)));
  return c;
}
const srMemo = new Map<number, number[]>();
function srCounts(n: number): number[] {
  let c = srMemo.get(n);
  if (!c) {
    c = new Array<number>((n * (n + 1)) / 2 + 1).fill(0);
    for (let mask = 0; mask < 2 ** n; mask++) {
      let s = 0;
      for (let i = 0; i < n; i++) if (mask & (1 << i)) s += i + 1;
      c[s]!++;
    }
    srMemo.set(n, c);
  }
  return c;
}
/** 1 − 2·P(S ≤ k) under no shift, from the counts of S = 0, 1, …; 1 for k < 0 is not an interval. */
function coverageOf(countAt: (s: number) => number, all: number, k: number): number {
  let cum = 0;
  for (let s = 0; s <= k; s++) cum += countAt(s);
  return 1 - (2 * cum) / all;
}
function binomial(t: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (t - k + i)) / i;
  return Math.round(c);
}

describe('no faster/slower claim the data cannot support (issue 15, point 9)', () => {
  it("the issue's example: 3 vs 3, every A above every B: no claim, p = 0.1 is the best 3 and 3 can do", () => {
    const c = compareSamples([3000, 3100, 3200], [2000, 2100, 2200])!;
    // Before: "group 2 is faster by 1.000 ms (95 % CI 0.800 to 1.200 ms)", an interval that covers 90 %.
    expect(c.shift).toMatchObject({ estimate: 1000, k: -1 });
    expect(c.shift.lower).toBeUndefined();
    expect(c).toMatchObject({ p: 0.1, testMethod: 'exact' });
    expect(c.decision).toEqual({ outcome: 'inconclusive', delta: 200, suggestedPerSide: 20, basis: 'unreachable', minP: 0.1, minPerSide: 4 });
    // One more each and the same picture is a verdict: p = 2/70, interval [700, 1300] covering 97.1 %.
    const four = compareSamples([3000, 3100, 3200, 3300], [2000, 2100, 2200, 2300])!;
    expect(four.decision.outcome).toBe('faster');
    expect(four.shift).toMatchObject({ lower: 700, upper: 1300 });
    close(four.p, 2 / 70);
  });

  const SEED = 20260512;
  // Values on a grid (few levels: many ties; 1000 levels: almost none), A shifted by a multiple of the step.
  const grid = fc.record({
    m: fc.integer({ min: 1, max: 15 }),
    n: fc.integer({ min: 1, max: 15 }),
    step: fc.constantFrom(10, 100, 250, 1000),
    levels: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(1000)),
    shift: fc.integer({ min: -4, max: 4 }),
  });
  const samples = grid.chain(({ m, n, step, levels, shift }) =>
    fc.record({
      a: fc.array(fc.integer({ min: 0, max: levels - 1 }), { minLength: m, maxLength: m }).map((l) => l.map((x) => 3000 + shift * step + x * step)),
      b: fc.array(fc.integer({ min: 0, max: levels - 1 }), { minLength: n, maxLength: n }).map((l) => l.map((x) => 3000 + x * step)),
    }),
  );

  it('two samples of 1 to 15 each, with ties: no claim with exact p > 0.05; every interval covers at least what it states', () => {
    const seen = { claims: 0, unreachable: 0, intervals: 0 };
    fc.assert(
      fc.property(samples, ({ a, b }) => {
        const c = compareSamples(a, b)!;
        const { m, n } = c;
        const exactP = exactMannWhitneyP(a, b);
        // The p the evidence shows is the exact one, given the ties.
        expect(Math.abs(c.p - exactP)).toBeLessThanOrEqual(1e-9 * exactP);
        const all = binomial(m + n, m);
        if (c.decision.outcome === 'faster' || c.decision.outcome === 'slower') {
          seen.claims++;
          expect(exactP).toBeLessThanOrEqual(0.05);
          expect(2 / all).toBeLessThanOrEqual(0.05);
        }
        if (c.decision.basis === 'unreachable') {
          seen.unreachable++;
          expect(2 / all).toBeGreaterThan(0.05);
        }
        const s = c.shift;
        const count = (u: number) => mwCount(u, m, n);
        if (s.lower === undefined) {
          // No interval only when none at 95 % exists: even [min, max] of the differences covers less.
          expect(coverageOf(count, all, 0)).toBeLessThan(0.95);
          expect(['faster', 'slower']).not.toContain(c.decision.outcome);
          return;
        }
        seen.intervals++;
        const diffs = a.flatMap((x) => b.map((y) => x - y)).sort((x, y) => x - y);
        expect([s.lower, s.upper]).toEqual([diffs[s.k], diffs[m * n - s.k - 1]]);
        const coverage = coverageOf(count, all, s.k);
        expect(coverage).toBeGreaterThanOrEqual(s.confidence);
        expect(s.confidence).toBe(0.95);
        expect(s.coverage).toBeCloseTo(coverage, 12);
        // And not needlessly wide: one order statistic further in would cover less than stated.
        expect(coverageOf(count, all, s.k + 1)).toBeLessThan(0.95);
      }),
      { seed: SEED, numRuns: 600 },
    );
    // Not vacuous: the runs made claims, refused some for size, and stated intervals.
    expect(seen.claims).toBeGreaterThan(50);
    expect(seen.unreachable).toBeGreaterThan(20);
    expect(seen.intervals).toBeGreaterThan(200);
  });

  it('pairs, 1 to 15, with ties and zero differences: the same for the signed-rank test and the Walsh interval', () => {
    const seen = { claims: 0, unreachable: 0, intervals: 0 };
    fc.assert(
      fc.property(samples, ({ a, b }) => {
        const k = Math.min(a.length, b.length);
        const pairs = a.slice(0, k).map((x, i) => [x, b[i]!] as [number, number]);
        const c = comparePaired(pairs)!;
        const d = pairs.map(([x, y]) => x - y);
        const exactP = exactSignedRankP(d);
        expect(Math.abs(c.p - exactP)).toBeLessThanOrEqual(1e-9 * exactP);
        if (c.decision.outcome === 'faster' || c.decision.outcome === 'slower') {
          seen.claims++;
          expect(exactP).toBeLessThanOrEqual(0.05);
        }
        if (c.decision.basis === 'unreachable') {
          seen.unreachable++;
          expect(2 / 2 ** k).toBeGreaterThan(0.05);
        }
        const s = c.shift;
        const counts = srCounts(k);
        const count = (t: number) => counts[t] ?? 0;
        if (s.lower === undefined) {
          expect(coverageOf(count, 2 ** k, 0)).toBeLessThan(0.95);
          expect(['faster', 'slower']).not.toContain(c.decision.outcome);
          return;
        }
        seen.intervals++;
        const walsh = d.flatMap((x, i) => d.slice(i).map((y) => (x + y) / 2)).sort((x, y) => x - y);
        expect([s.lower, s.upper]).toEqual([walsh[s.k], walsh[walsh.length - s.k - 1]]);
        const coverage = coverageOf(count, 2 ** k, s.k);
        expect(coverage).toBeGreaterThanOrEqual(s.confidence);
        expect(s.coverage).toBeCloseTo(coverage, 12);
        expect(coverageOf(count, 2 ** k, s.k + 1)).toBeLessThan(0.95);
      }),
      { seed: SEED, numRuns: 600 },
    );
    expect(seen.claims).toBeGreaterThan(30);
    expect(seen.unreachable).toBeGreaterThan(50);
    expect(seen.intervals).toBeGreaterThan(100);
  });

  it('the exact null distributions agree with the independent ones', () => {
    for (const [m, n] of [[1, 1], [3, 3], [4, 7], [15, 15], [2, 13]] as const) {
      expect([...mannWhitneyNull(m, n)]).toEqual(Array.from({ length: m * n + 1 }, (_, u) => mwCount(u, m, n)));
    }
    for (const n of [1, 5, 6, 15]) expect([...signedRankNull(n)]).toEqual(srCounts(n));
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
