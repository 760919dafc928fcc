/**
 * Issue 15, point 4: what is read of ARM is bounded. One answer is read up to a byte ceiling (after which the
 * call fails as "too large" and nothing of it is used), and a list is read up to an item ceiling (after which
 * paging stops and the list says it was cut, from the cache too). Real SDK over HTTPS to the emulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ListCut, watchCalls } from '../../src/azure/call-watch.ts';
import { type ReaderHarness, startReaderHarness, rejection } from '../helpers/azure.ts';

describe('a byte ceiling per answer', () => {
  let small: ReaderHarness;
  let roomy: ReaderHarness;
  beforeAll(async () => {
    // A page of the demo's circuit list is several KB: 2,000 bytes is too little, the default is plenty.
    [small, roomy] = await Promise.all([startReaderHarness({ clients: { maxResponseBytes: 2_000 } }), startReaderHarness()]);
  });
  afterAll(async () => Promise.all([small?.close(), roomy?.close()]));

  it('an answer over the ceiling fails as too-large, not retried and not cached; one under it is read as before', async () => {
    const e = await rejection(small.reader.listCircuits());
    expect(e).toMatchObject({ kind: 'too-large', limitBytes: 2_000, retryable: false });
    // The SDK did not retry it: at most one request per subscription (the first failure may end the other early).
    const asked = small.emu.requests.count({ operation: 'circuits.listAll' });
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThanOrEqual(small.emu.subscriptionIds.length);
    // Not cached: asked again, ARM is asked again.
    await rejection(small.reader.listCircuits());
    expect(small.emu.requests.count({ operation: 'circuits.listAll' })).toBeGreaterThan(asked);
    // A small answer (one circuit's stats) still fits under 2,000 bytes; the default ceiling takes the whole list.
    const tokyo = (await roomy.reader.resolveCircuit('tokyo-er'));
    await expect(small.reader.getCircuitStats(tokyo)).resolves.toMatchObject({});
    expect((await roomy.reader.listCircuits()).length).toBe(18);
  });
});

describe('an item ceiling per list', () => {
  let h: ReaderHarness;
  beforeAll(async () => {
    h = await startReaderHarness({ reader: { maxListItems: 5 } });
  });
  afterAll(async () => h?.close());
  afterEach(() => {
    h.reader.cache.clear();
    h.emu.requests.reset();
  });

  it('reads at most the ceiling, stops paging there, and says it was cut on every read, from the cache too', async () => {
    const heard: ListCut[] = [];
    const first = await watchCalls({ onCut: (c) => heard.push(c) }, () => h.reader.listCircuits());
    expect(first).toHaveLength(5);
    expect(heard).toEqual([{ list: 'circuits', limit: 5 }]);
    // Paging stopped at the ceiling: fewer pages asked than the whole list takes.
    const pagesCut = h.emu.requests.count({ operation: 'circuits.listAll' });
    h.reader.cache.clear();
    const whole = await startReaderHarness();
    try {
      await whole.reader.listCircuits();
      expect(pagesCut).toBeLessThan(whole.emu.requests.count({ operation: 'circuits.listAll' }));
    } finally {
      await whole.close();
    }
    // A later read from the cache hears it as well.
    heard.length = 0;
    await watchCalls({ onCut: (c) => heard.push(c) }, () => h.reader.listCircuits());
    await watchCalls({ onCut: (c) => heard.push(c) }, () => h.reader.listCircuits());
    expect(heard).toEqual([{ list: 'circuits', limit: 5 }, { list: 'circuits', limit: 5 }]);
  });

  it('cuts every kind of list the same way, and says nothing of a list under the ceiling', async () => {
    const heard: string[] = [];
    await watchCalls({ onCut: (c) => heard.push(c.list) }, async () => {
      expect(await h.reader.listVirtualMachines()).toHaveLength(5); // the demo has 9
      expect(await h.reader.listConnections()).toHaveLength(5); // the demo has 5: not cut
      expect((await h.reader.listGateways()).length).toBe(4); // 4: not cut
      expect((await h.reader.listNetworkWatchers()).length).toBe(1);
    });
    expect(heard).toEqual(['vms']);
  });
});
