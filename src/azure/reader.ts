/**
 * What commands may ask of Azure. Implemented over @azure/arm-network by `ArmReader` (arm-reader.ts);
 * commands depend on this interface only. Every method throws `AzureError` (errors.ts), never a RestError.
 */
import type { AzureError } from './errors.ts';
import type {
  ArpEntry,
  BgpPeerStatus,
  ConnectionSnapshot,
  GatewayRoute,
  GatewaySnapshot,
  CircuitSnapshot,
  CircuitStats,
  CircuitSummary,
  DevicePath,
  ResourceRef,
  RouteEntry,
  RouteSummaryEntry,
  VnetSnapshot,
} from './snapshots.ts';
import type {
  ConnectivityCheckRequest,
  ConnectivityOutcome,
  EffectiveNsgSnapshot,
  EffectiveRouteEntry,
  IpFlowRequest,
  IpFlowResult,
  NetworkWatcherSnapshot,
  NextHopRequest,
  NextHopSnapshot,
  NicSnapshot,
  VmSummary,
} from './snapshots.ts';

/** One path's outcome: a failed or timed-out path does not hide the other. */
export type PathResult<T> =
  | { path: DevicePath; ok: true; value: T }
  | { path: DevicePath; ok: false; error: AzureError };

export interface AzureReader {
  /** True when the data comes from the embedded demo emulator. */
  readonly simulated: boolean;
  readonly endpoint: string;
  readonly subscriptionIds: readonly string[];

  listCircuits(): Promise<CircuitSummary[]>;
  /** By exact name (case-insensitive), then unique prefix; throws not-found (with suggestions) or ambiguous. */
  resolveCircuit(name: string): Promise<CircuitSummary>;
  getCircuit(ref: ResourceRef): Promise<CircuitSnapshot>;
  /** The circuit's full service key: read fresh, never cached; only for the confirmed `service key` command. */
  getServiceKey(ref: ResourceRef): Promise<string | undefined>;
  getCircuitStats(ref: ResourceRef, peeringName?: string): Promise<CircuitStats>;
  getArpTable(ref: ResourceRef, peeringName: string, path: DevicePath): Promise<ArpEntry[]>;
  getRouteTable(ref: ResourceRef, peeringName: string, path: DevicePath): Promise<RouteEntry[]>;
  getRouteSummary(ref: ResourceRef, peeringName: string, path: DevicePath): Promise<RouteSummaryEntry[]>;
  /** Runs `read` for each path in parallel and keeps each outcome. */
  readPaths<T>(read: (path: DevicePath) => Promise<T>, paths?: readonly DevicePath[]): Promise<PathResult<T>[]>;

  /** ExpressRoute and VPN gateways in the configured subscriptions. */
  listGateways(): Promise<GatewaySnapshot[]>;
  resolveGateway(name: string): Promise<GatewaySnapshot>;
  getBgpPeerStatus(ref: ResourceRef): Promise<BgpPeerStatus[]>;
  getLearnedRoutes(ref: ResourceRef): Promise<GatewayRoute[]>;
  /** Gateway connections in the configured subscriptions (ExpressRoute ones point at a circuit via peerId). */
  listConnections(): Promise<ConnectionSnapshot[]>;
  resolveConnection(name: string): Promise<ConnectionSnapshot>;

  /** A virtual network by id (subnets with their route tables, peerings): FastPath's topology. */
  getVirtualNetwork(id: string): Promise<VnetSnapshot>;

  // Network Watcher (src/azure/network-watcher.ts)
  /** VMs in the configured subscriptions (generic resource listing: name, id, region). */
  listVirtualMachines(): Promise<VmSummary[]>;
  /** By exact name, then unique prefix; throws not-found (with suggestions) or ambiguous. */
  resolveVirtualMachine(name: string): Promise<VmSummary>;
  /** Network interfaces in the configured subscriptions, with the VM each is attached to. */
  listNetworkInterfaces(): Promise<NicSnapshot[]>;
  resolveNetworkInterface(name: string): Promise<NicSnapshot>;
  /** Network watchers in the configured subscriptions (usually NetworkWatcher_<region> in NetworkWatcherRG). */
  listNetworkWatchers(): Promise<NetworkWatcherSnapshot[]>;
  /** Connection troubleshoot (LRO). A VM without the agent extension gives `agent-missing`, not an error. */
  checkConnectivity(watcher: ResourceRef, req: ConnectivityCheckRequest): Promise<ConnectivityOutcome>;
  /** IP flow verify (LRO): which NSG rule allows or denies one flow. */
  verifyIpFlow(watcher: ResourceRef, req: IpFlowRequest): Promise<IpFlowResult>;
  /** Next hop (LRO) from a VM's address to a destination address. */
  getNextHop(watcher: ResourceRef, req: NextHopRequest): Promise<NextHopSnapshot>;
  /** A NIC's effective route table (LRO). */
  getEffectiveRoutes(nic: ResourceRef): Promise<EffectiveRouteEntry[]>;
  /** A NIC's effective security rules, per NSG association (LRO). */
  getEffectiveSecurityGroups(nic: ResourceRef): Promise<EffectiveNsgSnapshot[]>;

  /** Whether ARM answered recently (for /readyz). */
  health(): Promise<{ ok: boolean; detail: string }>;
}
