/**
 * `flow <vm> in|out tcp|udp <local-ip>:<port> <remote-ip>:<port>`: IP flow verify — whether the VM's NSGs allow
 * one flow, and which rule decides. It judges NSG rules only, so the card always says that routes are not
 * judged and offers the next hop.
 */
import type { FlowDirection, FlowProtocol } from '../../azure/snapshots.ts';
import { dedupeFollowUps } from '../../diagnosis/build.ts';
import { collectFollowUps } from '../../diagnosis/expressroute.ts';
import { diagnoseNetworkWatcher, endpointText, nwCommands, nwFollowUps, type NwObservation } from '../../diagnosis/network-watcher.ts';
import { newResult } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { badArgument, parseEndpoint } from './input.ts';
import { failureText, missingWatcher, permissionText, resolveVm, vmNicText, watcherOf } from './target.ts';

const DIRECTIONS = { in: 'Inbound', inbound: 'Inbound', out: 'Outbound', outbound: 'Outbound' } as const;
const PROTOCOLS = { tcp: 'TCP', udp: 'UDP' } as const;

export const flowSpec: CommandSpec = {
  name: 'flow',
  id: 'flow',
  aliases: ['ip flow', 'ip flow verify', 'verify flow'],
  params: [
    { name: 'vm', kind: { type: 'name', resource: 'vm' }, required: true, remember: 'vm' },
    { name: 'direction', kind: { type: 'enum', values: DIRECTIONS }, required: true },
    { name: 'protocol', kind: { type: 'enum', values: PROTOCOLS }, required: true },
    { name: 'local', kind: { type: 'name', resource: 'any' }, required: true },
    { name: 'remote', kind: { type: 'name', resource: 'any' }, required: true },
  ],
  examples: ['flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:179', 'flow vm-hub-test in tcp 10.0.1.4:22 10.1.0.10:50000'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) =>
    t('nw:flow.working', { direction: args.direction, protocol: args.protocol, local: args.local, remote: args.remote, vm: args.vm }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const direction = String(args.direction) as FlowDirection;
    const protocol = String(args.protocol) as FlowProtocol;
    const opts = { portRequired: true, allowHost: false, protocol };
    const local = parseEndpoint(String(args.local), t, { ...opts, example: '10.0.1.5:50000' });
    if (!local.ok) return badArgument(flowSpec, t, local.message, String(args.vm));
    const remote = parseEndpoint(String(args.remote), t, { ...opts, example: '192.168.10.1:179' });
    if (!remote.ok) return badArgument(flowSpec, t, remote.message, String(args.vm));
    if (local.value.family !== remote.value.family) {
      return badArgument(flowSpec, t, t('nw:args.families', { local: local.value.host, remote: remote.value.host }), String(args.vm));
    }
    const l = { ip: local.value.host, port: local.value.port! };
    const r = { ip: remote.value.host, port: remote.value.port! };

    const target = await resolveVm(azure, String(args.vm));
    const { vm } = target;
    const request = nwCommands.flow(vm.name, direction, protocol, l.ip, l.port, r.ip, r.port);
    // The local side is the VM's own address: say so at once rather than let Azure reject it.
    const nics = target.nics?.ok ? target.nics.value : undefined;
    const nic = nics?.find((n) => n.privateIpAddresses.includes(l.ip)) ?? target.nic;
    if (nics && nics.length > 0 && !nics.some((n) => n.privateIpAddresses.includes(l.ip))) {
      const addresses = nics.flatMap((n) => n.privateIpAddresses);
      return badArgument(
        flowSpec,
        t,
        t('nw:args.localNotVm', { ip: l.ip, vm: vm.name, addresses: addresses.join(', ') || '—', example: endpointText(addresses[0] ?? '10.0.1.5', l.port) }),
        vm.name,
      );
    }
    if (target.nics?.ok && target.nics.value.length === 0) return badArgument(flowSpec, t, t('nw:args.noNic', { vm: vm.name }), vm.name);
    const watcher = await watcherOf(azure, vm);
    if (!watcher) return missingWatcher('flow', request, vm, t);

    const result = await azure.verifyIpFlow(watcher, {
      vmId: vm.id,
      ...(nic ? { nicId: nic.id } : {}),
      direction,
      protocol,
      localIp: l.ip,
      localPort: l.port,
      remoteIp: r.ip,
      remotePort: r.port,
    });
    const obs: NwObservation = {
      vm: { name: vm.name, resourceGroup: vm.resourceGroup },
      sourceIp: l.ip,
      flow: { direction, protocol, localIp: l.ip, localPort: l.port, remoteIp: r.ip, remotePort: r.port, result },
    };
    const verdicts = diagnoseNetworkWatcher(obs, t);
    const allowed = (result.access ?? '').toLowerCase() === 'allow';
    const rows: string[][] = [
      [t('nw:flow.row.access'), allowed ? t('nw:flow.allow') : t('nw:flow.deny')],
      [t('nw:flow.row.rule'), result.ruleName ? result.ruleName : '—'],
      [t('nw:flow.row.direction'), direction],
      [t('nw:flow.row.protocol'), protocol],
      [t('nw:flow.row.local'), endpointText(l.ip, l.port)],
      [t('nw:flow.row.remote'), endpointText(r.ip, r.port)],
      [t('nw:flow.row.vm'), vmNicText(t, vm.name, nic)],
      [t('nw:flow.row.watcher'), t('nw:watcher.row', { name: watcher.name, region: watcher.location })],
    ];
    const nicsFailed = target.nics !== undefined && !target.nics.ok ? target.nics.failure : undefined;
    return newResult('flow', {
      target: vm.name,
      request,
      verdicts,
      tables: [{ title: t('nw:flow.title', { vm: vm.name }), columns: [t('nw:common.col.item'), t('nw:common.col.value')], rows }],
      // IP flow verify never judges routes: the caveat and the next hop are always there, Allow or Deny.
      notes: [
        t('nw:flow.caveat'),
        ...(nicsFailed ? [t('nw:flow.nicFailed', { reason: failureText(nicsFailed, t), permission: permissionText(nicsFailed, t) })] : []),
      ],
      partial: nicsFailed !== undefined,
      followUps: dedupeFollowUps([
        { title: t('nw:flow.follow.nexthop', { ip: r.ip }), command: nwCommands.nexthop(vm.name, r.ip) },
        ...collectFollowUps(verdicts),
        nwFollowUps.effectiveNsg(t, vm.name),
      ]),
      data: { vm, nic, watcher, request: { direction, protocol, local: l, remote: r }, result },
    });
  },
};
