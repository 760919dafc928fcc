/**
 * The data layer against the emulator: the real @azure/arm-network SDK over real HTTPS. Request counts come
 * from the emulator's own log, so coalescing and retries are observed on the wire.
 */
import { describe, expect, it } from 'vitest';
import type { ResourceRef } from '../../src/azure/snapshots.ts';
import { rejection, startReaderHarness, useReaderHarness } from '../helpers/azure.ts';

const h = useReaderHarness();

async function circuit(name: string): Promise<ResourceRef> {
  return h.reader.resolveCircuit(name);
}

describe('circuits', () => {
  it('lists the circuits of every subscription, following nextLink across pages', async () => {
    const all = await h.reader.listCircuits();
    const names = all.map((c) => c.name);
    expect(names).toContain('tokyo-er');
    expect(names).toContain('tokyo-er-dr');
    expect(new Set(all.map((c) => c.subscriptionId)).size).toBe(2);
    expect(h.emu.requests.count({ operation: 'circuits.listAll' })).toBeGreaterThan(2);
    const tokyo = all.find((c) => c.name === 'tokyo-er')!;
    expect(tokyo).toMatchObject({ resourceGroup: 'rg-er-prod', serviceProviderProvisioningState: 'Provisioned', circuitProvisioningState: 'Enabled' });
    expect(tokyo.bandwidthMbps).toBeGreaterThan(0);
    expect(all.find((c) => c.name === 'osaka-er')!.serviceProviderProvisioningState).toBe('NotProvisioned');
  });

  it('resolves exact names, refuses ambiguous prefixes and suggests on typos', async () => {
    expect((await circuit('Tokyo-ER')).name).toBe('tokyo-er');
    expect((await circuit('singa')).name).toBe('singapore-er');
    const amb = await rejection(circuit('tokyo'));
    expect(amb.kind).toBe('ambiguous');
    expect(amb.suggestions).toEqual(expect.arrayContaining(['tokyo-er', 'tokyo-er-dr']));
    const nf = await rejection(circuit('tokio-er'));
    expect(nf).toMatchObject({ kind: 'not-found', resourceType: 'circuit' });
    expect(nf.suggestions[0]).toBe('tokyo-er');
  });

  it('reads a circuit with its peerings, never copying the MD5 key and masking the service key', async () => {
    const snap = await h.reader.getCircuit(await circuit('tokyo-er'));
    const world = h.emu.world.circuits.find((c) => c.name === 'tokyo-er')!;
    const peering = snap.peerings.find((p) => p.name === 'AzurePrivatePeering')!;
    expect(peering.peerASN).toBeGreaterThan(0);
    expect(peering.vlanId).toBeGreaterThan(0);
    expect(peering.primaryPeerAddressPrefix).toMatch(/\/30$/);
    expect(peering.sharedKeySet).toBe(true);
    const serialized = JSON.stringify(snap);
    expect(serialized).not.toContain(world.serviceKey);
    for (const p of world.peerings) if (p.sharedKey) expect(serialized).not.toContain(p.sharedKey);
    expect(snap.serviceKeyMasked!.slice(-4)).toBe(world.serviceKey!.slice(-4));
  });

  it('reads stats for the circuit and for a peering', async () => {
    const ref = await circuit('tokyo-er');
    const stats = await h.reader.getCircuitStats(ref, 'AzurePrivatePeering');
    expect(stats.primaryBytesIn).toBeGreaterThan(0);
    expect(await h.reader.getCircuitStats(ref)).toHaveProperty('secondaryBytesOut');
  });
});

