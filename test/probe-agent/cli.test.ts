/**
 * The netops-probe CLI as a child process (bin/netops-probe.mjs -> the compiled dist/probe-agent/cli.js), against
 * listeners on 127.0.0.1. Its text must read back with the line formats of PsPing's TCP connect output
 * (checked first against a real PsPing transcript; the formats are in docs/latency.md, "Pasted logs").
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResponse } from '../../src/probe-agent/types.ts';
import { closedPort, listen, type Listener } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/netops-probe.mjs', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// PsPing's line formats (TCP connect test).
const HEADER = /^TCP connect to (\S+):$/;
const ITERATIONS = /^(\d+) iterations \(warmup (\d+)\) ping test:$/;
const PROBE_OK = /^Connecting to (\S+?)( \(warmup\))?: from (\S+):(\d+): (\d+\.\d{2})ms$/;
const PROBE_FAIL = /^Connecting to (\S+?)( \(warmup\))?: ([A-Z][^:]*\.)$/;
const STATS = /^TCP connect statistics for (\S+):$/;
const SENT = /^ {2}Sent = (\d+), Received = (\d+), Lost = (\d+) \((\d+)% loss\),$/;
const MINMAX = /^ {2}Minimum = (\d+\.\d{2})ms, Maximum = (\d+\.\d{2})ms, Average = (\d+\.\d{2})ms$/;

interface Parsed {
  target?: string;
  iterations?: number;
  warmupHeader?: number;
  probes: { warmup: boolean; ms?: number; error?: string; from?: string }[];
  stats?: { target: string; sent: number; received: number; lost: number; lossPct: number; min: number; max: number; avg: number };
}

/** A strict reader: every non-empty line must be one of PsPing's. */
function parsePsPing(text: string): Parsed {
  const out: Parsed = { probes: [] };
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    let m: RegExpExecArray | null;
    if ((m = HEADER.exec(l))) out.target = m[1];
    else if ((m = ITERATIONS.exec(l))) [out.iterations, out.warmupHeader] = [Number(m[1]), Number(m[2])];
    else if ((m = PROBE_OK.exec(l))) out.probes.push({ warmup: Boolean(m[2]), ms: Number(m[5]), from: `${m[3]}:${m[4]}` });
    else if ((m = PROBE_FAIL.exec(l))) out.probes.push({ warmup: Boolean(m[2]), error: m[3] });
    else if ((m = STATS.exec(l))) {
      const s = SENT.exec(lines[++i] ?? '');
      const mm = MINMAX.exec(lines[++i] ?? '');
      if (!s || !mm) throw new Error(`incomplete statistics block after: ${l}`);
      out.stats = {
        target: m[1]!, sent: Number(s[1]), received: Number(s[2]), lost: Number(s[3]), lossPct: Number(s[4]),
        min: Number(mm[1]), max: Number(mm[2]), avg: Number(mm[3]),
      };
    } else throw new Error(`not a PsPing line: ${JSON.stringify(l)}`);
  }
  return out;
}

let l: Listener;
beforeAll(async () => {
  l = await listen();
});
afterAll(async () => {
  await l.close();
});

it('the reader accepts the PsPing transcript from the reference', () => {
  const psping = `TCP connect to 10.1.2.4:3389:
5 iterations (warmup 1) ping test:
Connecting to 10.1.2.4:3389 (warmup): from 10.9.0.2:50001: 3.10ms
Connecting to 10.1.2.4:3389: from 10.9.0.2:50002: 2.95ms
Connecting to 10.1.2.4:3389: from 10.9.0.2:50003: 3.40ms
Connecting to 10.1.2.4:3389: from 10.9.0.2:50004: 12.80ms
Connecting to 10.1.2.4:3389: This operation returned because the timeout period expired.

TCP connect statistics for 10.1.2.4:3389:
  Sent = 4, Received = 3, Lost = 1 (25% loss),
  Minimum = 2.95ms, Maximum = 12.80ms, Average = 6.38ms
`;
  const p = parsePsPing(psping);
  expect(p.probes).toHaveLength(5);
  expect(p.stats).toMatchObject({ sent: 4, received: 3, lost: 1 });
});

describe('netops-probe tcp', () => {
  it('prints PsPing-style output that reads back consistently', async () => {
    const r = await run(['tcp', `127.0.0.1:${l.port}`, '-n', '5', '-w', '1', '-i', '0.01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const p = parsePsPing(r.stdout);
    const ep = `127.0.0.1:${l.port}`;
    expect(p.target).toBe(ep);
    expect([p.iterations, p.warmupHeader]).toEqual([6, 1]);
    expect(p.probes.map((x) => x.warmup)).toEqual([true, false, false, false, false, false]);
    for (const x of p.probes) {
      expect(x.ms).toBeGreaterThan(0);
      expect(x.from).toMatch(/^127\.0\.0\.1:\d+$/);
    }
    const measured = p.probes.filter((x) => !x.warmup).map((x) => x.ms!);
    expect(p.stats).toMatchObject({ target: ep, sent: 5, received: 5, lost: 0, lossPct: 0 });
    expect(p.stats!.min).toBe(Math.min(...measured));
    expect(p.stats!.max).toBe(Math.max(...measured));
    expect(Math.abs(p.stats!.avg - measured.reduce((a, b) => a + b, 0) / 5)).toBeLessThanOrEqual(0.011);
  });

  it('prints failures with the Windows error text, 0.00ms figures, exit code 1 when all fail', async () => {
    const port = await closedPort();
    const r = await run(['tcp', `127.0.0.1:${port}`, '-n', '2', '-w', '0', '-i', '0']);
    expect(r.code).toBe(1);
    const p = parsePsPing(r.stdout);
    expect([p.iterations, p.warmupHeader]).toEqual([2, 0]);
    expect(p.probes.map((x) => x.error)).toEqual([
      'No connection could be made because the target machine actively refused it.',
      'No connection could be made because the target machine actively refused it.',
    ]);
    expect(p.stats).toMatchObject({ sent: 2, received: 0, lost: 2, lossPct: 100, min: 0, max: 0, avg: 0 });
  });

  it('--json prints the samples and summary in the agent answer format', async () => {
    const r = await run(['tcp', `127.0.0.1:${l.port}`, '-n', '3', '-w', '1', '-i', '0', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as ProbeResponse;
    expect(body.mode).toBe('single');
    expect(body.samples.map((s) => s.warmup)).toEqual([true, false, false, false]);
    expect(body.samples.every((s) => s.ok && (s.rttUs ?? 0) > 0)).toBe(true);
    expect(body.summary[`127.0.0.1:${l.port}`]).toMatchObject({ sent: 3, received: 3, lost: 0 });
  });

  it('interleaves two targets', async () => {
    const other = await listen();
    try {
      const r = await run(['tcp', `127.0.0.1:${l.port}`, `127.0.0.1:${other.port}`, '-n', '4', '-w', '0', '-i', '0', '--json']);
      expect(r.code).toBe(0);
      const body = JSON.parse(r.stdout) as ProbeResponse;
      expect(body.mode).toBe('interleaved');
      expect(body.samples).toHaveLength(8);
      expect(Object.values(body.summary).map((s) => s.received)).toEqual([4, 4]);
    } finally {
      await other.close();
    }
  });

  it('refuses bad usage with exit code 2 and a message', async () => {
    for (const args of [['tcp'], ['tcp', '10.0.0.0/24:80'], ['tcp', '127.0.0.1:80', '-n', 'x'], ['tcp', '127.0.0.1:80', '--bogus'], ['frobnicate']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^netops-probe: /);
    }
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/netops-probe tcp <host:port>/);
  });
});
