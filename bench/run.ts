/**
 * `npm run bench` (quick, under 3 minutes plus the start-up section's half minute) and `npm run bench -- --full` (longer runs, more samples).
 *
 * What runs where (all on 127.0.0.1):
 *   this process      the load generator (bench/client.ts) and the fake Bot Connector (bench/connector.ts):
 *                     one clock (performance.now) for "posted" and "reached the connector"
 *   child "echo"      the reference: a minimal botbuilder echo bot (bench/echo-bot.ts)
 *   child "fast"      our bot with the embedded demo emulator answering at once (lroDurationScale 0, LRO poll 1 ms)
 *   child "real"      our bot with realistic LRO durations (lroDurationScale 1, the demo's default 100 ms poll)
 *
 * Order: startup first (bench/startup.ts: the compiled CLI's and `npm start`'s start-up against loading the Azure SDK,
 * before any bot runs), then memory (on the fresh "fast" and "echo" processes), then latency, throughput, azure (ARM calls per
 * command, war-room burst), parallel, probe (+ the latency test bed in --full or with --testbed, as root).
 * `--only latency,throughput` runs some of them; `--out file.json` writes elsewhere.
 * Prints one table; writes everything to bench/results/latest.json (and latest-quick.json / latest-full.json).
 * BENCH_CPU_PROF_DIR=dir writes a V8 CPU profile of every bot process (see bench/proc.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { BotClient, messageActivity, newChat } from './client.ts';
import { cardOf, cardText, startBenchConnector, type BenchConnector, type ConnectorEvent } from './connector.ts';
import { benchProbe, type ProbeReport } from './probe.ts';
import type { Recorded } from './bot-process.ts';
import { loadAverage, machineInfo, startBotProcess, type BotProcess } from './proc.ts';
import { logWarnings } from './logs.ts';
import { benchStartup } from './startup.ts';
import { benchInstances, FULL_INSTANCES, QUICK_INSTANCES } from './instances.ts';
import { compactJson, median, percentile, round, slope, textTable } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results', 'latest.json');
const SECTIONS = ['startup', 'latency', 'throughput', 'azure', 'parallel', 'probe', 'memory', 'instances'] as const;
type Section = (typeof SECTIONS)[number];

const { values: argv } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    only: { type: 'string' },
    testbed: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const FULL = argv.full === true;
const only = new Set((argv.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim()).filter(Boolean));
for (const s of only) if (!SECTIONS.includes(s as Section)) throw new Error(`unknown section ${s}; one of ${SECTIONS.join(', ')}`);
const wants = (s: Section) => only.has(s);

const PLAN = FULL
  ? {
      startup: { runs: 9 },
      latency: { warmup: 200, runs: 5, perRun: 600, cold: 40 },
      throughput: { levels: [1, 8, 32, 64], warmupMs: 300, measureMs: 1_000, slices: 10 },
      parallel: { runs: 7, isolated: 5 },
      memory: { warmup: 1_000, commands: 10_000, every: 1_000, concurrency: 8 },
      probe: [
        { intervalMs: 0, count: 5_000, warmup: 200, blocks: 5 },
        { intervalMs: 10, count: 300, warmup: 10, blocks: 4 },
      ],
    }
  : {
      startup: { runs: 5 },
      latency: { warmup: 40, runs: 3, perRun: 100, cold: 12 },
      throughput: { levels: [1, 8, 32, 64], warmupMs: 200, measureMs: 500, slices: 3 },
      parallel: { runs: 3, isolated: 1 },
      memory: { warmup: 1_000, commands: 3_000, every: 1_000, concurrency: 8 },
      probe: [
        { intervalMs: 0, count: 2_000, warmup: 100, blocks: 3 },
        { intervalMs: 10, count: 100, warmup: 5, blocks: 2 },
      ],
    };

/** A typical argument for each command (others: their first example). */
const TYPICAL: Record<string, string> = {
  help: 'help',
  circuits: 'circuits',
  about: 'about',
  'bgp status': 'bgp status tokyo-er',
  'arp table': 'arp table tokyo-er',
  routes: 'routes tokyo-er',
  'routes summary': 'routes summary tokyo-er',
  circuit: 'circuit tokyo-er',
  fastpath: 'fastpath hub-conn',
  gateway: 'gateway hub-ergw',
};
/** Commands not measured for ARM calls, and why. */
function skipReason(spec: Spec): string | undefined {
  if (spec.name === 'service key') return 'operator-only, 1:1 chat and confirmation required';
  if (spec.name === 'audit') return 'operator-only; reads the audit trail, no ARM';
  if (spec.calls === 'probe' || spec.name.startsWith('latency') || spec.name === 'agents') return 'probe agents, no ARM';
  return undefined;
}

interface Spec {
  name: string;
  id: string;
  calls: 'none' | 'azure' | 'probe';
  examples: string[];
}

/** Quick mode: our memory run stops early (at a sample boundary) once it has taken this long. */
const QUICK_MEMORY_BUDGET_S = 60;

/**
 * Quick mode: sections not started by then are skipped (and reported), so that the run ends within 3 minutes.
 * The start-up section's own time is not counted (it runs first and takes about half a minute).
 */
const QUICK_SKIP_AFTER_S = 140;
let startupSeconds = 0;

/** Idle gap before each cold-cache command and before its paired echo message (see benchLatency). */
const COLD_GAP_MS = 300;

