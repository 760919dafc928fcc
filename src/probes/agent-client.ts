/**
 * The bot's client for probe agents (docs/probe-agent-api.md, v1), and the directory of configured agents
 * (NETOPS_PROBE_AGENTS / NETOPS_PROBE_AGENTS_FILE: `[{ "name", "url", "token", "site" }]`).
 *
 * - Every request carries `Authorization: Bearer <token>`. The token lives in a module-private WeakMap, not on
 *   the client object, so it cannot reach a Result, a log line, JSON.stringify or util.inspect; error texts
 *   coming back from an agent are scrubbed of it as well.
 * - Timeouts come from AbortSignal.timeout, combined with the caller's signal (the host's budget): when the
 *   caller aborts, its AbortError is rethrown as is; when our own timeout fires, an AgentError 'timeout'.
 * - Failures become an AgentError whose `kind` says what the user should be told: unreachable, unauthorized,
 *   target-not-allowed, busy (with Retry-After), invalid-request, timeout, or agent-failure.
 * - An `https` agent with a self-signed (or private CA) certificate: fetch trusts what Node trusts, so put the
 *   agent's certificate or CA in a PEM file and start the bot with NODE_EXTRA_CA_CERTS=/path/to/agent-ca.pem
 *   (read once at process start). Certificate problems are reported as unreachable with reason 'tls'.
 */
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import type { ProbeAgentConfig } from '../config.ts';

export type AgentErrorKind = 'unreachable' | 'unauthorized' | 'target-not-allowed' | 'busy' | 'invalid-request' | 'timeout' | 'agent-failure';
/** Finer cause, for the message: why it was unreachable, or what the agent-failure was. */
export type AgentErrorReason = 'refused' | 'dns' | 'tls' | 'network' | 'not-found' | 'bad-response' | 'server-error' | 'too-large';

export class AgentError extends Error {
  override name = 'AgentError';
  readonly kind: AgentErrorKind;
  /** The agent's configured name. */
  readonly agent: string;
  readonly status?: number;
  readonly reason?: AgentErrorReason;
  /** 429: seconds to wait before trying again. */
  readonly retryAfterSeconds?: number;
  /** The agent's own message (which field is wrong, why a target is refused), token scrubbed, at most 300 chars. */
  readonly detail?: string;

  constructor(kind: AgentErrorKind, agent: string, init: { status?: number; reason?: AgentErrorReason; retryAfterSeconds?: number; detail?: string } = {}) {
    super(`probe agent ${agent}: ${kind}${init.reason ? ` (${init.reason})` : ''}${init.status ? ` [HTTP ${init.status}]` : ''}`);
    this.kind = kind;
    this.agent = agent;
    if (init.status !== undefined) this.status = init.status;
    if (init.reason !== undefined) this.reason = init.reason;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.detail !== undefined) this.detail = init.detail;
  }

  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'busy' || this.kind === 'timeout' || (this.kind === 'agent-failure' && this.reason === 'server-error');
  }
}

export function isAgentError(e: unknown): e is AgentError {
  return e instanceof AgentError;
}

// ---------------------------------------------------------------------------------------------- wire shapes

const healthSchema = z.object({
  status: z.string(),
  name: z.string().optional(),
  version: z.string().optional(),
  site: z.string().optional(),
  uptimeSeconds: z.number().optional(),
  busy: z.number().optional(),
  limits: z.object({ maxCount: z.number().optional(), maxDurationMs: z.number().optional(), maxConcurrent: z.number().optional() }).partial().optional(),
});
export type AgentHealth = z.infer<typeof healthSchema>;

const sampleSchema = z.object({
  target: z.string(),
  seq: z.number().int(),
  round: z.number().int(),
  warmup: z.boolean(),
  ok: z.boolean(),
  rttUs: z.number().nonnegative().optional(),
  error: z.string().optional(),
  retransmit: z.boolean().default(false),
});
export type WireSample = z.infer<typeof sampleSchema>;

