import { describe, expect, it } from 'vitest';
import { noTraffic } from '../../../src/diagnosis/rules/traffic.ts';
import { commandsOf, en, fail, obs, ok, stats, summaryOf } from '../fixtures.ts';

describe('ER-NO-TRAFFIC', () => {
  it('is info when a path is Established but has zero bytes both ways', () => {
    const [v, ...rest] = noTraffic(obs({ stats: ok(stats({ secondaryBytesIn: 0, secondaryBytesOut: 0 })) }), en);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: 'ER-NO-TRAFFIC', severity: 'info', scope: 'AzurePrivatePeering/secondary', title: 'Secondary path: BGP up but no traffic' });
    expect(v!.evidence[0]).toBe('Stats AzurePrivatePeering: secondaryBytesIn 0, secondaryBytesOut 0');
    expect(commandsOf(v)).toEqual(['routes tokyo-er secondary', 'circuit tokyo-er']);
  });
  it('is silent when bytes flow one way, when BGP is down, or stats were not read', () => {
    expect(noTraffic(obs({ stats: ok(stats({ secondaryBytesIn: 0 })) }), en)).toEqual([]);
    expect(noTraffic(obs({ stats: ok(stats({ secondaryBytesIn: 0, secondaryBytesOut: 0 })), secondary: { summary: ok(summaryOf('secondary', 'Idle')) } }), en)).toEqual([]);
    expect(noTraffic(obs({ stats: ok(stats({ secondaryBytesIn: 0, secondaryBytesOut: 0 })), secondary: { summary: undefined } }), en)).toEqual([]);
    expect(noTraffic(obs(), en)).toEqual([]);
    expect(noTraffic(obs({ stats: fail() }), en)).toEqual([]);
  });
});
