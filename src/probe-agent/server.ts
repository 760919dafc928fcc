/**
 * The probe agent's HTTP(S) server: `GET /v1/health` and `POST /v1/probes/tcp` as specified in
 * docs/probe-agent-api.md. Per request:
 *   route (404 / 405) -> bearer token, constant time (401) -> [probes] per-token rate limit (429)
 *   -> Content-Type (400) -> body size (413) -> JSON and field validation, limits (400)
 *   -> resolve host names once (400) -> allowlist on the resolved address and port (403)
 *   -> per-agent concurrency (429) -> measurement in a probe worker -> 200
 * Error bodies are `{ "error": { "code", "message" } }`; a 500 never carries a stack trace.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkTarget } from './allowlist.ts';
import { TokenSet } from './auth.ts';
import type { ProbeAgentConfig } from './config.ts';
import { ConcurrencyGate, RateLimiter } from './limits.ts';
import { worstCaseMs } from './measure.ts';
import { validateProbeRequest } from './request.ts';
import { JobAbortedError, runProbeJob } from './run-probes.ts';
import { summariseAll } from './summary.ts';
import { resolveTarget, TargetError, type Resolver } from './target.ts';
import type { AgentIdentity, ErrorBody, ProbeResponse, ProbeSample, ResolvedTarget, WorkerSample } from './types.ts';
import { VERSION } from './version.ts';

export interface ProbeAgentHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ProbeAgentOptions {
  /** Host name resolution (tests inject one); the system resolver otherwise. */
  resolver?: Resolver;
}

class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