const nullableNumber = z.number().nullable().optional();
const summarySchema = z.object({
  sent: z.number(),
  received: z.number(),
  lost: z.number(),
  retransmits: z.number().default(0),
  minUs: nullableNumber,
  p50Us: nullableNumber,
  p90Us: nullableNumber,
  p99Us: nullableNumber,
  maxUs: nullableNumber,
  meanUs: nullableNumber,
});

const probeResponseSchema = z.object({
  agent: z.object({ name: z.string(), version: z.string().optional(), site: z.string().optional() }),
  mode: z.enum(['single', 'interleaved']),
  startedAt: z.string(),
  finishedAt: z.string(),
  samples: z.array(sampleSchema),
  summary: z.record(z.string(), summarySchema).default({}),
});
export type ProbeResponse = z.infer<typeof probeResponseSchema>;

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

export interface Pacing {
  /** Extra probes per target before the measured ones (0..10). */
  warmup: number;
  /** Between probes; between rounds when interleaved (0..10000). */
  intervalMs: number;
  /** Per connect (100..10000). */
  timeoutMs: number;
}

export interface ProbeRequest extends Pacing {
  /** One target (single) or two (interleaved). */
  targets: readonly string[];
  count: number;
}

// ---------------------------------------------------------------------------------------------- client

const TOKENS = new WeakMap<AgentClient, string>();
const LIMITS_TTL_MS = 5 * 60_000;

export interface AgentLimits {
  maxCount?: number;
  maxDurationMs?: number;
}

export interface AgentClientOptions {
  /** Timeout of a health request. Default 5 s. */
  healthTimeoutMs?: number;
  /** Added to a probe request's worst-case duration for its timeout. Default 15 s. */
  probeSlackMs?: number;
}

