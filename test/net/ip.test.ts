import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import {
  addressFamily,
  cidrContains,
  consecutivePrefixes,
  formatAddress,
  formatCidr,
  formatIpv4,
  formatIpv6,
  hostInPrefix,
  isDefaultRoute,
  looksLikeIpv4,
  parseAddress,
  parseAddressPrefix,
  parseCidr,
  parseIpv4,
  parseIpv4Prefix,
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

describe('spellings ipaddr.js accepts and we do not', () => {
  it('pins what ipaddr.js does on its own, so the guards stay needed', () => {
    expect(ipaddr.parse('010.1.1.1').toString()).toBe('8.1.1.1'); // octal
    expect(ipaddr.parse('10.1').toString()).toBe('10.0.0.1');
    expect(ipaddr.parse('::1.2.3.4').toString()).toBe('::ffff:102:304');
  });
  it('refuses leading zeros (no octal), short and hex IPv4 forms, also as an IPv6 tail', () => {
    for (const s of ['010.1.1.1', '10.01.1.1', '00.0.0.0', '10.1', '167772161', '0xa.0.0.1', '::ffff:010.0.2.1', '::ffff:1.2.3.04']) {
      expect(parseAddress(s), s).toBeUndefined();
    }
    expect(parseCidr('010.0.0.0/8')).toBeUndefined();
    expect(parseIpv4('0.0.0.0')).toBe(0n);
  });
  it('reads "::1.2.3.4" as RFC 4291 does (::102:304), not as IPv4-mapped', () => {
    expect(formatAddress(parseAddress('::1.2.3.4')!)).toBe('::102:304');
    expect(formatAddress(parseAddress('::ffff:1.2.3.4')!)).toBe('::ffff:102:304');
    expect(formatAddress(parseAddress('1:2:3:4:5:6:1.2.3.4')!)).toBe('1:2:3:4:5:6:102:304');
  });
});

describe('edge cases', () => {
  it('ignores surrounding whitespace', () => {
    expect(parseIpv4(' 10.1.1.1 ')).toBe(0x0a010101n);
    expect(parseIpv6('  ::1\t')).toBe(1n);
    expect(formatCidr(parseCidr(' 10.1.2.3/8 ')!)).toBe('10.0.0.0/8');
  });
  it('keeps IPv4-mapped IPv6 an IPv6 address', () => {
    expect(addressFamily('::ffff:192.0.2.1')).toBe(6);
    expect(sameAddress('::ffff:192.0.2.1', '192.0.2.1')).toBe(false);
    expect(sameAddress('::ffff:192.0.2.1', '::ffff:c000:201')).toBe(true);
  });
  it('handles :: and zones', () => {
    expect(parseAddress('::')).toEqual({ family: 6, value: 0n });
    expect(formatCidr(parseCidr('::/0')!)).toBe('::/0');
    expect(sameAddress('fe80::1%eth0', 'fe80::1')).toBe(true);
    expect(parseIpv6('fe80::1%')).toBeUndefined();
    expect(parseIpv6('10.1.1.1')).toBeUndefined();
    expect(parseIpv4('::1')).toBeUndefined();
  });
  it('bounds prefix lengths', () => {
    for (const s of ['0.0.0.0/0', '10.1.1.1/32', '::/0', '::1/128', '10.0.0.0/08']) expect(parseCidr(s), s).toBeDefined();
    for (const s of ['10.0.0.0/33', '::/129', '10.0.0.0/-1', '10.0.0.0/', '10.0.0.0/0008', '10.0.0.0/ 8', '10.0.0.0/1e1']) {
      expect(parseCidr(s), s).toBeUndefined();
    }
  });
  it('matches prefixes at the edges', () => {
    const all = parseCidr('0.0.0.0/0')!;
    expect(cidrContains(all, parseAddress('255.255.255.255')!)).toBe(true);
    expect(cidrContains(all, parseAddress('::')!)).toBe(false);
    expect(cidrContains(parseCidr('10.0.0.1/32')!, parseAddress('10.0.0.1')!)).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.1/32')!, parseAddress('10.0.0.2')!)).toBe(false);
    expect(cidrContains(parseCidr('2001:db8::/32')!, parseAddress('2001:db8:ffff::1')!)).toBe(true);
    expect(cidrContains(parseCidr('2001:db8::/32')!, parseAddress('2001:db9::')!)).toBe(false);
  });
  it('formats the low 32 bits as IPv4', () => {
    expect(formatIpv4(0xc0a80a01n)).toBe('192.168.10.1');
    expect(formatIpv6(0n)).toBe('::');
    expect(formatIpv6(1n << 112n)).toBe('1::');
  });
});

describe('emulator helpers', () => {
  it('parseAddressPrefix takes a bare address as a host prefix', () => {
    expect(formatCidr(parseAddressPrefix('10.0.0.5')!)).toBe('10.0.0.5/32');
    expect(formatCidr(parseAddressPrefix('2001:db8::5')!)).toBe('2001:db8::5/128');
    expect(formatCidr(parseAddressPrefix('10.0.0.5/24')!)).toBe('10.0.0.0/24');
    expect(parseAddressPrefix('VirtualNetwork')).toBeUndefined();
  });
  it('hostInPrefix counts from the network address', () => {
    expect(hostInPrefix('10.0.255.0/27', 4)).toBe('10.0.255.4');
    expect(hostInPrefix('10.0.255.7/27', 5)).toBe('10.0.255.5');
    expect(hostInPrefix('255.255.255.255/32', 1)).toBeUndefined();
    expect(hostInPrefix('nonsense', 4)).toBeUndefined();
  });
  it('consecutivePrefixes steps by the prefix size and stops at the end of the space', () => {
    expect(consecutivePrefixes('10.0.0.0/24', 3)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(consecutivePrefixes('255.255.254.0/24', 5)).toEqual(['255.255.254.0/24', '255.255.255.0/24']);
    expect(consecutivePrefixes('2001:db8::/64', 2)).toEqual(['2001:db8::/64', '2001:db8:0:1::/64']);
    expect(consecutivePrefixes('bad', 3)).toEqual([]);
  });
});

describe('IPv4 prefixes typed in chat', () => {
  it('recognizes what looks like an address or prefix', () => {
    for (const s of ['10.0.0.0/8', '10.1', '10.', '1.2.3.4.5', '300.1.1.1', '10/8']) expect(looksLikeIpv4(s), s).toBe(true);
    for (const s of ['10', 'ten.0.0.0', '2001:db8::/32', 'er-circuit']) expect(looksLikeIpv4(s), s).toBe(false);
  });
  it('normalizes and says when host bits were cleared', () => {
    expect(parseIpv4Prefix('10.20.0.0/16')).toEqual({ ok: true, prefix: '10.20.0.0/16', hostBitsCleared: false });
    expect(parseIpv4Prefix('10.20.1.0/16')).toEqual({ ok: true, prefix: '10.20.0.0/16', hostBitsCleared: true });
    expect(parseIpv4Prefix('10.20.1.7')).toEqual({ ok: true, prefix: '10.20.1.7/32', hostBitsCleared: false });
    expect(parseIpv4Prefix('0.0.0.0/0')).toEqual({ ok: true, prefix: '0.0.0.0/0', hostBitsCleared: false });
  });
  it('names the problem', () => {
    expect(parseIpv4Prefix('10.1/8')).toEqual({ ok: false, problem: 'octet-count', detail: '10.1' });
    expect(parseIpv4Prefix('10.0.0.0/8/9')).toEqual({ ok: false, problem: 'octet-count', detail: '10.0.0.0' });
    expect(parseIpv4Prefix('10.300.0.0/16')).toEqual({ ok: false, problem: 'bad-octet', detail: '300' });
    expect(parseIpv4Prefix('010.1.1.1')).toEqual({ ok: false, problem: 'bad-octet', detail: '010' });
    expect(parseIpv4Prefix('10..0.0')).toEqual({ ok: false, problem: 'bad-octet', detail: '' });
    expect(parseIpv4Prefix('10.0.0.0/33')).toEqual({ ok: false, problem: 'bad-mask', detail: '33' });
    expect(parseIpv4Prefix('10.0.0.0/08')).toEqual({ ok: false, problem: 'bad-mask', detail: '08' });
    expect(parseIpv4Prefix('10.0.0.0/')).toEqual({ ok: false, problem: 'bad-mask', detail: '' });
  });
});
