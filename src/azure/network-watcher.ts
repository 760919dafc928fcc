/**
 * Network Watcher reads (issue 6): VMs (by the generic resource listing: no Microsoft.Compute client),
 * network interfaces, the watchers of each region, connection troubleshoot, IP flow verify, next hop, and a
 * NIC's effective routes and security rules. ArmReader delegates here; every call goes through its `call`
 * (time budget, throttling retries, error mapping naming the missing permission) and its coalescing cache.
 *
 * A connectivity check from a VM without the Network Watcher agent extension cannot run: Azure refuses it
 * (the emulator with 400 NetworkWatcherExtensionNotInstalled; real ARM's code is not verified), so that refusal
 * is recognised by the status and the words "agent"/"extension" in the message and returned as an outcome,
 * not thrown: it is a diagnosis (NW-AGENT-MISSING), not a failure of the bot.
 */
import type { NetworkManagementClient } from '@azure/arm-network';
import { isRestError } from '@azure/core-rest-pipeline';
import type { CoalescingCache } from './cache.ts';
import type { NetworkClients } from './client.ts';
import type { CallSite } from './error-map.ts';
import { toConnectivity, toEffectiveNsg, toEffectiveRoute, toIpFlow, toNetworkWatcher, toNextHop, toNic, toVmSummary } from './map.ts';
import { cachedList, joinListed, readUpTo } from './list-cap.ts';
import { resolveByName } from './resolve.ts';
import { expectList } from './shape.ts';
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
  ResourceRef,
  VmSummary,
} from './snapshots.ts';

/**
 * How long answers are reused. Lists change rarely; a check is a measurement, so it is only shared by people
 * asking at the same moment (a war-room clicking the same button), never served stale after a fix.
 */
export const NW_CACHE_TTL_MS = {
  list: 60_000,
  check: 5_000,
  effective: 15_000,
} as const;

/** The RBAC actions each read needs (named on a 403 that does not say). */
export const NW_ACTION = {
  resources: 'Microsoft.Resources/subscriptions/resources/read',
  nicRead: 'Microsoft.Network/networkInterfaces/read',
  watcherRead: 'Microsoft.Network/networkWatchers/read',
  connectivityCheck: 'Microsoft.Network/networkWatchers/connectivityCheck/action',
  ipFlowVerify: 'Microsoft.Network/networkWatchers/ipFlowVerify/action',
  nextHop: 'Microsoft.Network/networkWatchers/nextHop/action',
  effectiveRoutes: 'Microsoft.Network/networkInterfaces/effectiveRouteTable/action',
  effectiveNsgs: 'Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action',
} as const;

const VM_TYPE = 'Microsoft.Compute/virtualMachines';
/** Shown in error messages ("lacks permission … on Network Watcher NetworkWatcher_japaneast"): a product name, not translated. */
const WATCHER_WORD = 'Network Watcher';

export type CallFn = <T>(
  site: CallSite,
  run: (client: (sub: string) => NetworkManagementClient, signal: AbortSignal) => Promise<T>,
  budgetMs?: number,
) => Promise<T>;

export interface NetworkWatcherReadsDeps {
  call: CallFn;
  cache: CoalescingCache;
  clients: NetworkClients;
  subscriptionIds: readonly string[];
  lroPollMs: number;
  /** Most items read of one list (AZURE_MAX_LIST_ITEMS). */
  maxListItems: number;
  ttlMs?: Partial<Record<keyof typeof NW_CACHE_TTL_MS, number>>;
}

// The pure selection helpers live in their own module, so that the commands can use them without loading the
// Azure SDK (this module imports @azure/core-rest-pipeline); re-exported here for existing callers.
export { nicsOfVm, normalizeLocation, watcherForRegion } from './network-watcher-select.ts';

/** The refusal of a check from a VM without the agent extension, recognised by status and wording. */
function agentRefusal(e: unknown): ConnectivityOutcome | undefined {
  let status: number | undefined;
  let code: string | undefined;
  let message: string | undefined;
  if (isRestError(e)) {
    const body = (e.details ?? {}) as { error?: { code?: string; message?: string } };
    status = e.statusCode;
    code = body.error?.code ?? e.code;
    message = body.error?.message ?? e.message;
  } else if (e instanceof Error) {
    // A failed LRO poll surfaces as a plain Error ("The long-running operation has failed…") carrying ARM's text.
    message = e.message;
    const withCode = e as Error & { code?: string; statusCode?: number };
    code = withCode.code;
    status = withCode.statusCode;
  }
  if (!message) return undefined;
  const clientError = status === undefined || (status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 404 && status !== 429);
  if (!clientError || !/\bagent\b|\bextension\b/i.test(message)) return undefined;
  return { status: 'agent-missing', ...(code ? { azureCode: code } : {}), message };
}

