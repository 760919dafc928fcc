/**
 * AzureReader over @azure/arm-network: every read goes through the coalescing cache, a per-call time budget
 * (an AbortSignal the SDK honours for requests and LRO polling), throttling retries, and error mapping.
 */
import type { NetworkManagementClient } from '@azure/arm-network';
import { CoalescingCache } from './cache.ts';
import type { NetworkClients } from './client.ts';
import { type CallSite, toAzureError } from './error-map.ts';
import { AzureError } from './errors.ts';
import { toArp, toCircuitSnapshot, toCircuitSummary, toRoute, toStats, toSummary } from './map.ts';
import type { AzureReader, PathResult } from './reader.ts';
import { resolveByName } from './resolve.ts';
import { withThrottleRetry } from './retry.ts';
import {
  type ArpEntry,
  type CircuitSnapshot,
  type CircuitStats,
  type CircuitSummary,
  DEVICE_PATHS,
  type DevicePath,
  type ResourceRef,
  type RouteEntry,
  type RouteSummaryEntry,
} from './snapshots.ts';

/** How long each kind of answer is reused. Short: during an incident the state changes under you. */
export const CACHE_TTL_MS = {
  circuitList: 60_000,
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
} as const;

export interface ArmReaderOptions {
  clients: NetworkClients;
  endpoint: string;
  simulated: boolean;
  lroPollMs: number;
  callTimeoutMs: number;
  cache?: CoalescingCache;
}

export class ArmReader implements AzureReader {
  readonly simulated: boolean;
  readonly endpoint: string;
  readonly subscriptionIds: readonly string[];
  readonly cache: CoalescingCache;
  private readonly clients: NetworkClients;
  private readonly lroPollMs: number;
  private readonly callTimeoutMs: number;

  constructor(opts: ArmReaderOptions) {
    this.clients = opts.clients;
    this.endpoint = opts.endpoint;
    this.simulated = opts.simulated;
    this.subscriptionIds = opts.clients.subscriptionIds;
    this.lroPollMs = opts.lroPollMs;
    this.callTimeoutMs = opts.callTimeoutMs;
    this.cache = opts.cache ?? new CoalescingCache();
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

  async listCircuits(): Promise<CircuitSummary[]> {
    return this.cache.get('circuits', CACHE_TTL_MS.circuitList, async () => {
      const perSub = await Promise.all(
        this.subscriptionIds.map((sub) =>
          this.call({ what: `circuits in subscription ${sub}`, action: ACTION.circuitRead }, async (client, abortSignal) => {
            const out: CircuitSummary[] = [];
            for await (const c of client(sub).expressRouteCircuits.listAll({ abortSignal })) out.push(toCircuitSummary(c));
            return out;
          }),
        ),
      );
      return perSub.flat().sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  async resolveCircuit(name: string): Promise<CircuitSummary> {
    return resolveByName(await this.listCircuits(), name, 'circuit');
  }

  async getCircuit(ref: ResourceRef): Promise<CircuitSnapshot> {
    return this.cache.get(`circuit|${ref.id}`, CACHE_TTL_MS.circuit, () =>
      this.call({ what: `circuit ${ref.name}`, resourceType: 'circuit', name: ref.name, action: ACTION.circuitRead }, async (client, abortSignal) =>
        toCircuitSnapshot(await client(ref.subscriptionId).expressRouteCircuits.get(ref.resourceGroup, ref.name, { abortSignal })),
      ),
    );
  }

  async getCircuitStats(ref: ResourceRef, peeringName?: string): Promise<CircuitStats> {
    return this.cache.get(`stats|${ref.id}|${peeringName ?? ''}`, CACHE_TTL_MS.stats, () =>
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
    );
  }

  async getArpTable(ref: ResourceRef, peeringName: string, path: DevicePath): Promise<ArpEntry[]> {
    return this.cache.get(`arp|${ref.id}|${peeringName}|${path}`, CACHE_TTL_MS.table, () =>
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
    );
  }

  async getRouteTable(ref: ResourceRef, peeringName: string, path: DevicePath): Promise<RouteEntry[]> {
    return this.cache.get(`routes|${ref.id}|${peeringName}|${path}`, CACHE_TTL_MS.table, () =>
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
    return this.cache.get(`summary|${ref.id}|${peeringName}|${path}`, CACHE_TTL_MS.table, () =>
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
    );
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

  /** A fresh, cheap ARM read at most every 10 s (coalesced), for /readyz. */
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
        return { ok: false, detail: e instanceof AzureError ? `${e.kind}: ${e.message}` : 'ARM check failed' };
      }
    });
  }
}