describe('per-path tables (long-running operations)', () => {
  it('reads ARP, route summary and route table for both paths in parallel', async () => {
    const ref = await circuit('tokyo-er');
    const arp = await h.reader.readPaths((p) => h.reader.getArpTable(ref, 'AzurePrivatePeering', p));
    expect(arp.map((r) => r.path)).toEqual(['primary', 'secondary']);
    for (const r of arp) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value.some((e) => e.interface === 'On-Prem' && /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(e.macAddress ?? ''))).toBe(true);
    }
    const summary = await h.reader.getRouteSummary(ref, 'AzurePrivatePeering', 'primary');
    expect(summary[0]!.statePfxRcd).toMatch(/^\d+$/);
    const routes = await h.reader.getRouteTable(ref, 'AzurePrivatePeering', 'secondary');
    expect(routes.length).toBeGreaterThan(0);
    expect(routes[0]!.network).toMatch(/\/\d+$/);
  });

  it('returns generated tables in full (3,600 routes)', async () => {
    const routes = await h.reader.getRouteTable(await circuit('frankfurt-er'), 'AzurePrivatePeering', 'primary');
    expect(routes).toHaveLength(3600);
  });

  it('works with each LRO style the SDK understands', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.world.settings.lro.style = 'async';
    const viaAsync = await h.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary');
    h.reader.cache.clear();
    h.emu.world.settings.lro.style = 'sync';
    const viaSync = await h.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary');
    h.emu.world.settings.lro.style = 'location';
    expect(viaSync).toEqual(viaAsync);
    expect(viaAsync.length).toBeGreaterThan(0);
  });

  it('names the missing permission when ARM refuses the ARP action, while the circuit itself is readable', async () => {
    const ref = await circuit('restricted-er');
    await expect(h.reader.getCircuit(ref)).resolves.toMatchObject({ name: 'restricted-er' });
    const e = await rejection(h.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary'));
    expect(e.kind).toBe('forbidden');
    expect(e.missingPermission).toBe('Microsoft.Network/expressRouteCircuits/peerings/arpTables/action');
  });

  it('keeps the healthy path when the other one fails (partial result)', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.faults.add({ kind: 'lro-fail', operation: 'arpTable', pathIncludes: '/arpTables/secondary' });
    const arp = await h.reader.readPaths((p) => h.reader.getArpTable(ref, 'AzurePrivatePeering', p));
    expect(arp[0]!.ok).toBe(true);
    expect(arp[1]).toMatchObject({ ok: false, path: 'secondary', error: { kind: 'azure-failure' } });
  });
});

