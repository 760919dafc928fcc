/**
 * `check <vm> <host-or-ip>:<port> [tcp|http|https|icmp]`: Network Watcher connection troubleshoot from a VM
 * (a long-running operation: the host acknowledges first and updates the card). Shows the status, latency,
 * probes and every hop with its issues; the verdict names the NSG rule, the route, or the missing agent.
 * For an address, the next hop is read alongside: when the check fails it tells "no route" from "no answer".
 */
import type { ConnectivityHopSnapshot, ConnectivityProtocol, ConnectivityResult, EffectiveRouteEntry, NextHopSnapshot } from '../../azure/snapshots.ts';
import { dedupeFollowUps, q } from '../../diagnosis/build.ts';
import { collectFollowUps } from '../../diagnosis/expressroute.ts';
import { checkFacts, diagnoseNetworkWatcher, endpointText, nwFollowUps, routeTableName, type NwObservation } from '../../diagnosis/network-watcher.ts';
import type { Observed } from '../../diagnosis/observations.ts';
import type { Translate } from '../../i18n/index.ts';
import { observe } from '../observe.ts';
import { newResult, type Table } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { badArgument, parseEndpoint } from './input.ts';
import { failureText, missingWatcher, permissionText, resolveVm, vmNicText, watcherOf } from './target.ts';

const PROTOCOLS: Readonly<Record<string, ConnectivityProtocol>> = { tcp: 'Tcp', http: 'Http', https: 'Https', icmp: 'Icmp' };
const DEFAULT_PORT: Partial<Record<ConnectivityProtocol, number>> = { Http: 80, Https: 443 };

/** Every status Azure is documented to send has its own words; any other is shown quoted as unknown to the bot. */
function statusCell(r: ConnectivityResult, t: Translate): string {
  const s = (r.connectionStatus ?? '').trim().toLowerCase();
  if (s === 'connected' || s === 'degraded' || s === 'disconnected' || s === 'reachable' || s === 'unreachable') return t(`nw:check.status.${s}`);
  if (s === 'unknown') return t('nw:check.status.statusUnknown');
  return t('nw:check.status.unknown', { status: r.connectionStatus ? q(r.connectionStatus) : '—' });
}

function hopLabel(h: ConnectivityHopSnapshot | undefined): string {
  if (!h) return '—';
  return h.address ?? h.type ?? '—';
}

export function issueCell(h: ConnectivityHopSnapshot): string {
  if (h.issues.length === 0) return '—';
  return h.issues
    .map((i) => {
      const icon = (i.severity ?? '').toLowerCase() === 'warning' ? '⚠' : '⛔';
      const context = i.context.flatMap((c) => Object.entries(c).map(([k, v]) => `${k}=${v}`)).join(', ');
      return `${icon} ${i.type ?? '?'}${context ? ` (${context})` : ''}`;
    })
    .join('\n');
}

export function hopsTable(r: ConnectivityResult, t: Translate): Table {
  const byId = new Map(r.hops.filter((h) => h.id).map((h) => [h.id!, h]));
  return {
    title: t('nw:check.hopsTitle'),
    columns: [t('nw:check.col.n'), t('nw:check.col.type'), t('nw:check.col.address'), t('nw:check.col.next'), t('nw:check.col.issues')],
    rows: r.hops.map((h, i) => {
      const resource = h.resourceId?.split('/').pop();
      const next = h.nextHopIds.length > 0 ? h.nextHopIds.map((id) => hopLabel(byId.get(id))).join('\n') : i < r.hops.length - 1 ? hopLabel(r.hops[i + 1]) : '—';
      return [String(i + 1), [h.type ?? '?', resource].filter(Boolean).join('\n'), h.address ?? '—', next, issueCell(h)];
    }),
  };
}

/** A failed check, a next hop read that is neither the gateway nor None, and no hop issue that explains it. */
function needsRoutes(check: NwObservation['check'], nextHop: Observed<NextHopSnapshot> | undefined): boolean {
  const f = checkFacts(check);
  if (!f?.failed || !nextHop?.ok) return false;
  if (f.nsg.length > 0 || f.udr.length > 0 || f.noRoute.length > 0 || f.agent.length > 0) return false;
  const type = (nextHop.value.nextHopType ?? '').toLowerCase();
  return type !== 'virtualnetworkgateway' && type !== 'none';
}

