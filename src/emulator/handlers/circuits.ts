/** ExpressRoute circuits, their peerings, stats, and the per-path ARP / route table / summary LROs. */
import { badRequest, resourceNotFound } from '../arm-errors.ts';
import { sameName } from '../ids.ts';
import { ok } from '../reply.ts';
import { type HandlerContext, type RouteDef, rgProvider, subProvider } from '../router.ts';
import { arpTableWire, circuitStatsWire, circuitWire, peeringWire, routeSummaryWire, routeTableWire } from '../wire.ts';
import { circuitId, findPlaced, inScope } from '../world.ts';
import type { LroOperation, WorldCircuit, WorldDevicePath, WorldPeering } from '../world-schema.ts';
import { page, param, startLro, succeed } from './common.ts';

const CIRCUITS = `${rgProvider('Microsoft.Network')}/expressRouteCircuits`;
const CIRCUIT = `${CIRCUITS}/{circuit}`;
const PEERING = `${CIRCUIT}/peerings/{peering}`;
const ACTION = 'Microsoft.Network/expressRouteCircuits';

function circuitOf(ctx: HandlerContext): WorldCircuit {
  const c = findPlaced(ctx.world.circuits, param(ctx, 'sub'), param(ctx, 'rg'), param(ctx, 'circuit'));
  if (!c) throw resourceNotFound('Microsoft.Network/expressRouteCircuits', param(ctx, 'circuit'), param(ctx, 'rg'));
  return c;
}

function peeringOf(ctx: HandlerContext, c: WorldCircuit): WorldPeering {
  const p = c.peerings.find((x) => sameName(x.name, param(ctx, 'peering')));
  if (!p) throw resourceNotFound('Microsoft.Network/expressRouteCircuits', `${c.name}/peerings/${param(ctx, 'peering')}`, c.resourceGroup);
  return p;
}

function devicePathOf(ctx: HandlerContext, p: WorldPeering): WorldDevicePath {
  const path = param(ctx, 'devicePath').toLowerCase();
  if (path !== 'primary' && path !== 'secondary') {
    throw badRequest('InvalidDevicePath', `Device path '${param(ctx, 'devicePath')}' is not valid. Valid values are 'primary' and 'secondary'.`);
  }
  return p.paths[path];
}

function pathLro(operation: LroOperation, toWire: (p: WorldDevicePath) => unknown) {
  return (ctx: HandlerContext) => {
    const c = circuitOf(ctx);
    const p = peeringOf(ctx, c);
    const data = devicePathOf(ctx, p);
    return startLro(ctx, {
      operation,
      subscriptionId: c.subscriptionId,
      location: c.location,
      overrides: [c.lro],
      outcome: () => succeed(toWire(data)),
    });
  };
}

export const circuitRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: `${subProvider('Microsoft.Network')}/expressRouteCircuits`,
    operation: 'circuits.listAll',
    action: `${ACTION}/read`,
    // Subscription-wide lists leave out what the caller may not read, as ARM does.
    handler: (ctx) =>
      page(
        ctx,
        inScope(ctx.world.circuits, param(ctx, 'sub'))
          .filter((c) => ctx.allowed(circuitId(c), `${ACTION}/read`))
          .map((c) => circuitWire(c)),
      ),
  },
  {
    method: 'GET',
    template: CIRCUITS,
    operation: 'circuits.list',
    action: `${ACTION}/read`,
    handler: (ctx) =>
      page(
        ctx,
        inScope(ctx.world.circuits, param(ctx, 'sub'), param(ctx, 'rg'))
          .filter((c) => ctx.allowed(circuitId(c), `${ACTION}/read`))
          .map((c) => circuitWire(c)),
      ),
  },
  { method: 'GET', template: CIRCUIT, operation: 'circuits.get', action: `${ACTION}/read`, handler: (ctx) => ok(circuitWire(circuitOf(ctx))) },
  {
    method: 'GET',
    template: `${CIRCUIT}/stats`,
    operation: 'circuits.stats',
    action: `${ACTION}/stats/read`,
    handler: (ctx) => ok(circuitStatsWire(circuitOf(ctx))),
  },
  {
    method: 'GET',
    template: `${CIRCUIT}/peerings`,
    operation: 'peerings.list',
    action: `${ACTION}/peerings/read`,
    handler: (ctx) => {
      const c = circuitOf(ctx);
      return page(ctx, c.peerings.map((p) => peeringWire(c, p)));
    },
  },
  {
    method: 'GET',
    template: PEERING,
    operation: 'peerings.get',
    action: `${ACTION}/peerings/read`,
    handler: (ctx) => {
      const c = circuitOf(ctx);
      return ok(peeringWire(c, peeringOf(ctx, c)));
    },
  },
  {
    method: 'GET',
    template: `${PEERING}/stats`,
    operation: 'peerings.stats',
    action: `${ACTION}/peerings/stats/read`,
    handler: (ctx) => {
      const c = circuitOf(ctx);
      return ok({ ...peeringOf(ctx, c).stats });
    },
  },
  {
    method: 'POST',
    template: `${PEERING}/arpTables/{devicePath}`,
    operation: 'arpTable',
    action: `${ACTION}/peerings/arpTables/action`,
    startsLro: true,
    handler: pathLro('arpTable', arpTableWire),
  },
  {
    method: 'POST',
    template: `${PEERING}/routeTables/{devicePath}`,
    operation: 'routeTable',
    action: `${ACTION}/peerings/routeTables/action`,
    startsLro: true,
    handler: pathLro('routeTable', routeTableWire),
  },
  {
    method: 'POST',
    template: `${PEERING}/routeTablesSummary/{devicePath}`,
    operation: 'routeTableSummary',
    action: `${ACTION}/peerings/routeTablesSummary/action`,
    startsLro: true,
    handler: pathLro('routeTableSummary', routeSummaryWire),
  },
];
