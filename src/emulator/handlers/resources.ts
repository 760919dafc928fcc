/**
 * Subscriptions, resource groups and the generic resource list (`/resources?$filter=resourceType eq '…'`),
 * the real ARM way to find e.g. every gateway of a subscription without walking resource groups.
 */
import { ArmError, resourceGroupNotFound } from '../arm-errors.ts';
import { networkId, rgId } from '../ids.ts';
import { ok } from '../reply.ts';
import type { HandlerContext, RouteDef } from '../router.ts';
import {
  allNics,
  circuitId,
  connectionId,
  findResourceGroup,
  findSubscription,
  gatewayId,
  inScope,
  nicId,
  vmId,
  vnetId,
  watcherId,
} from '../world.ts';
import type { WorldSubscription } from '../world-schema.ts';
import { page, param } from './common.ts';

function subscriptionWire(s: WorldSubscription) {
  return {
    id: `/subscriptions/${s.id}`,
    subscriptionId: s.id,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
  };
}

function rgWire(subscriptionId: string, g: { name: string; location: string }) {
  return {
    id: rgId(subscriptionId, g.name),
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
    properties: { provisioningState: 'Succeeded' },
  };
}

interface GenericResource {
  id: string;
  name: string;
  type: string;
  location: string;
  resourceGroup: string;
  tags?: Record<string, string>;
}

function resourcesOf(ctx: HandlerContext, subscriptionId: string): GenericResource[] {
  const w = ctx.world;
  const g = (id: string, type: string, r: { name: string; location: string; resourceGroup: string; tags?: Record<string, string> }) => ({
    id,
    name: r.name,
    type,
    location: r.location,
    resourceGroup: r.resourceGroup,
    ...(r.tags ? { tags: r.tags } : {}),
  });
  return [
    ...inScope(w.circuits, subscriptionId).map((r) => g(circuitId(r), 'Microsoft.Network/expressRouteCircuits', r)),
    ...inScope(w.gateways, subscriptionId).map((r) => g(gatewayId(r), 'Microsoft.Network/virtualNetworkGateways', r)),
    ...inScope(w.connections, subscriptionId).map((r) => g(connectionId(r), 'Microsoft.Network/connections', r)),
    ...inScope(w.virtualNetworks, subscriptionId).map((r) => g(vnetId(r), 'Microsoft.Network/virtualNetworks', r)),
    ...inScope(w.virtualMachines, subscriptionId).map((r) => g(vmId(r), 'Microsoft.Compute/virtualMachines', r)),
    ...allNics(w)
      .filter(({ vm }) => vm.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())
      .flatMap(({ vm, nic }) => [
        g(nicId(vm, nic), 'Microsoft.Network/networkInterfaces', { name: nic.name, location: vm.location, resourceGroup: vm.resourceGroup }),
        ...(nic.nsg
          ? [
              g(networkId(vm.subscriptionId, vm.resourceGroup, 'networkSecurityGroups', nic.nsg.name), 'Microsoft.Network/networkSecurityGroups', {
                name: nic.nsg.name,
                location: vm.location,
                resourceGroup: vm.resourceGroup,
              }),
            ]
          : []),
      ]),
    ...inScope(w.networkWatchers, subscriptionId).map((r) => g(watcherId(r), 'Microsoft.Network/networkWatchers', r)),
  ];
}

/** Supports the filters callers actually use: resourceType eq '…' and resourceGroup eq '…', joined by "and". */
function applyFilter(items: GenericResource[], filter: string | null): GenericResource[] {
  if (!filter) return items;
  const clauses = filter.split(/\s+and\s+/i).map((c) => /^\s*(resourceType|resourceGroup)\s+eq\s+'([^']*)'\s*$/i.exec(c));
  if (clauses.some((c) => !c)) {
    throw new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`);
  }
  return items.filter((r) =>
    clauses.every((c) => {
      const field = c![1]!.toLowerCase() === 'resourcetype' ? r.type : r.resourceGroup;
      return field.toLowerCase() === c![2]!.toLowerCase();
    }),
  );
}

const strip = ({ resourceGroup: _rg, ...r }: GenericResource) => r;

export const resourceRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/subscriptions',
    operation: 'subscriptions.list',
    action: 'Microsoft.Resources/subscriptions/read',
    handler: (ctx) => page(ctx, ctx.world.subscriptions.map(subscriptionWire)),
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}',
    operation: 'subscriptions.get',
    action: 'Microsoft.Resources/subscriptions/read',
    handler: (ctx) => ok(subscriptionWire(findSubscription(ctx.world, param(ctx, 'sub'))!)),
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/resourcegroups',
    operation: 'resourceGroups.list',
    action: 'Microsoft.Resources/subscriptions/resourceGroups/read',
    handler: (ctx) => {
      const sub = findSubscription(ctx.world, param(ctx, 'sub'))!;
      return page(
        ctx,
        sub.resourceGroups
          .filter((g) => ctx.allowed(rgId(sub.id, g.name), 'Microsoft.Resources/subscriptions/resourceGroups/read'))
          .map((g) => rgWire(sub.id, g)),
      );
    },
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/resourcegroups/{rg}',
    operation: 'resourceGroups.get',
    action: 'Microsoft.Resources/subscriptions/resourceGroups/read',
    handler: (ctx) => {
      const g = findResourceGroup(ctx.world, param(ctx, 'sub'), param(ctx, 'rg'));
      if (!g) throw resourceGroupNotFound(param(ctx, 'rg'));
      return ok(rgWire(param(ctx, 'sub'), g));
    },
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/resources',
    operation: 'resources.list',
    action: 'Microsoft.Resources/subscriptions/resources/read',
    handler: (ctx) => {
      const items = applyFilter(resourcesOf(ctx, param(ctx, 'sub')), ctx.query.get('$filter'));
      return page(ctx, items.filter((r) => ctx.allowed(r.id, `${r.type}/read`)).map(strip));
    },
  },
  {
    method: 'GET',
    template: '/subscriptions/{sub}/resourceGroups/{rg}/resources',
    operation: 'resources.list',
    action: 'Microsoft.Resources/subscriptions/resourceGroups/resources/read',
    handler: (ctx) => {
      const inRg = resourcesOf(ctx, param(ctx, 'sub')).filter((r) => r.resourceGroup.toLowerCase() === param(ctx, 'rg').toLowerCase());
      const items = applyFilter(inRg, ctx.query.get('$filter'));
      return page(ctx, items.filter((r) => ctx.allowed(r.id, `${r.type}/read`)).map(strip));
    },
  },
];
