import { describe, expect, it } from 'vitest';
import { AllowListError, checkTarget, formatRule, parseAllowList, parseRule } from '../../src/probe-agent/allowlist.ts';

describe('parseAllowList (NETOPS_PROBE_ALLOW syntax)', () => {
  it('reads blocks with port lists and ranges, IPv4 and IPv6, bracketed or not', () => {
    const rules = parseAllowList('10.0.0.0/8:3389,443; 192.168.10.0/24:179;[2001:db8::/32]:443;2001:db8:1::/48:8000-8010;10.9.0.5:22;[fd00::5]:22');
    expect(rules.map(formatRule)).toEqual([
      '10.0.0.0/8:3389,443',
      '192.168.10.0/24:179',
      '[2001:db8::/32]:443',
      '[2001:db8:1::/48]:8000-8010',
      '10.9.0.5/32:22',
      '[fd00::5/128]:22',
    ]);
  });

  it('clears host bits', () => {
    expect(parseRule('10.1.2.3/8', [443]).cidr).toBe('10.0.0.0/8');
  });

  it('refuses malformed rules with a message naming the rule', () => {
    for (const bad of ['10.0.0.0/8', '10.0.0.0/33:443', '10.0.0.0/8:0', '10.0.0.0/8:70000', '10.0.0.0/8:443-80', 'nope/8:443', '10.1/16:443', '2001:db8::1:443', '10.0.0.0/8:*']) {
      expect(() => parseAllowList(bad), bad).toThrow(AllowListError);
    }
    expect(() => parseAllowList('10.0.0.0/8:')).toThrow(/allow "10.0.0.0\/8"/);
  });
});

describe('checkTarget', () => {
  const rules = parseAllowList('10.0.0.0/8:3389,443;0.0.0.0/0:80;[::/0]:443;192.168.10.0/24:8000-8010');

  it('allows a listed address on a listed port', () => {
    expect(checkTarget(rules, '10.1.2.4', 3389).allowed).toBe(true);
    expect(checkTarget(rules, '192.168.10.7', 8005).allowed).toBe(true);
    expect(checkTarget(rules, '2001:db8::4', 443).allowed).toBe(true);
    expect(checkTarget(rules, '8.8.8.8', 80).allowed).toBe(true);
  });

  it('refuses other ports and other addresses, saying which', () => {
    expect(checkTarget(rules, '10.1.2.4', 22)).toEqual({ allowed: false, reason: 'port 22 is not allowed for 10.1.2.4' });
    expect(checkTarget(rules, '192.168.10.7', 8011).allowed).toBe(false);
    const only10 = parseAllowList('10.0.0.0/8:443');
    expect(checkTarget(only10, '11.0.0.1', 443)).toEqual({ allowed: false, reason: "11.0.0.1 is not in the agent's allowlist" });
    expect(checkTarget(only10, '2001:db8::1', 443).allowed).toBe(false);
  });

  it('refuses special addresses inside broad ranges', () => {
    for (const [addr, what] of [
      ['169.254.169.254', /metadata/],
      ['168.63.129.16', /WireServer/],
      ['169.254.0.1', /link-local/],
      ['fe80::1', /link-local/],
      ['febf::1', /link-local/],
      ['127.0.0.1', /loopback/],
      ['::1', /loopback/],
      ['0.0.0.0', /this network/],
      ['::', /unspecified/],
      ['224.0.0.1', /multicast/],
      ['::ffff:169.254.169.254', /metadata/],
      ['64:ff9b::a9fe:a9fe', /metadata.*NAT64/],
    ] as const) {
      const port = addr.includes(':') ? 443 : 80;
      const d = checkTarget(rules, addr, port);
      expect(d.allowed, addr).toBe(false);
      if (!d.allowed) expect(d.reason).toMatch(what);
    }
  });

  it('allows a special address when a rule names it (a block inside the special range)', () => {
    const explicit = parseAllowList('0.0.0.0/0:80;169.254.169.254/32:80;169.254.0.0/16:443;[fe80::/64]:443;127.0.0.1:9000');
    expect(checkTarget(explicit, '169.254.169.254', 80).allowed).toBe(true);
    expect(checkTarget(explicit, '169.254.3.4', 443).allowed).toBe(true);
    expect(checkTarget(explicit, 'fe80::1', 443).allowed).toBe(true);
    expect(checkTarget(explicit, '127.0.0.1', 9000).allowed).toBe(true);
    // Listing link-local is not listing the metadata address, and 0.0.0.0/0 lists neither.
    expect(checkTarget(explicit, '169.254.169.254', 443).allowed).toBe(false);
    expect(checkTarget(explicit, '168.63.129.16', 80).allowed).toBe(false);
    expect(checkTarget(explicit, '127.0.0.2', 9000).allowed).toBe(false);
  });
});
