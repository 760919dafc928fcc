/**
 * Network Watcher (list/get, connectivity check, IP flow verify, next hop, topology) and the NIC's effective
 * routes / NSGs. Answers come from the watcher's canned rules in the world (first match by VM and
 * destination); when none matches they are derived from the world's routes and NSGs (network-model.ts).
 */
import { ArmError, badRequest, resourceNotFound } from '../arm-errors.ts';
import { parseId, sameId, stableGuid } from '../ids.ts';
import type { LroOutcome } from '../lro.ts';
import { evaluateNsg, lookupRoute } from '../network-model.ts';
import { ok } from '../reply.ts';
import { type HandlerContext, type RouteDef, rgProvider, subProvider } from '../router.ts';
import { effectiveNsgWire, effectiveRouteTableWire, topologyWire, watcherWire } from '../wire.ts';
import {
  type NicRef,
  type World,
  findNicById,
  findPlaced,
  findVmById,
  findVnetFor,
  inScope,
  vmId,
  watcherId,
} from '../world.ts';
import type { ArmErrorSpec, WorldConnectivityResult, WorldNetworkWatcher, WorldVirtualMachine } from '../world-schema.ts';
import { page, param, startLro, succeed } from './common.ts';
import { nicOf } from './compute.ts';

const WATCHERS = `${rgProvider('Microsoft.Network')}/networkWatchers`;
const WATCHER = `${WATCHERS}/{watcher}`;
const NW = 'Microsoft.Network/networkWatchers';
const NIC = `${rgProvider('Microsoft.Network')}/networkInterfaces/{nic}`;

function watcherOf(ctx: HandlerContext): WorldNetworkWatcher {
  const w = findPlaced(ctx.world.networkWatchers, param(ctx, 'sub'), param(ctx, 'rg'), param(ctx, 'watcher'));
  if (!w) throw resourceNotFound('Microsoft.Network/networkWatchers', param(ctx, 'watcher'), param(ctx, 'rg'));
  return w;
}

