/**
 * `circuit <circuit>`: what an engineer needs on a call with the provider — provider, location, bandwidth,
 * SKU, states, the service key (masked: the full key identifies the circuit to the provider and is not shown
 * in a shared channel), Global Reach, authorizations, peerings and the gateway connections that use it.
 */
import { AzureError } from '../azure/errors.ts';
import type { ConnectionSnapshot } from '../azure/snapshots.ts';
import { nameFromId } from '../azure/resource-id.ts';
import { dedupeFollowUps } from '../diagnosis/build.ts';
import { collectFollowUps, diagnoseCircuit } from '../diagnosis/expressroute.ts';
import { formatBandwidth } from './circuits.ts';
import { resolveAndReadCircuit } from './observe-circuit.ts';
import { circuitParam, peeringToken } from './params.ts';
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

export const circuitSpec: CommandSpec = {
  name: 'circuit',
  id: 'circuit',
  aliases: ['circuit details', 'show circuit', 'er'],
  params: [circuitParam],
  examples: ['circuit tokyo-er'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('commands:circuit.working', { circuit: args.circuit }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const [base, connections] = await Promise.all([
      resolveAndReadCircuit(azure, String(args.circuit)),
      // Linked connections are a convenience: without them (no access, throttled) the circuit still shows.
      azure.listConnections().then(
        (list) => ({ ok: true as const, list }),
        (e: unknown) => {
          if (e instanceof AzureError) return { ok: false as const, kind: e.kind };
          throw e;
        },
      ),
    ]);
    const c = base.circuit;
    const linked: ConnectionSnapshot[] = connections.ok ? connections.list.filter((x) => x.peerId?.toLowerCase() === c.id.toLowerCase()) : [];
    const verdicts = diagnoseCircuit({ circuit: c, peeringName: 'AzurePrivatePeering', paths: [] }, t);
    const yes = t('commands:circuit.yes');
    const no = t('commands:circuit.no');

    const details: string[][] = [
      [t('commands:circuit.row.provider'), c.isDirect ? 'ExpressRoute Direct' : (c.providerName ?? '—')],
      [t('commands:circuit.row.location'), `${c.peeringLocation ?? '—'} · ${c.location}`],
      [t('commands:circuit.row.bandwidth'), formatBandwidth(c.bandwidthMbps)],
      [t('commands:circuit.row.sku'), [c.skuTier, c.skuFamily].filter(Boolean).join(' / ') || '—'],
      [t('commands:circuit.row.providerState'), c.serviceProviderProvisioningState ?? '—'],
      [t('commands:circuit.row.circuitState'), c.circuitProvisioningState ?? '—'],
      [t('commands:circuit.row.serviceKey'), c.serviceKeyMasked ? `${c.serviceKeyMasked} (${t('commands:circuit.masked')})` : '—'],
      [t('commands:circuit.row.globalReach'), c.globalReachEnabled ? yes : no],
      [t('commands:circuit.row.authorizations'), c.authorizations.length ? c.authorizations.map((a) => `${a.name} (${a.authorizationUseStatus ?? '—'})`).join(', ') : '—'],
      [t('commands:circuit.row.resource'), `${c.resourceGroup} · ${c.subscriptionId}`],
    ];
    const peerings = c.peerings.map((p) => [
      p.name,
      p.state ?? '—',
      `${p.peerASN ?? '—'} / VLAN ${p.vlanId ?? '—'}`,
      `${p.primaryPeerAddressPrefix ?? '—'}\n${p.secondaryPeerAddressPrefix ?? '—'}`,
      p.sharedKeySet ? t('commands:er.md5Set') : t('commands:er.md5NotSet'),
    ]);
    const conns = linked.map((x) => [x.name, nameFromId(x.gatewayId) ?? '—', x.expressRouteGatewayBypass ? yes : no, x.connectionStatus ?? x.provisioningState ?? '—']);

    const follow = [
      ...c.peerings.map((p) => ({ title: t('commands:circuit.follow.bgp', { peering: peeringToken(p.name).trim() || 'private' }), command: `bgp status ${c.name}${peeringToken(p.name)}` })),
      ...linked.slice(0, 2).map((x) => ({ title: t('commands:circuit.follow.fastpath', { connection: x.name }), command: `fastpath ${x.name}` })),
    ];
    return newResult('circuit', {
      target: c.name,
      verdicts,
      tables: [
        { title: t('commands:circuit.title', { circuit: c.name }), columns: [t('commands:er.col.item'), t('commands:er.col.value')], rows: details },
        {
          title: t('commands:circuit.peeringsTitle'),
          columns: [t('commands:circuit.col.peering'), t('commands:circuit.col.state'), t('commands:circuit.col.asnVlan'), t('commands:circuit.col.subnets'), t('commands:circuit.col.md5')],
          rows: peerings,
          note: peerings.length ? undefined : t('commands:circuit.noPeerings'),
        },
        {
          title: t('commands:circuit.connectionsTitle'),
          columns: [t('commands:circuit.col.connection'), t('commands:circuit.col.gateway'), t('commands:circuit.col.fastpath'), t('commands:circuit.col.status')],
          rows: conns,
          note: connections.ok ? (conns.length ? undefined : t('commands:circuit.noConnections')) : t('commands:circuit.connectionsUnread', { reason: t(`commands:er.failure.${connections.kind}`, { defaultValue: connections.kind }) }),
        },
      ],
      followUps: dedupeFollowUps([...collectFollowUps(verdicts), ...follow]),
      partial: !connections.ok,
      data: { circuit: c, connections: linked },
    });
  },
};
