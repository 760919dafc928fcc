/**
 * Shared pieces of the latency rules: the observation they read, the verdict builder for the `latency:`
 * catalogue, and number formats (exact figures: microsecond resolution, signed shifts, p-values).
 */
import type { Translate } from '../../i18n/index.ts';
import type { Comparison, Summary } from '../../probes/stats.ts';
import { makeVerdict, ruleKey, type VerdictInit } from '../build.ts';
import type { Severity, Verdict } from '../verdict.ts';

/**
 * How the two sides were measured:
 * - single: one run, no comparison;
 * - interleaved: one agent, A and B probed in the same rounds in random order (paired);
 * - concurrent: one target from two agents at the same time with identical pacing (not paired);
 * - before-after: a saved baseline against a measurement now (blocks, not interleaved);
 * - pasted: two groups of pasted runs (blocks, not interleaved).
 */
export type LatencyDesign = 'single' | 'interleaved' | 'concurrent' | 'before-after' | 'pasted';

export interface LatencySideObservation {
  label: string;
  /** Measured probes (warmups excluded). */
  sent: number;
  lost: number;
  retransmits: number;
  /** Over the latency samples; absent when there are none. */
  summary?: Summary;
  /** Some samples are histogram bucket edges. */
  binned?: boolean;
}

export interface LatencyObservation {
  design: LatencyDesign;
  a: LatencySideObservation;
  b?: LatencySideObservation;
  /** Absent for a single run, or when a side has no latency samples. */
  comparison?: Comparison;
  /** The command text that measures again with `n` per side; absent when it cannot be re-run (pasted logs). */
  rerunWith?: (n: number) => string;
  /** The most a re-run may ask for per side. */
  maxCount?: number;
  /** before-after: the baseline, and the command texts for a control target. */
  baseline?: { name: string; savedAt: string; agent: string; control: { save: string; compare: string } };
  /** concurrent: the two agents. */
  agents?: [string, string];
  /** pasted: runs per group. */
  groups?: [number, number];
}

export function latencyKey(ruleId: string, sub: string): string {
  return ruleKey(ruleId, sub, 'latency:');
}

export type LatencyVerdictInit = VerdictInit;

/** makeVerdict with texts from `latency:<ruleId>.<title|detail…>`. */
export function latencyVerdict(t: Translate, ruleId: string, severity: Severity, init: LatencyVerdictInit): Verdict {
  return makeVerdict(t, ruleId, severity, init, 'latency:');
}

/** "2.950 ms": microsecond resolution below 100 ms, then 10 µs, then 0.1 ms. */
export function formatMs(us: number): string {
  const ms = us / 1000;
  const abs = Math.abs(ms);
  const digits = abs < 100 ? 3 : abs < 1000 ? 2 : 1;
  return `${ms.toFixed(digits)} ms`;
}

/** "+1.040 ms" / "−0.150 ms" (a real minus sign). */
export function formatSignedMs(us: number): string {
  const text = formatMs(Math.abs(us));
  if (Math.abs(us) < 0.0005) return text;
  return `${us > 0 ? '+' : '−'}${text}`;
}

/** "0.0312", or "3.2e-7" below 0.0001. */
export function formatP(p: number): string {
  if (p >= 0.0001) return p.toFixed(4);
  if (p === 0) return '0';
  return p.toExponential(1);
}

export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '0 %';
  const pct = (100 * part) / whole;
  return `${pct >= 10 || Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)} %`;
}

/** The figures every comparison verdict shows: n, medians, shift with its interval, p, δ. */
export function comparisonEvidence(obs: LatencyObservation, t: Translate): string[] {
  const c = obs.comparison;
  const b = obs.b;
  if (!c || !b) return [];
  const a = obs.a.label;
  const out: string[] = [];
  if (c.design === 'paired') {
    out.push(t('latency:evidence.pairs', { n: c.m, a, b: b.label, na: obs.a.sent, nb: b.sent }));
  } else {
    out.push(t('latency:evidence.n', { a, b: b.label, na: c.m, nb: c.n }));
  }
  out.push(t('latency:evidence.medians', { a, b: b.label, ma: formatMs(c.medianA), mb: formatMs(c.medianB) }));
  const s = c.shift;
  const method = t(c.design === 'paired' ? 'latency:evidence.hlPaired' : 'latency:evidence.hlTwoSample');
  if (s.lower !== undefined && s.upper !== undefined) {
    out.push(t('latency:evidence.shift', { a, b: b.label, shift: formatSignedMs(s.estimate), lower: formatSignedMs(s.lower), upper: formatSignedMs(s.upper), method }));
  } else {
    out.push(t('latency:evidence.shiftNoInterval', { a, b: b.label, shift: formatSignedMs(s.estimate), method }));
  }
  const test = t(c.test === 'wilcoxon' ? 'latency:evidence.wilcoxon' : 'latency:evidence.mannWhitney', { method: t(`latency:evidence.method.${c.testMethod}`) });
  out.push(t('latency:evidence.p', { p: formatP(c.p), test }));
  out.push(t('latency:evidence.delta', { delta: formatMs(c.decision.delta), a, median: formatMs(c.medianA) }));
  if (obs.a.binned || b.binned) out.push(t('latency:evidence.binned'));
  return out;
}
