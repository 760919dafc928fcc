/**
 * The bot's HTTP server (restify 12): POST /api/messages through the CloudAdapter, health and readiness
 * probes, the local playground in local mode, and a graceful shutdown that finishes or marks in-flight work.
 */
import type restify from 'restify';
import type { Request, Response, Server } from 'restify';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config.ts';
import { isLoopbackUrl } from '../config.ts';
import type { CommandSpec, Services } from '../commands/types.ts';
import { COMMANDS } from '../commands/index.ts';
import { setEngineLogger } from '../commands/engine.ts';
import { createAdapter } from './adapter.ts';
import { NetOpsBot } from './bot.ts';
import { Delivery, type RetryPolicy } from './delivery.ts';
import { InFlight } from './inflight.ts';
import { describeError, jsonLogger, type Logger } from './log.ts';
import { ConversationRateLimiter, type Window } from './rate-limit.ts';
import { registerPlayground, type Playground } from './playground/routes.ts';
import { createServer, jsonBodyParser } from './restify-server.ts';
import { startUpkeep } from './upkeep.ts';

export type { Logger } from './log.ts';
export { jsonLogger, silentLogger } from './log.ts';

export interface BotServerOptions {
  config: AppConfig;
  services: Services;
  /** The command registry; defaults to COMMANDS. Tests add their own specs. */
  commands?: readonly CommandSpec[];
  /** Defaults to JSON lines on stdout at config.logLevel. */
  log?: Logger;
  /** Interface to listen on; default all interfaces. */
  host?: string;
  /** Overrides config.port (0 = any free port). */
  port?: number;
  /** How long close() waits for in-flight work before marking it interrupted. Default 20 s. */
  shutdownGraceMs?: number;
  /** Connector retry policy (tests shorten the delays). */
  retry?: RetryPolicy;
  /** Send-rate windows per conversation; default Teams' limits. */
  rateWindows?: readonly Window[];
  /** Time budget for one background command, in ms. */
  commandBudgetMs?: number;
  /** When a slow command's working card is first redrawn with its progress, and how often then (tests shorten them). */
  progress?: { firstMs: number; everyMs: number };
}

export interface BotServer {
  server: Server;
  /** Base URL, e.g. http://127.0.0.1:3978 (no trailing slash). */
  url: string;
  port: number;
  /** Stops taking messages, waits for in-flight work up to the grace period, marks the rest interrupted. */
  close(): Promise<void>;
  /** Turns being processed plus background commands not yet delivered. */
  inFlight(): number;
  /** The playground's connector in local mode (tests read its events). */
  playground?: Playground;
}

