/** `gateway <name>`: an ExpressRoute gateway's SKU, BGP peers (state, routes received) and learned routes. */
import { observe } from './observe.ts';
import { nameFromId } from '../azure/resource-id.ts';
import { dedupeFollowUps } from '../diagnosis/build.ts';
import { collectFollowUps } from '../diagnosis/expressroute.ts';
import { diagnoseGateway } from '../diagnosis/gateway.ts';
import { failureCell } from './present-circuit.ts';
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';
import { formatConnectedDuration } from '../diagnosis/bgp-state.ts';

export const gatewaySpec: CommandSpec = {
  name: 'gateway',
  id: 'gateway',
  aliases: ['gw', 'gateway status', 'ergw'],
  params: [{ name: 'gateway', kind: { type: 'name', resource: 'gateway' }, required: true, remember: 'gateway' }],
  examples: ['gateway hub-ergw'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('commands:gateway.working', { gateway: args.gateway }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const gateway = await azure.resolveGateway(String(args.gateway));
    const [peers, learnedRoutes, connections] = await Promise.all([
      observe(() => azure.getBgpPeerStatus(gateway)),
      observe(() => azure.getLearnedRoutes(gateway)),
      observe(() => azure.listConnections()),
    ]);
    const mine = connections?.ok ? connections.value.filter((c) => c.gatewayId?.toLowerCase() === gateway.id.toLowerCase()) : undefined;
    const verdicts = diagnoseGateway({ gateway, peers, learnedRoutes, ...(mine ? { connections: mine } : {}) }, t);

    const peerColumns = [t('commands:gateway.col.neighbor'), t('commands:gateway.col.asn'), t('commands:gateway.col.state'), t('commands:gateway.col.routes'), t('commands:gateway.col.duration')];
    const peerRows = peers?.ok ? peers.value.map((p) => [p.neighbor ?? '—', String(p.asn ?? '—'), p.state ?? '—', String(p.routesReceived ?? '—'), formatConnectedDuration(p.connectedDuration)]) : [];
    const learnedCount = learnedRoutes?.ok ? learnedRoutes.value.length : undefined;
    const facts: string[][] = [
      [t('commands:gateway.row.sku'), `${gateway.skuName ?? '—'}${gateway.scaleUnits ? ` (${gateway.scaleUnits.min ?? '?'}–${gateway.scaleUnits.max ?? '?'} ${t('commands:gateway.units')})` : ''}`],
      [t('commands:gateway.row.type'), gateway.gatewayType ?? '—'],
      [t('commands:gateway.row.location'), `${gateway.location} · ${gateway.resourceGroup}`],
      [t('commands:gateway.row.vnet'), nameFromId(gateway.vnetId) ?? '—'],
      [t('commands:gateway.row.asn'), String(gateway.bgpAsn ?? '—')],
      [t('commands:gateway.row.learned'), learnedRoutes && !learnedRoutes.ok ? failureCell(learnedRoutes.failure, t) : String(learnedCount ?? '—')],
      [t('commands:gateway.row.connections'), mine ? mine.map((c) => `${c.name} → ${nameFromId(c.peerId) ?? '—'}`).join('\n') || '—' : '—'],
    ];
    const follow = [
      { title: t('commands:gateway.follow.fastpath'), command: `fastpath ${gateway.name}` },
      ...(mine ?? []).slice(0, 3).flatMap((c) => {
        const circuit = nameFromId(c.peerId);
        return circuit ? [{ title: t('commands:gateway.follow.bgp', { circuit }), command: `bgp status ${circuit}` }] : [];
      }),
    ];
    return newResult('gateway', {
      target: gateway.name,
      verdicts,
      tables: [
        { title: t('commands:gateway.title', { gateway: gateway.name }), columns: [t('commands:er.col.item'), t('commands:er.col.value')], rows: facts },
        { title: t('commands:gateway.peersTitle'), columns: peerColumns, rows: peerRows, note: peers && !peers.ok ? failureCell(peers.failure, t) : undefined },
      ],
      followUps: dedupeFollowUps([...collectFollowUps(verdicts), ...follow]),
      partial: [peers, learnedRoutes, connections].some((o) => o !== undefined && !o.ok),
      data: { gateway, peers, learnedRoutes: learnedCount, connections: mine },
    });
  },
};
