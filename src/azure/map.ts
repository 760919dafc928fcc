/**
 * SDK models -> our snapshots. The only place that knows the SDK's field names. Secrets stop here:
 * `sharedKey` becomes a boolean and `serviceKey` a masked string. An answer without the fields ARM always sends
 * (shape.ts) is not mapped at all: it throws UnexpectedAnswer, so that `{}` never becomes "a circuit with no
 * peerings" or "zero bytes"; the defaults below only fill in fields that ARM may legitimately leave out.
 */
import type {
  BgpPeerStatus as SdkBgpPeerStatus,
  ExpressRouteCircuit,
  ExpressRouteCircuitArpTable,
  ExpressRouteCircuitPeering,
  ExpressRouteCircuitRoutesTable,
  ExpressRouteCircuitRoutesTableSummary,
  ExpressRouteCircuitStats,
  GatewayRoute as SdkGatewayRoute,
  VirtualNetwork,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '@azure/arm-network';
import { refFromId } from './resource-id.ts';
import { expectFields, NETWORK_RESOURCE } from './shape.ts';
import type {
  ArpEntry,
  BgpPeerStatus,
  CircuitSnapshot,
  CircuitStats,
  CircuitSummary,
  ConnectionSnapshot,
  GatewayRoute,
  GatewaySnapshot,
  PeeringSnapshot,
  ResourceRef,
  RouteEntry,
  RouteSummaryEntry,
  VnetSnapshot,
} from './snapshots.ts';
import type {
  ConnectivityHop as SdkConnectivityHop,
  ConnectivityInformation,
  EffectiveNetworkSecurityGroup,
  EffectiveNetworkSecurityRule,
  EffectiveRoute,
  NetworkInterface,
  NetworkWatcher,
  NextHopResult,
  VerificationIPFlowResult,
} from '@azure/arm-network';
import type {
  ConnectivityHopSnapshot,
  ConnectivityResult,
  EffectiveNsgSnapshot,
  EffectiveRouteEntry,
  EffectiveSecurityRuleEntry,
  IpFlowResult,
  NetworkWatcherSnapshot,
  NextHopSnapshot,
  NicSnapshot,
  VmSummary,
} from './snapshots.ts';

function ref(resource: { id?: string; name?: string }): ResourceRef {
  const parsed = resource.id ? refFromId(resource.id) : undefined;
  return {
    id: resource.id ?? '',
    name: resource.name ?? parsed?.name ?? '',
    subscriptionId: parsed?.subscriptionId ?? '',
    resourceGroup: parsed?.resourceGroup ?? '',
  };
}

/** Keeps the last four characters; enough to tell keys apart on a call with the provider, useless to an attacker. */
export function maskServiceKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  return key.replace(/[0-9a-z]/gi, '•').slice(0, -4) + key.slice(-4);
}

export function toCircuitSummary(c: ExpressRouteCircuit): CircuitSummary {
  expectFields(c, 'circuit', NETWORK_RESOURCE);
  const gbps = c.bandwidthInGbps;
  return {
    ...ref(c),
    location: c.location ?? '',
    providerName: c.serviceProviderProperties?.serviceProviderName,
    peeringLocation: c.serviceProviderProperties?.peeringLocation,
    bandwidthMbps: c.serviceProviderProperties?.bandwidthInMbps ?? (gbps !== undefined ? gbps * 1000 : undefined),
    skuName: c.sku?.name,
    skuTier: c.sku?.tier,
    skuFamily: c.sku?.family,
    circuitProvisioningState: c.circuitProvisioningState,
    serviceProviderProvisioningState: c.serviceProviderProvisioningState,
    provisioningState: c.provisioningState,
    isDirect: Boolean(c.expressRoutePort?.id),
    globalReachEnabled: c.globalReachEnabled,
    ...(c.peerings ? { peerings: c.peerings.map(toPeering) } : {}),
  };
}

