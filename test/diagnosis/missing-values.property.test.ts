/**
 * Issue 16, point 1, as a property: for random subsets of the optional fields removed from a healthy circuit's
 * ARM answers (route summary lines, ARP entries, the stats counters), mapped by the real mapping (map.ts) and
 * judged by the real rules, no verdict and no table cell asserts a value that was absent: no Established or
 * prefix count for a neighbor without statePfxRcd, no flap judgement without upDown, no "on-premises router
 * missing / MAC incomplete" from an entry without interface or MAC, no "no traffic" or 0 bytes from a counter
 * left out; and ER-HEALTHY never stands when a field it relies on is missing, while ER-VALUES-MISSING names it.
 */
import type { ExpressRouteCircuitArpTable, ExpressRouteCircuitRoutesTableSummary, ExpressRouteCircuitStats } from '@azure/arm-network';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toArp, toStats, toSummary } from '../../src/azure/map.ts';
import { UnexpectedAnswer } from '../../src/azure/shape.ts';
import { DEVICE_PATHS, type DevicePath } from '../../src/azure/snapshots.ts';
import { pathsTable } from '../../src/commands/present-circuit.ts';
import { diagnoseCircuit } from '../../src/diagnosis/expressroute.ts';
import { failedRead, observed, type CircuitObservation } from '../../src/diagnosis/observations.ts';
import { commandsOf, circuit, en, ja, NET, peering, routesOf } from './fixtures.ts';

const SUMMARY_FIELDS = ['v', 'as', 'upDown', 'statePfxRcd'] as const;
const ARP_FIELDS = ['age', 'interface', 'macAddress'] as const;
const STATS_FIELDS = ['primarybytesIn', 'primarybytesOut', 'secondarybytesIn', 'secondarybytesOut'] as const;

/** A healthy circuit's answers, as ARM sends them (the demo world's tokyo-er). */
const summaryAnswer = (path: DevicePath): ExpressRouteCircuitRoutesTableSummary => ({ neighbor: NET[path].onPrem, v: 4, as: 65010, upDown: '1d02h', statePfxRcd: '42' });
const arpAnswer = (path: DevicePath): ExpressRouteCircuitArpTable[] => [
  { age: 0, interface: 'Microsoft', ipAddress: NET[path].microsoft, macAddress: '19b0.9159.7909' },
  { age: 9, interface: 'On-Prem', ipAddress: NET[path].onPrem, macAddress: 'dfea.a948.ca5f' },
];
const statsAnswer = (): ExpressRouteCircuitStats => ({ primarybytesIn: 1_290_000, primarybytesOut: 2_790_000, secondarybytesIn: 690_000, secondarybytesOut: 490_000 });

const without = <T extends object>(o: T, fields: readonly string[]): T => {
  const copy = { ...o } as Record<string, unknown>;
  for (const f of fields) delete copy[f];
  return copy as T;
};

const removal = <F extends string>(fields: readonly F[]) => fc.subarray([...fields]);
const removals = fc.record({
  summary: fc.record({ primary: removal(SUMMARY_FIELDS), secondary: removal(SUMMARY_FIELDS) }),
  arp: fc.record({
    primary: fc.tuple(removal(ARP_FIELDS), removal(ARP_FIELDS)),
    secondary: fc.tuple(removal(ARP_FIELDS), removal(ARP_FIELDS)),
  }),
  stats: removal(STATS_FIELDS),
  /** Zero bytes (a real "no traffic") on the counters that are left, to see that 0 and absent are told apart. */
  zeroTraffic: fc.boolean(),
});
type Removals = typeof removals extends fc.Arbitrary<infer R> ? R : never;

function observation(r: Removals): CircuitObservation {
  const s = without(statsAnswer(), r.stats);
  if (r.zeroTraffic) for (const k of STATS_FIELDS) if (k in s) s[k] = 0;
  let stats: CircuitObservation['stats'];
  try {
    stats = observed(toStats(s));
  } catch (e) {
    // No counter at all is not a stats answer: a read failure, never zero bytes.
    expect(e).toBeInstanceOf(UnexpectedAnswer);
    expect(r.stats.length).toBe(4);
    stats = failedRead('unexpected-answer', 'stats without primarybytesIn (number)');
  }
  return {
    circuit: circuit({ peerings: [peering()] }),
    peeringName: 'AzurePrivatePeering',
    paths: DEVICE_PATHS.map((path) => ({
      path,
      arp: observed(arpAnswer(path).map((a, i) => toArp(without(a, r.arp[path][i]!)))),
      summary: observed([toSummary(without(summaryAnswer(path), r.summary[path]))]),
      routes: observed(routesOf(path)),
    })),
    stats,
  };
}

