/**
 * Latency statistics: pure functions, no I/O. Values are whatever unit the caller uses (the bot uses
 * microseconds throughout); nothing here rounds.
 *
 * Definitions (docs/latency.md, "Statistics"):
 * - Percentiles are NEAREST-RANK, as AzureCT's Get-LinkPerformance and ethr report them: the p-th
 *   percentile of n sorted values is the value at rank ceil(p/100 · n) (1-based). No interpolation, so every
 *   reported percentile is a value that was measured, and below n = 100 the 99th percentile is the maximum.
 * - The median (for δ and the Hodges–Lehmann estimators) is the conventional one: the middle value, or the
 *   mean of the two middle values for an even count.
 * - Jitter is the mean absolute difference of consecutive samples in the order they were measured
 *   (RFC 3550's interarrival jitter without its 1/16 smoothing), computed within each run and pooled over the
 *   runs; the standard deviation (n − 1 denominator) is reported next to it.
 * - A − B is the shift: positive when A is slower (takes longer) than B.
 *
 * Tests compare these functions with SciPy 1.17.1 and an independent Python implementation
 * (test/probes/stats.test.ts, test/probes/reference/).
 */

/** Two-sided level of the tests; the intervals are stated at 1 − ALPHA (95 %) and cover at least that. */
export const ALPHA = 0.05;
/** 97.5 % quantile of the standard normal: two-sided 95 % intervals (large-sample approximations only). */
export const Z_95 = 1.96;
/** 80 % quantile of the standard normal (power 80 % for the sample size estimate). */
export const Z_POWER_80 = 0.8416212335729143;
/** Practical threshold: differences below max(DELTA_FLOOR_US, DELTA_FRACTION · median of A) do not matter. */
export const DELTA_FLOOR_US = 200;
export const DELTA_FRACTION = 0.05;
/** What the sample size estimate never exceeds (and says so). */
export const MAX_SUGGESTED_PER_SIDE = 10_000;
/**
 * The count per side the bot asks for when it has too few to decide or to extrapolate from (the default `n 20`).
 * The exact tests can reach p ≤ 0.05 from fewer (minPerSideToDecide: 4 per side, 6 pairs), but only when every
 * sample of one side lies beyond every one of the other.
 */
export const RECOMMENDED_PER_SIDE = 20;
/**
 * Exact null distributions are computed when this cheap, in inner-loop steps (a few tens of milliseconds): without
 * ties up to about 215 per side (the agents take at most 200) and 340 pairs, with ties up to about 28 per side
 * (pasted runs) and 270 pairs. Beyond that the normal approximations, which are good there.
 */
const EXACT_WORK_LIMIT = 2e7;
/** The same for the Mann–Whitney distribution given ties (a slower DP). */
const TIED_WORK_LIMIT = 5e6;

const ascending = (a: number, b: number) => a - b;

export function sorted(values: readonly number[]): number[] {
  return [...values].sort(ascending);
}

