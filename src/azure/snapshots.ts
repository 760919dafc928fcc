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
  /**
   * The peerings as the circuit list gave them (ARM's list carries each circuit's peerings); undefined when the
   * source did not say. Enough to judge the configuration (`circuits`), never ARP or BGP.
   */
  peerings?: PeeringSnapshot[];
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

/** Bytes per path; a counter ARM left out is undefined (unknown), never 0 ("no traffic"). */
export interface CircuitStats {
  primaryBytesIn?: number;
  primaryBytesOut?: number;
  secondaryBytesIn?: number;
  secondaryBytesOut?: number;
}

/** An ARP entry; what ARM left out (age, interface, MAC) is undefined (unknown), never 0 or ''. */
export interface ArpEntry {
  age?: number;
  interface?: string;
  ipAddress: string;
  macAddress?: string;
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

// ---------------------------------------------------------------- Network Watcher (src/azure/network-watcher.ts)

/** A virtual machine as the generic resource listing knows it (Microsoft.Compute: no properties read). */
export interface VmSummary extends ResourceRef {
  location: string;
}

export interface NicSnapshot extends ResourceRef {
  location: string;
  /** id of the VM the NIC is attached to, if any. */
  vmId?: string;
  /** The VM's primary NIC. */
  primary?: boolean;
  /** Private addresses, the primary IP configuration's first. */
  privateIpAddresses: string[];
  subnetId?: string;
  nsgId?: string;
  enableIpForwarding?: boolean;
}

export interface NetworkWatcherSnapshot extends ResourceRef {
  location: string;
  provisioningState?: string;
}

export type ConnectivityProtocol = 'Tcp' | 'Http' | 'Https' | 'Icmp';

export interface ConnectivityCheckRequest {
  sourceVmId: string;
  /** An IP address or a host name (resolved by the source VM). */
  destinationAddress: string;
  destinationPort?: number;
  protocol: ConnectivityProtocol;
}

export interface ConnectivityIssueSnapshot {
  origin?: string;
  /** Error | Warning */
  severity?: string;
  /** AgentStopped | GuestFirewall | DnsResolution | SocketBind | NetworkSecurityRule | UserDefinedRoute | PortThrottled | Platform | Unknown */
  type?: string;
  /** e.g. [{ RuleName: "DenyBgpOutbound" }], [{ RouteTable: "rt-x", NextHop: "10.0.0.4" }] */
  context: Record<string, string>[];
}

export interface ConnectivityHopSnapshot {
  type?: string;
  id?: string;
  address?: string;
  resourceId?: string;
  nextHopIds: string[];
  issues: ConnectivityIssueSnapshot[];
}

export interface ConnectivityResult {
  /** Connected | Disconnected | Degraded | Unknown */
  connectionStatus?: string;
  avgLatencyInMs?: number;
  minLatencyInMs?: number;
  maxLatencyInMs?: number;
  probesSent?: number;
  probesFailed?: number;
  hops: ConnectivityHopSnapshot[];
}

/**
 * What a connectivity check came back with: a result, or the refusal Azure gives when the source VM lacks the
 * Network Watcher agent extension (the check cannot run at all; Azure's code and message kept as evidence).
 */
export type ConnectivityOutcome =
  | { status: 'completed'; result: ConnectivityResult }
  | { status: 'agent-missing'; azureCode?: string; message: string };

export type FlowDirection = 'Inbound' | 'Outbound';
export type FlowProtocol = 'TCP' | 'UDP';

export interface IpFlowRequest {
  vmId: string;
  nicId?: string;
  direction: FlowDirection;
  protocol: FlowProtocol;
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
}

export interface IpFlowResult {
  /** Allow | Deny */
  access?: string;
  /** e.g. "securityRules/DenyBgpOutbound", "defaultSecurityRules/DenyAllOutBound" */
  ruleName?: string;
}

export interface NextHopRequest {
  vmId: string;
  nicId?: string;
  sourceIp: string;
  destinationIp: string;
}

export interface NextHopSnapshot {
  /** Internet | VirtualAppliance | VirtualNetworkGateway | VnetLocal | HyperNetGateway | None */
  nextHopType?: string;
  nextHopIpAddress?: string;
  /** A route table id, or "System Route". */
  routeTableId?: string;
}

export interface EffectiveRouteEntry {
  /** The route's name (user routes). */
  name?: string;
  /** Default | User | VirtualNetworkGateway | Unknown */
  source?: string;
  /** Active | Invalid */
  state?: string;
  addressPrefixes: string[];
  nextHopIpAddresses: string[];
  nextHopType?: string;
  disableBgpRoutePropagation?: boolean;
}

export interface EffectiveSecurityRuleEntry {
  /** "securityRules/X" or "defaultSecurityRules/X". */
  name: string;
  protocol?: string;
  sourcePortRanges: string[];
  destinationPortRanges: string[];
  sourceAddressPrefixes: string[];
  destinationAddressPrefixes: string[];
  access?: string;
  priority?: number;
  direction?: string;
}

export interface EffectiveNsgSnapshot {
  nsgId?: string;
  /** Where the NSG applies: the subnet or the NIC. */
  association: { subnetId?: string; networkInterfaceId?: string };
  rules: EffectiveSecurityRuleEntry[];
}