const ROUTES: Record<string, string> = { '/v1/health': 'GET', '/v1/probes/tcp': 'POST' };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: HttpError): void {
  const body: ErrorBody = { error: { code: e.code, message: e.message } };
  send(res, e.status, body, e.headers);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, 'too-large', `the request body is larger than ${limit} bytes`, { Connection: 'close' }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        req.pause();
        reject(new HttpError(413, 'too-large', `the request body is larger than ${limit} bytes`, { Connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

function toWire(s: WorkerSample): ProbeSample {
  return {
    target: s.target,
    seq: s.seq,
    round: s.round,
    warmup: s.warmup,
    ok: s.ok,
    ...(s.ok ? { rttUs: s.rttUs } : { error: s.error }),
    retransmit: s.retransmit,
  };
}

export async function startProbeAgent(config: ProbeAgentConfig, options: ProbeAgentOptions = {}): Promise<ProbeAgentHandle> {
  const tokens = new TokenSet(config.tokens);
  const rate = new RateLimiter(config.rate);
  const gate = new ConcurrencyGate(config.limits.maxConcurrent);
  const running = new Set<AbortController>();
  const started = Date.now();
  const identity: AgentIdentity = { name: config.name, version: VERSION, ...(config.site ? { site: config.site } : {}) };
  const log = config.log;

  async function handleProbe(req: IncomingMessage, res: ServerResponse, tokenIndex: number, note: (s: string) => void): Promise<void> {
    const limited = rate.take(String(tokenIndex));
    if (!limited.ok) {
      throw new HttpError(
        429,
        'busy',
        `rate limit for this token (${config.rate.burst} requests back to back, ${config.rate.perMinute} per minute); retry in ${limited.retryAfterSeconds} s`,
        { 'Retry-After': String(limited.retryAfterSeconds) },
      );
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpError(400, 'invalid-request', 'Content-Type: must be application/json');
    }
    const text = await readBody(req, config.maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'invalid-request', 'the body is not valid JSON');
    }
    const v = validateProbeRequest(body, config.limits);
    if (!v.ok) throw new HttpError(400, 'invalid-request', v.message);
    const request = v.value;
    const single = request.targets.length === 1;
    const field = (i: number) => ((body as { target?: unknown }).target !== undefined ? 'target' : `targets[${i}]`);

    const resolved: ResolvedTarget[] = [];
    for (const [i, t] of request.targets.entries()) {
      try {
        resolved.push(await resolveTarget(t, options.resolver));
      } catch (e) {
        if (e instanceof TargetError) throw new HttpError(400, 'invalid-request', `${field(i)}: ${e.message}`);
        throw e;
      }
    }
    for (const [i, t] of resolved.entries()) {
      const d = checkTarget(config.allow, t.address, t.port);
      if (!d.allowed) {
        const via = t.host !== t.address ? ` (${t.host} resolves to ${t.address})` : '';
        throw new HttpError(403, 'target-not-allowed', `${field(i)}: ${d.reason}${via}`);
      }
    }
    note(`targets=${resolved.map((t) => (t.host !== t.address ? `${t.label}=${t.address}` : t.label)).join(',')} count=${request.count}`);

    const job = {
      mode: single ? ('single' as const) : ('interleaved' as const),
      targets: resolved,
      count: request.count,
      warmup: request.warmup,
      intervalMs: request.intervalMs,
      timeoutMs: request.timeoutMs,
    };
    const slot = gate.enter(worstCaseMs(job, resolved.length));
    if (!slot.ok) {
      throw new HttpError(
        429,
        'busy',
        `the agent is already running ${config.limits.maxConcurrent} probe job(s) (its maxConcurrent); retry in ${slot.retryAfterSeconds} s`,
        { 'Retry-After': String(slot.retryAfterSeconds) },
      );
    }
    const abort = new AbortController();
    running.add(abort);
    // The caller went away: stop measuring and free the slot.
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.on('close', onClose);
    try {
      const result = await runProbeJob(job, { signal: abort.signal });
      const samples = result.samples.map(toWire);
      const answer: ProbeResponse = {
        agent: identity,
        mode: job.mode,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
        samples,
        summary: summariseAll(samples, resolved.map((t) => t.label)),
      };
      send(res, 200, answer);
    } finally {
      res.off('close', onClose);
      running.delete(abort);
      slot.release();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let tokenIndex = -1;
    const notes: string[] = [];
    try {
      const method = ROUTES[path];
      if (!method) throw new HttpError(404, 'not-found', `no such endpoint: ${path.slice(0, 100)}`);
      if (req.method !== method) {
        throw new HttpError(405, 'method-not-allowed', `${path} accepts ${method} only`, { Allow: method });
      }
      tokenIndex = tokens.match(req.headers.authorization);
      if (tokenIndex < 0) {
        throw new HttpError(
          401,
          'unauthorized',
          req.headers.authorization ? 'wrong token' : 'missing bearer token (Authorization: Bearer <token>)',
          { 'WWW-Authenticate': 'Bearer realm="netops-probe"' },
        );
      }
      if (path === '/v1/health') {
        send(res, 200, {
          status: 'ok',
          ...identity,
          uptimeSeconds: Math.round((Date.now() - started) / 1000),
          busy: gate.busy,
          limits: { ...config.limits },
        });
      } else {
        await handleProbe(req, res, tokenIndex, (s) => notes.push(s));
      }
    } catch (e) {
      if (e instanceof HttpError) {
        notes.push(`${e.code}: ${e.message}`);
        sendError(res, e);
      } else if (e instanceof JobAbortedError) {
        notes.push('caller went away; job stopped');
      } else {
        notes.push(`internal: ${(e as Error).message}`);
        sendError(res, new HttpError(500, 'internal', "the agent failed to run the request; see the agent's log"));
      }
      if (e instanceof HttpError && e.headers.Connection === 'close') res.once('finish', () => req.destroy());
    } finally {
      if (log) {
        const who = tokenIndex >= 0 ? `token#${tokenIndex}` : 'anonymous';
        const ms = Math.round(performance.now() - t0);
        log(`${req.socket.remoteAddress ?? '?'} ${who} ${req.method} ${path.slice(0, 100)} ${res.statusCode} ${ms}ms${notes.length ? ` ${notes.join('; ')}` : ''}`);
      }
    }
  }

  let server: Server;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: 'internal error' } });
    });
  };
  if (config.tls) {
    let key: Buffer;
    let cert: Buffer;
    try {
      key = readFileSync(config.tls.keyPath);
      cert = readFileSync(config.tls.certPath);
    } catch (e) {
      throw new Error(`cannot read the TLS key or certificate: ${(e as Error).message}`);
    }
    server = createHttpsServer({ key, cert, minVersion: 'TLSv1.2' }, listener);
  } else {
    server = createHttpServer(listener);
  }
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost === '[::]' ? '[::1]' : shownHost}:${port}`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const a of running) a.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
