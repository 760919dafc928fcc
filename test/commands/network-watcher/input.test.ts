/** What the Network Watcher commands accept, and how they refuse: always what was expected, with an example. */
import { describe, expect, it } from 'vitest';
import { parseEndpoint, parseIp, parsePort, parsePrefix } from '../../../src/commands/network-watcher/input.ts';
import { translator } from '../../../src/i18n/index.ts';

const t = translator('en');
const tcp = { portRequired: true, allowHost: true, protocol: 'TCP', example: '192.168.10.1:179' };

const message = (p: { ok: boolean; message?: string }) => (p.ok ? '' : p.message!);

describe('parseEndpoint', () => {
  it('accepts IPv4, bracketed IPv6 and host names with ports, canonicalizing addresses', () => {
    expect(parseEndpoint('192.168.10.1:179', t, tcp)).toEqual({ ok: true, value: { host: '192.168.10.1', port: 179, family: 4 } });
    expect(parseEndpoint('[2001:DB8:0::1]:443', t, tcp)).toEqual({ ok: true, value: { host: '2001:db8::1', port: 443, family: 6 } });
    expect(parseEndpoint('onprem-router.contoso.com:22', t, tcp)).toEqual({ ok: true, value: { host: 'onprem-router.contoso.com', port: 22 } });
  });

  it('takes no port when none is needed (ICMP, HTTP defaults)', () => {
    const icmp = { ...tcp, portRequired: false };
    expect(parseEndpoint('192.168.10.1', t, icmp)).toEqual({ ok: true, value: { host: '192.168.10.1', family: 4 } });
    expect(parseEndpoint('2001:db8::1', t, icmp)).toEqual({ ok: true, value: { host: '2001:db8::1', family: 6 } });
  });

  it('refuses with what was expected and an example', () => {
    expect(message(parseEndpoint('192.168.10.1', t, tcp))).toBe('TCP needs a port: expected <host-or-ip>:<port>, for example 192.168.10.1:179.');
    expect(message(parseEndpoint('192.168.10.300:179', t, tcp))).toBe('“192.168.10.300” is not a valid IPv4 address: “300” is not a number from 0 to 255. Example: 192.168.10.1.');
    expect(message(parseEndpoint('192.168.10:179', t, tcp))).toBe('“192.168.10” is not a valid IPv4 address: it needs four numbers separated by dots. Example: 192.168.10.1.');
    expect(message(parseEndpoint('192.168.10.1:0', t, tcp))).toBe('“0” is not a port: expected a whole number from 1 to 65535, for example 179.');
    expect(message(parseEndpoint('192.168.10.1:70000', t, tcp))).toMatch(/“70000” is not a port/);
    expect(message(parseEndpoint('192.168.10.1:bgp', t, tcp))).toMatch(/“bgp” is not a port/);
    expect(message(parseEndpoint(':179', t, tcp))).toMatch(/expected <host-or-ip>:<port>, for example 192\.168\.10\.1:179/);
    expect(message(parseEndpoint('bad_host!:80', t, tcp))).toMatch(/neither an IP address nor a host name\. Example/);
    expect(message(parseEndpoint('2001:db8::1:179', t, tcp))).toMatch(/TCP needs a port|brackets/);
    // Only addresses where Azure needs one (IP flow verify).
    expect(message(parseEndpoint('router.contoso.com:179', t, { ...tcp, allowHost: false }))).toMatch(/is not an IP address: expected an IPv4 or IPv6 address, for example/);
  });
});

describe('parseIp, parsePort, parsePrefix', () => {
  it('parseIp: one address, not a prefix', () => {
    expect(parseIp('10.1.0.9', t)).toEqual({ ok: true, value: '10.1.0.9' });
    expect(parseIp('[2001:db8::5]', t)).toEqual({ ok: true, value: '2001:db8::5' });
    expect(message(parseIp('10.0.0.0/8', t))).toBe('“10.0.0.0/8” is a prefix; give one address, for example 192.168.10.1.');
    expect(message(parseIp('10.0.0.256', t))).toMatch(/“256” is not a number from 0 to 255/);
    expect(message(parseIp('vm-b', t))).toMatch(/is not an IP address/);
  });

  it('parsePort: 1 to 65535', () => {
    expect(parsePort('1', t)).toEqual({ ok: true, value: 1 });
    expect(parsePort('65535', t)).toEqual({ ok: true, value: 65535 });
    expect(parsePort('65536', t).ok).toBe(false);
    expect(parsePort('-1', t).ok).toBe(false);
  });

  it('parsePrefix: a prefix (host bits cleared) or an address', () => {
    expect(parsePrefix('10.1.2.3/16', t)).toMatchObject({ ok: true, value: { text: '10.1.0.0/16' } });
    expect(parsePrefix('192.168.10.1', t)).toMatchObject({ ok: true, value: { text: '192.168.10.1/32', address: '192.168.10.1' } });
    expect(parsePrefix('2001:db8::/32', t)).toMatchObject({ ok: true, value: { text: '2001:db8::/32' } });
    expect(message(parsePrefix('10.1.0.0/33', t))).toBe('“10.1.0.0/33” is not an address or prefix: expected for example 10.1.0.0/16, 192.168.10.1 or 2001:db8::/32.');
    expect(message(parsePrefix('10.1.0/16', t))).toMatch(/four numbers/);
  });
});
