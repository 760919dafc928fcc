/**
 * `vms [filter]`: the virtual machines in the configured subscriptions (the names the Network Watcher commands
 * take), with their region and network interfaces with addresses (the effective commands take a NIC's name too).
 * What a "List VMs" button shows after a VM or NIC name that does not exist.
 */
import { observe } from '../observe.ts';
import { failureCell } from '../present-circuit.ts';
import { newResult } from '../result.ts';
import type { CommandSpec } from '../types.ts';

export const vmsSpec: CommandSpec = {
  name: 'vms',
  id: 'vms',
  aliases: ['list vms', 'virtual machines'],
  params: [{ name: 'filter', kind: { type: 'name', resource: 'any' } }],
  examples: ['vms', 'vms hub'],
  sideEffects: false,
  calls: 'azure',
  working: (_args, t) => t('nw:vms.working'),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const [all, nics] = await Promise.all([azure.listVirtualMachines(), observe(() => azure.listNetworkInterfaces())]);
    // The VM's NICs, primary first (as the Network Watcher commands pick them).
    const nicsOf = (id: string) =>
      nics?.ok
        ? nics.value
            .filter((n) => n.vmId?.toLowerCase() === id.toLowerCase())
            .sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)) || a.name.localeCompare(b.name))
        : [];
    const filter = typeof args.filter === 'string' ? args.filter.toLowerCase() : undefined;
    const vms = (filter ? all.filter((v) => v.name.toLowerCase().includes(filter) || nicsOf(v.id).some((n) => n.name.toLowerCase().includes(filter))) : all)
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name));
    const notes: string[] = [];
    if (all.length === 0) notes.push(t('nw:vms.none', { subscriptions: azure.subscriptionIds.join(', ') }));
    else if (vms.length === 0) notes.push(t('nw:vms.noneMatch', { filter: args.filter }));
    const nicCell = (id: string) => {
      if (nics && !nics.ok) return failureCell(nics.failure, t);
      const mine = nicsOf(id);
      return mine.length ? mine.map((n) => `${n.name}${n.privateIpAddresses[0] ? ` (${n.privateIpAddresses[0]})` : ''}`).join('\n') : '—';
    };
    return newResult('vms', {
      target: typeof args.filter === 'string' ? args.filter : undefined,
      notes,
      partial: nics !== undefined && !nics.ok,
      tables: [
        {
          title: t('nw:vms.tableTitle', { count: vms.length }),
          columns: [t('nw:vms.col.vm'), t('nw:vms.col.nics')],
          rows: vms.map((v) => [`${v.name}\n${[v.location, v.resourceGroup].filter(Boolean).join(' · ')}`, nicCell(v.id)]),
        },
      ],
      data: {
        count: vms.length,
        vms: vms.map((v) => ({ ...v, nics: nicsOf(v.id).map((n) => ({ name: n.name, privateIpAddresses: n.privateIpAddresses })) })),
      },
    });
  },
};
