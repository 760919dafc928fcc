/**
 * SDK models -> our snapshots. The only place that knows the SDK's field names. Secrets stop here:
 * `sharedKey` becomes a boolean and `serviceKey` a masked string.
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
  };
}

export function toPeering(p: ExpressRouteCircuitPeering): PeeringSnapshot {
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

export function toStats(s: ExpressRouteCircuitStats): CircuitStats {
  return {
    primaryBytesIn: s.primarybytesIn ?? 0,
    primaryBytesOut: s.primarybytesOut ?? 0,
    secondaryBytesIn: s.secondarybytesIn ?? 0,
    secondaryBytesOut: s.secondarybytesOut ?? 0,
  };
}

export const toArp = (a: ExpressRouteCircuitArpTable): ArpEntry => ({
  age: a.age ?? 0,
  interface: a.interface ?? '',
  ipAddress: a.ipAddress ?? '',
  macAddress: a.macAddress ?? '',
});

export const toRoute = (r: ExpressRouteCircuitRoutesTable): RouteEntry => ({
  network: r.network ?? '',
  nextHop: r.nextHop ?? '',
  locPrf: r.locPrf,
  weight: r.weight,
  path: r.path,
});

export const toSummary = (s: ExpressRouteCircuitRoutesTableSummary): RouteSummaryEntry => ({
  neighbor: s.neighbor ?? '',
  v: s.v,
  as: s.as,
  upDown: s.upDown,
  statePfxRcd: s.statePfxRcd,
});

export function toGateway(g: VirtualNetworkGateway): GatewaySnapshot {
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
  return {
    ...ref(v),
    location: v.location ?? '',
    addressPrefixes: v.addressSpace?.addressPrefixes ?? [],
    subnets: (v.subnets ?? []).map((s) => ({ name: s.name ?? '', addressPrefix: s.addressPrefix, routeTableId: s.routeTable?.id })),
    peerings: (v.virtualNetworkPeerings ?? []).map((p) => ({ name: p.name ?? '', remoteVnetId: p.remoteVirtualNetwork?.id, peeringState: p.peeringState })),
  };
}
