import { describe, expect, it } from 'vitest';
import { collectFollowUps, diagnoseCircuit, rankVerdicts } from '../../src/diagnosis/expressroute.ts';
import type { Verdict } from '../../src/diagnosis/verdict.ts';
import { commandsOf, en, fail, ids, ja, microsoft, obs, ok, onPrem, routesOf, scopes, stats, summaryOf } from './fixtures.ts';

const v = (ruleId: string, severity: Verdict['severity'], scope?: string): Verdict => ({
  ruleId,
  severity,
  title: ruleId,
  detail: '',
  evidence: [],
  nextSteps: [],
  ...(scope ? { scope } : {}),
});

describe('diagnoseCircuit: healthy', () => {
  it('gives only ER-HEALTHY when every check passes', () => {
    const vs = diagnoseCircuit(obs({ stats: ok(stats()), primary: { routes: ok(routesOf('primary')) }, secondary: { routes: ok(routesOf('secondary')) } }), en);
    expect(ids(vs)).toEqual(['ER-HEALTHY']);
  });
  it('no ER-HEALTHY next to an info verdict', () => {
    const vs = diagnoseCircuit(obs({ stats: ok(stats({ primaryBytesIn: 0, primaryBytesOut: 0 })) }), en);
    expect(ids(vs)).toEqual(['ER-NO-TRAFFIC']);
  });
});

describe('diagnoseCircuit: suppression by a higher layer', () => {
  it('provider NotProvisioned suppresses ARP-empty and BGP-down, and says lower layers were not judged', () => {
    const o = obs({
      circuit: { serviceProviderProvisioningState: 'NotProvisioned' },
      primary: { arp: ok([]), summary: ok(summaryOf('primary', 'Idle')) },
      secondary: { arp: ok([]), summary: fail('timeout') },
    });
    const vs = diagnoseCircuit(o, en);
    expect(ids(vs)).toEqual(['ER-PROVIDER-NOT-PROVISIONED']);
    expect(vs[0]!.evidence[1]).toBe('Peering, ARP, BGP and routes were not judged: they cannot work until this is fixed');
  });
  it('a disabled circuit suppresses everything below it; both circuit-level failures are kept', () => {
    const o = obs({ circuit: { circuitProvisioningState: 'Disabled', serviceProviderProvisioningState: 'Provisioning' }, primary: { arp: ok([]) } });
    expect(ids(diagnoseCircuit(o, en))).toEqual(['ER-PROVIDER-NOT-PROVISIONED', 'ER-CIRCUIT-DISABLED']);
  });
  it('a disabled peering suppresses ARP, BGP, redundancy and read failures; ASN-reserved is kept', () => {
    const o = obs({
      peering: { state: 'Disabled', peerASN: 65515 },
      primary: { arp: ok([]), summary: ok(summaryOf('primary', 'Idle')) },
      secondary: { arp: fail('throttled'), summary: ok(summaryOf('secondary', 'Idle')) },
    });
    const vs = diagnoseCircuit(o, en);
    expect(ids(vs)).toEqual(['ER-PEERING-DISABLED', 'ER-ASN-RESERVED']);
    expect(vs[0]!.evidence[1]).toBe('ARP, BGP and routes of AzurePrivatePeering were not judged: they cannot work until this is fixed');
    expect(vs[1]!.evidence.join('\n')).not.toMatch(/not judged/);
  });
  it('a missing peering suppresses the path layers', () => {
    const o = { ...obs({ primary: { arp: ok([]) } }), peeringName: 'MicrosoftPeering' };
    expect(ids(diagnoseCircuit(o, en))).toEqual(['ER-PEERING-MISSING']);
  });
  it('the note is localized', () => {
    const vs = diagnoseCircuit(obs({ circuit: { serviceProviderProvisioningState: 'NotProvisioned' } }), ja);
    expect(vs[0]!.evidence[1]).toMatch(/判定していません/);
  });
});

