import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, JsonlAuditStore } from '../../src/audit/store.ts';
import { sampleEntry } from '../helpers/samples.ts';

const entry = sampleEntry;

describe('JsonlAuditStore', () => {
  it('appends lines that survive a new instance (a restart) and reads the newest first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-'));
    const a = new JsonlAuditStore(dir);
    await Promise.all(Array.from({ length: 30 }, (_, i) => a.append(entry(i))));
    const b = new JsonlAuditStore(dir);
    const recent = await b.recent(5);
    expect(recent).toHaveLength(5);
    expect(new Set(recent.map((e) => e.request)).size).toBe(5);
    const all = (await readFile(join(dir, 'audit', 'audit.jsonl'), 'utf8')).trim().split('\n');
    expect(all).toHaveLength(30);
    for (const line of all) expect(() => JSON.parse(line)).not.toThrow();
    expect(((await stat(join(dir, 'audit', 'audit.jsonl'))).mode & 0o777).toString(8)).toBe('600');
  });

  it('keeps refused and failed commands, and stores the text redacted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-'));
    const s = new JsonlAuditStore(dir);
    await s.append(entry(1, { outcome: 'tenant-not-allowed', request: 'help password=hunter2' }));
    await s.append(entry(2, { outcome: 'needs-operator', request: 'audit' }));
    const [newest, older] = await s.recent(10);
    expect(newest!.outcome).toBe('needs-operator');
    expect(older!.request).toBe('help password=[redacted]');
    expect(await readFile(join(dir, 'audit', 'audit.jsonl'), 'utf8')).not.toContain('hunter2');
  });

  it('rotates at its size limit and keeps going', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-'));
    const s = new JsonlAuditStore(dir, 2_000);
    for (let i = 0; i < 40; i++) await s.append(entry(i));
    expect((await stat(join(dir, 'audit', 'audit.jsonl.1'))).size).toBeGreaterThan(0);
    expect((await stat(join(dir, 'audit', 'audit.jsonl'))).size).toBeLessThanOrEqual(2_000);
    expect((await s.recent(1))[0]!.request).toBe('bgp status c39');
  });

  it('writes a burst of concurrent appends as whole lines, in the order they were made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-'));
    const s = new JsonlAuditStore(dir);
    await Promise.all(Array.from({ length: 500 }, (_, i) => s.append(entry(i, { request: `bgp status c${i} ${'x'.repeat(i % 97)}` }))));
    const all = (await readFile(join(dir, 'audit', 'audit.jsonl'), 'utf8')).trim().split('\n');
    expect(all.map((l) => (JSON.parse(l) as AuditEntry).durationMs)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('rotates correctly when a batch crosses the limit, and recent() waits for queued lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-'));
    const s = new JsonlAuditStore(dir, 3_000);
    void Promise.all(Array.from({ length: 60 }, (_, i) => s.append(entry(i))));
    expect((await s.recent(1))[0]!.request).toBe('bgp status c59');
    expect((await stat(join(dir, 'audit', 'audit.jsonl'))).size).toBeLessThanOrEqual(3_000);
  });

  it('makes its directory again when it was removed while running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-'));
    const s = new JsonlAuditStore(dir);
    await s.append(entry(1));
    await rm(join(dir, 'audit'), { recursive: true });
    await s.append(entry(2));
    expect((await s.recent(5)).map((e) => e.request)).toEqual(['bgp status c2']);
  });

  it('answers an empty trail with no entries', async () => {
    expect(await new JsonlAuditStore(await mkdtemp(join(tmpdir(), 'audit-'))).recent(5)).toEqual([]);
  });
});
