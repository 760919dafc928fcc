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

  /** Whether ARM answered recently (for /readyz). */
  health(): Promise<{ ok: boolean; detail: string }>;
}