describe('diagnoseCircuit: ranking', () => {
  it('ARP empty on secondary ranks above BGP down on secondary (hongkong-er)', () => {
    const vs = diagnoseCircuit(obs({ secondary: { arp: ok([]), summary: ok(summaryOf('secondary', 'Idle', '05:12:44')) } }), en);
    expect(scopes(vs)).toEqual([
      'ER-ARP-EMPTY@AzurePrivatePeering/secondary',
      'ER-BGP-DOWN@AzurePrivatePeering/secondary',
      'ER-PATH-REDUNDANCY@AzurePrivatePeering',
    ]);
  });
  it('a lower layer on secondary ranks above a higher layer on primary', () => {
    const vs = diagnoseCircuit(
      obs({ primary: { summary: ok(summaryOf('primary', 'Active')) }, secondary: { arp: ok([microsoft('192.168.10.6')]), summary: ok(summaryOf('secondary', 'Idle')) } }),
      en,
    );
    expect(ids(vs).slice(0, 3)).toEqual(['ER-ARP-ONPREM-MISSING', 'ER-BGP-DOWN', 'ER-BGP-DOWN']);
    expect(vs[1]!.scope).toBe('AzurePrivatePeering/primary');
  });
  it('on-prem missing on both paths (seoul-er): ARP verdicts first, primary before secondary', () => {
    const vs = diagnoseCircuit(
      obs({
        primary: { arp: ok([microsoft('192.168.15.2')]), summary: ok(summaryOf('primary', 'Idle', '14:22:08')) },
        secondary: { arp: ok([microsoft('192.168.10.6'), onPrem('192.168.10.5', 'Incomplete')]), summary: ok(summaryOf('secondary', 'Idle', '14:22:08')) },
      }),
      en,
    );
    expect(scopes(vs)).toEqual([
      'ER-ARP-ONPREM-MISSING@AzurePrivatePeering/primary',
      'ER-ARP-ONPREM-MISSING@AzurePrivatePeering/secondary',
      'ER-BGP-DOWN@AzurePrivatePeering/primary',
      'ER-BGP-DOWN@AzurePrivatePeering/secondary',
    ]);
  });
  it('swapped /30s (sydney-er) yield ER-ARP-UNEXPECTED-IP on both paths, naming the swap, before BGP', () => {
    const vs = diagnoseCircuit(
      obs({
        primary: { arp: ok([microsoft('192.168.10.2'), onPrem('192.168.10.5')]), summary: ok(summaryOf('primary', 'Active', '1d09h')) },
        secondary: { arp: ok([microsoft('192.168.10.6'), onPrem('192.168.10.1')]), summary: ok(summaryOf('secondary', 'Active', '1d09h')) },
      }),
      en,
    );
    expect(ids(vs)).toEqual(['ER-ARP-UNEXPECTED-IP', 'ER-ARP-UNEXPECTED-IP', 'ER-BGP-DOWN', 'ER-BGP-DOWN']);
    expect(vs[0]!.title).toBe('Primary path: /30 subnets look swapped');
    expect(vs[1]!.title).toBe('Secondary path: /30 subnets look swapped');
    expect(vs[0]!.detail).toMatch(/swapped/);
  });
  it('BGP down with ARP fine (london-er) passes the test VM to the BGP rule', () => {
    const o = obs({ primary: { summary: ok(summaryOf('primary', 'Idle', '04:37:10')) }, secondary: { summary: ok(summaryOf('secondary', 'Active', '04:37:12')) } });
    const vs = diagnoseCircuit(o, en, { testVm: 'vm-hub-test' });
    expect(ids(vs)).toEqual(['ER-BGP-DOWN', 'ER-BGP-DOWN']);
    expect(commandsOf(vs[0])).toContain('check vm-hub-test 192.168.10.1:179');
    expect(commandsOf(vs[1])).toContain('check vm-hub-test 192.168.10.5:179');
  });
  it('within a layer, severity first: BGP down on secondary before a recent flap on primary', () => {
    const vs = diagnoseCircuit(obs({ primary: { summary: ok(summaryOf('primary', '42', '00:05:00')) }, secondary: { summary: ok(summaryOf('secondary', 'Idle')) } }), en);
    expect(scopes(vs)).toEqual([
      'ER-BGP-DOWN@AzurePrivatePeering/secondary',
      'ER-BGP-RECENT-FLAP@AzurePrivatePeering/primary',
      'ER-PATH-REDUNDANCY@AzurePrivatePeering',
    ]);
  });
  it('a reserved ASN (peering layer) ranks above BGP down', () => {
    const vs = diagnoseCircuit(obs({ peering: { peerASN: 65515 }, primary: { summary: ok(summaryOf('primary', 'Idle')) }, secondary: { summary: ok(summaryOf('secondary', 'Idle')) } }), en);
    expect(ids(vs)).toEqual(['ER-ASN-RESERVED', 'ER-BGP-DOWN', 'ER-BGP-DOWN']);
  });
  it('routes-layer findings, then redundancy, then read failures, then traffic', () => {
    const o = obs({
      stats: ok(stats({ primaryBytesIn: 0, primaryBytesOut: 0 })),
      primary: { summary: ok(summaryOf('primary', '3500')), routes: ok([{ network: '0.0.0.0/0', nextHop: '192.168.10.1', path: '65010' }]) },
      secondary: { arp: fail('timeout'), summary: ok(summaryOf('secondary', '40')) },
    });
    expect(ids(diagnoseCircuit(o, en))).toEqual(['ER-BGP-PREFIX-LIMIT', 'ER-DEFAULT-ROUTE-LEARNED', 'ER-PATH-ASYMMETRY', 'ER-PATH-READ-FAILED', 'ER-NO-TRAFFIC']);
  });
});