const READY_TIMEOUT_MS = 5_000;
/** How long close() spends marking unfinished cards as interrupted. */
const INTERRUPT_BUDGET_MS = 8_000;
/** How long an idle HTTP connection is kept open (announced as `Keep-Alive: timeout=65`). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export async function createBotServer(options: BotServerOptions): Promise<BotServer> {
  const { config, services } = options;
  const log = options.log ?? jsonLogger(config.logLevel);
  const commands = options.commands ?? COMMANDS;
  // Errors the engine hides from users (a command's internal failure) go to our log, without stack in cards.
  setEngineLogger((e) =>
    log[e.level]({
      msg: `engine: ${e.msg}`,
      ...(e.command ? { command: e.command } : {}),
      ...(e.conversationId ? { conversationId: e.conversationId } : {}),
      ...(e.error !== undefined ? describeError(e.error) : {}),
    }),
  );
  const adapter = createAdapter(config, log);
  const inflight = new InFlight();
  const delivery = new Delivery({
    log,
    ...(options.retry ? { policy: options.retry } : {}),
    limiter: new ConversationRateLimiter(options.rateWindows ? { windows: options.rateWindows } : {}),
  });
  const bot = new NetOpsBot({
    adapter,
    config,
    services,
    commands,
    log,
    delivery,
    inflight,
    ...(options.commandBudgetMs !== undefined ? { commandBudgetMs: options.commandBudgetMs } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });

  const state = services.state;
  for (const notice of state?.notices ?? []) log.warn({ msg: `state: ${notice}` });
  const upkeep = await startUpkeep({
    state,
    bot,
    log,
    leaseMs: config.storage.kind === 'azure' ? config.storage.instanceLeaseMs : 30_000,
  });

  const server = createServer({ name: 'netops-bot', handleUncaughtExceptions: false });
  // Idle keep-alive connections outlive those of the proxies and client pools in front of the bot (nginx's
  // upstream keepalive_timeout and AWS ALB's idle timeout are 60 s). With Node's 5 s default, a request written
  // as the server closes an idle socket is reset unanswered: the activity is lost until the sender retries
  // (seen once in ~4,350 load-test posts; BENCHMARKS.md, load finding 1). headersTimeout stays above it.
  server.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  // JSON only: the Bot Framework and the playground send nothing else, and the generic parser would also take
  // CSV, forms and XML (with its own errors answering 500).
  // maxBodySize is passed on to the body reader (restify's typings leave it out of the JSON parser's options).
  const jsonOptions: restify.plugins.JsonBodyParserOptions & { maxBodySize: number } = { maxBodySize: 1024 * 1024, mapParams: false };
  server.use(jsonBodyParser(jsonOptions));

  let closing = false;
  let turns = 0;

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (closing) {
      // Bot Service retries a 503 later, possibly on another instance.
      res.send(503, { error: 'shutting down' });
      return;
    }
    if (!config.localMode && !req.headers.authorization) {
      // The adapter would answer 401 too, but only after printing a stack trace to stderr for each such request.
      // Like every refused request, it leaves one log line.
      log.warn({ msg: 'request refused: no token', reason: 'no Authorization header' });
      res.send(401, { error: 'authorization required' });
      return;
    }
    const malformed = activityProblem(req);
    if (malformed) {
      res.send(malformed.status, { error: malformed.error });
      return;
    }
    if (config.localMode && !localServiceUrlAllowed(req)) {
      res.send(403, { error: 'local mode accepts activities only with a loopback serviceUrl or this server\'s playground connector' });
      return;
    }
    turns++;
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      log.error({ msg: 'request failed', ...describeError(err) });
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    } finally {
      turns--;
    }
  });

  server.get('/healthz', (_req: Request, res: Response, next: (err?: unknown) => void) => {
    res.send(200, { status: 'ok', version: services.version, uptimeSeconds: Math.round(process.uptime()) });
    next(false);
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    if (closing) {
      res.send(503, { ready: false, detail: 'shutting down' });
      return;
    }
    const [health, stateHealth] = await Promise.all([
      boundedHealth(() => services.azure.health()),
      state ? boundedHealth(() => state.health()) : Promise.resolve(undefined),
    ]);
    const ready = health.ok && (stateHealth?.ok ?? true);
    const hideEndpoint = !config.localMode && isLoopbackUrl(services.azure.endpoint);
    res.send(ready ? 200 : 503, {
      ready,
      // Unauthenticated: with a bot identity it names no address on this machine (the embedded demo's emulator).
      azure: {
        mode: config.azure.mode,
        ...(hideEndpoint ? {} : { endpoint: services.azure.endpoint }),
        ok: health.ok,
        detail: hideEndpoint ? health.detail.replaceAll(services.azure.endpoint, 'the embedded emulator') : health.detail,
      },
      ...(state && stateHealth ? { state: { kind: state.kind, ok: stateHealth.ok, detail: stateHealth.detail } } : {}),
    });
  });

  const playground = config.localMode ? registerPlayground(server, { services }) : undefined;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const port = options.port ?? config.port;
    const done = () => {
      server.removeListener('error', reject);
      resolve();
    };
    if (options.host) server.listen(port, options.host, done);
    else server.listen(port, done);
  });
  const address = server.address() as AddressInfo;
  const host = !options.host || options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  log.info({ msg: 'bot server listening', url, localMode: config.localMode, azureMode: config.azure.mode, appType: config.localMode ? undefined : config.bot.appType });
  if (config.localMode && config.azure.mode === 'live') {
    log.warn({ msg: 'local mode (no MicrosoftAppId, no auth) with live Azure data: anyone who can reach this port can read it; bind to 127.0.0.1 or configure the bot identity' });
  }

  const grace = options.shutdownGraceMs ?? 20_000;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      closing = true;
      const pending = await inflight.drain(grace, () => turns);
      if (pending.length > 0) {
        log.warn({ msg: 'shutdown: marking unfinished commands as interrupted', count: pending.length });
        // Bounded: a connector that keeps throttling must not hold the process past its kill deadline.
        await Promise.race([bot.interrupt(pending), new Promise((r) => setTimeout(r, INTERRUPT_BUDGET_MS).unref())]);
        await inflight.settle(pending, 2_000);
      }
      // Our own rows are finished or marked before the lease goes: others must not take them over as well.
      await upkeep.stop();
      await bot.flushLedger();
      await state?.jobs.retire().catch((err: unknown) => log.warn({ msg: 'lease not given up', ...describeError(err) }));
      playground?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections?.();
        setTimeout(() => server.server.closeAllConnections?.(), 1_000).unref();
      });
      log.info({ msg: 'bot server closed' });
    })());

  return {
    server,
    url,
    port: address.port,
    close,
    inFlight: () => turns + inflight.size,
    ...(playground ? { playground } : {}),
  };
}

/** A health check that answers within READY_TIMEOUT_MS and never throws. */
async function boundedHealth(check: () => Promise<{ ok: boolean; detail: string }>): Promise<{ ok: boolean; detail: string }> {
  try {
    return await Promise.race([
      check(),
      new Promise<{ ok: boolean; detail: string }>((resolve) =>
        setTimeout(() => resolve({ ok: false, detail: `no answer from the health check within ${READY_TIMEOUT_MS} ms` }), READY_TIMEOUT_MS).unref(),
      ),
    ]);
  } catch (err) {
    return { ok: false, detail: `health check failed: ${(err as Error)?.message ?? String(err)}` };
  }
}

