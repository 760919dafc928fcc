/**
 * The Node.js version (issue 14, point 10): on a Node older than package.json's engines (>=22), every entry point
 * stops at once with one line on stderr naming the version needed and how to get it, and exit code 1 — the bins
 * (`netops`, `netops-probe`, the probe agent), `npm start`, `npm test`, `npm run build`, `npm run emulator` and
 * every other npm script that runs the project's code — and `npm install` is refused by npm itself
 * (engine-strict in .npmrc) instead of printing a warning per dependency. Under the Node that runs this file
 * (22 or newer) the same entry points start.
 *
 * The old Node is /usr/bin/node (or NETOPS_OLD_NODE), with the npm installed beside it; without a Node older
 * than 22 on the machine the runs under it are skipped, saying so. The static checks below (the check is each
 * entry point's first import, every npm script is covered) run everywhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MINIMUM_NODE_MAJOR } from '../scripts/check-node.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };
const CHECK = 'node scripts/check-node.mjs';

/** The machine's older Node, with its npm (the npm-cli.js that `npm` beside it links to), or why there is none. */
function findOldNode(): { node: string; version: string; npmCli: string | undefined } | string {
  const node = process.env.NETOPS_OLD_NODE || '/usr/bin/node';
  if (!existsSync(node)) return `no ${node}`;
  const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  const version = r.stdout?.trim() ?? '';
  if (r.status !== 0 || !version) return `${node} does not run`;
  if (Number(version.split('.')[0]) >= MINIMUM_NODE_MAJOR) return `${node} is Node ${version}, not older than ${MINIMUM_NODE_MAJOR}`;
  let npmCli: string | undefined;
  try {
    npmCli = realpathSync(join(dirname(node), 'npm'));
  } catch {
    npmCli = undefined;
  }
  return { node, version, npmCli };
}

const old = findOldNode();
if (typeof old === 'string') {
  console.warn(`node-version: the runs under an older Node are skipped — ${old} (set NETOPS_OLD_NODE to a Node older than ${MINIMUM_NODE_MAJOR} to run them).`);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command in its own process group; past `timeoutMs` the whole group is killed (a check that did not stop
 * `npm test` would otherwise start the whole suite again under the old Node).
 */
function run(command: string, args: string[], opts: { cwd?: string; nodeDir: string; timeoutMs?: number }): Promise<Run> {
  // A clean environment: nothing of the npm run that started this test (npm_* variables), the given Node first on PATH.
  const env: NodeJS.ProcessEnv = {
    PATH: [opts.nodeDir, process.env.PATH ?? ''].join(delimiter),
    HOME: process.env.HOME,
    PORT: '0',
    LOG_LEVEL: 'silent',
    NETOPS_DATA_DIR: join(tempDir('netops-node-version-data-'), 'data'),
  };
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: opts.cwd ?? ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      stderr += '\n[killed: still running after the timeout]';
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }, opts.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The one line: the version needed, the version found, how to get the right one. */
function expectRefusal(r: Run, oldVersion: string, stdout: 'empty' | 'npm banner'): void {
  const context = `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  expect(r.code, context).toBe(1);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, context).toHaveLength(1);
  expect(r.stderr.endsWith('\n'), context).toBe(true);
  const line = lines[0]!;
  expect(line).toContain(`Node.js ${MINIMUM_NODE_MAJOR} or newer is required`);
  expect(line).toContain(`"engines": "${pkg.engines.node}"`);
  expect(line).toContain(`this is Node.js v${oldVersion}`);
  expect(line).toContain(`nvm install ${MINIMUM_NODE_MAJOR}`);
  expect(line).toContain(`node@${MINIMUM_NODE_MAJOR}`);
  if (stdout === 'empty') expect(r.stdout, context).toBe('');
  // npm's own "> netops-bot@0.1.0 start" / "> node scripts/start.mjs" lines, and nothing of the program.
  else expect(r.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('> ')), context).toEqual([]);
}

describe('the version check and what it covers', () => {
  it('agrees with package.json engines and .nvmrc', () => {
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE_MAJOR}`);
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()).toBe(String(MINIMUM_NODE_MAJOR));
  });

  it('is the first import of every launcher, the build and the vitest configs', () => {
    const entries: Record<string, string> = {
      'bin/netops.mjs': '../scripts/check-node.mjs',
      'bin/netops-probe.mjs': '../scripts/check-node.mjs',
      'scripts/start.mjs': './check-node.mjs',
      'scripts/build.mjs': './check-node.mjs',
      'vitest.config.ts': './scripts/check-node.mjs',
      'vitest.e2e.config.ts': './scripts/check-node.mjs',
    };
    for (const [file, spec] of Object.entries(entries)) {
      const firstImport = readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .find((l) => /^import\b/.test(l));
      expect(firstImport, file).toBe(`import '${spec}';`);
    }
  });

  it('covers every npm script that runs the project: node on a launcher, vitest with its config, tsx after a pre-script', () => {
    const uncovered: string[] = [];
    for (const [name, command] of Object.entries(pkg.scripts)) {
      if (name.startsWith('pre') && pkg.scripts[name.slice(3)] !== undefined) continue; // a pre-script itself
      if (name === 'typecheck') continue; // tsc only reads the sources; it runs none of them
      const [tool, file] = command.split(' ');
      if (tool === 'node' && ['scripts/start.mjs', 'scripts/build.mjs', 'bin/netops.mjs', 'bin/netops-probe.mjs'].includes(file!)) continue;
      if (tool === 'vitest') continue; // both configs import the check first (above)
      if (tool === 'tsx' && pkg.scripts[`pre${name}`] === CHECK) continue;
      uncovered.push(`${name}: ${command}`);
    }
    expect(uncovered).toEqual([]);
  });

  it('.npmrc makes npm refuse to install on an older Node (engine-strict)', () => {
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  });
});

