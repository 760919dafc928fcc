/**
 * A bot under test, in its own process (forked by bench/run.ts): either our bot (createServices with the
 * embedded demo emulator + createBotServer, exactly as `npm start` wires them) or the echo bot. Running it
 * apart from the load generator gives it its own event loop and core, and makes its RSS its own.
 *
 *   bot-process.ts ours <lroDurationScale> [lroPollMs]
 *   bot-process.ts echo
 *
 * The parent talks to it over the IPC channel: {id, op, ...args} -> {id, ok, result | error}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LroOperation } from '../src/emulator/world-schema.ts';
import type { ServicesHandle } from '../src/services.ts';
import type { BotServer } from '../src/teams/server.ts';
import type { EchoBot } from './echo-bot.ts';

export interface IpcRequest {
  id: number;
  op: string;
  [k: string]: unknown;
}

/** One ARM request the embedded emulator answered, as the `requests` op returns it. */
export interface Recorded {
  method: string;
  operation: string;
  status: number;
  /** Arrival, ms since the epoch. */
  at: number;
  path: string;
}

const kind = process.argv[2];
const send = (m: unknown) => process.send?.(m);

let handle: ServicesHandle | undefined;
let bot: BotServer | undefined;
let echo: EchoBot | undefined;
let dataDir: string | undefined;
let scale = 0;

async function start(): Promise<string> {
  // Modules are loaded only for the bot this process runs: the echo bot's process holds nothing of ours.
  if (kind === 'echo') {
    const { startEchoBot } = await import('./echo-bot.ts');
    echo = await startEchoBot(0, '127.0.0.1');
    return echo.url;
  }
  if (kind !== 'ours') throw new Error(`unknown bot kind ${kind}`);
  scale = Number(process.argv[3] ?? '0');
  const pollMs = process.argv[4];
  const { loadConfig } = await import('../src/config.ts');
  const { createServices } = await import('../src/services.ts');
  const { createBotServer } = await import('../src/teams/server.ts');
  dataDir = mkdtempSync(join(tmpdir(), 'netops-bench-data-'));
  // Only what the bench sets: no .env, no Azure variables from the caller's shell (embedded demo mode).
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'info',
    NETOPS_DATA_DIR: dataDir,
    ...(pollMs ? { AZURE_LRO_POLL_MS: pollMs } : {}),
    // Shared state on Azure Storage (Azurite) when the parent asks for it (bench/instances.ts).
    ...(process.env.BENCH_STORAGE_CONNECTION_STRING
      ? { NETOPS_STORAGE_CONNECTION_STRING: process.env.BENCH_STORAGE_CONNECTION_STRING, NETOPS_STORAGE_NAMESPACE: process.env.BENCH_STORAGE_NAMESPACE ?? 'bench' }
      : {}),
  });
  handle = await createServices(config, { emulator: { lroDurationScale: scale } });
  bot = await createBotServer({ config: handle.services.config, services: handle.services, host: '127.0.0.1' });
  return bot.url;
}

type Reader = {
  cache: { clear(): void };
  resolveCircuit(name: string): Promise<{ id: string; name: string; subscriptionId: string; resourceGroup: string }>;
  getArpTable(ref: unknown, peering: string, path: 'primary' | 'secondary'): Promise<unknown>;
  getRouteTable(ref: unknown, peering: string, path: 'primary' | 'secondary'): Promise<unknown>;
  getRouteSummary(ref: unknown, peering: string, path: 'primary' | 'secondary'): Promise<unknown>;
  getCircuit(ref: unknown): Promise<unknown>;
  getCircuitStats(ref: unknown, peering?: string): Promise<unknown>;
  listCircuits(): Promise<unknown>;
};

function reader(): Reader {
  if (!handle) throw new Error('not our bot');
  return handle.services.azure as unknown as Reader;
}

function emulator() {
  const e = handle?.emulator;
  if (!e) throw new Error('no embedded emulator');
  return e;
}

