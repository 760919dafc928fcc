/**
 * `effective routes <vm|nic> [prefix]`: the route table Azure applies to a NIC — prefix, next hop type and IP,
 * source (Default, User, VirtualNetworkGateway) and state. A prefix keeps the routes that overlap it; an
 * address keeps those that cover it, most specific first, and says which one Azure uses. Big tables are
 * paginated by the renderer. Needs no Network Watcher.
 */
import type { EffectiveRouteEntry } from '../../azure/snapshots.ts';
import { nwCommands, nwFollowUps, selectedRoute } from '../../diagnosis/network-watcher.ts';
import { cidrContains, parseCidr, type Cidr } from '../../net/ip.ts';
import { newResult } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { badArgument, parsePrefix, type PrefixFilter } from './input.ts';
import { readEffective, resolveVmOrNic } from './target.ts';

interface RouteRow {
  route: EffectiveRouteEntry;
  prefix: string;
  cidr?: Cidr;
}

/** One row per prefix (a gateway route can carry hundreds). With a filter: the rows that overlap it. */
export function routeRows(routes: readonly EffectiveRouteEntry[], filter?: PrefixFilter): RouteRow[] {
  const rows: RouteRow[] = routes.flatMap((route) =>
    route.addressPrefixes.map((prefix) => {
      const cidr = parseCidr(prefix);
      return cidr ? { route, prefix, cidr } : { route, prefix };
    }),
  );
  if (!filter) return rows;
  const f = filter.cidr;
  const overlaps = (c: Cidr) =>
    c.family === f.family && (cidrContains(c, { family: f.family, value: f.network }) || cidrContains(f, { family: c.family, value: c.network }));
  const active = (r: RouteRow) => Number(!r.route.state || r.route.state.toLowerCase() === 'active');
  const user = (r: RouteRow) => Number((r.route.source ?? '').toLowerCase() === 'user');
  return rows
    .filter((r) => r.cidr !== undefined && overlaps(r.cidr))
    .sort((a, b) => b.cidr!.bits - a.cidr!.bits || active(b) - active(a) || user(b) - user(a));
}

export const effectiveRoutesSpec: CommandSpec = {
  name: 'effective routes',
  id: 'effective-routes',
  aliases: ['effective route', 'effective route table', 'eff routes'],
  params: [
    { name: 'vm-or-nic', kind: { type: 'name', resource: 'any' }, required: true, remember: 'vm' },
    { name: 'prefix', kind: { type: 'name', resource: 'any' } },
  ],
  examples: ['effective routes vm-udr', 'effective routes vm-udr 192.168.10.1', 'effective routes vm-hub-test-nic 10.1.0.0/16'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('nw:effective.routes.working', { target: args['vm-or-nic'] }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const name = String(args['vm-or-nic']);
    let filter: PrefixFilter | undefined;
    if (typeof args.prefix === 'string') {
      const parsed = parsePrefix(args.prefix, t);
      if (!parsed.ok) return badArgument(effectiveRoutesSpec, t, parsed.message, name);
      filter = parsed.value;
    }
    const { vm, nic, nics } = await resolveVmOrNic(services.azure, name);
    const targetName = vm?.name ?? nic.name;
    const read = await readEffective(() => services.azure.getEffectiveRoutes(nic), 'routes', 'effective routes', { vm, nic }, t);
    if (!read.ok) return read.result;
    const routes = read.value;
    const rows = routeRows(routes, filter);
    const total = routeRows(routes).length;

    const notes: string[] = [];
    if (vm && nics.length > 1) notes.push(t('nw:common.otherNics', { vm: vm.name, count: nics.length, nic: nic.name }));
    if (routes.some((r) => r.disableBgpRoutePropagation)) notes.push(t('nw:effective.routes.propagationOff'));
    if (filter?.address) {
      const used = selectedRoute(routes, filter.address);
      const vars = used && {
        address: filter.address,
        prefix: used.prefix,
        type: used.route.nextHopType ?? '?',
        ip: used.route.nextHopIpAddresses.length > 0 ? ` ${used.route.nextHopIpAddresses.join(', ')}` : '',
        source: [used.route.source, used.route.name].filter(Boolean).join(' '),
      };
      if (!vars) notes.push(t('nw:effective.routes.usesNone', { address: filter.address }));
      else if ((used.route.nextHopType ?? '').toLowerCase() === 'none') notes.push(t('nw:effective.routes.usesDrop', vars));
      else notes.push(t('nw:effective.routes.uses', vars));
    }
    const used = filter?.address ? selectedRoute(routes, filter.address) : undefined;
    return newResult('effective routes', {
      target: targetName,
      verdicts: [],
      tables: [
        {
          title: t('nw:effective.routes.title', { nic: nic.name, vm: vm ? ` (${vm.name})` : '' }),
          columns: [
            t('nw:effective.routes.col.prefix'),
            t('nw:effective.routes.col.type'),
            t('nw:effective.routes.col.ip'),
            t('nw:effective.routes.col.source'),
            t('nw:effective.routes.col.state'),
          ],
          rows: rows.map((r) => [
            used && used.route === r.route && used.prefix === r.prefix ? `${r.prefix}\n${t('nw:nexthop.selected')}` : r.prefix,
            r.route.nextHopType ?? '—',
            r.route.nextHopIpAddresses.join('\n') || '—',
            [r.route.source ?? '—', r.route.name].filter(Boolean).join('\n'),
            r.route.state ?? '—',
          ]),
          note: filter ? t('nw:effective.routes.filtered', { shown: rows.length, total, prefix: filter.text }) : t('nw:effective.routes.total', { count: total }),
        },
      ],
      ...(notes.length > 0 ? { notes } : {}),
      followUps: [
        ...(vm && filter?.address ? [{ title: t('nw:effective.routes.follow.nexthop', { ip: filter.address }), command: nwCommands.nexthop(vm.name, filter.address) }] : []),
        { ...nwFollowUps.effectiveNsg(t, targetName), title: t('nw:effective.routes.follow.nsg', { target: targetName }) },
      ],
      data: { vm, nic, filter: filter?.text, count: { total, shown: rows.length }, routes: rows.map((r) => ({ ...r.route, addressPrefixes: [r.prefix] })) },
    });
  },
};
