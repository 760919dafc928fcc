/**
 * PsPing-style text for the CLI, line for line what Sysinternals PsPing prints for a TCP connect test, so the
 * bot's PsPing parser (and an engineer's eye) reads our output like PsPing's:
 *
 *   TCP connect to 10.1.2.4:3389:
 *   5 iterations (warmup 1) ping test:
 *   Connecting to 10.1.2.4:3389 (warmup): from 10.9.0.2:50001: 3.10ms
 *   Connecting to 10.1.2.4:3389: from 10.9.0.2:50002: 2.95ms
 *   Connecting to 10.1.2.4:3389: This operation returned because the timeout period expired.
 *
 *   TCP connect statistics for 10.1.2.4:3389:
 *     Sent = 4, Received = 3, Lost = 1 (25% loss),
 *     Minimum = 2.95ms, Maximum = 12.80ms, Average = 5.55ms
 *
 * The statistics block keeps PsPing's meaning (all received measured probes, 0.00ms when none). Connects of 1 s
 * or more (SYN retransmits) are flagged on an extra line after the block, which PsPing parsers skip.
 */
import type { ProbeErrorKind, WorkerSample } from './types.ts';

/** The texts Windows (and so PsPing) prints for these failures. */
export const ERROR_TEXT: Record<ProbeErrorKind, string> = {
  timeout: 'This operation returned because the timeout period expired.',
  refused: 'No connection could be made because the target machine actively refused it.',
  unreachable: 'A socket operation was attempted to an unreachable host.',
  reset: 'An existing connection was forcibly closed by the remote host.',
  error: 'The connection attempt failed.',
};

const ms = (us: number) => `${(us / 1000).toFixed(2)}ms`;

export function headerLines(endpoint: string, count: number, warmup: number): string[] {
  return [`TCP connect to ${endpoint}:`, `${count + warmup} iterations (warmup ${warmup}) ping test:`];
}

export function probeLine(endpoint: string, s: WorkerSample): string {
  const head = `Connecting to ${endpoint}${s.warmup ? ' (warmup)' : ''}:`;
  if (s.ok) {
    const from = s.localAddress ? ` from ${s.localAddress.includes(':') ? `[${s.localAddress}]` : s.localAddress}:${s.localPort ?? 0}:` : '';
    return `${head}${from} ${ms(s.rttUsExact ?? s.rttUs ?? 0)}`;
  }
  const kind = s.error ?? 'error';
  const text = kind === 'unreachable' && s.errorCode === 'ENETUNREACH' ? 'A socket operation was attempted to an unreachable network.' : ERROR_TEXT[kind];
  return `${head} ${text}${kind === 'error' && s.errorCode ? ` (${s.errorCode})` : ''}`;
}

export function statisticsLines(endpoint: string, samples: readonly WorkerSample[]): string[] {
  const measured = samples.filter((s) => !s.warmup);
  const ok = measured.filter((s) => s.ok);
  const rtts = ok.map((s) => s.rttUsExact ?? s.rttUs ?? 0);
  const sent = measured.length;
  const lost = sent - ok.length;
  const lossPct = sent === 0 ? 0 : Math.round((lost * 100) / sent);
  const min = rtts.length ? Math.min(...rtts) : 0;
  const max = rtts.length ? Math.max(...rtts) : 0;
  const avg = rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : 0;
  const lines = [
    `TCP connect statistics for ${endpoint}:`,
    `  Sent = ${sent}, Received = ${ok.length}, Lost = ${lost} (${lossPct}% loss),`,
    `  Minimum = ${ms(min)}, Maximum = ${ms(max)}, Average = ${ms(avg)}`,
  ];
  const retransmits = ok.filter((s) => s.retransmit).length;
  if (retransmits > 0) {
    lines.push(
      `  Note: ${retransmits} connect${retransmits > 1 ? 's' : ''} took 1 s or more (SYN retransmit${retransmits > 1 ? 's' : ''}): count as loss events, not latency.`,
    );
  }
  return lines;
}
