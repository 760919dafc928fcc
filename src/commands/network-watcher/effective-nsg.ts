/**
 * `effective nsg <vm|nic>`: the security rules Azure applies to a NIC, per NSG (on the NIC and on its subnet)
 * and direction, in evaluation order: priority, rule, access, protocol and ports, source and destination.
 * Needs no Network Watcher. Big tables are paginated by the renderer.
 */
import type { EffectiveNsgSnapshot, EffectiveSecurityRuleEntry } from '../../azure/snapshots.ts';
import { nwFollowUps, shortRuleName } from '../../diagnosis/network-watcher.ts';
import type { Translate } from '../../i18n/index.ts';
import { newResult, type Table } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { readEffective, resolveVmOrNic } from './target.ts';

const DIRECTIONS = ['Inbound', 'Outbound'] as const;

const isAny = (v: string) => v === '*' || v === '0-65535' || v === '0.0.0.0/0' || v.toLowerCase() === 'any';

function list(values: readonly string[], t: Translate): string {
  if (values.length === 0 || values.every(isAny)) return t('nw:effective.nsg.any');
  return values.map((v) => (/^(\d+)-\1$/.test(v) ? v.split('-')[0]! : v)).join(', ');
}

function ruleRow(r: EffectiveSecurityRuleEntry, t: Translate): string[] {
  const name = shortRuleName(r.name);
  const isDefault = /^defaultSecurityRules\//i.test(r.name);
  const protocol = !r.protocol || r.protocol === '*' || r.protocol.toLowerCase() === 'all' ? t('nw:effective.nsg.any') : r.protocol.toUpperCase();
  const srcPorts = list(r.sourcePortRanges, t);
  const dstPorts = list(r.destinationPortRanges, t);
  const ports = `${protocol} · ${dstPorts}${srcPorts === t('nw:effective.nsg.any') ? '' : `\n(src ${srcPorts})`}`;
  const access = (r.access ?? '').toLowerCase() === 'allow' ? `✔ ${r.access}` : (r.access ?? '').toLowerCase() === 'deny' ? `✖ ${r.access}` : (r.access ?? '—');
  return [
    String(r.priority ?? '—'),
    isDefault ? t('nw:effective.nsg.default', { name }) : name,
    access,
    ports,
    `${list(r.sourceAddressPrefixes, t)}\n→ ${list(r.destinationAddressPrefixes, t)}`,
  ];
}

function scopeOf(g: EffectiveNsgSnapshot, t: Translate): string {
  const subnet = g.association.subnetId?.split('/').pop();
  if (subnet) return t('nw:effective.nsg.scope.subnet', { name: subnet });
  const nic = g.association.networkInterfaceId?.split('/').pop();
  if (nic) return t('nw:effective.nsg.scope.nic', { name: nic });
  return t('nw:effective.nsg.scope.unknown', { name: '—' });
}

export function nsgTables(groups: readonly EffectiveNsgSnapshot[], t: Translate): Table[] {
  const columns = [
    t('nw:effective.nsg.col.priority'),
    t('nw:effective.nsg.col.rule'),
    t('nw:effective.nsg.col.access'),
    t('nw:effective.nsg.col.protocol'),
    t('nw:effective.nsg.col.addresses'),
  ];
  return groups.flatMap((g) =>
    DIRECTIONS.map((direction) => ({
      title: t('nw:effective.nsg.title', {
        direction: t(`nw:effective.nsg.direction.${direction}`),
        nsg: g.nsgId?.split('/').pop() ?? '—',
        scope: scopeOf(g, t),
      }),
      columns,
      rows: g.rules
        .filter((r) => (r.direction ?? '').toLowerCase() === direction.toLowerCase())
        .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0))
        .map((r) => ruleRow(r, t)),
    })),
  );
}

export const effectiveNsgSpec: CommandSpec = {
  name: 'effective nsg',
  id: 'effective-nsg',
  aliases: ['effective nsgs', 'effective security rules', 'effective rules', 'eff nsg'],
  params: [{ name: 'vm-or-nic', kind: { type: 'name', resource: 'any' }, required: true, remember: 'vm' }],
  examples: ['effective nsg vm-nsg', 'effective nsg vm-nsg-nic'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('nw:effective.nsg.working', { target: args['vm-or-nic'] }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const { vm, nic, nics } = await resolveVmOrNic(services.azure, String(args['vm-or-nic']));
    const targetName = vm?.name ?? nic.name;
    const read = await readEffective(() => services.azure.getEffectiveSecurityGroups(nic), 'nsg', 'effective nsg', { vm, nic }, t);
    if (!read.ok) return read.result;
    const groups = read.value;
    const notes: string[] = [];
    if (vm && nics.length > 1) notes.push(t('nw:common.otherNics', { vm: vm.name, count: nics.length, nic: nic.name }));
    const tables = nsgTables(groups, t);
    if (groups.length === 0) {
      tables.push({
        title: t('nw:effective.nsg.emptyTitle', { nic: nic.name }),
        columns: [t('nw:effective.nsg.col.priority'), t('nw:effective.nsg.col.rule'), t('nw:effective.nsg.col.access')],
        rows: [],
        note: t('nw:effective.nsg.none', { nic: nic.name }),
      });
    } else if (groups.length > 1) {
      notes.push(t('nw:effective.nsg.order'));
    }
    return newResult('effective nsg', {
      target: targetName,
      verdicts: [],
      tables,
      ...(notes.length > 0 ? { notes } : {}),
      followUps: [{ ...nwFollowUps.effectiveRoutes(t, targetName), title: t('nw:effective.nsg.follow.routes', { target: targetName }) }],
      data: { vm, nic, groups },
    });
  },
};
