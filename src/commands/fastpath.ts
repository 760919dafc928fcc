/**
 * `fastpath <connection|gateway|circuit>`: for each ExpressRoute connection involved, whether FastPath
 * (expressRouteGatewayBypass) is on, whether the gateway SKU can use it, and what it does not cover for this
 * circuit type (FP-* rules). The name may be any of the three; exact names win over prefixes.
 */
import { AzureError } from '../azure/errors.ts';
import type { AzureReader } from '../azure/reader.ts';
import { resolveByName } from '../azure/resolve.ts';
import type { CircuitSummary, ConnectionSnapshot, GatewaySnapshot } from '../azure/snapshots.ts';
import { dedupeFollowUps } from '../diagnosis/build.ts';
import { collectFollowUps } from '../diagnosis/expressroute.ts';
import { diagnoseFastPath } from '../diagnosis/fastpath.ts';
import type { FastPathObservation, FastPathTopology } from '../diagnosis/observations.ts';
import { fastPathEligibility } from '../diagnosis/rules/fastpath.ts';
import { nameFromId } from '../azure/resource-id.ts';
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

type Target = { kind: 'connection'; value: ConnectionSnapshot } | { kind: 'gateway'; value: GatewaySnapshot } | { kind: 'circuit'; value: CircuitSummary };

const sameId = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export function pickTarget(name: string, connections: ConnectionSnapshot[], gateways: GatewaySnapshot[], circuits: CircuitSummary[]): Target {
  const all = [
    ...connections.map((value) => ({ kind: 'connection' as const, value, name: value.name, subscriptionId: value.subscriptionId, resourceGroup: value.resourceGroup })),
    ...gateways.map((value) => ({ kind: 'gateway' as const, value, name: value.name, subscriptionId: value.subscriptionId, resourceGroup: value.resourceGroup })),
    ...circuits.map((value) => ({ kind: 'circuit' as const, value, name: value.name, subscriptionId: value.subscriptionId, resourceGroup: value.resourceGroup })),
  ];
  // 'fastpath-target': "connection, gateway or circuit" in the error (common:resource), and its list buttons.
  const hit = resolveByName(all, name, 'fastpath-target');
  return { kind: hit.kind, value: hit.value } as Target;
}

/** The gateway's VNet tells what FastPath may not cover: VNet peerings, a route table on the GatewaySubnet. */
async function topologyOf(azure: AzureReader, gw: GatewaySnapshot): Promise<FastPathTopology | undefined> {
  if (!gw.vnetId) return undefined;
  try {
    const vnet = await azure.getVirtualNetwork(gw.vnetId);
    return {
      vnetPeering: vnet.peerings.length > 0,
      udr: vnet.subnets.some((s) => s.name.toLowerCase() === 'gatewaysubnet' && Boolean(s.routeTableId)),
    };
  } catch (e) {
    // Unknown topology only means FP-LIMITED cannot be judged; the rest of the card stands.
    if (e instanceof AzureError) return undefined;
    throw e;
  }
}

export const fastpathSpec: CommandSpec = {
  name: 'fastpath',
  id: 'fastpath',
  aliases: ['fast path', 'fastpath status', 'gateway bypass'],
  params: [{ name: 'target', kind: { type: 'name', resource: 'any' }, required: true }],
  examples: ['fastpath hub-conn', 'fastpath hub-ergw', 'fastpath tokyo-er'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('commands:fastpath.working', { target: args.target }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const [connections, gateways, circuits] = await Promise.all([azure.listConnections(), azure.listGateways(), azure.listCircuits()]);
    const target = pickTarget(String(args.target), connections, gateways, circuits);
    const er = connections.filter((c) => (c.connectionType ?? 'ExpressRoute').toLowerCase() === 'expressroute');
    const involved =
      target.kind === 'connection'
        ? [target.value]
        : target.kind === 'gateway'
          ? er.filter((c) => sameId(c.gatewayId, target.value.id))
          : er.filter((c) => sameId(c.peerId, target.value.id));

    // One observation per gateway involved (a circuit may feed several); a gateway with no connection is still judged.
    const gatewayIds = target.kind === 'gateway' ? [target.value.id] : [...new Set(involved.map((c) => c.gatewayId ?? ''))].filter(Boolean);
    const observations: FastPathObservation[] = await Promise.all(
      gatewayIds
        .map((id) => gateways.find((g) => sameId(g.id, id)))
        .filter((g): g is GatewaySnapshot => g !== undefined)
        .map(async (gateway) => {
          const conns = involved.filter((c) => sameId(c.gatewayId, gateway.id));
          const circuit = circuits.find((c) => conns.some((x) => sameId(x.peerId, c.id)));
          const topology = await topologyOf(azure, gateway);
          return { gateway, connections: conns, ...(circuit ? { circuit } : {}), ...(topology ? { topology } : {}) };
        }),
    );
    const verdicts = observations.flatMap((o) => diagnoseFastPath(o, t));
    const on = t('commands:fastpath.on');
    const off = t('commands:fastpath.off');
    const rows = observations.flatMap((o) => {
      const e = fastPathEligibility(o.gateway);
      return o.connections.map((c) => [
        c.name,
        `${o.gateway.name} · ${o.gateway.skuName ?? '—'}${o.gateway.scaleUnits ? ` (${o.gateway.scaleUnits.min ?? '?'}–${o.gateway.scaleUnits.max ?? '?'})` : ''}`,
        `${nameFromId(c.peerId) ?? '—'}${o.circuit ? ` · ${o.circuit.isDirect ? 'Direct' : t('commands:fastpath.provider')}` : ''}`,
        c.expressRouteGatewayBypass ? `✔ ${on}` : off,
        e.eligible ? t('commands:fastpath.eligible') : `✖ ${t('commands:fastpath.ineligible')}`,
      ]);
    });
    const follow = observations.map((o) => ({ title: t('commands:fastpath.follow.gateway', { gateway: o.gateway.name }), command: `gateway ${o.gateway.name}` }));
    return newResult('fastpath', {
      target: target.value.name,
      verdicts,
      tables: [
        {
          title: t('commands:fastpath.title', { kind: t(`common:resource.${target.kind}`), name: target.value.name }),
          columns: [t('commands:fastpath.col.connection'), t('commands:fastpath.col.gateway'), t('commands:fastpath.col.circuit'), t('commands:fastpath.col.fastpath'), t('commands:fastpath.col.sku')],
          rows,
          note: rows.length ? undefined : t('commands:fastpath.noConnections'),
        },
      ],
      followUps: dedupeFollowUps([...collectFollowUps(verdicts), ...follow]),
      data: { targetKind: target.kind, observations },
    });
  },
};
