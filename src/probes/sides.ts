/**
 * One side of a measurement or comparison, whatever it came from (an agent's answer, a baseline, pasted
 * runs): latency samples per run in measured order, and the loss events counted apart from them.
 */
import type { ProbeResponse } from './agent-client.ts';
import type { ParsedRun } from './psping-parse.ts';
import { summarize, type Summary } from './stats.ts';

export interface Side {
  /** How texts name this side: a target, an agent, "baseline x", "group 1 (…)". */
  label: string;
  /** Latency samples (µs) per run, in measured order; failures and retransmits are not in them. */
  runs: number[][];
  /** Measured probes (warmups excluded). */
  sent: number;
  /** Probes that failed (timeout, refused, reset…). */
  lost: number;
  /** Connects of 1 s or more (SYN retransmits). */
  retransmits: number;
  /** Some samples are histogram bucket edges (PsPing `-h` without individual lines). */
  binned?: boolean;
}

export function samplesOf(side: Side): number[] {
  return side.runs.flat();
}

export function summaryOf(side: Side): Summary | undefined {
  return summarize(side.runs);
}

/** The measured (non-warmup) samples of one target, in probe order. */
function measured(resp: ProbeResponse, target: string) {
  return resp.samples.filter((s) => s.target === target && !s.warmup).sort((x, y) => x.seq - y.seq);
}

export function sideFromResponse(resp: ProbeResponse, target: string, label: string): Side {
  const samples = measured(resp, target);
  const run: number[] = [];
  let lost = 0;
  let retransmits = 0;
  for (const s of samples) {
    if (!s.ok || s.rttUs === undefined) lost++;
    else if (s.retransmit) retransmits++;
    else run.push(s.rttUs);
  }
  return { label, runs: [run], sent: samples.length, lost, retransmits };
}

/**
 * Interleaved pairs: for each round in which both targets' probes connected without a retransmit, the pair
 * (A's RTT, B's RTT). Rounds where either failed are left out of the pairs (the losses are counted per side).
 */
export function pairsFromResponse(resp: ProbeResponse, targetA: string, targetB: string): [number, number][] {
  const byRound = (target: string) => {
    const m = new Map<number, number>();
    for (const s of measured(resp, target)) if (s.ok && !s.retransmit && s.rttUs !== undefined) m.set(s.round, s.rttUs);
    return m;
  };
  const a = byRound(targetA);
  const b = byRound(targetB);
  return [...a.entries()]
    .filter(([round]) => b.has(round))
    .sort((x, y) => x[0] - y[0])
    .map(([round, rtt]) => [rtt, b.get(round)!]);
}

export function sideFromRuns(runs: readonly ParsedRun[], label: string): Side {
  return {
    label,
    runs: runs.map((r) => [...r.samplesUs]),
    sent: runs.reduce((s, r) => s + r.samplesUs.length + r.failures + r.retransmits, 0),
    lost: runs.reduce((s, r) => s + r.failures, 0),
    retransmits: runs.reduce((s, r) => s + r.retransmits, 0),
    ...(runs.some((r) => r.binned) ? { binned: true } : {}),
  };
}
