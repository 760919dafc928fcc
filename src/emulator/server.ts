/**
 * The local ARM emulator: an HTTPS server speaking enough of the Azure Resource Manager protocol that the
 * real @azure/arm-network v39 client works against it unchanged (paths, paging, LROs, errors, throttling),
 * plus admin endpoints under /__emulator for other processes (benchmarks, browser tests).
 *
 * Per request: auth -> api-version -> route -> rate limit -> faults -> subscription / RBAC / resource group ->
 * handler. Request bodies and secrets never reach the log; only method, path, status, operation and timing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArmError,
  authenticationFailed,
  authorizationFailed,
  missingApiVersion,
  resourceGroupNotFound,
  subscriptionNotFound,
  throttled,
} from './arm-errors.ts';
import { emulatorCertificate } from './cert.ts';
import { FaultRegistry, FaultRuleError, type FaultRule } from './faults.ts';
import { circuitRoutes } from './handlers/circuits.ts';
import { computeRoutes } from './handlers/compute.ts';
import { gatewayRoutes } from './handlers/gateways.ts';
import { networkWatcherRoutes } from './handlers/network-watcher.ts';
import { operationRoutes } from './handlers/operations.ts';
import { resourceRoutes } from './handlers/resources.ts';
import { isUnderScope } from './ids.ts';
import { LroManager } from './lro.ts';
import { seededRandom } from './prng.ts';
import { type RateKind, RateLimiter } from './rate-limit.ts';
import { type RecordedRequest, RequestRecorder, type RequestFilter } from './recorder.ts';
import type { Reply } from './reply.ts';
import { type HandlerContext, Router } from './router.ts';
import { type World, findResourceGroup, findSubscription, loadDemoWorld, loadWorld } from './world.ts';
import type { ArmErrorSpec } from './world-schema.ts';

export type { FaultRule } from './faults.ts';
export type { RecordedRequest } from './recorder.ts';
export type { World } from './world.ts';

export interface EmulatorOptions {
  /** A World object, or a path to a world JSON file; default: the demo world. */
  world?: World | string;
  /** Default 0 (random). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Multiplies every LRO duration (tests use 0 or 0.01); default 1. */
  lroDurationScale?: number;
  /**
   * The unauthenticated admin endpoints under /__emulator (faults, request log); default on. The bot turns them
   * off for its embedded demo when it has a Bot Framework identity: anything on the machine could reach them.
   */
  admin?: boolean;
  log?: (line: string) => void;
}

export interface EmulatorHandle {
  /** e.g. https://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  /** PEM of the CA certificate clients must trust. */
  caPem: string;
  /** The same PEM in a temp file (NODE_EXTRA_CA_CERTS, curl --cacert); removed by close(). */
  caPath: string;
  /** The live world: changes apply to the next request (faults excepted: use `faults`). */
  world: World;
  subscriptionIds: string[];
  requests: { list(): RecordedRequest[]; count(filter?: RequestFilter): number; reset(): void };
  faults: { add(rule: FaultRule): string; remove(id: string): void; clear(): void };
  close(): Promise<void>;
}

const ROUTER = new Router([
  ...resourceRoutes,
  ...circuitRoutes,
  ...gatewayRoutes,
  ...computeRoutes,
  ...networkWatcherRoutes,
  ...operationRoutes,
]);

const MAX_BODY_BYTES = 1024 * 1024;

