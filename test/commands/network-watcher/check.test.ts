/**
 * `check` through the real engine and the real SDK against the demo world: one verdict per demo VM, the
 * tables, the follow-ups, argument validation, name resolution, a region without a watcher, and what a
 * forbidden or throttled Network Watcher call and a failed NIC read look like.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardText } from '../../helpers/fake-connector.ts';
import { card, commands, type Demo, facts, PROD_SUB, reset, rows, rules, startDemo, WATCHER_ID } from './helpers.ts';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo(0);
});
afterAll(async () => demo?.close());
afterEach(() => {
  reset(demo);
  demo.emu.world.forbidden = demo.emu.world.forbidden.filter((f) => f.scope !== WATCHER_ID && f.scope !== `/subscriptions/${PROD_SUB}`);
});

describe('check on every demo VM', () => {
  it('vm-hub-test reaches the on-premises peer: NW-CONNECTIVITY-OK, latency, probes and hops', async () => {
    const r = await demo.run('check vm-hub-test 192.168.10.1:179');
    expect(r).toMatchObject({ ok: true, command: 'check', target: 'vm-hub-test', request: 'check vm-hub-test 192.168.10.1:179' });
    expect(rules(r)).toEqual(['NW-CONNECTIVITY-OK']);
    expect(facts(r)).toMatchObject({
      Status: '✔ Connected',
      'Latency (min / avg / max)': '2 / 3 / 6 ms',
      'Probes sent / failed': '66 / 0',
      Source: 'vm-hub-test · NIC vm-hub-test-nic (10.0.1.4)',
      Destination: '192.168.10.1:179 · TCP',
      'Network Watcher': 'NetworkWatcher_japaneast · japaneast',
    });
    expect(r.tables[1]!.columns).toEqual(['#', 'Type', 'Address', 'Next hop', 'Issues']);
    expect(rows(r, 1)).toEqual([
      ['1', 'Source\nvm-hub-test', '10.0.1.4', '10.0.255.4', '—'],
      ['2', 'VirtualNetworkGateway\nhub-ergw', '10.0.255.4', '192.168.10.1', '—'],
      ['3', 'Destination', '192.168.10.1', '—', '—'],
    ]);
    expect(r.notes).toContain('Next hop from 10.0.1.4: VirtualNetworkGateway 10.0.255.12 (System Route).');
    expect(commands(r)).toEqual(['nexthop vm-hub-test 192.168.10.1', 'effective routes vm-hub-test', 'effective nsg vm-hub-test']);
    // A long-running operation, polled to the end.
    expect(demo.emu.requests.count({ operation: 'nw.connectivityCheck' })).toBe(1);
    card(r);
  });

  it('vm-nsg: NW-NSG-BLOCK naming DenyBgpOutbound, with effective nsg and IP flow verify to follow', async () => {
    const r = await demo.run('check vm-nsg 192.168.10.1:179');
    expect(rules(r)).toEqual(['NW-NSG-BLOCK']);
    expect(r.verdicts[0]!.title).toBe('NSG rule DenyBgpOutbound blocks TCP 192.168.10.1:179');
    expect(rows(r, 1)[0]![4]).toBe('⛔ NetworkSecurityRule (RuleName=DenyBgpOutbound)');
    expect(commands(r).slice(0, 2)).toEqual(['effective nsg vm-nsg', 'flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:179']);
  });

  it('vm-udr: NW-UDR-MISROUTE through rt-onprem-via-nva to the appliance', async () => {
    const r = await demo.run('check vm-udr 192.168.10.1:179');
    expect(rules(r)).toEqual(['NW-UDR-MISROUTE']);
    expect(r.verdicts[0]!.title).toBe('192.168.10.1 is routed to VirtualAppliance 10.0.0.4 instead of the ExpressRoute gateway');
    expect(r.verdicts[0]!.evidence).toContain('Next hop from 10.0.3.4 to 192.168.10.1: VirtualAppliance 10.0.0.4 (route table rt-onprem-via-nva)');
    expect(commands(r).slice(0, 2)).toEqual(['effective routes vm-udr 192.168.10.1', 'nexthop vm-udr 192.168.10.1']);
  });

  it('vm-noroute: NW-NO-ROUTE through the black-hole route table', async () => {
    const r = await demo.run('check vm-noroute 192.168.10.1:179');
    expect(rules(r)).toEqual(['NW-NO-ROUTE']);
    expect(r.verdicts[0]!.detail).toBe('Route table rt-blackhole sends 192.168.10.1 to next hop None: the traffic is dropped (a black-hole route).');
  });

  it('vm-noagent: NW-AGENT-MISSING with how to install the agent, and what works meanwhile', async () => {
    const r = await demo.run('check vm-noagent 192.168.10.1:179');
    expect(r.ok).toBe(true);
    expect(rules(r)).toEqual(['NW-AGENT-MISSING']);
    const steps = r.verdicts[0]!.nextSteps.join('\n');
    expect(steps).toContain('az vm extension set --resource-group rg-hub-japaneast --vm-name vm-noagent --publisher Microsoft.Azure.NetworkWatcher --name NetworkWatcherAgentLinux');
    expect(steps).toContain('NetworkWatcherAgentWindows');
    expect(steps).toContain('Extensions + applications');
    expect(facts(r).Status).toBe('✖ not run: the VM lacks the Network Watcher agent');
    expect(r.tables).toHaveLength(1);
    expect(commands(r).slice(0, 2)).toEqual(['nexthop vm-noagent 192.168.10.1', 'flow vm-noagent out tcp 10.0.1.6:50000 192.168.10.1:179']);
  });

  it('vm-flaky: intermittent — NW-DEGRADED or NW-CONNECTIVITY-OK, and degraded within a few runs', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 8 && !seen.has('NW-DEGRADED'); i++) {
      reset(demo);
      const r = await demo.run('check vm-flaky 192.168.10.1:179');
      expect(rules(r)).toHaveLength(1);
      seen.add(rules(r)[0]!);
      if (rules(r)[0] === 'NW-DEGRADED') {
        expect(r.verdicts[0]!.severity).toBe('warning');
        expect(r.verdicts[0]!.title).toMatch(/^vm-flaky reaches 192\.168\.10\.1:179, but \d+ of \d+ probes failed$/);
        expect(facts(r).Status).toBe('⚠ Degraded');
      }
    }
    expect([...seen].every((id) => id === 'NW-DEGRADED' || id === 'NW-CONNECTIVITY-OK')).toBe(true);
    expect(seen.has('NW-DEGRADED')).toBe(true);
  });

  it('vm-hub-test to the london-er peer (nothing learned): NW-NO-ROUTE from the system route', async () => {
    const r = await demo.run('check vm-hub-test 192.168.17.1:179');
    expect(rules(r)).toEqual(['NW-NO-ROUTE']);
    expect(r.verdicts[0]!.evidence[0]).toBe('Next hop from 10.0.1.4 to 192.168.17.1: None (route table System Route)');
  });

  it('vm-weu: a region without a network watcher is a clear answer on how to enable one', async () => {
    const r = await demo.run('check vm-weu 192.168.10.1:179');
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'network-watcher-missing', retryable: false });
    expect(r.error!.message).toContain('az network watcher configure -g NetworkWatcherRG -l westeurope --enabled true');
    expect(r.error!.message).toContain('region westeurope');
    expect(commands(r)).toEqual(['effective routes vm-weu', 'effective nsg vm-weu']);
    expect(demo.emu.requests.count({ operation: 'nw.connectivityCheck' })).toBe(0);
    card(r);
  });

  it('answers in Japanese', async () => {
    const r = await demo.run('check vm-nsg 192.168.10.1:179', { locale: 'ja' });
    expect(r.verdicts[0]!.title).toBe('NSG 規則 DenyBgpOutbound が TCP 192.168.10.1:179 を遮断しています');
    expect(cardText(card(r, 'ja'))).toMatch(/接続のトラブルシューティング/);
  });
});

describe('check arguments', () => {
  it('takes ICMP without a port, and HTTP/HTTPS with their default ports', async () => {
    const icmp = await demo.run('check vm-hub-test 192.168.10.1 icmp');
    expect(icmp).toMatchObject({ ok: true, request: 'check vm-hub-test 192.168.10.1 icmp' });
    expect(facts(icmp).Destination).toBe('192.168.10.1 · ICMP');
    const https = await demo.run('check vm-hub-test 10.1.0.10 https');
    expect(facts(https).Destination).toBe('10.1.0.10:443 · HTTPS');
  });

  it('takes a host name (the VM resolves it), without a next hop', async () => {
    const r = await demo.run('check vm-hub-test onprem-router.contoso.com:443');
    expect(r.ok).toBe(true);
    expect(demo.emu.requests.count({ operation: 'nw.nextHop' })).toBe(0);
    expect(commands(r)).not.toContain('nexthop vm-hub-test onprem-router.contoso.com');
  });

  const refusals: [string, RegExp][] = [
    ['check vm-hub-test 192.168.10.300:179', /“300” is not a number from 0 to 255/],
    ['check vm-hub-test 192.168.10.1', /TCP needs a port: expected <host-or-ip>:<port>, for example 192\.168\.10\.1:179/],
    ['check vm-hub-test 192.168.10.1:0', /“0” is not a port: expected a whole number from 1 to 65535/],
    ['check vm-hub-test 192.168.10.1:65536', /“65536” is not a port/],
    ['check vm-hub-test 192.168.10.1:179 udp', /Unexpected “udp”[\s\S]*tcp, http, https, icmp/],
    ['check vm-hub-test', /check needs a/],
  ];
  for (const [text, why] of refusals) {
    it(`refuses “${text}” saying what was expected, with an example`, async () => {
      const r = await demo.run(text);
      expect(r.ok).toBe(false);
      expect(r.error!.code).toMatch(/^(bad-argument|missing-argument)$/);
      expect(r.error!.message).toMatch(why);
      expect(r.error!.message).toMatch(/for example “check vm-hub-test 192\.168\.10\.1:179”/);
      expect(demo.emu.requests.count({ operation: 'nw.connectivityCheck' })).toBe(0);
    });
  }

  it('resolves a unique prefix, and answers a typo with "did you mean" and a button', async () => {
    expect((await demo.run('check vm-hub 192.168.10.1:179')).target).toBe('vm-hub-test');
    const r = await demo.run('check vm-hub-tset 192.168.10.1:179');
    expect(r.error).toMatchObject({ code: 'not-found', suggestions: ['vm-hub-test'] });
    expect(r.error!.message).toMatch(/Did you mean vm-hub-test\?/);
    expect(commands(r)).toEqual(['check vm-hub-test 192.168.10.1:179', 'vms']);
    const amb = await demo.run('check vm-n 192.168.10.1:179');
    expect(amb.error!.code).toBe('ambiguous');
  });
});

describe('check when Azure says no', () => {
  it('a forbidden connectivity check names the missing permission', async () => {
    demo.emu.world.forbidden.push({ scope: WATCHER_ID, actions: ['Microsoft.Network/networkWatchers/connectivityCheck/action'] });
    const r = await demo.run('check vm-hub-test 192.168.10.1:179');
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'forbidden', missingPermission: 'Microsoft.Network/networkWatchers/connectivityCheck/action', retryable: false });
    expect(r.error!.message).toContain('Network Watcher NetworkWatcher_japaneast');
    expect(cardText(card(r))).toContain('Microsoft.Network/networkWatchers/connectivityCheck/action');
  });

  it('throttling is reported with when to retry, and a Retry button', async () => {
    demo.emu.faults.add({ kind: 'throttle', operation: 'nw.connectivityCheck', retryAfterSeconds: 90 });
    const r = await demo.run('check vm-hub-test 192.168.10.1:179');
    expect(r.error).toMatchObject({ code: 'throttled', retryable: true });
    expect(r.error!.message).toMatch(/try again in 90 s/);
    expect(r.followUps).toContainEqual({ title: 'Retry', command: 'check vm-hub-test 192.168.10.1:179' });
  });

  it('a NIC list it may not read still gives the check, marked partial, with the reason', async () => {
    demo.emu.world.forbidden.push({ scope: `/subscriptions/${PROD_SUB}`, actions: ['Microsoft.Network/networkInterfaces/read'] });
    const r = await demo.run('check vm-nsg 192.168.10.1:179');
    expect(r.ok).toBe(true);
    expect(r.partial).toBe(true);
    expect(rules(r)).toEqual(['NW-NSG-BLOCK']);
    expect(r.notes!.join('\n')).toMatch(/network interfaces could not be read \(access denied\): the bot's identity lacks Microsoft\.Network\/networkInterfaces\/read/);
    expect(facts(r).Source).toBe('vm-nsg');
  });

  it('a failed next hop leaves the check result standing', async () => {
    demo.emu.world.forbidden.push({ scope: WATCHER_ID, actions: ['Microsoft.Network/networkWatchers/nextHop/action'] });
    const r = await demo.run('check vm-udr 192.168.10.1:179');
    expect(r).toMatchObject({ ok: true, partial: true });
    expect(rules(r)).toEqual(['NW-UDR-MISROUTE']);
    expect(r.notes!.join('\n')).toMatch(/next hop could not be read \(access denied\)/);
  });
});

describe('check answered with the status words the service sends (issue 16)', () => {
  // Test-AzNetworkWatcherConnectivity documents "ConnectionStatus : Reachable"; the REST service sends
  // Reachable/Unreachable besides the SDK typings' Connected/Disconnected/Degraded/Unknown.
  const watcher = () => demo.emu.world.networkWatchers.find((w) => w.name === 'NetworkWatcher_japaneast')!;
  let saved: { connectivity: unknown[]; nextHop: unknown[] } | undefined;
  beforeEach(() => {
    saved = { connectivity: [...watcher().connectivity], nextHop: [...watcher().nextHop] };
  });
  afterEach(() => {
    watcher().connectivity = saved!.connectivity as never;
    watcher().nextHop = saved!.nextHop as never;
  });
  const answer = (vm: string, destination: string, connectionStatus: string, probesFailed = 0) =>
    watcher().connectivity.unshift({
      vm,
      destination,
      result: { connectionStatus, probesSent: 30, probesFailed, hops: [{ type: 'Source', issues: [] }, { type: 'Destination', issues: [] }] },
    });

  it('Reachable: a status shown as reached and NW-CONNECTIVITY-OK (was "?" and no verdict)', async () => {
    answer('vm-hub-test', '192.168.10.1:179', 'Reachable');
    const r = await demo.run('check vm-hub-test 192.168.10.1:179');
    expect(facts(r).Status).toBe('✔ Reachable');
    expect(rules(r)).toEqual(['NW-CONNECTIVITY-OK']);
    expect(r.verdicts[0]!.evidence[0]).toBe('Connection status "Reachable", probes sent 30, failed 0');
    expect(cardText(card(r, 'ja'))).toContain('✔ Reachable');
  });

  it('Unreachable toward a destination the gateway carries: NW-UNREACHABLE, no extra read', async () => {
    answer('vm-hub-test', '192.168.10.1:179', 'Unreachable', 30);
    const r = await demo.run('check vm-hub-test 192.168.10.1:179');
    expect(facts(r).Status).toBe('✖ Unreachable');
    expect(rules(r)).toEqual(['NW-UNREACHABLE']);
    expect(demo.emu.requests.count({ operation: 'nics.effectiveRouteTable' })).toBe(0);
  });

  it('an unknown status: NW-STATUS-UNKNOWN with the raw value shown escaped, no reachability claim', async () => {
    answer('vm-hub-test', '192.168.10.1:179', 'Weird\u202e');
    const r = await demo.run('check vm-hub-test 192.168.10.1:179');
    expect(rules(r)).toEqual(['NW-STATUS-UNKNOWN']);
    expect(r.verdicts[0]!.severity).toBe('warning');
    const text = cardText(card(r));
    expect(text).toContain('"Weird\\u202E"');
    expect(text).not.toContain('\u202e');
    expect(text).not.toMatch(/reaches 192|cannot reach/);
    expect(cardText(card(r, 'ja'))).toContain('"Weird\\u202E"');
  });

  it('Unreachable whose next hop toward on-premises is the appliance: NW-UDR-MISROUTE as nexthop says, with one extra read', async () => {
    answer('vm-udr', '192.168.10.1:179', 'Unreachable', 30);
    const r = await demo.run('check vm-udr 192.168.10.1:179');
    // The effective routes are read once more for a failed check whose next hop is neither the gateway nor None.
    expect(demo.emu.requests.count({ operation: 'nics.effectiveRouteTable' })).toBeGreaterThan(0);
    const n = await demo.run('nexthop vm-udr 192.168.10.1');
    expect(rules(n)).toEqual(['NW-UDR-MISROUTE']);
    expect(rules(r)).toEqual(['NW-UDR-MISROUTE']);
    expect(r.verdicts[0]!.title).toBe(n.verdicts[0]!.title);
    expect(r.verdicts[0]!.severity).toBe(n.verdicts[0]!.severity);
    expect(r.verdicts[0]!.evidence).toContain('Connection status "Unreachable", probes sent 30, failed 30');
  });

  it('the extra effective routes it may not read leave the check standing, marked partial, with the reason', async () => {
    answer('vm-udr', '192.168.10.1:179', 'Unreachable', 30);
    demo.emu.world.forbidden.push({ scope: `/subscriptions/${PROD_SUB}`, actions: ['Microsoft.Network/networkInterfaces/effectiveRouteTable/action'] });
    const r = await demo.run('check vm-udr 192.168.10.1:179');
    expect(r).toMatchObject({ ok: true, partial: true });
    expect(facts(r).Status).toBe('✖ Unreachable');
    expect(rules(r)).toEqual(['NW-UNREACHABLE']);
    expect(r.notes!.join('\n')).toMatch(/effective routes could not be read \(access denied/);
  });

  it('Unreachable whose next hop toward on-premises is the internet: NW-UDR-MISROUTE, not "no answer"', async () => {
    answer('vm-hub-test', '192.168.10.1:179', 'Unreachable', 30);
    watcher().nextHop.unshift({ vm: 'vm-hub-test', destination: '192.168.10.1', result: { nextHopType: 'Internet' } });
    const r = await demo.run('check vm-hub-test 192.168.10.1:179');
    expect(rules(r)).toEqual(['NW-UDR-MISROUTE']);
    expect(r.verdicts[0]!.title).toBe('192.168.10.1 is routed to Internet instead of the ExpressRoute gateway');
    card(r);
  });
});