export function toPeering(p: ExpressRouteCircuitPeering): PeeringSnapshot {
  // A circuit's peerings are child resources: each has its name (AzurePrivatePeering, …), or at least its type.
  expectFields(p, 'peering', p.peeringType ? {} : { name: 'string' });
  return {
    name: p.name ?? p.peeringType ?? '',
    peeringType: p.peeringType ?? p.name ?? '',
    state: p.state,
    provisioningState: p.provisioningState,
    azureASN: p.azureASN,
    peerASN: p.peerASN,
    primaryPeerAddressPrefix: p.primaryPeerAddressPrefix,
    secondaryPeerAddressPrefix: p.secondaryPeerAddressPrefix,
    vlanId: p.vlanId,
    sharedKeySet: Boolean(p.sharedKey),
    microsoftPeeringConfig: p.microsoftPeeringConfig
      ? {
          advertisedPublicPrefixes: p.microsoftPeeringConfig.advertisedPublicPrefixes,
          advertisedPublicPrefixesState: p.microsoftPeeringConfig.advertisedPublicPrefixesState,
          customerASN: p.microsoftPeeringConfig.customerASN,
          routingRegistryName: p.microsoftPeeringConfig.routingRegistryName,
        }
      : undefined,
    ipv6: p.ipv6PeeringConfig
      ? {
          primaryPeerAddressPrefix: p.ipv6PeeringConfig.primaryPeerAddressPrefix,
          secondaryPeerAddressPrefix: p.ipv6PeeringConfig.secondaryPeerAddressPrefix,
          state: p.ipv6PeeringConfig.state,
        }
      : undefined,
  };
}

export function toCircuitSnapshot(c: ExpressRouteCircuit): CircuitSnapshot {
  return {
    ...toCircuitSummary(c),
    serviceKeyMasked: maskServiceKey(c.serviceKey),
    peerings: (c.peerings ?? []).map(toPeering),
    authorizations: (c.authorizations ?? []).map((a) => ({ name: a.name ?? '', authorizationUseStatus: a.authorizationUseStatus })),
  };
}

/**
 * The service key of a circuit answer, for the operator-only `service key` command (not masked: that command
 * shows it). The answer is checked like any circuit: `{}` would otherwise read as "this circuit has no key".
 */
export function serviceKeyOf(c: ExpressRouteCircuit): string | undefined {
  expectFields(c, 'circuit', NETWORK_RESOURCE);
  return c.serviceKey;
}

const STATS_COUNTERS = ['primarybytesIn', 'primarybytesOut', 'secondarybytesIn', 'secondarybytesOut'] as const;

/**
 * Stats carry four counters. An answer with none of them (`{}`) or with one that is not a number is not a stats
 * answer (unexpected); a counter ARM left out is undefined, unknown, never 0: 0 would read as "no traffic".
 */
export function toStats(s: ExpressRouteCircuitStats): CircuitStats {
  expectFields(s, 'stats', {});
  const present = STATS_COUNTERS.filter((k) => s[k] !== undefined && s[k] !== null);
  if (present.length === 0) expectFields(s, 'stats', { primarybytesIn: 'number' });
  expectFields(s, 'stats', Object.fromEntries(present.map((k) => [k, 'number' as const])));
  const out: CircuitStats = {};
  if (typeof s.primarybytesIn === 'number') out.primaryBytesIn = s.primarybytesIn;
  if (typeof s.primarybytesOut === 'number') out.primaryBytesOut = s.primarybytesOut;
  if (typeof s.secondarybytesIn === 'number') out.secondaryBytesIn = s.secondarybytesIn;
  if (typeof s.secondarybytesOut === 'number') out.secondaryBytesOut = s.secondarybytesOut;
  return out;
}

/**
 * An ARP entry is an IP address and its MAC; one without its IP address is not an entry. Age, interface and MAC
 * that ARM left out stay undefined (unknown): '' would read as "MAC incomplete" or "not the on-premises router".
 */
export function toArp(a: ExpressRouteCircuitArpTable): ArpEntry {
  expectFields(a, 'ARP entry', { ipAddress: 'string' });
  const e: ArpEntry = { ipAddress: a.ipAddress! };
  if (typeof a.age === 'number') e.age = a.age;
  if (typeof a.interface === 'string') e.interface = a.interface;
  if (typeof a.macAddress === 'string') e.macAddress = a.macAddress;
  return e;
}

