import { describe, expect, it } from 'vitest';
import { circuitHealthy } from '../../../src/diagnosis/rules/healthy.ts';
import type { Verdict } from '../../../src/diagnosis/verdict.ts';
import { en, fail, ids, obs, ok, routesOf, stats } from '../fixtures.ts';

const info: Verdict = { ruleId: 'ER-NO-TRAFFIC', severity: 'info', title: '', detail: '', evidence: [], nextSteps: [] };

describe('ER-HEALTHY', () => {
  it('is ok for the peering when every check passed, listing what was checked', () => {
    const o = obs({ stats: ok(stats()), primary: { routes: ok(routesOf('primary')) }, secondary: { routes: ok(routesOf('secondary')) } });
    const [v] = circuitHealthy(o, en, []);
    expect(v).toMatchObject({ ruleId: 'ER-HEALTHY', severity: 'ok', scope: 'AzurePrivatePeering', title: 'AzurePrivatePeering: all checks passed' });
    expect(v!.evidence).toContain('ARP table AzurePrivatePeering/secondary: On-Prem 192.168.10.5 answers (MAC dfea.a948.ca5f)');
    expect(v!.evidence).toContain('secondary: BGP Established, 42 prefixes');
    expect(v!.evidence.join('\n')).not.toMatch(/Not checked/);
  });
  it('says which layers were not checked', () => {
    const [v] = circuitHealthy(obs(), en, []);
    expect(v!.evidence.at(-1)).toBe('Not checked: route table, circuit statistics');
  });
  it('is scoped to the one path asked for', () => {
    expect(circuitHealthy(obs({ secondary: null }), en, [])[0]!.scope).toBe('AzurePrivatePeering/primary');
  });
  it('never when another verdict is not ok (info included)', () => {
    expect(circuitHealthy(obs(), en, [info])).toEqual([]);
  });
  it('never when anything failed to read', () => {
    expect(circuitHealthy(obs({ stats: fail() }), en, [])).toEqual([]);
    expect(circuitHealthy(obs({ secondary: { routes: fail('throttled') } }), en, [])).toEqual([]);
  });
  it('never when a path was not looked at, or there is no path', () => {
    expect(circuitHealthy(obs({ secondary: { arp: undefined, summary: undefined } }), en, [])).toEqual([]);
    expect(circuitHealthy(obs({ primary: null, secondary: null }), en, [])).toEqual([]);
  });
  it('never for a missing or disabled peering', () => {
    expect(ids(circuitHealthy(obs({ circuit: { peerings: [] } }), en, []))).toEqual([]);
    expect(ids(circuitHealthy(obs({ peering: { state: 'Disabled' } }), en, []))).toEqual([]);
  });
});
