import { describe, expect, it } from 'vitest';
import { formatEndpoint, parseTarget, resolveTarget, TargetError } from '../../src/probe-agent/target.ts';

describe('parseTarget', () => {
  it('reads IPv4, bracketed IPv6 and host names with one port', () => {
    expect(parseTarget('10.1.2.4:3389')).toEqual({ label: '10.1.2.4:3389', host: '10.1.2.4', port: 3389, literal: { address: '10.1.2.4', family: 4 } });
    expect(parseTarget('[2001:DB8::4]:443').literal).toEqual({ address: '2001:db8::4', family: 6 });
    expect(parseTarget('[::ffff:10.0.0.1]:443').literal).toEqual({ address: '10.0.0.1', family: 4 });
    expect(parseTarget('vm-a.corp.example:3389')).toEqual({ label: 'vm-a.corp.example:3389', host: 'vm-a.corp.example', port: 3389 });
  });

  it('refuses ranges, lists, blocks, wildcards and odd spellings', () => {
    for (const bad of ['', '10.0.0.1', '10.0.0.1:0', '10.0.0.1:65536', '10.0.0.1:80,443', '10.0.0.1:80-90', '10.0.0.0/24:80',
      '10.0.0.1-10:80', '*.corp:80', '::1:80', '[fe80::1%eth0]:80', '[10.0.0.1]:80', '127.1:80', '0x7f000001:80', '2130706433:80', 'a_b:80', 'host: 80']) {
      expect(() => parseTarget(bad), bad).toThrow(TargetError);
    }
  });
});

describe('resolveTarget', () => {
  it('resolves a name once and normalises the answer', async () => {
    let calls = 0;
    const r = await resolveTarget(parseTarget('db.test:5432'), async () => {
      calls++;
      return { address: '::ffff:192.0.2.10', family: 6 };
    });
    expect(r).toEqual({ label: 'db.test:5432', host: 'db.test', address: '192.0.2.10', family: 4, port: 5432 });
    expect(calls).toBe(1);
  });

  it('says when a name does not resolve, or not in time', async () => {
    await expect(resolveTarget(parseTarget('x.test:1'), async () => Promise.reject(Object.assign(new Error('no'), { code: 'ENOTFOUND' })))).rejects.toThrow(
      /does not resolve \(ENOTFOUND\)/,
    );
    await expect(resolveTarget(parseTarget('x.test:1'), () => new Promise(() => {}), 50)).rejects.toThrow(/within 50 ms/);
  });

  it('resolves localhost with the system resolver', async () => {
    const r = await resolveTarget(parseTarget('localhost:80'));
    expect(['127.0.0.1', '::1']).toContain(r.address);
  });
});

it('formatEndpoint brackets IPv6', () => {
  expect(formatEndpoint('10.0.0.1', 80)).toBe('10.0.0.1:80');
  expect(formatEndpoint('2001:db8::1', 80)).toBe('[2001:db8::1]:80');
});
