/**
 * `bgp status <circuit> [private|microsoft|all]`: the headline command. For each path of the peering:
 * circuit and provider state, peering configuration, ARP, the BGP session and prefixes, up/down time and
 * traffic, all read in parallel; then the verdicts, lowest broken layer first.
 */
import { DEVICE_PATHS } from '../azure/snapshots.ts';
import { dedupeFollowUps } from '../diagnosis/build.ts';
import { collectFollowUps, diagnoseCircuit } from '../diagnosis/expressroute.ts';
import type { Verdict } from '../diagnosis/verdict.ts';
import { observePeering, resolveAndReadCircuit } from './observe-circuit.ts';
import { testVmFor } from './network-watcher/test-vm.ts';
import { ALL_PEERINGS, circuitParam, peeringOrAllParam, peeringToken, PRIVATE_PEERING } from './params.ts';
import { circuitFactsTable, pathsTable, readFailureNotes } from './present-circuit.ts';
import { newResult, type Table } from './result.ts';
import type { CommandSpec } from './types.ts';

export const bgpStatusSpec: CommandSpec = {
  name: 'bgp status',
  id: 'bgp-status',
  aliases: ['bgp', 'bgp state', 'status', 'diagnose', 'diag'],
  params: [circuitParam, peeringOrAllParam],
  examples: ['bgp status tokyo-er', 'bgp status tokyo-er microsoft', 'bgp status tokyo-er all'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('commands:bgp-status.working', { circuit: args.circuit, peering: args.peering === ALL_PEERINGS ? t('commands:er.allPeerings') : args.peering }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const azure = services.azure;
    const base = await resolveAndReadCircuit(azure, String(args.circuit));
    const asked = String(args.peering ?? PRIVATE_PEERING);
    const peeringNames = asked === ALL_PEERINGS ? (base.circuit.peerings.length ? base.circuit.peerings.map((p) => p.name) : [PRIVATE_PEERING]) : [asked];
    const [reads, testVm] = await Promise.all([
      Promise.all(peeringNames.map((p) => observePeering(azure, base, p, DEVICE_PATHS, { arp: true, summary: true, routes: true, stats: true }))),
      // NETOPS_TEST_VMS: the VM from which ER-BGP-DOWN offers a Network Watcher check of TCP/179 to the peer.
      testVmFor(azure, services.config.testVms ?? {}, base.summary),
    ]);

    const verdicts: Verdict[] = reads.flatMap((r) => diagnoseCircuit(r.observation, t, testVm ? { testVm } : {}));
    const tables: Table[] = reads.flatMap((r) => [pathsTable(r.observation, r.peering, t), circuitFactsTable(r.circuit, r.peering, r.observation.peeringName, t)]);
    const name = base.summary.name;
    const first = reads[0]!.observation.peeringName;
    const standard = [
      { title: t('commands:bgp-status.follow.arp'), command: `arp table ${name}${peeringToken(first)} both` },
      { title: t('commands:bgp-status.follow.summary'), command: `routes summary ${name}${peeringToken(first)}` },
      { title: t('commands:bgp-status.follow.circuit'), command: `circuit ${name}` },
    ];
    return newResult('bgp status', {
      target: name,
      verdicts,
      tables,
      followUps: dedupeFollowUps([...collectFollowUps(verdicts), ...standard]),
      partial: reads.some((r) => r.partial),
      notes: reads.flatMap((r) => readFailureNotes(r.observation, t)),
      data: {
        circuit: base.summary,
        peerings: reads.map((r) => ({
          name: r.observation.peeringName,
          peering: r.peering,
          paths: r.observation.paths.map((p) => ({
            path: p.path,
            arp: p.arp,
            summary: p.summary,
            // Route tables can hold thousands of prefixes: `routes` shows them; here only the count.
            routes: p.routes?.ok ? { ok: true, count: p.routes.value.length } : p.routes,
          })),
          stats: r.observation.stats,
        })),
      },
    });
  },
};
