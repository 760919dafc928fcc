/**
 * One instance or two: what shared state on Azure Storage costs, and what a second instance buys, on this
 * machine. `npm run bench:instances` alone, or the `instances` section of `npm run bench`.
 *
 * Three set-ups, each behind the same round-robin proxy (so the proxy's cost is in every figure):
 *   files       one instance, embedded state (the default: no storage round trips)
 *   azure ×1    one instance, state on Azurite
 *   azure ×2    two instances on one Azurite account
 *
 * For each: a closed loop of `bgp status tokyo-er` (ARM answering at once, reads warm), new conversation per
 * message, `concurrency` senders: commands per second (final cards), ack and final latency. Then the war
 * room on realistic LRO durations: 20 engineers ask for one circuit within 5 s; the ARM requests of every
 * instance are added up and compared with what one command costs.
 *
 * Caveat printed with the figures: this machine has 2 cores, shared by the instances, Azurite, the proxy and
 * the load generator, so a second instance cannot add CPU here; what the figures show is the cost of the shared
 * store and of the split, not the scaling a second machine would give.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type Azurite } from '../test/helpers/azurite.ts';
import { startRoundRobin, type RoundRobin } from '../test/helpers/round-robin.ts';
import type { Recorded } from './bot-process.ts';
import { BotClient, messageActivity, newChat } from './client.ts';
import { startBenchConnector, type BenchConnector, type ConnectorEvent } from './connector.ts';
import { startBotProcess, type BotProcess } from './proc.ts';
import { percentile, round } from './stats.ts';

export interface InstancesPlan {
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  /** Measured windows per set-up, alternating the set-ups (the machine's other load changes over time). */
  rounds: number;
}

export const QUICK_INSTANCES: InstancesPlan = { concurrency: 16, warmupMs: 1_000, measureMs: 4_000, rounds: 2 };
export const FULL_INSTANCES: InstancesPlan = { concurrency: 16, warmupMs: 2_000, measureMs: 10_000, rounds: 3 };

type SetupName = 'files' | 'azure x1' | 'azure x2';

interface Setup {
  name: SetupName;
  bots: BotProcess[];
  proxy: RoundRobin;
  client: BotClient;
  azurite?: Azurite;
}

