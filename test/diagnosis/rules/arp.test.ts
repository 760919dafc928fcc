import { describe, expect, it } from 'vitest';
import { arpEmpty, arpOnPremMissing, arpUnexpectedIp } from '../../../src/diagnosis/rules/arp.ts';
import { circuit, commandsOf, en, fail, ids, ja, microsoft, microsoftPeering, obs, ok, onPrem, scopes } from '../fixtures.ts';

describe('ER-ARP-EMPTY', () => {
  it('fires per path with an empty ARP table', () => {
    const vs = arpEmpty(obs({ secondary: { arp: ok([]) } }), en);
    expect(scopes(vs)).toEqual(['ER-ARP-EMPTY@AzurePrivatePeering/secondary']);
    const v = vs[0]!;
    expect(v.severity).toBe('critical');
    expect(v.title).toBe('Secondary path: no ARP entries');
    expect(v.evidence[0]).toBe('ARP table AzurePrivatePeering/secondary: 0 entries');
    expect(v.evidence).toContain('AzurePrivatePeering: vlanId 100');
    expect(v.followUps).toEqual([
      { title: 'ARP table (secondary)', command: 'arp table tokyo-er secondary' },
      { title: 'Check VLAN and subnets', command: 'circuit tokyo-er' },
    ]);
  });
  it('fires on both paths, primary first', () => {
    expect(scopes(arpEmpty(obs({ primary: { arp: ok([]) }, secondary: { arp: ok([]) } }), en))).toEqual([
      'ER-ARP-EMPTY@AzurePrivatePeering/primary',
      'ER-ARP-EMPTY@AzurePrivatePeering/secondary',
    ]);
  });
  it('is silent for healthy, failed or unread ARP', () => {
    expect(arpEmpty(obs(), en)).toEqual([]);
    expect(arpEmpty(obs({ secondary: { arp: fail() } }), en)).toEqual([]);
    expect(arpEmpty(obs({ secondary: { arp: undefined } }), en)).toEqual([]);
  });
  it('uses the Microsoft peering keyword in commands', () => {
    const o = { ...obs({ primary: { arp: ok([]) }, secondary: null }), circuit: circuit({ peerings: [microsoftPeering()] }), peeringName: 'MicrosoftPeering' };
    expect(commandsOf(arpEmpty(o, en)[0])).toEqual(['arp table tokyo-er microsoft primary', 'circuit tokyo-er']);
  });
  it('reads naturally in Japanese', () => {
    const v = arpEmpty(obs({ secondary: { arp: ok([]) } }), ja)[0]!;
    expect(v.title).toBe('セカンダリ パス: ARP エントリがありません');
    expect(v.evidence[0]).toBe('ARP テーブル AzurePrivatePeering/secondary: 0 件');
  });
});

describe('ER-ARP-ONPREM-MISSING', () => {
  it('fires when only the Microsoft entry is there', () => {
    const [v, ...rest] = arpOnPremMissing(obs({ primary: { arp: ok([microsoft('192.168.10.2')]) } }), en);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: 'ER-ARP-ONPREM-MISSING', severity: 'critical', scope: 'AzurePrivatePeering/primary' });
    expect(v!.title).toBe('Primary path: on-prem router not in ARP');
    expect(v!.detail).toContain('192.168.10.1');
    expect(v!.evidence[0]).toBe('ARP table AzurePrivatePeering/primary: no On-Prem entry');
    expect(v!.evidence).toContain('Expected on-prem address in 192.168.10.0/30: 192.168.10.1');
    expect(commandsOf(v)).toEqual(['arp table tokyo-er primary', 'circuit tokyo-er']);
  });
  it('fires when the on-prem MAC is incomplete ("Incomplete", empty, dashes, zeros)', () => {
    for (const mac of ['Incomplete', '', '(incomplete)', '-', '0000.0000.0000']) {
      const vs = arpOnPremMissing(obs({ secondary: { arp: ok([microsoft('192.168.10.6'), onPrem('192.168.10.5', mac)]) } }), en);
      expect(ids(vs), mac).toEqual(['ER-ARP-ONPREM-MISSING']);
      expect(vs[0]!.title).toBe('Secondary path: on-prem ARP entry incomplete');
      expect(vs[0]!.evidence[0]).toContain(`MAC ${JSON.stringify(mac)}`);
    }
  });
  it('is silent for an empty table (that is ER-ARP-EMPTY), a healthy one, or one without Microsoft entry', () => {
    expect(arpOnPremMissing(obs({ primary: { arp: ok([]) } }), en)).toEqual([]);
    expect(arpOnPremMissing(obs(), en)).toEqual([]);
    expect(arpOnPremMissing(obs({ primary: { arp: ok([onPrem('192.168.10.1')]) } }), en)).toEqual([]);
  });
  it('still fires without subnets, without naming an address', () => {
    const vs = arpOnPremMissing(obs({ peering: { primaryPeerAddressPrefix: undefined }, primary: { arp: ok([microsoft('192.168.10.2')]) } }), en);
    expect(vs[0]!.detail).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
  });
});