// Nothing is required of a route line: further paths to the same prefix may leave its network blank.
export const toRoute = (r: ExpressRouteCircuitRoutesTable): RouteEntry => ({
  network: r.network ?? '',
  nextHop: r.nextHop ?? '',
  locPrf: r.locPrf,
  weight: r.weight,
  path: r.path,
});

/** A route summary line is about one BGP neighbor, which it names. */
export function toSummary(s: ExpressRouteCircuitRoutesTableSummary): RouteSummaryEntry {
  expectFields(s, 'route summary entry', { neighbor: 'string' });
  return { neighbor: s.neighbor!, v: s.v, as: s.as, upDown: s.upDown, statePfxRcd: s.statePfxRcd };
}

export function toGateway(g: VirtualNetworkGateway): GatewaySnapshot {
  expectFields(g, 'gateway', NETWORK_RESOURCE);
  const ipConfig = g.ipConfigurations?.[0]?.subnet?.id;
  return {
    ...ref(g),
    location: g.location ?? '',
    gatewayType: g.gatewayType,
    skuName: g.sku?.name,
    skuTier: g.sku?.tier,
    scaleUnits: g.autoScaleConfiguration?.bounds
      ? { min: g.autoScaleConfiguration.bounds.min, max: g.autoScaleConfiguration.bounds.max }
      : undefined,
    bgpAsn: g.bgpSettings?.asn,
    provisioningState: g.provisioningState,
    vnetId: ipConfig?.replace(/\/subnets\/[^/]+$/i, ''),
  };
}

export const toBgpPeer = (p: SdkBgpPeerStatus): BgpPeerStatus => ({ ...p });
export const toGatewayRoute = (r: SdkGatewayRoute): GatewayRoute => ({ ...r });

export function toConnection(c: VirtualNetworkGatewayConnection): ConnectionSnapshot {
  expectFields(c, 'connection', NETWORK_RESOURCE);
  return {
    ...ref(c),
    location: c.location ?? '',
    connectionType: c.connectionType,
    gatewayId: c.virtualNetworkGateway1?.id,
    peerId: c.peer?.id,
    routingWeight: c.routingWeight,
    expressRouteGatewayBypass: Boolean(c.expressRouteGatewayBypass),
    enablePrivateLinkFastPath: Boolean(c.enablePrivateLinkFastPath),
    connectionStatus: c.connectionStatus,
    provisioningState: c.provisioningState,
  };
}

export function toVnet(v: VirtualNetwork): VnetSnapshot {
  expectFields(v, 'virtual network', NETWORK_RESOURCE);
  return {
    ...ref(v),
    location: v.location ?? '',
    addressPrefixes: v.addressSpace?.addressPrefixes ?? [],
    subnets: (v.subnets ?? []).map((s) => ({ name: s.name ?? '', addressPrefix: s.addressPrefix, routeTableId: s.routeTable?.id })),
    peerings: (v.virtualNetworkPeerings ?? []).map((p) => ({ name: p.name ?? '', remoteVnetId: p.remoteVirtualNetwork?.id, peeringState: p.peeringState })),
  };
}

// ---------------------------------------------------------------- Network Watcher

/** A VM from the generic resource listing: its id, name and region (the region picks the Network Watcher). */
export function toVmSummary(r: { id?: string; name?: string; location?: string }): VmSummary {
  expectFields(r, 'virtual machine', { id: 'string', name: 'string', location: 'string' });
  return { ...ref(r), location: r.location ?? '' };
}

export function toNic(n: NetworkInterface): NicSnapshot {
  expectFields(n, 'network interface', NETWORK_RESOURCE);
  const configs = [...(n.ipConfigurations ?? [])].sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)));
  return {
    ...ref(n),
    location: n.location ?? '',
    vmId: n.virtualMachine?.id,
    primary: n.primary,
    privateIpAddresses: configs.map((c) => c.privateIPAddress).filter((a): a is string => Boolean(a)),
    subnetId: configs[0]?.subnet?.id,
    nsgId: n.networkSecurityGroup?.id,
    enableIpForwarding: n.enableIPForwarding,
  };
}

