/**
 * `npm run bench:load` — the load test (issue 8). Not part of `npm test`.
 *
 *   npm run bench:load -- --duration 60 --users 50 --conversations 10 --out bench/results/load-latest.json
 *
 * 50 engineers in 10 war-room channels (5 each) talk to our bot over real HTTP for 60 s: typed commands
 * (bgp status, arp table, routes summary, circuits, help, fastpath) and clicks on the buttons of the cards they
 * got (adaptiveCard/action invokes), thinking 4-12 s between two of them. The bot runs as `npm start` wires it
 * (bench/bot-process.ts: createServices + createBotServer, embedded demo emulator) with realistic LRO
 * durations (lroDurationScale 1), ARM's token bucket, and fault rules that throttle some operations
 * (bench/load/faults.ts). Its cards go to the bench's fake Bot Connector (bench/connector.ts).
 *
 * The bot polls LROs every 2 s (its live-mode default; `--lro-poll-ms 100` for the demo's own interval).
 *
 * Checks (exit 1 when one fails): every activity got exactly one final card (after a drain period), no 5xx
 * from POST /api/messages, no card nobody asked for, RSS growth over the run and heap growth after the
 * warm-up within bounds (--max-rss-growth-mb 64, --max-heap-growth-mb 16), the bot idle at the end. Prints
 * the figures and writes them all to bench/results/load-latest.json (--out elsewhere; --keep-log keeps the
 * bot's log; --think 4-12 seconds between two actions of a user; --seed for the users' choices).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from '../../src/emulator/prng.ts';
import { translator } from '../../src/i18n/index.ts';
import { TEAMS_CONVERSATION_WINDOWS } from '../../src/teams/rate-limit.ts';
import type { Recorded } from '../bot-process.ts';
import { BotClient } from '../client.ts';
import { startBenchConnector } from '../connector.ts';
import { logWarnings } from '../logs.ts';
import { loadAverage, machineInfo, startBotProcess } from '../proc.ts';
import { compactJson, percentile, round, slope, textTable } from '../stats.ts';
import { THROTTLE_RULES, emulatorAdmin, injectedByRule } from './faults.ts';
import { Ledger, problemOf, type Op } from './ledger.ts';
import { cardClick, channelMessage, choose, clickable, demoWorld, pick, specOf, typed, warRooms, type Button, type SpecInfo } from './scenario.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results', 'load-latest.json');

const { values: argv } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    users: { type: 'string', default: '50' },
    conversations: { type: 'string', default: '10' },
    out: { type: 'string' },
    think: { type: 'string', default: '4-12' },
    warmup: { type: 'string', default: '15' },
    'max-rss-growth-mb': { type: 'string', default: '64' },
    'max-heap-growth-mb': { type: 'string', default: '16' },
    seed: { type: 'string', default: '8' },
    'lro-poll-ms': { type: 'string', default: '2000' },
    'keep-log': { type: 'boolean', default: false },
  },
});
const num = (name: string, v: string | undefined, min: number) => {
  const x = Number(v);
  if (!Number.isFinite(x) || x < min) throw new Error(`--${name} must be a number >= ${min}, not ${v}`);
  return x;
};
const [thinkMin, thinkMax] = (argv.think ?? '').split('-').map(Number) as [number, number];
if (!(thinkMin >= 0 && thinkMax >= thinkMin)) throw new Error(`--think min-max in seconds (e.g. 4-12), not ${argv.think}`);
const PLAN = {
  durationS: num('duration', argv.duration, 1),
  users: num('users', argv.users, 1),
  conversations: num('conversations', argv.conversations, 1),
  thinkS: [thinkMin, thinkMax] as const,
  /** A forced-GC memory reading at this point of the run: the baseline of the heap growth bound. */
  warmupS: num('warmup', argv.warmup, 0),
  /** Bound on RSS growth over the whole run: idle after a forced GC at the end, minus the same before the load. */
  maxRssGrowthMB: num('max-rss-growth-mb', argv['max-rss-growth-mb'], 0),
  /** Bound on the heap's growth after the warm-up (forced GC both times): the sharper test for a leak. */
  maxHeapGrowthMB: num('max-heap-growth-mb', argv['max-heap-growth-mb'], 0),
  seed: num('seed', argv.seed, 0),
  lroDurationScale: 1,
  /** The bot's LRO poll interval (AZURE_LRO_POLL_MS): 2000 is its live-mode default; the demo's own is 100. */
  lroPollMs: num('lro-poll-ms', argv['lro-poll-ms'], 1),
  /** A user waits this long for the final card before moving on (the op stays open until the drain ends). */
  finalWaitMs: 60_000,
  /** After the last user stopped: wait for every outstanding card and an idle bot, at most this long… */
  drainMaxMs: 150_000,
  /** …then this long more, to catch late duplicates. */
  quietMs: 3_000,
  throttleRules: THROTTLE_RULES,
};