describe.skipIf(typeof old === 'string')(`under an older Node (${typeof old === 'string' ? 'none' : `${old.node}, v${old.version}`})`, () => {
  const o = old as Exclude<typeof old, string>;
  const nodeDir = typeof old === 'string' ? '' : dirname(o.node);

  const direct: Array<[string, string[]]> = [
    ['netops run help', [join(ROOT, 'bin', 'netops.mjs'), 'run', 'help']],
    ['netops-probe tcp', [join(ROOT, 'bin', 'netops-probe.mjs'), 'tcp', '127.0.0.1:9', '-n', '1']],
    ['netops-probe serve (the probe agent)', [join(ROOT, 'bin', 'netops-probe.mjs'), 'serve']],
    ['scripts/start.mjs', [join(ROOT, 'scripts', 'start.mjs')]],
    ['scripts/build.mjs', [join(ROOT, 'scripts', 'build.mjs')]],
    ['scripts/build.mjs --if-stale (prepare)', [join(ROOT, 'scripts', 'build.mjs'), '--if-stale']],
    ['vitest run (npx vitest)', [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/config.test.ts']],
  ];
  it.each(direct)('node %s: one line, exit code 1', async (_name, args) => {
    expectRefusal(await run(o.node, args, { nodeDir }), o.version, 'empty');
  });

  it('the installed commands, through their #!/usr/bin/env node line', async () => {
    expectRefusal(await run(join(ROOT, 'bin', 'netops.mjs'), ['run', 'help'], { nodeDir }), o.version, 'empty');
    expectRefusal(await run(join(ROOT, 'bin', 'netops-probe.mjs'), ['serve'], { nodeDir }), o.version, 'empty');
  });

  const scripts = ['start', 'test', 'build', 'emulator', 'probe-agent', 'netops', 'test:e2e', 'test:watch', 'world-schema', 'package', 'bench', 'bench:load'];
  it.skipIf(!o.npmCli).each(scripts)('npm run %s: one line, exit code 1', async (script) => {
    expectRefusal(await run(o.node, [o.npmCli!, 'run', script], { nodeDir }), o.version, 'npm banner');
  });

  it.skipIf(!o.npmCli)('npm install and npm ci: npm refuses with its EBADENGINE error naming >=22, installs nothing', async () => {
    for (const command of [['install'], ['ci'], ['install', '--omit=dev']]) {
      const dir = tempDir('netops-node-version-install-');
      for (const f of ['package.json', 'package-lock.json', '.npmrc']) cpSync(join(ROOT, f), join(dir, f));
      // --offline: whatever happens, no registry.
      const r = await run(o.node, [o.npmCli!, ...command, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, nodeDir });
      const context = `npm ${command.join(' ')}\n${r.stdout}${r.stderr}`;
      expect(r.code, context).toBe(1);
      expect(r.stderr, context).toContain('npm error code EBADENGINE');
      expect(r.stderr, context).toContain(`npm error notsup Required: {"node":"${pkg.engines.node}"}`);
      expect(r.stderr, context).toContain(`"node":"v${o.version}"`);
      // Not a warning per dependency: a single refusal, before anything is installed.
      expect(r.stderr, context).not.toContain('npm warn');
      expect(existsSync(join(dir, 'node_modules')), context).toBe(false);
    }
  });
});

describe(`under this Node (${process.version})`, () => {
  const nodeDir = dirname(process.execPath);

  it('the check says nothing and exits 0', async () => {
    expect(await run(process.execPath, [join(ROOT, 'scripts', 'check-node.mjs')], { nodeDir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('netops run help and netops-probe --help start (also through their #! line)', async () => {
    const help = await run(join(ROOT, 'bin', 'netops.mjs'), ['run', 'help'], { nodeDir });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('bgp status');
    expect(help.stderr).toBe('');
    const probe = await run(process.execPath, [join(ROOT, 'bin', 'netops-probe.mjs'), '--help'], { nodeDir });
    expect(probe.code, probe.stderr).toBe(0);
    expect(probe.stdout).toContain('netops-probe tcp');
  });

  it('an npm script behind a pre-script: npm run netops -- run about', async () => {
    const npm = spawnSync('npm', ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: [nodeDir, process.env.PATH].join(delimiter) } });
    if (npm.status !== 0) return console.warn('node-version: no npm on PATH; npm run netops not tried');
    const r = await run('npm', ['run', '--silent', 'netops', '--', 'run', 'about'], { nodeDir, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Simulated');
  });
});