const ERROR_CODES: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  408: 'RequestTimeout',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ArmError(413, 'RequestEntityTooLarge', 'The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const world: World = options.world === undefined ? loadDemoWorld() : loadWorld(options.world);
  const scale = options.lroDurationScale ?? 1;
  const log = options.log ?? (() => {});
  const cert = await emulatorCertificate();
  let baseUrl = '';

  const random = seededRandom(world.settings.seed);
  const faults = new FaultRegistry(random);
  world.faults.forEach((f, i) => faults.add({ ...f, id: f.id ?? `world-${i}` }));
  const recorder = new RequestRecorder();
  const limiter = new RateLimiter(() => world.settings.rateLimits);
  const lro = new LroManager({ baseUrl: () => baseUrl, settings: () => world.settings.lro, durationScale: scale });

  const allowed = (id: string, action: string) =>
    !world.forbidden.some(
      (f) => isUnderScope(id, f.scope) && (f.actions === undefined || f.actions.some((a) => a.toLowerCase() === action.toLowerCase())),
    );

  // Requests are recorded on arrival and get their status as the answer is written (not on socket close),
  // so a caller that counts right after its SDK call returned sees every request it made.
  const recordOf = new WeakMap<ServerResponse, RecordedRequest>();

  function send(res: ServerResponse, reply: Reply, base: Record<string, string>): void {
    if (res.destroyed || res.writableEnded) return;
    const record = recordOf.get(res);
    if (record) record.status = reply.status;
    const headers: Record<string, string> = { ...base, ...(reply.headers ?? {}) };
    if (reply.body === undefined) {
      headers['Content-Length'] = '0';
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(text));
    res.writeHead(reply.status, headers);
    res.end(text);
  }

  const errorReply = (e: ArmError): Reply => ({ status: e.status, body: e.toBody(), headers: e.headers });

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, base: Record<string, string>) {
    const m = req.method ?? 'GET';
    const sub = path.slice('/__emulator'.length).toLowerCase();
    if (m === 'GET' && sub === '/health') {
      return send(res, { status: 200, body: { status: 'ok', url: baseUrl, subscriptionIds: world.subscriptions.map((s) => s.id) } }, base);
    }
    if (sub === '/requests' && (m === 'GET' || m === 'DELETE')) {
      const list = recorder.list();
      if (m === 'DELETE' || query.get('reset') === '1' || query.get('reset') === 'true') recorder.reset();
      return send(res, { status: 200, body: list }, base);
    }
    if (sub === '/faults' && m === 'GET') return send(res, { status: 200, body: faults.list() }, base);
    if (sub === '/faults' && m === 'POST') {
      try {
        const id = faults.add(JSON.parse((await readBody(req)) || '{}') as FaultRule);
        return send(res, { status: 201, body: { id } }, base);
      } catch (e) {
        const message = e instanceof FaultRuleError || e instanceof SyntaxError ? e.message : 'Could not add the fault.';
        return send(res, { status: 400, body: { error: { code: 'InvalidFaultRule', message } } }, base);
      }
    }
    if (sub === '/faults' && m === 'DELETE') {
      faults.clear();
      return send(res, { status: 204 }, base);
    }
    const one = /^\/faults\/([^/]+)$/.exec(sub);
    if (one && m === 'DELETE') {
      faults.remove(decodeURIComponent(path.split('/').pop() ?? ''));
      return send(res, { status: 204 }, base);
    }
    return send(res, { status: 404, body: { error: { code: 'NotFound', message: `No emulator admin endpoint ${m} ${path}.` } } }, base);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    // Collapse `//` before anything else; new URL() would read a leading `//x` as a host.
    const path = (q < 0 ? rawUrl : rawUrl.slice(0, q)).replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
    const queryString = q < 0 ? '' : rawUrl.slice(q + 1);
    const query = new URLSearchParams(queryString);

    const correlation = req.headers['x-ms-correlation-request-id'] ?? req.headers['x-ms-client-request-id'];
    const base: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': (Array.isArray(correlation) ? correlation[0] : correlation) || randomUUID(),
      'Cache-Control': 'no-cache',
      Pragma: 'no-cache',
      Expires: '-1',
      'X-Content-Type-Options': 'nosniff',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    };
    const clientRequestId = req.headers['x-ms-client-request-id'];
    if (typeof clientRequestId === 'string') base['x-ms-client-request-id'] = clientRequestId;

    if (options.admin !== false && path.toLowerCase().startsWith('/__emulator')) return handleAdmin(req, res, path, query, base);

    const match = ROUTER.match(method, path);
    const operation = match.kind === 'match' ? match.route.operation : 'unknown';
    const record: RecordedRequest = { method, path, query: queryString, status: 0, at, operation };
    recorder.add(record);
    recordOf.set(res, record);
    res.on('close', () => log(`${method} ${path} -> ${record.status || 'no answer'} ${operation} ${Date.now() - at}ms`));

    const subscriptionId = match.kind === 'match' ? match.params.sub : /^\/subscriptions\/([^/]+)/i.exec(path)?.[1];
    const rateKey = subscriptionId ?? 'tenant';
    const rateKind: RateKind = method === 'GET' || method === 'HEAD' ? 'reads' : 'writes';
    const rateHeader = `x-ms-ratelimit-remaining-subscription-${rateKind}`;
    const reject = (e: ArmError) => send(res, errorReply(e), { ...base, [rateHeader]: String(limiter.peek(rateKey, rateKind)) });

    // 1. Authentication: any non-empty bearer token will do.
    const auth = req.headers.authorization;
    if (!auth) return reject(authenticationFailed('missing'));
    if (!/^Bearer\s+\S+/i.test(auth)) return reject(authenticationFailed('invalid'));
    // 2. api-version, on every ARM request.
    if (!query.get('api-version')) return reject(missingApiVersion());
    // 3. Routing.
    if (match.kind === 'method-not-allowed') {
      return reject(new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`));
    }
    if (match.kind === 'none') {
      const provider = /\/providers\/([^/]+)\/([^/]+)/i.exec(path);
      return reject(
        provider
          ? new ArmError(
              404,
              'InvalidResourceType',
              `The resource type '${provider[2]}' could not be found in the namespace '${provider[1]}' for api version '${query.get('api-version')}'.`,
            )
          : new ArmError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${baseUrl}${path}'.`),
      );
    }

    let bodyText = '';
    try {
      if (method !== 'GET' && method !== 'HEAD') bodyText = await readBody(req);
    } catch (e) {
      return reject(e instanceof ArmError ? e : new ArmError(400, 'InvalidRequestContent', 'The request content could not be read.'));
    }
    let body: unknown;
    if (bodyText.trim()) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        return reject(new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'));
      }
    }

    // 4. ARM's token bucket.
    const taken = limiter.take(rateKey, rateKind);
    const headers = { ...base, [rateHeader]: String(taken.remaining) };
    if (!taken.ok) {
      const principal = world.settings.principal.objectId;
      return send(res, errorReply(throttled(rateKind === 'reads' ? 'read' : 'write', rateKey, principal, taken.retryAfterSeconds)), headers);
    }

    // 5. Injected faults.
    const { route, params } = match;
    const fault = faults.match({ method, operation, path, startsLro: route.startsLro === true });
    let lroFault: HandlerContext['lroFault'];
    if (fault) {
      switch (fault.kind) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'slow':
          await sleep(fault.delayMs);
          break;
        case 'throttle': {
          const h: Record<string, string> = { ...headers, [rateHeader]: '0' };
          if (fault.retryAfterSeconds !== undefined) h['Retry-After'] = String(fault.retryAfterSeconds);
          if (fault.retryAfterMs !== undefined) h['retry-after-ms'] = String(fault.retryAfterMs);
          const code = fault.code ?? 'SubscriptionRequestsThrottled';
          const waitSeconds = fault.retryAfterSeconds ?? Math.ceil((fault.retryAfterMs ?? 0) / 1000);
          const message =
            fault.message ?? throttled(rateKind === 'reads' ? 'read' : 'write', rateKey, world.settings.principal.objectId, waitSeconds).message;
          return send(res, { status: fault.status ?? 429, body: { error: { code, message } }, headers: h }, {});
        }
        case 'error': {
          const status = fault.status ?? 500;
          const code = fault.code ?? ERROR_CODES[status] ?? 'Error';
          const message = fault.message ?? 'An injected error occurred while processing the request.';
          return send(res, { status, body: { error: { code, message } } }, headers);
        }
        case 'lro-fail': {
          const d = world.settings.lro.failure;
          const error: ArmErrorSpec = { status: fault.status ?? d.status, code: fault.code ?? d.code, message: fault.message ?? d.message };
          lroFault = { kind: 'fail', error };
          break;
        }
        case 'lro-never':
          lroFault = { kind: 'never' };
          break;
        case 'replace-body':
          // An LRO still runs (202, polls) and ends with this body; anything else answers it at once.
          if (route.startsLro) lroFault = { kind: 'succeed', body: fault.body };
          else return send(res, { status: 200, body: fault.body }, headers);
          break;
      }
    }

    try {
      // 6. Subscription, RBAC (world.forbidden), resource group.
      if (params.sub !== undefined && !findSubscription(world, params.sub)) throw subscriptionNotFound(params.sub);
      if (!allowed(path, route.action)) {
        const p = world.settings.principal;
        throw authorizationFailed(p.clientId, p.objectId, route.action, path);
      }
      if (params.sub !== undefined && params.rg !== undefined && !findResourceGroup(world, params.sub, params.rg)) {
        throw resourceGroupNotFound(params.rg);
      }
      const ctx: HandlerContext = {
        method,
        params,
        query,
        body,
        world,
        baseUrl,
        path,
        apiVersion: query.get('api-version') ?? '',
        operation,
        lro,
        random,
        ...(lroFault ? { lroFault } : {}),
        allowed,
      };
      const reply = await route.handler(ctx);
      if (reply.hang) return; // the socket stays open until the client gives up or close()
      send(res, reply, headers);
    } catch (e) {
      if (e instanceof ArmError) return send(res, errorReply(e), headers);
      log(`emulator: ${operation} failed: ${(e as Error)?.message ?? String(e)}`);
      send(res, { status: 500, body: { error: { code: 'InternalServerError', message: 'The emulator failed to process the request.' } } }, headers);
    }
  }

  const server = createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`emulator: unhandled ${(e as Error)?.message ?? String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Keep-alive sockets (the SDK pools them) must not hold close() hostage: close() drops them all.
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://${urlHost(host)}:${port}`;

  const dir = mkdtempSync(join(tmpdir(), 'netops-emulator-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, cert.caPem);

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    caPem: cert.caPem,
    caPath,
    world,
    subscriptionIds: world.subscriptions.map((s) => s.id),
    requests: {
      list: () => recorder.list(),
      count: (filter) => recorder.count(filter),
      reset: () => recorder.reset(),
    },
    faults: {
      add: (rule) => faults.add(rule),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => rmSync(dir, { recursive: true, force: true }));
      return closed;
    },
  };
}
