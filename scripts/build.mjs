#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ to dist/ (tsc with tsconfig.build.json) and copies the files that src/ reads at
 * run time next to their modules (every file under src/ that is not TypeScript: the i18n catalogues, the demo
 * world and its schema, the playground's page). dist/ mirrors src/ one level below the repository root, as src/
 * does, so lookups relative to a module (`new URL('../package.json', import.meta.url)`, the cards/ JSON imports,
 * the playground's schemas/ folder) find the same files from dist/ as from src/.
 *
 * Why compiled JavaScript and not TypeScript at run time (Node 22, 2 cores, measured in issue 13):
 *   `netops run help` through tsx                              ~2.1 s
 *   `node src/cli/main.ts run help` (Node's type stripping)    ~1.22 s
 *   `node dist/cli/main.js run help` (this build)              ~0.98 s   <- what `npm start` and the bins run
 *   compiling src/ with tsc                                    ~1.4 s, once (on install and when src/ changed)
 * (reference: `node -e "await import('@azure/arm-network')"` ~0.41 s on that machine; `npm run bench` measures
 * the start-up figures again, see BENCHMARKS.md "Start-up").
 *
 * `node scripts/build.mjs --if-stale` builds only when dist/ is missing or older than the sources (the `prepare`
 * script on `npm install`); `npm start` and bin/netops*.mjs call ensureBuilt() for the same check, so a developer
 * who edits src/ never runs stale code. The check stats every file and folder under src/ (a few milliseconds)
 * and compares the newest time with the one recorded by the last build. Without src/ (the container image, which
 * holds dist/ only) there is nothing to check.
 */
// First: on a Node.js older than package.json's engines, one line saying which version is needed, and exit code 1.
import './check-node.mjs';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
export const DIST = join(ROOT, 'dist');
/** Written last by a build: the newest source time it compiled (see sourcesTime). */
const STAMP = '.build-stamp.json';
/** Held (mkdir is atomic) while a build runs, so that processes started together build once. */
const LOCK = join(ROOT, '.dist-lock');
/** Besides src/: what changes the compiled output. */
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];
/** Non-TypeScript files under src/ that are not copied: the boot file registers tsx for the source tree only. */
const NOT_COPIED = new Set(['probe-agent/probe-worker-boot.mjs']);

/** The newest modification time under src/ (files and folders: a deleted file changes its folder) and the build inputs. */
function sourcesTime() {
  let newest = 0;
  const walk = (dir) => {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(SRC);
  for (const f of BUILD_INPUTS) {
    const path = join(ROOT, f);
    if (existsSync(path)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtTime() {
  try {
    return JSON.parse(readFileSync(join(DIST, STAMP), 'utf8')).sourcesTime ?? -1;
  } catch {
    return -1;
  }
}

/** Why dist/ must be built, or undefined when it is up to date (or there are no sources: an image with dist/ only). */
export function staleness() {
  if (!existsSync(SRC)) return existsSync(DIST) ? undefined : 'neither src/ nor dist/ exists';
  const built = builtTime();
  if (built < 0) return 'dist/ has not been built';
  return sourcesTime() > built ? 'src/ changed since the last build' : undefined;
}

// Loaded only when a build runs: a start with dist/ up to date imports as little as it can.
const spawnSync = (...args) => process.getBuiltinModule('node:child_process').spawnSync(...args);
const createRequire = (from) => process.getBuiltinModule('node:module').createRequire(from);

function tscPath() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    return undefined;
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs fn holding the build lock; a lock left by a process that died is taken over after 2 minutes. */
function withLock(fn) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > 120_000) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${LOCK} has been held for 5 minutes; remove it if no build is running`);
      else sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Compiles into a fresh folder, copies the assets, then puts it in place of dist/, so that a process starting
 * meanwhile never sees half a build. Throws with tsc's diagnostics when the compilation fails.
 */
export function build({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const tsc = tscPath();
  if (!tsc) {
    throw new Error(
      'TypeScript is not installed (an install without the dev dependencies?), so dist/ cannot be built: run `npm ci` (with its dev dependencies) or `npm run build` where TypeScript is installed.',
    );
  }
  const started = performance.now();
  const sources = sourcesTime();
  const next = join(ROOT, `.dist-next-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', next], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(next, { recursive: true, force: true });
    throw new Error(
      `tsc failed (exit ${r.status ?? r.signal}): a type error below, or dev dependencies missing (after \`npm prune --omit=dev\`, run \`npm ci\`):\n${r.stdout}${r.stderr}`,
    );
  }
  const copied = copyAssets(SRC, next);
  validateDemoWorld(next);
  writeFileSync(join(next, STAMP), `${JSON.stringify({ sourcesTime: sources, builtAt: new Date().toISOString(), assets: copied })}\n`);
  const old = join(ROOT, `.dist-old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
  log(`netops: compiled src/ to dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s (${copied.length} asset files copied)`);
}

/**
 * The demo world, validated once here by the compiled loadWorld and written beside it as demo.validated.json,
 * which loadDemoWorld (src/emulator/world.ts) then reads instead of validating the file at every start.
 */
function validateDemoWorld(outDir) {
  const code = `
    const { loadWorld, DEMO_WORLD_PATH, VALIDATED_DEMO_WORLD_PATH, demoWorldSha256 } = await import(process.env.NETOPS_BUILD_WORLD_MODULE);
    const { readFileSync, writeFileSync } = await import('node:fs');
    const sha256 = demoWorldSha256(readFileSync(DEMO_WORLD_PATH, 'utf8'));
    writeFileSync(VALIDATED_DEMO_WORLD_PATH, JSON.stringify({ sha256, world: loadWorld(DEMO_WORLD_PATH) }));`;
  const world = pathToFileURL(join(outDir, 'emulator', 'world.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NETOPS_BUILD_WORLD_MODULE: world } });
  if (r.status !== 0) throw new Error(`validating the demo world failed:\n${r.stdout}${r.stderr}`);
}

/** Every file under src/ that is not TypeScript (nor NOT_COPIED), to the same place under `to`. */
function copyAssets(from, to) {
  const copied = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(SRC, path).split('\\').join('/');
      if (entry.isDirectory()) walk(path);
      else if (!rel.endsWith('.ts') && !NOT_COPIED.has(rel)) {
        mkdirSync(dirname(join(to, rel)), { recursive: true });
        cpSync(path, join(to, rel));
        copied.push(rel);
      }
    }
  };
  walk(from);
  return copied;
}

/** Builds dist/ when it is missing or older than src/ (once, when several processes start together). */
export function ensureBuilt(opts = {}) {
  if (!staleness()) return;
  withLock(() => {
    const why = staleness(); // another process may have built it while this one waited
    if (!why) return;
    (opts.log ?? ((line) => process.stderr.write(`${line}\n`)))(`netops: ${why}; compiling (npm run build)…`);
    build(opts);
  });
}

/** ensureBuilt() for the launchers (npm start, bin/): a failed build is one message and exit code 1, not a stack. */
export function ensureBuiltOrExit() {
  try {
    ensureBuilt();
  } catch (e) {
    process.stderr.write(`netops: dist/ cannot be built: ${e.message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    if (ifStale) ensureBuilt();
    else withLock(() => build());
  } catch (e) {
    process.stderr.write(`netops build: ${e.message}\n`);
    process.exitCode = 1;
  }
}