const T0 = performance.now();
const LOAD_AT_START = loadAverage();
const log = (msg: string) => process.stderr.write(`[load ${((performance.now() - T0) / 1000).toFixed(1)}s] ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Resolves when `p` does or after `ms`, whichever is first (and clears its timer). */
const within = (p: Promise<unknown>, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void p.then(() => (clearTimeout(timer), resolve()));
  });

interface Mem {
  rss: number;
  heapUsed: number;
}
const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

// ------------------------------------------------------------------------------------------------ the figures

interface Dist {
  n: number;
  p50: number;
  p99: number;
  max: number;
}
const dist = (xs: number[]): Dist => ({ n: xs.length, p50: round(percentile(xs, 50), 0), p99: round(percentile(xs, 99), 0), max: round(Math.max(...xs), 0) });

/** The label an op is counted under: its command, "(click)" when it came from a button. */
const labelOf = (op: Op) => (op.kind === 'invoke' ? `${op.spec} (click)` : op.spec);

/**
 * ARM requests per command, estimated: the emulator's log says when each request arrived, not for whom. Each
 * request is shared among the Azure-calling activities in flight when it arrived (posted .. final card), and
 * among those only the ones naming the resource in its path when there are any (…/expressRouteCircuits/tokyo-er).
 * Requests that arrived while no such activity was in flight are "unattributed".
 */
function attributeArm(ops: readonly Op[], requests: readonly Recorded[], endAt: number): { byLabel: Record<string, number>; unattributed: number } {
  const origin = performance.timeOrigin;
  const windows = ops
    .filter((o) => o.calls === 'azure' && o.expectsUpdate)
    .map((o) => ({ label: labelOf(o), from: origin + o.t0 - 2, to: origin + (o.finals[0]?.at ?? endAt) + 2, words: new Set(o.command.toLowerCase().split(/\s+/)) }));
  const byLabel: Record<string, number> = {};
  let unattributed = 0;
  const RESOURCE = /\/(?:expressRouteCircuits|connections|virtualNetworkGateways|expressRouteGateways|virtualMachines|networkInterfaces|virtualNetworks)\/([^/]+)/gi;
  for (const r of requests) {
    const inFlight = windows.filter((w) => w.from <= r.at && r.at <= w.to);
    const names = [...r.path.matchAll(RESOURCE)].map((m) => decodeURIComponent(m[1]!).toLowerCase());
    const named = inFlight.filter((w) => names.some((n) => w.words.has(n)));
    const share = named.length > 0 ? named : inFlight;
    if (share.length === 0) unattributed++;
    for (const w of share) byLabel[w.label] = (byLabel[w.label] ?? 0) + 1 / share.length;
  }
  return { byLabel, unattributed };
}

/**
 * Sends (cards created or updated) in one conversation, as they reached the connector, against one of Teams'
 * windows: the most in any window of `ms`; how many sends filled a window to the limit (only those can have
 * waited in the bot's limiter); and the shortest time that `limit + 1` consecutive sends took (under `ms` = the
 * limit was exceeded, by `ms - minSpanMs`: a few ms can be HTTP transit jitter, the limiter stamps its sends
 * before they go out).
 */
function windowFigures(times: readonly number[], ms: number, limit: number): { max: number; atLimit: number; minSpanMs: number } {
  const t = [...times].sort((a, b) => a - b);
  let max = 0;
  let atLimit = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= ms) j++;
    max = Math.max(max, i - j + 1);
    if (i - j + 1 >= limit) atLimit++;
  }
  let minSpanMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i + limit < t.length; i++) minSpanMs = Math.min(minSpanMs, t[i + limit]! - t[i]!);
  return { max, atLimit, minSpanMs: round(minSpanMs, 1) };
}

/** Transit jitter tolerated before a conversation's sends count as over a Teams limit. */
const SEND_JITTER_MS = 50;

function count<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

// ------------------------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const logDir = mkdtempSync(join(tmpdir(), 'netops-load-'));
  const logPath = join(logDir, 'bot.log');
  const random = seededRandom(PLAN.seed);
  const world = demoWorld();
  const rooms = warRooms(PLAN.conversations, world, `${process.pid}`);
  const connector = await startBenchConnector();
  log(`starting the bot (lroDurationScale ${PLAN.lroDurationScale}, LRO poll ${PLAN.lroPollMs} ms; log ${logPath})`);
  const bot = await startBotProcess(['ours', String(PLAN.lroDurationScale), String(PLAN.lroPollMs)], logPath);
  const client = new BotClient(bot.url);
  let stopped = false;
  try {
    const specs = await bot.rpc<SpecInfo[]>('specs');
    const admin = await emulatorAdmin(bot);
    for (const rule of PLAN.throttleRules) await admin.addFault(rule);
    const ledger = new Ledger(translator('en')('render:working.status'));
    await bot.rpc('resetRequests');
    const memStart = await bot.rpc<Mem>('mem', { gc: true });
    const cpuStart = await bot.rpc<{ user: number; system: number; wallUs: number }>('cpu');

    // The connector keeps every card of the war rooms; the ledger reads each one as it arrives.
    for (const room of rooms) connector.capture(room.id);
    const pumps = rooms.map(async (room) => {
      let cursor = 0;
      while (!stopped) {
        const events = await connector.waitFor(room.id, (e) => e.length > cursor, 1_000).catch(() => undefined);
        if (!events) continue;
        while (cursor < events.length) ledger.onEvent(room.id, events[cursor++]!);
      }
    });

    const loadStart = performance.now();
    // RSS every second (no forced GC: what the process holds), and forced-GC readings at three points.
    const rssSamples: Array<{ s: number; rssMB: number; heapMB: number }> = [];
    const sampler = (async () => {
      while (!stopped) {
        const at = performance.now();
        const m = await bot.rpc<Mem>('mem').catch(() => undefined);
        if (m) rssSamples.push({ s: round((at - loadStart) / 1000, 1), rssMB: mb(m.rss), heapMB: mb(m.heapUsed) });
        await sleep(Math.max(0, 1_000 - (performance.now() - at)));
      }
    })();

    const endAt = loadStart + PLAN.durationS * 1_000;
    let memWarm: Mem | undefined;
    const warmMark = (async () => {
      await sleep(Math.min(PLAN.warmupS, PLAN.durationS) * 1_000);
      memWarm = await bot.rpc<Mem>('mem', { gc: true });
    })();
    log(`${PLAN.users} users in ${rooms.length} war rooms for ${PLAN.durationS} s (think ${PLAN.thinkS.join('-')} s); throttle rules: ${PLAN.throttleRules.map((r) => r.id).join(', ')}`);

    const think = () => (PLAN.thinkS[0] + random() * (PLAN.thinkS[1] - PLAN.thinkS[0])) * 1_000;
    const runUser = async (user: number) => {
      const room = rooms[user % rooms.length]!;
      let card: { id: string; buttons: Button[] } | undefined;
      await sleep(random() * PLAN.thinkS[1] * 1_000); // users join over the first think period
      while (performance.now() < endAt) {
        let choice = choose(random);
        const buttons = card ? clickable(card.buttons, specs) : [];
        while (choice === 'click' && buttons.length === 0) choice = choose(random);
        let op: Op;
        let activity: Record<string, unknown>;
        if (choice === 'click') {
          const button = pick(buttons, random);
          activity = cardClick(room, connector.url, user, card!.id, button);
          const spec = specOf(button.data.command, specs);
          op = ledger.newOp({ user, room: room.id, kind: 'invoke', command: button.data.command, spec: spec?.name ?? '?', calls: spec?.calls ?? '?', activityId: String(activity.id), cardId: card!.id });
        } else {
          const text = typed(choice, room, world, random);
          activity = channelMessage(room, connector.url, user, text);
          const spec = specOf(text, specs);
          op = ledger.newOp({ user, room: room.id, kind: 'message', command: text, spec: spec?.name ?? '?', calls: spec?.calls ?? '?', activityId: String(activity.id) });
        }
        client.post(activity, op.kind === 'invoke').then(
          (r) => ledger.posted(op, r),
          (e: unknown) => ledger.posted(op, { error: (e as Error)?.message ?? String(e) }),
        );
        await within(op.settled, PLAN.finalWaitMs);
        card = op.finals.length > 0 && op.cardId ? { id: op.cardId, buttons: op.buttons } : undefined;
        await sleep(Math.min(think(), Math.max(0, endAt - performance.now())));
      }
    };
    const progress = setInterval(() => {
      const done = ledger.ops.filter((o) => o.finals.length > 0).length;
      log(`  ${ledger.ops.length} activities sent, ${done} with their final card, ${ledger.pending().length} waiting`);
    }, 10_000);
    await Promise.all(Array.from({ length: PLAN.users }, (_, i) => runUser(i + 1)));
    const sentEnd = performance.now();
    await warmMark;

    // Drain: every outstanding card, an idle bot; then a quiet period for late duplicates.
    log(`load over after ${round((sentEnd - loadStart) / 1000, 1)} s; draining`);
    const drainUntil = performance.now() + PLAN.drainMaxMs;
    while (performance.now() < drainUntil && (ledger.pending().length > 0 || (await bot.rpc<number>('inFlight')) > 0)) await sleep(100);
    const drainMs = performance.now() - sentEnd;
    await sleep(PLAN.quietMs);
    clearInterval(progress);
    const auditDrainMs = await bot.rpc<number>('auditDrain');
    const endAtMark = performance.now();
    stopped = true;
    await Promise.all([...pumps, sampler]);
    const cpuEnd = await bot.rpc<{ user: number; system: number; wallUs: number }>('cpu');
    const memEnd = await bot.rpc<Mem>('mem', { gc: true });
    const requests = await bot.rpc<Recorded[]>('requests');
    const rules = await admin.faults();
    const inFlightAtEnd = await bot.rpc<number>('inFlight');
    await bot.close();

    // ------------------------------------------------------------------------------------------- figures
    const ops = ledger.ops;
    const problems = ops.map((o) => ({ o, p: problemOf(o) })).filter((x): x is { o: Op; p: string } => x.p !== undefined);
    const missing = problems.filter((x) => x.p.startsWith('missing') || x.p.startsWith('post failed'));
    const duplicates = problems.filter((x) => x.p.startsWith('duplicate'));
    const otherProblems = problems.filter((x) => !missing.includes(x) && !duplicates.includes(x));
    const statuses = count(ops.filter((o) => o.status !== undefined), (o) => String(o.status));
    const fiveXX = ops.filter((o) => (o.status ?? 0) >= 500).length;
    const postErrors = ops.filter((o) => o.postError).length;
    const labels = [...new Set(ops.map(labelOf))].sort();
    const arm = attributeArm(ops, requests, endAtMark);
    const injected = injectedByRule(rules);
    const injectedTotal = Object.values(injected).reduce((a, b) => a + b, 0);
    const armByOperation: Record<string, { requests: number; throttled: number }> = {};
    for (const r of requests) {
      const x = (armByOperation[r.operation] ??= { requests: 0, throttled: 0 });
      x.requests++;
      if (r.status === 429) x.throttled++;
    }
    const throttledTotal = requests.filter((r) => r.status === 429).length;
    const ackMs = (o: Op) => (o.ackAt !== undefined ? o.ackAt - o.t0 : undefined);
    const finalMs = (o: Op) => (o.finals[0] ? o.finals[0].at - o.t0 : undefined);
    const nums = (xs: Array<number | undefined>) => xs.filter((x): x is number => x !== undefined);
    const perCommand = labels.map((label) => {
      const mine = ops.filter((o) => labelOf(o) === label);
      const azure = mine.filter((o) => o.expectsUpdate);
      return {
        command: label,
        sent: mine.length,
        acked: azure.length,
        ack: dist(nums(mine.map(ackMs))),
        final: dist(nums(mine.map(finalMs))),
        outcomes: count(mine.filter((o) => o.finals[0]), (o) => o.finals[0]!.outcome),
        problems: mine.filter((o) => problemOf(o)).length,
        armRequests: round(arm.byLabel[label] ?? 0, 1),
        armPerActivity: azure.length > 0 ? round((arm.byLabel[label] ?? 0) / azure.length, 1) : 0,
      };
    });
    const overall = { ack: dist(nums(ops.map(ackMs))), final: dist(nums(ops.map(finalMs))) };
    const azureOps = ops.filter((o) => o.expectsUpdate);
    const overallAzure = { ack: dist(nums(azureOps.map(ackMs))), final: dist(nums(azureOps.map(finalMs))) };
    const sendWindows = rooms.map((room) => {
      const t = ledger.sendsByRoom.get(room.id) ?? [];
      return { room: room.name, sends: t.length, windows: TEAMS_CONVERSATION_WINDOWS.map((w) => windowFigures(t, w.ms, w.limit)) };
    });
    const limitReached = TEAMS_CONVERSATION_WINDOWS.map((w, i) => ({
      window: `${w.limit} / ${w.ms / 1000} s`,
      limit: w.limit,
      maxSeen: Math.max(0, ...sendWindows.map((r) => r.windows[i]!.max)),
      sendsAtLimit: sendWindows.reduce((a, r) => a + r.windows[i]!.atLimit, 0),
      /** The most by which `limit + 1` sends in one conversation came in less than the window, ms (0: never). */
      overByMs: round(Math.max(0, ...sendWindows.map((r) => w.ms - r.windows[i]!.minSpanMs)), 1),
    }));
    const overLimit = limitReached.filter((w) => w.overByMs > SEND_JITTER_MS);
    const peak = rssSamples.reduce((a, s) => (s.rssMB > a.rssMB ? s : a), rssSamples[0] ?? { s: 0, rssMB: Number.NaN, heapMB: Number.NaN });
    const warm = memWarm ?? memStart;
    const rss = {
      startMB: mb(memStart.rss),
      warmMB: mb(warm.rss),
      peakMB: peak.rssMB,
      peakAtS: peak.s,
      endMB: mb(memEnd.rss),
      growthMB: round(mb(memEnd.rss) - mb(memStart.rss), 1),
      growthSinceWarmMB: round(mb(memEnd.rss) - mb(warm.rss), 1),
      heapStartMB: mb(memStart.heapUsed),
      heapWarmMB: mb(warm.heapUsed),
      heapEndMB: mb(memEnd.heapUsed),
      heapGrowthSinceWarmMB: round(mb(memEnd.heapUsed) - mb(warm.heapUsed), 1),
      /** Least-squares slope of the 1 s samples after the warm-up, MB per minute. */
      slopeAfterWarmMBPerMin: round(
        slope(
          rssSamples.filter((s) => s.s >= PLAN.warmupS && s.s <= PLAN.durationS).map((s) => s.s / 60),
          rssSamples.filter((s) => s.s >= PLAN.warmupS && s.s <= PLAN.durationS).map((s) => s.rssMB),
        ),
        1,
      ),
    };
    const botCpuPct = round(((cpuEnd.user + cpuEnd.system - cpuStart.user - cpuStart.system) / (cpuEnd.wallUs - cpuStart.wallUs)) * 100, 0);
    const warnings = logWarnings(logPath);

    const checks = [
      { check: 'every activity got exactly one final card', value: `${ops.length - problems.length} of ${ops.length}`, bound: 'all', pass: problems.length === 0 },
      { check: 'activities with no final card (after the drain)', value: String(missing.length), bound: '0', pass: missing.length === 0 },
      { check: 'activities with more than one final card or reply', value: String(duplicates.length), bound: '0', pass: duplicates.length === 0 },
      { check: 'cards no activity asked for (orphans)', value: String(ledger.orphans.length), bound: '0', pass: ledger.orphans.length === 0 },
      { check: '5xx answers to POST /api/messages', value: `${fiveXX} (statuses ${Object.entries(statuses).map(([k, v]) => `${k}: ${v}`).join(', ')})`, bound: '0', pass: fiveXX === 0 },
      { check: 'POST /api/messages without an answer (socket errors)', value: String(postErrors), bound: '0', pass: postErrors === 0 },
      { check: 'RSS growth over the run (forced GC, idle: end - start)', value: `${rss.growthMB} MB (peak ${rss.peakMB} MB)`, bound: `<= ${PLAN.maxRssGrowthMB} MB`, pass: rss.growthMB <= PLAN.maxRssGrowthMB },
      { check: `heap growth after the first ${PLAN.warmupS} s (forced GC: end - then)`, value: `${rss.heapGrowthSinceWarmMB} MB`, bound: `<= ${PLAN.maxHeapGrowthMB} MB`, pass: rss.heapGrowthSinceWarmMB <= PLAN.maxHeapGrowthMB },
      {
        check: `Teams send limits per conversation kept (${limitReached.map((w) => w.window).join(', ')})`,
        value: limitReached.some((w) => w.overByMs > 0) ? `over by at most ${Math.max(...limitReached.map((w) => w.overByMs))} ms` : 'never over',
        bound: `<= ${SEND_JITTER_MS} ms (transit jitter)`,
        pass: overLimit.length === 0,
      },
      { check: 'bot idle at the end (commands in flight)', value: String(inFlightAtEnd), bound: '0', pass: inFlightAtEnd === 0 },
    ];
    const failed = checks.filter((c) => !c.pass);

    const out = {
      date: new Date().toISOString(),
      seconds: round((performance.now() - T0) / 1000, 1),
      machine: machineInfo(LOAD_AT_START),
      plan: PLAN,
      rooms: rooms.map((r) => ({ name: r.name, incident: r.incident })),
      checks,
      sent: { total: ops.length, typed: ops.filter((o) => o.kind === 'message').length, clicks: ops.filter((o) => o.kind === 'invoke').length, perSecond: round(ops.length / PLAN.durationS, 2), byCommand: count(ops, labelOf) },
      statuses,
      latencyMs: { overall, azureCommands: overallAzure },
      perCommand,
      arm: {
        total: requests.length,
        perAzureActivity: azureOps.length > 0 ? round(requests.length / azureOps.length, 1) : 0,
        perSecond: round(requests.length / ((endAtMark - loadStart) / 1000), 1),
        byOperation: armByOperation,
        attributedByCommand: Object.fromEntries(Object.entries(arm.byLabel).map(([k, v]) => [k, round(v, 1)])),
        unattributed: arm.unattributed,
        throttled429: throttledTotal,
        injected429ByRule: injected,
        injected429: injectedTotal,
        bucket429: throttledTotal - injectedTotal,
      },
      rss,
      rssSamples,
      botCpuPct,
      drainMs: round(drainMs, 0),
      auditDrainMs: round(auditDrainMs, 0),
      conversationSends: { windows: limitReached, rooms: sendWindows },
      botLogWarnings: warnings,
      problems: problems.map(({ o, p }) => ({ problem: p, seq: o.seq, atS: round((o.t0 - loadStart) / 1000, 3), kind: o.kind, command: o.command, room: o.room, user: o.user, status: o.status, finals: o.finals.map((f) => ({ via: f.via, outcome: f.outcome, ms: round(f.at - o.t0, 0) })) })),
      otherProblems: otherProblems.length,
      orphans: ledger.orphans,
      ops: ops.map((o) => ({ seq: o.seq, atS: round((o.t0 - loadStart) / 1000, 3), user: o.user, kind: o.kind, command: o.command, status: o.status, ackMs: round(ackMs(o) ?? Number.NaN, 1), finalMs: round(finalMs(o) ?? Number.NaN, 1), finals: o.finals.length, outcome: o.finals[0]?.outcome })),
    };

    // ------------------------------------------------------------------------------------------- print
    const ms = (d: Dist) => (d.n ? `${d.p50} / ${d.p99}` : '—');
    const tables = [
      textTable(
        ['check', 'value', 'bound', 'pass?'],
        checks.map((c) => [c.check, c.value, c.bound, c.pass ? 'yes' : 'NO']),
      ),
      textTable(
        ['command', 'sent', 'acked', 'ack p50 / p99 ms', 'final p50 / p99 ms', 'final max ms', 'ARM req. (est.)', 'ARM / activity', 'outcomes'],
        [
          ...perCommand.map((c) => [c.command, String(c.sent), String(c.acked), ms(c.ack), ms(c.final), String(c.final.max), String(c.armRequests), String(c.armPerActivity), Object.entries(c.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')]),
          ['all', String(ops.length), String(azureOps.length), ms(overall.ack), ms(overall.final), String(overall.final.max), String(requests.length), String(out.arm.perAzureActivity), ''],
          ['all Azure commands', String(azureOps.length), String(azureOps.length), ms(overallAzure.ack), ms(overallAzure.final), String(overallAzure.final.max), '', '', ''],
        ],
      ),
      textTable(
        ['ARM operation', 'requests', '429'],
        Object.entries(armByOperation)
          .sort((a, b) => b[1].requests - a[1].requests)
          .map(([k, v]) => [k, String(v.requests), String(v.throttled)]),
      ),
      textTable(['throttle rule', '429s injected'], [...Object.entries(injected).map(([k, v]) => [k, String(v)]), ["ARM's token bucket (reads 250, 25/s)", String(throttledTotal - injectedTotal)]]),
      textTable(
        ['memory (MB)', 'start', `after ${PLAN.warmupS} s`, 'peak (1 s samples)', 'end', 'growth', 'growth since warm-up', 'slope after warm-up'],
        [
          ['RSS', String(rss.startMB), String(rss.warmMB), `${rss.peakMB} at ${rss.peakAtS} s`, String(rss.endMB), String(rss.growthMB), String(rss.growthSinceWarmMB), `${rss.slopeAfterWarmMBPerMin} MB/min`],
          ['heap used', String(rss.heapStartMB), String(rss.heapWarmMB), '', String(rss.heapEndMB), String(round(rss.heapEndMB - rss.heapStartMB, 1)), String(rss.heapGrowthSinceWarmMB), ''],
        ],
      ),
    ];
    const path = argv.out ?? RESULTS;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${compactJson(out)}\n`);
    process.stdout.write(
      [
        '',
        `NetOps bot load test: ${PLAN.users} users in ${rooms.length} war rooms for ${PLAN.durationS} s, think ${PLAN.thinkS.join('-')} s, lroDurationScale ${PLAN.lroDurationScale}, LRO poll ${PLAN.lroPollMs} ms (${out.machine.cores} x ${out.machine.cpu}, Node ${process.version}, load average ${LOAD_AT_START.split(' ').slice(0, 3).join(' ')} at start)`,
        `Sent ${ops.length} activities (${out.sent.typed} typed, ${out.sent.clicks} clicks; ${out.sent.perSecond}/s); bot CPU ${botCpuPct}% of a core; drain ${out.drainMs} ms; ARM ${requests.length} requests (${out.arm.perSecond}/s), ${throttledTotal} answered 429 (${injectedTotal} injected, ${out.arm.bucket429} by the token bucket); ${arm.unattributed} ARM requests not attributed to a command`,
        `Teams send limits per conversation: most sends seen ${limitReached.map((w) => `${w.maxSeen} in ${w.window.split('/ ')[1]} (limit ${w.limit}${w.overByMs > 0 ? `, ${w.limit + 1} came ${w.overByMs} ms early` : ''})`).join(', ')}; sends that filled a window to its limit (the only ones the bot's limiter can have delayed): ${limitReached.reduce((a, w) => a + w.sendsAtLimit, 0)}`,
        '',
        ...tables.flatMap((t) => [t, '']),
        Object.keys(warnings).length ? `Bot log warnings/errors: ${Object.entries(warnings).map(([k, v]) => `${k} x${v}`).join('; ')}` : 'Bot log: no warnings or errors',
        ...problems.slice(0, 20).map(({ o, p }) => `  problem: #${o.seq} at ${round((o.t0 - loadStart) / 1000, 2)} s, ${o.kind} "${o.command}" (${o.room}, user ${o.user}): ${p}`),
        ...ledger.orphans.slice(0, 10).map((x) => `  orphan: ${x.method} ${x.activityId ?? '(new message)'} in ${x.room} showing "${x.request ?? '?'}"`),
        `Raw results: ${path}`,
        failed.length ? `FAILED: ${failed.map((c) => c.check).join('; ')}` : 'All checks passed.',
        '',
      ].join('\n'),
    );
    if (failed.length || argv['keep-log']) process.stdout.write(`Bot log kept in ${logPath}\n`);
    else rmSync(logDir, { recursive: true, force: true });
    return failed.length ? 1 : 0;
  } finally {
    stopped = true;
    client.close();
    await bot.close().catch(() => {});
    await connector.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`load test failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
