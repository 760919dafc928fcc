/**
 * `circuits [filter]`: the ExpressRoute circuits in the configured subscriptions, with their provisioning states
 * and what their configuration alone says about their health.
 *
 * The list is one cheap read (ARM's circuit list, which carries each circuit's peerings), so the health column
 * judges only what that list can tell: the provider's and the circuit's provisioning states, and each peering's
 * state and peer ASN, by the same rules (and ranking) as `bgp status` (diagnoseCircuitConfig). ARP and BGP are not
 * read here, so a circuit with nothing wrong in its configuration is "not judged", never "healthy"; each row's
 * health cell runs `bgp status <circuit>` with one click (Table.rowActions: one per row instead of 18 buttons).
 */
import type { CircuitSummary, PeeringSnapshot } from '../azure/snapshots.ts';
import { diagnoseCircuitConfig } from '../diagnosis/expressroute.ts';
import type { Verdict } from '../diagnosis/verdict.ts';
import type { Translate } from '../i18n/index.ts';
import { MICROSOFT_PEERING, peeringToken, PRIVATE_PEERING } from './params.ts';
import { type FollowUp, newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

export function formatBandwidth(mbps: number | undefined): string {
  if (mbps === undefined) return '—';
  return mbps >= 1000 ? `${mbps / 1000} Gbps` : `${mbps} Mbps`;
}

/** Both provisioning states, each labelled for what it is: they say whether the circuit exists, not whether it works. */
function provisioningCell(c: CircuitSummary, t: Translate): string {
  return [
    t('commands:circuits.providerState', { state: c.serviceProviderProvisioningState ?? '—' }),
    t('commands:circuits.circuitState', { state: c.circuitProvisioningState ?? '—' }),
  ].join('\n');
}

const same = (a: string | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

/**
 * The peering `bgp status <circuit>` from this row diagnoses: private peering, as `bgp status` does by default,
 * unless the circuit has only Microsoft peering.
 */
function rowPeering(peerings: readonly PeeringSnapshot[] | undefined): string {
  const has = (name: string) => (peerings ?? []).some((p) => same(p.name, name) || same(p.peeringType, name));
  return !has(PRIVATE_PEERING) && has(MICROSOFT_PEERING) ? MICROSOFT_PEERING : PRIVATE_PEERING;
}

export interface ConfigHealth {
  /** 'problem': the configuration alone is wrong; 'not-judged': nothing wrong in it, ARP and BGP not read. */
  status: 'problem' | 'not-judged';
  /** Whether the peerings were in the list (otherwise only the circuit's own states were judged). */
  peeringsJudged: boolean;
  verdicts: Verdict[];
}

/**
 * The configuration verdicts of a listed circuit: every peering it has (a circuit-level problem once), or, with
 * no peering, the one `bgp status` asks for (private: "not configured").
 */
export function configHealth(c: CircuitSummary, t: Translate): ConfigHealth {
  const circuit = { ...c, peerings: c.peerings ?? [], authorizations: [] };
  const peeringsJudged = c.peerings !== undefined;
  const names = peeringsJudged && circuit.peerings.length > 0 ? circuit.peerings.map((p) => p.name) : [rowPeering(c.peerings)];
  const seen = new Set<string>();
  const verdicts = names
    .flatMap((peeringName) => diagnoseCircuitConfig({ circuit, peeringName }, t, { peeringsKnown: peeringsJudged }))
    .filter((v) => {
      const key = `${v.ruleId}|${v.scope ?? ''}|${v.title}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const problems = verdicts.filter((v) => v.severity === 'critical' || v.severity === 'warning');
  return { status: problems.length > 0 ? 'problem' : 'not-judged', peeringsJudged, verdicts: problems };
}

const ICON: Record<string, string> = { critical: '⛔', warning: '⚠' };
const MAX_PROBLEM_LINES = 2;

function healthCell(h: ConfigHealth, t: Translate): string {
  if (h.status === 'not-judged') return t(h.peeringsJudged ? 'commands:circuits.notJudged' : 'commands:circuits.notJudgedNoPeerings');
  const lines = h.verdicts.slice(0, MAX_PROBLEM_LINES).map((v) => `${ICON[v.severity] ?? ''} ${v.title}`.trim());
  if (h.verdicts.length > MAX_PROBLEM_LINES) lines.push(t('commands:circuits.moreProblems', { count: h.verdicts.length - MAX_PROBLEM_LINES }));
  return lines.join('\n');
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
    const health = circuits.map((c) => configHealth(c, t));
    const rowActions: FollowUp[] = circuits.map((c) => {
      const command = `bgp status ${c.name}${peeringToken(rowPeering(c.peerings))}`;
      return { title: t('commands:circuits.rowAction'), command };
    });
    return newResult('circuits', {
      target: typeof args.filter === 'string' ? args.filter : undefined,
      notes,
      tables: [
        {
          title: t('commands:circuits.tableTitle', { count: circuits.length }),
          // Each cell a name with its detail under it: readable on a phone.
          columns: [t('commands:circuits.col.circuit'), t('commands:circuits.col.capacity'), t('commands:circuits.col.provisioning'), t('commands:circuits.col.health')],
          rows: circuits.map((c, i) => [
            `${c.name}\n${[c.isDirect ? t('commands:circuits.direct') : c.providerName, c.peeringLocation ?? c.location].filter(Boolean).join(' · ')}`,
            `${formatBandwidth(c.bandwidthMbps)}\n${[c.skuTier, c.skuFamily].filter(Boolean).join(' / ') || '—'}`,
            provisioningCell(c, t),
            healthCell(health[i]!, t),
          ]),
          rowActions,
          note: circuits.length > 0 ? t('commands:circuits.healthNote') : undefined,
        },
      ],
      data: {
        count: circuits.length,
        notReady: notReady.map((c) => c.name),
        /** Circuits whose configuration alone is wrong (what `bgp status` would open with). */
        configProblems: circuits.filter((_, i) => health[i]!.status === 'problem').map((c) => c.name),
        circuits: circuits.map(({ peerings: _peerings, ...c }, i) => ({
          ...c,
          health: {
            judged: health[i]!.peeringsJudged ? 'configuration' : 'provisioning',
            status: health[i]!.status,
            verdicts: health[i]!.verdicts.map((v) => ({ ruleId: v.ruleId, severity: v.severity, title: v.title, ...(v.scope ? { scope: v.scope } : {}) })),
          },
          diagnose: rowActions[i]!.command,
        })),
      },
    });
  },
};
