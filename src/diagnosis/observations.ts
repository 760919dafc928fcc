/**
 * What diagnosis looks at: snapshots the commands read, each marked as read, failed to read, or not read.
 * A layer whose data was not read (`undefined`) is not judged; a layer that failed to read is reported as
 * incomplete (ER-PATH-READ-FAILED / GW-READ-FAILED) and never counted as healthy.
 */
import type {
  ArpEntry,
  BgpPeerStatus,
  CircuitSnapshot,
  CircuitStats,
  CircuitSummary,
  ConnectionSnapshot,
  DevicePath,
  GatewayRoute,
  GatewaySnapshot,
  PeeringSnapshot,
  RouteEntry,
  RouteSummaryEntry,
} from '../azure/snapshots.ts';

/**
 * Why a read failed. `kind` is an AzureError kind (timeout, forbidden, throttled, ...); for `forbidden`,
 * `missingPermission` (AzureError.missingPermission) is named in the verdict when given.
 */
export type ReadFailure = { kind: string; message: string; missingPermission?: string };

/** A value that was read, a read that failed, or `undefined`: not read at all. */
export type Observed<T> = { ok: true; value: T } | { ok: false; failure: ReadFailure } | undefined;

export interface PathObservation {
  path: DevicePath;
  arp?: Observed<ArpEntry[]>;
  summary?: Observed<RouteSummaryEntry[]>;
  routes?: Observed<RouteEntry[]>;
}

export interface CircuitObservation {
  circuit: CircuitSnapshot;
  /** The asked-for peering, e.g. 'AzurePrivatePeering'. */
  peeringName: string;
  /** Primary, secondary, or both. */
  paths: PathObservation[];
  /** Per-peering stats (bytes per path). */
  stats?: Observed<CircuitStats>;
}

export interface FastPathTopology {
  vnetPeering?: boolean;
  udr?: boolean;
  privateLink?: boolean;
  ipv6?: boolean;
}

export interface FastPathObservation {
  gateway: GatewaySnapshot;
  /** Connections on the gateway (ExpressRoute ones are judged; others are ignored). */
  connections: ConnectionSnapshot[];
  /** The circuit behind the connections; `isDirect` tells ExpressRoute Direct from a provider circuit. */
  circuit?: CircuitSummary;
  topology?: FastPathTopology;
}

export interface GatewayObservation {
  gateway: GatewaySnapshot;
  peers?: Observed<BgpPeerStatus[]>;
  learnedRoutes?: Observed<GatewayRoute[]>;
  /** Connections on the gateway, when known: their circuits become follow-ups. */
  connections?: ConnectionSnapshot[];
}

export interface DiagnoseOptions {
  /**
   * Network Watcher hook: a VM that can reach the on-premises peer, used as the source of a
   * `check <vm> <peer>:179` follow-up when BGP is down while ARP is fine. Per-circuit configuration of it is
   * not defined yet; the command passes it in when it knows one.
   */
  testVm?: string;
}

export type ReadOk<T> = { ok: true; value: T };
export type ReadFailed = { ok: false; failure: ReadFailure };

/** A successful read. */
export function observed<T>(value: T): ReadOk<T> {
  return { ok: true, value };
}

/** A failed read. */
export function failedRead(kind: string, message = '', missingPermission?: string): ReadFailed {
  const failure: ReadFailure = { kind, message };
  if (missingPermission) failure.missingPermission = missingPermission;
  return { ok: false, failure };
}

export function isRead<T>(o: Observed<T>): o is ReadOk<T> {
  return o !== undefined && o.ok;
}

export function isFailed<T>(o: Observed<T>): o is ReadFailed {
  return o !== undefined && !o.ok;
}

/** The value when it was read, otherwise undefined. */
export function valueOf<T>(o: Observed<T>): T | undefined {
  return o !== undefined && o.ok ? o.value : undefined;
}

/** The peering the observation asks about (by name or type, case-insensitive). */
export function findPeering(circuit: CircuitSnapshot, peeringName: string): PeeringSnapshot | undefined {
  const want = peeringName.toLowerCase();
  return (
    circuit.peerings.find((p) => p.name.toLowerCase() === want) ??
    circuit.peerings.find((p) => (p.peeringType ?? '').toLowerCase() === want)
  );
}

/** The observation of one path, if that path was looked at. */
export function pathObservation(obs: CircuitObservation, path: DevicePath): PathObservation | undefined {
  return obs.paths.find((p) => p.path === path);
}
