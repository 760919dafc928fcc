/**
 * Tables the ExpressRoute commands share: the per-path overview, the circuit/peering facts, ARP entries.
 * Plain rows of text (the renderer lays them out); facts come from diagnosis' own parsers so that the
 * table and the verdict never disagree about what a value means.
 */
import type { ArpEntry, CircuitSnapshot, CircuitStats, DevicePath, PeeringSnapshot, RouteSummaryEntry } from '../azure/snapshots.ts';
import { arpFacts, bgpFacts } from '../diagnosis/path-facts.ts';
import type { CircuitObservation, Observed, ReadFailure } from '../diagnosis/observations.ts';
import type { Translate } from '../i18n/index.ts';
import { formatBandwidth } from './circuits.ts';
import type { Table } from './result.ts';

export function failureCell(f: ReadFailure, t: Translate): string {
  return `⚠ ${t('commands:er.notRead', { reason: t(`commands:er.failure.${f.kind}`, { defaultValue: f.kind }) })}`;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function pathName(path: DevicePath, t: Translate): string {
  return t(`commands:er.path.${path}`);
}

function arpCell(peering: PeeringSnapshot | undefined, path: DevicePath, arp: Observed<ArpEntry[]>, t: Translate): string {
  if (arp === undefined) return '—';
  if (!arp.ok) return failureCell(arp.failure, t);
  const f = arpFacts(peering, path, arp.value);
  if (f.status === 'empty') return `✖ ${t('commands:er.arp.empty')}`;
  const onPrem = f.onPremComplete[0]?.ipAddress;
  const summary = t('commands:er.arp.entries', { count: f.entries.length });
  if (f.status === 'onprem-missing') return `✖ ${summary}\n${t('commands:er.arp.noOnPrem')}`;
  if (f.status === 'unknown') {
    const fields = [...new Set(f.missing.flatMap((e) => [...(e.interface === undefined ? ['interface'] : []), ...(e.macAddress === undefined ? ['macAddress'] : [])]))];
    return `? ${summary}\n${t('commands:er.arp.unknown', { fields: fields.join(', ') })}`;
  }
  if (f.status === 'unexpected-ip') return `✖ ${summary}\n${t('commands:er.arp.unexpected', { ip: f.unexpected[0]?.entry.ipAddress, expected: f.unexpected[0]?.expected })}`;
  return `✔ ${summary}\n${t('commands:er.arp.onPrem', { ip: onPrem })}`;
}

function bgpCell(summary: Observed<RouteSummaryEntry[]>, t: Translate): { state: string; upDown: string } {
  if (summary === undefined) return { state: '—', upDown: '—' };
  if (!summary.ok) return { state: failureCell(summary.failure, t), upDown: '—' };
  const f = bgpFacts('primary', summary.value);
  if (f.neighbors.length === 0) return { state: `✖ ${t('commands:er.bgp.noNeighbor')}`, upDown: '—' };
  const state = f.neighbors
    .map((n) =>
      n.session?.established
        ? `✔ ${t('commands:er.bgp.established', { count: n.session.prefixes })}`.replace(' · ', '\n')
        : n.session
          ? `✖ ${n.session.state}`
          : `? ${t('commands:er.bgp.unknown')}`,
    )
    .join('\n');
  return { state, upDown: f.neighbors.map((n) => n.entry.upDown ?? '—').join('\n') };
}

function trafficCell(stats: Observed<CircuitStats>, path: DevicePath, t: Translate): string {
  if (stats === undefined) return '—';
  if (!stats.ok) return failureCell(stats.failure, t);
  const s = stats.value;
  const [bytesIn, bytesOut] = path === 'primary' ? [s.primaryBytesIn, s.primaryBytesOut] : [s.secondaryBytesIn, s.secondaryBytesOut];
  // A counter Azure did not give is unknown, never "0 B".
  const bytes = (n: number | undefined) => (n === undefined ? t('commands:er.trafficUnknown') : formatBytes(n));
  return `${t('commands:er.trafficIn', { bytes: bytes(bytesIn) })}\n${t('commands:er.trafficOut', { bytes: bytes(bytesOut) })}`;
}

/**
 * One column per path, one row per layer (ARP, BGP, up/down, traffic): three narrow columns read well on a
 * phone, where five columns of addresses and states break mid-word.
 */
export function pathsTable(obs: CircuitObservation, peering: PeeringSnapshot | undefined, t: Translate): Table {
  const cells = obs.paths.map((p) => ({ arp: arpCell(peering, p.path, p.arp, t), bgp: bgpCell(p.summary, t), traffic: trafficCell(obs.stats, p.path, t) }));
  return {
    title: t('commands:er.pathsTitle', { peering: obs.peeringName }),
    columns: [t('commands:er.col.item'), ...obs.paths.map((p) => pathName(p.path, t))],
    rows: [
      [t('commands:er.col.arp'), ...cells.map((c) => c.arp)],
      [t('commands:er.col.bgp'), ...cells.map((c) => c.bgp.state)],
      [t('commands:er.col.upDown'), ...cells.map((c) => c.bgp.upDown)],
      [t('commands:er.col.traffic'), ...cells.map((c) => c.traffic)],
    ],
  };
}

/** Circuit and peering facts as item/value rows. The MD5 key is only ever "set" or "not set". */
export function circuitFactsTable(circuit: CircuitSnapshot, peering: PeeringSnapshot | undefined, peeringName: string, t: Translate): Table {
  const rows: string[][] = [
    [t('commands:er.fact.provider'), `${circuit.serviceProviderProvisioningState ?? '—'} · ${circuit.providerName ?? (circuit.isDirect ? 'ExpressRoute Direct' : '—')}`],
    [t('commands:er.fact.circuitState'), circuit.circuitProvisioningState ?? '—'],
    [t('commands:er.fact.sku'), `${[circuit.skuTier, circuit.skuFamily].filter(Boolean).join(' / ') || '—'} · ${formatBandwidth(circuit.bandwidthMbps)} · ${circuit.peeringLocation ?? circuit.location}`],
  ];
  if (!peering) {
    rows.push([t('commands:er.fact.peering'), `✖ ${t('commands:er.peeringMissing', { peering: peeringName })}`]);
  } else {
    rows.push(
      [t('commands:er.fact.peering'), `${peering.name} · ${peering.state ?? '—'}`],
      [t('commands:er.fact.asn'), `${peering.peerASN ?? '—'} / ${peering.azureASN ?? '—'}`],
      [t('commands:er.fact.vlan'), String(peering.vlanId ?? '—')],
      [t('commands:er.fact.subnets'), `${peering.primaryPeerAddressPrefix ?? '—'} · ${peering.secondaryPeerAddressPrefix ?? '—'}`],
      [t('commands:er.fact.md5'), peering.sharedKeySet ? t('commands:er.md5Set') : t('commands:er.md5NotSet')],
    );
  }
  return { title: t('commands:er.factsTitle', { circuit: circuit.name }), columns: [t('commands:er.col.item'), t('commands:er.col.value')], rows };
}

/** Notes for the header about what could not be read. */
export function readFailureNotes(obs: CircuitObservation, t: Translate): string[] {
  const notes: string[] = [];
  for (const p of obs.paths) {
    for (const [what, o] of [['arp', p.arp], ['summary', p.summary], ['routes', p.routes]] as const) {
      if (o && !o.ok) notes.push(t('commands:er.partialNote', { path: pathName(p.path, t), what: t(`commands:er.what.${what}`), reason: t(`commands:er.failure.${o.failure.kind}`, { defaultValue: o.failure.kind }) }));
    }
  }
  if (obs.stats && !obs.stats.ok) notes.push(t('commands:er.partialStats', { reason: t(`commands:er.failure.${obs.stats.failure.kind}`, { defaultValue: obs.stats.failure.kind }) }));
  return notes;
}