describe('ER-ARP-UNEXPECTED-IP', () => {
  const swapped = () =>
    obs({
      primary: { arp: ok([microsoft('192.168.10.2'), onPrem('192.168.10.5')]) },
      secondary: { arp: ok([microsoft('192.168.10.6'), onPrem('192.168.10.1')]) },
    });
  it('detects the swapped /30s on both paths and says so', () => {
    const vs = arpUnexpectedIp(swapped(), en);
    expect(scopes(vs)).toEqual(['ER-ARP-UNEXPECTED-IP@AzurePrivatePeering/primary', 'ER-ARP-UNEXPECTED-IP@AzurePrivatePeering/secondary']);
    const [p, s] = vs;
    expect(p!.title).toBe('Primary path: /30 subnets look swapped');
    expect(p!.detail).toBe(
      "The primary path answers with the secondary subnet's address 192.168.10.5: the primary and secondary /30s are swapped on the customer router.",
    );
    expect(p!.evidence).toContain('192.168.10.5 is the on-prem address of the secondary subnet 192.168.10.4/30');
    expect(p!.nextSteps[0]).toBe(
      'Swap the addresses on the customer router: primary interface 192.168.10.1 (192.168.10.0/30), secondary interface 192.168.10.5 (192.168.10.4/30).',
    );
    expect(s!.detail).toContain("primary subnet's address 192.168.10.1");
    expect(commandsOf(p)).toEqual(['arp table tokyo-er primary', 'arp table tokyo-er secondary', 'circuit tokyo-er']);
  });
  it('names an address conflict with Microsoft', () => {
    const vs = arpUnexpectedIp(obs({ primary: { arp: ok([microsoft('192.168.10.2', 'aaaa.bbbb.cccc'), onPrem('192.168.10.2')]) } }), en);
    expect(vs[0]!.title).toBe("Primary path: on-prem uses Microsoft's IP");
    expect(vs[0]!.detail).toContain('should use 192.168.10.1');
  });
  it('reports any other wrong address plainly', () => {
    const vs = arpUnexpectedIp(obs({ secondary: { arp: ok([microsoft('192.168.10.6'), onPrem('10.9.9.9')]) } }), en);
    expect(vs[0]!.title).toBe('Secondary path: on-prem router at unexpected IP');
    expect(vs[0]!.detail).toBe('The customer router answers ARP on 10.9.9.9, but the secondary subnet 192.168.10.4/30 expects 192.168.10.5.');
  });
  it('is silent for healthy ARP, incomplete entries, unknown subnets, unread ARP', () => {
    expect(arpUnexpectedIp(obs(), en)).toEqual([]);
    expect(arpUnexpectedIp(obs({ primary: { arp: ok([microsoft('192.168.10.2'), onPrem('192.168.10.5', 'Incomplete')]) } }), en)).toEqual([]);
    expect(arpUnexpectedIp(obs({ peering: { primaryPeerAddressPrefix: undefined }, primary: { arp: ok([onPrem('192.168.10.5')]) } }), en)).toEqual([]);
    expect(arpUnexpectedIp(obs({ primary: { arp: undefined } }), en)).toEqual([]);
  });
  it('judges IPv6 entries against the /126 subnets', () => {
    const ipv6 = { primaryPeerAddressPrefix: '2001:db8:100::/126', secondaryPeerAddressPrefix: '2001:db8:100::4/126' };
    expect(arpUnexpectedIp(obs({ peering: { ipv6 }, primary: { arp: ok([onPrem('192.168.10.1'), onPrem('2001:db8:100::1')]) } }), en)).toEqual([]);
    const vs = arpUnexpectedIp(obs({ peering: { ipv6 }, primary: { arp: ok([onPrem('192.168.10.1'), onPrem('2001:db8:100::5')]) } }), en);
    expect(vs[0]!.title).toBe('Primary path: /30 subnets look swapped');
  });
});
