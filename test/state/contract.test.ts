/**
 * One contract, two stores: every kind of shared state behaves the same on the embedded store (this process
 * and files) and on Azure Storage (the real @azure/data-tables and @azure/storage-blob against Azurite).
 * Where the guarantee is about several instances (single use across instances, concurrent writers, orphans of
 * a dead instance), the Azure store is driven by two independent store objects, as two processes would be.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfirmations, type Confirmations } from '../../src/commands/confirmations.ts';
import { tableConfirmations } from '../../src/state/azure/confirmations.ts';
import { createAzureState } from '../../src/state/azure/index.ts';
import { createEmbeddedState } from '../../src/state/embedded.ts';
import type { JobRecord, SharedState } from '../../src/state/types.ts';
import { startAzurite, type Azurite } from '../helpers/azurite.ts';
import { sampleBaseline, sampleEntry } from '../helpers/samples.ts';

let azurite: Azurite;
const dirs: string[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let n = 0;
interface Kind {
  name: 'files' | 'azure';
  /** A fresh, empty store. */
  make(): Promise<SharedState>;
  /** Proposals that expire after `ttlMs`. */
  confirmations(ttlMs: number): Confirmations;
}
const kinds: Kind[] = [
  {
    name: 'files',
    make: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'netops-state-'));
      dirs.push(dir);
      return createEmbeddedState(dir);
    },
    confirmations: (ttlMs) => createConfirmations(ttlMs),
  },
  {
    name: 'azure',
    make: () => createAzureState({ kind: 'azure', connectionString: azurite.connectionString, namespace: `t${++n}x${process.pid}`, instanceLeaseMs: 2_000 }),
    confirmations: (ttlMs) => {
      const table = TableClient.fromConnectionString(azurite.connectionString, `ttl${++n}x${process.pid}`, { allowInsecureConnection: true });
      const c = tableConfirmations(table, ttlMs);
      const ready = table.createTable();
      // The table is made before the first use (createAzureState does the same at start).
      return { ttlMs, propose: async (k) => (await ready, c.propose(k)), consume: async (t, k) => (await ready, c.consume(t, k)) };
    },
  },
];

const entry = sampleEntry;

const baseline = sampleBaseline;

