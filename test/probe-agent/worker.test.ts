/** The measurement (measure.ts) and the worker it runs in (run-probes.ts -> probe-worker-boot.mjs -> probe-worker.ts). */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classify, connectOnce, roundOrder, runJob, worstCaseMs } from '../../src/probe-agent/measure.ts';
import { JobAbortedError, runProbeJob } from '../../src/probe-agent/run-probes.ts';
import type { ProbeJob, ResolvedTarget, WorkerSample } from '../../src/probe-agent/types.ts';
import { closedPort, listen, type Listener } from './helpers.ts';

let a: Listener;
let b: Listener;
beforeAll(async () => {
  a = await listen();
  b = await listen();
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const t = (port: number, label = `127.0.0.1:${port}`): ResolvedTarget => ({ label, host: '127.0.0.1', address: '127.0.0.1', family: 4, port });

describe('connectOnce', () => {
  it('times a connect from the connectionAttempt event (an IP target emits no lookup event)', async () => {
    const o = await connectOnce(t(a.port), 1000);
    expect(o.ok).toBe(true);
    expect(o.timedFrom).toBe('connectionAttempt');
    expect(o.rttUsExact).toBeGreaterThan(0);
    expect(o.localAddress).toBe('127.0.0.1');
    expect(o.localPort).toBeGreaterThan(0);
  });

  it('polls instead of sleeping while the handshake is out, and stops once the connect is done', async () => {
    const immediate = vi.spyOn(globalThis, 'setImmediate');
    try {
      const spins = () => immediate.mock.calls.filter(([fn]) => (fn as { name?: string }).name === 'spin').length;
      const o = await connectOnce(t(a.port), 1000);
      expect(o.ok).toBe(true);
      const atDone = spins();
      expect(atDone).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 20));
      expect(spins()).toBe(atDone);
      immediate.mockClear();
      expect((await connectOnce(t(a.port), 1000, 0)).ok).toBe(true);
      expect(spins()).toBe(0);
    } finally {
      immediate.mockRestore();
    }
  });

  it('classifies a refused connect', async () => {
    const o = await connectOnce(t(await closedPort()), 1000);
    expect(o).toMatchObject({ ok: false, error: 'refused', errorCode: 'ECONNREFUSED' });
  });
});

it('classify maps system errors to the contract kinds', () => {
  expect(classify('ECONNREFUSED')).toBe('refused');
  expect(classify('ETIMEDOUT')).toBe('timeout');
  expect(classify('EHOSTUNREACH')).toBe('unreachable');
  expect(classify('ENETUNREACH')).toBe('unreachable');
  expect(classify('ECONNRESET')).toBe('reset');
  expect(classify('EACCES')).toBe('error');
  expect(classify(undefined)).toBe('error');
});

it('roundOrder is a permutation that varies', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const o = roundOrder(2);
    expect([...o].sort()).toEqual([0, 1]);
    seen.add(o.join());
  }
  expect(seen).toEqual(new Set(['0,1', '1,0']));
  expect(roundOrder(1)).toEqual([0]);
});

it('worstCaseMs bounds a job: gaps between rounds plus every probe timing out', () => {
  expect(worstCaseMs({ count: 20, warmup: 1, intervalMs: 500, timeoutMs: 2000 }, 1)).toBe(20 * 500 + 21 * 2000);
  expect(worstCaseMs({ count: 20, warmup: 1, intervalMs: 500, timeoutMs: 2000 }, 2)).toBe(20 * 500 + 42 * 2000);
});

describe('runJob pacing (fake connects)', () => {
  it('idles intervalMs after every round, never inside a round, also after a failure; marks retransmits', async () => {
    const calls: { label: string; at: number }[] = [];
    let n = 0;
    const fake: typeof connectOnce = async (target) => {
      calls.push({ label: (target as ResolvedTarget).label, at: performance.now() });
      n++;
      if (n === 3) return { ok: false, error: 'timeout', timedFrom: 'connectionAttempt' };
      if (n === 5) return { ok: true, rttUsExact: 1_000_400, timedFrom: 'connectionAttempt' };
      return { ok: true, rttUsExact: 250.4, timedFrom: 'connectionAttempt' };
    };
    const job: ProbeJob = { mode: 'interleaved', targets: [t(1, 'A'), t(2, 'B')], count: 3, warmup: 1, intervalMs: 25, timeoutMs: 100 };
    const samples: WorkerSample[] = [];
    await runJob(job, (s) => samples.push(s), fake);
    expect(samples).toHaveLength(8);
    for (let round = 0; round < 4; round++) {
      const [x, y] = [calls[2 * round]!, calls[2 * round + 1]!];
      expect(new Set([x.label, y.label])).toEqual(new Set(['A', 'B']));
      expect(y.at - x.at).toBeLessThan(20);
      if (round > 0) expect(x.at - calls[2 * round - 1]!.at).toBeGreaterThanOrEqual(23);
    }
    expect(samples[2]).toMatchObject({ ok: false, error: 'timeout', round: 1, warmup: false, retransmit: false });
    expect(samples[4]).toMatchObject({ ok: true, rttUs: 1_000_400, retransmit: true });
    expect(samples[0]).toMatchObject({ warmup: true, rttUs: 250, seq: 0, round: 0 });
    expect(samples.filter((s) => s.target === 'A').map((s) => s.seq)).toEqual([0, 1, 2, 3]);
  });
});

describe('runProbeJob (a real worker thread, loaded through tsx)', () => {
  it('streams samples and returns them with the start point of the clock', async () => {
    const streamed: WorkerSample[] = [];
    const r = await runProbeJob(
      { mode: 'interleaved', targets: [t(a.port), t(b.port)], count: 3, warmup: 1, intervalMs: 0, timeoutMs: 1000 },
      { onSample: (s) => streamed.push(s) },
    );
    expect(r.samples).toHaveLength(8);
    expect(streamed).toEqual(r.samples);
    expect(r.timedFrom).toBe('connectionAttempt');
    expect(r.samples.every((s) => s.ok && (s.rttUs ?? 0) > 0 && s.localPort)).toBe(true);
  });

  it('stops a job when aborted', async () => {
    const abort = new AbortController();
    const p = runProbeJob({ mode: 'single', targets: [t(a.port)], count: 50, warmup: 0, intervalMs: 100, timeoutMs: 1000 }, {
      signal: abort.signal,
      onSample: () => abort.abort(),
    });
    await expect(p).rejects.toBeInstanceOf(JobAbortedError);
  });
});
