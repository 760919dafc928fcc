import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/commands/registry.ts';
import { FAKE_SPECS, bgpStatus } from './fixtures.ts';

const registry = createRegistry(FAKE_SPECS);
const w = (s: string) => s.split(' ');

describe('command registry', () => {
  it('matches the longest name or alias, case-insensitively', () => {
    expect(registry.match(w('bgp status tokyo-er'))).toMatchObject({ consumed: 2, matched: 'bgp status' });
    expect(registry.match(w('BGP Summary tokyo-er'))).toMatchObject({ consumed: 2, matched: 'bgp summary' });
    expect(registry.match(w('bgp tokyo-er'))).toMatchObject({ consumed: 1, matched: 'bgp' });
    expect(registry.match(w('arp tokyo-er'))?.spec.name).toBe('arp table');
    expect(registry.match(w('latency compare a b'))?.spec.name).toBe('latency compare');
    expect(registry.match(w('latency a b'))).toBeUndefined();
    expect(registry.match(w('status'))).toBeUndefined();
  });

  it('suggests close names and aliases for typos, best first, at most three', () => {
    expect(registry.suggest(w('bgp stauts'))[0]).toBe('bgp status');
    expect(registry.suggest(w('arp tabel tokyo-er'))[0]).toBe('arp table');
    expect(registry.suggest(w('latncy compare'))[0]).toBe('latency compare');
    expect(registry.suggest(w('boon'))).toContain('boom');
    expect(registry.suggest(w('xyzzy plugh'))).toEqual([]);
    expect(registry.suggest(w('a')).length).toBeLessThanOrEqual(3);
  });

  it('suggests prefix matches', () => {
    expect(registry.suggest(w('rout'))).toContain('routes summary');
    expect(registry.suggest(w('latency'))).toContain('latency compare');
    expect(registry.suggestMatches(w('latency vm-a vm-b'))[0]).toEqual({ name: 'latency compare', consumed: 1 });
  });

  it('spots a typo after a short alias ("bgp stauts" with the alias "bgp") instead of binding it as a name', () => {
    const m = registry.match(w('bgp stauts tokyo-er'))!;
    expect(m.matched).toBe('bgp');
    expect(registry.nearMiss(w('bgp stauts tokyo-er'), m)).toBe('bgp status');
    expect(registry.nearMiss(w('bgp tokyo-er'), m)).toBeUndefined();
  });

  it('refuses two commands with the same spelling', () => {
    expect(() => createRegistry([bgpStatus, { ...bgpStatus, id: 'other', name: 'other', aliases: ['BGP'] }])).toThrow(/"bgp"/);
  });
});
