/**
 * The embedded state's files are the bot user's alone whatever the umask (issue 15, point 5): directories 700
 * and files 600 when created under umask 000, and an existing trail left 644 (or a 777 directory) corrected at
 * start with a log line each. vitest runs each file in its own process (pool: forks), so the umask is ours.
 */
import { chmod, mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { JsonlAuditStore } from '../../src/audit/store.ts';
import { FileBaselineStore } from '../../src/probes/baselines.ts';
import { createState } from '../../src/state/index.ts';

const mode = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);
let saved: number;
beforeEach(() => {
  saved = process.umask(0o000);
});
afterEach(() => {
  process.umask(saved);
});

it('creates the data directory, the audit trail and baselines private under umask 000', async () => {
  const dataDir = join(await mkdtemp(join(tmpdir(), 'netops-modes-')), 'data');
  await new JsonlAuditStore(dataDir).append({ time: new Date().toISOString(), userId: 'u', conversationId: 'c', source: 'cli', command: 'about', request: 'about', outcome: 'ok', durationMs: 1 });
  await new FileBaselineStore(dataDir).save({
    version: 1, name: 'b1', target: '10.0.0.1:443', agent: { name: 'a' }, savedAt: new Date().toISOString(),
    count: 1, warmup: 0, intervalMs: 0, timeoutMs: 1000, samplesUs: [1], sent: 1, lost: 0, retransmits: 0,
  });
  expect(await mode(dataDir)).toBe('700');
  expect(await mode(join(dataDir, 'audit'))).toBe('700');
  expect(await mode(join(dataDir, 'audit', 'audit.jsonl'))).toBe('600');
  expect(await mode(join(dataDir, 'baselines'))).toBe('700');
  expect(await mode(join(dataDir, 'baselines', 'b1.json'))).toBe('600');
});

it('corrects what was left open, at start, and says so once per path', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'netops-modes-'));
  await mkdir(join(dataDir, 'audit'), { mode: 0o777 });
  await writeFile(join(dataDir, 'audit', 'audit.jsonl'), '{"x":1}\n', { mode: 0o644 });
  await writeFile(join(dataDir, 'audit', 'audit.jsonl.1'), '', { mode: 0o666 });
  await chmod(dataDir, 0o755);
  const state = await createState({ dataDir, storage: { kind: 'files' } });
  expect(await mode(dataDir)).toBe('700');
  expect(await mode(join(dataDir, 'audit'))).toBe('700');
  expect(await mode(join(dataDir, 'audit', 'audit.jsonl'))).toBe('600');
  expect(await mode(join(dataDir, 'audit', 'audit.jsonl.1'))).toBe('600');
  expect(state.notices).toHaveLength(4);
  expect(state.notices.find((n) => n.includes('audit.jsonl '))).toMatch(/from 644 to 600/);
  // Appending keeps it private; a second start has nothing to say.
  await state.audit.append({ time: new Date().toISOString(), userId: 'u', conversationId: 'c', source: 'cli', command: 'about', request: 'about', outcome: 'ok', durationMs: 1 });
  expect(await mode(join(dataDir, 'audit', 'audit.jsonl'))).toBe('600');
  expect((await createState({ dataDir, storage: { kind: 'files' } })).notices).toEqual([]);
});