describe.each(kinds)('$name state', (kind) => {
  it('context: merged per conversation, kept apart between conversations, any conversation id', async () => {
    const s = await kind.make();
    // Teams ids hold characters a table key may not (/ # ?): they must still work.
    const conv = '19:abc/def#ghi?jkl@thread.tacv2;messageid=17';
    expect(await s.context.recall(conv)).toEqual({});
    await s.context.remember(conv, { circuit: 'tokyo-er' });
    await s.context.remember(conv, { peering: 'MicrosoftPeering', vm: '' });
    await s.context.remember('a:other', { circuit: 'osaka-er' });
    expect(await s.context.recall(conv)).toEqual({ circuit: 'tokyo-er', peering: 'MicrosoftPeering' });
    expect(await s.context.recall('a:other')).toEqual({ circuit: 'osaka-er' });
    await s.context.remember(conv, { circuit: 'london-er' });
    expect(await s.context.recall(conv)).toEqual({ circuit: 'london-er', peering: 'MicrosoftPeering' });
    // A failed command's context is undone, except what a newer command changed meanwhile.
    await s.context.remember(conv, { circuit: 'londn-er', gateway: 'hub-ergw' });
    await s.context.remember(conv, { gateway: 'spoke-ergw' });
    await s.context.revert(conv, { circuit: 'londn-er', gateway: 'hub-ergw' }, { circuit: 'london-er', peering: 'MicrosoftPeering' });
    expect(await s.context.recall(conv)).toEqual({ circuit: 'london-er', peering: 'MicrosoftPeering', gateway: 'spoke-ergw' });
    await s.context.revert('never-seen', { circuit: 'x' }, {});
    expect(await s.context.recall('never-seen')).toEqual({});
  });

  it('confirmations: once, for the same person, place and request; expire', async () => {
    const c = kind.confirmations(2_000);
    const key = { requesterId: 'u1', conversationId: 'c1', request: 'service key tokyo-er' };
    const { token, expiresAt } = await c.propose(key);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await c.consume(token, { ...key, requesterId: 'u2' })).toBe('mismatch');
    expect(await c.consume(token, { ...key, request: 'service key osaka-er' })).toBe('mismatch');
    expect(await c.consume(token, key)).toBe('confirmed');
    expect(await c.consume(token, key)).toBe('expired-or-unknown');
    expect(await c.consume('made-up', key)).toBe('expired-or-unknown');
    expect(await c.consume('not/a#key?', key)).toBe('expired-or-unknown');
    const late = await c.propose(key);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await c.consume(late.token, key)).toBe('expired-or-unknown');
  });

  it('confirmations: ten clicks at once confirm exactly once', async () => {
    const c = kind.confirmations(60_000);
    const key = { requesterId: 'u1', conversationId: 'c1', request: 'service key tokyo-er' };
    const { token } = await c.propose(key);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => c.consume(token, key)));
    expect(outcomes.filter((o) => o === 'confirmed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'expired-or-unknown')).toHaveLength(9);
  });

  it('audit: every entry kept, newest first, redacted and bounded', async () => {
    const s = await kind.make();
    for (let i = 0; i < 5; i++) await s.audit.append(entry(i));
    await s.audit.append(entry(5, { request: `latency compare password=hunter2 ${'x'.repeat(900)}`, userName: 'N'.repeat(300), role: 'operator' }));
    const recent = await s.audit.recent(3);
    expect(recent.map((e) => e.durationMs)).toEqual([5, 4, 3]);
    expect(recent[0]!.request).not.toContain('hunter2');
    expect(recent[0]!.request.length).toBeLessThanOrEqual(500);
    expect(recent[0]!.userName).toHaveLength(100);
    expect(recent[0]!.role).toBe('operator');
    expect(recent[1]).toEqual(entry(4));
    expect(await s.audit.recent(100)).toHaveLength(6);
    expect(await s.audit.recent(0)).toEqual([]);
  });

  it('baselines: save, load, list, refuse to overwrite unless replace, one of two concurrent saves wins', async () => {
    const s = await kind.make();
    expect(await s.baselines.list()).toEqual([]);
    expect(await s.baselines.load('nothing')).toBeUndefined();
    await s.baselines.save(baseline('FastPath-Before'));
    expect(await s.baselines.load('fastpath-before')).toEqual(baseline('FastPath-Before'));
    await expect(s.baselines.save(baseline('fastpath-before', { savedAt: '2026-05-12T10:00:00.000Z' }))).rejects.toMatchObject({ kind: 'exists', existingSavedAt: '2026-05-12T09:00:00.000Z' });
    const r = await s.baselines.save(baseline('FastPath-Before', { savedAt: '2026-05-13T10:00:00.000Z', target: '10.9.9.9:443' }), { replace: true });
    expect(r.replaced?.savedAt).toBe('2026-05-12T09:00:00.000Z');
    await s.baselines.save(baseline('older', { savedAt: '2026-01-01T00:00:00.000Z' }));
    expect(await s.baselines.list()).toEqual([
      { name: 'FastPath-Before', target: '10.9.9.9:443', agent: 'tokyo-dc', savedAt: '2026-05-13T10:00:00.000Z', n: 4 },
      { name: 'older', target: '10.1.2.4:3389', agent: 'tokyo-dc', savedAt: '2026-01-01T00:00:00.000Z', n: 4 },
    ]);
    await expect(s.baselines.load('../etc/passwd')).rejects.toMatchObject({ kind: 'invalid-name' });
    const race = await Promise.allSettled([s.baselines.save(baseline('race', { target: 'a:1' })), s.baselines.save(baseline('race', { target: 'b:2' }))]);
    expect(race.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(race.filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason.kind)).toEqual(['exists']);
    expect(['a:1', 'b:2']).toContain((await s.baselines.load('race'))!.target);
  });

  it('health: a usable store says so', async () => {
    const s = await kind.make();
    expect(await s.health()).toMatchObject({ ok: true });
    expect(s.location).not.toMatch(/AccountKey|sig=/i);
  });
});

