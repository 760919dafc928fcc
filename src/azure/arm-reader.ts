/**
 * AzureReader over @azure/arm-network: every read goes through the coalescing cache, a per-call time budget
 * (an AbortSignal the SDK honours for requests and LRO polling), throttling retries, and error mapping.
 */
import type { NetworkManagementClient } from '@azure/arm-network';
import { CoalescingCache } from './cache.ts';
import type { NetworkClients } from './client.ts';
import { type CallSite, toAzureError } from './error-map.ts';
import { AzureError } from './errors.ts';
import {
  serviceKeyOf,
  toArp,
  toBgpPeer,
  toCircuitSnapshot,
  toCircuitSummary,
  toConnection,
  toGateway,
  toGatewayRoute,
  toRoute,
  toStats,
  toSummary,
  toVnet,
} from './map.ts';
import { NetworkWatcherReads } from './network-watcher.ts';
import { refFromId } from './resource-id.ts';
import type { AzureReader, PathResult } from './reader.ts';
import { resolveByName } from './resolve.ts';
import { withThrottleRetry } from './retry.ts';
import { cachedList, joinListed, type Listed, readUpTo } from './list-cap.ts';
import {
  type ArpEntry,
  type BgpPeerStatus,
  type ConnectionSnapshot,
  type GatewayRoute,
  type GatewaySnapshot,
  type CircuitSnapshot,
  type CircuitStats,
  type CircuitSummary,
  DEVICE_PATHS,
  type DevicePath,
  type ResourceRef,
  type RouteEntry,
  type RouteSummaryEntry,
  type VnetSnapshot,
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

/** Most items read of one list unless configured (AZURE_MAX_LIST_ITEMS). */
export const DEFAULT_MAX_LIST_ITEMS = 5_000;

/** How long each kind of answer is reused. Short: during an incident the state changes under you. */
export const CACHE_TTL_MS = {
  circuitList: 60_000,
  resourceList: 60_000,
  circuit: 15_000,
  stats: 10_000,
  table: 15_000,
} as const;

const ACTION = {
  circuitRead: 'Microsoft.Network/expressRouteCircuits/read',
  stats: 'Microsoft.Network/expressRouteCircuits/stats/read',
  peeringStats: 'Microsoft.Network/expressRouteCircuits/peerings/stats/read',
  arp: 'Microsoft.Network/expressRouteCircuits/peerings/arpTables/action',
  routes: 'Microsoft.Network/expressRouteCircuits/peerings/routeTables/action',
  summary: 'Microsoft.Network/expressRouteCircuits/peerings/routeTablesSummary/action',
  resources: 'Microsoft.Resources/subscriptions/resources/read',
  gatewayRead: 'Microsoft.Network/virtualNetworkGateways/read',
  bgpPeers: 'Microsoft.Network/virtualNetworkGateways/getBgpPeerStatus/action',
  learnedRoutes: 'Microsoft.Network/virtualNetworkGateways/getLearnedRoutes/action',
  connectionRead: 'Microsoft.Network/connections/read',
  vnetRead: 'Microsoft.Network/virtualNetworks/read',
} as const;

/** Health-check failures that mean the bot cannot use Azure at all (see health()). */
const NOT_READY: ReadonlySet<AzureError['kind']> = new Set(['unreachable', 'timeout', 'credential']);

const TYPE = {
  gateway: 'Microsoft.Network/virtualNetworkGateways',
  connection: 'Microsoft.Network/connections',
} as const;

export interface ArmReaderOptions {
  clients: NetworkClients;
  endpoint: string;
  simulated: boolean;
  lroPollMs: number;
  callTimeoutMs: number;
  cache?: CoalescingCache;
  /** Most items read of one list (AZURE_MAX_LIST_ITEMS; default DEFAULT_MAX_LIST_ITEMS). */
  maxListItems?: number;
  /** Overrides of CACHE_TTL_MS (tests shorten them to see expiry). */
  ttlMs?: Partial<Record<keyof typeof CACHE_TTL_MS, number>>;
}

export class ArmReader implements AzureReader {
  readonly simulated: boolean;
  readonly endpoint: string;
  readonly subscriptionIds: readonly string[];
  readonly cache: CoalescingCache;
  private readonly clients: NetworkClients;
  private readonly lroPollMs: number;
  private readonly callTimeoutMs: number;
  readonly maxListItems: number;
  private readonly ttl: Record<keyof typeof CACHE_TTL_MS, number>;

  constructor(opts: ArmReaderOptions) {
    this.clients = opts.clients;
    this.endpoint = opts.endpoint;
    this.simulated = opts.simulated;
    this.subscriptionIds = opts.clients.subscriptionIds;
    this.lroPollMs = opts.lroPollMs;
    this.callTimeoutMs = opts.callTimeoutMs;
    this.maxListItems = opts.maxListItems ?? DEFAULT_MAX_LIST_ITEMS;
    this.cache = opts.cache ?? new CoalescingCache();
    this.ttl = { ...CACHE_TTL_MS, ...opts.ttlMs };
  }

  /** Network Watcher reads (network-watcher.ts), sharing this reader's call budget, retries and cache. */
  private nwReads?: NetworkWatcherReads;
  private get nw(): NetworkWatcherReads {
    this.nwReads ??= new NetworkWatcherReads({
      call: (site, run, budgetMs) => this.call(site, run, budgetMs),
      cache: this.cache,
      clients: this.clients,
      subscriptionIds: this.subscriptionIds,
      lroPollMs: this.lroPollMs,
      maxListItems: this.maxListItems,
    });
    return this.nwReads;
  }

  /** ARM requests sent so far, for logs and benchmarks. */
  requestCount(): number {
    return this.clients.requestCount();
  }

  /** One Azure call: time budget, throttling retries, typed errors. */
  private async call<T>(
    site: CallSite,
    run: (client: (sub: string) => NetworkManagementClient, signal: AbortSignal) => Promise<T>,
    budgetMs = this.callTimeoutMs,
  ): Promise<T> {
    const deadline = Date.now() + budgetMs;
    return withThrottleRetry(async () => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new AzureError('timeout', `${site.what}: no answer within the time budget.`, { resourceType: site.resourceType, name: site.name });
      const signal = AbortSignal.timeout(remaining);
      try {
        return await run((sub) => this.clients.forSubscription(sub), signal);
      } catch (e) {
        throw toAzureError(e, site);
      }
    }, { deadline });
  }

  /**
   * A read through the cache whose answer, when Azure left values out of it (`incomplete`), is not kept: the card
   * offers to read again, and that must ask ARM again rather than get the same gaps back (issue 16, point 1).
   * Reads in flight at the same time still share it.
   */
  private async cachedUnlessIncomplete<T>(key: string, ttlMs: number, load: () => Promise<T>, incomplete: (v: T) => boolean): Promise<T> {
    const v = await this.cache.get(key, ttlMs, load);
    if (incomplete(v)) this.cache.delete(key);
    return v;
  }

  /** A list read through the cache, at most maxListItems long, that says when it was cut (list-cap.ts). */
  private listed<T>(key: string, ttlMs: number, list: string, load: () => Promise<Listed<T>>): Promise<T[]> {
    return cachedList(this.cache, key, ttlMs, { list, limit: this.maxListItems }, load);
  }

  async listCircuits(): Promise<CircuitSummary[]> {
    return this.listed('circuits', this.ttl.circuitList, 'circuits', async () => {
      const perSub = await Promise.all(
        this.subscriptionIds.map((sub) =>
          this.call({ what: `circuits in subscription ${sub}`, action: ACTION.circuitRead }, (client, abortSignal) =>
            readUpTo(client(sub).expressRouteCircuits.listAll({ abortSignal }), this.maxListItems, toCircuitSummary),
          ),
        ),
      );
      const joined = joinListed(perSub, this.maxListItems);
      return { ...joined, items: joined.items.sort((a, b) => a.name.localeCompare(b.name)) };
    });
  }

  async resolveCircuit(name: string): Promise<CircuitSummary> {
    return resolveByName(await this.listCircuits(), name, 'circuit');
  }

  async getCircuit(ref: ResourceRef): Promise<CircuitSnapshot> {
    return this.cache.get(`circuit|${ref.id}`, this.ttl.circuit, () =>
      this.call({ what: `circuit ${ref.name}`, resourceType: 'circuit', name: ref.name, action: ACTION.circuitRead }, async (client, abortSignal) =>
        toCircuitSnapshot(await client(ref.subscriptionId).expressRouteCircuits.get(ref.resourceGroup, ref.name, { abortSignal })),
      ),
    );
  }

  async getServiceKey(ref: ResourceRef): Promise<string | undefined> {
    // Not through the cache: a secret should live in memory no longer than the request that needed it.
    return this.call({ what: `service key of ${ref.name}`, resourceType: 'circuit', name: ref.name, action: ACTION.circuitRead }, async (client, abortSignal) =>
      serviceKeyOf(await client(ref.subscriptionId).expressRouteCircuits.get(ref.resourceGroup, ref.name, { abortSignal })),
    );
  }

  async getCircuitStats(ref: ResourceRef, peeringName?: string): Promise<CircuitStats> {
    const key = `stats|${ref.id}|${peeringName ?? ''}`;
    return this.cachedUnlessIncomplete(key, this.ttl.stats, () =>
      this.call(
        { what: `stats of ${ref.name}`, resourceType: 'circuit', name: ref.name, action: peeringName ? ACTION.peeringStats : ACTION.stats },
        async (client, abortSignal) => {
          const ops = client(ref.subscriptionId).expressRouteCircuits;
          const s = peeringName
            ? await ops.getPeeringStats(ref.resourceGroup, ref.name, peeringName, { abortSignal })
            : await ops.getStats(ref.resourceGroup, ref.name, { abortSignal });
          return toStats(s);
        },
      ),
      (s) => s.primaryBytesIn === undefined || s.primaryBytesOut === undefined || s.secondaryBytesIn === undefined || s.secondaryBytesOut === undefined,
    );
  }

  async getArpTable(ref: ResourceRef, peeringName: string, path: DevicePath): Promise<ArpEntry[]> {
    return this.cachedUnlessIncomplete(`arp|${ref.id}|${peeringName}|${path}`, this.ttl.table, () =>
      this.call(
        { what: `ARP table of ${ref.name} (${peeringName}, ${path})`, resourceType: 'circuit', name: ref.name, action: ACTION.arp },
        async (client, abortSignal) => {
          const r = await client(ref.subscriptionId).expressRouteCircuits.listArpTable(ref.resourceGroup, ref.name, peeringName, path, {
            abortSignal,
            updateIntervalInMs: this.lroPollMs,
          });
          return (r.value ?? []).map(toArp);
        },
      ),
      (entries) => entries.some((e) => e.interface === undefined || e.macAddress === undefined),
    );
  }

  async getRouteTable(ref: ResourceRef, peeringName: string, path: DevicePath): Promise<RouteEntry[]> {
    return this.cache.get(`routes|${ref.id}|${peeringName}|${path}`, this.ttl.table, () =>
      this.call(
        { what: `route table of ${ref.name} (${peeringName}, ${path})`, resourceType: 'circuit', name: ref.name, action: ACTION.routes },
        async (client, abortSignal) => {
          const r = await client(ref.subscriptionId).expressRouteCircuits.listRoutesTable(ref.resourceGroup, ref.name, peeringName, path, {
            abortSignal,
            updateIntervalInMs: this.lroPollMs,
          });
          return (r.value ?? []).map(toRoute);
        },
      ),
    );
  }

  async getRouteSummary(ref: ResourceRef, peeringName: string, path: DevicePath): Promise<RouteSummaryEntry[]> {
    return this.cachedUnlessIncomplete(`summary|${ref.id}|${peeringName}|${path}`, this.ttl.table, () =>
      this.call(
        { what: `route summary of ${ref.name} (${peeringName}, ${path})`, resourceType: 'circuit', name: ref.name, action: ACTION.summary },
        async (client, abortSignal) => {
          const r = await client(ref.subscriptionId).expressRouteCircuits.listRoutesTableSummary(ref.resourceGroup, ref.name, peeringName, path, {
            abortSignal,
            updateIntervalInMs: this.lroPollMs,
          });
          return (r.value ?? []).map(toSummary);
        },
      ),
      (entries) => entries.some((e) => !e.statePfxRcd?.trim() || !e.upDown?.trim()),
    );
  }

  /**
   * Resources of one type across the subscriptions, through ARM's generic listing: gateways and connections
   * can only be listed per resource group, and we do not ask engineers which group they are in.
   */
  private listIdsOfType(type: string): Promise<Listed<ResourceRef>> {
    return this.cache.get(`ids|${type}`, this.ttl.resourceList, async () => {
      const perSub = await Promise.all(
        this.subscriptionIds.map((sub) =>
          this.call({ what: `${type} in subscription ${sub}`, action: ACTION.resources }, (_client, abortSignal) => {
            const filter = `resourceType eq '${type}'`;
            return readUpTo(this.clients.resourcesFor(sub).resources.list({ filter, abortSignal }), this.maxListItems, (r) => (r.id ? refFromId(r.id) : undefined));
          }),
        ),
      );
      return joinListed(perSub, this.maxListItems);
    });
  }

  /** Full resources of one type, read per resource group that holds any (one list call per group). */
  private async listByGroups<T, U>(
    type: string,
    what: string,
    action: string,
    list: (client: NetworkManagementClient, rg: string, abortSignal: AbortSignal) => AsyncIterable<T>,
    map: (item: T) => U,
  ): Promise<Listed<U>> {
    const refs = await this.listIdsOfType(type);
    const groups = [...new Map(refs.items.map((r) => [`${r.subscriptionId}/${r.resourceGroup}`.toLowerCase(), r])).values()];
    const perGroup = await Promise.all(
      groups.map((g) =>
        this.call({ what: `${what} in ${g.resourceGroup}`, action }, (client, abortSignal) =>
          readUpTo(list(client(g.subscriptionId), g.resourceGroup, abortSignal), this.maxListItems, map),
        ),
      ),
    );
    const joined = joinListed(perGroup, this.maxListItems);
    return { ...joined, cut: joined.cut || refs.cut };
  }

  async listGateways(): Promise<GatewaySnapshot[]> {
    return this.listed('gateways', this.ttl.resourceList, 'gateways', async () => {
      const listed = await this.listByGroups(TYPE.gateway, 'gateways', ACTION.gatewayRead, (c, rg, abortSignal) => c.virtualNetworkGateways.list(rg, { abortSignal }), toGateway);
      return { ...listed, items: listed.items.sort((a, b) => a.name.localeCompare(b.name)) };
    });
  }

  async resolveGateway(name: string): Promise<GatewaySnapshot> {
    return resolveByName(await this.listGateways(), name, 'gateway');
  }

  async getBgpPeerStatus(ref: ResourceRef): Promise<BgpPeerStatus[]> {
    return this.cache.get(`bgppeers|${ref.id}`, this.ttl.table, () =>
      this.call({ what: `BGP peers of ${ref.name}`, resourceType: 'gateway', name: ref.name, action: ACTION.bgpPeers }, async (client, abortSignal) => {
        const r = await client(ref.subscriptionId).virtualNetworkGateways.getBgpPeerStatus(ref.resourceGroup, ref.name, {
          abortSignal,
          updateIntervalInMs: this.lroPollMs,
        });
        return (r.value ?? []).map(toBgpPeer);
      }),
    );
  }

  async getLearnedRoutes(ref: ResourceRef): Promise<GatewayRoute[]> {
    return this.cache.get(`learned|${ref.id}`, this.ttl.table, () =>
      this.call({ what: `learned routes of ${ref.name}`, resourceType: 'gateway', name: ref.name, action: ACTION.learnedRoutes }, async (client, abortSignal) => {
        const r = await client(ref.subscriptionId).virtualNetworkGateways.getLearnedRoutes(ref.resourceGroup, ref.name, {
          abortSignal,
          updateIntervalInMs: this.lroPollMs,
        });
        return (r.value ?? []).map(toGatewayRoute);
      }),
    );
  }

  async listConnections(): Promise<ConnectionSnapshot[]> {
    return this.listed('connections', this.ttl.resourceList, 'connections', async () => {
      const listed = await this.listByGroups(TYPE.connection, 'connections', ACTION.connectionRead, (c, rg, abortSignal) => c.virtualNetworkGatewayConnections.list(rg, { abortSignal }), toConnection);
      return { ...listed, items: listed.items.sort((a, b) => a.name.localeCompare(b.name)) };
    });
  }

  async resolveConnection(name: string): Promise<ConnectionSnapshot> {
    return resolveByName(await this.listConnections(), name, 'connection');
  }

  async getVirtualNetwork(id: string): Promise<VnetSnapshot> {
    const ref = refFromId(id);
    if (!ref) throw new AzureError('bad-request', `Not a virtual network id: ${id}`, { resourceType: 'virtual network' });
    return this.cache.get(`vnet|${id.toLowerCase()}`, this.ttl.resourceList, () =>
      this.call({ what: `virtual network ${ref.name}`, resourceType: 'virtual network', name: ref.name, action: ACTION.vnetRead }, async (client, abortSignal) =>
        toVnet(await client(ref.subscriptionId).virtualNetworks.get(ref.resourceGroup, ref.name, { abortSignal })),
      ),
    );
  }

  listVirtualMachines(): Promise<VmSummary[]> {
    return this.nw.listVirtualMachines();
  }

  resolveVirtualMachine(name: string): Promise<VmSummary> {
    return this.nw.resolveVirtualMachine(name);
  }

  listNetworkInterfaces(): Promise<NicSnapshot[]> {
    return this.nw.listNetworkInterfaces();
  }

  resolveNetworkInterface(name: string): Promise<NicSnapshot> {
    return this.nw.resolveNetworkInterface(name);
  }

  listNetworkWatchers(): Promise<NetworkWatcherSnapshot[]> {
    return this.nw.listNetworkWatchers();
  }

  checkConnectivity(watcher: ResourceRef, req: ConnectivityCheckRequest): Promise<ConnectivityOutcome> {
    return this.nw.checkConnectivity(watcher, req);
  }

  verifyIpFlow(watcher: ResourceRef, req: IpFlowRequest): Promise<IpFlowResult> {
    return this.nw.verifyIpFlow(watcher, req);
  }

  getNextHop(watcher: ResourceRef, req: NextHopRequest): Promise<NextHopSnapshot> {
    return this.nw.getNextHop(watcher, req);
  }

  getEffectiveRoutes(nic: ResourceRef): Promise<EffectiveRouteEntry[]> {
    return this.nw.getEffectiveRoutes(nic);
  }

  getEffectiveSecurityGroups(nic: ResourceRef): Promise<EffectiveNsgSnapshot[]> {
    return this.nw.getEffectiveSecurityGroups(nic);
  }

  async readPaths<T>(read: (path: DevicePath) => Promise<T>, paths: readonly DevicePath[] = DEVICE_PATHS): Promise<PathResult<T>[]> {
    const settled = await Promise.allSettled(paths.map((p) => read(p)));
    return settled.map((s, i): PathResult<T> => {
      const path = paths[i]!;
      if (s.status === 'fulfilled') return { path, ok: true, value: s.value };
      const error = s.reason instanceof AzureError ? s.reason : toAzureError(s.reason, { what: `${path} path` });
      return { path, ok: false, error };
    });
  }

  /**
   * A fresh, cheap ARM read at most every 10 s (coalesced), for /readyz: not ready only when ARM cannot be
   * reached or the bot cannot authenticate. A 429 or 403 is ARM answering; taking every instance out of
   * rotation during a throttling storm would not make Azure answer sooner, and the cards still explain it.
   */
  async health(): Promise<{ ok: boolean; detail: string }> {
    return this.cache.get('health', 10_000, async () => {
      const sub = this.subscriptionIds[0];
      if (!sub) return { ok: false, detail: 'no subscription configured' };
      try {
        await this.call({ what: 'health check' }, async (client, abortSignal) => {
          await client(sub).expressRouteCircuits.listAll({ abortSignal }).byPage().next();
        }, 5_000);
        return { ok: true, detail: `ARM at ${this.endpoint} answered` };
      } catch (e) {
        if (!(e instanceof AzureError)) return { ok: false, detail: 'ARM check failed' };
        const reachable = !NOT_READY.has(e.kind);
        return { ok: reachable, detail: reachable ? `ARM at ${this.endpoint} answered (${e.kind}: ${e.message})` : `${e.kind}: ${e.message}` };
      }
    });
  }
}
