import { describe, expect, it } from 'vitest';
import { commands, dedupeFollowUps, nameFromId, peeringArg } from '../../src/diagnosis/build.ts';

describe('commands', () => {
  it('follow the grammar and omit the default private peering', () => {
    expect(commands.arpTable('tokyo-er', 'AzurePrivatePeering', 'secondary')).toBe('arp table tokyo-er secondary');
    expect(commands.arpTable('tokyo-er', 'MicrosoftPeering', 'primary')).toBe('arp table tokyo-er microsoft primary');
    expect(commands.arpTable('tokyo-er', 'AzurePrivatePeering', 'both')).toBe('arp table tokyo-er both');
    expect(commands.routes('tokyo-er', 'AzurePrivatePeering', 'primary')).toBe('routes tokyo-er primary');
    expect(commands.routesSummary('tokyo-er')).toBe('routes summary tokyo-er');
    expect(commands.bgpStatus('tokyo-er', 'MicrosoftPeering')).toBe('bgp status tokyo-er microsoft');
    expect(commands.bgpStatus('tokyo-er')).toBe('bgp status tokyo-er');
    expect(commands.circuit('tokyo-er')).toBe('circuit tokyo-er');
    expect(commands.fastpath('hub-conn')).toBe('fastpath hub-conn');
    expect(commands.gateway('hub-ergw')).toBe('gateway hub-ergw');
    expect(commands.check('vm-test', '192.168.10.1', 179)).toBe('check vm-test 192.168.10.1:179');
    expect(commands.check('vm-test', '2001:db8::1', 179)).toBe('check vm-test [2001:db8::1]:179');
  });
  it('peeringArg', () => {
    expect(peeringArg('AzurePrivatePeering')).toBe('');
    expect(peeringArg('MicrosoftPeering')).toBe('microsoft');
    expect(peeringArg('AzurePublicPeering')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('dedupeFollowUps keeps the first of each command', () => {
    expect(dedupeFollowUps([{ title: 'a', command: 'circuit x' }, { title: 'b', command: 'Circuit x ' }, { title: 'c', command: 'gateway y' }]).map((f) => f.title)).toEqual(['a', 'c']);
  });
  it('nameFromId', () => {
    expect(nameFromId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/tokyo-er')).toBe('tokyo-er');
    expect(nameFromId(undefined)).toBeUndefined();
  });
});
