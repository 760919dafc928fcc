/**
 * `netops-probe` (bin/netops-probe.mjs):
 *   netops-probe tcp <host:port> [<host:port>] [-n 4] [-w 1] [-i 1] [--timeout 2] [--json]
 *   netops-probe serve [--config path]
 * `tcp` measures from this machine in the same probe worker the agent uses (no server, no allowlist: it runs
 * with the caller's own rights) and prints PsPing-style text, or the agent's JSON answer with --json. Two
 * targets are probed interleaved (random order within each round, identical pacing).
 * Exit codes: 0 ran (whatever the losses), 1 every measured probe failed, 2 usage error, 130 interrupted.
 */
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { probeLine, headerLines, statisticsLines } from './psping-format.ts';
import { JobAbortedError, runProbeJob } from './run-probes.ts';
import { runServe, SERVE_USAGE } from './serve.ts';
import { summariseAll } from './summary.ts';
import { formatEndpoint, parseTarget, resolveTarget, TargetError } from './target.ts';
import type { ProbeJob, ProbeResponse, ProbeSample, ResolvedTarget, WorkerSample } from './types.ts';
import { VERSION } from './version.ts';

export const USAGE = `netops-probe ${VERSION}: TCP connect latency probes (PsPing-style) and the NetOps probe agent

usage:
  netops-probe tcp <host:port> [<host:port>] [options]   measure from this machine
  netops-probe serve [--config path]                      run the probe agent (HTTP API, see docs/probe-agent.md)
  netops-probe -h | --help

tcp options:
  -n <count>       measured connects per target (default 4)
  -w <count>       warmup connects per target before them, not counted (default 1)
  -i <seconds>     interval between connects (between rounds with two targets), e.g. 0.5 (default 1; 0 = none)
  --timeout <s>    per-connect timeout in seconds (default 2)
  --json           print the samples and summary as JSON (the agent's answer format) instead of text

Targets are host:port or [IPv6]:port; a host name is resolved once. With two targets each round connects to
both in random order (interleaved A/B, identical pacing). Connects of 1 s or more are SYN retransmits.

examples:
  netops-probe tcp 10.1.2.4:3389 -n 20 -w 1 -i 0.5
  netops-probe tcp 10.1.2.4:3389 10.1.2.5:3389 -n 30 -i 0.2 --json`;

class UsageError extends Error {}

function num(name: string, raw: string | undefined, def: number, min: number, max: number): number {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < min || v > max) throw new UsageError(`${name}: "${raw}" must be a number from ${min} to ${max}`);
  return v;
}

function int(name: string, raw: string | undefined, def: number, min: number, max: number): number {
  const v = num(name, raw, def, min, max);
  if (!Number.isInteger(v)) throw new UsageError(`${name}: "${raw}" must be a whole number`);
  return v;
}

async function runTcp(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      n: { type: 'string', short: 'n' },
      w: { type: 'string', short: 'w' },
      i: { type: 'string', short: 'i' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError('give one target, or two to interleave (host:port)');
  const count = int('-n', values.n, 4, 1, 100_000);
  const warmup = int('-w', values.w, 1, 0, 100);
  const intervalMs = Math.round(num('-i', values.i, 1, 0, 3600) * 1000);
  const timeoutMs = Math.round(num('--timeout', values.timeout, 2, 0.01, 60) * 1000);
  const targets: ResolvedTarget[] = [];
  for (const text of positionals) {
    try {
      targets.push(await resolveTarget(parseTarget(text)));
    } catch (e) {
      if (e instanceof TargetError) throw new UsageError(`target: ${e.message}`);
      throw e;
    }
  }
  if (targets.length === 2 && targets[0]?.label === targets[1]?.label) throw new UsageError('the two targets must differ');

  const job: ProbeJob = { mode: targets.length === 2 ? 'interleaved' : 'single', targets, count, warmup, intervalMs, timeoutMs };
  const endpoint = new Map(targets.map((t) => [t.label, formatEndpoint(t.address, t.port)]));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (!values.json) {
    if (targets.length === 1) for (const l of headerLines(endpoint.get(targets[0]!.label)!, count, warmup)) out(l);
    else {
      out(`TCP connect to ${[...endpoint.values()].join(' and ')}, interleaved (random order within each round):`);
      out(`${count + warmup} iterations (warmup ${warmup}) ping test:`);
    }
  }

  const samples: WorkerSample[] = [];
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let interrupted = false;
  let startedAt = new Date().toISOString();
  let finishedAt = startedAt;
  try {
    const r = await runProbeJob(job, {
      signal: abort.signal,
      onSample: (s) => {
        samples.push(s);
        if (!values.json) out(probeLine(endpoint.get(s.target) ?? s.target, s));
      },
    });
    startedAt = r.startedAt;
    finishedAt = r.finishedAt;
  } catch (e) {
    if (!(e instanceof JobAbortedError)) throw e;
    interrupted = true;
    finishedAt = new Date().toISOString();
  } finally {
    process.off('SIGINT', onSigint);
  }

  if (values.json) {
    const wire: ProbeSample[] = samples.map((s) => ({
      target: s.target,
      seq: s.seq,
      round: s.round,
      warmup: s.warmup,
      ok: s.ok,
      ...(s.ok ? { rttUs: s.rttUs } : { error: s.error }),
      retransmit: s.retransmit,
    }));
    const answer: ProbeResponse = {
      agent: { name: hostname(), version: VERSION },
      mode: job.mode,
      startedAt,
      finishedAt,
      samples: wire,
      summary: summariseAll(wire, targets.map((t) => t.label)),
    };
    out(JSON.stringify(answer, null, 2));
  } else {
    if (interrupted) out('Control-C');
    for (const t of targets) {
      out('');
      for (const l of statisticsLines(endpoint.get(t.label)!, samples.filter((s) => s.target === t.label))) out(l);
    }
  }
  if (interrupted) return 130;
  const measured = samples.filter((s) => !s.warmup);
  return measured.length > 0 && measured.every((s) => !s.ok) ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === 'tcp') return await runTcp(rest);
    if (command === 'serve') {
      if (rest.includes('-h') || rest.includes('--help')) {
        console.log(SERVE_USAGE);
        return 0;
      }
      await runServe(rest);
      return -1; // keeps running
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`netops-probe: ${(e as Error).message}\nRun "netops-probe --help" for usage.`);
      return 2;
    }
    console.error(`netops-probe: ${(e as Error).message}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
