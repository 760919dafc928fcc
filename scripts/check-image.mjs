#!/usr/bin/env node
/**
 * The container image's runtime stage, rebuilt without a Docker engine (CI machines have none, and this one
 * cannot pull node:22-slim) and started the way the image starts it. `node scripts/check-image.mjs` (.ci/run):
 *
 *   1. the build stage's output: dist/, built here by `npm run build` as the build stage runs it;
 *   2. a temporary folder T/app stands for the image's /app: every COPY of the Dockerfile's runtime stage is
 *      done into it exactly as written (from the repository, or from dist/ for COPY --from=build), and every RUN
 *      runs in it (/app replaced by T/app, the image's user `node` by the user the server will run as): so
 *      `npm ci --omit=dev --ignore-scripts` installs the production dependencies only (npm's cache first);
 *   3. the CMD runs there with the stage's ENV, a free PORT, as a non-root user (nobody, through setpriv, when
 *      this runs as root), with node linked into T/bin;
 *   4. checks: /healthz and /readyz answer 200, the HEALTHCHECK command exits 0, the CLI copied into the image
 *      answers `run about`, nothing of the sources or the dev dependencies is there, SIGTERM stops the bot
 *      with exit code 0.
 * Exit code 0 when every check passed. About a minute, most of it npm ci. --keep leaves T for inspection.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build.mjs';
import { readDockerfile, stageCopies, stageEnv } from './dockerfile.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const log = (msg) => process.stderr.write(`[check-image ${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);
const failures = [];
const check = (ok, what) => {
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const asRoot = process.getuid?.() === 0;
/** Who the server runs as: nobody when we can switch (root), else ourselves (already not root). */
const runAs = asRoot
  ? { user: 'nobody', group: 'nogroup', uid: 65534, gid: 65534 }
  : { user: userInfo().username, group: String(process.getgid()), uid: process.getuid(), gid: process.getgid() };
if (runAs.uid === 0) throw new Error('refusing to run the server as root');

const { stages } = readDockerfile(join(ROOT, 'Dockerfile'));
const build = stages.find((s) => s.name === 'build');
const runtime = stages.at(-1);
if (!build || !runtime || runtime === build) throw new Error('Dockerfile: expected a "build" stage and a final runtime stage');
const workdirOf = (stage) => stage.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
const buildWorkdir = workdirOf(build);
const imageWorkdir = workdirOf(runtime);
const imageUser = runtime.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;

const T = mkdtempSync(join(tmpdir(), 'netops-image-'));
const APP = join(T, 'app');
mkdirSync(APP);
mkdirSync(join(T, 'bin'));
chmodSync(T, 0o755);
/** An absolute path of the image to this folder. */
const inImage = (p) => (p.startsWith(imageWorkdir) ? join(APP, p.slice(imageWorkdir.length)) : join(T, p));

