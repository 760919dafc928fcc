/** Virtual network gateways (BGP peer status, learned / advertised routes) and gateway connections. */
import { badRequest, resourceNotFound } from '../arm-errors.ts';
import { ok } from '../reply.ts';
import { type HandlerContext, type RouteDef, rgProvider, subProvider } from '../router.ts';
import { connectionWire, expandGatewayRoutes, gatewayWire } from '../wire.ts';
import { connectionId, findPlaced, gatewayId, inScope } from '../world.ts';
import type { WorldGateway } from '../world-schema.ts';
import { page, param, startLro, succeed } from './common.ts';

const GATEWAYS = `${rgProvider('Microsoft.Network')}/virtualNetworkGateways`;
const GATEWAY = `${GATEWAYS}/{gateway}`;
const CONNECTIONS = `${rgProvider('Microsoft.Network')}/connections`;
const GW_ACTION = 'Microsoft.Network/virtualNetworkGateways';
const CONN_READ = 'Microsoft.Network/connections/read';

function gatewayOf(ctx: HandlerContext): WorldGateway {
  const g = findPlaced(ctx.world.gateways, param(ctx, 'sub'), param(ctx, 'rg'), param(ctx, 'gateway'));
  if (!g) throw resourceNotFound('Microsoft.Network/virtualNetworkGateways', param(ctx, 'gateway'), param(ctx, 'rg'));
  return g;
}

const listGateways = (ctx: HandlerContext, rg?: string) =>
  page(
    ctx,
    inScope(ctx.world.gateways, param(ctx, 'sub'), rg)
      .filter((g) => ctx.allowed(gatewayId(g), `${GW_ACTION}/read`))
      .map((g) => gatewayWire(ctx.world, g)),
  );

const listConnections = (ctx: HandlerContext, rg?: string) =>
  page(
    ctx,
    inScope(ctx.world.connections, param(ctx, 'sub'), rg)
      .filter((c) => ctx.allowed(connectionId(c), CONN_READ))
      .map((c) => connectionWire(ctx.world, c)),
  );

export const gatewayRoutes: RouteDef[] = [
  // Not in ARM's REST surface (gateways are listed per resource group there); kept for callers that want one call.
  {
    method: 'GET',
    template: `${subProvider('Microsoft.Network')}/virtualNetworkGateways`,
    operation: 'gateways.listAll',
    action: `${GW_ACTION}/read`,
    handler: (ctx) => listGateways(ctx),
  },
  { method: 'GET', template: GATEWAYS, operation: 'gateways.list', action: `${GW_ACTION}/read`, handler: (ctx) => listGateways(ctx, param(ctx, 'rg')) },
  { method: 'GET', template: GATEWAY, operation: 'gateways.get', action: `${GW_ACTION}/read`, handler: (ctx) => ok(gatewayWire(ctx.world, gatewayOf(ctx))) },
  {
    method: 'POST',
    template: `${GATEWAY}/getBgpPeerStatus`,
    operation: 'gateways.bgpPeerStatus',
    action: `${GW_ACTION}/getBgpPeerStatus/action`,
    startsLro: true,
    handler: (ctx) => {
      const g = gatewayOf(ctx);
      const peer = ctx.query.get('peer');
      return startLro(ctx, {
        operation: 'gateways.bgpPeerStatus',
        subscriptionId: g.subscriptionId,
        location: g.location,
        overrides: [g.lro],
        outcome: () => succeed({ value: g.bgpPeers.filter((p) => !peer || p.neighbor === peer).map((p) => ({ ...p })) }),
      });
    },
  },
  {
    method: 'POST',
    template: `${GATEWAY}/getLearnedRoutes`,
    operation: 'gateways.learnedRoutes',
    action: `${GW_ACTION}/getLearnedRoutes/action`,
    startsLro: true,
    handler: (ctx) => {
      const g = gatewayOf(ctx);
      return startLro(ctx, {
        operation: 'gateways.learnedRoutes',
        subscriptionId: g.subscriptionId,
        location: g.location,
        overrides: [g.lro],
        outcome: () => succeed({ value: expandGatewayRoutes(g.learnedRoutes) }),
      });
    },
  },
  {
    method: 'POST',
    template: `${GATEWAY}/getAdvertisedRoutes`,
    operation: 'gateways.advertisedRoutes',
    action: `${GW_ACTION}/getAdvertisedRoutes/action`,
    startsLro: true,
    handler: (ctx) => {
      const g = gatewayOf(ctx);
      const peer = ctx.query.get('peer');
      if (!peer) throw badRequest('MissingRequiredParameter', "The request is missing the required parameter 'peer'.", 'peer');
      const routes = g.advertisedRoutes.find((a) => a.peer === peer)?.routes ?? [];
      return startLro(ctx, {
        operation: 'gateways.advertisedRoutes',
        subscriptionId: g.subscriptionId,
        location: g.location,
        overrides: [g.lro],
        outcome: () => succeed({ value: expandGatewayRoutes(routes) }),
      });
    },
  },
  // Like gateways.listAll, a convenience ARM does not have.
  {
    method: 'GET',
    template: `${subProvider('Microsoft.Network')}/connections`,
    operation: 'connections.listAll',
    action: CONN_READ,
    handler: (ctx) => listConnections(ctx),
  },
  { method: 'GET', template: CONNECTIONS, operation: 'connections.list', action: CONN_READ, handler: (ctx) => listConnections(ctx, param(ctx, 'rg')) },
  {
    method: 'GET',
    template: `${CONNECTIONS}/{connection}`,
    operation: 'connections.get',
    action: CONN_READ,
    handler: (ctx) => {
      const c = findPlaced(ctx.world.connections, param(ctx, 'sub'), param(ctx, 'rg'), param(ctx, 'connection'));
      if (!c) throw resourceNotFound('Microsoft.Network/connections', param(ctx, 'connection'), param(ctx, 'rg'));
      return ok(connectionWire(ctx.world, c));
    },
  },
];