export class NetworkWatcherReads {
  private readonly deps: NetworkWatcherReadsDeps;
  private readonly ttl: Record<keyof typeof NW_CACHE_TTL_MS, number>;

  constructor(deps: NetworkWatcherReadsDeps) {
    this.deps = deps;
    this.ttl = { ...NW_CACHE_TTL_MS, ...deps.ttlMs };
  }

  private lro(abortSignal: AbortSignal) {
    return { abortSignal, updateIntervalInMs: this.deps.lroPollMs };
  }

  /** VMs in the configured subscriptions: names, ids and regions from the generic resource listing. */
  listVirtualMachines(): Promise<VmSummary[]> {
    const { call, cache, clients, subscriptionIds, maxListItems: limit } = this.deps;
    return cachedList(cache, 'nw|vms', this.ttl.list, { list: 'vms', limit }, async () => {
      const perSub = await Promise.all(
        subscriptionIds.map((sub) =>
          call({ what: `virtual machines in subscription ${sub}`, action: NW_ACTION.resources }, (_client, abortSignal) =>
            readUpTo(clients.resourcesFor(sub).resources.list({ filter: `resourceType eq '${VM_TYPE}'`, abortSignal }), limit, (r) => {
              const vm = toVmSummary(r);
              return vm.subscriptionId ? vm : undefined;
            }),
          ),
        ),
      );
      const joined = joinListed(perSub, limit);
      return { ...joined, items: joined.items.sort((a, b) => a.name.localeCompare(b.name)) };
    });
  }

  async resolveVirtualMachine(name: string): Promise<VmSummary> {
    return resolveByName(await this.listVirtualMachines(), name, 'vm');
  }

  /** Every network interface of the configured subscriptions (attachment, addresses, subnet, NSG). */
  listNetworkInterfaces(): Promise<NicSnapshot[]> {
    const { call, cache, subscriptionIds, maxListItems: limit } = this.deps;
    return cachedList(cache, 'nw|nics', this.ttl.list, { list: 'nics', limit }, async () => {
      const perSub = await Promise.all(
        subscriptionIds.map((sub) =>
          call({ what: `network interfaces in subscription ${sub}`, action: NW_ACTION.nicRead }, (client, abortSignal) =>
            readUpTo(client(sub).networkInterfaces.listAll({ abortSignal }), limit, toNic),
          ),
        ),
      );
      const joined = joinListed(perSub, limit);
      return { ...joined, items: joined.items.sort((a, b) => a.name.localeCompare(b.name)) };
    });
  }

  async resolveNetworkInterface(name: string): Promise<NicSnapshot> {
    return resolveByName(await this.listNetworkInterfaces(), name, 'nic');
  }

  listNetworkWatchers(): Promise<NetworkWatcherSnapshot[]> {
    const { call, cache, subscriptionIds, maxListItems: limit } = this.deps;
    return cachedList(cache, 'nw|watchers', this.ttl.list, { list: 'watchers', limit }, async () => {
      const perSub = await Promise.all(
        subscriptionIds.map((sub) =>
          call({ what: `network watchers in subscription ${sub}`, action: NW_ACTION.watcherRead }, (client, abortSignal) =>
            readUpTo(client(sub).networkWatchers.listAll({ abortSignal }), limit, toNetworkWatcher),
          ),
        ),
      );
      return joinListed(perSub, limit);
    });
  }