function body(ctx: HandlerContext): Record<string, unknown> {
  return ctx.body && typeof ctx.body === 'object' ? (ctx.body as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The VM a request names, which must exist and sit in the watcher's region (one watcher per region). */
function vmFor(ctx: HandlerContext, w: WorldNetworkWatcher, id: string | undefined, field: string): WorldVirtualMachine {
  if (!id) throw badRequest('InvalidRequestFormat', `The request body is missing '${field}'.`, field);
  const vm = findVmById(ctx.world, id) ?? findNicById(ctx.world, id)?.vm;
  if (!vm) {
    const p = parseId(id);
    throw resourceNotFound('Microsoft.Compute/virtualMachines', p.name, p.resourceGroup ?? '');
  }
  if (vm.location.toLowerCase() !== w.location.toLowerCase()) {
    // Emulator wording (not verified against ARM): the answer a caller gets when it uses another region's watcher.
    throw badRequest(
      'ResourceNotInNetworkWatcherRegion',
      `Resource '${vmId(vm)}' is in region '${vm.location}', but Network Watcher '${w.name}' is in region '${w.location}'. ` +
        `Use the Network Watcher of region '${vm.location}'.`,
      field,
    );
  }
  return vm;
}

function primaryNic(vm: WorldVirtualMachine): NicRef {
  return { vm, nic: vm.nics[0]! };
}

/** "ip:port" matches exactly; "ip" or a VM name matches any port. */
function destinationMatches(pattern: string | undefined, dest: { address?: string; port?: string; vmName?: string }): boolean {
  if (pattern === undefined) return true;
  const p = pattern.toLowerCase();
  const addr = dest.address?.toLowerCase();
  if (addr !== undefined && (p === addr || (dest.port !== undefined && p === `${addr}:${dest.port}`))) return true;
  return dest.vmName !== undefined && p === dest.vmName.toLowerCase();
}

function vmMatches(pattern: string | undefined, vm: WorldVirtualMachine): boolean {
  return pattern === undefined || pattern.toLowerCase() === vm.name.toLowerCase();
}

const fail = (error: ArmErrorSpec): LroOutcome => ({ kind: 'fail', error });

// ---------------------------------------------------------------- connectivity check

interface ConnectivityRequest {
  source: WorldVirtualMachine;
  sourceIp: string;
  address?: string;
  port?: string;
  destinationVm?: WorldVirtualMachine;
}

/** Fills in what the world leaves out: hop ids, the chain of nextHopIds, source and destination addresses. */
function connectivityWire(req: ConnectivityRequest, result: WorldConnectivityResult): Record<string, unknown> {
  const key = `${vmId(req.source)}|${req.address ?? ''}:${req.port ?? ''}`.toLowerCase();
  const ids = result.hops.map((_, i) => stableGuid(`hop:${key}:${i}`));
  const last = result.hops.length - 1;
  const hops = result.hops.map((h, i) => ({
    type: h.type,
    id: ids[i],
    address: h.address ?? (i === 0 && h.type === 'Source' ? req.sourceIp : i === last ? req.address : undefined),
    resourceId:
      h.resourceId ??
      (i === 0 && h.type === 'Source' ? vmId(req.source) : i === last && req.destinationVm ? vmId(req.destinationVm) : undefined),
    nextHopIds: i < last ? [ids[i + 1]] : [],
    issues: h.issues,
  }));
  return {
    hops,
    connectionStatus: result.connectionStatus,
    ...(result.avgLatencyInMs === undefined ? {} : { avgLatencyInMs: result.avgLatencyInMs }),
    ...(result.minLatencyInMs === undefined ? {} : { minLatencyInMs: result.minLatencyInMs }),
    ...(result.maxLatencyInMs === undefined ? {} : { maxLatencyInMs: result.maxLatencyInMs }),
    probesSent: result.probesSent,
    probesFailed: result.probesFailed,
  };
}

/** No canned answer: what NSGs and routes of the world imply. */
function derivedConnectivity(world: World, req: ConnectivityRequest, protocol: string): LroOutcome {
  if (!req.source.networkWatcherAgent) {
    // Emulator wording (code not verified against ARM): checks need the agent extension on the source VM.
    return fail({
      status: 400,
      code: 'NetworkWatcherExtensionNotInstalled',
      message:
        `The Network Watcher Agent VM extension (AzureNetworkWatcherExtension) is not installed on virtual machine ` +
        `'${vmId(req.source)}'. Install the extension and retry the check.`,
    });
  }
  const ref = primaryNic(req.source);
  const destination = req.address ?? '';
  const flow = evaluateNsg(world, ref, {
    direction: 'Outbound',
    protocol: protocol.toLowerCase() === 'udp' ? 'Udp' : 'Tcp',
    localIPAddress: req.sourceIp,
    localPort: '*',
    remoteIPAddress: destination,
    remotePort: req.port ?? '*',
  });
  const route = lookupRoute(world, ref, destination);
  const down = (issue: WorldConnectivityResult['hops'][number]['issues'][number], middle: WorldConnectivityResult['hops'] = []) =>
    succeed(
      connectivityWire(req, {
        connectionStatus: 'Disconnected',
        probesSent: 30,
        probesFailed: 30,
        hops: [{ type: 'Source', issues: [issue] }, ...middle, { type: 'Destination', issues: [] }],
      }),
    );
  if (flow.access === 'Deny') {
    return down({
      origin: 'Outbound',
      severity: 'Error',
      type: 'NetworkSecurityRule',
      context: [{ RuleName: flow.ruleName.replace(/^(default)?securityRules\//i, '') }],
    });
  }
  if (route.nextHopType === 'None') {
    return down({ origin: 'Outbound', severity: 'Error', type: route.route?.source === 'User' ? 'UserDefinedRoute' : 'Platform', context: [] });
  }
  if (route.route?.source === 'User' && route.nextHopType === 'VirtualAppliance') {
    return down(
      { origin: 'Outbound', severity: 'Error', type: 'UserDefinedRoute', context: [{ RouteTable: route.routeTableId, NextHop: route.nextHopIpAddress ?? '' }] },
      [{ type: 'VirtualAppliance', address: route.nextHopIpAddress, issues: [] }],
    );
  }
  const via = route.nextHopType === 'VirtualNetworkGateway' ? [{ type: 'VirtualNetworkGateway', address: route.nextHopIpAddress, issues: [] }] : [];
  return succeed(
    connectivityWire(req, {
      connectionStatus: 'Connected',
      avgLatencyInMs: via.length > 0 ? 4 : 1,
      minLatencyInMs: via.length > 0 ? 3 : 1,
      maxLatencyInMs: via.length > 0 ? 7 : 2,
      probesSent: 66,
      probesFailed: 0,
      hops: [{ type: 'Source', issues: [] }, ...via, { type: 'Destination', issues: [] }],
    }),
  );
}

function connectivityOutcome(ctx: HandlerContext, w: WorldNetworkWatcher, req: ConnectivityRequest, protocol: string): LroOutcome {
  const dest = { address: req.address, port: req.port, vmName: req.destinationVm?.name };
  const rule = w.connectivity.find((r) => vmMatches(r.vm, req.source) && destinationMatches(r.destination, dest));
  if (!rule) return derivedConnectivity(ctx.world, req, protocol);
  if (rule.error) return fail(rule.error);
  const result = rule.result ?? rule.oneOf![Math.floor(ctx.random() * rule.oneOf!.length)]!;
  return succeed(connectivityWire(req, result));
}

// ---------------------------------------------------------------- routes

export const networkWatcherRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: `${subProvider('Microsoft.Network')}/networkWatchers`,
    operation: 'nw.listAll',
    action: `${NW}/read`,
    handler: (ctx) =>
      page(
        ctx,
        inScope(ctx.world.networkWatchers, param(ctx, 'sub'))
          .filter((w) => ctx.allowed(watcherId(w), `${NW}/read`))
          .map(watcherWire),
      ),
  },
  {
    method: 'GET',
    template: WATCHERS,
    operation: 'nw.list',
    action: `${NW}/read`,
    handler: (ctx) =>
      page(
        ctx,
        inScope(ctx.world.networkWatchers, param(ctx, 'sub'), param(ctx, 'rg'))
          .filter((w) => ctx.allowed(watcherId(w), `${NW}/read`))
          .map(watcherWire),
      ),
  },
  { method: 'GET', template: WATCHER, operation: 'nw.get', action: `${NW}/read`, handler: (ctx) => ok(watcherWire(watcherOf(ctx))) },
  {
    method: 'POST',
    template: `${WATCHER}/connectivityCheck`,
    operation: 'nw.connectivityCheck',
    action: `${NW}/connectivityCheck/action`,
    startsLro: true,
    handler: (ctx) => {
      const w = watcherOf(ctx);
      const b = body(ctx);
      const source = (b.source ?? {}) as Record<string, unknown>;
      const destination = (b.destination ?? {}) as Record<string, unknown>;
      const vm = vmFor(ctx, w, str(source.resourceId), 'source.resourceId');
      const destinationVm = findVmById(ctx.world, str(destination.resourceId));
      if (str(destination.resourceId) && !destinationVm) {
        const p = parseId(str(destination.resourceId)!);
        throw resourceNotFound('Microsoft.Compute/virtualMachines', p.name, p.resourceGroup ?? '');
      }
      const address = str(destination.address) ?? (destinationVm ? destinationVm.nics[0]!.privateIPAddress : undefined);
      if (!address) throw badRequest('InvalidRequestFormat', "The destination needs 'address' or 'resourceId'.", 'destination');
      const req: ConnectivityRequest = {
        source: vm,
        sourceIp: vm.nics[0]!.privateIPAddress,
        address,
        port: str(destination.port),
        destinationVm,
      };
      return startLro(ctx, {
        operation: 'nw.connectivityCheck',
        subscriptionId: w.subscriptionId,
        location: w.location,
        overrides: [vm.lro],
        outcome: () => connectivityOutcome(ctx, w, req, str(b.protocol) ?? 'Tcp'),
      });
    },
  },
  {
    method: 'POST',
    template: `${WATCHER}/ipFlowVerify`,
    operation: 'nw.ipFlowVerify',
    action: `${NW}/ipFlowVerify/action`,
    startsLro: true,
    handler: (ctx) => {
      const w = watcherOf(ctx);
      const b = body(ctx);
      const vm = vmFor(ctx, w, str(b.targetResourceId), 'targetResourceId');
      const ref = findNicById(ctx.world, str(b.targetNicResourceId)) ?? primaryNic(vm);
      const direction = str(b.direction) === 'Inbound' ? 'Inbound' : 'Outbound';
      const remote = str(b.remoteIPAddress) ?? '';
      const remotePort = str(b.remotePort) ?? '*';
      const rule = w.ipFlowVerify.find(
        (r) =>
          vmMatches(r.vm, vm) &&
          (r.direction === undefined || r.direction === direction) &&
          destinationMatches(r.destination, { address: remote, port: remotePort }),
      );
      return startLro(ctx, {
        operation: 'nw.ipFlowVerify',
        subscriptionId: w.subscriptionId,
        location: w.location,
        overrides: [vm.lro],
        outcome: () => {
          if (rule?.error) return fail(rule.error);
          if (rule?.result) return succeed({ ...rule.result });
          const r = evaluateNsg(ctx.world, ref, {
            direction,
            protocol: str(b.protocol) ?? 'TCP',
            localIPAddress: str(b.localIPAddress) ?? ref.nic.privateIPAddress,
            localPort: str(b.localPort) ?? '*',
            remoteIPAddress: remote,
            remotePort,
          });
          return succeed({ access: r.access, ruleName: r.ruleName });
        },
      });
    },
  },
  {
    method: 'POST',
    template: `${WATCHER}/nextHop`,
    operation: 'nw.nextHop',
    action: `${NW}/nextHop/action`,
    startsLro: true,
    handler: (ctx) => {
      const w = watcherOf(ctx);
      const b = body(ctx);
      const vm = vmFor(ctx, w, str(b.targetResourceId), 'targetResourceId');
      const ref = findNicById(ctx.world, str(b.targetNicResourceId)) ?? primaryNic(vm);
      const destination = str(b.destinationIPAddress);
      if (!destination) throw badRequest('InvalidRequestFormat', "The request body is missing 'destinationIPAddress'.", 'destinationIPAddress');
      const rule = w.nextHop.find((r) => vmMatches(r.vm, vm) && destinationMatches(r.destination, { address: destination }));
      return startLro(ctx, {
        operation: 'nw.nextHop',
        subscriptionId: w.subscriptionId,
        location: w.location,
        overrides: [vm.lro],
        outcome: () => {
          if (rule?.error) return fail(rule.error);
          if (rule?.result) return succeed({ ...rule.result });
          const { route: _route, ...hop } = lookupRoute(ctx.world, ref, destination);
          return succeed(hop);
        },
      });
    },
  },
  {
    method: 'POST',
    template: `${WATCHER}/topology`,
    operation: 'nw.topology',
    action: `${NW}/topology/action`,
    handler: (ctx) => {
      const w = watcherOf(ctx);
      const b = body(ctx);
      const rg = str(b.targetResourceGroupName);
      const vnetRef = str((b.targetVirtualNetwork as { id?: unknown } | undefined)?.id);
      if (vnetRef) {
        const p = parseId(vnetRef);
        const vnet = findVnetFor(ctx.world, p.subscriptionId ?? w.subscriptionId, p.resourceGroup ?? '', vnetRef);
        if (!vnet) throw resourceNotFound('Microsoft.Network/virtualNetworks', p.name, p.resourceGroup ?? '');
        return ok(topologyWire(ctx.world, w.subscriptionId, { vnet }));
      }
      if (!rg) throw badRequest('InvalidRequestFormat', 'Give targetResourceGroupName, targetVirtualNetwork or targetSubnet.');
      const sub = ctx.world.subscriptions.find((s) => sameId(s.id, w.subscriptionId));
      if (!sub?.resourceGroups.some((g) => g.name.toLowerCase() === rg.toLowerCase())) {
        throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
      }
      return ok(topologyWire(ctx.world, w.subscriptionId, { resourceGroup: rg }));
    },
  },
  {
    method: 'POST',
    template: `${NIC}/effectiveRouteTable`,
    operation: 'nics.effectiveRouteTable',
    action: 'Microsoft.Network/networkInterfaces/effectiveRouteTable/action',
    startsLro: true,
    handler: (ctx) => {
      const ref = nicOf(ctx);
      return startLro(ctx, {
        operation: 'nics.effectiveRouteTable',
        subscriptionId: ref.vm.subscriptionId,
        location: ref.vm.location,
        overrides: [ref.vm.lro],
        outcome: () => succeed(effectiveRouteTableWire(ctx.world, ref)),
      });
    },
  },
  {
    method: 'POST',
    template: `${NIC}/effectiveNetworkSecurityGroups`,
    operation: 'nics.effectiveNsg',
    action: 'Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action',
    startsLro: true,
    handler: (ctx) => {
      const ref = nicOf(ctx);
      return startLro(ctx, {
        operation: 'nics.effectiveNsg',
        subscriptionId: ref.vm.subscriptionId,
        location: ref.vm.location,
        overrides: [ref.vm.lro],
        outcome: () => succeed(effectiveNsgWire(ref)),
      });
    },
  },
];
