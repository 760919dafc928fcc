/**
 * Issue 15, point 2, at the data layer: an answer that does not have the shape ARM documents becomes an
 * AzureError of kind `unexpected-answer` (a read failure), never a snapshot, and is not cached. The real SDK over
 * HTTPS to the emulator, whose `replace-body` fault sends the malformed body; legitimate answers that look thin
 * (a circuit with no peerings, an empty ARP table, a page with `nextLink: null`) still read as facts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AzureError } from '../../src/azure/errors.ts';
import type { ResourceRef } from '../../src/azure/snapshots.ts';
import type { FaultRule } from '../../src/emulator/server.ts';
import { translator } from '../../src/i18n/index.ts';
import { azureErrorMessage } from '../../src/commands/failures.ts';
import { useReaderHarness, rejection } from '../helpers/azure.ts';

/** A body the emulator sends instead of the real one. */
type Body = Extract<FaultRule, { kind: 'replace-body' }>['body'];

const h = useReaderHarness();

/** Reads once with `rule` in place (expecting an unexpected-answer error), then again without it (no cache clear). */
async function oddThenReal<T>(rule: FaultRule, read: () => Promise<T>): Promise<{ error: AzureError; real: T }> {
  const id = h.emu.faults.add(rule);
  const error = await rejection(read());
  h.emu.faults.remove(id);
  return { error, real: await read() };
}

let tokyo: ResourceRef;
beforeAll(async () => {
  tokyo = await h.reader.resolveCircuit('tokyo-er');
});

describe('a circuit GET', () => {
  it('answered `{}` (the bug: "AzurePrivatePeering is not configured"): unexpected-answer for circuit tokyo-er, not cached', async () => {
    const { error, real } = await oddThenReal({ kind: 'replace-body', operation: 'circuits.get', body: {} }, () => h.reader.getCircuit(tokyo));
    expect(error).toMatchObject({ kind: 'unexpected-answer', resourceType: 'circuit', resourceName: 'tokyo-er', retryable: true });
    expect(error.message).toMatch(/circuit tokyo-er: Azure answered something unexpected/);
    // The next read, well within the 15 s the circuit is cached for, went to ARM and got the real circuit.
    expect(real.name).toBe('tokyo-er');
    expect(real.peerings.map((p) => p.name)).toContain('AzurePrivatePeering');
    expect(h.emu.requests.count({ operation: 'circuits.get' })).toBe(2);
    // …and that one is cached as usual.
    await h.reader.getCircuit(tokyo);
    expect(h.emu.requests.count({ operation: 'circuits.get' })).toBe(2);
  });

  it('answered with a list-shaped body, without `properties`, or `null`: unexpected-answer each time', async () => {
    const bodies: Body[] = [[], [{ id: tokyo.id, name: 'tokyo-er' }], { value: [] }, { id: tokyo.id, name: 'tokyo-er', location: 'japaneast' }, null, 'tokyo-er'];
    for (const body of bodies) {
      h.reader.cache.clear();
      const id = h.emu.faults.add({ kind: 'replace-body', operation: 'circuits.get', body });
      const e = await rejection(h.reader.getCircuit(tokyo));
      expect(e.kind, JSON.stringify(body)).toBe('unexpected-answer');
      expect(e.resourceName).toBe('tokyo-er');
      h.emu.faults.remove(id);
    }
  });

  it('a peering without a name or type: unexpected-answer, not a nameless peering', async () => {
    const world = h.emu.world.circuits.find((c) => c.name === 'tokyo-er')!;
    const body = { id: tokyo.id, name: 'tokyo-er', location: world.location, properties: { provisioningState: 'Succeeded', peerings: [{}] } };
    h.emu.faults.add({ kind: 'replace-body', operation: 'circuits.get', body });
    expect((await rejection(h.reader.getCircuit(tokyo))).kind).toBe('unexpected-answer');
  });

  it('a legitimate circuit with no peerings (osaka-er, `peerings: []`) still reads: no peerings is a fact there', async () => {
    const osaka = await h.reader.getCircuit(await h.reader.resolveCircuit('osaka-er'));
    expect(osaka).toMatchObject({ name: 'osaka-er', peerings: [], serviceProviderProvisioningState: 'NotProvisioned' });
  });

  it('the service key read refuses a malformed answer too (`{}` is not "this circuit has no key")', async () => {
    for (const body of [{}, null]) {
      h.emu.faults.add({ kind: 'replace-body', operation: 'circuits.get', body, count: 1 });
      expect((await rejection(h.reader.getServiceKey(tokyo))).kind, JSON.stringify(body)).toBe('unexpected-answer');
    }
    expect(await h.reader.getServiceKey(tokyo)).toBe(h.emu.world.circuits.find((c) => c.name === 'tokyo-er')!.serviceKey);
  });
});

