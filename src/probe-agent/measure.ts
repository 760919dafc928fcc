/**
 * TCP connect measurement. Runs inside the probe worker (probe-worker.ts), a worker_thread that does nothing
 * else, so the timestamps are not delayed by HTTP parsing, JSON or logging on the agent's main thread (on a busy
 * event loop the median barely moves but p99 grows to about 2 ms, as large as the effects being measured).
 *
 * Where the clock starts. The target is already resolved (target.ts) and is passed as an IP address with its
 * family and autoSelectFamily off, so net.Socket#connect does no lookup of its own. Measured on Node 22.23
 * (x64 Linux): with an IP host Node does NOT emit 'lookup' at all — lookupAndConnect skips the lookup for an
 * address literal — but it emits 'connectionAttempt' (Node >= 21.6 / 20.12) synchronously in internalConnect,
 * immediately before the connect(2) call on the handle. So the clock starts at 'connectionAttempt'; 'lookup'
 * is kept as a start point for a runtime that goes through a lookup, and the call to connect() itself is the
 * fallback when neither event fires (reported as `timedFrom`). Loopback, 3 x 2,500 connects interleaved:
 * p50 52.8 µs from 'connectionAttempt', 54.1 µs from 'lookup' (custom lookup returning the same IP), 55.1 µs
 * from just before connect(); with autoSelectFamily left on, every start point read ~25 µs more.
 * Listeners are attached before connect() is called; the clock is process.hrtime.bigint().
 *
 * Closing: a connected probe socket is closed with a reset (resetAndDestroy), as ethr does, so no TIME_WAIT
 * piles up on either side. A connect still pending at the timeout is destroyed (no handshake to reset).
 */
import { randomInt } from 'node:crypto';
import { Socket } from 'node:net';
import { RETRANSMIT_US } from './summary.ts';
import type { ProbeErrorKind, ProbeJob, ResolvedTarget, TimedFrom, WorkerSample } from './types.ts';

export interface ConnectOutcome {
  ok: boolean;
  rttUsExact?: number;
  error?: ProbeErrorKind;
  errorCode?: string;
  localAddress?: string;
  localPort?: number;
  timedFrom: TimedFrom;
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export function classify(code: string | undefined): ProbeErrorKind {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code && UNREACHABLE.has(code)) return 'unreachable';
  if (code && RESET.has(code)) return 'reset';
  return 'error';
}

/**
 * How long a pending connect keeps the worker busy-polling instead of sleeping until the SYN-ACK arrives. A
 * thread that sleeps through the handshake pays a wake-up from idle when it arrives (on a VM, a halted vCPU
 * rescheduled by the hypervisor: tens of µs), and only the probes that wait long enough to go idle pay it — the
 * slower path of a comparison — which biased B − A upwards by ~0.04 ms on the test bed
 * (bench/latency-testbed). Spinning costs CPU only while a probe is in flight, at most this long per probe;
 * slower handshakes wait normally, where such a cost no longer matters.
 */
export const SPIN_WAIT_MS = 50;

/** One TCP connect to an already resolved address, timed from the socket's connection attempt. */
export function connectOnce(
  target: Pick<ResolvedTarget, 'address' | 'family' | 'port'>,
  timeoutMs: number,
  spinMs: number = SPIN_WAIT_MS,
): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let start: bigint | undefined;
    let timedFrom: TimedFrom = 'connect-call';
    let done = false;
    const finish = (o: Omit<ConnectOutcome, 'timedFrom'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...o, timedFrom });
    };
    socket.once('lookup', () => {
      start = process.hrtime.bigint();
      timedFrom = 'lookup';
    });
    socket.once('connectionAttempt', () => {
      start = process.hrtime.bigint();
      timedFrom = 'connectionAttempt';
    });
    socket.once('connect', () => {
      const end = process.hrtime.bigint();
      const rttUsExact = Number(end - (start ?? end)) / 1000;
      const localAddress = socket.localAddress;
      const localPort = socket.localPort;
      socket.resetAndDestroy();
      finish({ ok: true, rttUsExact, ...(localAddress ? { localAddress } : {}), ...(localPort ? { localPort } : {}) });
    });
    // Stays attached after the outcome: a late error on a reset socket must not become an uncaught exception.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code;
      finish({ ok: false, error: classify(code), ...(code ? { errorCode: code } : {}) });
      socket.destroy();
    });
    const timer = setTimeout(() => {
      finish({ ok: false, error: 'timeout', errorCode: 'ETIMEDOUT' });
      socket.destroy();
    }, timeoutMs);
    const beforeCall = process.hrtime.bigint();
    socket.connect({ host: target.address, port: target.port, family: target.family, autoSelectFamily: false });
    // Neither event fired synchronously or later: fall back to the call itself.
    start ??= beforeCall;
    // Keep the loop polling while the handshake is out (see SPIN_WAIT_MS): with an immediate pending, libuv polls
    // for I/O with a zero timeout instead of sleeping, so the SYN-ACK is seen without a wake-up from idle.
    const spinUntil = performance.now() + spinMs;
    const spin = () => {
      if (!done && performance.now() < spinUntil) setImmediate(spin);
    };
    if (spinMs > 0) setImmediate(spin);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Upper bound of a job's duration: every probe timing out, plus the gaps between rounds. */
export function worstCaseMs(job: Pick<ProbeJob, 'count' | 'warmup' | 'intervalMs' | 'timeoutMs'>, targets: number): number {
  const rounds = job.count + job.warmup;
  return (rounds - 1) * job.intervalMs + rounds * targets * job.timeoutMs;
}

/** Order of the targets within one round: fixed for one target, a fresh random permutation for two. */
export function roundOrder(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/**
 * Runs a job: rounds of one probe per target (random order within a round when there are two), an idle gap of
 * intervalMs after every round but the last — the same pacing for both targets, also after a timeout (no
 * catch-up bursts). The first `warmup` rounds are warmups. Each sample is handed to `emit` as soon as it is
 * taken, outside the timed window.
 */
export async function runJob(
  job: ProbeJob,
  emit: (sample: WorkerSample, timedFrom: TimedFrom) => void,
  connect: typeof connectOnce = connectOnce,
): Promise<{ startedAt: string; finishedAt: string }> {
  const startedAt = new Date().toISOString();
  const rounds = job.count + job.warmup;
  const seq = job.targets.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    const order = job.mode === 'interleaved' ? roundOrder(job.targets.length) : job.targets.map((_, i) => i);
    for (const i of order) {
      const t = job.targets[i] as ResolvedTarget;
      const o = await connect(t, job.timeoutMs);
      const rttUs = o.rttUsExact === undefined ? undefined : Math.max(1, Math.round(o.rttUsExact));
      const retransmit = o.ok && (o.rttUsExact ?? 0) >= RETRANSMIT_US;
      const sample: WorkerSample = {
        target: t.label,
        seq: seq[i] ?? 0,
        round,
        warmup: round < job.warmup,
        ok: o.ok,
        ...(o.ok ? { rttUs, rttUsExact: o.rttUsExact } : { error: o.error ?? 'error' }),
        retransmit,
        ...(o.localAddress ? { localAddress: o.localAddress } : {}),
        ...(o.localPort ? { localPort: o.localPort } : {}),
        ...(o.errorCode ? { errorCode: o.errorCode } : {}),
      };
      seq[i] = (seq[i] ?? 0) + 1;
      emit(sample, o.timedFrom);
    }
    if (round < rounds - 1 && job.intervalMs > 0) await sleep(job.intervalMs);
  }
  return { startedAt, finishedAt: new Date().toISOString() };
}
