/** `routes summary <circuit> [private|microsoft]`: the BGP neighbor summary of both paths, and the BGP rules. */
import { DEVICE_PATHS } from '../azure/snapshots.ts';
import { dedupeFollowUps } from '../diagnosis/build.ts';
import { collectFollowUps, diagnoseCircuit } from '../diagnosis/expressroute.ts';
import { observePeering, resolveAndReadCircuit } from './observe-circuit.ts';
import { circuitParam, peeringParam, peeringToken } from './params.ts';
import { failureCell, pathName, readFailureNotes } from './present-circuit.ts';
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

export const routesSummarySpec: CommandSpec = {
  name: 'routes summary',
  id: 'routes-summary',
  aliases: ['route summary', 'bgp summary', 'bgp neighbors', 'neighbors'],
  params: [circuitParam, peeringParam],
  examples: ['routes summary tokyo-er', 'routes summary tokyo-er microsoft'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('commands:routes-summary.working', { circuit: args.circuit }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const base = await resolveAndReadCircuit(services.azure, String(args.circuit));
    const read = await observePeering(services.azure, base, String(args.peering), DEVICE_PATHS, { summary: true });
    const obs = read.observation;
    const verdicts = diagnoseCircuit(obs, t);
    const rows: string[][] = [];
    for (const p of obs.paths) {
      if (!p.summary) rows.push([pathName(p.path, t), '—', '—', '—', t('commands:routes-summary.notRead')]);
      else if (!p.summary.ok) rows.push([pathName(p.path, t), '—', '—', '—', failureCell(p.summary.failure, t)]);
      else if (p.summary.value.length === 0) rows.push([pathName(p.path, t), '—', '—', '—', t('commands:er.bgp.noNeighbor')]);
      else for (const n of p.summary.value) rows.push([pathName(p.path, t), n.neighbor, String(n.as ?? '—'), n.upDown ?? '—', n.statePfxRcd ?? '—']);
    }
    const name = base.summary.name;
    const peer = peeringToken(obs.peeringName);
    return newResult('routes summary', {
      target: name,
      verdicts,
      tables: [
        {
          title: t('commands:routes-summary.title', { peering: obs.peeringName }),
          columns: [t('commands:er.col.path'), t('commands:routes-summary.col.neighbor'), t('commands:routes-summary.col.as'), t('commands:er.col.upDown'), t('commands:routes-summary.col.state')],
          rows,
          note: t('commands:routes-summary.legend'),
        },
      ],
      followUps: dedupeFollowUps([
        ...collectFollowUps(verdicts),
        { title: t('commands:routes-summary.follow.bgp'), command: `bgp status ${name}${peer}` },
        { title: t('commands:routes-summary.follow.routes'), command: `routes ${name}${peer} primary` },
      ]),
      partial: read.partial,
      notes: readFailureNotes(obs, t),
      data: { circuit: base.summary, peering: obs.peeringName, paths: obs.paths.map((p) => ({ path: p.path, summary: p.summary })) },
    });
  },
};