describe('stats', () => {
  it('`{}` or a counter that is not a number: unexpected-answer, not zero bytes; not cached', async () => {
    const { error, real } = await oddThenReal({ kind: 'replace-body', operation: 'peerings.stats', body: {} }, () =>
      h.reader.getCircuitStats(tokyo, 'AzurePrivatePeering'),
    );
    expect(error).toMatchObject({ kind: 'unexpected-answer', resourceName: 'tokyo-er' });
    expect(real.primaryBytesIn).toBeGreaterThan(0);
    h.emu.faults.add({ kind: 'replace-body', operation: 'circuits.stats', body: { primarybytesIn: 1, primarybytesOut: 1, secondarybytesIn: '1', secondarybytesOut: 1 } });
    expect((await rejection(h.reader.getCircuitStats(tokyo))).kind).toBe('unexpected-answer');
  });
});

describe('ARP, route table and route summary (long-running operations)', () => {
  it('an ARP table answer without `value`: unexpected-answer (the SDK cannot read it), not an empty table; not cached', async () => {
    const read = () => h.reader.getArpTable(tokyo, 'AzurePrivatePeering', 'primary');
    const { error, real } = await oddThenReal({ kind: 'replace-body', operation: 'arpTable', body: {} }, read);
    expect(error).toMatchObject({ kind: 'unexpected-answer', resourceType: 'circuit', resourceName: 'tokyo-er' });
    expect(real.length).toBeGreaterThan(0);
  });

  it('`value` that is not an array, a list-shaped body, `null`: unexpected-answer for each table', async () => {
    const reads = {
      arpTable: () => h.reader.getArpTable(tokyo, 'AzurePrivatePeering', 'primary'),
      routeTable: () => h.reader.getRouteTable(tokyo, 'AzurePrivatePeering', 'primary'),
      routeTableSummary: () => h.reader.getRouteSummary(tokyo, 'AzurePrivatePeering', 'primary'),
    };
    for (const [operation, read] of Object.entries(reads)) {
      for (const body of [{ value: {} }, { value: null }, [{ network: '10.0.0.0/8' }], null]) {
        h.reader.cache.clear();
        const id = h.emu.faults.add({ kind: 'replace-body', operation, body });
        expect((await rejection(read())).kind, `${operation} ${JSON.stringify(body)}`).toBe('unexpected-answer');
        h.emu.faults.remove(id);
      }
    }
  });

  it('entries without what identifies them (an ARP entry without its IP, a summary line without its neighbor): unexpected-answer', async () => {
    h.emu.faults.add({ kind: 'replace-body', operation: 'arpTable', body: { value: [{ age: 0, interface: 'Microsoft', macAddress: '00:00:00:00:00:01' }] } });
    expect((await rejection(h.reader.getArpTable(tokyo, 'AzurePrivatePeering', 'primary'))).kind).toBe('unexpected-answer');
    h.emu.faults.add({ kind: 'replace-body', operation: 'routeTableSummary', body: { value: [{}] } });
    expect((await rejection(h.reader.getRouteSummary(tokyo, 'AzurePrivatePeering', 'primary'))).kind).toBe('unexpected-answer');
  });

  it('an empty ARP table (`value: []`) is an answer: no entries', async () => {
    h.emu.faults.add({ kind: 'replace-body', operation: 'arpTable', body: { value: [] } });
    expect(await h.reader.getArpTable(tokyo, 'AzurePrivatePeering', 'primary')).toEqual([]);
  });
});

describe('list pages', () => {
  it('a page that is an object without `value`: unexpected-answer, not "no circuits"; not cached', async () => {
    const { error, real } = await oddThenReal({ kind: 'replace-body', operation: 'circuits.listAll', body: { nextLink: null } }, () => h.reader.listCircuits());
    expect(error.kind).toBe('unexpected-answer');
    expect(real.map((c) => c.name)).toContain('tokyo-er');
  });

  it('a page that is a bare array, has a non-string nextLink, or an item without id/name/properties: unexpected-answer (not "unreachable", not blank rows)', async () => {
    const world = h.emu.world.circuits.find((c) => c.name === 'tokyo-er')!;
    const bodies: Body[] = [[], { value: [], nextLink: 5 }, { value: [{}] }, { value: [{ id: tokyo.id, name: 'tokyo-er', location: world.location }] }];
    for (const body of bodies) {
      h.reader.cache.clear();
      const id = h.emu.faults.add({ kind: 'replace-body', operation: 'circuits.listAll', body });
      expect((await rejection(h.reader.listCircuits())).kind, JSON.stringify(body)).toBe('unexpected-answer');
      h.emu.faults.remove(id);
    }
  });

  it('gateways (the generic resource listing, then a list per group): a page without `value`, or a gateway without its properties, is unexpected-answer', async () => {
    h.emu.faults.add({ kind: 'replace-body', operation: 'resources.list', body: {}, count: 1 });
    expect((await rejection(h.reader.listGateways())).kind).toBe('unexpected-answer');
    h.reader.cache.clear();
    h.emu.faults.add({ kind: 'replace-body', operation: 'gateways.list', body: { value: [{ name: 'hub-ergw' }] } });
    expect((await rejection(h.reader.listGateways())).kind).toBe('unexpected-answer');
  });

  it('a page with `nextLink: null` and an empty `value` is a legitimate (empty) page', async () => {
    h.emu.faults.add({ kind: 'replace-body', operation: 'circuits.listAll', body: { value: [], nextLink: null } });
    expect(await h.reader.listCircuits()).toEqual([]);
  });
});

