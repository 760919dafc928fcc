/**
 * World -> ARM wire shapes. On the wire most fields sit under `properties` (the SDK flattens them), `sku`,
 * `etag`, `location` stay top-level; field names follow the v39 SDK's deserializers
 * (node_modules/@azure/arm-network/dist/esm/models) and the tests read every one back through the SDK.
 */
import { consecutivePrefixes, hostInPrefix } from '../net/ip.ts';
import { etagFor, networkId, sameName, stableGuid } from './ids.ts';
import {
  type NicRef,
  type World,
  type WorldCircuit,
  type WorldConnection,
  type WorldGateway,
  type WorldNetworkWatcher,
  type WorldNic,
  type WorldVirtualMachine,
  type WorldVirtualNetwork,
  allNics,
  circuitId,
  connectionId,
  findVnetFor,
  gatewayId,
  inScope,
  nicId,
  resolveConnectionCircuit,
  resolveConnectionGateway,
  vmId,
  vnetId,
  watcherId,
} from './world.ts';
import type {
  WorldCircuitRoutes,
  WorldCircuitStats,
  WorldDevicePath,
  WorldEffectiveRoute,
  WorldGatewayRoutes,
  WorldPeering,
} from './world-schema.ts';

type Json = Record<string, unknown>;

const tagsOf = (r: { tags?: Record<string, string> }) => (r.tags ? { tags: r.tags } : {});

// ---------------------------------------------------------------- circuits

export function peeringId(c: WorldCircuit, p: WorldPeering): string {
  return `${circuitId(c)}/peerings/${p.name}`;
}

export function peeringWire(c: WorldCircuit, p: WorldPeering): Json {
  const id = peeringId(c, p);
  const properties: Json = {
    provisioningState: p.provisioningState,
    peeringType: p.name,
    azureASN: p.azureASN,
    peerASN: p.peerASN,
    primaryPeerAddressPrefix: p.primaryPeerAddressPrefix,
    secondaryPeerAddressPrefix: p.secondaryPeerAddressPrefix,
    primaryAzurePort: p.primaryAzurePort ?? '',
    secondaryAzurePort: p.secondaryAzurePort ?? '',
    state: p.state,
    vlanId: p.vlanId,
    gatewayManagerEtag: '',
    lastModifiedBy: 'Customer',
    connections: [],
    peeredConnections: [],
  };
  if (p.sharedKey !== undefined) properties.sharedKey = p.sharedKey;
  if (p.microsoftPeeringConfig) properties.microsoftPeeringConfig = p.microsoftPeeringConfig;
  if (p.ipv6PeeringConfig) properties.ipv6PeeringConfig = p.ipv6PeeringConfig;
  return { name: p.name, id, etag: etagFor(id), type: 'Microsoft.Network/expressRouteCircuits/peerings', properties };
}

export function circuitWire(c: WorldCircuit): Json {
  const id = circuitId(c);
  const properties: Json = {
    provisioningState: c.provisioningState,
    resourceGuid: stableGuid(`guid:${id.toLowerCase()}`),
    peerings: c.peerings.map((p) => peeringWire(c, p)),
    authorizations: c.authorizations.map((a) => {
      const aid = `${id}/authorizations/${a.name}`;
      return {
        name: a.name,
        id: aid,
        etag: etagFor(aid),
        type: 'Microsoft.Network/expressRouteCircuits/authorizations',
        properties: {
          provisioningState: 'Succeeded',
          authorizationUseStatus: a.authorizationUseStatus,
          ...(a.authorizationKey === undefined ? {} : { authorizationKey: a.authorizationKey }),
        },
      };
    }),
    serviceProviderProperties: c.serviceProviderProperties,
    circuitProvisioningState: c.circuitProvisioningState,
    allowClassicOperations: c.allowClassicOperations,
    gatewayManagerEtag: '',
    serviceKey: c.serviceKey,
    serviceProviderProvisioningState: c.serviceProviderProvisioningState,
    globalReachEnabled: c.globalReachEnabled,
    stag: 0,
  };
  if (c.serviceProviderNotes !== undefined) properties.serviceProviderNotes = c.serviceProviderNotes;
  if (c.expressRoutePort) properties.expressRoutePort = { id: c.expressRoutePort };
  if (c.bandwidthInGbps !== undefined) properties.bandwidthInGbps = c.bandwidthInGbps;
  return {
    name: c.name,
    id,
    etag: etagFor(id),
    type: 'Microsoft.Network/expressRouteCircuits',
    location: c.location,
    ...tagsOf(c),
    properties,
    sku: { name: c.sku.name ?? `${c.sku.tier}_${c.sku.family}`, tier: c.sku.tier, family: c.sku.family },
  };
}

