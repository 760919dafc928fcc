/** Baselines on disk: atomic writes, validated names, no overwrite without replace, survive a new store. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BaselineError, FileBaselineStore, isValidBaselineName } from '../../src/probes/baselines.ts';
import { sampleBaseline } from '../helpers/samples.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'netops-baselines-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const baseline = sampleBaseline;

describe('BaselineStore', () => {
  it('saves one JSON file per baseline under <dataDir>/baselines and reads it back from a new store', async () => {
    await new FileBaselineStore(dataDir).save(baseline('FastPath-Before'));
    expect(readdirSync(join(dataDir, 'baselines'))).toEqual(['fastpath-before.json']);
    const json = JSON.parse(readFileSync(join(dataDir, 'baselines', 'fastpath-before.json'), 'utf8'));
    expect(json).toMatchObject({ name: 'FastPath-Before', target: '10.1.2.4:3389', samplesUs: [3120, 3050, 3300, 3080] });
    // A new store (a restarted bot) finds it; names are case-insensitive.
    const again = new FileBaselineStore(dataDir);
    expect(await again.load('fastpath-before')).toEqual(baseline('FastPath-Before'));
    expect(await again.load('nothing')).toBeUndefined();
    expect(await again.list()).toEqual([{ name: 'FastPath-Before', target: '10.1.2.4:3389', agent: 'tokyo-dc', savedAt: '2026-05-12T09:00:00.000Z', n: 4 }]);
  });

  it('refuses to overwrite unless replace, and says what it replaced', async () => {
    const store = new FileBaselineStore(dataDir);
    await store.save(baseline('before'));
    await expect(store.save(baseline('before', { savedAt: '2026-05-12T10:00:00.000Z' }))).rejects.toMatchObject({ kind: 'exists', existingSavedAt: '2026-05-12T09:00:00.000Z' });
    const r = await store.save(baseline('before', { savedAt: '2026-05-12T10:00:00.000Z' }), { replace: true });
    expect(r.replaced?.savedAt).toBe('2026-05-12T09:00:00.000Z');
    expect((await store.load('before'))!.savedAt).toBe('2026-05-12T10:00:00.000Z');
    // No temporary files left behind.
    expect(readdirSync(join(dataDir, 'baselines'))).toEqual(['before.json']);
  });

  it('two concurrent saves of a new name: exactly one wins, the file is whole', async () => {
    const store = new FileBaselineStore(dataDir);
    const results = await Promise.allSettled([store.save(baseline('race', { target: 'a:1' })), store.save(baseline('race', { target: 'b:2' }))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as BaselineError).kind)).toEqual(['exists']);
    expect(['a:1', 'b:2']).toContain((await store.load('race'))!.target);
    expect(readdirSync(join(dataDir, 'baselines'))).toEqual(['race.json']);
  });

  it('validates names: no path traversal, separators or hidden files', async () => {
    for (const bad of ['../etc/passwd', '..', '.hidden', 'a/b', 'a\\b', '', 'x'.repeat(65), '名前', 'a b']) {
      expect(isValidBaselineName(bad)).toBe(false);
      await expect(new FileBaselineStore(dataDir).load(bad)).rejects.toMatchObject({ kind: 'invalid-name' });
    }
    for (const good of ['fastpath-before', 'FP_1.2', 'x'.repeat(64), '0']) expect(isValidBaselineName(good)).toBe(true);
  });

  it('a damaged file is reported as corrupt, and left out of the list', async () => {
    const store = new FileBaselineStore(dataDir);
    await store.save(baseline('good'));
    writeFileSync(join(dataDir, 'baselines', 'bad.json'), '{"version":1,"name":"bad"');
    await expect(store.load('bad')).rejects.toMatchObject({ kind: 'corrupt' });
    expect((await store.list()).map((b) => b.name)).toEqual(['good']);
  });

  it('an empty data directory lists nothing', async () => {
    expect(await new FileBaselineStore(join(dataDir, 'missing')).list()).toEqual([]);
  });
});
