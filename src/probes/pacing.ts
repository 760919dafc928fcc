/**
 * Fitting a measurement into an agent's time limit. The agent refuses a request whose worst case (every connect
 * timing out) exceeds its `maxDurationMs` (docs/probe-agent-api.md; default 120 s):
 *   worst = (count + warmup − 1) · intervalMs + (count + warmup) · targets · timeoutMs
 * With the default pacing (500 ms, 2 s timeout) that allows about 47 probes of one target, 25 interleaved
 * rounds. So, keeping A and B identically paced (one request, or the same pacing for both agents), the bot first
 * shortens the connect timeout down to MIN_TIMEOUT_MS (still above a 1 s SYN retransmit, so retransmits stay
 * retransmits and not losses), then the interval down to MIN_INTERVAL_MS; beyond that it says how many probes
 * fit in one run.
 */
import type { Pacing } from './agent-client.ts';

/** A connect of ~1 s is a SYN retransmit: the timeout must stay above it, with room for the path's RTT. */
export const MIN_TIMEOUT_MS = 1200;
export const MIN_INTERVAL_MS = 100;
/** The agent's documented default, when it does not say. */
export const DEFAULT_MAX_DURATION_MS = 120_000;

export function worstCaseMs(count: number, targets: number, p: Pacing): number {
  const rounds = count + p.warmup;
  return (rounds - 1) * p.intervalMs + rounds * targets * p.timeoutMs;
}

/** The most probes per target that fit `budgetMs` with this pacing (0 when not even one does). */
export function maxCountFor(targets: number, p: Pacing, budgetMs: number): number {
  // (n + w − 1)·I + (n + w)·k·T ≤ B  ⇔  n ≤ (B + I) / (I + k·T) − w
  const n = Math.floor((budgetMs + p.intervalMs) / (p.intervalMs + targets * p.timeoutMs)) - p.warmup;
  return Math.max(0, n);
}

export type Fit = { ok: true; pacing: Pacing; adjusted: boolean } | { ok: false; maxCount: number };

/** The pacing closest to `base` that fits `budgetMs`, or the most probes that would fit at the tightest pacing. */
export function fitPacing(count: number, targets: number, base: Pacing, budgetMs: number): Fit {
  if (worstCaseMs(count, targets, base) <= budgetMs) return { ok: true, pacing: base, adjusted: false };
  const rounds = count + base.warmup;
  // 1. Shorter connect timeout, keeping the interval: T ≤ (B − (rounds − 1)·I) / (rounds·k), in 100 ms steps.
  const t = Math.floor((budgetMs - (rounds - 1) * base.intervalMs) / (rounds * targets) / 100) * 100;
  if (t >= MIN_TIMEOUT_MS) return { ok: true, pacing: { ...base, timeoutMs: Math.min(base.timeoutMs, t) }, adjusted: true };
  // 2. Then a shorter interval at the shortest timeout: I ≤ (B − rounds·k·T) / (rounds − 1), in 50 ms steps.
  const timeoutMs = Math.min(base.timeoutMs, MIN_TIMEOUT_MS);
  const spare = budgetMs - rounds * targets * timeoutMs;
  const i = rounds > 1 ? Math.floor(spare / (rounds - 1) / 50) * 50 : base.intervalMs;
  if (spare >= 0 && i >= Math.min(MIN_INTERVAL_MS, base.intervalMs)) return { ok: true, pacing: { ...base, timeoutMs, intervalMs: Math.min(base.intervalMs, i) }, adjusted: true };
  return { ok: false, maxCount: maxCountFor(targets, { ...base, timeoutMs, intervalMs: Math.min(MIN_INTERVAL_MS, base.intervalMs) }, budgetMs) };
}