/** A watcher is chosen by its region, so its location is required too. */
export function toNetworkWatcher(w: NetworkWatcher): NetworkWatcherSnapshot {
  expectFields(w, 'network watcher', { ...NETWORK_RESOURCE, location: 'string' });
  return { ...ref(w), location: w.location ?? '', provisioningState: w.provisioningState };
}

function toHop(h: SdkConnectivityHop): ConnectivityHopSnapshot {
  return {
    type: h.type,
    id: h.id,
    address: h.address,
    resourceId: h.resourceId,
    nextHopIds: [...(h.nextHopIds ?? [])],
    issues: (h.issues ?? []).map((i) => ({
      origin: i.origin,
      severity: i.severity,
      type: i.type,
      context: (i.context ?? []).map((c) => ({ ...c })),
    })),
  };
}

/** What a connectivity check found is its connectionStatus (Reachable, Unreachable, …). */
export function toConnectivity(c: ConnectivityInformation): ConnectivityResult {
  expectFields(c, 'connectivity check result', { connectionStatus: 'string' });
  return {
    connectionStatus: c.connectionStatus,
    avgLatencyInMs: c.avgLatencyInMs,
    minLatencyInMs: c.minLatencyInMs,
    maxLatencyInMs: c.maxLatencyInMs,
    probesSent: c.probesSent,
    probesFailed: c.probesFailed,
    hops: (c.hops ?? []).map(toHop),
  };
}

/** IP flow verify answers Allow or Deny: without `access` there is no answer. */
export function toIpFlow(r: VerificationIPFlowResult): IpFlowResult {
  expectFields(r, 'IP flow verify result', { access: 'string' });
  return { access: r.access, ruleName: r.ruleName };
}

/** Next hop always has a type (None for traffic that is dropped). */
export function toNextHop(r: NextHopResult): NextHopSnapshot {
  expectFields(r, 'next hop result', { nextHopType: 'string' });
  return { nextHopType: r.nextHopType, nextHopIpAddress: r.nextHopIpAddress, routeTableId: r.routeTableId };
}

/** Every effective route has a next hop type (None for a route that drops traffic). */
export function toEffectiveRoute(r: EffectiveRoute): EffectiveRouteEntry {
  expectFields(r, 'effective route', { nextHopType: 'string' });
  return {
    name: r.name,
    source: r.source,
    state: r.state,
    addressPrefixes: [...(r.addressPrefix ?? [])],
    nextHopIpAddresses: [...(r.nextHopIpAddress ?? [])],
    nextHopType: r.nextHopType,
    disableBgpRoutePropagation: r.disableBgpRoutePropagation,
  };
}

/** A single range or prefix and its list form come as two fields; one list here. */
const either = (one: string | undefined, many: string[] | undefined): string[] => (many && many.length > 0 ? [...many] : one ? [one] : []);

export const toEffectiveSecurityRule = (r: EffectiveNetworkSecurityRule): EffectiveSecurityRuleEntry => ({
  name: r.name ?? '',
  protocol: r.protocol,
  sourcePortRanges: either(r.sourcePortRange, r.sourcePortRanges),
  destinationPortRanges: either(r.destinationPortRange, r.destinationPortRanges),
  sourceAddressPrefixes: either(r.sourceAddressPrefix, r.sourceAddressPrefixes),
  destinationAddressPrefixes: either(r.destinationAddressPrefix, r.destinationAddressPrefixes),
  access: r.access,
  priority: r.priority,
  direction: r.direction,
});

export const toEffectiveNsg = (g: EffectiveNetworkSecurityGroup): EffectiveNsgSnapshot => ({
  nsgId: g.networkSecurityGroup?.id,
  association: { subnetId: g.association?.subnet?.id, networkInterfaceId: g.association?.networkInterface?.id },
  rules: (g.effectiveSecurityRules ?? []).map(toEffectiveSecurityRule),
});