interface Window {
  setup: SetupName;
  completions: number;
  perSecond: number;
  ackP50: number;
  ackP99: number;
  finalP50: number;
  finalP99: number;
  errors: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startSetup(name: SetupName, scale: number, pollMs: number, logDir: string): Promise<Setup> {
  const azurite = name === 'files' ? undefined : await startAzurite();
  const env: Record<string, string> = azurite ? { BENCH_STORAGE_CONNECTION_STRING: azurite.connectionString, BENCH_STORAGE_NAMESPACE: 'bench' } : {};
  const count = name === 'azure x2' ? 2 : 1;
  const bots = await Promise.all(
    Array.from({ length: count }, (_, i) => startBotProcess(['ours', String(scale), String(pollMs)], join(logDir, `${name.replace(/\W+/g, '-')}-${scale}-${i}.log`), env)),
  );
  const proxy = await startRoundRobin(bots.map((b) => b.url));
  return { name, bots, proxy, client: new BotClient(proxy.url), ...(azurite ? { azurite } : {}) };
}

async function stopSetup(s: Setup): Promise<void> {
  s.client.close();
  await s.proxy.close();
  await Promise.all(s.bots.map((b) => b.close()));
  await s.azurite?.close();
}

/** One command in a new conversation; resolves when its final card (the PUT after the ack) reached the connector. */
async function once(connector: BenchConnector, s: Setup, text: string, user: number) {
  const chat = newChat(connector.url, user);
  const posted = s.client.post(messageActivity(chat, text));
  let events: ConnectorEvent[];
  try {
    events = await connector.waitFor(chat.conversationId, (e) => e.some((x) => x.method === 'PUT'), 30_000);
  } finally {
    connector.forget(chat.conversationId);
  }
  const r = await posted;
  return { status: r.status, ackMs: events[0]!.t - r.t0, finalMs: events.find((x) => x.method === 'PUT')!.t - r.t0, finalAt: events.find((x) => x.method === 'PUT')!.t };
}

async function settle(s: Setup): Promise<void> {
  const until = performance.now() + 15_000;
  for (const b of s.bots) {
    while (performance.now() < until && (await b.rpc<number>('inFlight')) > 0) await sleep(20);
    await b.rpc('auditDrain');
  }
}

async function window(connector: BenchConnector, s: Setup, plan: InstancesPlan): Promise<Window> {
  const from = performance.now() + plan.warmupMs;
  const to = from + plan.measureMs;
  const ack: number[] = [];
  const fin: number[] = [];
  let errors = 0;
  let user = 0;
  const worker = async () => {
    while (performance.now() < to) {
      try {
        const o = await once(connector, s, 'bgp status tokyo-er', 5_000 + (user++ % 500));
        if (o.status !== 200) errors++;
        else if (o.finalAt >= from && o.finalAt < to) {
          ack.push(o.ackMs);
          fin.push(o.finalMs);
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  await settle(s);
  return {
    setup: s.name,
    completions: fin.length,
    perSecond: round(fin.length / (plan.measureMs / 1000), 1),
    ackP50: round(percentile(ack, 50), 1),
    ackP99: round(percentile(ack, 99), 1),
    finalP50: round(percentile(fin, 50), 1),
    finalP99: round(percentile(fin, 99), 1),
    errors,
  };
}

async function armRequests(s: Setup): Promise<Recorded[]> {
  return (await Promise.all(s.bots.map((b) => b.rpc<Recorded[]>('requests')))).flat();
}

/** 20 × `bgp status london-er`, 250 ms apart, caches cold: ARM requests over every instance, against one command's. */
async function warRoom(connector: BenchConnector, s: Setup) {
  const reset = async () => {
    for (const b of s.bots) {
      await b.rpc('clearCache');
      await b.rpc('resetRequests');
    }
  };
  await reset();
  await once(connector, s, 'bgp status london-er', 9_000);
  await settle(s);
  const one = (await armRequests(s)).length;
  await reset();
  const finals = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      await sleep(i * 250);
      return (await once(connector, s, 'bgp status london-er', 9_100 + i)).finalMs;
    }),
  );
  await settle(s);
  const perInstance = await Promise.all(s.bots.map(async (b) => (await b.rpc<Recorded[]>('requests')).length));
  const total = perInstance.reduce((a, b) => a + b, 0);
  return { setup: s.name, oneCommand: one, burst: total, perInstance, ratio: round(total / one, 2), finalP50: round(percentile(finals, 50), 0), finalMax: round(Math.max(...finals), 0) };
}

export async function benchInstances(plan: InstancesPlan, log: (msg: string) => void = (m) => process.stderr.write(`[instances] ${m}\n`)) {
  const logDir = mkdtempSync(join(tmpdir(), 'netops-bench-instances-'));
  const connector = await startBenchConnector();
  const windows: Window[] = [];
  const warRooms: Awaited<ReturnType<typeof warRoom>>[] = [];
  try {
    const names: SetupName[] = ['files', 'azure x1', 'azure x2'];
    // Throughput: the ARM emulator answers at once (scale 0, 1 ms poll), so the bot and its state are what is measured.
    const setups: Setup[] = [];
    for (const name of names) setups.push(await startSetup(name, 0, 1, logDir));
    try {
      for (let round = 0; round < plan.rounds; round++) {
        // Rotate the order each round so that no set-up always runs first (or last) in a window.
        const order = setups.map((_, i) => setups[(i + round) % setups.length]!);
        for (const s of order) {
          log(`throughput: ${s.name}, round ${round + 1}/${plan.rounds}, ${plan.concurrency} senders, ${plan.measureMs} ms`);
          windows.push(await window(connector, s, plan));
        }
      }
    } finally {
      for (const s of setups) await stopSetup(s);
    }
    // The war room on realistic LRO durations (scale 1, the demo's 100 ms poll).
    for (const name of ['azure x1', 'azure x2'] as const) {
      log(`war room: ${name}, 20 x bgp status london-er within 5 s`);
      const s = await startSetup(name, 1, 100, logDir);
      try {
        warRooms.push(await warRoom(connector, s));
      } finally {
        await stopSetup(s);
      }
    }
  } finally {
    await connector.close();
    rmSync(logDir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const summary = (['files', 'azure x1', 'azure x2'] as const).map((setup) => {
    const ws = windows.filter((w) => w.setup === setup);
    return {
      setup,
      perSecond: median(ws.map((w) => w.perSecond)),
      ackP50: median(ws.map((w) => w.ackP50)),
      ackP99: median(ws.map((w) => w.ackP99)),
      finalP99: median(ws.map((w) => w.finalP99)),
      errors: ws.reduce((a, w) => a + w.errors, 0),
    };
  });
  return { plan, windows, summary, warRooms };
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!);
if (invokedDirectly) {
  const full = process.argv.includes('--full');
  const r = await benchInstances(full ? FULL_INSTANCES : QUICK_INSTANCES);
  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(`\nbgp status tokyo-er, closed loop, ${r.plan.concurrency} senders (medians of ${r.plan.rounds} windows)\n`);
  process.stdout.write(`${pad('set-up', 10)} ${pad('cmd/s', 7)} ${pad('ack p50', 8)} ${pad('ack p99', 8)} ${pad('final p99', 10)} errors\n`);
  for (const s of r.summary) {
    process.stdout.write(`${pad(s.setup, 10)} ${pad(String(s.perSecond), 7)} ${pad(`${s.ackP50} ms`, 8)} ${pad(`${s.ackP99} ms`, 8)} ${pad(`${s.finalP99} ms`, 10)} ${s.errors}\n`);
  }
  process.stdout.write('\nwar room: 20 x bgp status london-er within 5 s, caches cold\n');
  for (const w of r.warRooms) {
    process.stdout.write(`${pad(w.setup, 10)} one command ${w.oneCommand} ARM requests; burst ${w.burst} (${w.perInstance.join(' + ')}) = ${w.ratio}x; final p50 ${w.finalP50} ms, max ${w.finalMax} ms\n`);
  }
  process.stdout.write('\n2 cores for everything: a second instance adds no CPU here (see BENCHMARKS.md).\n');
}