describe('Network Watcher', () => {
  it('effective routes and security rules without `value`, next hop and IP flow without their verdict field: unexpected-answer', async () => {
    const nic = await h.reader.resolveNetworkInterface((await h.reader.listNetworkInterfaces())[0]!.name);
    h.emu.faults.add({ kind: 'replace-body', operation: 'nics.effectiveRouteTable', body: {} });
    h.emu.faults.add({ kind: 'replace-body', operation: 'nics.effectiveNsg', body: { value: {} } });
    expect((await rejection(h.reader.getEffectiveRoutes(nic))).kind).toBe('unexpected-answer');
    expect((await rejection(h.reader.getEffectiveSecurityGroups(nic))).kind).toBe('unexpected-answer');

    const watcher = (await h.reader.listNetworkWatchers())[0]!;
    const vmId = (await h.reader.listVirtualMachines())[0]!.id;
    h.emu.faults.add({ kind: 'replace-body', operation: 'nw.nextHop', body: {} });
    h.emu.faults.add({ kind: 'replace-body', operation: 'nw.ipFlowVerify', body: { ruleName: 'x' } });
    h.emu.faults.add({ kind: 'replace-body', operation: 'nw.connectivityCheck', body: { hops: [] } });
    const nextHop = await rejection(h.reader.getNextHop(watcher, { vmId, sourceIp: '10.0.0.4', destinationIp: '10.1.0.4' }));
    expect(nextHop).toMatchObject({ kind: 'unexpected-answer', resourceName: watcher.name });
    const flow = { vmId, direction: 'Outbound', protocol: 'TCP', localIp: '10.0.0.4', localPort: 1000, remoteIp: '10.1.0.4', remotePort: 443 } as const;
    expect((await rejection(h.reader.verifyIpFlow(watcher, flow))).kind).toBe('unexpected-answer');
    const check = { sourceVmId: vmId, protocol: 'Tcp', destinationAddress: '10.1.0.4', destinationPort: 443 } as const;
    expect((await rejection(h.reader.checkConnectivity(watcher, check))).kind).toBe('unexpected-answer');
  });

  it('lists of network interfaces and watchers with an item that is not one: unexpected-answer', async () => {
    h.emu.faults.add({ kind: 'replace-body', operation: 'nics.listAll', body: { value: [{ name: 'nic-1' }] }, count: 1 });
    expect((await rejection(h.reader.listNetworkInterfaces())).kind).toBe('unexpected-answer');
    h.emu.faults.add({ kind: 'replace-body', operation: 'nw.listAll', body: { value: [{ id: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/networkWatchers/z', name: 'z' }] }, count: 1 });
    expect((await rejection(h.reader.listNetworkWatchers())).kind).toBe('unexpected-answer');
  });
});

describe('the words', () => {
  it('English and Japanese: "Azure answered something unexpected for …; nothing was concluded from it", with and without a name', () => {
    const named = new AzureError('unexpected-answer', 'log text', { resourceType: 'circuit', name: 'tokyo-er' });
    const unnamed = new AzureError('unexpected-answer', 'log text');
    const en = translator('en');
    const ja = translator('ja');
    expect(azureErrorMessage(named, en, undefined)).toBe(
      'Azure answered something unexpected for circuit tokyo-er; nothing was concluded from it. Retrying may help; if it keeps happening, check Azure Service Health.',
    );
    expect(azureErrorMessage(unnamed, en, undefined)).toMatch(/^Azure answered something unexpected; nothing was concluded from it\./);
    expect(azureErrorMessage(named, ja, undefined)).toMatch(/^回線 tokyo-er について Azure から想定外の応答がありました。この応答からは何も判断していません。/);
    expect(azureErrorMessage(unnamed, ja, undefined)).toMatch(/^Azure から想定外の応答がありました。この応答からは何も判断していません。/);
    expect(en('commands:er.failure.unexpected-answer')).toBe('unexpected answer from Azure');
    expect(ja('commands:er.failure.unexpected-answer')).toBe('Azure から想定外の応答');
  });
});