export function circuitStatsWire(c: WorldCircuit): WorldCircuitStats {
  if (c.stats) return c.stats;
  const sum: WorldCircuitStats = { primarybytesIn: 0, primarybytesOut: 0, secondarybytesIn: 0, secondarybytesOut: 0 };
  for (const p of c.peerings) {
    sum.primarybytesIn += p.stats.primarybytesIn;
    sum.primarybytesOut += p.stats.primarybytesOut;
    sum.secondarybytesIn += p.stats.secondarybytesIn;
    sum.secondarybytesOut += p.stats.secondarybytesOut;
  }
  return sum;
}

export function expandCircuitRoutes(routes: WorldCircuitRoutes): Json[] {
  const items = Array.isArray(routes) ? routes : [routes];
  return items.flatMap((r) => {
    if (!('generate' in r)) return [{ ...r }];
    const g = r.generate;
    return consecutivePrefixes(g.start, g.count).map((network) => ({
      network,
      nextHop: g.nextHop,
      locPrf: g.locPrf,
      weight: g.weight,
      path: g.asPath,
    }));
  });
}

export function arpTableWire(path: WorldDevicePath): Json {
  return { value: path.arp.map((e) => ({ ...e })) };
}

export function routeTableWire(path: WorldDevicePath): Json {
  return { value: expandCircuitRoutes(path.routes) };
}

export function routeSummaryWire(path: WorldDevicePath): Json {
  return { value: path.routeSummary.map((e) => ({ ...e })) };
}

// ---------------------------------------------------------------- gateways and connections

export function gatewaySubnetPrefix(world: World, g: WorldGateway): string | undefined {
  const vnet = findVnetFor(world, g.subscriptionId, g.resourceGroup, g.vnet);
  return vnet?.subnets.find((s) => sameName(s.name, 'GatewaySubnet'))?.addressPrefix;
}

export function gatewayWire(world: World, g: WorldGateway): Json {
  const id = gatewayId(g);
  const vnet = findVnetFor(world, g.subscriptionId, g.resourceGroup, g.vnet);
  const gwSubnet = gatewaySubnetPrefix(world, g);
  // ER gateways report both instance addresses of the GatewaySubnet, comma-separated.
  const bgpPeeringAddress =
    g.bgpSettings.bgpPeeringAddress ??
    (gwSubnet ? [hostInPrefix(gwSubnet, 4), hostInPrefix(gwSubnet, 5)].filter(Boolean).join(',') : undefined);
  const ipcId = `${id}/ipConfigurations/default`;
  const properties: Json = {
    provisioningState: g.provisioningState,
    resourceGuid: stableGuid(`guid:${id.toLowerCase()}`),
    ipConfigurations: vnet
      ? [
          {
            name: 'default',
            id: ipcId,
            etag: etagFor(ipcId),
            properties: {
              provisioningState: 'Succeeded',
              privateIPAllocationMethod: 'Dynamic',
              subnet: { id: `${vnetId(vnet)}/subnets/GatewaySubnet` },
              publicIPAddress: { id: networkId(g.subscriptionId, g.resourceGroup, 'publicIPAddresses', `${g.name}-pip`) },
            },
          },
        ]
      : [],
    sku: { name: g.sku.name, tier: g.sku.tier ?? g.sku.name, ...(g.sku.capacity === undefined ? {} : { capacity: g.sku.capacity }) },
    gatewayType: g.gatewayType,
    enableBgp: false,
    activeActive: g.activeActive,
    bgpSettings: {
      asn: g.bgpSettings.asn,
      ...(bgpPeeringAddress ? { bgpPeeringAddress } : {}),
      peerWeight: g.bgpSettings.peerWeight,
    },
    allowRemoteVnetTraffic: false,
    allowVirtualWanTraffic: false,
    adminState: 'Enabled',
  };
  if (g.gatewayType === 'Vpn') properties.vpnType = 'RouteBased';
  if (g.autoScaleConfiguration) properties.autoScaleConfiguration = g.autoScaleConfiguration;
  return {
    name: g.name,
    id,
    etag: etagFor(id),
    type: 'Microsoft.Network/virtualNetworkGateways',
    location: g.location,
    ...tagsOf(g),
    properties,
  };
}