describe('diagnoseCircuit: read failures', () => {
  it('a path that could not be read gives ER-PATH-READ-FAILED and never ER-HEALTHY', () => {
    const vs = diagnoseCircuit(obs({ secondary: { arp: fail('timeout', 'LRO timed out'), summary: fail('timeout', 'LRO timed out') } }), en);
    expect(scopes(vs)).toEqual(['ER-PATH-READ-FAILED@AzurePrivatePeering/secondary']);
    expect(vs[0]!.evidence).toContain('Diagnosis of AzurePrivatePeering/secondary is incomplete');
  });
  it('a failure on one layer still lets the others judge', () => {
    const vs = diagnoseCircuit(obs({ secondary: { arp: ok([]), summary: fail('throttled') } }), en);
    expect(ids(vs)).toEqual(['ER-ARP-EMPTY', 'ER-PATH-REDUNDANCY', 'ER-PATH-READ-FAILED']);
  });
});

describe('rankVerdicts', () => {
  it('orders by layer, severity, path, then input order', () => {
    const ranked = rankVerdicts([
      v('ER-NO-TRAFFIC', 'info', 'P/primary'),
      v('ER-BGP-DOWN', 'critical', 'P/secondary'),
      v('ER-BGP-DOWN', 'critical', 'P/primary'),
      v('ER-ARP-EMPTY', 'critical', 'P/secondary'),
      v('ER-BGP-RECENT-FLAP', 'warning', 'P/primary'),
      v('ER-CIRCUIT-DISABLED', 'critical'),
      v('ER-HEALTHY', 'ok', 'P'),
    ]);
    expect(scopes(ranked)).toEqual([
      'ER-CIRCUIT-DISABLED@',
      'ER-ARP-EMPTY@P/secondary',
      'ER-BGP-DOWN@P/primary',
      'ER-BGP-DOWN@P/secondary',
      'ER-BGP-RECENT-FLAP@P/primary',
      'ER-NO-TRAFFIC@P/primary',
      'ER-HEALTHY@P',
    ]);
  });
  it('puts the severity of ER-BGP-PREFIX-LIMIT (critical) before a warning of the same layer', () => {
    expect(ids(rankVerdicts([v('ER-BGP-NO-PREFIXES', 'warning', 'P/primary'), v('ER-BGP-PREFIX-LIMIT', 'critical', 'P/secondary')]))).toEqual([
      'ER-BGP-PREFIX-LIMIT',
      'ER-BGP-NO-PREFIXES',
    ]);
  });
});

describe('collectFollowUps', () => {
  it('dedupes by command in verdict order', () => {
    const vs = diagnoseCircuit(obs({ secondary: { arp: ok([]), summary: ok(summaryOf('secondary', 'Idle')) } }), en);
    expect(collectFollowUps(vs).map((f) => f.command)).toEqual(['arp table tokyo-er secondary', 'circuit tokyo-er', 'routes summary tokyo-er']);
    expect(collectFollowUps(vs)[0]!.title).toBe('ARP table (secondary)');
  });
  it('caps at max (default 8)', () => {
    const many: Verdict[] = Array.from({ length: 12 }, (_, i) => ({ ...v('X', 'info'), followUps: [{ title: `t${i}`, command: `circuit c${i}` }] }));
    expect(collectFollowUps(many)).toHaveLength(8);
    expect(collectFollowUps(many, 3).map((f) => f.command)).toEqual(['circuit c0', 'circuit c1', 'circuit c2']);
    expect(collectFollowUps([])).toEqual([]);
  });
});
