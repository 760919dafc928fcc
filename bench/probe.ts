/**
 * Probe accuracy and overhead: the probe agent's own measuring path (runProbeJob: a fresh worker_thread that
 * times net.Socket connects from 'connectionAttempt') against a C connect() loop (bench/connect-loop.c,
 * compiled here with the machine's cc), both connecting to the same loopback listener with the same pacing,
 * in alternating blocks (A B, B A, …) so that drift of the machine hits both alike.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, percentile, round } from './stats.ts';

const run = promisify(execFile);
const C_SOURCE = fileURLToPath(new URL('./connect-loop.c', import.meta.url));
const AGENT_DIR = fileURLToPath(new URL('../src/probe-agent/', import.meta.url));

export interface ProbeBlock {
  client: 'agent' | 'c';
  n: number;
  failed: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
}

export interface ProbePacing {
  intervalMs: number;
  count: number;
  warmup: number;
  blocks: ProbeBlock[];
  agentP50Us: number;
  cP50Us: number;
  /** Median of the agent's block medians over the C loop's. */
  ratio: number;
  /** Agent minus C, medians of block medians, µs: what the agent adds to every sample. */
  overheadUs: number;
  agentP99Us: number;
  cP99Us: number;
}

export interface ProbeReport {
  ran: boolean;
  reason?: string;
  cc?: string;
  timedFrom?: string;
  pacings: ProbePacing[];
}

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((s: Socket) => {
    s.on('error', () => {}); // the probes reset their connections
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 511, resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

function summarise(client: 'agent' | 'c', values: number[], failed: number): ProbeBlock {
  return { client, n: values.length, failed, p50Us: round(median(values), 1), p90Us: round(percentile(values, 90), 1), p99Us: round(percentile(values, 99), 1) };
}

export async function benchProbe(plan: Array<{ intervalMs: number; count: number; warmup: number; blocks: number }>): Promise<ProbeReport> {
  if (!existsSync(join(AGENT_DIR, 'run-probes.ts'))) {
    return { ran: false, reason: 'src/probe-agent/run-probes.ts not found: no probe agent to measure', pacings: [] };
  }
  let cc: string;
  try {
    cc = (await run('cc', ['--version'])).stdout.split('\n')[0] ?? 'cc';
  } catch {
    return { ran: false, reason: 'no C compiler (cc) on this machine: the C reference could not be built', pacings: [] };
  }
  const { runProbeJob } = await import('../src/probe-agent/run-probes.ts');
  const dir = mkdtempSync(join(tmpdir(), 'netops-bench-probe-'));
  const binary = join(dir, 'connect-loop');
  const { server, port } = await listen();
  let timedFrom: string | undefined;
  try {
    await run('cc', ['-O2', '-o', binary, C_SOURCE]);
    const target = { label: `127.0.0.1:${port}`, host: '127.0.0.1', address: '127.0.0.1', family: 4 as const, port };

    const agentBlock = async (count: number, warmup: number, intervalMs: number): Promise<ProbeBlock> => {
      const job = await runProbeJob({ mode: 'single', targets: [target], count, warmup, intervalMs, timeoutMs: 1_000 });
      timedFrom = job.timedFrom;
      const measured = job.samples.filter((s) => !s.warmup);
      const ok = measured.filter((s) => s.ok && !s.retransmit).map((s) => s.rttUsExact ?? s.rttUs ?? Number.NaN);
      return summarise('agent', ok, measured.length - ok.length);
    };
    const cBlock = async (count: number, warmup: number, intervalMs: number): Promise<ProbeBlock> => {
      const { stdout } = await run(binary, ['127.0.0.1', String(port), String(count), String(warmup), String(intervalMs)], { maxBuffer: 64 * 1024 * 1024 });
      const lines = stdout.trim().split('\n');
      const ok = lines.filter((l) => !l.startsWith('fail')).map(Number).filter((x) => x < 1_000_000);
      return summarise('c', ok, lines.length - ok.length);
    };

    const pacings: ProbePacing[] = [];
    for (const p of plan) {
      const blocks: ProbeBlock[] = [];
      for (let b = 0; b < p.blocks; b++) {
        // Alternate which client goes first.
        const order = b % 2 === 0 ? (['agent', 'c'] as const) : (['c', 'agent'] as const);
        for (const client of order) blocks.push(client === 'agent' ? await agentBlock(p.count, p.warmup, p.intervalMs) : await cBlock(p.count, p.warmup, p.intervalMs));
      }
      const agent = blocks.filter((x) => x.client === 'agent');
      const c = blocks.filter((x) => x.client === 'c');
      const agentP50Us = median(agent.map((x) => x.p50Us));
      const cP50Us = median(c.map((x) => x.p50Us));
      pacings.push({
        intervalMs: p.intervalMs,
        count: p.count,
        warmup: p.warmup,
        blocks,
        agentP50Us: round(agentP50Us, 1),
        cP50Us: round(cP50Us, 1),
        ratio: round(agentP50Us / cP50Us, 2),
        overheadUs: round(agentP50Us - cP50Us, 1),
        agentP99Us: round(median(agent.map((x) => x.p99Us)), 1),
        cP99Us: round(median(c.map((x) => x.p99Us)), 1),
      });
    }
    return { ran: true, cc, ...(timedFrom ? { timedFrom } : {}), pacings };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
