/**
 * Shapes shared by the probe agent's HTTP server, its measuring worker and its CLI.
 * The wire shapes (ProbeSample, TargetSummary, ProbeResponse) follow docs/probe-agent-api.md exactly.
 */

export type ProbeErrorKind = 'timeout' | 'refused' | 'unreachable' | 'reset' | 'error';

export type ProbeMode = 'single' | 'interleaved';

/** One target after parsing and resolution: what the worker connects to. */
export interface ResolvedTarget {
  /** The target as the caller wrote it ("10.1.2.4:3389", "[2001:db8::4]:443", "vm-a.corp:3389"). */
  label: string;
  /** The host part as written (name or address, without brackets). */
  host: string;
  /** The address the host resolved to (once), normalised: IPv4-mapped IPv6 becomes IPv4. */
  address: string;
  family: 4 | 6;
  port: number;
}

/** A measurement job: what the worker runs. */
export interface ProbeJob {
  mode: ProbeMode;
  targets: ResolvedTarget[];
  count: number;
  warmup: number;
  intervalMs: number;
  timeoutMs: number;
}

/** One probe on the wire (docs/probe-agent-api.md). */
export interface ProbeSample {
  target: string;
  seq: number;
  round: number;
  warmup: boolean;
  ok: boolean;
  rttUs?: number;
  error?: ProbeErrorKind;
  retransmit: boolean;
}

/**
 * What the worker reports per probe: the wire sample plus local details that only the CLI prints
 * (PsPing's "from 10.9.0.2:50001") and the system error code behind a failure.
 */
export interface WorkerSample extends ProbeSample {
  /** Round trip in microseconds with sub-microsecond precision (the wire value is rounded). */
  rttUsExact?: number;
  localAddress?: string;
  localPort?: number;
  errorCode?: string;
}

/** Where the connect time is measured from (see probe-worker.ts). */
export type TimedFrom = 'lookup' | 'connectionAttempt' | 'connect-call';

export type WorkerMessage =
  | { type: 'sample'; sample: WorkerSample; timedFrom: TimedFrom }
  | { type: 'done'; startedAt: string; finishedAt: string }
  | { type: 'failed'; message: string };

export interface TargetSummary {
  sent: number;
  received: number;
  lost: number;
  retransmits: number;
  /** Latency figures over received probes that were not retransmits; null when there are none. */
  minUs: number | null;
  p50Us: number | null;
  p90Us: number | null;
  p99Us: number | null;
  maxUs: number | null;
  meanUs: number | null;
}

export interface AgentIdentity {
  name: string;
  version: string;
  site?: string;
}

export interface ProbeResponse {
  agent: AgentIdentity;
  mode: ProbeMode;
  startedAt: string;
  finishedAt: string;
  samples: ProbeSample[];
  summary: Record<string, TargetSummary>;
}

export interface ErrorBody {
  error: { code: string; message: string };
}
