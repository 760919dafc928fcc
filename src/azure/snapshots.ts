/**
 * Typed snapshots of what the commands need from Azure. Our own plain types (not the SDK's), so that
 * diagnosis and rendering depend on neither the SDK nor its version. Secrets are never copied in:
 * a peering's MD5 key becomes `sharedKeySet`, a circuit's service key becomes a masked form.
 */
export type DevicePath = 'primary' | 'secondary';
export const DEVICE_PATHS: readonly DevicePath[] = ['primary', 'secondary'];

export type PeeringName = 'AzurePrivatePeering' | 'MicrosoftPeering' | 'AzurePublicPeering';

export interface ResourceRef {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
}

export interface CircuitSummary extends ResourceRef {
  location: string;
  providerName?: string;
  peeringLocation?: string;
  bandwidthMbps?: number;
  skuName?: string;
  skuTier?: string;
  skuFamily?: string;
  circuitProvisioningState?: string;
  serviceProviderProvisioningState?: string;
  provisioningState?: string;
  /** ExpressRoute Direct (on an ExpressRoute port) rather than through a connectivity provider. */
  isDirect: boolean;
  globalReachEnabled?: boolean;
}

export interface PeeringSnapshot {
  name: string;
  peeringType: string;
  state?: string;
  provisioningState?: string;
  azureASN?: number;
  peerASN?: number;
  primaryPeerAddressPrefix?: string;
  secondaryPeerAddressPrefix?: string;
  vlanId?: number;
  /** Whether an MD5 key is configured. The key itself is never read into a snapshot. */
  sharedKeySet: boolean;
  microsoftPeeringConfig?: {
    advertisedPublicPrefixes?: string[];
    advertisedPublicPrefixesState?: string;
    customerASN?: number;
    routingRegistryName?: string;
  };
  ipv6?: { primaryPeerAddressPrefix?: string; secondaryPeerAddressPrefix?: string; state?: string };
}

export interface CircuitSnapshot extends CircuitSummary {
  /** e.g. "••••••••-••••-••••-••••-••••••••4f2a"; the full key is read only on an explicit, authorized request. */
  serviceKeyMasked?: string;
  peerings: PeeringSnapshot[];
  authorizations: { name: string; authorizationUseStatus?: string }[];
}

export interface CircuitStats {
  primaryBytesIn: number;
  primaryBytesOut: number;
  secondaryBytesIn: number;
  secondaryBytesOut: number;
}

export interface ArpEntry {
  age: number;
  interface: string;
  ipAddress: string;
  macAddress: string;
}

export interface RouteEntry {
  network: string;
  nextHop: string;
  locPrf?: string;
  weight?: number;
  path?: string;
}

export interface RouteSummaryEntry {
  neighbor: string;
  v?: number;
  as?: number;
  upDown?: string;
  /** A prefix count (session Established) or a BGP state word (Idle, Active, Connect, OpenSent, OpenConfirm). */
  statePfxRcd?: string;
}

export interface GatewaySnapshot extends ResourceRef {
  location: string;
  gatewayType?: string;
  skuName?: string;
  skuTier?: string;
  /** ErGwScale bounds, in scale units. */
  scaleUnits?: { min?: number; max?: number };
  bgpAsn?: number;
  provisioningState?: string;
  /** id of the virtual network the gateway sits in. */
  vnetId?: string;
}

export interface BgpPeerStatus {
  localAddress?: string;
  neighbor?: string;
  asn?: number;
  state?: string;
  connectedDuration?: string;
  routesReceived?: number;
  messagesSent?: number;
  messagesReceived?: number;
}

export interface GatewayRoute {
  localAddress?: string;
  network?: string;
  nextHop?: string;
  sourcePeer?: string;
  origin?: string;
  asPath?: string;
  weight?: number;
}

export interface ConnectionSnapshot extends ResourceRef {
  location: string;
  connectionType?: string;
  gatewayId?: string;
  /** The circuit (ExpressRoute) or peer the connection points at. */
  peerId?: string;
  routingWeight?: number;
  /** FastPath. */
  expressRouteGatewayBypass: boolean;
  enablePrivateLinkFastPath: boolean;
  connectionStatus?: string;
  provisioningState?: string;
}

export interface VnetSnapshot extends ResourceRef {
  location: string;
  addressPrefixes: string[];
  subnets: { name: string; addressPrefix?: string; routeTableId?: string }[];
  peerings: { name: string; remoteVnetId?: string; peeringState?: string }[];
}
