/** `circuits [filter]`: the ExpressRoute circuits in the configured subscriptions, with their states. */
import type { CircuitSummary } from '../azure/snapshots.ts';
import type { Translate } from '../i18n/index.ts';
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

export function formatBandwidth(mbps: number | undefined): string {
  if (mbps === undefined) return '—';
  return mbps >= 1000 ? `${mbps / 1000} Gbps` : `${mbps} Mbps`;
}

/** "✔ Ready", or both states when either side is not ready. */
function stateCell(c: CircuitSummary, t: Translate): string {
  const provider = c.serviceProviderProvisioningState ?? '—';
  const circuit = c.circuitProvisioningState ?? '—';
  const healthy = provider === 'Provisioned' && circuit === 'Enabled';
  return healthy ? `✔ ${t('commands:circuits.ready')}` : `⚠ ${t('commands:circuits.notReady')}\n${provider} / ${circuit}`;
}

export const circuitsSpec: CommandSpec = {
  name: 'circuits',
  id: 'circuits',
  aliases: ['list circuits', 'circuit list', 'ls'],
  params: [{ name: 'filter', kind: { type: 'name', resource: 'any' } }],
  examples: ['circuits', 'circuits tokyo'],
  sideEffects: false,
  calls: 'azure',
  working: (_args, t) => t('commands:circuits.working'),
  async run(args, ctx) {
    const { t, services } = ctx;
    const all = await services.azure.listCircuits();
    const filter = typeof args.filter === 'string' ? args.filter.toLowerCase() : undefined;
    const circuits = filter ? all.filter((c) => c.name.toLowerCase().includes(filter)) : all;
    const notes: string[] = [];
    if (all.length === 0) notes.push(t('commands:circuits.none', { subscriptions: services.azure.subscriptionIds.join(', ') }));
    else if (circuits.length === 0) notes.push(t('commands:circuits.noneMatch', { filter: args.filter }));
    const notReady = circuits.filter((c) => c.serviceProviderProvisioningState !== 'Provisioned' || c.circuitProvisioningState !== 'Enabled');
    return newResult('circuits', {
      target: typeof args.filter === 'string' ? args.filter : undefined,
      notes,
      tables: [
        {
          title: t('commands:circuits.tableTitle', { count: circuits.length }),
          // Three columns, each a name with its detail under it: readable on a phone.
          columns: [t('commands:circuits.col.circuit'), t('commands:circuits.col.capacity'), t('commands:circuits.col.state')],
          rows: circuits.map((c) => [
            `${c.name}\n${[c.isDirect ? t('commands:circuits.direct') : c.providerName, c.peeringLocation ?? c.location].filter(Boolean).join(' · ')}`,
            `${formatBandwidth(c.bandwidthMbps)}\n${[c.skuTier, c.skuFamily].filter(Boolean).join(' / ') || '—'}`,
            stateCell(c, t),
          ]),
        },
      ],
      data: {
        count: circuits.length,
        notReady: notReady.map((c) => c.name),
        circuits: circuits.map((c) => ({ ...c })),
      },
    });
  },
};
