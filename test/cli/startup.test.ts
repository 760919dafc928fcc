/**
 * What the compiled CLI loads (issue 13): `netops run help` starts without botbuilder, restify, the Azure SDK,
 * the storage SDKs or the demo emulator; `about` and `circuits` still work (they start the emulator and the
 * SDK, never the bot host). The real bin/netops.mjs runs dist/ in a child process, with test/cli/module-trace.mjs
 * preloaded to record every module it loads.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRACE_HOOK = fileURLToPath(new URL('./module-trace.mjs', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Every module URL the process loaded. */
  modules: string[];
}

function netops(args: string[]): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), 'netops-cli-startup-'));
  dirs.push(cwd);
  const trace = join(cwd, 'modules.txt');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TRACE_HOOK, join(ROOT, 'bin', 'netops.mjs'), ...args],
      // No Azure settings (the embedded demo), a clean working directory (no .env), its own data directory.
      { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, NETOPS_MODULE_TRACE: trace, NETOPS_DATA_DIR: join(cwd, 'data') }, timeout: 60_000 },
      (error, stdout, stderr) => {
        let modules: string[] = [];
        try {
          modules = readFileSync(trace, 'utf8').trim().split('\n');
        } catch {
          // nothing recorded
        }
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, modules });
      },
    );
  });
}

/** The packages (and our own parts) a run may load only when it needs them. */
const HEAVY: Record<string, RegExp> = {
  botbuilder: /\/node_modules\/(botbuilder[^/]*|botframework-[^/]+)\//,
  restify: /\/node_modules\/restify\//,
  'adaptivecards-templating': /\/node_modules\/(adaptivecards-templating|adaptive-expressions)\//,
  '@azure/arm-network': /\/node_modules\/@azure\/arm-network\//,
  '@azure/arm-resources': /\/node_modules\/@azure\/arm-resources\//,
  '@azure/identity': /\/node_modules\/@azure\/identity\//,
  '@azure/core-rest-pipeline': /\/node_modules\/@azure\/core-rest-pipeline\//,
  '@azure/data-tables': /\/node_modules\/@azure\/data-tables\//,
  '@azure/storage-blob': /\/node_modules\/@azure\/storage-blob\//,
  'the demo emulator': /\/dist\/emulator\//,
  'the bot host (dist/teams/)': /\/dist\/teams\//,
  'TypeScript sources': /\/src\/.*\.ts$/,
  tsx: /\/node_modules\/tsx\//,
};
const loaded = (run: Run) => Object.keys(HEAVY).filter((name) => run.modules.some((url) => HEAVY[name]!.test(url)));

describe('the compiled CLI starts light', () => {
  it('`netops run help` loads none of the bot host, the Azure SDK, the storage SDKs or the emulator', async () => {
    const run = await netops(['run', 'help']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('bgp status');
    // The trace works: it saw the compiled CLI and the packages the help path does use.
    expect(run.modules.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(run.modules.some((u) => u.includes('/node_modules/i18next/'))).toBe(true);
    expect(loaded(run)).toEqual([]);
  });

  it('`about` and `circuits` work: they start the demo emulator and the ARM SDK, never the bot host', async () => {
    const [about, circuits] = await Promise.all([netops(['run', 'about']), netops(['run', 'circuits', '--json'])]);
    expect(about.code, about.stderr).toBe(0);
    expect(about.stdout).toMatch(/ARM endpoint\s+https:\/\/127\.0\.0\.1:\d+/);
    expect(about.stdout).toContain('00000000-0000-4000-8000-000000000001');
    expect(circuits.code, circuits.stderr).toBe(0);
    expect(JSON.parse(circuits.stdout)).toMatchObject({ command: 'circuits', ok: true, simulated: true });
    for (const run of [about, circuits]) {
      expect(loaded(run)).toEqual(['@azure/arm-network', '@azure/arm-resources', '@azure/core-rest-pipeline', 'the demo emulator']);
    }
  });
});
