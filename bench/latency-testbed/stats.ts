/**
 * The few statistics the test bed needs, written out here so the bench does not depend on the bot's own
 * statistics module (src/probes/stats.ts, which it is meant to check eventually):
 * Hodges–Lehmann shift of two samples with its distribution-free interval (Mann–Whitney inversion), the
 * Mann–Whitney p-value (normal approximation with tie correction), and the paired Hodges–Lehmann estimate
 * (median of Walsh averages of the round-by-round differences).
 */

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

/** Median of the Walsh averages (d_i + d_j) / 2, i <= j. */
export function pairedHodgesLehmann(d: readonly number[]): number {
  const w: number[] = [];
  for (let i = 0; i < d.length; i++) for (let j = i; j < d.length; j++) w.push(((d[i] as number) + (d[j] as number)) / 2);
  return median(w);
}

/** Standard normal upper tail. */
function normalSf(z: number): number {
  // Abramowitz–Stegun 7.1.26 via erfc.
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

export interface ShiftEstimate {
  /** Hodges–Lehmann estimate of b − a. */
  shift: number;
  low: number;
  high: number;
  /** Two-sided Mann–Whitney p-value. */
  p: number;
}

/** Shift of b relative to a (b − a), 95 % interval, Mann–Whitney p. */
export function twoSampleShift(a: readonly number[], b: readonly number[], z = 1.959964): ShiftEstimate {
  const m = a.length;
  const n = b.length;
  const diffs: number[] = [];
  for (const y of b) for (const x of a) diffs.push(y - x);
  diffs.sort((p, q) => p - q);
  const mn = m * n;
  const k = Math.max(0, Math.floor(mn / 2 - z * Math.sqrt((mn * (m + n + 1)) / 12)));
  // U for b over a with ties counted half; tie-corrected variance.
  let u = 0;
  for (const y of b) for (const x of a) u += y > x ? 1 : y === x ? 0.5 : 0;
  const all = [...a, ...b].sort((p, q) => p - q);
  let ties = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j] === all[i]) j++;
    const t = j - i;
    ties += t * t * t - t;
    i = j;
  }
  const N = m + n;
  const variance = (mn / 12) * (N + 1 - ties / (N * (N - 1)));
  const zU = variance > 0 ? (Math.abs(u - mn / 2) - 0.5) / Math.sqrt(variance) : 0;
  return {
    shift: median(diffs),
    low: diffs[k] as number,
    high: diffs[mn - k - 1] as number,
    p: Math.min(1, 2 * normalSf(Math.max(0, zU))),
  };
}