export const checkSpec: CommandSpec = {
  name: 'check',
  id: 'check',
  aliases: ['connectivity check', 'connection check', 'connection troubleshoot', 'nw check'],
  params: [
    { name: 'vm', kind: { type: 'name', resource: 'vm' }, required: true, remember: 'vm' },
    { name: 'destination', kind: { type: 'name', resource: 'any' }, required: true },
    { name: 'protocol', kind: { type: 'enum', values: { tcp: 'Tcp', http: 'Http', https: 'Https', icmp: 'Icmp' } }, default: 'Tcp' },
  ],
  examples: ['check vm-hub-test 192.168.10.1:179', 'check vm-hub-test 10.1.0.10:443 https', 'check vm-hub-test 192.168.10.1 icmp'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('nw:check.working', { protocol: String(args.protocol ?? 'Tcp').toUpperCase(), destination: args.destination, vm: args.vm }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const protocol = PROTOCOLS[String(args.protocol ?? 'tcp').toLowerCase()] ?? 'Tcp';
    const parsed = parseEndpoint(String(args.destination), t, {
      portRequired: protocol === 'Tcp',
      allowHost: true,
      protocol: protocol.toUpperCase(),
      example: `${String(args.destination).replace(/:.*$/, '') || '192.168.10.1'}:179`,
    });
    if (!parsed.ok) return badArgument(checkSpec, t, parsed.message, String(args.vm));
    const endpoint = parsed.value;
    const port = protocol === 'Icmp' ? undefined : (endpoint.port ?? DEFAULT_PORT[protocol]);

    const target = await resolveVm(azure, String(args.vm));
    const { vm, nic } = target;
    const request = `check ${vm.name} ${endpointText(endpoint.host, endpoint.port)}${protocol === 'Tcp' ? '' : ` ${protocol.toLowerCase()}`}`;
    const watcher = await watcherOf(azure, vm);
    if (!watcher) return missingWatcher('check', request, vm, t);

    // The next hop is asked from the VM's address of the destination's family (Azure refuses a mix).
    const sourceIp =
      nic?.privateIpAddresses.find((a) => endpoint.family !== undefined && (endpoint.family === 6) === a.includes(':')) ?? nic?.privateIpAddresses[0];
    const asAddress = endpoint.family !== undefined && sourceIp !== undefined && (endpoint.family === 6) === sourceIp.includes(':');
    const [outcome, nextHop] = await Promise.all([
      azure.checkConnectivity(watcher, { sourceVmId: vm.id, destinationAddress: endpoint.host, ...(port !== undefined ? { destinationPort: port } : {}), protocol }),
      asAddress ? observe(() => azure.getNextHop(watcher, { vmId: vm.id, nicId: nic!.id, sourceIp: sourceIp!, destinationIp: endpoint.host })) : Promise.resolve(undefined),
    ]);

    const check = { destination: endpoint.host, ...(port !== undefined ? { port } : {}), protocol, outcome };
    // One extra read, only for a failed check whose next hop is neither the gateway nor None and that no hop
    // issue explains: the VM's effective routes, so that an on-premises destination sent to an appliance or the
    // internet is judged a misroute exactly as `nexthop` judges it, rather than "no answer" (issue 16).
    const routes = needsRoutes(check, nextHop) ? await observe(() => azure.getEffectiveRoutes(nic!)) : undefined;
    const obs: NwObservation = {
      vm: { name: vm.name, resourceGroup: vm.resourceGroup },
      ...(sourceIp ? { sourceIp } : {}),
      check,
      ...(nextHop ? { nextHop: { destinationIp: endpoint.host, result: nextHop as Observed<NextHopSnapshot> } } : {}),
      ...(routes ? { routes: routes as Observed<EffectiveRouteEntry[]> } : {}),
    };
    const verdicts = diagnoseNetworkWatcher(obs, t);
    const destination = endpointText(endpoint.host, port);

    const result = outcome.status === 'completed' ? outcome.result : undefined;
    const facts: string[][] = [
      [t('nw:check.row.status'), result ? statusCell(result, t) : t('nw:check.notRun')],
      ...(result
        ? [
            [
              t('nw:check.row.latency'),
              result.avgLatencyInMs === undefined && result.minLatencyInMs === undefined && result.maxLatencyInMs === undefined
                ? '—'
                : t('nw:check.latency', { min: result.minLatencyInMs ?? '—', avg: result.avgLatencyInMs ?? '—', max: result.maxLatencyInMs ?? '—' }),
            ],
            [t('nw:check.row.probes'), t('nw:check.probes', { sent: result.probesSent ?? '—', failed: result.probesFailed ?? '—' })],
          ]
        : []),
      [t('nw:check.row.source'), vmNicText(t, vm.name, nic)],
      [t('nw:check.row.destination'), `${destination} · ${protocol.toUpperCase()}`],
      [t('nw:check.row.watcher'), t('nw:watcher.row', { name: watcher.name, region: watcher.location })],
    ];
    const tables: Table[] = [{ title: t('nw:check.title', { vm: vm.name, destination }), columns: [t('nw:common.col.item'), t('nw:common.col.value')], rows: facts }];
    if (result && result.hops.length > 0) tables.push(hopsTable(result, t));

    const notes: string[] = [];
    if (target.nics && !target.nics.ok) notes.push(t('nw:check.nicFailed', { reason: failureText(target.nics.failure, t), permission: permissionText(target.nics.failure, t) }));
    if (nextHop?.ok) {
      const h = nextHop.value;
      notes.push(t('nw:check.nextHopNote', { source: sourceIp, type: h.nextHopType ?? '?', ip: h.nextHopIpAddress ? ` ${h.nextHopIpAddress}` : '', table: routeTableName(h.routeTableId) ?? '—' }));
    } else if (nextHop && !nextHop.ok) {
      notes.push(t('nw:check.nextHopFailed', { reason: failureText(nextHop.failure, t), permission: permissionText(nextHop.failure, t) }));
    }
    if (routes && !routes.ok) notes.push(t('nw:nexthop.routesFailed', { reason: failureText(routes.failure, t) + permissionText(routes.failure, t), destination: endpoint.host }));

    const standard = [
      ...(endpoint.family !== undefined ? [{ title: t('nw:check.follow.nexthop', { ip: endpoint.host }), command: `nexthop ${vm.name} ${endpoint.host}` }] : []),
      nwFollowUps.effectiveRoutes(t, vm.name),
      nwFollowUps.effectiveNsg(t, vm.name),
    ];
    return newResult('check', {
      target: vm.name,
      request,
      verdicts,
      tables,
      followUps: dedupeFollowUps([...collectFollowUps(verdicts), ...standard]),
      partial: (target.nics !== undefined && !target.nics.ok) || (nextHop !== undefined && !nextHop.ok) || (routes !== undefined && !routes.ok),
      ...(notes.length > 0 ? { notes } : {}),
      data: {
        vm,
        nic,
        watcher,
        request: { destination: endpoint.host, port, protocol },
        outcome,
        ...(nextHop ? { nextHop } : {}),
        ...(routes ? { routes } : {}),
      },
    });
  },
};
