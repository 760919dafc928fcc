import { describe, expect, it } from 'vitest';
import { pathAsymmetry, pathRedundancy } from '../../../src/diagnosis/rules/redundancy.ts';
import { commandsOf, en, fail, microsoft, neighbor, obs, ok, summaryOf } from '../fixtures.ts';

describe('ER-PATH-REDUNDANCY', () => {
  it('fires when exactly one path is up, naming the working one', () => {
    const [v, ...rest] = pathRedundancy(obs({ secondary: { summary: ok(summaryOf('secondary', 'Idle')) } }), en);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: 'ER-PATH-REDUNDANCY', severity: 'warning', scope: 'AzurePrivatePeering', title: 'Only the primary path is up: no redundancy' });
    expect(v!.evidence).toEqual(['primary: BGP Established, 42 prefixes', 'secondary: BGP Idle']);
    expect(commandsOf(v)).toEqual(['arp table tokyo-er secondary', 'routes summary tokyo-er']);
  });
  it('uses a broken ARP table when the summary of that path was not read', () => {
    const [v] = pathRedundancy(obs({ primary: { summary: undefined, arp: ok([]) } }), en);
    expect(v!.title).toBe('Only the secondary path is up: no redundancy');
    expect(v!.evidence[1]).toBe('primary: no ARP entries');
  });
  it('is silent when both are up, both are down, or one is unknown', () => {
    expect(pathRedundancy(obs(), en)).toEqual([]);
    expect(pathRedundancy(obs({ primary: { summary: ok(summaryOf('primary', 'Idle')) }, secondary: { summary: ok(summaryOf('secondary', 'Active')) } }), en)).toEqual([]);
    expect(pathRedundancy(obs({ secondary: { summary: fail(), arp: fail() } }), en)).toEqual([]);
    expect(pathRedundancy(obs({ secondary: null }), en)).toEqual([]);
    // ARP fine but BGP not read: not known to be broken.
    expect(pathRedundancy(obs({ secondary: { summary: undefined } }), en)).toEqual([]);
  });
  it('counts a path as broken when one of its neighbors is down', () => {
    const two = ok([neighbor('192.168.10.5', '42'), neighbor('2001:db8::5', 'Active')]);
    expect(pathRedundancy(obs({ secondary: { summary: two } }), en)).toHaveLength(1);
  });
  it('counts an ARP-broken path as broken only without a summary (BGP decides when read)', () => {
    expect(pathRedundancy(obs({ secondary: { arp: ok([microsoft('192.168.10.6')]) } }), en)).toEqual([]);
  });
});

describe('ER-PATH-ASYMMETRY', () => {
  it('fires when both are Established with different counts', () => {
    const [v] = pathAsymmetry(obs({ secondary: { summary: ok(summaryOf('secondary', '40')) } }), en);
    expect(v).toMatchObject({ ruleId: 'ER-PATH-ASYMMETRY', severity: 'warning', scope: 'AzurePrivatePeering', title: 'Paths differ: 42 vs 40 prefixes' });
    expect(v!.evidence).toEqual(['primary: 42 prefixes from 192.168.10.1', 'secondary: 40 prefixes from 192.168.10.5']);
    expect(commandsOf(v)).toEqual(['routes tokyo-er primary', 'routes tokyo-er secondary', 'routes summary tokyo-er']);
  });
  it('uses singular for one prefix', () => {
    const [v] = pathAsymmetry(obs({ secondary: { summary: ok(summaryOf('secondary', '1')) } }), en);
    expect(v!.evidence[1]).toBe('secondary: 1 prefix from 192.168.10.5');
  });
  it('is silent for equal counts, a down path, or a missing path', () => {
    expect(pathAsymmetry(obs(), en)).toEqual([]);
    expect(pathAsymmetry(obs({ secondary: { summary: ok(summaryOf('secondary', 'Idle')) } }), en)).toEqual([]);
    expect(pathAsymmetry(obs({ secondary: null }), en)).toEqual([]);
    expect(pathAsymmetry(obs({ secondary: { summary: fail() } }), en)).toEqual([]);
  });
  it('leaves a path with 0 prefixes to ER-BGP-NO-PREFIXES', () => {
    expect(pathAsymmetry(obs({ secondary: { summary: ok(summaryOf('secondary', '0')) } }), en)).toEqual([]);
  });
});
