/** `flow` and `nexthop` through the real engine and SDK against the demo world. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { card, commands, type Demo, facts, reset, rows, rules, startDemo, WATCHER_ID } from './helpers.ts';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo(0);
});
afterAll(async () => demo?.close());
afterEach(() => {
  reset(demo);
  demo.emu.world.forbidden = demo.emu.world.forbidden.filter((f) => !f.scope.includes('vm-udr-nic') && f.scope !== WATCHER_ID);
});

const CAVEAT = /judges NSG rules only: a user-defined route can still send this traffic elsewhere/;

describe('flow (IP flow verify)', () => {
  it('vm-nsg: Deny by DenyBgpOutbound, NW-NSG-BLOCK naming it, with the caveat and the next hop', async () => {
    const r = await demo.run('flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:179');
    expect(r).toMatchObject({ ok: true, command: 'flow', target: 'vm-nsg', request: 'flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:179' });
    expect(rules(r)).toEqual(['NW-NSG-BLOCK']);
    expect(facts(r)).toMatchObject({ Access: '✖ Deny', Rule: 'securityRules/DenyBgpOutbound', Direction: 'Outbound', Protocol: 'TCP', 'Local (VM)': '10.0.1.5:50000', Remote: '192.168.10.1:179' });
    expect(r.notes!.join('\n')).toMatch(CAVEAT);
    expect(commands(r)).toEqual(['nexthop vm-nsg 192.168.10.1', 'effective nsg vm-nsg']);
    card(r);
  });

  it('vm-hub-test: Allow, NW-FLOW-ALLOWED, and still the caveat and the next hop', async () => {
    const r = await demo.run('ip flow vm-hub-test outbound TCP 10.0.1.4:50000 192.168.10.1:179');
    expect(rules(r)).toEqual(['NW-FLOW-ALLOWED']);
    expect(facts(r).Access).toBe('✔ Allow');
    expect(r.notes!.join('\n')).toMatch(CAVEAT);
    expect(commands(r)[0]).toBe('nexthop vm-hub-test 192.168.10.1');
  });

  it('vm-udr: Allow although the traffic is misrouted — the caveat is why next hop is offered', async () => {
    const flow = await demo.run('flow vm-udr out tcp 10.0.3.4:50000 192.168.10.1:179');
    expect(rules(flow)).toEqual(['NW-FLOW-ALLOWED']);
    const next = await demo.run(commands(flow)[0]!);
    expect(rules(next)).toEqual(['NW-UDR-MISROUTE']);
  });

  it('inbound: the remote side is the source', async () => {
    const r = await demo.run('flow vm-nsg in tcp 10.0.1.5:22 10.1.0.10:50000');
    expect(rules(r)).toEqual(['NW-FLOW-ALLOWED']);
    expect(r.verdicts[0]!.title).toBe('NSG rule AllowSshFromOnPrem allows Inbound TCP 10.1.0.10:50000 → 10.0.1.5:22');
  });

  const refusals: [string, RegExp][] = [
    // The word in the direction's place is named, not the address it pushed out at the end.
    ['flow vm-nsg sideways tcp 10.0.1.5:50000 192.168.10.1:179', /^Unexpected “sideways”\. The direction can be one of in, out/],
    ['flow vm-nsg out icmp 10.0.1.5:50000 192.168.10.1:179', /^Unexpected “icmp”\. The protocol can be one of tcp, udp/],
    ['flow vm-nsg out tcp 10.0.1.5 192.168.10.1:179', /TCP needs a port: expected <host-or-ip>:<port>, for example 10\.0\.1\.5:50000/],
    ['flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:99999', /“99999” is not a port: expected a whole number from 1 to 65535/],
    ['flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.256:179', /“256” is not a number from 0 to 255/],
    ['flow vm-nsg out tcp 10.0.1.5:50000 router.contoso.com:179', /is not an IP address: expected an IPv4 or IPv6 address/],
    ['flow vm-nsg out tcp 10.0.1.5:50000 [2001:db8::1]:179', /must both be IPv4 or both IPv6/],
    ['flow vm-nsg out tcp 10.0.1.9:50000 192.168.10.1:179', /10\.0\.1\.9 is not an address of vm-nsg \(10\.0\.1\.5\).*for example 10\.0\.1\.5:50000/],
  ];
  for (const [text, why] of refusals) {
    it(`refuses “${text}”`, async () => {
      const r = await demo.run(text);
      expect(r.ok).toBe(false);
      expect(r.error!.code).toBe('bad-argument');
      expect(r.error!.message).toMatch(why);
      expect(r.error!.message).toMatch(/Usage: flow <VM> in\|out tcp\|udp/);
      expect(demo.emu.requests.count({ operation: 'nw.ipFlowVerify' })).toBe(0);
    });
  }

  it('without the NIC list it still verifies, marked partial, saying the local address was not checked', async () => {
    demo.emu.world.forbidden.push({ scope: '/subscriptions/00000000-0000-4000-8000-000000000001/providers/Microsoft.Network/networkInterfaces', actions: ['Microsoft.Network/networkInterfaces/read'] });
    try {
      const r = await demo.run('flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:179');
      expect(r).toMatchObject({ ok: true, partial: true });
      expect(rules(r)).toEqual(['NW-NSG-BLOCK']);
      expect(r.notes!.join('\n')).toMatch(/network interfaces could not be read \(access denied\).*not checked/);
    } finally {
      demo.emu.world.forbidden = demo.emu.world.forbidden.filter((f) => !f.scope.endsWith('/networkInterfaces'));
    }
  });

  it('vm-weu: no watcher in westeurope', async () => {
    const r = await demo.run('flow vm-weu out tcp 10.70.1.4:50000 192.168.10.1:179');
    expect(r.error!.code).toBe('network-watcher-missing');
    expect(r.error!.message).toContain('az network watcher configure -g NetworkWatcherRG -l westeurope --enabled true');
  });
});

describe('nexthop', () => {
  it('vm-udr: an on-premises destination sent to the appliance is NW-UDR-MISROUTE, with the covering routes', async () => {
    const r = await demo.run('nexthop vm-udr 192.168.10.1');
    expect(r).toMatchObject({ ok: true, command: 'nexthop', target: 'vm-udr', request: 'nexthop vm-udr 192.168.10.1' });
    expect(rules(r)).toEqual(['NW-UDR-MISROUTE']);
    expect(r.verdicts[0]!.severity).toBe('critical');
    expect(facts(r)).toMatchObject({
      'Next hop type': 'VirtualAppliance',
      'Next hop IP': '10.0.0.4',
      'On-premises?': 'yes: 192.168.10.0/24 is learned from the gateway (Invalid)',
    });
    expect(facts(r)['Route table']).toMatch(/^rt-onprem-via-nva\n\/subscriptions\/.*\/routeTables\/rt-onprem-via-nva$/);
    expect(rows(r, 1)[0]).toEqual(['192.168.10.0/24\n✔ used', 'VirtualAppliance', '10.0.0.4', 'User\nonprem-via-nva', 'Active']);
    expect(rows(r, 1)[1]).toEqual(['192.168.10.0/24', 'VirtualNetworkGateway', '10.0.255.12\n10.0.255.13', 'VirtualNetworkGateway', 'Invalid']);
    expect(commands(r)).toContain('effective routes vm-udr 192.168.10.1');
    card(r);
  });

  it('vm-noroute: next hop None is NW-NO-ROUTE', async () => {
    const r = await demo.run('next hop vm-noroute 192.168.10.1');
    expect(rules(r)).toEqual(['NW-NO-ROUTE']);
    expect(facts(r)['Next hop type']).toBe('None');
  });

  it('vm-hub-test: on-premises through the gateway is NW-NEXTHOP-OK', async () => {
    const r = await demo.run('nexthop vm-hub-test 192.168.10.1');
    expect(rules(r)).toEqual(['NW-NEXTHOP-OK']);
    expect(r.verdicts[0]!.severity).toBe('ok');
    expect(facts(r)['Next hop type']).toBe('VirtualNetworkGateway');
  });

  it('vm-weu needs no watcher for routes, but does for next hop', async () => {
    const r = await demo.run('nexthop vm-weu 192.168.10.1');
    expect(r.error!.code).toBe('network-watcher-missing');
    expect(commands(r)).toContain('effective routes vm-weu');
  });

  it('without effective routes it still answers, marked partial, and does not judge on-premises', async () => {
    const nic = (await demo.handle.services.azure.resolveNetworkInterface('vm-udr-nic')).id;
    demo.emu.world.forbidden.push({ scope: nic, actions: ['Microsoft.Network/networkInterfaces/effectiveRouteTable/action'] });
    const r = await demo.run('nexthop vm-udr 192.168.10.1');
    expect(r).toMatchObject({ ok: true, partial: true });
    expect(rules(r)).toEqual(['NW-NEXTHOP-OK']);
    expect(r.verdicts[0]!.severity).toBe('info');
    expect(facts(r)['On-premises?']).toBe('not judged (effective routes not read)');
    expect(r.notes!.join('\n')).toMatch(/effective routes could not be read \(access denied: the bot's identity lacks Microsoft\.Network\/networkInterfaces\/effectiveRouteTable\/action\)/);
  });

  it('a forbidden next hop is the error, naming the permission', async () => {
    demo.emu.world.forbidden.push({ scope: WATCHER_ID, actions: ['Microsoft.Network/networkWatchers/nextHop/action'] });
    const r = await demo.run('nexthop vm-udr 192.168.10.1');
    expect(r.error).toMatchObject({ code: 'forbidden', missingPermission: 'Microsoft.Network/networkWatchers/nextHop/action' });
  });

  const refusals: [string, RegExp][] = [
    ['nexthop vm-udr 192.168.10.300', /“300” is not a number from 0 to 255/],
    ['nexthop vm-udr 10.0.0.0/8', /is a prefix; give one address, for example/],
    ['nexthop vm-udr vm-b', /is not an IP address: expected an IPv4 or IPv6 address, for example 192\.168\.10\.1/],
  ];
  for (const [text, why] of refusals) {
    it(`refuses “${text}”`, async () => {
      const r = await demo.run(text);
      expect(r.error!.code).toBe('bad-argument');
      expect(r.error!.message).toMatch(why);
      expect(r.error!.message).toMatch(/Usage: nexthop <VM> <destination>/);
    });
  }

  it('resolves a unique prefix and answers a misspelt VM with did you mean', async () => {
    expect((await demo.run('nexthop vm-ud 192.168.10.1')).target).toBe('vm-udr');
    const typo = await demo.run('nexthop vm-urd 192.168.10.1');
    expect(typo.error).toMatchObject({ code: 'not-found' });
    expect(typo.error!.suggestions).toContain('vm-udr');
    expect(commands(typo)).toContain('nexthop vm-udr 192.168.10.1');
  });
});
