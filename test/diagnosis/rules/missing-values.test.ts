/**
 * ER-VALUES-MISSING (issue 16, point 1): unknown is never healthy, missing is never zero. A route summary line
 * without its state, prefix count or up/down time, an ARP entry without its interface or MAC, a traffic counter
 * Azure left out: the check that needed it is not made, the card says which values were missing and offers to
 * read again, and ER-HEALTHY is not given.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseCircuit } from '../../../src/diagnosis/expressroute.ts';
import { arpFacts, bgpFacts } from '../../../src/diagnosis/path-facts.ts';
import { circuitHealthy } from '../../../src/diagnosis/rules/healthy.ts';
import { anyValueMissing, valuesMissing } from '../../../src/diagnosis/rules/missing-values.ts';
import { noTraffic } from '../../../src/diagnosis/rules/traffic.ts';
import { allText, commandsOf, en, ids, ja, microsoft, NET, obs, ok, onPrem, peering, stats, summaryOf } from '../fixtures.ts';

const noState = (ip: string) => ({ neighbor: ip, v: 4, as: 65010 });

describe('a route summary neighbor without statePfxRcd, upDown', () => {
  const o = obs({ primary: { summary: ok([noState(NET.primary.onPrem)]) } });

  it('is neither Established (0 prefixes) nor down: unknown', () => {
    const f = bgpFacts('primary', [noState(NET.primary.onPrem)]);
    expect(f).toMatchObject({ established: [], down: [], allEstablished: false, prefixes: 0 });
    expect(f.unknownState.map((n) => n.neighbor)).toEqual([NET.primary.onPrem]);
  });

  it('gives ER-VALUES-MISSING (info) naming the neighbor and the values, with a button that reads the summary again; no ER-HEALTHY', () => {
    const vs = diagnoseCircuit(o, en);
    expect(ids(vs)).toEqual(['ER-VALUES-MISSING']);
    const [v] = vs;
    expect(v).toMatchObject({ severity: 'info', scope: 'AzurePrivatePeering/primary', title: 'Primary path: not judged, Azure left values out' });
    expect(v!.evidence[0]).toBe('Route summary AzurePrivatePeering/primary: neighbor 192.168.10.1 without statePfxRcd, upDown (Azure did not give them)');
    expect(v!.detail).toMatch(/Established and how many prefixes.*flapped recently/);
    expect(commandsOf(v)).toEqual(['routes summary tokyo-er']);
    expect(allText(v!)).not.toMatch(/\b0 prefix|Established,|Established ·|no traffic/);
    expect(circuitHealthy(o, en, [])).toEqual([]);
  });

  it('is not ER-BGP-DOWN, ER-BGP-NO-PREFIXES, ER-PATH-REDUNDANCY or ER-PATH-ASYMMETRY', () => {
    const vs = diagnoseCircuit(obs({ primary: { summary: ok([noState(NET.primary.onPrem)]) }, secondary: { summary: ok(summaryOf('secondary', 'Idle')) } }), en);
    expect(ids(vs)).toEqual(['ER-BGP-DOWN', 'ER-VALUES-MISSING']);
    expect(vs[0]!.scope).toBe('AzurePrivatePeering/secondary');
  });

  it('an Established neighbor without upDown: the flap check is not made, so no ER-HEALTHY', () => {
    const vs = diagnoseCircuit(obs({ secondary: { summary: ok([{ neighbor: NET.secondary.onPrem, as: 65010, statePfxRcd: '42' }]) } }), en);
    expect(ids(vs)).toEqual(['ER-VALUES-MISSING']);
    expect(vs[0]!.evidence[0]).toBe('Route summary AzurePrivatePeering/secondary: neighbor 192.168.10.5 without upDown (Azure did not give them)');
    expect(vs[0]!.detail).toMatch(/flapped recently/);
    expect(vs[0]!.detail).not.toMatch(/Established and how many/);
  });

  it('a down neighbor needs no upDown to be judged down', () => {
    const vs = diagnoseCircuit(obs({ primary: { summary: ok([{ neighbor: NET.primary.onPrem, statePfxRcd: 'Idle' }]) } }), en);
    expect(ids(vs)).toEqual(['ER-BGP-DOWN', 'ER-PATH-REDUNDANCY']);
    expect(vs[0]!.evidence[0]).toContain('upDown ?');
  });

  it('in Japanese', () => {
    const [v] = valuesMissing(o, ja);
    expect(v!.title).toBe('Primary パス: Azure の応答に値がなく判定できません'.replace('Primary', v!.title.split(' ')[0]!));
    expect(v!.evidence[0]).toMatch(/statePfxRcd, upDown がありません/);
  });
});

describe('ARP entries without interface or MAC', () => {
  it('an entry that could be the on-premises router, without its interface: unknown, not ER-ARP-ONPREM-MISSING', () => {
    const entries = [microsoft(NET.primary.microsoft), { ipAddress: NET.primary.onPrem, macAddress: 'dfea.a948.ca5f' }];
    expect(arpFacts(peering(), 'primary', entries).status).toBe('unknown');
    const vs = diagnoseCircuit(obs({ primary: { arp: ok(entries), summary: undefined } }), en);
    expect(ids(vs)).toEqual(['ER-VALUES-MISSING']);
    expect(vs[0]!.evidence[0]).toBe('ARP table AzurePrivatePeering/primary: entry 192.168.10.1 without interface (Azure did not give them)');
    expect(commandsOf(vs[0])).toEqual(['arp table tokyo-er primary']);
  });

  it('the on-premises entry without its MAC: unknown, not "MAC incomplete"', () => {
    const entries = [microsoft(NET.primary.microsoft), { interface: 'On-Prem', ipAddress: NET.primary.onPrem }];
    const f = arpFacts(peering(), 'primary', entries);
    expect(f).toMatchObject({ status: 'unknown', onPremIncomplete: [], onPremComplete: [] });
    const vs = diagnoseCircuit(obs({ primary: { arp: ok(entries), summary: undefined } }), en);
    expect(ids(vs)).toEqual(['ER-VALUES-MISSING']);
    expect(vs[0]!.evidence[0]).toMatch(/without macAddress/);
  });

  it('an explicit "Incomplete" MAC is still ER-ARP-ONPREM-MISSING; a missing age alone changes nothing', () => {
    expect(ids(diagnoseCircuit(obs({ primary: { arp: ok([microsoft(NET.primary.microsoft), onPrem(NET.primary.onPrem, 'Incomplete')]) } }), en))).toContain(
      'ER-ARP-ONPREM-MISSING',
    );
    const noAge = [{ interface: 'Microsoft', ipAddress: NET.primary.microsoft, macAddress: '19b0.9159.7909' }, { interface: 'On-Prem', ipAddress: NET.primary.onPrem, macAddress: 'dfea.a948.ca5f' }];
    expect(ids(diagnoseCircuit(obs({ primary: { arp: ok(noAge) } }), en))).toEqual(['ER-HEALTHY']);
  });

  it('ARP evidence shows what Azure did not give as "?", never age 0 or an empty MAC', () => {
    const vs = diagnoseCircuit(obs({ primary: { arp: ok([{ ipAddress: NET.primary.microsoft, interface: 'Microsoft' }]) } }), en);
    const v = vs.find((x) => x.ruleId === 'ER-ARP-ONPREM-MISSING')!;
    expect(v.evidence).toContain('ARP table AzurePrivatePeering/primary: Microsoft 192.168.10.2, MAC ?, age ?');
  });
});

describe('stats without byte counters', () => {
  it('a path whose counters Azure left out: unknown, not ER-NO-TRAFFIC; ER-VALUES-MISSING with a button that reads them again', () => {
    const o = obs({ stats: ok({ secondaryBytesIn: 0, secondaryBytesOut: 0 }) });
    expect(noTraffic(o, en).map((v) => v.scope)).toEqual(['AzurePrivatePeering/secondary']);
    const vs = diagnoseCircuit(o, en);
    expect(ids(vs)).toEqual(['ER-VALUES-MISSING', 'ER-NO-TRAFFIC']);
    expect(vs[0]).toMatchObject({ scope: 'AzurePrivatePeering/primary' });
    expect(vs[0]!.evidence[0]).toBe('Circuit statistics AzurePrivatePeering: without primarybytesIn, primarybytesOut (Azure did not give them; unknown, not zero)');
    expect(commandsOf(vs[0])).toEqual(['bgp status tokyo-er']);
  });

  it('one counter of a path missing, the other 0: not "no traffic"', () => {
    expect(noTraffic(obs({ stats: ok(stats({ primaryBytesIn: undefined, primaryBytesOut: 0 })) }), en)).toEqual([]);
  });
});

describe('ER-HEALTHY on its own never claims a check whose data was missing', () => {
  it('even when called without the other verdicts', () => {
    for (const o of [
      obs({ primary: { summary: ok([noState(NET.primary.onPrem)]) } }),
      obs({ primary: { arp: ok([{ ipAddress: NET.primary.onPrem, interface: 'On-Prem' }]) } }),
      obs({ stats: ok({ primaryBytesIn: 1 }) }),
    ]) {
      expect(anyValueMissing(o)).toBe(true);
      expect(circuitHealthy(o, en, [])).toEqual([]);
    }
  });
  it('complete answers still give it', () => {
    expect(anyValueMissing(obs({ stats: ok(stats()) }))).toBe(false);
    expect(ids(diagnoseCircuit(obs({ stats: ok(stats()) }), en))).toEqual(['ER-HEALTHY']);
  });
});