function assertFinite(values: readonly number[], what: string): void {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${what}: every value must be a finite number`);
}

/** Nearest-rank percentile of already sorted values (p in 0..100); undefined for no values. */
export function percentileSorted(sortedValues: readonly number[], p: number): number | undefined {
  const n = sortedValues.length;
  if (n === 0) return undefined;
  if (!(p >= 0 && p <= 100)) throw new RangeError('percentile must be between 0 and 100');
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sortedValues[Math.min(n, rank) - 1];
}

/** Nearest-rank percentile (see the file comment). */
export function percentile(values: readonly number[], p: number): number | undefined {
  return percentileSorted(sorted(values), p);
}

/** Conventional median of sorted values (mean of the middle two for an even count). */
export function medianSorted(sortedValues: ArrayLike<number>): number | undefined {
  const n = sortedValues.length;
  if (n === 0) return undefined;
  const mid = n >> 1;
  return n % 2 === 1 ? sortedValues[mid]! : (sortedValues[mid - 1]! + sortedValues[mid]!) / 2;
}

export function median(values: readonly number[]): number | undefined {
  return medianSorted(sorted(values));
}

export function mean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation (n − 1 denominator); undefined below two values. */
export function stddev(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const m = mean(values)!;
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/**
 * Jitter: mean absolute difference of consecutive samples, within each run (sequence) and pooled over the
 * runs, so the step from one run's last sample to the next run's first is not counted. Undefined when no
 * run has two samples.
 */
export function jitter(runs: readonly (readonly number[])[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (const run of runs) {
    for (let i = 1; i < run.length; i++) {
      sum += Math.abs(run[i]! - run[i - 1]!);
      count++;
    }
  }
  return count === 0 ? undefined : sum / count;
}

export interface Summary {
  n: number;
  min: number;
  /** Nearest-rank percentiles. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  median: number;
  mean: number;
  /** Undefined below two samples. */
  stddev?: number;
  /** Undefined when no run has two consecutive samples. */
  jitter?: number;
}

/** Summary of the samples of one side; `runs` are the samples in measured order (one array per run). */
export function summarize(runs: readonly (readonly number[])[]): Summary | undefined {
  const all = runs.flat();
  if (all.length === 0) return undefined;
  assertFinite(all, 'summarize');
  const s = sorted(all);
  const out: Summary = {
    n: s.length,
    min: s[0]!,
    p50: percentileSorted(s, 50)!,
    p90: percentileSorted(s, 90)!,
    p99: percentileSorted(s, 99)!,
    max: s[s.length - 1]!,
    median: medianSorted(s)!,
    mean: mean(s)!,
  };
  const sd = stddev(s);
  if (sd !== undefined) out.stddev = sd;
  const j = jitter(runs);
  if (j !== undefined) out.jitter = j;
  return out;
}

// ------------------------------------------------------------------------------------------ normal distribution

const SQRT_PI = Math.sqrt(Math.PI);

/**
 * erfc(x) to about 1e-15 relative: for |x| < 2 the all-positive series
 * erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (no cancellation), for x ≥ 2 the continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) evaluated with the modified Lentz method.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-x2) * sum;
  }
  if (x > 27) return 0; // e^(−729) underflows
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let i = 1; i < 500; i++) {
    const a = i / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** P(Z > z) for a standard normal Z (SciPy's `ndtr(-z)`). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** z with P(Z > z) = p for a standard normal Z (0 < p < 1), by bisection on normalSf (to 1e-12). */
export function normalQuantileUpper(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('normalQuantileUpper: p must be between 0 and 1');
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (normalSf(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The z of two-sided intervals at 1 − alpha (Z_95 for the default level). */
function zFor(alpha: number): number {
  return alpha === ALPHA ? Z_95 : normalQuantileUpper(alpha / 2);
}

// ------------------------------------------------------------------------------------------ ranks

/** Average ranks (1-based) of the values, and the sizes of the groups of ties (only groups > 1). */
export function rankAverage(values: readonly number[]): { ranks: number[]; ties: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  const ties: number[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = rank;
    if (j > i) ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

// ------------------------------------------------------------------------------------------ exact null distributions

/** Sum of the counts. */
function total(counts: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += counts[i]!;
  return s;
}

/** Whether the exact distribution of U without ties for sizes m and n is cheap enough (see EXACT_WORK_LIMIT). */
export function mannWhitneyExactFeasible(m: number, n: number): boolean {
  return 2 * Math.min(m, n) * (m * n + 1) <= EXACT_WORK_LIMIT;
}

/**
 * Null distribution of the Mann–Whitney U for samples of sizes m and n without ties: how many of the
 * C(m+n, m) equally likely arrangements give each U = 0..m·n, the coefficients of the Gaussian binomial
 * [m+n choose m]_q = Π_{i=1..min(m,n)} (1 − q^(max(m,n)+i)) / (1 − q^i). Each factor divides first (a running sum
 * with stride i: positive terms only) and then multiplies (each result is a sum of consecutive positive terms of
 * that running sum, so nothing large cancels). In doubles: exact integers while the counts stay below 2^53
 * (up to about 27 per side), within a few 1e-12 relative at 200 per side.
 */
export function mannWhitneyNull(m: number, n: number): Float64Array {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const size = m * n + 1;
  const c = new Float64Array(size);
  c[0] = 1;
  for (let i = 1; i <= small; i++) {
    for (let k = i; k < size; k++) c[k]! += c[k - i]!; // ÷ (1 − q^i)
    const a = large + i;
    for (let k = size - 1; k >= a; k--) c[k]! -= c[k - a]!; // × (1 − q^(large+i))
  }
  return c;
}

/** Whether the exact distribution of the signed-rank statistic for n pairs is cheap enough (with ties: by 2·R+). */
export function signedRankExactFeasible(n: number, ties = false): boolean {
  return n * ((ties ? n * (n + 1) : (n * (n + 1)) / 2) + 1) <= EXACT_WORK_LIMIT;
}

/**
 * Null distribution of the signed-rank statistic R+ for n pairs without ties or zeros: how many of the 2^n equally
 * likely sign assignments give each R+ = 0..n(n+1)/2 (the subsets of {1..n} with that sum). Positive sums only:
 * exact integers up to 50 pairs (counts < 2^50), about 1e-13 relative beyond.
 */
export function signedRankNull(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const c = new Float64Array(max + 1);
  c[0] = 1;
  for (let j = 1; j <= n; j++) for (let k = max; k >= j; k--) c[k]! += c[k - j]!;
  return c;
}

/**
 * The smallest two-sided p-value the exact test can give with these sizes, whatever the values: every sample of
 * one side beyond every one of the other. Two samples: 2 / C(m+n, m); pairs: 2 / 2^n. (Ties can only make it
 * larger: equal values merge arrangements.) A verdict at level α needs this to be at most α.
 */
export function minAttainableP(m: number, n: number, paired: boolean): number {
  if (paired) return Math.min(1, 2 ** (1 - n));
  let arrangements = 1;
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  for (let i = 1; i <= small; i++) arrangements = (arrangements * (large + i)) / i;
  return Math.min(1, 2 / arrangements);
}

/** The least count per side (pairs, when paired) with which the exact test can reach p ≤ alpha at all. */
export function minPerSideToDecide(paired: boolean, alpha = ALPHA): number {
  let k = 1;
  while (minAttainableP(k, k, paired) > alpha) k++;
  return k;
}

/**
 * Two-sided p-value from counts of a statistic over equally likely arrangements, at index `at`:
 * 2·min(P(X ≤ at), P(X ≥ at)), at most 1 (SciPy's two-sided permutation p-value).
 */
function twoSidedFromCounts(counts: ArrayLike<number>, at: number): number {
  let le = 0;
  let ge = 0;
  for (let i = 0; i < counts.length; i++) {
    if (i <= at) le += counts[i]!;
    if (i >= at) ge += counts[i]!;
  }
  return Math.min(1, (2 * Math.min(le, ge)) / total(counts));
}

// ------------------------------------------------------------------------------------------ Mann–Whitney U

export interface MannWhitney {
  /** U of the first sample (SciPy's `statistic`): the number of pairs with A_i > B_j, ties counting ½. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  /** 'exact': from the exact distribution of U (given the ties, when there are any); 'asymptotic': normal. */
  method: 'exact' | 'asymptotic';
}

/** Binomial coefficient in doubles. */
function choose(t: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (t - k + i)) / i;
  return c;
}

/** Inner-loop steps of mannWhitneyTiedNull, at most. */
function tiedWork(m: number, n: number, groups: number): number {
  return (Math.min(m, n) + 1) * (2 * m * n + 1) * (m + n + groups);
}

/**
 * Exact null distribution of 2·U of the side with `m` values, given the ties: every choice of which m of the
 * m + n pooled values belong to that side is equally likely (the permutation distribution). The pooled values,
 * sorted, fall into tie groups of sizes t_g; putting a_g of group g on that side adds a_g·(2·(values of the
 * other side below the group) + (t_g − a_g)) to 2·U, in C(t_g, a_g) ways. Indexed by 2·U = 0..2mn.
 */
function mannWhitneyTiedNull(groupSizes: readonly number[], m: number, n: number): Float64Array {
  const width = 2 * m * n + 1;
  let dp = new Float64Array((m + 1) * width);
  dp[0] = 1;
  let before = 0;
  for (const t of groupSizes) {
    const next = new Float64Array((m + 1) * width);
    const ways = Array.from({ length: t + 1 }, (_, a) => choose(t, a));
    for (let j = 0; j <= Math.min(m, before); j++) {
      const belowOther = before - j;
      if (belowOther > n) continue;
      // a of the group on this side: at most what is left of it, at least what the other side cannot take.
      const aMin = Math.max(0, belowOther + t - n);
      const aMax = Math.min(t, m - j);
      for (let a = aMin; a <= aMax; a++) {
        const added = a * (2 * belowOther + t - a); // to 2·U
        const from = j * width;
        const to = (j + a) * width + added;
        const k = ways[a]!;
        for (let u2 = 0; u2 + added < width; u2++) {
          const w = dp[from + u2]!;
          if (w !== 0) next[to + u2]! += w * k;
        }
      }
    }
    dp = next;
    before += t;
  }
  return dp.subarray(m * width, (m + 1) * width);
}

/**
 * Mann–Whitney U test, two-sided. Exact wherever the distribution is cheap to compute (up to about 215 per side
 * without ties, about 28 per side with ties): without ties p = 2·P(U ≥ max(U₁, U₂)) from the exact
 * distribution of U (SciPy's `method='exact'`; SciPy's default uses it only up to 8 on one side); with ties the
 * exact permutation distribution of U given the ties (SciPy's `method=PermutationMethod()` enumerating every
 * split), p = 2·min(P(U ≤ U₁), P(U ≥ U₁)). Otherwise SciPy's normal approximation with the tie correction and a
 * continuity correction of ½: z = (max(U₁,U₂) − mn/2 − ½) / √(mn/12 · ((N+1) − Σ(t³−t)/(N(N−1)))), p = 2·P(Z > z).
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitney {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) throw new RangeError('mannWhitneyU: both samples need at least one value');
  assertFinite(a, 'mannWhitneyU');
  assertFinite(b, 'mannWhitneyU');
  const pooled = [...a, ...b];
  const { ranks, ties } = rankAverage(pooled);
  let r1 = 0;
  for (let i = 0; i < m; i++) r1 += ranks[i]!;
  const u1 = r1 - (m * (m + 1)) / 2;
  const u2 = m * n - u1;
  const u = Math.max(u1, u2);
  if (ties.length === 0 && mannWhitneyExactFeasible(m, n)) {
    return { u: u1, p: twoSidedFromCounts(mannWhitneyNull(m, n), u), method: 'exact' };
  }
  if (ties.length > 0) {
    const s = sorted(pooled);
    const groups: number[] = [];
    for (let i = 0; i < s.length; i++) {
      if (i > 0 && s[i] === s[i - 1]) groups[groups.length - 1]!++;
      else groups.push(1);
    }
    if (tiedWork(m, n, groups.length) <= TIED_WORK_LIMIT) {
      // Counted for the smaller side (cheaper); its U is m·n − U₁ when that is B.
      const swap = n < m;
      const counts = mannWhitneyTiedNull(groups, swap ? n : m, swap ? m : n);
      return { u: u1, p: twoSidedFromCounts(counts, Math.round(2 * (swap ? u2 : u1))), method: 'exact' };
    }
  }
  const N = m + n;
  const tieTerm = ties.reduce((s, t) => s + t ** 3 - t, 0);
  const s = Math.sqrt(((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  const z = (u - (m * n) / 2 - 0.5) / s;
  // All values equal: s = 0 and nothing can be told apart.
  const p = s === 0 ? 1 : Math.min(1, Math.max(0, 2 * normalSf(z)));
  return { u: u1, p, method: 'asymptotic' };
}

// ------------------------------------------------------------------------------------------ Wilcoxon signed-rank

export interface Wilcoxon {
  /** min(R+, R−) (SciPy's two-sided `statistic`). */
  statistic: number;
  rPlus: number;
  rMinus: number;
  /** Pairs left after dropping zero differences. */
  nonZero: number;
  p: number;
  method: 'exact' | 'permutation' | 'asymptotic';
}

/**
 * Wilcoxon signed-rank test on paired differences d_i = A_i − B_i, two-sided, zero differences dropped
 * (SciPy's zero_method 'wilcox'). Exact wherever cheap (every interleaved comparison the agents can make: up to
 * about 340 pairs without ties or zeros, 270 with them): without ties or zeros from the exact distribution of R+
 * (SciPy's `method='exact'`; SciPy's default up to 50 pairs), with ties or zeros from the exact distribution over
 * every sign assignment of the average ranks (SciPy's permutation method enumerating all 2^n; SciPy's default up
 * to 13 pairs), counted by rank sum rather than enumerated. Otherwise the normal approximation with the tie correction, no continuity
 * correction (SciPy's default beyond that).
 */
export function wilcoxonSignedRank(differences: readonly number[]): Wilcoxon {
  assertFinite(differences, 'wilcoxonSignedRank');
  const total = differences.length;
  const d = differences.filter((x) => x !== 0);
  const zeros = total - d.length;
  const n = d.length;
  if (n === 0) return { statistic: 0, rPlus: 0, rMinus: 0, nonZero: 0, p: 1, method: 'exact' };
  const { ranks, ties } = rankAverage(d.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  d.forEach((x, i) => (x > 0 ? (rPlus += ranks[i]!) : (rMinus += ranks[i]!)));
  const statistic = Math.min(rPlus, rMinus);
  const base = { statistic, rPlus, rMinus, nonZero: n };

  if (ties.length === 0 && zeros === 0 && signedRankExactFeasible(n)) {
    return { ...base, p: twoSidedFromCounts(signedRankNull(n), rPlus), method: 'exact' };
  }
  if (signedRankExactFeasible(n, true)) {
    // Every sign assignment of the (average) ranks is equally likely under H0: count them by 2·R+ (an integer).
    const max = n * (n + 1);
    const counts = new Float64Array(max + 1);
    counts[0] = 1;
    for (const r of ranks) {
      const r2 = Math.round(2 * r);
      for (let s = max; s >= r2; s--) counts[s]! += counts[s - r2]!;
    }
    return { ...base, p: twoSidedFromCounts(counts, Math.round(2 * rPlus)), method: 'permutation' };
  }
  const mn = (n * (n + 1)) / 4;
  const tieCorrect = ties.reduce((s, t) => s + t ** 3 - t, 0);
  const se = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieCorrect / 2) / 24);
  const z = (rPlus - mn) / se;
  const p = se === 0 ? 1 : Math.min(1, 2 * normalSf(Math.abs(z)));
  return { ...base, p, method: 'asymptotic' };
}

// ------------------------------------------------------------------------------------------ Hodges–Lehmann

export interface ShiftEstimate {
  /** Hodges–Lehmann estimate of the shift A − B. */
  estimate: number;
  /** The distribution-free interval; undefined when the samples are too small for the confidence asked. */
  lower?: number;
  upper?: number;
  /** K of the order statistics K+1 and N−K; negative when no interval exists. */
  k: number;
  /** How many differences (two-sample) or Walsh averages (paired) the estimate is the median of. */
  count: number;
  /** The confidence the interval is stated at (1 − α: 0.95). */
  confidence: number;
  /**
   * The interval's actual coverage, 1 − 2·P(S ≤ K) for the test statistic S under no shift (continuous values):
   * at least `confidence` when exact; the normal approximation's figure when approximate. Absent without interval.
   */
  coverage?: number;
  /** How K was chosen: from the exact distribution, or (large samples only) the normal approximation. */
  method: 'exact' | 'asymptotic';
}

function orderStatisticInterval(sortedValues: Float64Array, k: number): { lower?: number; upper?: number } {
  const count = sortedValues.length;
  if (k < 0 || k + 1 > count - k) return {};
  return { lower: sortedValues[k]!, upper: sortedValues[count - k - 1]! };
}

/**
 * K for the interval [X_(K+1), X_(N−K)] at confidence 1 − alpha from the exact null counts of the statistic
 * (indexed 0..N): the largest K with 2·P(S ≤ K) ≤ alpha, so that the coverage 1 − 2·P(S ≤ K) is at least
 * 1 − alpha; −1 when even K = 0 is too wide a miss (2·P(S = 0) > alpha: no interval at this confidence).
 */
function exactK(counts: Float64Array, alpha: number): { k: number; coverage?: number } {
  const all = total(counts);
  let cum = 0;
  let k = -1;
  let coverage: number | undefined;
  for (let i = 0; i < counts.length; i++) {
    cum += counts[i]!;
    if ((2 * cum) / all > alpha) break;
    k = i;
    coverage = 1 - (2 * cum) / all;
  }
  return coverage === undefined ? { k } : { k, coverage };
}

/**
 * K from the normal approximation with a continuity correction, for samples too large for the exact
 * distribution: P(S ≤ K) ≈ P(Z ≤ (K + ½ − mean)/sd) ≤ alpha/2, K = floor(mean − ½ − z·sd).
 */
function asymptoticK(mean: number, sd: number, alpha: number): { k: number; coverage?: number } {
  const k = Math.floor(mean - 0.5 - zFor(alpha) * sd);
  if (k < 0) return { k };
  return { k, coverage: 1 - 2 * normalSf((mean - k - 0.5) / sd) };
}

/**
 * Two-sample Hodges–Lehmann shift: the median of all m·n differences A_i − B_j, with the distribution-free
 * interval from inverting the Mann–Whitney test: the sorted differences' order statistics K+1 and mn − K, where
 * P(θ < X_(K+1)) = P(θ > X_(mn−K)) = P(U ≤ K) for the true shift θ. K is the largest with 2·P(U ≤ K) ≤ alpha in
 * the exact distribution of U, so the interval covers at least 1 − alpha (with ties in the data, more); for
 * samples too large for it, the normal approximation with a continuity correction.
 */
export function hodgesLehmannShift(a: readonly number[], b: readonly number[], alpha = ALPHA): ShiftEstimate {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) throw new RangeError('hodgesLehmannShift: both samples need at least one value');
  assertFinite(a, 'hodgesLehmannShift');
  assertFinite(b, 'hodgesLehmannShift');
  const diffs = new Float64Array(m * n);
  let i = 0;
  for (const x of a) for (const y of b) diffs[i++] = x - y;
  diffs.sort();
  const mn = m * n;
  const exact = mannWhitneyExactFeasible(m, n);
  const { k, coverage } = exact ? exactK(mannWhitneyNull(m, n), alpha) : asymptoticK(mn / 2, Math.sqrt((mn * (m + n + 1)) / 12), alpha);
  const interval = orderStatisticInterval(diffs, k);
  return {
    estimate: medianSorted(diffs)!,
    ...interval,
    k,
    count: mn,
    confidence: 1 - alpha,
    ...(interval.lower !== undefined && coverage !== undefined ? { coverage } : {}),
    method: exact ? 'exact' : 'asymptotic',
  };
}

/**
 * Paired (one-sample) Hodges–Lehmann shift for differences d_i = A_i − B_i: the median of the n(n+1)/2 Walsh
 * averages (d_i + d_j)/2, i ≤ j, with the interval from inverting the signed-rank test: order statistics K+1 and
 * N − K of the sorted Walsh averages, N = n(n+1)/2, K the largest with 2·P(R+ ≤ K) ≤ alpha in the exact
 * distribution of R+ for n pairs (normal approximation with a continuity correction beyond it). Zero differences
 * are kept (they are measurements of "no difference").
 */
export function hodgesLehmannPaired(differences: readonly number[], alpha = ALPHA): ShiftEstimate {
  const n = differences.length;
  if (n === 0) throw new RangeError('hodgesLehmannPaired: needs at least one difference');
  assertFinite(differences, 'hodgesLehmannPaired');
  const count = (n * (n + 1)) / 2;
  const walsh = new Float64Array(count);
  let w = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh[w++] = (differences[i]! + differences[j]!) / 2;
  walsh.sort();
  const exact = signedRankExactFeasible(n);
  const { k, coverage } = exact ? exactK(signedRankNull(n), alpha) : asymptoticK(count / 2, Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24), alpha);
  const interval = orderStatisticInterval(walsh, k);
  return {
    estimate: medianSorted(walsh)!,
    ...interval,
    k,
    count,
    confidence: 1 - alpha,
    ...(interval.lower !== undefined && coverage !== undefined ? { coverage } : {}),
    method: exact ? 'exact' : 'asymptotic',
  };
}

// ------------------------------------------------------------------------------------------ verdict

export type Outcome = 'faster' | 'slower' | 'equivalent' | 'inconclusive';

/** δ = max(0.2 ms, 5 % of the median of A), in the samples' unit (µs). */
export function practicalThreshold(medianA: number): number {
  return Math.max(DELTA_FLOOR_US, DELTA_FRACTION * medianA);
}

export interface Decision {
  /** About B relative to A: 'faster' means B takes less time than A (the shift A − B is beyond +δ). */
  outcome: Outcome;
  delta: number;
  /** Inconclusive only: samples per side (pairs, when paired) that would likely decide. */
  suggestedPerSide?: number;
  /** The suggestion hit MAX_SUGGESTED_PER_SIDE (basis near-threshold or spread). */
  suggestionCapped?: boolean;
  /**
   * Inconclusive only, what the suggestion rests on:
   * - 'unreachable': with these sizes the exact test cannot reach p ≤ α whatever the values (and there is no
   *   interval at 1 − α): ask for RECOMMENDED_PER_SIDE, and say from how many per side it could decide at all;
   * - 'too-few': no interval, or fewer than MIN_EXTRAPOLATE_PER_SIDE per side: an extrapolation from them would
   *   mean nothing, so first collect RECOMMENDED_PER_SIDE;
   * - 'test': the interval lies beyond ±δ but the test's p-value (with many equal values) is above α;
   * - 'estimate': the sample size that would likely decide;
   * - 'near-threshold': the estimate sits on ±δ: no size is sure to decide;
   * - 'spread': the samples vary so much that even the cap might not decide.
   */
  basis?: 'unreachable' | 'too-few' | 'test' | 'estimate' | 'near-threshold' | 'spread';
  /** 'unreachable' only: the smallest p the exact test can give with these sizes (above α). */
  minP?: number;
  /** 'unreachable' only: the least count per side (pairs) with which the test can reach p ≤ α at all. */
  minPerSide?: number;
}

/** Within this share of δ from ±δ, an estimate "sits on the threshold". */
const NEAR_THRESHOLD = 0.1;
/** Below this many samples per side the interval is set by the extremes: nothing to extrapolate from. */
const MIN_EXTRAPOLATE_PER_SIDE = 10;

export interface DecideInput {
  shift: Pick<ShiftEstimate, 'estimate' | 'lower' | 'upper'>;
  delta: number;
  /** Samples per side (pairs when paired). */
  m: number;
  n: number;
  paired: boolean;
  /** The test's two-sided p-value (Mann–Whitney or signed-rank; exact wherever the code computes it so). */
  p: number;
}

/**
 * Three outcomes against δ, at level alpha (0.05):
 * - faster/slower when the whole interval (coverage ≥ 1 − alpha) lies beyond ±δ AND the test's two-sided
 *   p ≤ alpha. With sizes whose smallest attainable p (minAttainableP) is above alpha, nothing is claimed
 *   whatever the values ('unreachable'). Without ties the interval and the exact test agree (an exact interval
 *   excludes 0 exactly when the exact p ≤ alpha); with ties the p-value is checked as well ('test');
 * - equivalent when the whole interval lies within [−δ, +δ];
 * - otherwise inconclusive, with the samples per side that would likely decide.
 *
 * Sample size estimate for an inconclusive result. The interval's half-width w is about z·SE, so SE ≈ w/z.
 * To decide, the interval must clear the boundary nearest to the estimate: the gap g = | |estimate| − δ |
 * (beyond δ if the estimate is outside, inside δ if it is within). If the true shift equals the current
 * estimate, an interval clears the gap with 80 % probability when (z + z₀.₈)·SE' ≤ g, i.e. SE' = g / (z + z₀.₈).
 * SE scales with √(1/m + 1/n) for two samples (√(1/n) for pairs), so with equal sizes n' per side:
 * n' = 2 / ((1/m + 1/n)·(SE'/SE)²) (paired: n' = n·(SE/SE')²). Rounded up to a multiple of 10, at least 10
 * more than now, at most MAX_SUGGESTED_PER_SIDE. Without an interval, or with fewer than
 * MIN_EXTRAPOLATE_PER_SIDE per side (too few to extrapolate from), the suggestion is RECOMMENDED_PER_SIDE; an
 * estimate within 10 % of δ from ±δ gets the cap (no size is sure to decide).
 */
export function decide(input: DecideInput, alpha = ALPHA): Decision {
  const { shift, delta, m, n, paired, p } = input;
  const { lower, upper } = shift;
  const z = zFor(alpha);
  const now = Math.max(m, n);
  const inconclusive = (suggested: number, basis: NonNullable<Decision['basis']>): Decision => {
    const s = Math.min(MAX_SUGGESTED_PER_SIDE, Math.max(now + 10, Math.ceil(suggested / 10) * 10));
    const d: Decision = { outcome: 'inconclusive', delta, suggestedPerSide: s, basis };
    if (s === MAX_SUGGESTED_PER_SIDE) {
      d.suggestionCapped = true;
      if (basis === 'estimate') d.basis = 'spread';
    }
    return d;
  };
  const minP = minAttainableP(m, n, paired);
  if (minP > alpha) return { ...inconclusive(RECOMMENDED_PER_SIDE, 'unreachable'), minP, minPerSide: minPerSideToDecide(paired, alpha) };
  if (lower === undefined || upper === undefined) return inconclusive(RECOMMENDED_PER_SIDE, 'too-few');
  const beyond = lower > delta ? 'faster' : upper < -delta ? 'slower' : undefined;
  if (beyond) return p <= alpha ? { outcome: beyond, delta } : inconclusive(RECOMMENDED_PER_SIDE, 'test');
  if (lower >= -delta && upper <= delta) return { outcome: 'equivalent', delta };

  const gap = Math.abs(Math.abs(shift.estimate) - delta);
  if (gap <= NEAR_THRESHOLD * delta) return inconclusive(MAX_SUGGESTED_PER_SIDE, 'near-threshold');
  // From a handful of samples (a pasted 4-ping PsPing run) the interval is set by the extremes, and one outlier
  // would make the extrapolation below ask for thousands: ask for a sample worth extrapolating from first.
  if (now < MIN_EXTRAPOLATE_PER_SIDE) return inconclusive(RECOMMENDED_PER_SIDE, 'too-few');
  const se = (upper - lower) / 2 / z;
  if (se === 0) return inconclusive(MAX_SUGGESTED_PER_SIDE, 'near-threshold');
  const ratio = gap / (z + Z_POWER_80) / se; // SE' / SE
  const needed = paired ? n / (ratio * ratio) : 2 / ((1 / m + 1 / n) * ratio * ratio);
  if (!Number.isFinite(needed) || needed > MAX_SUGGESTED_PER_SIDE) return inconclusive(MAX_SUGGESTED_PER_SIDE, 'spread');
  return inconclusive(needed, 'estimate');
}

// ------------------------------------------------------------------------------------------ comparison

export interface Comparison {
  design: 'paired' | 'two-sample';
  /** Samples per side (pairs when paired). */
  m: number;
  n: number;
  medianA: number;
  medianB: number;
  shift: ShiftEstimate;
  /** Mann–Whitney (two-sample) or Wilcoxon signed-rank (paired) p-value. */
  p: number;
  test: 'mann-whitney' | 'wilcoxon';
  testMethod: MannWhitney['method'] | Wilcoxon['method'];
  decision: Decision;
}

/** Two independent samples: Hodges–Lehmann, Mann–Whitney, the verdict. Undefined when a side is empty. */
export function compareSamples(a: readonly number[], b: readonly number[], alpha = ALPHA): Comparison | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  const medianA = median(a)!;
  const shift = hodgesLehmannShift(a, b, alpha);
  const mw = mannWhitneyU(a, b);
  const delta = practicalThreshold(medianA);
  return {
    design: 'two-sample',
    m: a.length,
    n: b.length,
    medianA,
    medianB: median(b)!,
    shift,
    p: mw.p,
    test: 'mann-whitney',
    testMethod: mw.method,
    decision: decide({ shift, delta, m: a.length, n: b.length, paired: false, p: mw.p }, alpha),
  };
}

/** Interleaved pairs (A_i, B_i) measured in the same round: Walsh-average Hodges–Lehmann, signed-rank test. */
export function comparePaired(pairs: readonly (readonly [number, number])[], alpha = ALPHA): Comparison | undefined {
  if (pairs.length === 0) return undefined;
  const a = pairs.map((p) => p[0]);
  const b = pairs.map((p) => p[1]);
  const d = pairs.map(([x, y]) => x - y);
  const medianA = median(a)!;
  const shift = hodgesLehmannPaired(d, alpha);
  const w = wilcoxonSignedRank(d);
  const delta = practicalThreshold(medianA);
  return {
    design: 'paired',
    m: pairs.length,
    n: pairs.length,
    medianA,
    medianB: median(b)!,
    shift,
    p: w.p,
    test: 'wilcoxon',
    testMethod: w.method,
    decision: decide({ shift, delta, m: pairs.length, n: pairs.length, paired: true, p: w.p }, alpha),
  };
}

// ------------------------------------------------------------------------------------------ histogram

export interface HistogramBin {
  /** Lower edge (inclusive) and upper edge (exclusive); the last bin is open-ended (upper = Infinity). */
  lower: number;
  upper: number;
  /** One count per series. */
  counts: number[];
}

const NICE_STEPS = [1, 2, 2.5, 5];

/** The smallest "nice" step (1, 2, 2.5, 5 × 10^k) at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const exp = Math.floor(Math.log10(raw));
  for (let e = exp - 1; e <= exp + 1; e++) {
    for (const s of NICE_STEPS) {
      const step = s * 10 ** e;
      if (step >= raw * (1 - 1e-12)) return Number(step.toPrecision(6));
    }
  }
  return 10 ** (exp + 1);
}

/**
 * A coarse histogram shared by one or more series: about `bins` equal bins with a nice width from the pooled
 * minimum to the largest sample within Tukey's far fence (Q3 + 3·IQR, nearest-rank quartiles), then one open bin
 * for everything above (so one 12 ms outlier does not squash 3 ms samples into a single bin). Empty leading and
 * trailing bins are dropped.
 */
export function histogram(series: readonly (readonly number[])[], bins = 8): HistogramBin[] {
  const pooled = sorted(series.flat());
  if (pooled.length === 0) return [];
  const lo = pooled[0]!;
  const q1 = percentileSorted(pooled, 25)!;
  const q3 = percentileSorted(pooled, 75)!;
  const fence = q3 + 3 * (q3 - q1);
  const hi = Math.max(q3, ...pooled.filter((v) => v <= fence).slice(-1));
  const max = pooled[pooled.length - 1]!;
  const step = niceStep(Math.max(hi - lo, 1) / bins);
  const start = Math.floor(lo / step) * step;
  const edges: number[] = [];
  for (let e = start; e <= hi; e = Number((e + step).toPrecision(12))) edges.push(e);
  const out: HistogramBin[] = edges.map((e) => ({ lower: e, upper: Number((e + step).toPrecision(12)), counts: series.map(() => 0) }));
  if (max >= out[out.length - 1]!.upper) out.push({ lower: out[out.length - 1]!.upper, upper: Infinity, counts: series.map(() => 0) });
  series.forEach((values, s) => {
    for (const v of values) {
      let idx = Math.floor((v - start) / step);
      if (idx < 0) idx = 0;
      if (idx >= out.length) idx = out.length - 1;
      // Floating point at an edge: keep the bin's [lower, upper) contract.
      while (idx > 0 && v < out[idx]!.lower) idx--;
      while (idx < out.length - 1 && v >= out[idx]!.upper) idx++;
      out[idx]!.counts[s]!++;
    }
  });
  let first = 0;
  let last = out.length - 1;
  while (first < last && out[first]!.counts.every((c) => c === 0)) first++;
  while (last > first && out[last]!.counts.every((c) => c === 0)) last--;
  return out.slice(first, last + 1);
}
