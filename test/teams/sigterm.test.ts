/**
 * `npm start` as a process: SIGTERM with a command in flight. The real entry point (src/index.ts) on the
 * embedded demo, a message posted over HTTP, the signal sent while Azure is still answering; the process must
 * finish the command within its grace period, deliver the card, write the audit trail and exit 0 by itself.
 * (Cards of work that outlasts the grace period are marked interrupted: host.test.ts, graceful shutdown.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cardOf, cardText, startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import { messageActivity, newChat, postActivity } from './harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(async () => connector?.close());

it('SIGTERM with a command in flight: the command finishes, its card and audit entry are written, the process exits 0', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'netops-sigterm-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', NETOPS_DATA_DIR: dataDir, MicrosoftAppId: '', AZURE_SUBSCRIPTION_IDS: '', AZURE_ARM_ENDPOINT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line in 20 s:\n${out}`)), 20_000);
      const look = () => {
        const m = /NetOps bot listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        } else setTimeout(look, 50);
      };
      look();
    });
    const chat = newChat(connector.url);
    // A cold bgp status reads six long-running operations of 1.5-2.5 s: still running when the signal comes.
    expect((await postActivity(url, messageActivity(chat, 'bgp status tokyo-er'))).status).toBe(200);
    await connector.waitFor((calls) => calls.some((c) => c.conversationId === chat.conversationId), 10_000);

    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 40_000))]);
    expect(code, out).toBe(0);
    expect(out).toMatch(/SIGTERM: finishing in-flight work/);
    expect(out).toMatch(/"msg":"bot server closed"/);
    expect(out).not.toMatch(/\n\s+at \S+ \(/); // no stack trace

    // The acknowledged card was updated with the result, not left "working".
    const calls = connector.calls.filter((c) => c.conversationId === chat.conversationId);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'PUT']);
    expect(cardText(cardOf(calls[1]))).toMatch(/ER-HEALTHY/);
    const audit = readFileSync(join(dataDir, 'audit', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { command: string; outcome: string });
    expect(audit.map((e) => [e.command, e.outcome])).toEqual([['bgp-status', 'ok']]);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 90_000);