export function expandGatewayRoutes(routes: WorldGatewayRoutes): Json[] {
  const items = Array.isArray(routes) ? routes : [routes];
  return items.flatMap((r) => {
    if (!('generate' in r)) return [{ ...r }];
    const g = r.generate;
    return consecutivePrefixes(g.start, g.count).map((network) => ({
      localAddress: g.localAddress,
      network,
      nextHop: g.nextHop,
      sourcePeer: g.sourcePeer,
      origin: g.origin,
      asPath: g.asPath,
      weight: g.weight,
    }));
  });
}

export function connectionWire(world: World, c: WorldConnection): Json {
  const id = connectionId(c);
  const gw = resolveConnectionGateway(world, c);
  const circuit = resolveConnectionCircuit(world, c);
  const properties: Json = {
    provisioningState: c.provisioningState,
    resourceGuid: stableGuid(`guid:${id.toLowerCase()}`),
    // {id} alone crashes the v39 SDK (it deserialises a whole gateway, properties included).
    virtualNetworkGateway1: { id: gw ? gatewayId(gw) : c.gateway, properties: {} },
    connectionType: c.connectionType,
    routingWeight: c.routingWeight,
    enableBgp: false,
    useLocalAzureIpAddress: false,
    usePolicyBasedTrafficSelectors: false,
    ipsecPolicies: [],
    trafficSelectorPolicies: [],
    expressRouteGatewayBypass: c.expressRouteGatewayBypass,
    enablePrivateLinkFastPath: c.enablePrivateLinkFastPath,
    connectionStatus: c.connectionStatus,
    ingressBytesTransferred: c.ingressBytesTransferred,
    egressBytesTransferred: c.egressBytesTransferred,
  };
  if (circuit || c.circuit) properties.peer = { id: circuit ? circuitId(circuit) : c.circuit };
  return {
    name: c.name,
    id,
    etag: etagFor(id),
    type: 'Microsoft.Network/connections',
    location: c.location,
    ...tagsOf(c),
    properties,
  };
}

// ---------------------------------------------------------------- networks, VMs, NICs

export function nsgId(vm: WorldVirtualMachine, nic: WorldNic): string | undefined {
  return nic.nsg ? networkId(vm.subscriptionId, vm.resourceGroup, 'networkSecurityGroups', nic.nsg.name) : undefined;
}

export function vnetWire(world: World, v: WorldVirtualNetwork): Json {
  const id = vnetId(v);
  const nics = allNics(world);
  const subnets = v.subnets.map((s) => {
    const sid = `${id}/subnets/${s.name}`;
    const ipConfigurations = nics
      .filter(({ vm, nic }) => sameName(nic.subnet, s.name) && findVnetFor(world, vm.subscriptionId, vm.resourceGroup, nic.vnet) === v)
      .map(({ vm, nic }) => ({ id: `${nicId(vm, nic)}/ipConfigurations/ipconfig1` }));
    if (sameName(s.name, 'GatewaySubnet')) {
      for (const g of world.gateways) {
        if (findVnetFor(world, g.subscriptionId, g.resourceGroup, g.vnet) === v) ipConfigurations.push({ id: `${gatewayId(g)}/ipConfigurations/default` });
      }
    }
    return {
      name: s.name,
      id: sid,
      etag: etagFor(sid),
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: {
        provisioningState: 'Succeeded',
        addressPrefix: s.addressPrefix,
        ...(s.routeTable ? { routeTable: { id: s.routeTable } } : {}),
        ...(s.networkSecurityGroup ? { networkSecurityGroup: { id: s.networkSecurityGroup } } : {}),
        ipConfigurations,
        privateEndpointNetworkPolicies: 'Disabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
      },
    };
  });
  const peerings = v.peerings.map((p) => {
    const pid = `${id}/virtualNetworkPeerings/${p.name}`;
    const remote = world.virtualNetworks.find((r) => vnetId(r).toLowerCase() === p.remoteVirtualNetwork.toLowerCase());
    return {
      name: p.name,
      id: pid,
      etag: etagFor(pid),
      type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
      properties: {
        provisioningState: 'Succeeded',
        peeringState: p.peeringState,
        peeringSyncLevel: 'FullyInSync',
        remoteVirtualNetwork: { id: p.remoteVirtualNetwork },
        allowVirtualNetworkAccess: p.allowVirtualNetworkAccess,
        allowForwardedTraffic: p.allowForwardedTraffic,
        allowGatewayTransit: p.allowGatewayTransit,
        useRemoteGateways: p.useRemoteGateways,
        ...(remote ? { remoteAddressSpace: { addressPrefixes: remote.addressSpace } } : {}),
      },
    };
  });
  return {
    name: v.name,
    id,
    etag: etagFor(id),
    type: 'Microsoft.Network/virtualNetworks',
    location: v.location,
    ...tagsOf(v),
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: stableGuid(`guid:${id.toLowerCase()}`),
      addressSpace: { addressPrefixes: v.addressSpace },
      subnets,
      virtualNetworkPeerings: peerings,
      enableDdosProtection: false,
    },
  };
}

