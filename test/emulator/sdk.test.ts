/**
 * The real @azure/arm-network v39 client against the emulator over HTTPS: every operation the bot uses
 * returns the world's data under the SDK's own (flattened) field names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkManagementClient } from '@azure/arm-network';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/server.ts';
import { HUB, P1, POLL, SUB1, SUB2, VM_BASE, collect, sdk } from './helpers.ts';

describe('the v39 SDK against the emulator', () => {
  let emu: EmulatorHandle;
  let client: NetworkManagementClient;
  let dr: NetworkManagementClient;

  beforeAll(async () => {
    emu = await startEmulator({ lroDurationScale: 0 });
    client = sdk(emu);
    dr = sdk(emu, SUB2);
  });
  afterAll(() => emu.close());

  describe('circuits and peerings', () => {
    it('listAll pages through every circuit of the subscription (>= 2 pages)', async () => {
      emu.requests.reset();
      const names = (await collect(client.expressRouteCircuits.listAll())).map((c) => c.name);
      expect(names).toEqual([
        'tokyo-er', 'osaka-er', 'mumbai-er', 'singapore-er', 'hongkong-er', 'seoul-er', 'sydney-er', 'london-er', 'amsterdam-er',
        'frankfurt-er', 'paris-er', 'dublin-er', 'virginia-er', 'chicago-er', 'dallas-er', 'melbourne-er', 'restricted-er',
      ]);
      expect(emu.requests.count({ operation: 'circuits.listAll' })).toBeGreaterThanOrEqual(2);
      const pages = await collect(client.expressRouteCircuits.listAll().byPage());
      expect(pages.length).toBe(4);
      expect((await collect(dr.expressRouteCircuits.listAll())).map((c) => c.name)).toEqual(['tokyo-er-dr']);
    });

    it('list by resource group', async () => {
      expect(await collect(dr.expressRouteCircuits.list('rg-er-dr'))).toHaveLength(1);
      expect(await collect(client.expressRouteCircuits.list('rg-hub-japaneast'))).toHaveLength(0);
    });

    it('get returns every circuit field the bot reads', async () => {
      const c = await client.expressRouteCircuits.get('rg-er-prod', 'tokyo-er');
      const world = emu.world.circuits.find((x) => x.name === 'tokyo-er')!;
      expect(c).toMatchObject({
        id: `${P1}/expressRouteCircuits/tokyo-er`,
        name: 'tokyo-er',
        type: 'Microsoft.Network/expressRouteCircuits',
        location: 'japaneast',
        sku: { name: 'Premium_MeteredData', tier: 'Premium', family: 'MeteredData' },
        circuitProvisioningState: 'Enabled',
        serviceProviderProvisioningState: 'Provisioned',
        provisioningState: 'Succeeded',
        serviceKey: world.serviceKey,
        serviceProviderProperties: { serviceProviderName: 'Equinix', peeringLocation: 'Tokyo', bandwidthInMbps: 1000 },
        globalReachEnabled: false,
        allowClassicOperations: false,
      });
      expect(c.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
      expect(c.authorizations).toEqual([
        expect.objectContaining({ name: 'hub-conn-auth', authorizationUseStatus: 'InUse', provisioningState: 'Succeeded' }),
      ]);
      expect(c.peerings?.map((p) => p.name)).toEqual(['AzurePrivatePeering', 'MicrosoftPeering']);
      expect(c.peerings?.[0]).toMatchObject({
        id: `${P1}/expressRouteCircuits/tokyo-er/peerings/AzurePrivatePeering`,
        peeringType: 'AzurePrivatePeering',
        state: 'Enabled',
        azureASN: 12076,
        peerASN: 65010,
        primaryPeerAddressPrefix: '192.168.10.0/30',
        secondaryPeerAddressPrefix: '192.168.10.4/30',
        vlanId: 100,
        sharedKey: 'Md5-Demo-Secret-tokyo-9f3a',
        provisioningState: 'Succeeded',
      });
      expect(c.peerings?.[1]?.microsoftPeeringConfig).toMatchObject({
        advertisedPublicPrefixes: ['198.51.100.0/27'],
        advertisedPublicPrefixesState: 'Configured',
        routingRegistryName: 'APNIC',
      });
    });

    it('peerings get / list', async () => {
      const list = await collect(client.expressRouteCircuitPeerings.list('rg-er-prod', 'tokyo-er'));
      expect(list.map((p) => p.name)).toEqual(['AzurePrivatePeering', 'MicrosoftPeering']);
      const p = await client.expressRouteCircuitPeerings.get('rg-er-prod', 'singapore-er', 'AzurePrivatePeering');
      expect(p.state).toBe('Disabled');
      expect(await collect(client.expressRouteCircuitPeerings.list('rg-er-prod', 'osaka-er'))).toEqual([]);
      await expect(client.expressRouteCircuitPeerings.get('rg-er-prod', 'osaka-er', 'AzurePrivatePeering')).rejects.toMatchObject({
        statusCode: 404,
        code: 'ResourceNotFound',
      });
    });

    it('circuit stats and peering stats', async () => {
      const stats = await client.expressRouteCircuits.getStats('rg-er-prod', 'hongkong-er');
      expect(stats.primarybytesIn).toBeGreaterThan(0);
      expect(stats.secondarybytesIn).toBe(0);
      const ps = await client.expressRouteCircuits.getPeeringStats('rg-er-prod', 'tokyo-er', 'MicrosoftPeering');
      expect(ps).toEqual({
        primarybytesIn: 48_213_337_112,
        primarybytesOut: 22_101_884_007,
        secondarybytesIn: 31_877_410_554,
        secondarybytesOut: 17_450_112_903,
      });
    });

    it('ARP table, route table and route table summary per path', async () => {
      const arp = await client.expressRouteCircuits.listArpTable('rg-er-prod', 'seoul-er', 'AzurePrivatePeering', 'secondary', POLL);
      expect(arp.value).toEqual([
        expect.objectContaining({ interface: 'Microsoft', ipAddress: '192.168.15.6' }),
        { age: 0, interface: 'On-Prem', ipAddress: '192.168.15.5', macAddress: 'Incomplete' },
      ]);
      const routes = await client.expressRouteCircuits.listRoutesTable('rg-er-prod', 'frankfurt-er', 'AzurePrivatePeering', 'primary', POLL);
      expect(routes.value).toHaveLength(3600);
      expect(routes.value[0]).toEqual({ network: '10.128.0.0/24', nextHop: '192.168.19.1', locPrf: '', weight: 0, path: '65100' });
      expect(routes.value[3599]!.network).toBe('10.142.15.0/24');
      const chicago = await client.expressRouteCircuits.listRoutesTable('rg-er-prod', 'chicago-er', 'AzurePrivatePeering', 'secondary', POLL);
      expect(chicago.value[0]).toMatchObject({ network: '0.0.0.0/0', nextHop: '192.168.23.5' });
      const summary = await client.expressRouteCircuits.listRoutesTableSummary('rg-er-prod', 'london-er', 'AzurePrivatePeering', 'primary', POLL);
      expect(summary.value).toEqual([{ neighbor: '192.168.17.1', v: 4, as: 65080, upDown: '04:37:10', statePfxRcd: 'Idle' }]);
    });
  });

  describe('gateways and connections', () => {
    it('list by resource group and get', async () => {
      const list = await collect(client.virtualNetworkGateways.list('rg-hub-japaneast'));
      expect(list.map((g) => g.name)).toEqual(['hub-ergw', 'spoke-ergw', 'scale-ergw']);
      const g = await client.virtualNetworkGateways.get('rg-hub-japaneast', 'scale-ergw');
      expect(g).toMatchObject({
        id: `${HUB}/virtualNetworkGateways/scale-ergw`,
        gatewayType: 'ExpressRoute',
        sku: { name: 'ErGwScale', tier: 'ErGwScale' },
        autoScaleConfiguration: { bounds: { min: 2, max: 4 } },
        bgpSettings: { asn: 65515, bgpPeeringAddress: '10.30.255.4,10.30.255.5' },
        provisioningState: 'Succeeded',
      });
      expect(g.ipConfigurations?.[0]?.subnet?.id).toBe(`${HUB}/virtualNetworks/scale-vnet/subnets/GatewaySubnet`);
      expect((await dr.virtualNetworkGateways.get('rg-er-dr', 'dr-ergw')).sku?.name).toBe('UltraPerformance');
    });

    it('BGP peer status, learned routes, advertised routes', async () => {
      const spoke = await client.virtualNetworkGateways.getBgpPeerStatus('rg-hub-japaneast', 'spoke-ergw', POLL);
      expect(spoke.value?.map((p) => [p.neighbor, p.state])).toEqual([
        ['10.20.255.12', 'Connected'],
        ['10.20.255.13', 'Connecting'],
      ]);
      const hub = await client.virtualNetworkGateways.getBgpPeerStatus('rg-hub-japaneast', 'hub-ergw', { ...POLL, peer: '10.0.255.13' });
      expect(hub.value).toEqual([
        {
          localAddress: '10.0.255.5',
          neighbor: '10.0.255.13',
          asn: 12076,
          state: 'Connected',
          connectedDuration: '2.03:14:06.9921877',
          routesReceived: 42,
          messagesSent: 3898,
          messagesReceived: 4131,
        },
      ]);
      const learned = await client.virtualNetworkGateways.getLearnedRoutes('rg-hub-japaneast', 'hub-ergw', POLL);
      expect(learned.value).toHaveLength(1 + 41 + 41);
      expect(learned.value?.[1]).toEqual({
        localAddress: '10.0.255.4',
        network: '10.1.0.0/24',
        nextHop: '10.0.255.12',
        sourcePeer: '10.0.255.12',
        origin: 'EBgp',
        asPath: '12076-65010',
        weight: 32769,
      });
      const adv = await client.virtualNetworkGateways.getAdvertisedRoutes('rg-hub-japaneast', 'hub-ergw', '10.0.255.12', POLL);
      expect(adv.value?.[0]).toMatchObject({ network: '10.0.0.0/16', asPath: '65515' });
    });

    it('connections: list, get (FastPath, peer circuit, gateway reference)', async () => {
      const list = await collect(client.virtualNetworkGatewayConnections.list('rg-hub-japaneast'));
      expect(list.map((c) => [c.name, c.expressRouteGatewayBypass])).toEqual([
        ['hub-conn', true],
        ['spoke-conn', false],
        ['scale-conn', false],
        ['spoke-fp-conn', true],
      ]);
      const c = await client.virtualNetworkGatewayConnections.get('rg-hub-japaneast', 'hub-conn');
      expect(c).toMatchObject({
        connectionType: 'ExpressRoute',
        routingWeight: 10,
        expressRouteGatewayBypass: true,
        enablePrivateLinkFastPath: false,
        connectionStatus: 'Connected',
        peer: { id: `${P1}/expressRouteCircuits/tokyo-er` },
        virtualNetworkGateway1: { id: `${HUB}/virtualNetworkGateways/hub-ergw` },
      });
      const d = await dr.virtualNetworkGatewayConnections.get('rg-er-dr', 'dr-conn');
      expect(d.peer?.id).toBe(`/subscriptions/${SUB2}/resourceGroups/rg-er-dr/providers/Microsoft.Network/expressRouteCircuits/tokyo-er-dr`);
    });
  });

  describe('networks, NICs, Network Watcher', () => {
    it('virtual networks and NICs', async () => {
      const hub = await client.virtualNetworks.get('rg-hub-japaneast', 'hub-vnet');
      expect(hub.addressSpace?.addressPrefixes).toEqual(['10.0.0.0/16']);
      expect(hub.subnets?.find((s) => s.name === 'snet-udr')?.routeTable?.id).toContain('/routeTables/rt-onprem-via-nva');
      const nic = await client.networkInterfaces.get('rg-hub-japaneast', 'vm-nsg-nic');
      expect(nic.ipConfigurations?.[0]).toMatchObject({ name: 'ipconfig1', privateIPAddress: '10.0.1.5' });
      expect(nic.ipConfigurations?.[0]?.subnet?.id).toBe(`${HUB}/virtualNetworks/hub-vnet/subnets/snet-workload`);
      expect(nic.virtualMachine?.id).toBe(`${VM_BASE}/vm-nsg`);
      expect(nic.networkSecurityGroup?.id).toBe(`${HUB}/networkSecurityGroups/vm-nsg-nsg`);
      expect(await collect(client.networkInterfaces.list('rg-hub-japaneast'))).toHaveLength(9);
      expect(await collect(client.networkInterfaces.listAll())).toHaveLength(9);
    });

    it('effective routes and effective NSGs', async () => {
      const routes = await client.networkInterfaces.getEffectiveRouteTable('rg-hub-japaneast', 'vm-udr-nic', POLL);
      expect(routes.value.find((r) => r.source === 'User')).toEqual({
        name: 'onprem-via-nva',
        disableBgpRoutePropagation: false,
        source: 'User',
        state: 'Active',
        addressPrefix: ['192.168.10.0/24', '10.1.0.0/16'],
        nextHopIpAddress: ['10.0.0.4'],
        nextHopType: 'VirtualAppliance',
      });
      const nsgs = await client.networkInterfaces.listEffectiveNetworkSecurityGroups('rg-hub-japaneast', 'vm-nsg-nic', POLL);
      expect(nsgs.value[0]?.association?.networkInterface?.id).toBe(`${HUB}/networkInterfaces/vm-nsg-nic`);
      expect(nsgs.value[0]?.effectiveSecurityRules?.[0]).toMatchObject({
        name: 'securityRules/DenyBgpOutbound',
        protocol: 'Tcp',
        destinationPortRange: '179-179',
        access: 'Deny',
        priority: 100,
        direction: 'Outbound',
      });
      expect(nsgs.value[0]?.effectiveSecurityRules?.map((r) => r.name)).toContain('defaultSecurityRules/DenyAllInBound');
    });

    it('network watchers list / get', async () => {
      expect((await collect(client.networkWatchers.listAll())).map((w) => w.name)).toEqual(['NetworkWatcher_japaneast']);
      expect(await collect(client.networkWatchers.list('NetworkWatcherRG'))).toHaveLength(1);
      expect((await client.networkWatchers.get('NetworkWatcherRG', 'NetworkWatcher_japaneast')).location).toBe('japaneast');
    });

    const check = (vm: string, address = '192.168.10.1', port = 179) =>
      client.networkWatchers.checkConnectivity(
        'NetworkWatcherRG',
        'NetworkWatcher_japaneast',
        { source: { resourceId: `${VM_BASE}/${vm}` }, destination: { address, port }, protocol: 'Tcp' },
        POLL,
      );

    it('connectivity check: reachable, NSG block, UDR, agent missing, flaky', async () => {
      const ok = await check('vm-hub-test');
      expect(ok.connectionStatus).toBe('Connected');
      expect(ok.hops?.map((h) => h.type)).toEqual(['Source', 'VirtualNetworkGateway', 'Destination']);
      expect(ok.hops?.[0]).toMatchObject({ address: '10.0.1.4', resourceId: `${VM_BASE}/vm-hub-test`, nextHopIds: [ok.hops?.[1]?.id] });
      expect(ok.hops?.[2]?.address).toBe('192.168.10.1');

      const nsg = await check('vm-nsg');
      expect(nsg.connectionStatus).toBe('Disconnected');
      expect(nsg.hops?.[0]?.issues?.[0]).toEqual({
        origin: 'Outbound',
        severity: 'Error',
        type: 'NetworkSecurityRule',
        context: [{ RuleName: 'DenyBgpOutbound' }],
      });

      const udr = await check('vm-udr');
      expect(udr.hops?.[0]?.issues?.[0]?.type).toBe('UserDefinedRoute');
      expect(udr.hops?.[1]).toMatchObject({ type: 'VirtualAppliance', address: '10.0.0.4' });

      await expect(check('vm-noagent')).rejects.toMatchObject({ statusCode: 400, code: 'NetworkWatcherExtensionNotInstalled' });

      const statuses = new Set<string>();
      for (let i = 0; i < 8; i++) statuses.add((await check('vm-flaky')).connectionStatus ?? '');
      expect([...statuses].sort()).toEqual(['Connected', 'Degraded']);

      const derived = await check('vm-a', '10.1.7.20', 443);
      expect(derived.connectionStatus).toBe('Connected');
      expect(derived.hops?.[1]).toMatchObject({ type: 'VirtualNetworkGateway', address: '10.0.255.12' });
    });

    it('connectivity check from another region needs that region\'s watcher', async () => {
      await expect(check('vm-weu')).rejects.toMatchObject({ statusCode: 400, code: 'ResourceNotInNetworkWatcherRegion' });
    });

    it('IP flow verify follows the NSG rules', async () => {
      const flow = (vm: string, ip: string, port: string) =>
        client.networkWatchers.verifyIPFlow(
          'NetworkWatcherRG',
          'NetworkWatcher_japaneast',
          { targetResourceId: `${VM_BASE}/${vm}`, direction: 'Outbound', protocol: 'TCP', localPort: '50000', remotePort: port, localIPAddress: '10.0.1.5', remoteIPAddress: ip },
          POLL,
        );
      expect(await flow('vm-nsg', '192.168.10.1', '179')).toEqual({ access: 'Deny', ruleName: 'securityRules/DenyBgpOutbound' });
      expect(await flow('vm-nsg', '192.168.10.1', '22')).toEqual({ access: 'Allow', ruleName: 'defaultSecurityRules/AllowVnetOutBound' });
      expect(await flow('vm-hub-test', '192.168.10.1', '179')).toEqual({ access: 'Allow', ruleName: 'defaultSecurityRules/AllowVnetOutBound' });
      expect(await flow('vm-hub-test', '8.8.8.8', '443')).toEqual({ access: 'Allow', ruleName: 'defaultSecurityRules/AllowInternetOutBound' });
    });

    it('next hop follows the effective routes (UDR to an NVA, black hole, gateway)', async () => {
      const hop = (vm: string, destinationIPAddress = '192.168.10.1') =>
        client.networkWatchers.getNextHop(
          'NetworkWatcherRG',
          'NetworkWatcher_japaneast',
          { targetResourceId: `${VM_BASE}/${vm}`, sourceIPAddress: '10.0.0.1', destinationIPAddress },
          POLL,
        );
      expect(await hop('vm-udr')).toEqual({
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.0.0.4',
        routeTableId: `${HUB}/routeTables/rt-onprem-via-nva`,
      });
      expect(await hop('vm-noroute')).toMatchObject({ nextHopType: 'None', routeTableId: `${HUB}/routeTables/rt-blackhole` });
      expect(await hop('vm-hub-test')).toEqual({ nextHopType: 'VirtualNetworkGateway', nextHopIpAddress: '10.0.255.12', routeTableId: 'System Route' });
      expect(await hop('vm-hub-test', '8.8.8.8')).toMatchObject({ nextHopType: 'Internet' });
    });

    it('topology of a resource group (synchronous)', async () => {
      emu.requests.reset();
      const t = await client.networkWatchers.getTopology('NetworkWatcherRG', 'NetworkWatcher_japaneast', { targetResourceGroupName: 'rg-hub-japaneast' });
      const vm = t.resources?.find((r) => r.name === 'vm-nsg');
      expect(vm?.associations).toEqual([{ name: 'vm-nsg-nic', resourceId: `${HUB}/networkInterfaces/vm-nsg-nic`, associationType: 'Contains' }]);
      expect(t.resources?.some((r) => r.name === 'hub-ergw')).toBe(true);
      expect(emu.requests.count({ operation: 'nw.topology' })).toBe(1);
      expect(emu.requests.count({ operation: 'lro.poll' })).toBe(0);
    });
  });
});
