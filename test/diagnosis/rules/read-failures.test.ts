import { describe, expect, it } from 'vitest';
import { pathReadFailed } from '../../../src/diagnosis/rules/read-failures.ts';
import { commandsOf, en, fail, ja, obs, scopes } from '../fixtures.ts';

describe('ER-PATH-READ-FAILED', () => {
  it('names the path, what failed and the failure kind, and marks the path incomplete', () => {
    const [v, ...rest] = pathReadFailed(obs({ secondary: { arp: fail('timeout', 'no answer in 60 s'), summary: fail('timeout', 'no answer in 60 s') } }), en);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: 'ER-PATH-READ-FAILED', severity: 'warning', scope: 'AzurePrivatePeering/secondary', title: 'Secondary path: data could not be read' });
    expect(v!.detail).toBe('Could not read the ARP table, route summary (timeout): the diagnosis of this path is incomplete.');
    expect(v!.evidence).toEqual([
      'ARP table AzurePrivatePeering/secondary: timeout (no answer in 60 s)',
      'route summary AzurePrivatePeering/secondary: timeout (no answer in 60 s)',
      'Diagnosis of AzurePrivatePeering/secondary is incomplete',
    ]);
    expect(v!.nextSteps).toHaveLength(1);
    expect(commandsOf(v)).toEqual(['arp table tokyo-er secondary', 'routes summary tokyo-er']);
  });
  it('gives one next step per failure kind, with forbidden telling retries do not help', () => {
    const [v] = pathReadFailed(obs({ primary: { arp: fail('forbidden', 'AuthorizationFailed'), routes: fail('throttled', '429') } }), en);
    expect(v!.nextSteps).toHaveLength(2);
    expect(v!.nextSteps[0]).toMatch(/retrying does not help/);
    expect(v!.nextSteps[1]).toMatch(/throttled/);
    expect(v!.detail).toContain('(forbidden, throttled)');
    // A button only for the read worth trying again: the forbidden ARP read would be refused again.
    expect(commandsOf(v)).toEqual(['routes tokyo-er primary']);
  });
  it('names the missing permission when the read layer knows it', () => {
    const perm = 'Microsoft.Network/expressRouteCircuits/peerings/arpTables/action';
    const [v] = pathReadFailed(obs({ primary: { arp: fail('forbidden', 'ARP table: forbidden (AuthorizationFailed).', perm) } }), en);
    expect(v!.evidence[0]).toBe(`ARP table AzurePrivatePeering/primary: forbidden (ARP table: forbidden (AuthorizationFailed).); missing permission ${perm}`);
    expect(v!.nextSteps).toEqual([`Access denied: the bot's identity lacks ${perm}. Ask the subscription owner to grant it; retrying does not help.`]);
  });
  it('reports failed statistics against the peering', () => {
    expect(scopes(pathReadFailed(obs({ stats: fail('azure-failure', '') }), en))).toEqual(['ER-PATH-READ-FAILED@AzurePrivatePeering']);
    expect(pathReadFailed(obs({ stats: fail('azure-failure', '') }), en)[0]!.evidence[0]).toBe('circuit statistics AzurePrivatePeering: azure-failure');
  });
  it('is silent when everything read, or was simply not read', () => {
    expect(pathReadFailed(obs(), en)).toEqual([]);
    expect(pathReadFailed(obs({ primary: { arp: undefined, summary: undefined } }), en)).toEqual([]);
  });
  it('is localized', () => {
    expect(pathReadFailed(obs({ primary: { arp: fail() } }), ja)[0]!.title).toBe('プライマリ パス: データを取得できません');
  });
});
