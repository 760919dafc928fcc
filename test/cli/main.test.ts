/** `netops run` as engineers and scripts use it: the real bin/netops.mjs in a child process, on the embedded demo. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDemoWorld } from '../../src/emulator/world.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function netops(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string; audit: string[] }> {
  // A clean working directory (no .env) and no Azure settings: the embedded demo; its audit trail stays there.
  const cwd = mkdtempSync(join(tmpdir(), 'netops-cli-'));
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'bin/netops.mjs'), ...args],
      { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        let audit: string[] = [];
        try {
          audit = readFileSync(join(cwd, 'data', 'audit', 'audit.jsonl'), 'utf8').trim().split('\n');
        } catch {
          // no trail written
        }
        rmSync(cwd, { recursive: true, force: true });
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, audit });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

describe('netops run', () => {
  it('prints the Result as JSON with --json, and exits 2 when the command failed', async () => {
    const [ok, failed] = await Promise.all([netops(['run', 'circuits tokyo', '--json']), netops(['run', '--stdin', '--json'], 'bgp status tokio-er\n')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ command: 'circuits', ok: true, simulated: true, data: { count: 2 } });
    expect(failed.code).toBe(2);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, error: { code: 'not-found', suggestions: expect.arrayContaining(['tokyo-er']) } });
  });

  it('service key: says how to confirm from a terminal, and reveals the key with --yes (both steps audited)', async () => {
    const key = loadDemoWorld().circuits.find((c) => c.name === 'tokyo-er')!.serviceKey!;
    const [asked, confirmed] = await Promise.all([netops(['run', 'service key tokyo-er']), netops(['run', 'service key tokyo-er', '--yes'])]);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toContain('From the CLI, confirm in the same run: netops run "service key tokyo-er" --yes');
    expect(asked.stdout).not.toMatch(/confirm [A-Za-z0-9]{8,}/); // no token that a second run could never use
    expect(asked.stdout).not.toContain(key);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain(key);
    expect(confirmed.audit.map((l) => JSON.parse(l) as { command: string; outcome: string }).map((e) => `${e.command} ${e.outcome}`)).toEqual(['service-key proposed', 'service-key ok']);
    expect(confirmed.audit.join('\n')).not.toContain(key);
  });
});
