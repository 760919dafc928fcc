import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  formatCidr,
  formatIpv6,
  isDefaultRoute,
  parseAddress,
  parseCidr,
  parseIpv4,
  parseIpv6,
  peerAddresses,
  sameAddress,
} from '../../src/net/ip.ts';

describe('parseIpv4', () => {
  it('parses dotted quads', () => {
    expect(parseIpv4('192.168.10.1')).toBe(0xc0a80a01n);
    expect(parseIpv4('0.0.0.0')).toBe(0n);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffffn);
  });
  it('refuses what is not an address', () => {
    for (const s of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.x', '1..2.3']) expect(parseIpv4(s)).toBeUndefined();
  });
});

describe('parseIpv6 / formatIpv6', () => {
  it('parses compressed forms and prints RFC 5952 text', () => {
    expect(formatIpv6(parseIpv6('2001:DB8:0:0:0:0:0:1')!)).toBe('2001:db8::1');
    expect(formatIpv6(parseIpv6('::')!)).toBe('::');
    expect(formatIpv6(parseIpv6('::1')!)).toBe('::1');
    expect(formatIpv6(parseIpv6('fd00:1:0:0:1:0:0:0')!)).toBe('fd00:1:0:0:1::');
    expect(formatIpv6(parseIpv6('2001:db8:1:2:3:4:5:6')!)).toBe('2001:db8:1:2:3:4:5:6');
    expect(formatIpv6(parseIpv6('::ffff:192.0.2.1')!)).toBe('::ffff:c000:201');
  });
  it('refuses malformed text', () => {
    for (const s of ['1::2::3', '1:2:3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9']) expect(parseIpv6(s)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('clears host bits and keeps the family', () => {
    expect(formatCidr(parseCidr('192.168.10.3/30')!)).toBe('192.168.10.0/30');
    expect(parseCidr('2001:db8::/126')).toMatchObject({ family: 6, bits: 126 });
  });
  it('refuses bad masks and missing masks', () => {
    for (const s of ['192.168.10.0', '192.168.10.0/33', '2001:db8::/129', '10.0.0.0/x', '10.0.0.0/8/9']) expect(parseCidr(s)).toBeUndefined();
  });
  it('contains', () => {
    const c = parseCidr('192.168.10.4/30')!;
    expect(cidrContains(c, parseAddress('192.168.10.5')!)).toBe(true);
    expect(cidrContains(c, parseAddress('192.168.10.1')!)).toBe(false);
    expect(cidrContains(c, parseAddress('::1')!)).toBe(false);
  });
});

describe('peerAddresses', () => {
  it('on-premises is the first usable address of a /30 (odd), Microsoft the second', () => {
    expect(peerAddresses('192.168.10.0/30')).toEqual({ family: 4, onPrem: '192.168.10.1', microsoft: '192.168.10.2' });
    expect(peerAddresses('192.168.10.4/30')).toEqual({ family: 4, onPrem: '192.168.10.5', microsoft: '192.168.10.6' });
  });
  it('does the same for a /126', () => {
    expect(peerAddresses('2001:db8:100::/126')).toEqual({ family: 6, onPrem: '2001:db8:100::1', microsoft: '2001:db8:100::2' });
    expect(peerAddresses('2001:db8:100::4/126')).toEqual({ family: 6, onPrem: '2001:db8:100::5', microsoft: '2001:db8:100::6' });
  });
  it('is undefined for missing, malformed or too small prefixes', () => {
    expect(peerAddresses(undefined)).toBeUndefined();
    expect(peerAddresses('nonsense')).toBeUndefined();
    expect(peerAddresses('192.168.10.0/31')).toBeUndefined();
  });
});

describe('sameAddress / isDefaultRoute', () => {
  it('compares by value', () => {
    expect(sameAddress('2001:DB8::1', '2001:db8:0::1')).toBe(true);
    expect(sameAddress('192.168.10.1', '192.168.10.1')).toBe(true);
    expect(sameAddress('192.168.10.1', '192.168.10.5')).toBe(false);
    expect(sameAddress(undefined, '192.168.10.5')).toBe(false);
  });
  it('recognizes default routes only', () => {
    expect(isDefaultRoute('0.0.0.0/0')).toBe(true);
    expect(isDefaultRoute('::/0')).toBe(true);
    expect(isDefaultRoute('0.0.0.0/1')).toBe(false);
    expect(isDefaultRoute('10.0.0.0/8')).toBe(false);
    expect(isDefaultRoute('garbage')).toBe(false);
  });
});
