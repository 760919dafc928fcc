/**
 * The per-target summary of a probe run (docs/probe-agent-api.md): counts over measured (non-warmup) probes,
 * latency figures over received probes that were not SYN retransmits. Percentiles by nearest rank (as AzureCT
 * reports them): below 100 samples p99 is the maximum.
 */
import type { ProbeSample, TargetSummary } from './types.ts';

/** A connect of 1 s or more is a SYN retransmit (Linux and Windows start with a 1 s initial RTO). */
export const RETRANSMIT_US = 1_000_000;

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function summarise(samples: readonly ProbeSample[], target: string): TargetSummary {
  const measured = samples.filter((s) => s.target === target && !s.warmup);
  const received = measured.filter((s) => s.ok);
  const retransmits = received.filter((s) => s.retransmit).length;
  const rtts = received
    .filter((s) => !s.retransmit && typeof s.rttUs === 'number')
    .map((s) => s.rttUs as number)
    .sort((a, b) => a - b);
  const has = rtts.length > 0;
  return {
    sent: measured.length,
    received: received.length,
    lost: measured.length - received.length,
    retransmits,
    minUs: has ? (rtts[0] as number) : null,
    p50Us: has ? nearestRank(rtts, 50) : null,
    p90Us: has ? nearestRank(rtts, 90) : null,
    p99Us: has ? nearestRank(rtts, 99) : null,
    maxUs: has ? (rtts[rtts.length - 1] as number) : null,
    meanUs: has ? Math.round(rtts.reduce((a, b) => a + b, 0) / rtts.length) : null,
  };
}

export function summariseAll(samples: readonly ProbeSample[], targets: readonly string[]): Record<string, TargetSummary> {
  const out: Record<string, TargetSummary> = {};
  for (const t of targets) out[t] = summarise(samples, t);
  return out;
}