  checkConnectivity(watcher: ResourceRef, req: ConnectivityCheckRequest): Promise<ConnectivityOutcome> {
    const key = `nw|check|${watcher.id}|${req.sourceVmId}|${req.protocol}|${req.destinationAddress}|${req.destinationPort ?? ''}`.toLowerCase();
    const site: CallSite = { what: `connectivity check via ${watcher.name}`, resourceType: WATCHER_WORD, name: watcher.name, action: NW_ACTION.connectivityCheck };
    return this.deps.cache.get(key, this.ttl.check, () =>
      this.deps.call(site, async (client, abortSignal): Promise<ConnectivityOutcome> => {
        try {
          const r = await client(watcher.subscriptionId).networkWatchers.checkConnectivity(
            watcher.resourceGroup,
            watcher.name,
            {
              source: { resourceId: req.sourceVmId },
              destination: { address: req.destinationAddress, ...(req.destinationPort !== undefined ? { port: req.destinationPort } : {}) },
              protocol: req.protocol,
            },
            this.lro(abortSignal),
          );
          return { status: 'completed', result: toConnectivity(r) };
        } catch (e) {
          const refusal = agentRefusal(e);
          if (refusal) return refusal;
          throw e;
        }
      }),
    );
  }

  verifyIpFlow(watcher: ResourceRef, req: IpFlowRequest): Promise<IpFlowResult> {
    const key = `nw|flow|${watcher.id}|${req.vmId}|${req.nicId ?? ''}|${req.direction}|${req.protocol}|${req.localIp}:${req.localPort}|${req.remoteIp}:${req.remotePort}`.toLowerCase();
    const site: CallSite = { what: `IP flow verify via ${watcher.name}`, resourceType: WATCHER_WORD, name: watcher.name, action: NW_ACTION.ipFlowVerify };
    return this.deps.cache.get(key, this.ttl.check, () =>
      this.deps.call(site, async (client, abortSignal) =>
        toIpFlow(
          await client(watcher.subscriptionId).networkWatchers.verifyIPFlow(
            watcher.resourceGroup,
            watcher.name,
            {
              targetResourceId: req.vmId,
              ...(req.nicId ? { targetNicResourceId: req.nicId } : {}),
              direction: req.direction,
              protocol: req.protocol,
              localIPAddress: req.localIp,
              localPort: String(req.localPort),
              remoteIPAddress: req.remoteIp,
              remotePort: String(req.remotePort),
            },
            this.lro(abortSignal),
          ),
        ),
      ),
    );
  }

  getNextHop(watcher: ResourceRef, req: NextHopRequest): Promise<NextHopSnapshot> {
    const key = `nw|nexthop|${watcher.id}|${req.vmId}|${req.nicId ?? ''}|${req.sourceIp}|${req.destinationIp}`.toLowerCase();
    const site: CallSite = { what: `next hop via ${watcher.name}`, resourceType: WATCHER_WORD, name: watcher.name, action: NW_ACTION.nextHop };
    return this.deps.cache.get(key, this.ttl.check, () =>
      this.deps.call(site, async (client, abortSignal) =>
        toNextHop(
          await client(watcher.subscriptionId).networkWatchers.getNextHop(
            watcher.resourceGroup,
            watcher.name,
            {
              targetResourceId: req.vmId,
              ...(req.nicId ? { targetNicResourceId: req.nicId } : {}),
              sourceIPAddress: req.sourceIp,
              destinationIPAddress: req.destinationIp,
            },
            this.lro(abortSignal),
          ),
        ),
      ),
    );
  }

  getEffectiveRoutes(nic: ResourceRef): Promise<EffectiveRouteEntry[]> {
    const site: CallSite = { what: `effective routes of ${nic.name}`, resourceType: 'nic', name: nic.name, action: NW_ACTION.effectiveRoutes };
    return this.deps.cache.get(`nw|routes|${nic.id.toLowerCase()}`, this.ttl.effective, () =>
      this.deps.call(site, async (client, abortSignal) => {
        const r = await client(nic.subscriptionId).networkInterfaces.getEffectiveRouteTable(nic.resourceGroup, nic.name, this.lro(abortSignal));
        return expectList(r.value, 'effective route table').map(toEffectiveRoute);
      }),
    );
  }

  getEffectiveSecurityGroups(nic: ResourceRef): Promise<EffectiveNsgSnapshot[]> {
    const site: CallSite = { what: `effective security rules of ${nic.name}`, resourceType: 'nic', name: nic.name, action: NW_ACTION.effectiveNsgs };
    return this.deps.cache.get(`nw|nsgs|${nic.id.toLowerCase()}`, this.ttl.effective, () =>
      this.deps.call(site, async (client, abortSignal) => {
        const r = await client(nic.subscriptionId).networkInterfaces.listEffectiveNetworkSecurityGroups(nic.resourceGroup, nic.name, this.lro(abortSignal));
        return expectList(r.value, 'effective security groups').map(toEffectiveNsg);
      }),
    );
  }
}