describe('war-room load: caching and coalescing', () => {
  it('serves twenty concurrent identical requests with one ARM operation', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.requests.reset();
    const results = await Promise.all(Array.from({ length: 20 }, () => h.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary')));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(h.emu.requests.count({ operation: 'arpTable' })).toBe(1);
    await h.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary');
    expect(h.emu.requests.count({ operation: 'arpTable' })).toBe(1);
  });

  it('asks ARM again once the TTL has passed', async () => {
    const short = await startReaderHarness({ reader: { ttlMs: { table: 50 } } });
    try {
      const ref = await short.reader.resolveCircuit('tokyo-er');
      await short.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary');
      await new Promise((r) => setTimeout(r, 120));
      await short.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary');
      expect(short.emu.requests.count({ operation: 'arpTable' })).toBe(2);
    } finally {
      await short.close();
    }
  });
});

describe('throttling, failures and time budgets', () => {
  it('retries a 429 without Retry-After (which the SDK does not) and succeeds', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.faults.add({ kind: 'throttle', operation: 'circuits.get', count: 2 });
    await expect(h.reader.getCircuit(ref)).resolves.toMatchObject({ name: 'tokyo-er' });
    expect(h.emu.requests.count({ operation: 'circuits.get' })).toBe(3);
  });

  it('lets the SDK honour Retry-After on a 429', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.faults.add({ kind: 'throttle', operation: 'circuits.stats', count: 1, retryAfterMs: 30 });
    await expect(h.reader.getCircuitStats(ref)).resolves.toHaveProperty('primaryBytesIn');
    expect(h.emu.requests.count({ operation: 'circuits.stats' })).toBe(2);
  });

  it('repeats a throttled LRO status poll without a retry header, instead of starting the operation again', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.faults.add({ kind: 'throttle', method: 'GET', operation: 'lro.poll', count: 2 });
    const arp = await h.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary');
    expect(arp.length).toBeGreaterThan(0);
    // One operation: the two 429s were answered by polling the same operation URL again.
    expect(h.emu.requests.count({ operation: 'arpTable' })).toBe(1);
    expect(h.emu.requests.list().filter((r) => r.operation === 'lro.poll' && r.status === 429)).toHaveLength(2);
    expect(h.emu.requests.count({ operation: 'lro.poll' })).toBe(3);
  });

  it('reports throttling that outlasts the budget as throttled, with the wait ARM asked for', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.faults.add({ kind: 'throttle', operation: 'circuits.get', retryAfterSeconds: 60 });
    const e = await rejection(h.reader.getCircuit(ref));
    expect(e.kind).toBe('throttled');
    expect(e.retryAfterMs).toBe(60_000);
    expect(e.retryable).toBe(true);
  });

  it('recovers from a transient 500 through the SDK retry, and reports a persistent one', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.faults.add({ kind: 'error', status: 500, operation: 'circuits.get', count: 1 });
    await expect(h.reader.getCircuit(ref)).resolves.toMatchObject({ name: 'tokyo-er' });
    h.reader.cache.clear();
    h.emu.faults.add({ kind: 'error', status: 500, operation: 'circuits.get' });
    expect((await rejection(h.reader.getCircuit(ref))).kind).toBe('azure-failure');
  });

  it('ends an LRO that never finishes at the time budget, as a timeout', async () => {
    const tight = await startReaderHarness({ reader: { callTimeoutMs: 800 } });
    try {
      const ref = await tight.reader.resolveCircuit('tokyo-er');
      tight.emu.faults.add({ kind: 'lro-never', operation: 'arpTable' });
      const started = Date.now();
      const e = await rejection(tight.reader.getArpTable(ref, 'AzurePrivatePeering', 'primary'));
      expect(e.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await tight.close();
    }
  });

  it('reports a failed LRO as an Azure failure', async () => {
    const ref = await circuit('tokyo-er');
    h.emu.faults.add({ kind: 'lro-fail', operation: 'routeTableSummary' });
    expect((await rejection(h.reader.getRouteSummary(ref, 'AzurePrivatePeering', 'primary'))).kind).toBe('azure-failure');
  });

  it('calls an emulator that is down unreachable, and health says so', async () => {
    const gone = await startReaderHarness({ reader: { callTimeoutMs: 3_000 } });
    await gone.close();
    expect((await rejection(gone.reader.listCircuits())).kind).toMatch(/unreachable|timeout/);
    expect((await gone.reader.health()).ok).toBe(false);
    expect((await h.reader.health()).ok).toBe(true);
  });
});

describe('gateways and connections', () => {
  it('finds gateways across resource groups and subscriptions by name', async () => {
    const gws = await h.reader.listGateways();
    expect(gws.map((g) => g.name)).toEqual(expect.arrayContaining(['hub-ergw', 'spoke-ergw', 'dr-ergw', 'scale-ergw']));
    const hub = await h.reader.resolveGateway('hub-ergw');
    expect(hub.skuName).toBe('ErGw3AZ');
    expect((await h.reader.resolveGateway('scale-ergw')).scaleUnits).toEqual({ min: 2, max: 4 });
  });

  it('reads BGP peers and learned routes of a gateway', async () => {
    const hub = await h.reader.resolveGateway('hub-ergw');
    const peers = await h.reader.getBgpPeerStatus(hub);
    expect(peers.some((p) => p.state === 'Connected')).toBe(true);
    expect((await h.reader.getLearnedRoutes(hub)).length).toBeGreaterThan(0);
  });

  it('reads connections with FastPath and the circuit they point at', async () => {
    const conn = await h.reader.resolveConnection('hub-conn');
    expect(conn.expressRouteGatewayBypass).toBe(true);
    expect(conn.peerId).toMatch(/expressRouteCircuits\/tokyo-er$/i);
    expect(conn.gatewayId).toMatch(/virtualNetworkGateways\/hub-ergw$/i);
    expect((await h.reader.resolveConnection('spoke-conn')).expressRouteGatewayBypass).toBe(false);
  });
});