function azureMac(seed: string): string {
  const hex = stableGuid(`mac:${seed}`).replace(/-/g, '').toUpperCase();
  return `00-0D-3A-${hex.slice(0, 2)}-${hex.slice(2, 4)}-${hex.slice(4, 6)}`;
}

export function nicWire(world: World, { vm, nic }: NicRef): Json {
  const id = nicId(vm, nic);
  const vnet = findVnetFor(world, vm.subscriptionId, vm.resourceGroup, nic.vnet);
  const ipcId = `${id}/ipConfigurations/ipconfig1`;
  const nsg = nsgId(vm, nic);
  return {
    name: nic.name,
    id,
    etag: etagFor(id),
    type: 'Microsoft.Network/networkInterfaces',
    location: vm.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: stableGuid(`guid:${id.toLowerCase()}`),
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: ipcId,
          etag: etagFor(ipcId),
          type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
          properties: {
            provisioningState: 'Succeeded',
            privateIPAddress: nic.privateIPAddress,
            privateIPAllocationMethod: 'Dynamic',
            privateIPAddressVersion: 'IPv4',
            subnet: { id: vnet ? `${vnetId(vnet)}/subnets/${nic.subnet}` : nic.subnet },
            primary: true,
          },
        },
      ],
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      macAddress: nic.macAddress ?? azureMac(id.toLowerCase()),
      enableAcceleratedNetworking: nic.enableAcceleratedNetworking,
      vnetEncryptionSupported: false,
      enableIPForwarding: nic.enableIPForwarding,
      ...(nsg ? { networkSecurityGroup: { id: nsg } } : {}),
      hostedWorkloads: [],
      tapConfigurations: [],
      primary: vm.nics[0] === nic,
      virtualMachine: { id: vmId(vm) },
      nicType: 'Standard',
    },
  };
}

