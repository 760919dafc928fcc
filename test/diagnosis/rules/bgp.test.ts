import { describe, expect, it } from 'vitest';
import { bgpDown, bgpNoPrefixes, bgpPrefixLimit, bgpRecentFlap } from '../../../src/diagnosis/rules/bgp.ts';
import { circuit, commandsOf, en, fail, ids, ja, microsoft, microsoftPeering, neighbor, obs, ok, scopes, summaryOf } from '../fixtures.ts';

describe('ER-BGP-DOWN', () => {
  it('fires for a state word, with the exact evidence', () => {
    const vs = bgpDown(obs({ secondary: { arp: undefined, summary: ok([neighbor('192.168.10.6', 'Idle', '00:12:01')]) } }), en);
    expect(scopes(vs)).toEqual(['ER-BGP-DOWN@AzurePrivatePeering/secondary']);
    const v = vs[0]!;
    expect(v.severity).toBe('critical');
    expect(v.title).toBe('Secondary path: BGP down (Idle)');
    expect(v.evidence[0]).toBe('Route summary AzurePrivatePeering/secondary: statePfxRcd "Idle" for neighbor 192.168.10.6 (AS 65010), upDown 00:12:01');
    expect(v.detail).toMatch(/not read/);
    expect(v.nextSteps.at(-1)).toMatch(/ARP table/);
    expect(commandsOf(v)).toEqual(['routes summary tokyo-er', 'arp table tokyo-er secondary']);
  });
  it('with healthy ARP lists ASN, MD5, TCP/179 and peer address, and mentions a test VM when none is set', () => {
    const v = bgpDown(obs({ primary: { summary: ok(summaryOf('primary', 'Active', '04:37:10')) } }), en)[0]!;
    expect(v.detail).toBe('ARP works on this path, so BGP itself fails: ASN mismatch, MD5 key mismatch, TCP/179 filtered, or wrong peer address.');
    const steps = v.nextSteps.join('\n');
    expect(steps).toContain('local AS must be 65010');
    expect(steps).toContain('remote-as 12076');
    expect(steps).toContain('MD5: a key is set in Azure');
    expect(steps).toContain('TCP/179');
    expect(steps).toContain('peer from 192.168.10.1 to 192.168.10.2');
    expect(steps).toMatch(/NETOPS_TEST_VMS/);
    expect(v.evidence).toContain('ARP table AzurePrivatePeering/primary: On-Prem 192.168.10.1 answers (MAC dfea.a948.ca5f)');
    expect(v.evidence).toContain('AzurePrivatePeering: MD5 key set (not shown)');
    expect(commandsOf(v).some((c) => c.startsWith('check '))).toBe(false);
  });
  it('adds the Network Watcher follow-up when a test VM is given', () => {
    const v = bgpDown(obs({ primary: { summary: ok(summaryOf('primary', 'Active')) } }), en, { testVm: 'vm-hub-test' })[0]!;
    expect(v.followUps).toContainEqual({ title: 'Check TCP/179 (primary)', command: 'check vm-hub-test 192.168.10.1:179' });
    expect(v.nextSteps.join('\n')).not.toMatch(/NETOPS_TEST_VMS/);
  });
  it('does not offer the TCP/179 check while ARP is broken; says fix ARP first', () => {
    const v = bgpDown(obs({ primary: { arp: ok([microsoft('192.168.10.2')]), summary: ok(summaryOf('primary', 'Idle')) } }), en, { testVm: 'vm' })[0]!;
    expect(v.detail).toMatch(/Layer 2 is broken/);
    expect(v.nextSteps[0]).toMatch(/Fix layer 2 on the primary path first/);
    expect(commandsOf(v).some((c) => c.startsWith('check '))).toBe(false);
  });
  it('MD5 advice follows whether a key is set', () => {
    const v = bgpDown(obs({ peering: { sharedKeySet: false }, primary: { summary: ok(summaryOf('primary', 'Idle')) } }), en)[0]!;
    expect(v.nextSteps.join('\n')).toContain('no key is set in Azure');
  });
  it('an empty summary means no neighbor', () => {
    const v = bgpDown(obs({ primary: { summary: ok([]) } }), en)[0]!;
    expect(v.title).toBe('Primary path: no BGP neighbor');
    expect(v.evidence[0]).toBe('Route summary AzurePrivatePeering/primary: no neighbor');
  });
  it('recognizes a prefix-limit shutdown', () => {
    const v = bgpDown(obs({ circuit: { skuTier: 'Premium' }, primary: { summary: ok(summaryOf('primary', 'Idle (PfxCt)')) } }), en)[0]!;
    expect(v.detail).toBe('The session was shut down by the prefix limit: more than 10,000 prefixes were advertised.');
  });
  it('is silent when Established, unread or failed', () => {
    expect(bgpDown(obs(), en)).toEqual([]);
    expect(bgpDown(obs({ primary: { summary: undefined } }), en)).toEqual([]);
    expect(bgpDown(obs({ primary: { summary: fail('throttled') } }), en)).toEqual([]);
  });
  it('is localized', () => {
    expect(bgpDown(obs({ secondary: { summary: ok(summaryOf('secondary', 'Idle')) } }), ja)[0]!.title).toBe('セカンダリ パス: BGP ダウン (Idle)');
  });
});