/** Retry-After as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function causeCode(e: unknown): string | undefined {
  let c: unknown = e;
  for (let i = 0; i < 5 && c && typeof c === 'object'; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkReason(e: unknown): AgentErrorReason {
  const code = causeCode(e) ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) return 'tls';
  return 'network';
}

const isAbortLike = (e: unknown) => e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError');

export class AgentClient {
  readonly name: string;
  readonly site?: string;
  /** Scheme and host:port of the agent, never a path, credentials or token: what users may see. */
  readonly origin: string;
  /** host:port only. */
  readonly host: string;
  readonly #base: string;
  readonly #healthTimeoutMs: number;
  readonly #probeSlackMs: number;
  #limits?: { at: number; value: AgentLimits };

  constructor(config: ProbeAgentConfig, options: AgentClientOptions = {}) {
    const url = new URL(config.url);
    this.name = config.name;
    if (config.site) this.site = config.site;
    this.host = url.host;
    this.origin = `${url.protocol}//${url.host}`;
    // Keep a path prefix (an agent behind a reverse proxy); drop credentials, query and fragment.
    this.#base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
    this.#healthTimeoutMs = options.healthTimeoutMs ?? 5_000;
    this.#probeSlackMs = options.probeSlackMs ?? 15_000;
    TOKENS.set(this, config.token);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, site: this.site, host: this.host };
  }

  /** Removes the token from any text (the agent's error messages), in case an agent ever echoes it. */
  scrub(text: string): string {
    const token = TOKENS.get(this);
    return token ? text.split(token).join('***') : text;
  }

  async health(signal?: AbortSignal): Promise<AgentHealth> {
    const body = await this.#request('GET', '/v1/health', undefined, this.#healthTimeoutMs, signal);
    const parsed = healthSchema.safeParse(body);
    if (!parsed.success) throw new AgentError('agent-failure', this.name, { reason: 'bad-response', detail: 'the health answer does not follow the v1 API' });
    return parsed.data;
  }

  /**
   * The agent's limits (maxCount, maxDurationMs) from its health answer, kept for 5 minutes: what a request must
   * fit (the agent refuses more with 400).
   */
  async limits(signal?: AbortSignal): Promise<AgentLimits> {
    if (this.#limits && Date.now() - this.#limits.at < LIMITS_TTL_MS) return this.#limits.value;
    const h = await this.health(signal);
    const value: AgentLimits = {};
    if (h.limits?.maxCount !== undefined) value.maxCount = h.limits.maxCount;
    if (h.limits?.maxDurationMs !== undefined) value.maxDurationMs = h.limits.maxDurationMs;
    this.#limits = { at: Date.now(), value };
    return value;
  }

  /** Worst case of a probe job, as the agent can take it: every connect timing out, plus the pacing. */
  static worstCaseMs(req: ProbeRequest): number {
    const perRound = req.intervalMs + req.targets.length * req.timeoutMs;
    return (req.count + req.warmup) * perRound;
  }

  async probe(req: ProbeRequest, signal?: AbortSignal): Promise<ProbeResponse> {
    const body: Record<string, unknown> =
      req.targets.length === 1 ? { target: req.targets[0] } : { targets: [...req.targets] };
    Object.assign(body, { count: req.count, warmup: req.warmup, intervalMs: req.intervalMs, timeoutMs: req.timeoutMs });
    const answer = await this.#request('POST', '/v1/probes/tcp', body, AgentClient.worstCaseMs(req) + this.#probeSlackMs, signal);
    const parsed = probeResponseSchema.safeParse(answer);
    if (!parsed.success) throw new AgentError('agent-failure', this.name, { reason: 'bad-response', detail: 'the probe answer does not follow the v1 API' });
    return parsed.data;
  }

  async #request(method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number, signal: AbortSignal | undefined): Promise<unknown> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const headers: Record<string, string> = { Authorization: `Bearer ${TOKENS.get(this) ?? ''}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.#base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: combined, redirect: 'error' });
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : e;
      if (timeout.aborted || isAbortLike(e)) throw new AgentError('timeout', this.name);
      throw new AgentError('unreachable', this.name, { reason: networkReason(e) });
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.ok) {
      if (json === undefined) throw new AgentError('agent-failure', this.name, { status: res.status, reason: 'bad-response', detail: 'the answer is not JSON' });
      return json;
    }
    const err = errorBodySchema.safeParse(json);
    const detail = err.success && err.data.error.message ? this.scrub(err.data.error.message).slice(0, 300) : undefined;
    const init = { status: res.status, ...(detail ? { detail } : {}) };
    switch (res.status) {
      case 400:
        throw new AgentError('invalid-request', this.name, init);
      case 413:
        throw new AgentError('invalid-request', this.name, { ...init, reason: 'too-large' });
      case 401:
        throw new AgentError('unauthorized', this.name, { status: res.status });
      case 403:
        throw new AgentError('target-not-allowed', this.name, init);
      case 429: {
        const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
        throw new AgentError('busy', this.name, { ...init, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
      }
      case 404:
      case 405:
        throw new AgentError('agent-failure', this.name, { ...init, reason: 'not-found' });
      default:
        throw new AgentError('agent-failure', this.name, { ...init, reason: res.status >= 500 ? 'server-error' : 'bad-response' });
    }
  }
}

// ---------------------------------------------------------------------------------------------- directory

export class AgentDirectory {
  readonly #clients: AgentClient[];

  constructor(configs: readonly ProbeAgentConfig[], options: AgentClientOptions = {}) {
    this.#clients = configs.map((c) => new AgentClient(c, options));
  }

  get size(): number {
    return this.#clients.length;
  }

  all(): readonly AgentClient[] {
    return this.#clients;
  }

  /** The agent used when a command names none: the first configured. */
  first(): AgentClient | undefined {
    return this.#clients[0];
  }

  /** By name, case-insensitive. */
  find(name: string): AgentClient | undefined {
    const n = name.trim().toLowerCase();
    return this.#clients.find((c) => c.name.toLowerCase() === n);
  }

  /** Closest configured names for a misspelt one (edit distance or prefix), best first. */
  suggest(name: string, max = 3): string[] {
    const n = name.trim().toLowerCase();
    return this.#clients
      .map((c) => {
        const cn = c.name.toLowerCase();
        const d = distance(n, cn);
        const score = cn.startsWith(n) || n.startsWith(cn) ? 0.5 : d <= Math.max(2, Math.floor(cn.length / 3)) ? d : Infinity;
        return { name: c.name, score };
      })
      .filter((s) => s.score !== Infinity)
      .sort((a, b) => a.score - b.score)
      .slice(0, max)
      .map((s) => s.name);
  }
}
