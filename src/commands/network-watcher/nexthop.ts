/**
 * `nexthop <vm> <destination-ip>`: Network Watcher next hop from the VM's address, with the VM's effective
 * routes read alongside. An on-premises destination (inside a prefix learned from the gateway, or a private
 * address outside the VNet) whose next hop is not the gateway is NW-UDR-MISROUTE; next hop None is NW-NO-ROUTE.
 */
import type { EffectiveRouteEntry } from '../../azure/snapshots.ts';
import { dedupeFollowUps } from '../../diagnosis/build.ts';
import { collectFollowUps } from '../../diagnosis/expressroute.ts';
import {
  diagnoseNetworkWatcher,
  nwCommands,
  nwFollowUps,
  onPremisesOf,
  routesCovering,
  routeTableName,
  selectedRoute,
  type NwObservation,
} from '../../diagnosis/network-watcher.ts';
import type { Observed } from '../../diagnosis/observations.ts';
import type { Translate } from '../../i18n/index.ts';
import { observe } from '../observe.ts';
import { newResult, type Table } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { badArgument, parseIp } from './input.ts';
import { failureText, missingWatcher, permissionText, resolveVm, vmNicText, watcherOf } from './target.ts';

function onPremCell(routes: Observed<EffectiveRouteEntry[]>, ip: string, t: Translate): string {
  const o = onPremisesOf(routes, ip);
  if (o.kind === 'learned') return t('nw:nexthop.onPrem.learned', { prefix: o.match.prefix, state: o.match.route.state ?? '?' });
  return t(`nw:nexthop.onPrem.${o.kind}`);
}

/** The effective routes that cover the address, most specific first, the one Azure uses marked. */
export function coveringTable(routes: readonly EffectiveRouteEntry[], ip: string, t: Translate): Table {
  const used = selectedRoute(routes, ip);
  return {
    title: t('nw:nexthop.routesTitle', { destination: ip }),
    columns: [
      t('nw:effective.routes.col.prefix'),
      t('nw:effective.routes.col.type'),
      t('nw:effective.routes.col.ip'),
      t('nw:effective.routes.col.source'),
      t('nw:effective.routes.col.state'),
    ],
    rows: routesCovering(routes, ip).map((m) => [
      m === used || (used && m.route === used.route && m.prefix === used.prefix) ? `${m.prefix}\n${t('nw:nexthop.selected')}` : m.prefix,
      m.route.nextHopType ?? '—',
      m.route.nextHopIpAddresses.join('\n') || '—',
      [m.route.source ?? '—', m.route.name].filter(Boolean).join('\n'),
      m.route.state ?? '—',
    ]),
    note: t('nw:nexthop.routesNote'),
  };
}

export const nexthopSpec: CommandSpec = {
  name: 'nexthop',
  id: 'nexthop',
  aliases: ['next hop', 'next-hop'],
  params: [
    { name: 'vm', kind: { type: 'name', resource: 'vm' }, required: true, remember: 'vm' },
    { name: 'destination', kind: { type: 'name', resource: 'any' }, required: true },
  ],
  examples: ['nexthop vm-udr 192.168.10.1', 'nexthop vm-hub-test 10.1.5.20'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('nw:nexthop.working', { vm: args.vm, destination: args.destination }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const parsed = parseIp(String(args.destination), t);
    if (!parsed.ok) return badArgument(nexthopSpec, t, parsed.message, String(args.vm));
    const destination = parsed.value;

    const target = await resolveVm(azure, String(args.vm));
    const { vm, nic } = target;
    const request = nwCommands.nexthop(vm.name, destination);
    // The source address is the VM's: without its NIC there is nothing to ask Azure.
    if (target.nicsError) throw target.nicsError;
    if (!nic) return badArgument(nexthopSpec, t, t('nw:args.noNic', { vm: vm.name }), vm.name);
    const sourceIp = nic.privateIpAddresses.find((a) => a.includes(':') === destination.includes(':')) ?? nic.privateIpAddresses[0];
    if (!sourceIp) return badArgument(nexthopSpec, t, t('nw:args.noNic', { vm: vm.name }), vm.name);
    const watcher = await watcherOf(azure, vm);
    if (!watcher) return missingWatcher('nexthop', request, vm, t);

    const [next, routes] = await Promise.all([
      azure.getNextHop(watcher, { vmId: vm.id, nicId: nic.id, sourceIp, destinationIp: destination }).then(
        (v) => ({ v }),
        (e: unknown) => ({ e }),
      ),
      observe(() => azure.getEffectiveRoutes(nic)),
    ]);
    // Without the next hop there is no answer (the routes alone would only be a guess): its error is the card.
    if ('e' in next) throw next.e;
    const hop = { ok: true as const, value: next.v };

    const obs: NwObservation = {
      vm: { name: vm.name, resourceGroup: vm.resourceGroup },
      sourceIp,
      nextHop: { destinationIp: destination, result: hop },
      routes,
    };
    const verdicts = diagnoseNetworkWatcher(obs, t);
    const h = hop.value;
    const rows: string[][] = [
      [t('nw:nexthop.row.type'), h?.nextHopType ?? '—'],
      [t('nw:nexthop.row.ip'), h?.nextHopIpAddress || '—'],
      [t('nw:nexthop.row.table'), h?.routeTableId ? `${routeTableName(h.routeTableId)}${routeTableName(h.routeTableId) !== h.routeTableId ? `\n${h.routeTableId}` : ''}` : '—'],
      [t('nw:nexthop.row.source'), vmNicText(t, vm.name, nic)],
      [t('nw:nexthop.row.destination'), destination],
      [t('nw:nexthop.row.onPrem'), onPremCell(routes, destination, t)],
      [t('nw:nexthop.row.watcher'), t('nw:watcher.row', { name: watcher.name, region: watcher.location })],
    ];
    const tables: Table[] = [{ title: t('nw:nexthop.title', { vm: vm.name, destination }), columns: [t('nw:common.col.item'), t('nw:common.col.value')], rows }];
    const notes: string[] = [];
    if (routes?.ok) tables.push(coveringTable(routes.value, destination, t));
    else if (routes) notes.push(t('nw:nexthop.routesFailed', { reason: failureText(routes.failure, t) + permissionText(routes.failure, t), destination }));

    return newResult('nexthop', {
      target: vm.name,
      request,
      verdicts,
      tables,
      followUps: dedupeFollowUps([
        ...collectFollowUps(verdicts),
        nwFollowUps.effectiveRoutes(t, vm.name, destination),
        nwFollowUps.effectiveNsg(t, vm.name),
      ]),
      partial: routes !== undefined && !routes.ok,
      ...(notes.length > 0 ? { notes } : {}),
      data: { vm, nic, watcher, sourceIp, destination, nextHop: h, routes: routes?.ok ? { ok: true, count: routes.value.length } : routes },
    });
  },
};
