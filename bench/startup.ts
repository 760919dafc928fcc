/**
 * Start-up figures (issue 13), measured in the same run on the same machine, each the median of `runs` wall times,
 * the three kinds interleaved (reference, help, start, reference, help, start…) so that a busy moment of the
 * machine falls on all three alike:
 *   reference   `node -e "await import('@azure/arm-network')"`: loading the Azure SDK, nothing else
 *   help        `netops run help` through bin/netops.mjs: the compiled CLI (its dist/ staleness check included)
 *   readyz      `npm start` without npm: `node scripts/start.mjs` (staleness check, then dist/index.js) in demo mode,
 *               no configuration, a free PORT and a fresh NETOPS_DATA_DIR, from spawn to the first /readyz 200
 * Targets: help <= 1.5x the reference, readyz <= 3x. dist/ is built before the first run and every command runs
 * once untimed first, so the disk cache and Node's compile cache (module.enableCompileCache in the launchers) are
 * warm, as on any start but the very first. A run in which the launcher found src/ changed and compiled it (someone
 * editing the tree meanwhile) is not counted: it is run again (at most 3 times), and the report says how many.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../scripts/build.mjs';
import { median, round } from './stats.ts';

export interface StartupReport {
  runs: number;
  referenceMs: number[];
  helpMs: number[];
  readyzMs: number[];
  /** /healthz first answered (the process listens), in the same runs as readyzMs. */
  healthzMs: number[];
  median: { referenceMs: number; helpMs: number; readyzMs: number; healthzMs: number };
  /** Runs left out because the launcher compiled src/ first (see above). */
  rebuiltRunsLeftOut: number;
  ratio: { help: number; readyz: number };
  target: { help: number; readyz: number };
  met: { help: boolean; readyz: boolean };
}

/** Environment of a child: no Azure, bot or storage settings (demo mode), only what node needs. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** What scripts/build.mjs prints when a launcher compiles src/ before starting. */
const COMPILED = /netops: .*compiling/;

/** Wall time of a command that exits by itself; throws when it fails. */
function timeExit(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; compiled: boolean }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve({ ms: performance.now() - started, compiled: COMPILED.test(stderr) });
    });
  });
}

/** `node scripts/start.mjs` to the first /readyz 200, then SIGTERM and wait for it to exit. */
async function timeReady(root: string): Promise<{ ms: number; healthMs: number; compiled: boolean }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'netops-bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
    cwd: dir,
    env: cleanEnv({ PORT: String(port), NETOPS_DATA_DIR: join(dir, 'data') }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  let healthMs: number | undefined;
  try {
    for (;;) {
      if (exited) throw new Error(`npm start (scripts/start.mjs) exited before /readyz answered 200:\n${stderr}`);
      if (performance.now() - started > 120_000) throw new Error('no /readyz 200 within 120 s');
      try {
        if (healthMs === undefined && (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) healthMs = performance.now() - started;
        const r = await fetch(`http://127.0.0.1:${port}/readyz`);
        await r.arrayBuffer();
        if (r.status === 200) {
          const ms = performance.now() - started;
          return { ms, healthMs: healthMs ?? ms, compiled: COMPILED.test(stderr) };
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (!exited) child.kill('SIGTERM');
    await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000))]);
    if (!exited) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchStartup(root: string, runs: number, log: (msg: string) => void): Promise<StartupReport> {
  ensureBuilt({ log });
  const cwd = mkdtempSync(join(tmpdir(), 'netops-bench-cli-'));
  const reference = () => timeExit(['-e', "await import('@azure/arm-network')"], root, cleanEnv());
  const help = () => timeExit([join(root, 'bin', 'netops.mjs'), 'run', 'help'], cwd, cleanEnv({ NETOPS_DATA_DIR: join(cwd, 'data') }));
  try {
    log(`startup: warm-up, then ${runs} x (arm-network import, netops run help, npm start to /readyz)`);
    await reference();
    await help();
    await timeReady(root);
    const out = { referenceMs: [] as number[], helpMs: [] as number[], readyzMs: [] as number[], healthzMs: [] as number[] };
    let rebuiltRunsLeftOut = 0;
    /** One run that did not compile src/ first (up to 3 tries). */
    const uncompiled = async <T extends { compiled: boolean }>(run: () => Promise<T>): Promise<T> => {
      for (let tries = 1; ; tries++) {
        const r = await run();
        if (!r.compiled || tries === 3) return r;
        rebuiltRunsLeftOut++;
        log('  a run compiled src/ first (the tree changed meanwhile): run again');
      }
    };
    for (let i = 0; i < runs; i++) {
      out.referenceMs.push(round((await reference()).ms, 1));
      out.helpMs.push(round((await uncompiled(help)).ms, 1));
      const r = await uncompiled(() => timeReady(root));
      out.readyzMs.push(round(r.ms, 1));
      out.healthzMs.push(round(r.healthMs, 1));
    }
    const m = {
      referenceMs: round(median(out.referenceMs), 1),
      helpMs: round(median(out.helpMs), 1),
      readyzMs: round(median(out.readyzMs), 1),
      healthzMs: round(median(out.healthzMs), 1),
    };
    const ratio = { help: round(m.helpMs / m.referenceMs, 2), readyz: round(m.readyzMs / m.referenceMs, 2) };
    const target = { help: 1.5, readyz: 3 };
    log(`  reference ${m.referenceMs} ms; help ${m.helpMs} ms (${ratio.help}x); npm start to /readyz ${m.readyzMs} ms (${ratio.readyz}x)`);
    return { runs, ...out, median: m, rebuiltRunsLeftOut, ratio, target, met: { help: ratio.help <= target.help, readyz: ratio.readyz <= target.readyz } };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