const PATH_RULES = ['ER-BGP-DOWN', 'ER-BGP-NO-PREFIXES', 'ER-BGP-PREFIX-LIMIT', 'ER-BGP-RECENT-FLAP', 'ER-NO-TRAFFIC', 'ER-ARP-EMPTY', 'ER-ARP-ONPREM-MISSING', 'ER-ARP-UNEXPECTED-IP'];

describe('random subsets of optional fields removed from a healthy circuit’s answers (issue 16, point 1)', () => {
  it('nothing asserts a value that was absent; ER-HEALTHY only on complete data; ER-VALUES-MISSING names what was missing', () => {
    fc.assert(
      fc.property(removals, (r) => {
        const o = observation(r);
        const verdicts = diagnoseCircuit(o, en);
        const ids = verdicts.map((v) => v.ruleId);
        const text = (v: (typeof verdicts)[number]) => [v.title, v.detail, ...v.evidence].join('\n');
        let reliedOnMissing = r.stats.length > 0;
        for (const path of DEVICE_PATHS) {
          const scope = `AzurePrivatePeering/${path}`;
          const onPath = verdicts.filter((v) => v.scope === scope);
          const all = verdicts.map(text).join('\n');
          const sum = r.summary[path];
          const onPremArp = r.arp[path][1]!;
          const stateGone = sum.includes('statePfxRcd');
          const upDownGone = sum.includes('upDown');
          const arpUnknown = onPremArp.includes('interface') || onPremArp.includes('macAddress');
          const counterGone = r.stats.some((f) => f.startsWith(path));
          if (stateGone || upDownGone || arpUnknown || counterGone) reliedOnMissing = true;

          if (stateGone) {
            // Not Established with 0 prefixes, not down: unknown.
            expect(onPath.map((v) => v.ruleId).filter((id) => /^ER-BGP-|^ER-NO-TRAFFIC$/.test(id))).toEqual([]);
            expect(all).not.toMatch(new RegExp(`\\b${path}: BGP `));
            expect(ids).not.toContain('ER-PATH-ASYMMETRY');
            expect(ids).not.toContain('ER-PATH-REDUNDANCY');
          }
          if (upDownGone) expect(onPath.map((v) => v.ruleId)).not.toContain('ER-BGP-RECENT-FLAP');
          if (arpUnknown) {
            // The on-premises entry without its interface or MAC is neither missing nor incomplete: unknown.
            expect(onPath.map((v) => v.ruleId).filter((id) => id.startsWith('ER-ARP-'))).toEqual([]);
            expect(all).not.toMatch(/MAC ""|age 0.*On-Prem|On-Prem.*age 0/);
          }
          if (counterGone) {
            expect(onPath.map((v) => v.ruleId)).not.toContain('ER-NO-TRAFFIC');
            for (const f of r.stats.filter((x) => x.startsWith(path))) expect(all).not.toMatch(new RegExp(`${f} 0\\b`, 'i'));
          }
          if ((stateGone || upDownGone || arpUnknown || (counterGone && r.stats.length < 4))) {
            const missing = onPath.find((v) => v.ruleId === 'ER-VALUES-MISSING');
            expect(missing, `${path}: ${JSON.stringify(r)}`).toBeDefined();
            expect(missing!.severity).toBe('info');
            expect(commandsOf(missing).length).toBeGreaterThan(0);
          }
          for (const v of onPath) expect(PATH_RULES.includes(v.ruleId) ? text(v) : '').not.toContain('undefined');
        }
        if (reliedOnMissing) expect(ids).not.toContain('ER-HEALTHY');
        else expect(ids).toEqual(r.zeroTraffic ? ['ER-NO-TRAFFIC', 'ER-NO-TRAFFIC'] : ['ER-HEALTHY']);

        // The paths table: an absent counter is never "0 B", an absent state never "Established".
        for (const t of [en, ja]) {
          const table = pathsTable(o, peering(), t);
          const cells = table.rows.flatMap((row) => row.slice(1));
          for (const cell of cells) expect(cell).not.toMatch(/undefined|NaN/);
          DEVICE_PATHS.forEach((path, i) => {
            const bgpCell = table.rows[1]![i + 1]!;
            if (r.summary[path].includes('statePfxRcd')) expect(bgpCell).not.toMatch(/Established|✖/);
            const trafficCell = table.rows[3]![i + 1]!;
            if (r.stats.includes(`${path}bytesIn` as never) && r.stats.length < 4) expect(trafficCell.split('\n')[0]).not.toMatch(/\d/);
          });
        }
      }),
      { numRuns: 400, seed: 16_001 },
    );
  });
});
