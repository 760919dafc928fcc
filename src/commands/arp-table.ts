/** `arp table <circuit> [private|microsoft] [primary|secondary|both]`: the ARP entries per path, and the ARP rules. */
import { DEVICE_PATHS, type DevicePath } from '../azure/snapshots.ts';
import { dedupeFollowUps } from '../diagnosis/build.ts';
import { collectFollowUps, diagnoseCircuit } from '../diagnosis/expressroute.ts';
import { arpFacts } from '../diagnosis/path-facts.ts';
import { observePeering, resolveAndReadCircuit } from './observe-circuit.ts';
import { circuitParam, pathParam, peeringParam, peeringToken } from './params.ts';
import { failureCell, pathName, readFailureNotes } from './present-circuit.ts';
import { newResult, type Table } from './result.ts';
import type { CommandSpec } from './types.ts';

export const arpTableSpec: CommandSpec = {
  name: 'arp table',
  id: 'arp-table',
  aliases: ['arp', 'arp tables', 'show arp'],
  params: [circuitParam, peeringParam, pathParam('both')],
  examples: ['arp table tokyo-er', 'arp table tokyo-er secondary', 'arp table primary'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('commands:arp-table.working', { circuit: args.circuit, path: t(`commands:arp-table.which.${args.path}`) }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const paths: readonly DevicePath[] = args.path === 'both' ? DEVICE_PATHS : [args.path as DevicePath];
    const base = await resolveAndReadCircuit(services.azure, String(args.circuit));
    const read = await observePeering(services.azure, base, String(args.peering), paths, { arp: true });
    const obs = read.observation;
    const verdicts = diagnoseCircuit(obs, t);

    const tables: Table[] = obs.paths.map((p) => {
      const facts = p.arp?.ok ? arpFacts(read.peering, p.path, p.arp.value) : undefined;
      const title = t('commands:arp-table.title', { path: pathName(p.path, t), prefix: facts?.prefix ?? '—' });
      const columns = [t('commands:arp-table.col.interface'), t('commands:arp-table.col.ip'), t('commands:arp-table.col.mac')];
      if (!p.arp) return { title, columns, rows: [], note: t('commands:arp-table.notRead') };
      if (!p.arp.ok) return { title, columns, rows: [], note: failureCell(p.arp.failure, t) };
      const expected = facts?.expected;
      return {
        title,
        columns,
        // What Azure did not give shows as '—' / "age unknown", never as 0.
        rows: p.arp.value.map((e) => [
          `${e.interface || '—'}\n${e.age === undefined ? t('commands:arp-table.ageUnknown') : t('commands:arp-table.age', { minutes: e.age })}`,
          e.ipAddress,
          e.macAddress || '—',
        ]),
        note: expected ? t('commands:arp-table.expected', { onPrem: expected.onPrem, microsoft: expected.microsoft }) : undefined,
      };
    });

    const name = base.summary.name;
    const peer = peeringToken(obs.peeringName);
    const others = [
      { title: t('commands:arp-table.follow.bgp'), command: `bgp status ${name}${peer}` },
      ...(paths.length === 1 ? [{ title: t('commands:arp-table.follow.both'), command: `arp table ${name}${peer} both` }] : []),
      { title: t('commands:arp-table.follow.circuit'), command: `circuit ${name}` },
    ];
    return newResult('arp table', {
      target: name,
      verdicts,
      tables,
      // Tables this card already shows are not offered again.
      followUps: dedupeFollowUps([...collectFollowUps(verdicts), ...others]).filter(
        (f) => !(paths.length === 2 && f.command.startsWith(`arp table ${name}`)),
      ),
      partial: read.partial,
      notes: readFailureNotes(obs, t),
      data: { circuit: base.summary, peering: obs.peeringName, paths: obs.paths.map((p) => ({ path: p.path, arp: p.arp })) },
    });
  },
};
