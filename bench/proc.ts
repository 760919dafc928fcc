/** Forks a bot under test (bench/bot-process.ts) and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./bot-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface BotProcess {
  kind: string;
  url: string;
  pid: number;
  gc: boolean;
  logPath: string;
  rpc<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/**
 * `args`: ['echo'] or ['ours', lroDurationScale, lroPollMs?]. The bot's stdout and stderr (its JSON log lines)
 * go to `logPath`. --expose-gc lets the memory benchmark force collections before it reads RSS.
 */
export async function startBotProcess(args: string[], logPath: string, env: Record<string, string> = {}): Promise<BotProcess> {
  const fd = openSync(logPath, 'a');
  const child: ChildProcess = fork(ENTRY, args, {
    cwd: ROOT,
    // BENCH_CPU_PROF_DIR=/some/dir writes a V8 CPU profile of each bot process there (for finding hot spots).
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [])],
    stdio: ['ignore', fd, fd, 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  closeSync(fd);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let ready!: { resolve: (v: any) => void; reject: (e: Error) => void };
  const readyP = new Promise<any>((resolve, reject) => (ready = { resolve, reject }));
  pending.set(0, ready);
  child.on('message', (raw) => {
    const m = raw as { id: number; ok: boolean; result?: unknown; error?: string };
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${args[0]} bot: ${m.error}`));
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`${args[0]} bot exited (code ${code}); see ${logPath}`));
    pending.clear();
  });
  const timer = setTimeout(() => ready.reject(new Error(`${args[0]} bot did not start within 60 s; see ${logPath}`)), 60_000);
  const info = (await readyP) as { url: string; pid: number; gc: boolean };
  clearTimeout(timer);
  const rpc = <T>(op: string, a: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, op, ...a });
    });
  return {
    kind: args[0]!,
    url: info.url,
    pid: info.pid,
    gc: info.gc,
    logPath,
    rpc,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      await Promise.race([rpc('close').catch(() => {}), new Promise((r) => setTimeout(r, 25_000).unref())]);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
      if (child.exitCode === null && child.pid) child.kill('SIGKILL');
    },
  };
}

/** The load average line of /proc/loadavg ("0.52 0.61 0.70 2/345 6789"). */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').trim();
}

/** What a result file records about the machine it was measured on. */
export function machineInfo(loadAverageAtStart: string) {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    loadAverageAtEnd: loadAverage(),
    loadAverageAtStart,
  };
}
