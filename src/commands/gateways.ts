/**
 * `gateways [filter]`: the virtual network gateways in the configured subscriptions (the names `gateway` and
 * `fastpath` take), with their type and SKU, and their connections with the circuit behind each. What a
 * "List gateways" button shows after a gateway or connection name that does not exist. Each row runs
 * `gateway <name>` with one click.
 */
import { nameFromId } from '../azure/resource-id.ts';
import { observe } from './observe.ts';
import { failureCell } from './present-circuit.ts';
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

export const gatewaysSpec: CommandSpec = {
  name: 'gateways',
  id: 'gateways',
  aliases: ['list gateways', 'gws'],
  params: [{ name: 'filter', kind: { type: 'name', resource: 'any' } }],
  examples: ['gateways', 'gateways hub'],
  sideEffects: false,
  calls: 'azure',
  working: (_args, t) => t('commands:gateways.working'),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const [all, connections] = await Promise.all([azure.listGateways(), observe(() => azure.listConnections())]);
    const filter = typeof args.filter === 'string' ? args.filter.toLowerCase() : undefined;
    // A filter matches a gateway's name or one of its connections' names (`fastpath` takes either).
    const connectionsOf = (id: string) => (connections?.ok ? connections.value.filter((c) => c.gatewayId?.toLowerCase() === id.toLowerCase()) : []);
    const gateways = filter
      ? all.filter((g) => g.name.toLowerCase().includes(filter) || connectionsOf(g.id).some((c) => c.name.toLowerCase().includes(filter)))
      : all;
    const notes: string[] = [];
    if (all.length === 0) notes.push(t('commands:gateways.none', { subscriptions: azure.subscriptionIds.join(', ') }));
    else if (gateways.length === 0) notes.push(t('commands:gateways.noneMatch', { filter: args.filter }));
    const connectionsCell = (id: string) => {
      if (connections && !connections.ok) return failureCell(connections.failure, t);
      const mine = connectionsOf(id);
      return mine.length ? mine.map((c) => `${c.name} → ${nameFromId(c.peerId) ?? '—'}`).join('\n') : '—';
    };
    return newResult('gateways', {
      target: typeof args.filter === 'string' ? args.filter : undefined,
      notes,
      partial: connections !== undefined && !connections.ok,
      tables: [
        {
          title: t('commands:gateways.tableTitle', { count: gateways.length }),
          columns: [t('commands:gateways.col.gateway'), t('commands:gateways.col.sku'), t('commands:gateways.col.connections')],
          rows: gateways.map((g) => [
            `${g.name}\n${[g.location, g.resourceGroup].filter(Boolean).join(' · ')}`,
            `${g.gatewayType ?? '—'}\n${g.skuName ?? '—'}${g.scaleUnits ? ` (${g.scaleUnits.min ?? '?'}–${g.scaleUnits.max ?? '?'})` : ''}`,
            connectionsCell(g.id),
          ]),
          rowActions: gateways.map((g) => ({ title: t('commands:gateways.rowAction'), command: `gateway ${g.name}` })),
        },
      ],
      data: {
        count: gateways.length,
        gateways: gateways.map((g) => ({ ...g, connections: connectionsOf(g.id).map((c) => ({ name: c.name, circuit: nameFromId(c.peerId) })) })),
      },
    });
  },
};