export function vmWire(vm: WorldVirtualMachine, expandInstanceView: boolean): Json {
  const id = vmId(vm);
  const properties: Json = {
    vmId: stableGuid(`vmid:${id.toLowerCase()}`),
    hardwareProfile: { vmSize: vm.vmSize },
    storageProfile: { osDisk: { osType: vm.osType, name: `${vm.name}_OsDisk_1`, createOption: 'FromImage' } },
    osProfile: { computerName: vm.name, adminUsername: 'azureuser' },
    networkProfile: {
      networkInterfaces: vm.nics.map((n, i) => ({ id: nicId(vm, n), properties: { primary: i === 0 } })),
    },
    provisioningState: 'Succeeded',
  };
  if (expandInstanceView) {
    properties.instanceView = {
      computerName: vm.name,
      statuses: [
        { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' },
        { code: `PowerState/${vm.powerState}`, level: 'Info', displayStatus: `VM ${vm.powerState}` },
      ],
    };
  }
  const extId = `${id}/extensions/AzureNetworkWatcherExtension`;
  return {
    name: vm.name,
    id,
    type: 'Microsoft.Compute/virtualMachines',
    location: vm.location,
    ...tagsOf(vm),
    properties,
    // The Network Watcher agent is a VM extension; ARM lists extensions in `resources`.
    resources: vm.networkWatcherAgent
      ? [
          {
            name: 'AzureNetworkWatcherExtension',
            id: extId,
            type: 'Microsoft.Compute/virtualMachines/extensions',
            location: vm.location,
            properties: {
              publisher: 'Microsoft.Azure.NetworkWatcher',
              type: vm.osType === 'Windows' ? 'NetworkWatcherAgentWindows' : 'NetworkWatcherAgentLinux',
              typeHandlerVersion: '1.4',
              autoUpgradeMinorVersion: true,
              provisioningState: 'Succeeded',
            },
          },
        ]
      : [],
  };
}

export function watcherWire(w: WorldNetworkWatcher): Json {
  const id = watcherId(w);
  return {
    name: w.name,
    id,
    etag: etagFor(id),
    type: 'Microsoft.Network/networkWatchers',
    location: w.location,
    ...tagsOf(w),
    properties: { provisioningState: w.provisioningState },
  };
}

/** Routes Azure installs in every subnet, when the world says nothing more specific. */
function systemRoutes(vnet: WorldVirtualNetwork | undefined): WorldEffectiveRoute[] {
  const none = (prefix: string): WorldEffectiveRoute => ({
    source: 'Default',
    state: 'Active',
    addressPrefix: [prefix],
    nextHopIpAddress: [],
    nextHopType: 'None',
    disableBgpRoutePropagation: false,
  });
  return [
    ...(vnet
      ? [
          {
            source: 'Default' as const,
            state: 'Active' as const,
            addressPrefix: [...vnet.addressSpace],
            nextHopIpAddress: [],
            nextHopType: 'VnetLocal',
            disableBgpRoutePropagation: false,
          },
        ]
      : []),
    { source: 'Default', state: 'Active', addressPrefix: ['0.0.0.0/0'], nextHopIpAddress: [], nextHopType: 'Internet', disableBgpRoutePropagation: false },
    none('10.0.0.0/8'),
    none('127.0.0.0/8'),
    none('100.64.0.0/10'),
    none('172.16.0.0/12'),
    none('192.168.0.0/16'),
  ];
}

export function effectiveRoutesOf(world: World, { vm, nic }: NicRef): WorldEffectiveRoute[] {
  const vnet = findVnetFor(world, vm.subscriptionId, vm.resourceGroup, nic.vnet);
  return nic.effectiveRoutes ?? vnet?.effectiveRoutes ?? systemRoutes(vnet);
}

export function effectiveRouteTableWire(world: World, ref: NicRef): Json {
  return {
    value: effectiveRoutesOf(world, ref).map(({ routeTableId: _omit, ...r }) => ({ ...r })),
  };
}

export interface EffectiveRule {
  name: string;
  protocol: string;
  sourcePortRange: string;
  destinationPortRange: string;
  sourceAddressPrefix: string;
  destinationAddressPrefix: string;
  access: 'Allow' | 'Deny';
  priority: number;
  direction: 'Inbound' | 'Outbound';
}

/** Azure's default NSG rules, appended to every NSG. */
export const DEFAULT_SECURITY_RULES: readonly EffectiveRule[] = [
  { name: 'AllowVnetInBound', priority: 65000, direction: 'Inbound', access: 'Allow', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'VirtualNetwork' },
  { name: 'AllowAzureLoadBalancerInBound', priority: 65001, direction: 'Inbound', access: 'Allow', sourceAddressPrefix: 'AzureLoadBalancer', destinationAddressPrefix: '0.0.0.0/0' },
  { name: 'DenyAllInBound', priority: 65500, direction: 'Inbound', access: 'Deny', sourceAddressPrefix: '0.0.0.0/0', destinationAddressPrefix: '0.0.0.0/0' },
  { name: 'AllowVnetOutBound', priority: 65000, direction: 'Outbound', access: 'Allow', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'VirtualNetwork' },
  { name: 'AllowInternetOutBound', priority: 65001, direction: 'Outbound', access: 'Allow', sourceAddressPrefix: '0.0.0.0/0', destinationAddressPrefix: 'Internet' },
  { name: 'DenyAllOutBound', priority: 65500, direction: 'Outbound', access: 'Deny', sourceAddressPrefix: '0.0.0.0/0', destinationAddressPrefix: '0.0.0.0/0' },
].map((r) => ({ ...r, name: `defaultSecurityRules/${r.name}`, protocol: 'All', sourcePortRange: '0-65535', destinationPortRange: '0-65535' }) as EffectiveRule);

/** The NIC's NSG rules ("securityRules/…") then the defaults, in evaluation order. */
export function effectiveRulesOf({ nic }: NicRef): EffectiveRule[] {
  if (!nic.nsg) return [];
  const custom = nic.nsg.rules.map((r) => ({ ...r, name: `securityRules/${r.name}` }));
  return [...custom, ...DEFAULT_SECURITY_RULES].sort((a, b) => a.priority - b.priority);
}

export function effectiveNsgWire(ref: NicRef): Json {
  const id = nsgId(ref.vm, ref.nic);
  if (!id) return { value: [] };
  return {
    value: [
      {
        networkSecurityGroup: { id },
        association: { networkInterface: { id: nicId(ref.vm, ref.nic) } },
        effectiveSecurityRules: effectiveRulesOf(ref).map((r) => ({
          ...r,
          sourcePortRanges: [],
          destinationPortRanges: [],
          sourceAddressPrefixes: [],
          destinationAddressPrefixes: [],
          expandedSourceAddressPrefix: [],
          expandedDestinationAddressPrefix: [],
        })),
      },
    ],
  };
}

// ---------------------------------------------------------------- topology

/** Network Watcher topology of a resource group or one virtual network: resources and how they associate. */
export function topologyWire(world: World, subscriptionId: string, scope: { resourceGroup?: string; vnet?: WorldVirtualNetwork }): Json {
  const resources: Json[] = [];
  const assoc = (name: string, resourceId: string, associationType: 'Contains' | 'Associated') => ({ name, resourceId, associationType });
  const inRg = <T extends { subscriptionId: string; resourceGroup: string; name: string }>(items: readonly T[]) =>
    scope.resourceGroup ? inScope(items, subscriptionId, scope.resourceGroup) : [];

  const vnets = scope.vnet ? [scope.vnet] : inRg(world.virtualNetworks);
  for (const v of vnets) {
    resources.push({
      name: v.name,
      id: vnetId(v),
      location: v.location,
      associations: v.subnets.map((s) => assoc(s.name, `${vnetId(v)}/subnets/${s.name}`, 'Contains')),
    });
    for (const s of v.subnets) {
      resources.push({
        name: s.name,
        id: `${vnetId(v)}/subnets/${s.name}`,
        location: v.location,
        associations: [
          ...(s.routeTable ? [assoc(s.routeTable.split('/').pop() ?? '', s.routeTable, 'Associated')] : []),
          ...(s.networkSecurityGroup ? [assoc(s.networkSecurityGroup.split('/').pop() ?? '', s.networkSecurityGroup, 'Associated')] : []),
        ],
      });
    }
  }
  const nics = allNics(world).filter(({ vm, nic }) =>
    scope.vnet ? findVnetFor(world, vm.subscriptionId, vm.resourceGroup, nic.vnet) === scope.vnet : inRg([vm]).length > 0,
  );
  const vms = [...new Set(nics.map((n) => n.vm))];
  for (const vm of vms) {
    resources.push({
      name: vm.name,
      id: vmId(vm),
      location: vm.location,
      associations: vm.nics.map((n) => assoc(n.name, nicId(vm, n), 'Contains')),
    });
  }
  for (const ref of nics) {
    const v = findVnetFor(world, ref.vm.subscriptionId, ref.vm.resourceGroup, ref.nic.vnet);
    const nsg = nsgId(ref.vm, ref.nic);
    resources.push({
      name: ref.nic.name,
      id: nicId(ref.vm, ref.nic),
      location: ref.vm.location,
      associations: [
        ...(v ? [assoc(ref.nic.subnet, `${vnetId(v)}/subnets/${ref.nic.subnet}`, 'Associated')] : []),
        ...(nsg ? [assoc(ref.nic.nsg?.name ?? '', nsg, 'Associated')] : []),
      ],
    });
  }
  const gateways = scope.vnet
    ? world.gateways.filter((g) => findVnetFor(world, g.subscriptionId, g.resourceGroup, g.vnet) === scope.vnet)
    : inRg(world.gateways);
  for (const g of gateways) {
    const v = findVnetFor(world, g.subscriptionId, g.resourceGroup, g.vnet);
    resources.push({
      name: g.name,
      id: gatewayId(g),
      location: g.location,
      associations: v ? [assoc('GatewaySubnet', `${vnetId(v)}/subnets/GatewaySubnet`, 'Associated')] : [],
    });
  }
  const key = `${subscriptionId}/${scope.resourceGroup ?? ''}/${scope.vnet ? vnetId(scope.vnet) : ''}`.toLowerCase();
  const now = new Date().toISOString();
  return { id: stableGuid(`topology:${key}`), createdDateTime: now, lastModified: now, resources };
}