describe('azure state: what only several instances need', () => {
  const azure = kinds[1]!;
  const twoInstances = async () => {
    const namespace = `m${++n}x${process.pid}`;
    const make = (id: string) => createAzureState({ kind: 'azure', connectionString: azurite.connectionString, namespace, instanceLeaseMs: 1_000 }, id);
    return [await make('instance-a'), await make('instance-b')] as const;
  };

  it('context written by one instance is read by the other', async () => {
    const [a, b] = await twoInstances();
    await a.context.remember('conv', { circuit: 'tokyo-er' });
    expect(await b.context.recall('conv')).toEqual({ circuit: 'tokyo-er' });
  });

  it('a proposal made on one instance is confirmed once across both', async () => {
    const [a, b] = await twoInstances();
    const key = { requesterId: 'u1', conversationId: 'c1', request: 'service key tokyo-er' };
    const { token } = await a.confirmations.propose(key);
    const outcomes = await Promise.all([a.confirmations.consume(token, key), b.confirmations.consume(token, key), b.confirmations.consume(token, key)]);
    expect(outcomes.sort()).toEqual(['confirmed', 'expired-or-unknown', 'expired-or-unknown']);
  });

  it('a Teams retry is claimed once across instances, and the first answer is there for the second', async () => {
    const [a, b] = await twoInstances();
    const claims = await Promise.all([a.claims.claim('conv', 'act-1'), b.claims.claim('conv', 'act-1'), a.claims.claim('conv', 'act-1')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await b.claims.claim('conv', 'act-2')).toBe(true);
    expect(await a.claims.answer('conv', 'act-1')).toBeUndefined();
    await a.claims.saveAnswer('conv', 'act-1', { status: 200, body: { card: 'x' } });
    expect(await b.claims.answer('conv', 'act-1')).toEqual({ status: 200, body: { card: 'x' } });
    // The same activity id in another conversation is another activity.
    expect(await b.claims.claim('other-conv', 'act-1')).toBe(true);
  });

  it('1,000 concurrent audit writes from two instances: all present, well-formed, newest first', async () => {
    const [a, b] = await twoInstances();
    const writes = Array.from({ length: 1_000 }, (_, i) => (i % 2 === 0 ? a : b).audit.append(entry(i, { userId: `29:u${i}` })));
    await Promise.all(writes);
    const all = await b.audit.recent(5_000);
    expect(all).toHaveLength(1_000);
    expect(new Set(all.map((e) => e.userId)).size).toBe(1_000);
    for (const e of all) expect(e).toEqual(entry(e.durationMs, { userId: `29:u${e.durationMs}` }));
    expect(all.map((e) => e.durationMs)).toEqual([...all.map((e) => e.durationMs)].sort((x, y) => y - x));
  });

  it('the commands of an instance whose lease ran out are handed to exactly one survivor', async () => {
    const [a, b] = await twoInstances();
    const job = (id: string, instanceId: string): JobRecord => ({
      id,
      instanceId,
      conversationId: 'conv',
      command: 'bgp status',
      request: 'bgp status tokyo-er',
      locale: 'en',
      reference: { serviceUrl: 'http://127.0.0.1:1/', conversation: { id: 'conv' } },
      audit: { time: new Date().toISOString(), userId: 'u', conversationId: 'conv', source: 'message', command: 'bgp-status', request: 'bgp status tokyo-er' },
      startedAt: new Date().toISOString(),
    });
    const dead = await createAzureState({ kind: 'azure', connectionString: azurite.connectionString, namespace: (a.location.match(/tables (\w+)state/) ?? [])[1]!, instanceLeaseMs: 1_000 }, 'instance-dead');
    await Promise.all([a.jobs.heartbeat(), b.jobs.heartbeat(), dead.jobs.heartbeat()]);
    await dead.jobs.register(job('dead-1', 'instance-dead'));
    await dead.jobs.register({ ...job('dead-2', 'instance-dead'), cardActivityId: 'card-7' });
    await a.jobs.register(job('alive-1', 'instance-a'));
    await dead.jobs.register(job('done-1', 'instance-dead'));
    await dead.jobs.finish('done-1');
    // While its lease holds, nobody takes its work.
    expect(await b.jobs.claimOrphans()).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_200));
    await Promise.all([a.jobs.heartbeat(), b.jobs.heartbeat()]);
    const [fromA, fromB] = await Promise.all([a.jobs.claimOrphans(), b.jobs.claimOrphans()]);
    const taken = [...fromA, ...fromB].sort((x, y) => x.id.localeCompare(y.id));
    expect(taken.map((j) => [j.id, j.cardActivityId])).toEqual([
      ['dead-1', undefined],
      ['dead-2', 'card-7'],
    ]);
    expect(taken[0]).toMatchObject({ request: 'bgp status tokyo-er', reference: { conversation: { id: 'conv' } } });
    expect([...(await a.jobs.claimOrphans()), ...(await b.jobs.claimOrphans())]).toEqual([]);
    // A clean stop gives the lease up; its finished work leaves nothing behind.
    await a.jobs.finish('alive-1');
    await a.jobs.retire();
    expect(await b.jobs.claimOrphans()).toEqual([]);
  });

  it('sweep deletes what expired and nothing else', async () => {
    const s = await azure.make();
    await s.claims.claim('conv', 'fresh');
    await s.context.remember('conv', { circuit: 'tokyo-er' });
    expect(await s.sweep()).toBe(0);
    expect(await s.context.recall('conv')).toEqual({ circuit: 'tokyo-er' });
    expect(await s.claims.claim('conv', 'fresh')).toBe(false);
  });

  it('a store that refuses or is not there stops start-up with what to fix, never the key', async () => {
    const wrongKey = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.from('not the key').toString('base64')}`);
    const refused = createAzureState({ kind: 'azure', connectionString: wrongKey, namespace: 'refused', instanceLeaseMs: 1_000 });
    await expect(refused).rejects.toMatchObject({ statusCode: 403, message: expect.stringContaining('Storage Table Data Contributor and Storage Blob Data Contributor') });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining('AccountKey') });
    const gone = createAzureState({ kind: 'azure', connectionString: azurite.connectionString.replaceAll(/127\.0\.0\.1:\d+/g, '127.0.0.1:9'), namespace: 'gone', instanceLeaseMs: 1_000 });
    await expect(gone).rejects.toMatchObject({ message: expect.stringMatching(/cannot be used: not reachable \(ECONNREFUSED\)/) });
  });
});
