import { describe, expect, it } from 'vitest';
import { defaultRouteLearned } from '../../../src/diagnosis/rules/routes.ts';
import { commandsOf, en, fail, ja, obs, ok, routesOf } from '../fixtures.ts';

const dflt = { network: '0.0.0.0/0', nextHop: '192.168.10.1', path: '65010' };

describe('ER-DEFAULT-ROUTE-LEARNED', () => {
  it('fires when 0.0.0.0/0 is in a path route table, with where it came from', () => {
    const [v, ...rest] = defaultRouteLearned(obs({ primary: { routes: ok(routesOf('primary', 3, [dflt])) } }), en);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: 'ER-DEFAULT-ROUTE-LEARNED', severity: 'warning', scope: 'AzurePrivatePeering' });
    expect(v!.detail).toContain('the primary path');
    expect(v!.evidence).toEqual(['Route table AzurePrivatePeering/primary: 0.0.0.0/0 via 192.168.10.1, AS path 65010']);
    expect(commandsOf(v)).toEqual(['routes tokyo-er primary']);
  });
  it('names both paths in one verdict', () => {
    const o = obs({ primary: { routes: ok([dflt]) }, secondary: { routes: ok([{ ...dflt, nextHop: '192.168.10.5' }]) } });
    const [v] = defaultRouteLearned(o, en);
    expect(v!.detail).toContain('primary and secondary');
    expect(v!.evidence).toHaveLength(2);
    expect(commandsOf(v)).toEqual(['routes tokyo-er primary', 'routes tokyo-er secondary']);
    expect(defaultRouteLearned(o, ja)[0]!.detail).toContain('プライマリとセカンダリ パスで');
  });
  it('also sees ::/0', () => {
    expect(defaultRouteLearned(obs({ primary: { routes: ok([{ network: '::/0', nextHop: '2001:db8::1' }]) } }), en)).toHaveLength(1);
  });
  it('produces nothing when routes were not read (or failed), or hold no default', () => {
    expect(defaultRouteLearned(obs(), en)).toEqual([]);
    expect(defaultRouteLearned(obs({ primary: { routes: fail() } }), en)).toEqual([]);
    expect(defaultRouteLearned(obs({ primary: { routes: ok(routesOf('primary', 5, [{ network: '0.0.0.0/1', nextHop: '192.168.10.1' }])) } }), en)).toEqual([]);
  });
});