const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() - T0) / 1000).toFixed(1)}s] ${msg}\n`);
const T0 = performance.now();
const LOAD_AT_START = loadAverage();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------------------ one message

interface Target {
  label: string;
  bot: BotProcess;
  client: BotClient;
  text: string;
  /** Acknowledged with a "working" card, then updated (PUT): the final card is the PUT. */
  acked: boolean;
}

interface Once {
  status: number;
  /** ms from posting to the first card (ack, or the only reply) reaching the connector. */
  ackMs: number;
  /** ms from posting to the final card reaching the connector. */
  finalMs: number;
  /** performance.now() of the final card's arrival. */
  finalAt: number;
  events: ConnectorEvent[];
}

let connector: BenchConnector;
let userSeq = 0;

async function once(t: Target, opts: { user?: number; capture?: boolean; timeoutMs?: number } = {}): Promise<Once> {
  const chat = newChat(connector.url, opts.user ?? ++userSeq);
  if (opts.capture) connector.capture(chat.conversationId);
  const posted = t.client.post(messageActivity(chat, t.text));
  const done = t.acked ? (e: ConnectorEvent[]) => e.some((x) => x.method === 'PUT') : (e: ConnectorEvent[]) => e.length >= 1;
  let events: ConnectorEvent[];
  try {
    events = await connector.waitFor(chat.conversationId, done, opts.timeoutMs ?? 30_000);
  } finally {
    connector.forget(chat.conversationId);
  }
  const r = await posted;
  const final = t.acked ? events.find((x) => x.method === 'PUT')! : events[0]!;
  return { status: r.status, ackMs: events[0]!.t - r.t0, finalMs: final.t - r.t0, finalAt: final.t, events: [...events] };
}

/**
 * Waits until our bot has nothing left to do: no turn or background command in flight, and the audit trail
 * written (its appends are queued and can lag far behind under load; left alone, that backlog would be drained
 * while the next measurement runs). Returns how long the audit backlog took to drain, ms.
 */
async function settle(bot: BotProcess): Promise<number> {
  if (bot.kind !== 'ours') return 0;
  const until = performance.now() + 10_000;
  while (performance.now() < until && (await bot.rpc<number>('inFlight')) > 0) await sleep(20);
  return bot.rpc<number>('auditDrain');
}

// ---------------------------------------------------------------------------------------------------- latency

interface Dist {
  n: number;
  p50: number;
  p99: number;
}
const dist = (xs: number[]): Dist => ({ n: xs.length, p50: round(percentile(xs, 50), 2), p99: round(percentile(xs, 99), 2) });

async function benchLatency(targets: Target[], fast: BotProcess) {
  const plan = PLAN.latency;
  log(`latency: ${plan.warmup} warm-up rounds, ${plan.runs} runs x ${plan.perRun} interleaved rounds over ${targets.map((t) => t.label).join(', ')}`);
  for (let i = 0; i < plan.warmup; i++) for (const t of targets) await once(t);
  const runs: Array<Record<string, { ack: Dist; final: Dist }>> = [];
  const pooled: Record<string, { ack: number[]; final: number[] }> = {};
  let bad = 0;
  for (let r = 0; r < plan.runs; r++) {
    const acc: Record<string, { ack: number[]; final: number[] }> = {};
    for (let i = 0; i < plan.perRun; i++) {
      // Same pacing for every target: one at a time, a random order within each round.
      const order = [...targets].sort(() => Math.random() - 0.5);
      for (const t of order) {
        const o = await once(t);
        if (o.status !== 200) bad++;
        (acc[t.label] ??= { ack: [], final: [] }).ack.push(o.ackMs);
        acc[t.label]!.final.push(o.finalMs);
        (pooled[t.label] ??= { ack: [], final: [] }).ack.push(o.ackMs);
        pooled[t.label]!.final.push(o.finalMs);
      }
    }
    runs.push(Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, { ack: dist(v.ack), final: dist(v.final) }])));
  }
  const summary: Record<string, { ackP50: number; ackP99: number; finalP50: number; finalP99: number; runsAckP50: number[]; ackRatio: number }> = {};
  for (const t of targets) {
    const per = runs.map((r) => r[t.label]!);
    summary[t.label] = {
      // Ratio to the echo bot's reply p50 in the same run (the same minutes of machine load), median over runs.
      ackRatio: round(median(runs.map((r) => r[t.label]!.ack.p50 / r['echo']!.ack.p50)), 2),
      ackP50: round(median(per.map((x) => x.ack.p50)), 2),
      ackP99: round(median(per.map((x) => x.ack.p99)), 2),
      finalP50: round(median(per.map((x) => x.final.p50)), 2),
      finalP99: round(median(per.map((x) => x.final.p99)), 2),
      runsAckP50: per.map((x) => x.ack.p50),
    };
  }
  // bgp status with the reader's cache cleared before each message: every ARM read happens (instant answers).
  // Paced: a cold bgp status makes ~13 ARM reads, and the emulator throttles reads like ARM (a bucket of 250,
  // refilled at 25/s per subscription), so back to back every 20th command would wait out a 429 (about 1 s).
  // Idle gaps slow everything down on this machine (CPU wake-up), so the echo bot gets the same gaps: each cold
  // command is paired with an echo message, each after an idle gap of COLD_GAP_MS.
  const echoT = targets.find((t) => t.label === 'echo')!;
  const bgp = targets.find((t) => t.label === 'bgp status')!;
  const coldAck: number[] = [];
  const coldFinal: number[] = [];
  const pacedEcho: number[] = [];
  await fast.rpc('resetRequests');
  for (let i = 0; i < plan.cold; i++) {
    await sleep(COLD_GAP_MS);
    pacedEcho.push((await once(echoT)).ackMs);
    await fast.rpc('clearCache');
    await sleep(COLD_GAP_MS);
    const o = await once(bgp);
    coldAck.push(o.ackMs);
    coldFinal.push(o.finalMs);
  }
  const throttled = (await fast.rpc<Recorded[]>('requests')).filter((r) => r.status === 429).length;
  const cold = { ack: dist(coldAck), final: dist(coldFinal), pacedEcho: dist(pacedEcho), gapMs: COLD_GAP_MS, throttled, finalMs: coldFinal.map((x) => round(x, 1)) };
  return { plan, summary, runs, pooled: Object.fromEntries(Object.entries(pooled).map(([k, v]) => [k, { ack: dist(v.ack), final: dist(v.final) }])), coldBgp: cold, non200: bad };
}

// ------------------------------------------------------------------------------------------------- throughput

interface LoadRun {
  target: string;
  concurrency: number;
  slice: number;
  completions: number;
  perSecond: number;
  finalP50: number;
  finalP99: number;
  errors: number;
  /** CPU of the bot's process, % of one core. */
  botCpuPct: number;
  /** CPU of this process (client + connector), % of one core. */
  generatorCpuPct: number;
  /** CPU of the whole machine, % of one core (200 = both cores busy): the rest is other people's work. */
  machineCpuPct: number;
  /** Bot CPU time per completed message, ms (robust to other load on the machine). */
  cpuMsPerMessage: number;
  /** How long the bot's audit backlog took to drain after the load stopped, ms. */
  auditLagMs: number;
}

async function cpuOf(bot: BotProcess) {
  return bot.rpc<{ user: number; system: number; wallUs: number }>('cpu');
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

async function runLoad(t: Target, concurrency: number, warmupMs: number, measureMs: number, slice = 0): Promise<LoadRun> {
  const start = performance.now();
  const from = start + warmupMs;
  const to = from + measureMs;
  let completions = 0;
  let errors = 0;
  const lat: number[] = [];
  type Mark = { bot: Awaited<ReturnType<typeof cpuOf>>; gen: NodeJS.CpuUsage; at: number; machine: ReturnType<typeof machineCpu> };
  // CPU readings at the start and the end of the measured window (timers, not the workers: a worker may finish
  // before the end timer fires, and the reading must still be taken).
  const mark = (delay: number) =>
    new Promise<Mark>((resolve) =>
      setTimeout(() => {
        const gen = process.cpuUsage();
        const at = performance.now();
        const machine = machineCpu();
        void cpuOf(t.bot).then((bot) => resolve({ bot, gen, at, machine }));
      }, delay),
    );
  const marks = Promise.all([mark(warmupMs), mark(warmupMs + measureMs)]);
  const worker = async () => {
    while (performance.now() < to) {
      try {
        const o = await once(t, { timeoutMs: 15_000 });
        if (o.status !== 200) errors++;
        else if (o.finalAt >= from && o.finalAt < to) {
          completions++;
          lat.push(o.finalMs);
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const [a, b] = await marks;
  const auditLagMs = await settle(t.bot);
  const botPct = ((b.bot.user + b.bot.system - a.bot.user - a.bot.system) / (b.bot.wallUs - a.bot.wallUs)) * 100;
  const genPct = ((b.gen.user + b.gen.system - a.gen.user - a.gen.system) / ((b.at - a.at) * 1000)) * 100;
  const machinePct = ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * 100 * cpus().length;
  return {
    target: t.label,
    concurrency,
    slice,
    completions,
    perSecond: round(completions / (measureMs / 1000), 1),
    finalP50: round(percentile(lat, 50), 2),
    finalP99: round(percentile(lat, 99), 2),
    errors,
    botCpuPct: round(botPct, 0),
    generatorCpuPct: round(genPct, 0),
    machineCpuPct: round(machinePct, 0),
    cpuMsPerMessage: round(completions > 0 ? (botPct / 100) * (measureMs / completions) : Number.NaN, 2),
    auditLagMs: round(auditLagMs, 0),
  };
}

/**
 * Closed loop: `concurrency` senders, each posting a message in a new conversation and sending the next one
 * when the final card of the last one reached the connector. The machine is shared, so the load from other
 * work changes from second to second: every concurrency level runs short slices, alternating the bots
 * (order rotated per slice), and ratios are taken per slice (ours and echo side by side), then the median.
 */
async function benchThroughput(targets: Target[]) {
  const plan = PLAN.throughput;
  log(`throughput: concurrency ${plan.levels.join('/')}, ${plan.slices} alternating slices of ${plan.warmupMs} ms warm-up + ${plan.measureMs} ms measured per bot`);
  const runs: LoadRun[] = [];
  for (const c of plan.levels) {
    for (let k = 0; k < plan.slices; k++) {
      const order = targets.map((_, i) => targets[(i + k) % targets.length]!);
      for (const t of order) runs.push(await runLoad(t, c, plan.warmupMs, plan.measureMs, k));
    }
    const line = targets
      .map((t) => {
        const rs = runs.filter((r) => r.target === t.label && r.concurrency === c);
        return `${t.label} ${round(median(rs.map((r) => r.perSecond)), 0)}/s (bot CPU ${round(median(rs.map((r) => r.botCpuPct)), 0)}%)`;
      })
      .join(', ');
    log(`  c=${c}: ${line}; machine CPU ${round(median(runs.filter((r) => r.concurrency === c).map((r) => r.machineCpuPct)), 0)}% of ${cpus().length * 100}%`);
  }
  const summary: Record<string, Record<number, { perSecond: number; finalP50: number; finalP99: number; botCpuPct: number; generatorCpuPct: number; machineCpuPct: number; cpuMsPerMessage: number; auditLagMsMax: number; errors: number; slices: number[]; ratioToEcho: number }>> = {};
  for (const t of targets) {
    summary[t.label] = {};
    for (const c of plan.levels) {
      const rs = runs.filter((r) => r.target === t.label && r.concurrency === c);
      const ratios = rs.map((r) => {
        const e = runs.find((x) => x.target === 'echo' && x.concurrency === c && x.slice === r.slice);
        return e && e.perSecond > 0 ? r.perSecond / e.perSecond : Number.NaN;
      });
      summary[t.label]![c] = {
        perSecond: round(median(rs.map((r) => r.perSecond)), 1),
        finalP50: round(median(rs.map((r) => r.finalP50)), 2),
        finalP99: round(median(rs.map((r) => r.finalP99)), 2),
        botCpuPct: round(median(rs.map((r) => r.botCpuPct)), 0),
        generatorCpuPct: round(median(rs.map((r) => r.generatorCpuPct)), 0),
        machineCpuPct: round(median(rs.map((r) => r.machineCpuPct)), 0),
        cpuMsPerMessage: round(median(rs.map((r) => r.cpuMsPerMessage)), 2),
        auditLagMsMax: Math.max(...rs.map((r) => r.auditLagMs)),
        errors: rs.reduce((a, r) => a + r.errors, 0),
        slices: rs.map((r) => r.perSecond),
        ratioToEcho: round(median(ratios.filter(Number.isFinite)), 2),
      };
    }
  }
  return { plan, summary, runs };
}

// ------------------------------------------------------------------------------------------ Azure efficiency

function byOperation(rs: Recorded[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rs) out[r.operation] = (out[r.operation] ?? 0) + 1;
  return out;
}
const nonPoll = (rs: Recorded[]) => rs.filter((r) => r.operation !== 'lro.poll').length;

function outcomeOf(o: Once): string {
  const text = cardText(cardOf(o.events.at(-1)));
  const code = /Error code: (\S+)/.exec(text)?.[1];
  return code ? `error ${code}` : 'ok';
}

async function benchAzure(fast: BotProcess, real: BotProcess, specs: Spec[]) {
  log('azure: ARM requests per command, cold and warm (instant emulator), then the war-room burst (realistic durations)');
  const client = new BotClient(fast.url);
  const perCommand: Array<{ command: string; text: string; skipped?: string; cold?: Record<string, number>; warm?: Record<string, number>; coldTotal?: number; throttled?: number; coldNonPoll?: number; warmTotal?: number; outcome?: string }> = [];
  for (const spec of specs) {
    const skipped = skipReason(spec);
    const text = TYPICAL[spec.name] ?? spec.examples[0] ?? spec.name;
    if (skipped) {
      perCommand.push({ command: spec.name, text, skipped });
      continue;
    }
    const t: Target = { label: spec.name, bot: fast, client, text, acked: spec.calls !== 'none' };
    await fast.rpc('clearCache');
    await fast.rpc('resetRequests');
    const cold = await once(t, { capture: true });
    await settle(fast);
    const coldReqs = await fast.rpc<Recorded[]>('requests');
    await fast.rpc('resetRequests');
    await once(t);
    await settle(fast);
    const warmReqs = await fast.rpc<Recorded[]>('requests');
    perCommand.push({
      command: spec.name,
      text,
      cold: byOperation(coldReqs),
      warm: byOperation(warmReqs),
      coldTotal: coldReqs.length,
      throttled: coldReqs.filter((r) => r.status === 429).length + warmReqs.filter((r) => r.status === 429).length,
      coldNonPoll: nonPoll(coldReqs),
      warmTotal: warmReqs.length,
      outcome: outcomeOf(cold),
    });
  }
  client.close();

  // The war room: 20 engineers in 20 conversations ask for the same circuit within 5 s.
  const rclient = new BotClient(real.url);
  const t: Target = { label: 'bgp status london-er', bot: real, client: rclient, text: 'bgp status london-er', acked: true };
  await real.rpc('clearCache');
  await real.rpc('resetRequests');
  const single = await once(t);
  await settle(real);
  const oneReqs = await real.rpc<Recorded[]>('requests');
  const burst = async (spacingMs: number) => {
    await real.rpc('clearCache');
    await real.rpc('resetRequests');
    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await sleep(i * spacingMs);
        return once(t, { user: 1000 + i });
      }),
    );
    await settle(real);
    const reqs = await real.rpc<Recorded[]>('requests');
    return {
      spacingMs,
      requests: reqs.length,
      nonPoll: nonPoll(reqs),
      byOperation: byOperation(reqs),
      finalMsP50: round(median(results.map((r) => r.finalMs)), 0),
      finalMsMax: round(Math.max(...results.map((r) => r.finalMs)), 0),
    };
  };
  const spread = await burst(250); // 0 … 4.75 s
  const together = await burst(0);
  rclient.close();
  return {
    perCommand,
    warRoom: {
      one: { requests: oneReqs.length, nonPoll: nonPoll(oneReqs), byOperation: byOperation(oneReqs), finalMs: round(single.finalMs, 0) },
      spread,
      together,
      ratioSpread: round(spread.requests / oneReqs.length, 2),
      ratioTogether: round(together.requests / oneReqs.length, 2),
    },
  };
}

// ------------------------------------------------------------------------------------------------ parallelism

async function benchParallel(real: BotProcess) {
  const plan = PLAN.parallel;
  log(`parallel: bgp status tokyo-er with realistic LRO durations, cold, ${plan.runs} runs; single reads alone, ${plan.isolated} runs each`);
  const client = new BotClient(real.url);
  const t: Target = { label: 'bgp status', bot: real, client, text: 'bgp status tokyo-er', acked: true };
  const e2e: number[] = [];
  const armWindow: number[] = [];
  const lroCount: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    await real.rpc('clearCache');
    await real.rpc('resetRequests');
    const o = await once(t);
    e2e.push(o.finalMs);
    const reqs = await real.rpc<Recorded[]>('requests');
    armWindow.push(Math.max(...reqs.map((r) => r.at)) - Math.min(...reqs.map((r) => r.at)));
    lroCount.push(reqs.filter((r) => ['arpTable', 'routeTable', 'routeTableSummary'].includes(r.operation)).length);
  }
  client.close();
  const configured: Record<string, number> = {};
  for (const op of ['arpTable', 'routeTable', 'routeTableSummary']) configured[op] = await real.rpc<number>('lroDuration', { operation: op, circuit: 'tokyo-er' });
  const isolated: Record<string, number[]> = {};
  for (let i = 0; i < plan.isolated; i++) {
    for (const read of ['arp', 'summary', 'routes', 'stats', 'circuit']) (isolated[read] ??= []).push(await real.rpc<number>('timeRead', { read, circuit: 'tokyo-er', path: 'primary' }));
  }
  await real.rpc('clearCache');
  const isolatedMedian = Object.fromEntries(Object.entries(isolated).map(([k, v]) => [k, round(median(v), 0)]));
  const slowestConfigured = Math.max(...Object.values(configured));
  const slowestMeasured = Math.max(...Object.values(isolatedMedian));
  const e2eMedian = median(e2e);
  return {
    e2eMs: e2e.map((x) => round(x, 0)),
    e2eMedianMs: round(e2eMedian, 0),
    armWindowMs: armWindow,
    lroStarts: lroCount,
    configuredMs: configured,
    serialSumMs: 2 * Object.values(configured).reduce((a, b) => a + b, 0),
    isolatedMs: isolatedMedian,
    slowestConfiguredMs: slowestConfigured,
    slowestMeasuredMs: slowestMeasured,
    ratioConfigured: round(e2eMedian / slowestConfigured, 3),
    ratioMeasured: round(e2eMedian / slowestMeasured, 3),
  };
}

// ----------------------------------------------------------------------------------------------------- memory

async function benchMemory(bot: BotProcess, texts: Array<{ text: string; acked: boolean }>, maxCommands = PLAN.memory.commands) {
  const plan = { ...PLAN.memory, commands: maxCommands };
  const client = new BotClient(bot.url);
  const targets: Target[] = texts.map((x) => ({ label: x.text, bot, client, text: x.text, acked: x.acked }));
  let sent = 0;
  const drains: number[] = [];
  const batch = async (n: number) => {
    let next = 0;
    const worker = async () => {
      while (next < n) {
        const i = next++;
        await once(targets[(sent + i) % targets.length]!);
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
    sent += n;
    drains.push(round(await settle(bot), 0));
  };
  const sample = async () => {
    const m = await bot.rpc<{ rss: number; heapUsed: number; external: number; gcForced: boolean }>('mem', { gc: true });
    return { commands: sent, rssMB: round(m.rss / 2 ** 20, 1), heapUsedMB: round(m.heapUsed / 2 ** 20, 1), externalMB: round(m.external / 2 ** 20, 1), gcForced: m.gcForced };
  };
  const t0 = performance.now();
  const before = await sample();
  await batch(plan.warmup);
  const samples = [await sample()];
  let stoppedEarly = false;
  while (sent < plan.warmup + plan.commands) {
    // Quick mode must end within 3 minutes even on a busy machine: stop at a sample boundary past the budget.
    if (!FULL && samples.length >= 3 && (performance.now() - t0) / 1000 > QUICK_MEMORY_BUDGET_S) {
      stoppedEarly = true;
      break;
    }
    await batch(plan.every);
    samples.push(await sample());
  }
  client.close();
  const xs = samples.map((s) => (s.commands - plan.warmup) / 1000);
  return {
    bot: bot.kind,
    commands: sent - plan.warmup,
    stoppedEarly,
    auditDrainMs: drains,
    warmup: plan.warmup,
    concurrency: plan.concurrency,
    mix: texts.map((x) => x.text),
    seconds: round((performance.now() - t0) / 1000, 1),
    startup: before,
    samples,
    rssAfterMB: samples.at(-1)!.rssMB,
    heapAfterMB: samples.at(-1)!.heapUsedMB,
    rssPer1000MB: round(slope(xs, samples.map((s) => s.rssMB)), 2),
    heapPer1000MB: round(slope(xs, samples.map((s) => s.heapUsedMB)), 2),
  };
}

// ------------------------------------------------------------------------------------------- latency test bed

interface TestbedGroup {
  label: string;
  injectedMs: number;
  reps: number;
  medianReadBackMs: number;
  maxAbsErrorMs: number;
  readBackOk: number;
  detected: number;
}

/** Groups the test bed's per-repetition lines ("+1 ms rep 2/3: B-A 1.013 ms, error 0.013 ms, read-back OK, …"). */
function parseTestbed(out: string): { groups: TestbedGroup[]; detection?: string; relay?: string; result?: string } {
  const groups = new Map<string, TestbedGroup & { values: number[] }>();
  for (const line of out.split('\n')) {
    const m = /^(.+?) rep \d+\/\d+: B-A (-?[\d.]+) ms, error (-?[\d.]+) ms, (read-back OK|[^,]*)(, difference detected)?/.exec(line.trim());
    if (!m) continue;
    const label = m[1]!;
    const injected = Number(/([\d.]+) ms/.exec(label)?.[1] ?? 0);
    const g = groups.get(label) ?? { label, injectedMs: injected, reps: 0, medianReadBackMs: 0, maxAbsErrorMs: 0, readBackOk: 0, detected: 0, values: [] };
    g.reps++;
    g.values.push(Number(m[2]));
    g.maxAbsErrorMs = Math.max(g.maxAbsErrorMs, Math.abs(Number(m[3])));
    if (m[4] === 'read-back OK') g.readBackOk++;
    if (m[5]) g.detected++;
    groups.set(label, g);
  }
  const lines = out.split('\n');
  return {
    groups: [...groups.values()].map(({ values, ...g }) => ({ ...g, medianReadBackMs: round(median(values), 3) })),
    detection: lines.find((l) => /difference detected in \d+ of \d+/.test(l))?.trim(),
    relay: lines.find((l) => l.startsWith('Relay B:'))?.trim(),
    result: lines.find((l) => l.startsWith('RESULT'))?.trim(),
  };
}

async function runTestbed(): Promise<{ ran: boolean; reason?: string; exitCode?: number; output?: string; parsed?: ReturnType<typeof parseTestbed>; seconds?: number }> {
  const script = join(ROOT, 'bench', 'latency-testbed', 'run.sh');
  if (!existsSync(script)) return { ran: false, reason: 'bench/latency-testbed/run.sh does not exist' };
  if (!argv.testbed && !FULL) return { ran: false, reason: 'quick mode: pass --testbed (needs root; about 20-30 s)' };
  if (process.getuid?.() !== 0) return { ran: false, reason: 'needs root (network namespaces, TUN)' };
  log('testbed: bench/latency-testbed/run.sh (the probe agent work owns it; its figures are copied as printed)');
  const started = performance.now();
  const r = await promisify(execFile)('bash', [script, '--max-seconds', '240'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 260_000 }).then(
    (x) => ({ code: 0, out: x.stdout + x.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
  const summary = r.out.split('\n== summary')[1] ?? r.out.split('\n').slice(-30).join('\n');
  return { ran: true, exitCode: r.code, seconds: round((performance.now() - started) / 1000, 1), output: summary.trim(), parsed: parseTestbed(summary) };
}

/** Warnings and errors our bots logged during the run (a retry, a failed delivery, a failed audit append…). */
function botLogSummary(dir: string): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const name of ['fast', 'real', 'mem']) {
    const path = join(dir, `${name}.log`);
    if (existsSync(path)) out[name] = logWarnings(path);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------ table

type Row = [metric: string, ours: string, reference: string, ratio: string, target: string, met: string];

function fmt(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? '—' : String(round(x, digits));
}

function printTable(rows: Row[]): string {
  return textTable(['metric', 'ours', 'reference', 'ratio', 'target', 'met?'], rows);
}

// ------------------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const logDir = mkdtempSync(join(tmpdir(), 'netops-bench-logs-'));
  connector = await startBenchConnector();
  const need = {
    echo: wants('latency') || wants('throughput') || wants('memory'),
    fast: wants('latency') || wants('throughput') || wants('azure') || wants('memory'),
    real: wants('azure') || wants('parallel'),
  };
  log(`mode ${FULL ? 'full' : 'quick'}; sections ${[...only].join(', ')}; starting bots (logs in ${logDir})`);
  const procs: BotProcess[] = [];
  const startP = async (args: string[], name: string) => {
    const p = await startBotProcess(args, join(logDir, `${name}.log`));
    procs.push(p);
    return p;
  };
  const results: Record<string, unknown> = {};
  const rows: Row[] = [];
  const errors: string[] = [];
  const section = async <T>(name: Section, fn: () => Promise<T>): Promise<T | undefined> => {
    if (!wants(name)) return undefined;
    if (!FULL && (performance.now() - T0) / 1000 - startupSeconds > QUICK_SKIP_AFTER_S) {
      // Quick mode promises an answer within 3 minutes, even on a machine busy with other work.
      const msg = `${name}: skipped, quick-mode time budget (${QUICK_SKIP_AFTER_S} s) used up; run it alone with --only ${name}`;
      errors.push(msg);
      log(msg);
      return undefined;
    }
    const started = performance.now();
    try {
      const r = await fn();
      results[name] = r;
      return r;
    } catch (e) {
      const msg = `${name}: ${(e as Error)?.stack ?? String(e)}`;
      errors.push(msg);
      log(`FAILED ${msg}`);
      return undefined;
    } finally {
      (results.sectionSeconds ??= {} as Record<string, number>);
      (results.sectionSeconds as Record<string, number>)[name] = round((performance.now() - started) / 1000, 1);
    }
  };
  const info = (what: string, ours: number, ref: number, unit = ' ms'): Row => [what, `${fmt(ours)}${unit}`, `${fmt(ref)}${unit} (echo)`, `${fmt(ours / ref)}x`, '—', '—'];
  const goal = (what: string, ours: string, ref: string, ratio: number, op: '<=' | '>=', target: number): Row => [
    what,
    ours,
    ref,
    `${fmt(ratio)}x`,
    `${op} ${target}x`,
    !Number.isFinite(ratio) ? '—' : (op === '<=' ? ratio <= target : ratio >= target) ? 'yes' : 'NO',
  ];

  try {
    // 0. Start-up (bench/startup.ts) — first, before the bots under test start.
    const startupFrom = performance.now();
    const startup = await section('startup', () => benchStartup(ROOT, PLAN.startup.runs, log));
    startupSeconds = (performance.now() - startupFrom) / 1000;
    if (startup) {
      const m = startup.median;
      const ref = `${fmt(m.referenceMs, 0)} ms (arm-network import)`;
      rows.push(['start: node -e import(@azure/arm-network) (the reference)', `${fmt(m.referenceMs, 0)} ms`, '—', '—', '—', '—']);
      rows.push(goal(`start: netops run help, compiled CLI (median of ${startup.runs})`, `${fmt(m.helpMs, 0)} ms`, ref, startup.ratio.help, '<=', startup.target.help));
      rows.push(goal(`start: npm start to first /readyz 200, demo (median of ${startup.runs})`, `${fmt(m.readyzMs, 0)} ms`, ref, startup.ratio.readyz, '<=', startup.target.readyz));
      rows.push(['start: npm start to first /healthz 200 (listening)', `${fmt(m.healthzMs, 0)} ms`, ref, `${fmt(m.healthzMs / m.referenceMs)}x`, '—', '—']);
    }

    const [echo, fast, real] = await Promise.all([
      need.echo ? startP(['echo'], 'echo') : undefined,
      need.fast ? startP(['ours', '0', '1'], 'fast') : undefined,
      need.real ? startP(['ours', '1'], 'real') : undefined,
    ]);
    log('bots started');
    const specSource = fast ?? real;
    const specs = specSource ? await specSource.rpc<Spec[]>('specs') : [];

    // 6. Memory — first, while the bots are fresh (RSS after start-up is the baseline).
    const memory = await section('memory', async () => {
      log(`memory: ${PLAN.memory.warmup} warm-up + ${PLAN.memory.commands} commands (help / bgp status tokyo-er), concurrency ${PLAN.memory.concurrency}, a new conversation each`);
      const ours = await benchMemory(fast!, [
        { text: 'help', acked: false },
        { text: 'bgp status tokyo-er', acked: true },
      ]);
      log(`  ours: ${ours.commands} commands in ${ours.seconds} s; RSS ${ours.rssAfterMB} MB (${ours.rssPer1000MB} MB / 1000); heap ${ours.heapAfterMB} MB (${ours.heapPer1000MB} MB / 1000); audit backlog drains ${ours.auditDrainMs.join('/')} ms`);
      const echoRef = await benchMemory(echo!, [{ text: 'hello', acked: false }], ours.commands);
      log(`  echo: RSS ${echoRef.rssAfterMB} MB (${echoRef.rssPer1000MB} MB / 1000); heap ${echoRef.heapAfterMB} MB (${echoRef.heapPer1000MB} MB / 1000)`);
      return { ours, echo: echoRef };
    });

    const targets: Target[] = [];
    if (echo && fast) {
      const ec = new BotClient(echo.url);
      const oc = new BotClient(fast.url);
      targets.push(
        { label: 'echo', bot: echo, client: ec, text: 'hello', acked: false },
        { label: 'help', bot: fast, client: oc, text: 'help', acked: false },
        // `about`: a small card, no Azure — what our host costs without help's large card.
        { label: 'about', bot: fast, client: oc, text: 'about', acked: false },
        { label: 'circuits', bot: fast, client: oc, text: 'circuits', acked: true },
        { label: 'bgp status', bot: fast, client: oc, text: 'bgp status tokyo-er', acked: true },
      );
    }

    // 1. Bot overhead.
    const lat = await section('latency', () => benchLatency(targets, fast!));
    if (lat) {
      const e = lat.summary['echo']!;
      const s = (k: string) => lat.summary[k]!;
      rows.push(goal('reply p50, help (no Azure)', `${fmt(s('help').ackP50)} ms`, `${fmt(e.ackP50)} ms (echo)`, s('help').ackRatio, '<=', 1.5));
      rows.push(info('reply p50, about (small card, no Azure)', s('about').ackP50, e.ackP50));
      rows.push(goal('ack p50, circuits', `${fmt(s('circuits').ackP50)} ms`, `${fmt(e.ackP50)} ms (echo)`, s('circuits').ackRatio, '<=', 1.5));
      rows.push(goal('ack p50, bgp status tokyo-er', `${fmt(s('bgp status').ackP50)} ms`, `${fmt(e.ackP50)} ms (echo)`, s('bgp status').ackRatio, '<=', 1.5));
      const pe = lat.coldBgp.pacedEcho;
      rows.push(goal(`ack p50, bgp status (cold cache, paced, n=${lat.coldBgp.ack.n})`, `${fmt(lat.coldBgp.ack.p50)} ms`, `${fmt(pe.p50)} ms (echo, paced)`, lat.coldBgp.ack.p50 / pe.p50, '<=', 1.5));
      rows.push(info('reply p99, help', s('help').ackP99, e.ackP99));
      rows.push(info('ack p99, bgp status tokyo-er', s('bgp status').ackP99, e.ackP99));
      rows.push(info('final card p50, circuits (warm cache)', s('circuits').finalP50, e.finalP50));
      rows.push(info('final card p50, bgp status (warm cache)', s('bgp status').finalP50, e.finalP50));
      rows.push(info('final card p99, bgp status (warm cache)', s('bgp status').finalP99, e.finalP99));
      rows.push([`final card p50, bgp status (cold cache, paced, n=${lat.coldBgp.final.n})`, `${fmt(lat.coldBgp.final.p50)} ms`, `${fmt(pe.p50)} ms (echo, paced)`, `${fmt(lat.coldBgp.final.p50 / pe.p50)}x`, '—', '—']);
      rows.push([`final card max, bgp status (cold cache, paced, n=${lat.coldBgp.final.n})`, `${fmt(Math.max(...lat.coldBgp.finalMs))} ms`, `${fmt(pe.p99)} ms (echo, paced, p99)`, '—', '—', '—']);
      if (lat.coldBgp.throttled > 0) rows.push(['ARM 429s during the cold-cache samples', String(lat.coldBgp.throttled), '0', '—', '—', 'throttled: p99 includes ~1 s retries']);
    }

    // 2. Throughput.
    const tp = await section('throughput', () => benchThroughput(targets.filter((t) => t.label !== 'circuits')));
    if (tp) {
      for (const c of PLAN.throughput.levels) {
        const p = tp.summary['help']![c]!;
        rows.push(goal(`throughput help, c=${c} (/s)`, fmt(p.perSecond, 0), `${fmt(tp.summary['echo']![c]!.perSecond, 0)} (echo)`, p.ratioToEcho, '>=', 0.7));
      }
      for (const c of PLAN.throughput.levels) {
        const p = tp.summary['bgp status']![c]!;
        rows.push([`throughput bgp status, c=${c} (/s)`, fmt(p.perSecond, 0), `${fmt(tp.summary['echo']![c]!.perSecond, 0)} (echo)`, `${fmt(p.ratioToEcho)}x`, '—', '—']);
      }
      for (const c of PLAN.throughput.levels) {
        const p = tp.summary['about']![c]!;
        rows.push([`throughput about, c=${c} (/s)`, fmt(p.perSecond, 0), `${fmt(tp.summary['echo']![c]!.perSecond, 0)} (echo)`, `${fmt(p.ratioToEcho)}x`, '—', '—']);
      }
      const c8 = (k: string) => tp.summary[k]![8]!.cpuMsPerMessage;
      rows.push(info('bot CPU per message, about (c=8)', c8('about'), c8('echo')));
      rows.push(info('bot CPU per message, help (c=8)', c8('help'), c8('echo')));
      rows.push(info('bot CPU per message, bgp status (c=8)', c8('bgp status'), c8('echo')));
      const lag = Math.max(...PLAN.throughput.levels.map((c) => Math.max(tp.summary['help']![c]!.auditLagMsMax, tp.summary['bgp status']![c]!.auditLagMsMax)));
      rows.push(['audit trail behind after a load slice (max)', `${fmt(lag, 0)} ms`, '—', '—', '—', '—']);
    }
    for (const t of targets) t.client.close();

    // 3. Azure efficiency.
    const az = await section('azure', () => benchAzure(fast!, real!, specs));
    if (az) {
      for (const c of az.perCommand) {
        if (c.skipped) continue;
        const note = [c.outcome === 'ok' ? '' : c.outcome, c.throttled ? `${c.throttled} x 429` : ''].filter(Boolean).join(', ');
        rows.push([`ARM requests, ${c.text} (cold / warm)`, `${c.coldTotal} / ${c.warmTotal}`, '—', '—', '—', note || '—']);
      }
      const w = az.warRoom;
      rows.push(goal('war room: 20 x bgp status london-er over 5 s (ARM requests)', String(w.spread.requests), `${w.one.requests} (one command)`, w.ratioSpread, '<=', 1.2));
      rows.push(goal('war room: the 20 at the same instant (ARM requests)', String(w.together.requests), `${w.one.requests} (one command)`, w.ratioTogether, '<=', 1.2));
    }

    // 4. Parallelism.
    const par = await section('parallel', () => benchParallel(real!));
    if (par) {
      rows.push(goal('bgp status end-to-end / slowest ARM call (configured)', `${par.e2eMedianMs} ms`, `${par.slowestConfiguredMs} ms (routeTable)`, par.ratioConfigured, '<=', 1.2));
      rows.push(['bgp status end-to-end / slowest call measured alone', `${par.e2eMedianMs} ms`, `${par.slowestMeasuredMs} ms`, `${fmt(par.ratioMeasured)}x`, '—', '—']);
    }

    // 5. Probe accuracy.
    const probe = (await section('probe', () => benchProbe(PLAN.probe))) as ProbeReport | undefined;
    if (probe) {
      if (!probe.ran) rows.push(['probe agent loopback connect p50', '—', '—', '—', '—', `not run: ${probe.reason}`]);
      for (const p of probe.pacings) {
        rows.push([`probe agent loopback connect p50, ${p.intervalMs} ms gaps`, `${p.agentP50Us} µs`, `${p.cP50Us} µs (C)`, `${fmt(p.ratio)}x`, '—', '—']);
        rows.push([`probe agent loopback connect p99, ${p.intervalMs} ms gaps`, `${p.agentP99Us} µs`, `${p.cP99Us} µs (C)`, `${fmt(p.agentP99Us / p.cP99Us)}x`, '—', '—']);
      }
    }
    const tb = wants('probe') ? await runTestbed() : undefined;
    if (tb) {
      results.testbed = tb;
      if (!tb.ran) rows.push(['latency test bed (injected delay)', 'not run', '—', '—', '—', tb.reason ?? '']);
      else if (!tb.parsed || tb.parsed.groups.length === 0) rows.push(['latency test bed (injected delay)', `ran, exit ${tb.exitCode}`, '—', '—', '—', 'no figures parsed; see JSON']);
      else {
        for (const g of tb.parsed.groups.filter((x) => !x.label.startsWith('detect'))) {
          const ok = g.readBackOk === g.reps;
          rows.push([`test bed: ${g.label} injected, agent reads back (median of ${g.reps})`, `${g.medianReadBackMs} ms`, `${g.injectedMs} ms (injected)`, '—', '±0.1 ms each rep', ok ? 'yes' : 'NO']);
        }
        const det = tb.parsed.groups.find((x) => x.label.startsWith('detect'));
        if (det) rows.push([`test bed: 1 ms difference detected (20 samples per side)`, `${det.detected} of ${det.reps}`, '—', '—', '—', tb.exitCode === 0 ? 'yes (script passed)' : 'NO (script failed)']);
      }
    }

    if (memory) {
      const { ours, echo: e } = memory;
      const n = ours.stoppedEarly ? `${ours.commands} (stopped early: time budget)` : String(ours.commands);
      rows.push([`RSS after ${n} commands (+${ours.warmup} warm-up)`, `${ours.rssAfterMB} MB`, `${e.rssAfterMB} MB (echo)`, `${fmt(ours.rssAfterMB / e.rssAfterMB)}x`, '—', '—']);
      rows.push(['RSS growth per 1,000 commands (after GC)', `${ours.rssPer1000MB} MB`, `${e.rssPer1000MB} MB (echo)`, '—', '—', '—']);
      rows.push(['heap growth per 1,000 commands (after GC)', `${ours.heapPer1000MB} MB`, `${e.heapPer1000MB} MB (echo)`, '—', '—', '—']);
    }

    for (const p of procs) await p.close();
    results.botLogs = botLogSummary(logDir);

    // 7. One instance or two on Azure Storage (Azurite), after the other bots are gone (bench/instances.ts).
    const inst = await section('instances', () => benchInstances(FULL ? FULL_INSTANCES : QUICK_INSTANCES, log));
    if (inst) {
      const by = (name: string) => inst.summary.find((x) => x.setup === name)!;
      const [files, one, two] = [by('files'), by('azure x1'), by('azure x2')];
      rows.push(['instances: bgp status/s, embedded state, 1 instance', `${fmt(files.perSecond, 1)}/s`, '—', '—', '—', '—']);
      rows.push(['instances: bgp status/s, Azure Storage, 1 instance', `${fmt(one.perSecond, 1)}/s`, `${fmt(files.perSecond, 1)}/s (embedded)`, `${fmt(one.perSecond / files.perSecond)}x`, '—', '—']);
      rows.push(['instances: bgp status/s, Azure Storage, 2 instances', `${fmt(two.perSecond, 1)}/s`, `${fmt(one.perSecond, 1)}/s (1 instance)`, `${fmt(two.perSecond / one.perSecond)}x`, '—', '2 cores shared by all']);
      rows.push(['instances: ack p99, 1 / 2 instances on Azure Storage', `${fmt(one.ackP99, 0)} / ${fmt(two.ackP99, 0)} ms`, `${fmt(files.ackP99, 0)} ms (embedded)`, '—', '—', '—']);
      for (const w of inst.warRooms) {
        rows.push([`instances: war room ARM requests, ${w.setup}`, `${w.burst} (${w.perInstance.join(' + ')})`, `${w.oneCommand} (one command)`, `${fmt(w.ratio)}x`, '—', 'coalescing is per instance']);
      }
    }
  } finally {
    await Promise.all(procs.map((p) => p.close().catch(() => {})));
    await connector.close();
  }

  const table = printTable(rows);
  const out = {
    mode: FULL ? 'full' : 'quick',
    sections: [...only],
    date: new Date().toISOString(),
    seconds: round((performance.now() - T0) / 1000, 1),
    machine: machineInfo(LOAD_AT_START),
    plan: PLAN,
    results,
    errors,
    table,
  };
  const path = argv.out ?? RESULTS;
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${compactJson(out)}\n`);
  // Also per mode, so that a quick run does not hide the figures of the last full one.
  if (!argv.out && only.size === SECTIONS.length) writeFileSync(RESULTS.replace(/\.json$/, `-${out.mode}.json`), `${compactJson(out)}\n`);
  process.stdout.write(
    `\nNetOps bot benchmarks (${out.mode}, ${out.seconds} s, ${out.machine.cores} x ${out.machine.cpu}, Node ${process.version}, load average ${LOAD_AT_START.split(' ').slice(0, 3).join(' ')} at start)\n\n${table}\n\nRaw results: ${path}\n`,
  );
  if (errors.length) {
    process.stdout.write(`\n${errors.length} section(s) failed:\n${errors.join('\n')}\n`);
    process.exitCode = 1;
  }
  if (errors.length === 0) rmSync(logDir, { recursive: true, force: true });
  else process.stdout.write(`Bot logs kept in ${logDir}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
