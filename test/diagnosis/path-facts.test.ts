import { describe, expect, it } from 'vitest';
import { arpFacts, bgpFacts, isIncompleteMac, pathHealth } from '../../src/diagnosis/path-facts.ts';
import { fail, microsoft, neighbor, obs, ok, onPrem, peering, summaryOf } from './fixtures.ts';

describe('isIncompleteMac', () => {
  it('recognizes the incomplete forms', () => {
    for (const m of ['', ' ', 'Incomplete', '(incomplete)', 'INCOMPLETE', '-', '--', '0000.0000.0000', '00:00:00:00:00:00', undefined]) expect(isIncompleteMac(m), String(m)).toBe(true);
  });
  it('accepts real MACs', () => {
    for (const m of ['dfea.a948.ca5f', '00:1a:2b:3c:4d:5e', '0000.0000.0001']) expect(isIncompleteMac(m), m).toBe(false);
  });
});

describe('arpFacts', () => {
  it('classifies a path', () => {
    expect(arpFacts(peering(), 'primary', []).status).toBe('empty');
    expect(arpFacts(peering(), 'primary', [microsoft('192.168.10.2')]).status).toBe('onprem-missing');
    expect(arpFacts(peering(), 'primary', [onPrem('192.168.10.5')]).status).toBe('unexpected-ip');
    expect(arpFacts(peering(), 'primary', [onPrem('192.168.10.1')]).status).toBe('ok');
    expect(arpFacts(peering(), 'secondary', [onPrem('192.168.10.5')]).expected).toEqual({ family: 4, onPrem: '192.168.10.5', microsoft: '192.168.10.6' });
  });
  it('without a subnet, any complete on-prem entry is fine', () => {
    expect(arpFacts(undefined, 'primary', [onPrem('10.0.0.9')]).status).toBe('ok');
  });
  it('interface names are matched loosely', () => {
    const f = arpFacts(peering(), 'primary', [{ age: 1, interface: 'on-prem', ipAddress: '192.168.10.1', macAddress: 'aaaa.bbbb.cccc' }]);
    expect(f.onPremComplete).toHaveLength(1);
  });
});

describe('bgpFacts', () => {
  it('sums prefixes over Established neighbors and lists the down ones', () => {
    const f = bgpFacts('primary', [neighbor('192.168.10.1', '42'), neighbor('2001:db8::1', '3'), neighbor('x', 'Idle', 'never')]);
    expect(f.prefixes).toBe(45);
    expect(f.down.map((n) => n.neighbor)).toEqual(['x']);
    expect(f.allEstablished).toBe(false);
    expect(f.down[0]!.upDownSeconds).toBeUndefined();
  });
  it('an empty summary is not all-Established', () => {
    expect(bgpFacts('primary', []).allEstablished).toBe(false);
  });
});

describe('pathHealth', () => {
  it('BGP decides when read, ARP can only prove broken, failures are unknown', () => {
    const p = peering();
    expect(pathHealth(obs(), p, 'primary')).toBe('healthy');
    expect(pathHealth(obs({ primary: { summary: ok(summaryOf('primary', 'Idle')) } }), p, 'primary')).toBe('broken');
    expect(pathHealth(obs({ primary: { summary: undefined, arp: ok([]) } }), p, 'primary')).toBe('broken');
    expect(pathHealth(obs({ primary: { summary: undefined } }), p, 'primary')).toBe('unknown');
    expect(pathHealth(obs({ primary: { summary: fail(), arp: fail() } }), p, 'primary')).toBe('unknown');
    expect(pathHealth(obs({ primary: null }), p, 'primary')).toBe('unknown');
  });
});