function copy(fromDir, source, destInImage) {
  const src = join(fromDir, source);
  if (!existsSync(src)) throw new Error(`COPY source ${source} does not exist (${src})`);
  const dest = destInImage.startsWith('/') ? inImage(destInImage) : join(APP, destInImage);
  if (statSync(src).isDirectory()) {
    // COPY dir/ dest/: the folder's contents into dest.
    mkdirSync(dest, { recursive: true });
    cpSync(src, dest, { recursive: true });
  } else {
    const target = destInImage.endsWith('/') ? join(dest, basename(src)) : dest;
    mkdirSync(join(target, '..'), { recursive: true });
    cpSync(src, target);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const asUser = (cmd) => (asRoot ? ['setpriv', `--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--clear-groups', ...cmd] : cmd);
/** Runs argv (as the image's user) and waits. */
const runSync = (argv, opts) => {
  const [file, ...args] = asUser(argv);
  return spawnSync(file, args, opts);
};

let server;
try {
  log('build stage: npm run build (dist/)');
  ensureBuilt({ log });

  const copies = stageCopies(runtime);
  let copyIndex = 0;
  for (const ins of runtime.instructions) {
    if (ins.keyword === 'COPY') {
      const c = copies[copyIndex++];
      // The context is this repository; so is the build stage's WORKDIR (/app), where dist/ was built.
      if (c.from !== undefined && c.from !== 'build') throw new Error(`COPY --from=${c.from}: unknown stage`);
      for (const source of c.sources) copy(ROOT, c.from === 'build' ? source.replace(new RegExp(`^${buildWorkdir}/?`), '') : source, c.dest);
      log(`COPY ${c.from ? `--from=${c.from} ` : ''}${c.sources.join(' ')} ${c.dest}`);
    } else if (ins.keyword === 'RUN') {
      // `npm cache clean` is left out: it would empty this machine's npm cache (in the image it only saves space).
      const command = ins.args
        .split(/\s*&&\s*/)
        .filter((part) => !/^npm cache clean\b/.test(part))
        .join(' && ')
        .replaceAll(imageWorkdir, APP)
        .replace(new RegExp(`\\b${imageUser}:${imageUser}\\b`, 'g'), `${runAs.user}:${runAs.group}`);
      log(`RUN ${command}`);
      // npm's cache first: the packages are usually there already (npm ci of the repository).
      const r = spawnSync('sh', ['-c', command], { cwd: APP, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_prefer_offline: 'true' } });
      if (r.status !== 0) throw new Error(`RUN failed (exit ${r.status}): ${command}`);
    }
  }
  for (const dir of [APP, ...readdirSync(APP).map((f) => join(APP, f))]) if (statSync(dir).isDirectory()) chmodSync(dir, 0o755);
  try {
    linkSync(process.execPath, join(T, 'bin', 'node'));
  } catch {
    cpSync(process.execPath, join(T, 'bin', 'node'));
  }

  // What the image holds, and what it must not.
  check(existsSync(join(APP, 'dist', 'index.js')), 'the compiled server dist/index.js is in the image');
  check(!existsSync(join(APP, 'src')) && !existsSync(join(APP, 'tsconfig.json')), 'no TypeScript sources in the image');
  for (const dev of ['typescript', 'tsx', 'vitest', 'azurite']) check(!existsSync(join(APP, 'node_modules', dev)), `no dev dependency ${dev} in node_modules`);
  check(existsSync(join(APP, 'node_modules', 'botbuilder')), 'the production dependencies are installed');

  const port = await freePort();
  const env = { PATH: `${join(T, 'bin')}:/usr/bin:/bin`, HOME: T };
  for (const [k, v] of Object.entries(stageEnv(runtime))) env[k] = v.startsWith(imageWorkdir) ? inImage(v) : v;
  env.PORT = String(port);
  env.NODE_COMPILE_CACHE = join(T, 'node-compile-cache');
  const cmd = runtime.instructions.filter((i) => i.keyword === 'CMD').at(-1)?.exec;
  if (!cmd || cmd[0] !== 'node') throw new Error('Dockerfile: CMD must be exec form starting with node');
  const nodeBin = join(T, 'bin', 'node');
  log(`CMD ${cmd.join(' ')} as ${runAs.user}, PORT ${port}`);
  const t0 = performance.now();
  const [file, ...args] = asUser([nodeBin, ...cmd.slice(1)]);
  server = spawn(file, args, { cwd: APP, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (c) => (output += c));
  server.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  let ready;
  for (let health; performance.now() - t0 < 60_000 && server.exitCode === null; await new Promise((r) => setTimeout(r, 50))) {
    try {
      health ??= (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200 ? performance.now() - t0 : undefined;
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      const body = await r.text();
      if (r.status === 200) {
        ready = { ms: performance.now() - t0, health, body };
        break;
      }
    } catch {
      // not listening yet
    }
  }
  check(ready !== undefined, `/healthz and /readyz answer 200${ready ? ` (${Math.round(ready.health ?? ready.ms)} ms and ${Math.round(ready.ms)} ms after start)` : `; output:\n${output}`}`);
  if (ready) check(JSON.parse(ready.body).ready === true, '/readyz says ready');
  const serverUid = Number(execFileSync('ps', ['-o', 'uid=', '-p', String(server.pid)]).toString().trim() || -1);
  // setpriv execs node in place: the pid is the server's own.
  check(serverUid === runAs.uid && serverUid !== 0, `the server runs as ${runAs.user} (uid ${serverUid}), not root`);

  const hc = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.exec;
  if (!hc || hc[0] !== 'node') check(false, 'HEALTHCHECK is an exec-form node command');
  else {
    const r = runSync([nodeBin, ...hc.slice(1)], { cwd: APP, env, encoding: 'utf8', timeout: 10_000 });
    check(r.status === 0, `the HEALTHCHECK command exits 0 (${r.status})`);
  }
  const cli = runSync([nodeBin, 'bin/netops.mjs', 'run', 'about'], {
    cwd: APP,
    env: { ...env, NETOPS_DATA_DIR: join(T, 'cli-data') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  check(cli.status === 0 && /Version\s+\d/.test(cli.stdout), `node bin/netops.mjs run about answers in the image (exit ${cli.status})${cli.status === 0 ? '' : `\n${cli.stderr}`}`);

  server.kill('SIGTERM');
  const end = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 15_000))]);
  check(end.code === 0, `SIGTERM: the bot finishes and exits 0 (${end.code ?? end.signal})`);
} catch (e) {
  failures.push(e.message);
  log(`FAIL ${e.message}`);
} finally {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  if (process.argv.includes('--keep')) log(`kept ${T}`);
  else rmSync(T, { recursive: true, force: true });
}
log(failures.length === 0 ? 'image runtime stage: every check passed' : `image runtime stage: ${failures.length} check(s) failed`);
process.exitCode = failures.length === 0 ? 0 : 1;