const ops: Record<string, (m: IpcRequest) => Promise<unknown> | unknown> = {
  specs: async () =>
    (await import('../src/commands/index.ts')).COMMANDS.map((c) => ({ name: c.name, id: c.id, calls: c.calls, examples: [...c.examples], sideEffects: c.sideEffects, aliases: [...c.aliases] })),
  clearCache: () => {
    reader().cache.clear();
    return true;
  },
  resetRequests: () => {
    emulator().requests.reset();
    return true;
  },
  requests: (): Recorded[] => emulator().requests.list().map((r) => ({ method: r.method, operation: r.operation, status: r.status, at: r.at, path: r.path })),
  /** Where the emulator's admin endpoints are (/__emulator/faults ...) and the CA that signs its certificate. */
  emulatorAdmin: () => ({ url: emulator().url, caPem: emulator().caPem }),
  inFlight: () => bot?.inFlight() ?? 0,
  /** Waits until every queued audit append is written (recent() waits for the queue); returns how long, ms. */
  auditDrain: async () => {
    const started = performance.now();
    await handle?.services.audit?.recent(1).catch(() => []);
    return performance.now() - started;
  },
  mem: (m) => {
    const g = (globalThis as { gc?: () => void }).gc;
    if (m.gc && g) {
      g();
      g();
    }
    return { ...process.memoryUsage(), gcForced: Boolean(m.gc && g) };
  },
  /** A V8 heap snapshot of this process, written to m.path (to see what grows: compare two). */
  heapSnapshot: async (m) => {
    const { writeHeapSnapshot } = await import('node:v8');
    (globalThis as { gc?: () => void }).gc?.();
    return writeHeapSnapshot(String(m.path));
  },
  cpu: () => ({ ...process.cpuUsage(), wallUs: Number(process.hrtime.bigint() / 1000n) }),
  /** The configured duration of one LRO on a circuit, after lroDurationScale (circuit override > world > default). */
  lroDuration: async (m) => {
    const { DEFAULT_LRO_DURATIONS_MS } = await import('../src/emulator/world-schema.ts');
    const op = m.operation as LroOperation;
    const world = emulator().world;
    const circuit = world.circuits.find((c) => c.name.toLowerCase() === String(m.circuit).toLowerCase());
    const ms = circuit?.lro?.durationsMs?.[op] ?? world.settings.lro.durationsMs?.[op] ?? DEFAULT_LRO_DURATIONS_MS[op];
    return Math.round(ms * scale);
  },
  /** One reader call alone, cold (cache cleared, circuit list resolved first and not timed). */
  timeRead: async (m) => {
    const r = reader();
    r.cache.clear();
    const ref = await r.resolveCircuit(String(m.circuit));
    const peering = String(m.peering ?? 'AzurePrivatePeering');
    const path = (m.path as 'primary' | 'secondary') ?? 'primary';
    const started = performance.now();
    switch (m.read) {
      case 'arp':
        await r.getArpTable(ref, peering, path);
        break;
      case 'routes':
        await r.getRouteTable(ref, peering, path);
        break;
      case 'summary':
        await r.getRouteSummary(ref, peering, path);
        break;
      case 'circuit':
        await r.getCircuit(ref);
        break;
      case 'stats':
        await r.getCircuitStats(ref, peering);
        break;
      default:
        throw new Error(`unknown read ${String(m.read)}`);
    }
    return performance.now() - started;
  },
  close: async () => {
    await bot?.close();
    // The audit trail is appended in the background; recent() waits for the queued appends.
    await handle?.services.audit?.recent(1).catch(() => []);
    await handle?.close();
    await echo?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    setTimeout(() => process.exit(0), 50).unref();
    return true;
  },
};

process.on('message', (raw) => {
  const m = raw as IpcRequest;
  const fn = ops[m.op];
  Promise.resolve()
    .then(() => {
      if (!fn) throw new Error(`unknown op ${m.op}`);
      return fn(m);
    })
    .then(
      (result) => send({ id: m.id, ok: true, result }),
      (e: unknown) => send({ id: m.id, ok: false, error: (e as Error)?.message ?? String(e) }),
    );
});
process.on('disconnect', () => process.exit(0));

start().then(
  (url) => send({ id: 0, ok: true, result: { url, pid: process.pid, gc: typeof (globalThis as { gc?: unknown }).gc === 'function' } }),
  (e: unknown) => {
    send({ id: 0, ok: false, error: (e as Error)?.stack ?? String(e) });
    setTimeout(() => process.exit(1), 50);
  },
);
