/**
 * Crafted snapshots for diagnosis tests. The default is a healthy Standard provider circuit "tokyo-er" with
 * private peering 192.168.10.0/30 (primary) and 192.168.10.4/30 (secondary), peer ASN 65010, VLAN 100, both
 * paths answering ARP on the first usable address and Established with 42 prefixes.
 */
import type {
  ArpEntry,
  BgpPeerStatus,
  CircuitSnapshot,
  CircuitStats,
  ConnectionSnapshot,
  DevicePath,
  GatewayRoute,
  GatewaySnapshot,
  PeeringSnapshot,
  RouteEntry,
  RouteSummaryEntry,
} from '../../src/azure/snapshots.ts';
import type { Verdict } from '../../src/diagnosis/verdict.ts';
import {
  failedRead,
  observed,
  type CircuitObservation,
  type FastPathObservation,
  type GatewayObservation,
  type PathObservation,
} from '../../src/diagnosis/observations.ts';
import { translator } from '../../src/i18n/index.ts';

export const en = translator('en');
export const ja = translator('ja');
export const ok = observed;
export const fail = (kind = 'timeout', message = 'The operation timed out', missingPermission?: string) => failedRead(kind, message, missingPermission);

export const CIRCUIT = 'tokyo-er';
const SUB = '00000000-0000-4000-8000-000000000001';
const RG = 'rg-er-prod';
const id = (type: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/${type}/${name}`;

/** Last octet base of each path's /30: primary .0, secondary .4. */
export const NET = { primary: { onPrem: '192.168.10.1', microsoft: '192.168.10.2' }, secondary: { onPrem: '192.168.10.5', microsoft: '192.168.10.6' } } as const;

export function peering(over: Partial<PeeringSnapshot> = {}): PeeringSnapshot {
  return {
    name: 'AzurePrivatePeering',
    peeringType: 'AzurePrivatePeering',
    state: 'Enabled',
    provisioningState: 'Succeeded',
    azureASN: 12076,
    peerASN: 65010,
    primaryPeerAddressPrefix: '192.168.10.0/30',
    secondaryPeerAddressPrefix: '192.168.10.4/30',
    vlanId: 100,
    sharedKeySet: true,
    ...over,
  };
}

export function microsoftPeering(over: Partial<PeeringSnapshot> = {}): PeeringSnapshot {
  return peering({
    name: 'MicrosoftPeering',
    peeringType: 'MicrosoftPeering',
    primaryPeerAddressPrefix: '203.0.113.0/30',
    secondaryPeerAddressPrefix: '203.0.113.4/30',
    vlanId: 200,
    microsoftPeeringConfig: { advertisedPublicPrefixes: ['198.51.100.0/27'], advertisedPublicPrefixesState: 'Configured', customerASN: 0, routingRegistryName: 'APNIC' },
    ...over,
  });
}

export function circuit(over: Partial<CircuitSnapshot> = {}): CircuitSnapshot {
  return {
    id: id('expressRouteCircuits', CIRCUIT),
    name: CIRCUIT,
    subscriptionId: SUB,
    resourceGroup: RG,
    location: 'japaneast',
    providerName: 'Equinix',
    peeringLocation: 'Tokyo',
    bandwidthMbps: 1000,
    skuName: 'Standard_MeteredData',
    skuTier: 'Standard',
    skuFamily: 'MeteredData',
    circuitProvisioningState: 'Enabled',
    serviceProviderProvisioningState: 'Provisioned',
    provisioningState: 'Succeeded',
    isDirect: false,
    serviceKeyMasked: '••••••••-••••-••••-••••-••••••••4f2a',
    peerings: [peering()],
    authorizations: [],
    ...over,
  };
}

export const onPrem = (ip: string, mac = 'dfea.a948.ca5f'): ArpEntry => ({ age: 9, interface: 'On-Prem', ipAddress: ip, macAddress: mac });
export const microsoft = (ip: string, mac = '19b0.9159.7909'): ArpEntry => ({ age: 0, interface: 'Microsoft', ipAddress: ip, macAddress: mac });

/** A healthy ARP table for a path of the default peering. */
export function arpOf(path: DevicePath): ArpEntry[] {
  return [microsoft(NET[path].microsoft), onPrem(NET[path].onPrem)];
}

export function neighbor(ip: string, statePfxRcd: string, upDown = '1d02h', as = 65010): RouteSummaryEntry {
  return { neighbor: ip, v: 4, as, upDown, statePfxRcd };
}

/** The route summary of a path: one neighbor at the on-prem address. */
export function summaryOf(path: DevicePath, statePfxRcd = '42', upDown = '1d02h'): RouteSummaryEntry[] {
  return [neighbor(NET[path].onPrem, statePfxRcd, upDown)];
}

/** `count` /24 routes from 10.1.0.0/24 via the path's on-prem address. */
export function routesOf(path: DevicePath, count = 42, extra: RouteEntry[] = []): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (let i = 0; i < count; i++) out.push({ network: `10.1.${i}.0/24`, nextHop: NET[path].onPrem, path: '65010', weight: 0 });
  return [...out, ...extra];
}

export function healthyPath(path: DevicePath, over: Partial<PathObservation> = {}): PathObservation {
  return { path, arp: ok(arpOf(path)), summary: ok(summaryOf(path)), ...over };
}

export function stats(over: Partial<CircuitStats> = {}): CircuitStats {
  return { primaryBytesIn: 1_290_000, primaryBytesOut: 2_790_000, secondaryBytesIn: 690_000, secondaryBytesOut: 490_000, ...over };
}

export interface ObsInit {
  circuit?: Partial<CircuitSnapshot>;
  peering?: Partial<PeeringSnapshot>;
  peeringName?: string;
  primary?: Partial<PathObservation> | null;
  secondary?: Partial<PathObservation> | null;
  stats?: CircuitObservation['stats'];
}

/**
 * A healthy observation (ARP + summary on both paths), with overrides. `primary: null` leaves the path out;
 * a partial replaces the given fields of the healthy path.
 */
export function obs(init: ObsInit = {}): CircuitObservation {
  const c = circuit({ ...(init.peering ? { peerings: [peering(init.peering)] } : {}), ...init.circuit });
  const paths: PathObservation[] = [];
  if (init.primary !== null) paths.push(healthyPath('primary', init.primary ?? {}));
  if (init.secondary !== null) paths.push(healthyPath('secondary', init.secondary ?? {}));
  const o: CircuitObservation = { circuit: c, peeringName: init.peeringName ?? 'AzurePrivatePeering', paths };
  if (init.stats !== undefined) o.stats = init.stats;
  return o;
}

export function gateway(over: Partial<GatewaySnapshot> = {}): GatewaySnapshot {
  return {
    id: id('virtualNetworkGateways', 'hub-ergw'),
    name: 'hub-ergw',
    subscriptionId: SUB,
    resourceGroup: RG,
    location: 'japaneast',
    gatewayType: 'ExpressRoute',
    skuName: 'ErGw3AZ',
    skuTier: 'ErGw3AZ',
    provisioningState: 'Succeeded',
    ...over,
  };
}

export function connection(over: Partial<ConnectionSnapshot> = {}): ConnectionSnapshot {
  return {
    id: id('connections', 'hub-conn'),
    name: 'hub-conn',
    subscriptionId: SUB,
    resourceGroup: RG,
    location: 'japaneast',
    connectionType: 'ExpressRoute',
    gatewayId: id('virtualNetworkGateways', 'hub-ergw'),
    peerId: id('expressRouteCircuits', CIRCUIT),
    routingWeight: 0,
    expressRouteGatewayBypass: false,
    enablePrivateLinkFastPath: false,
    connectionStatus: 'Connected',
    ...over,
  };
}

export function fastPathObs(over: Partial<FastPathObservation> = {}): FastPathObservation {
  return { gateway: gateway(), connections: [connection()], circuit: circuit(), ...over };
}

export function peer(neighborIp: string, state = 'Connected', routesReceived = 42): BgpPeerStatus {
  return {
    localAddress: '10.0.255.4',
    neighbor: neighborIp,
    asn: 12076,
    state,
    connectedDuration: state === 'Connected' ? '2.03:14:07.5312345' : '',
    routesReceived,
    messagesSent: 3891,
    messagesReceived: 4120,
  };
}

export const ownRoute: GatewayRoute = { localAddress: '10.0.255.4', network: '10.0.0.0/16', nextHop: '', sourcePeer: '10.0.255.4', origin: 'Network', asPath: '', weight: 32768 };
export const learnedRoute = (network: string, from = '10.0.255.12'): GatewayRoute => ({
  localAddress: '10.0.255.4',
  network,
  nextHop: from,
  sourcePeer: from,
  origin: 'EBgp',
  asPath: '12076-65010',
  weight: 32769,
});

export function gatewayObs(over: Partial<GatewayObservation> = {}): GatewayObservation {
  return {
    gateway: gateway(),
    peers: ok([peer('10.0.255.12'), peer('10.0.255.13')]),
    learnedRoutes: ok([ownRoute, learnedRoute('10.1.0.0/24'), learnedRoute('10.1.0.0/24', '10.0.255.13')]),
    connections: [connection()],
    ...over,
  };
}

export const ids = (vs: readonly Verdict[]) => vs.map((v) => v.ruleId);
export const scopes = (vs: readonly Verdict[]) => vs.map((v) => `${v.ruleId}@${v.scope ?? ''}`);
export const commandsOf = (v: Verdict | undefined) => (v?.followUps ?? []).map((f) => f.command);
export const allText = (v: Verdict) => [v.title, v.detail, ...v.evidence, ...v.nextSteps, ...(v.followUps ?? []).map((f) => f.title)].join('\n');
