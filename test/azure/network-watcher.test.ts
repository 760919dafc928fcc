/**
 * The Network Watcher reads against the emulator's demo world, through the real @azure/arm-network and
 * @azure/arm-resources SDKs over real HTTPS: VM and NIC listing and resolution, the watcher of a region,
 * connection troubleshoot (including the agent refusal in every LRO style), IP flow verify, next hop,
 * effective routes and security rules, coalescing, and the errors that name the missing permission.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nicsOfVm, normalizeLocation, watcherForRegion } from '../../src/azure/network-watcher.ts';
import type { NetworkWatcherSnapshot } from '../../src/azure/snapshots.ts';
import { DEMO_PROD_SUB, useReaderHarness, rejection } from '../helpers/azure.ts';

const h = useReaderHarness();
afterEach(() => {
  h.emu.world.forbidden = h.emu.world.forbidden.filter((f) => !f.scope.toLowerCase().includes('networkwatcher'));
  h.emu.world.settings.lro.styles = {};
});

async function vmAndWatcher(name: string) {
  const vm = await h.reader.resolveVirtualMachine(name);
  const watcher = watcherForRegion(await h.reader.listNetworkWatchers(), vm.location, vm.subscriptionId)!;
  const nic = nicsOfVm(await h.reader.listNetworkInterfaces(), vm)[0]!;
  return { vm, watcher, nic };
}

const WATCHER_ID = `/subscriptions/${DEMO_PROD_SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_japaneast`;

describe('VMs, NICs and watchers', () => {
  it('lists the VMs with their regions through the generic resource listing', async () => {
    const vms = await h.reader.listVirtualMachines();
    expect(vms.map((v) => v.name)).toEqual(expect.arrayContaining(['vm-hub-test', 'vm-nsg', 'vm-udr', 'vm-noroute', 'vm-noagent', 'vm-flaky', 'vm-weu']));
    expect(vms.find((v) => v.name === 'vm-weu')).toMatchObject({ location: 'westeurope', resourceGroup: 'rg-hub-japaneast', subscriptionId: DEMO_PROD_SUB });
    expect(h.emu.requests.count({ operation: 'resources.list' })).toBeGreaterThan(0);
    // No Microsoft.Compute call: names and regions come from the generic listing.
    expect(h.emu.requests.count({ operation: 'vms.listAll' }) + h.emu.requests.count({ operation: 'vms.get' })).toBe(0);
  });

  it('resolves VMs like circuits: exact, unique prefix, ambiguous, did you mean', async () => {
    expect((await h.reader.resolveVirtualMachine('VM-HUB-TEST')).name).toBe('vm-hub-test');
    expect((await h.reader.resolveVirtualMachine('vm-noa')).name).toBe('vm-noagent');
    const amb = await rejection(h.reader.resolveVirtualMachine('vm-n'));
    expect(amb.kind).toBe('ambiguous');
    expect(amb.suggestions).toEqual(expect.arrayContaining(['vm-noagent', 'vm-noroute', 'vm-nsg']));
    const nf = await rejection(h.reader.resolveVirtualMachine('vm-hubtest'));
    expect(nf).toMatchObject({ kind: 'not-found', resourceType: 'vm' });
    expect(nf.suggestions[0]).toBe('vm-hub-test');
  });

  it('lists NICs with the VM they are attached to, their address, subnet and NSG', async () => {
    const nics = await h.reader.listNetworkInterfaces();
    const vm = await h.reader.resolveVirtualMachine('vm-udr');
    const [nic, ...others] = nicsOfVm(nics, vm);
    expect(others).toEqual([]);
    expect(nic).toMatchObject({ name: 'vm-udr-nic', primary: true, privateIpAddresses: ['10.0.3.4'] });
    expect(nic!.subnetId).toMatch(/\/virtualNetworks\/hub-vnet\/subnets\/snet-udr$/);
    expect(nic!.nsgId).toMatch(/\/networkSecurityGroups\/vm-udr-nsg$/);
    expect((await h.reader.resolveNetworkInterface('vm-nsg-nic')).vmId).toMatch(/\/virtualMachines\/vm-nsg$/);
  });

  it('finds the watcher of a region, and none in a region without one', async () => {
    const watchers = await h.reader.listNetworkWatchers();
    expect(watchers).toEqual([expect.objectContaining({ name: 'NetworkWatcher_japaneast', resourceGroup: 'NetworkWatcherRG', location: 'japaneast' })]);
    expect(watcherForRegion(watchers, 'Japan East', DEMO_PROD_SUB)?.name).toBe('NetworkWatcher_japaneast');
    expect(watcherForRegion(watchers, 'westeurope', DEMO_PROD_SUB)).toBeUndefined();
  });
});

describe('watcherForRegion', () => {
  const w = (name: string, sub: string, rg: string, location: string): NetworkWatcherSnapshot => ({ id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/networkWatchers/${name}`, name, subscriptionId: sub, resourceGroup: rg, location });
  it("prefers the VM's subscription, then NetworkWatcherRG, then any subscription's watcher in the region", () => {
    const list = [w('other-sub', 'B', 'NetworkWatcherRG', 'japaneast'), w('custom', 'A', 'rg-x', 'japaneast'), w('NetworkWatcher_japaneast', 'A', 'NetworkWatcherRG', 'japaneast')];
    expect(watcherForRegion(list, 'japaneast', 'A')?.name).toBe('NetworkWatcher_japaneast');
    expect(watcherForRegion(list, 'japaneast', 'C')?.name).toBe('other-sub');
    expect(normalizeLocation('West Europe')).toBe('westeurope');
  });
});

describe('connection troubleshoot', () => {
  it('returns status, latency, probes and hops with their issues', async () => {
    const { vm, watcher } = await vmAndWatcher('vm-nsg');
    const out = await h.reader.checkConnectivity(watcher, { sourceVmId: vm.id, destinationAddress: '192.168.10.1', destinationPort: 179, protocol: 'Tcp' });
    expect(out.status).toBe('completed');
    const r = out.status === 'completed' ? out.result : undefined;
    expect(r).toMatchObject({ connectionStatus: 'Disconnected', probesSent: 30, probesFailed: 30 });
    expect(r!.hops[0]!.issues[0]).toEqual({ origin: 'Outbound', severity: 'Error', type: 'NetworkSecurityRule', context: [{ RuleName: 'DenyBgpOutbound' }] });
    expect(r!.hops[0]!.nextHopIds).toEqual([r!.hops[1]!.id]);
  });

  for (const style of ['location', 'async', 'sync'] as const) {
    it(`turns the refusal for a VM without the agent into an outcome (${style} LRO)`, async () => {
      h.emu.world.settings.lro.styles = { 'nw.connectivityCheck': style };
      const { vm, watcher } = await vmAndWatcher('vm-noagent');
      const out = await h.reader.checkConnectivity(watcher, { sourceVmId: vm.id, destinationAddress: '192.168.10.1', destinationPort: 179, protocol: 'Tcp' });
      expect(out.status).toBe('agent-missing');
      expect(out.status === 'agent-missing' && out.message).toMatch(/Network Watcher Agent VM extension/);
    });
  }

  it('lets other LRO failures through as errors', async () => {
    h.emu.faults.add({ kind: 'lro-fail', operation: 'nw.connectivityCheck', status: 500, code: 'InternalServerError', message: 'Something broke.' });
    const { vm, watcher } = await vmAndWatcher('vm-hub-test');
    const e = await rejection(h.reader.checkConnectivity(watcher, { sourceVmId: vm.id, destinationAddress: '192.168.10.1', destinationPort: 179, protocol: 'Tcp' }));
    expect(e.kind).toBe('azure-failure');
  });

  it('shares one operation between identical checks asked at the same time', async () => {
    const { vm, watcher } = await vmAndWatcher('vm-hub-test');
    const req = { sourceVmId: vm.id, destinationAddress: '192.168.10.1', destinationPort: 179, protocol: 'Tcp' as const };
    const [a, b] = await Promise.all([h.reader.checkConnectivity(watcher, req), h.reader.checkConnectivity(watcher, req)]);
    expect(a).toEqual(b);
    expect(h.emu.requests.count({ operation: 'nw.connectivityCheck' })).toBe(1);
  });

  it('names the missing permission when the check is forbidden', async () => {
    h.emu.world.forbidden.push({ scope: WATCHER_ID, actions: ['Microsoft.Network/networkWatchers/connectivityCheck/action'] });
    const { vm, watcher } = await vmAndWatcher('vm-hub-test');
    const e = await rejection(h.reader.checkConnectivity(watcher, { sourceVmId: vm.id, destinationAddress: '192.168.10.1', destinationPort: 179, protocol: 'Tcp' }));
    expect(e).toMatchObject({ kind: 'forbidden', missingPermission: 'Microsoft.Network/networkWatchers/connectivityCheck/action', resourceName: 'NetworkWatcher_japaneast' });
  });

  it('retries short throttling, and reports a long one at once with its Retry-After', async () => {
    const { vm, watcher } = await vmAndWatcher('vm-hub-test');
    const req = { sourceVmId: vm.id, destinationAddress: '192.168.10.1', destinationPort: 179, protocol: 'Tcp' as const };
    h.emu.faults.add({ kind: 'throttle', operation: 'nw.connectivityCheck', count: 1, retryAfterMs: 20 });
    expect((await h.reader.checkConnectivity(watcher, req)).status).toBe('completed');
    h.reader.cache.clear();
    h.emu.faults.add({ kind: 'throttle', operation: 'nw.connectivityCheck', retryAfterSeconds: 120 });
    const e = await rejection(h.reader.checkConnectivity(watcher, req));
    expect(e).toMatchObject({ kind: 'throttled', retryAfterMs: 120_000 });
  });
});

describe('IP flow verify, next hop, effective routes and security rules', () => {
  it('IP flow verify names the deciding rule', async () => {
    const { vm, watcher, nic } = await vmAndWatcher('vm-nsg');
    const deny = await h.reader.verifyIpFlow(watcher, { vmId: vm.id, nicId: nic.id, direction: 'Outbound', protocol: 'TCP', localIp: '10.0.1.5', localPort: 50000, remoteIp: '192.168.10.1', remotePort: 179 });
    expect(deny).toEqual({ access: 'Deny', ruleName: 'securityRules/DenyBgpOutbound' });
    const allow = await h.reader.verifyIpFlow(watcher, { vmId: vm.id, direction: 'Outbound', protocol: 'TCP', localIp: '10.0.1.5', localPort: 50000, remoteIp: '192.168.10.1', remotePort: 443 });
    expect(allow.access).toBe('Allow');
  });

  it('next hop gives the type, address and route table', async () => {
    const { vm, watcher, nic } = await vmAndWatcher('vm-udr');
    expect(await h.reader.getNextHop(watcher, { vmId: vm.id, nicId: nic.id, sourceIp: '10.0.3.4', destinationIp: '192.168.10.1' })).toEqual({
      nextHopType: 'VirtualAppliance',
      nextHopIpAddress: '10.0.0.4',
      routeTableId: expect.stringMatching(/\/routeTables\/rt-onprem-via-nva$/),
    });
  });

  it("reads a NIC's effective routes and effective security rules (no watcher needed)", async () => {
    const udr = await h.reader.resolveNetworkInterface('vm-udr-nic');
    const routes = await h.reader.getEffectiveRoutes(udr);
    expect(routes).toContainEqual(expect.objectContaining({ name: 'onprem-via-nva', source: 'User', nextHopType: 'VirtualAppliance', nextHopIpAddresses: ['10.0.0.4'] }));
    expect(routes).toContainEqual(expect.objectContaining({ source: 'VirtualNetworkGateway', state: 'Invalid', addressPrefixes: ['192.168.10.0/24'] }));
    const groups = await h.reader.getEffectiveSecurityGroups(await h.reader.resolveNetworkInterface('vm-nsg-nic'));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.association.networkInterfaceId).toMatch(/vm-nsg-nic$/);
    expect(groups[0]!.rules).toContainEqual(
      expect.objectContaining({ name: 'securityRules/DenyBgpOutbound', access: 'Deny', priority: 100, direction: 'Outbound', destinationPortRanges: ['179-179'], destinationAddressPrefixes: ['192.168.0.0/16'] }),
    );
    expect(h.emu.requests.count({ operation: 'nw.listAll' })).toBe(0);
  });

  it('names the missing permission for effective routes', async () => {
    const nic = await h.reader.resolveNetworkInterface('vm-udr-nic');
    h.emu.world.forbidden.push({ scope: nic.id, actions: ['Microsoft.Network/networkInterfaces/effectiveRouteTable/action'] });
    try {
      const e = await rejection(h.reader.getEffectiveRoutes(nic));
      expect(e).toMatchObject({ kind: 'forbidden', missingPermission: 'Microsoft.Network/networkInterfaces/effectiveRouteTable/action' });
    } finally {
      h.emu.world.forbidden = h.emu.world.forbidden.filter((f) => f.scope !== nic.id);
    }
  });
});