/**
 * What is wrong with a request that cannot be an activity (and a locale that is not a string, dropped). botbuilder throws plain Errors for these (answered
 * 500, with a stack on stderr) or, without a serviceUrl, replies to its public default: refuse them up front.
 */
function activityProblem(req: Request): { status: number; error: string } | undefined {
  if (req.getContentType() !== 'application/json') return { status: 415, error: 'activities are sent as application/json' };
  const body = req.body as { type?: unknown; serviceUrl?: unknown } | null | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof body.type !== 'string') {
    return { status: 400, error: 'not an activity: a JSON object with a string "type" is expected' };
  }
  if (typeof body.serviceUrl !== 'string' || body.serviceUrl === '') return { status: 400, error: 'not an activity: "serviceUrl" is missing' };
  // botbuilder copies the locale into every reply, and the connector client refuses to serialize one that is not
  // a string: the user would get no answer at all. Such a locale is no locale (the answer comes in English).
  const withLocale = body as { locale?: unknown };
  if (withLocale.locale !== undefined && typeof withLocale.locale !== 'string') delete withLocale.locale;
  return undefined;
}

/**
 * Local mode has no inbound auth, so the serviceUrl an activity names is whatever the sender wrote: without a
 * check the bot could be made to post to any URL. Accept loopback connectors (tests, Microsoft's Agents
 * Playground) and this server's own playground connector, reached through the Host the page was loaded from.
 */
function localServiceUrlAllowed(req: Request): boolean {
  const serviceUrl = (req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
  if (typeof serviceUrl !== 'string') return false; // activityProblem() answers first; never the SDK's default URL
  if (isLoopbackUrl(serviceUrl)) return true;
  try {
    const u = new URL(serviceUrl);
    return u.host === req.headers.host && u.pathname.startsWith('/playground/connector/');
  } catch {
    return false;
  }
}
