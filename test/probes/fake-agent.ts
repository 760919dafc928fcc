/**
 * A small probe agent for tests: a real HTTP server on 127.0.0.1 that follows docs/probe-agent-api.md (v1):
 * bearer token, GET /v1/health, POST /v1/probes/tcp (single and interleaved), the error codes and bodies, and
 * Retry-After. It does not open TCP connections: each target has a latency profile, so the figures (and the
 * verdicts) are known in advance. The real agent (src/probe-agent/) is tested against the client separately.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../src/emulator/prng.ts';

export interface TargetProfile {
  /** Connect time of the fastest probes, µs. */
  baseUs: number;
  /** Spread added on top (uniform 0..spreadUs), µs. */
  spreadUs: number;
  /** Every k-th measured probe (1-based) fails with 'timeout'. */
  failEvery?: number;
  /** Measured probe indexes (0-based) that connect after a SYN retransmit (≥ 1 s). */
  retransmitAt?: number[];
  /** Every probe fails with 'refused'. */
  refused?: boolean;
}

export interface FakeAgentOptions {
  name: string;
  token: string;
  site?: string;
  version?: string;
  /** Latency profile per target ("host:port"); targets without one are refused with 403. */
  targets: Record<string, TargetProfile>;
  /** Answer every probe request with 429 and this Retry-After. */
  busyRetryAfter?: number;
  /** Seed of the deterministic noise. */
  seed?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

export interface FakeAgent {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const fail = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => send(res, status, { error: { code, message } }, headers);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const MAX_DURATION_MS = 120_000;
const TARGET = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):(\d{1,5})$/i;

interface Sample {
  target: string;
  seq: number;
  round: number;
  warmup: boolean;
  ok: boolean;
  rttUs?: number;
  error?: string;
  retransmit: boolean;
}

function nearest(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

function summarise(samples: Sample[], target: string) {
  const measured = samples.filter((s) => s.target === target && !s.warmup);
  const lat = measured.filter((s) => s.ok && !s.retransmit).map((s) => s.rttUs!).sort((a, b) => a - b);
  return {
    sent: measured.length,
    received: measured.filter((s) => s.ok).length,
    lost: measured.filter((s) => !s.ok).length,
    retransmits: measured.filter((s) => s.retransmit).length,
    minUs: lat[0] ?? null,
    p50Us: nearest(lat, 50),
    p90Us: nearest(lat, 90),
    p99Us: nearest(lat, 99),
    maxUs: lat.at(-1) ?? null,
    meanUs: lat.length ? Math.round(lat.reduce((s, x) => s + x, 0) / lat.length) : null,
  };
}

export async function startFakeAgent(options: FakeAgentOptions): Promise<FakeAgent> {
  const requests: RecordedRequest[] = [];
  const started = Date.now();
  let jobs = 0;

  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const raw = await readBody(req);
    const record: RecordedRequest = { method: req.method ?? '', path, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) };
    requests.push(record);
    const routes: Record<string, string> = { '/v1/health': 'GET', '/v1/probes/tcp': 'POST' };
    if (!routes[path]) return fail(res, 404, 'not-found', `no route ${path}`);
    if (routes[path] !== req.method) return fail(res, 405, 'method-not-allowed', `${path} takes ${routes[path]}`);
    if (req.headers.authorization !== `Bearer ${options.token}`) return fail(res, 401, 'unauthorized', 'missing or wrong bearer token');
    if (path === '/v1/health') {
      return send(res, 200, {
        status: 'ok',
        name: options.name,
        version: options.version ?? '0.1.0-fake',
        ...(options.site ? { site: options.site } : {}),
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        busy: jobs,
        limits: { maxCount: 200, maxDurationMs: MAX_DURATION_MS, maxConcurrent: 2 },
      });
    }
    if (options.busyRetryAfter !== undefined) return fail(res, 429, 'busy', 'the agent is already running 2 probe job(s)', { 'Retry-After': String(options.busyRetryAfter) });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return fail(res, 400, 'invalid-request', 'the body is not valid JSON');
    }
    record.body = body;
    const targets = body.targets !== undefined ? body.targets : body.target !== undefined ? [body.target] : undefined;
    if (!Array.isArray(targets) || targets.length < 1 || targets.length > 2 || !targets.every((t) => typeof t === 'string' && TARGET.test(t))) {
      return fail(res, 400, 'invalid-request', 'target: expected host:port, or targets: two of them');
    }
    const count = body.count;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 200) return fail(res, 400, 'invalid-request', 'count: must be an integer from 1 to 200');
    const warmup = body.warmup ?? 1;
    if (!Number.isInteger(warmup) || (warmup as number) < 0 || (warmup as number) > 10) return fail(res, 400, 'invalid-request', 'warmup: must be an integer from 0 to 10');
    const intervalMs = body.intervalMs ?? 1000;
    const timeoutMs = body.timeoutMs ?? 2000;
    if (!Number.isInteger(intervalMs) || (intervalMs as number) < 0 || (intervalMs as number) > 10_000) return fail(res, 400, 'invalid-request', 'intervalMs: must be an integer from 0 to 10000');
    if (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 100 || (timeoutMs as number) > 10_000) return fail(res, 400, 'invalid-request', 'timeoutMs: must be an integer from 100 to 10000');
    // The real agent's rule: the worst case (every connect timing out) must fit its maxDurationMs.
    const rounds = (count as number) + (warmup as number);
    const worst = (rounds - 1) * (intervalMs as number) + rounds * targets.length * (timeoutMs as number);
    if (worst > MAX_DURATION_MS) return fail(res, 400, 'invalid-request', `count, intervalMs, timeoutMs: this request could take up to ${worst} ms, above the agent's maxDurationMs of ${MAX_DURATION_MS} ms`);
    for (const [i, t] of (targets as string[]).entries()) {
      if (!options.targets[t]) return fail(res, 403, 'target-not-allowed', `${body.targets ? `targets[${i}]` : 'target'}: ${t.split(':')[0]} is not in the allowlist`);
    }
    jobs++;
    try {
      const rand = seededRandom(options.seed ?? 7);
      const samples: Sample[] = [];
      const seq = new Map<string, number>();
      const n = (count as number) + (warmup as number);
      for (let round = 0; round < n; round++) {
        const order = [...(targets as string[])];
        if (order.length === 2 && rand() < 0.5) order.reverse();
        for (const target of order) {
          const p = options.targets[target]!;
          const s = seq.get(target) ?? 0;
          seq.set(target, s + 1);
          const isWarmup = round < (warmup as number);
          const measuredIndex = round - (warmup as number);
          const rtt = Math.round(p.baseUs + rand() * p.spreadUs);
          if (p.refused || (!isWarmup && p.failEvery && (measuredIndex + 1) % p.failEvery === 0)) {
            samples.push({ target, seq: s, round, warmup: isWarmup, ok: false, error: p.refused ? 'refused' : 'timeout', retransmit: false });
          } else if (!isWarmup && p.retransmitAt?.includes(measuredIndex)) {
            samples.push({ target, seq: s, round, warmup: isWarmup, ok: true, rttUs: 1_000_000 + rtt, retransmit: true });
          } else {
            samples.push({ target, seq: s, round, warmup: isWarmup, ok: true, rttUs: rtt, retransmit: false });
          }
        }
      }
      const now = new Date().toISOString();
      const summary = Object.fromEntries((targets as string[]).map((t) => [t, summarise(samples, t)]));
      send(res, 200, { agent: { name: options.name, version: options.version ?? '0.1.0-fake', ...(options.site ? { site: options.site } : {}) }, mode: targets.length === 2 ? 'interleaved' : 'single', startedAt: now, finishedAt: now, samples, summary });
    } finally {
      jobs--;
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