describe('ER-BGP-NO-PREFIXES', () => {
  it('fires for Established with 0 prefixes', () => {
    const [v] = bgpNoPrefixes(obs({ primary: { summary: ok(summaryOf('primary', '0')) } }), en);
    expect(v).toMatchObject({ ruleId: 'ER-BGP-NO-PREFIXES', severity: 'warning', scope: 'AzurePrivatePeering/primary', title: 'Primary path: BGP up, 0 prefixes received' });
    expect(v!.evidence[0]).toContain('statePfxRcd "0" for neighbor 192.168.10.1');
    expect(commandsOf(v)).toEqual(['routes summary tokyo-er', 'routes tokyo-er primary']);
  });
  it('on Microsoft peering shows the advertised public prefixes', () => {
    const o = { ...obs({ secondary: null, primary: { summary: ok(summaryOf('primary', '0')) } }), circuit: circuit({ peerings: [microsoftPeering()] }), peeringName: 'MicrosoftPeering' };
    const [v] = bgpNoPrefixes(o, en);
    expect(v!.evidence).toContain('advertisedPublicPrefixes 198.51.100.0/27, advertisedPublicPrefixesState "Configured"');
    expect(commandsOf(v)).toContain('routes tokyo-er microsoft primary');
  });
  it('is silent with prefixes, when down, or unread', () => {
    expect(bgpNoPrefixes(obs(), en)).toEqual([]);
    expect(bgpNoPrefixes(obs({ primary: { summary: ok(summaryOf('primary', 'Idle')) } }), en)).toEqual([]);
    expect(bgpNoPrefixes(obs({ primary: { summary: undefined } }), en)).toEqual([]);
  });
});

describe('ER-BGP-PREFIX-LIMIT', () => {
  it('warns at 80 % of the Standard private limit', () => {
    const [v] = bgpPrefixLimit(obs({ primary: { summary: ok(summaryOf('primary', '3200')) } }), en);
    expect(v).toMatchObject({ ruleId: 'ER-BGP-PREFIX-LIMIT', severity: 'warning', title: 'Primary path: 3,200 of 4,000 prefixes' });
    expect(v!.evidence[0]).toBe('Route summary AzurePrivatePeering/primary: 3,200 prefixes from 192.168.10.1 (80 % of 4,000)');
    expect(v!.evidence[1]).toBe('Limit on AzurePrivatePeering for a Standard circuit: 4,000 prefixes');
    expect(v!.nextSteps.join('\n')).toMatch(/Premium/);
  });
  it('is critical at 100 %', () => {
    const [v] = bgpPrefixLimit(obs({ secondary: { summary: ok(summaryOf('secondary', '4000')) } }), en);
    expect(v).toMatchObject({ severity: 'critical', title: 'Secondary path: prefix limit reached' });
  });
  it('uses 10,000 for Premium and does not suggest Premium again', () => {
    expect(bgpPrefixLimit(obs({ circuit: { skuTier: 'Premium' }, primary: { summary: ok(summaryOf('primary', '4000')) } }), en)).toEqual([]);
    const [v] = bgpPrefixLimit(obs({ circuit: { skuTier: 'Premium' }, primary: { summary: ok(summaryOf('primary', '8000')) } }), en);
    expect(v!.severity).toBe('warning');
    expect(v!.nextSteps.join('\n')).not.toMatch(/Premium circuit raises/);
  });
  it('uses 200 on Microsoft peering', () => {
    const o = { ...obs({ primary: { summary: ok(summaryOf('primary', '190')) }, secondary: null }), circuit: circuit({ peerings: [microsoftPeering()] }), peeringName: 'MicrosoftPeering' };
    expect(bgpPrefixLimit(o, en)[0]).toMatchObject({ severity: 'warning', title: 'Primary path: 190 of 200 prefixes' });
  });
  it('is silent below 80 % and for down sessions', () => {
    expect(bgpPrefixLimit(obs({ primary: { summary: ok(summaryOf('primary', '3199')) } }), en)).toEqual([]);
    expect(bgpPrefixLimit(obs({ primary: { summary: ok(summaryOf('primary', 'Active')) } }), en)).toEqual([]);
  });
});

describe('ER-BGP-RECENT-FLAP', () => {
  it('fires when an Established session came up less than an hour ago', () => {
    const [v] = bgpRecentFlap(obs({ primary: { summary: ok(summaryOf('primary', '42', '00:09:35')) } }), en);
    expect(v).toMatchObject({ ruleId: 'ER-BGP-RECENT-FLAP', severity: 'warning', title: 'Primary path: BGP came up 9 min ago' });
    expect(v!.evidence[0]).toContain('upDown 00:09:35');
    expect(commandsOf(v)).toEqual(['bgp status tokyo-er', 'routes summary tokyo-er']);
  });
  it('says "<1 min" for a session up for seconds', () => {
    expect(bgpRecentFlap(obs({ secondary: { summary: ok(summaryOf('secondary', '42', '00:00:12')) } }), en)[0]!.title).toBe('Secondary path: BGP came up <1 min ago');
  });
  it('is silent at one hour or more, for "never", and for sessions that are down', () => {
    expect(bgpRecentFlap(obs({ primary: { summary: ok(summaryOf('primary', '42', '01:00:00')) } }), en)).toEqual([]);
    expect(bgpRecentFlap(obs({ primary: { summary: ok(summaryOf('primary', '42', 'never')) } }), en)).toEqual([]);
    expect(bgpRecentFlap(obs({ primary: { summary: ok(summaryOf('primary', 'Idle', '00:01:00')) } }), en)).toEqual([]);
    expect(ids(bgpRecentFlap(obs(), en))).toEqual([]);
  });
});
