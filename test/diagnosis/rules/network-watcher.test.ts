/**
 * One describe per NW rule, on crafted snapshots: when it fires, when it stays silent, and the exact values it
 * quotes as evidence, its next steps and its follow-up commands.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectivityHopSnapshot, ConnectivityResult, EffectiveRouteEntry, NextHopSnapshot } from '../../../src/azure/snapshots.ts';
import type { CheckObservation, NwObservation } from '../../../src/diagnosis/network-watcher.ts';
import {
  nwAgentMissing,
  nwConnectivityOk,
  nwDegraded,
  nwFlowAllowed,
  nwNextHopOk,
  nwNoRoute,
  nwNsgBlock,
  nwStatusUnknown,
  nwUdrMisroute,
  nwUnreachable,
} from '../../../src/diagnosis/rules/network-watcher.ts';
import type { Verdict } from '../../../src/diagnosis/verdict.ts';
import { translator } from '../../../src/i18n/index.ts';

const t = translator('en');
const PEER = '192.168.10.1';

function hop(type: string, address: string | undefined, issues: ConnectivityHopSnapshot['issues'] = []): ConnectivityHopSnapshot {
  return { type, ...(address ? { address } : {}), nextHopIds: [], issues };
}

function issue(type: string, context: Record<string, string>[] = [], severity = 'Error') {
  return { origin: 'Outbound', severity, type, context };
}

function result(init: Partial<ConnectivityResult> = {}): ConnectivityResult {
  return {
    connectionStatus: 'Connected',
    avgLatencyInMs: 3,
    minLatencyInMs: 2,
    maxLatencyInMs: 6,
    probesSent: 66,
    probesFailed: 0,
    hops: [hop('Source', '10.0.1.4'), hop('VirtualNetworkGateway', '10.0.255.4'), hop('Destination', PEER)],
    ...init,
  };
}

function disconnected(sourceIssues: ConnectivityHopSnapshot['issues'], middle: ConnectivityHopSnapshot[] = []): ConnectivityResult {
  return result({
    connectionStatus: 'Disconnected',
    avgLatencyInMs: undefined,
    minLatencyInMs: undefined,
    maxLatencyInMs: undefined,
    probesSent: 30,
    probesFailed: 30,
    hops: [hop('Source', '10.0.1.5', sourceIssues), ...middle, hop('Destination', PEER)],
  });
}

function check(r: ConnectivityResult | 'agent', port = 179): CheckObservation {
  return {
    destination: PEER,
    port,
    protocol: 'Tcp',
    outcome:
      r === 'agent'
        ? { status: 'agent-missing', azureCode: 'NetworkWatcherExtensionNotInstalled', message: 'The Network Watcher Agent VM extension is not installed on vm-x.' }
        : { status: 'completed', result: r },
  };
}

function obs(vm: string, init: Partial<NwObservation> = {}): NwObservation {
  return { vm: { name: vm, resourceGroup: 'rg-hub-japaneast' }, sourceIp: '10.0.1.5', ...init };
}

function route(source: string, prefixes: string[], nextHopType: string, init: Partial<EffectiveRouteEntry> = {}): EffectiveRouteEntry {
  return { source, state: 'Active', addressPrefixes: prefixes, nextHopIpAddresses: [], nextHopType, ...init };
}

/** The hub's routes: the VNet, Azure's defaults, and on-premises prefixes learned from the gateway. */
function hubRoutes(extra: EffectiveRouteEntry[] = [], gatewayState = 'Active'): EffectiveRouteEntry[] {
  return [
    route('Default', ['10.0.0.0/16'], 'VnetLocal'),
    route('Default', ['0.0.0.0/0'], 'Internet'),
    route('Default', ['10.0.0.0/8'], 'None'),
    route('Default', ['172.16.0.0/12'], 'None'),
    route('Default', ['192.168.0.0/16'], 'None'),
    route('VirtualNetworkGateway', ['10.1.0.0/24', '192.168.10.0/24'], 'VirtualNetworkGateway', { state: gatewayState, nextHopIpAddresses: ['10.0.255.12', '10.0.255.13'] }),
    ...extra,
  ];
}

function nextHop(destinationIp: string, value: NextHopSnapshot): NwObservation['nextHop'] {
  return { destinationIp, result: { ok: true, value } };
}

const commands = (v: Verdict) => (v.followUps ?? []).map((f) => f.command);
const text = (v: Verdict) => [v.title, v.detail, ...v.evidence, ...v.nextSteps].join('\n');

describe('NW-AGENT-MISSING', () => {
  it('fires when Azure refuses the check for the missing extension, with install commands for both OSes', () => {
    const [v, ...rest] = nwAgentMissing(obs('vm-noagent', { sourceIp: '10.0.1.6', check: check('agent') }), t);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ ruleId: 'NW-AGENT-MISSING', severity: 'warning', scope: 'vm-noagent' });
    expect(v!.title).toBe('vm-noagent lacks the Network Watcher agent');
    expect(v!.evidence[0]).toBe('Azure refused the check (NetworkWatcherExtensionNotInstalled): The Network Watcher Agent VM extension is not installed on vm-x.');
    expect(v!.nextSteps.join('\n')).toContain(
      'az vm extension set --resource-group rg-hub-japaneast --vm-name vm-noagent --publisher Microsoft.Azure.NetworkWatcher --name NetworkWatcherAgentLinux',
    );
    expect(v!.nextSteps.join('\n')).toContain('--name NetworkWatcherAgentWindows');
    expect(v!.nextSteps.join('\n')).toMatch(/Extensions \+ applications/);
    // While the agent is missing, what works without it.
    expect(commands(v!)).toEqual(['nexthop vm-noagent 192.168.10.1', 'flow vm-noagent out tcp 10.0.1.6:50000 192.168.10.1:179']);
  });

  it('fires on an AgentStopped issue or when no probe could be sent', () => {
    const stopped = nwAgentMissing(obs('vm-x', { check: check(disconnected([issue('AgentStopped')])) }), t);
    expect(stopped[0]!.detail).toMatch(/stopped or did not send probes/);
    expect(stopped[0]!.evidence[0]).toBe('Hop 1 (Source 10.0.1.5): Error AgentStopped');
    const silent = nwAgentMissing(obs('vm-x', { check: check(result({ connectionStatus: 'Unknown', probesSent: 0, probesFailed: 0 })) }), t);
    expect(silent).toHaveLength(1);
  });

  it('stays silent on a check that ran', () => {
    expect(nwAgentMissing(obs('vm-x', { check: check(result()) }), t)).toEqual([]);
    expect(nwAgentMissing(obs('vm-x'), t)).toEqual([]);
  });
});

describe('NW-NSG-BLOCK', () => {
  it('names the rule from a NetworkSecurityRule hop issue and offers effective nsg and IP flow verify', () => {
    const o = obs('vm-nsg', { check: check(disconnected([issue('NetworkSecurityRule', [{ RuleName: 'DenyBgpOutbound' }])])) });
    const [v] = nwNsgBlock(o, t);
    expect(v).toMatchObject({ ruleId: 'NW-NSG-BLOCK', severity: 'critical' });
    expect(v!.title).toBe('NSG rule DenyBgpOutbound blocks TCP 192.168.10.1:179');
    expect(v!.evidence).toContain('Hop 1 (Source 10.0.1.5): Error NetworkSecurityRule (RuleName=DenyBgpOutbound)');
    expect(v!.evidence).toContain('Connection status "Disconnected", probes sent 30, failed 30');
    expect(v!.nextSteps[0]).toMatch(/Change or remove rule DenyBgpOutbound.*TCP port 179 to 192\.168\.10\.1/);
    expect(commands(v!)).toEqual(['effective nsg vm-nsg', 'flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:179']);
  });

  it('fires on IP flow verify Deny, naming the rule, with the default rule called out', () => {
    const flow = { direction: 'Outbound' as const, protocol: 'TCP' as const, localIp: '10.0.1.5', localPort: 50000, remoteIp: PEER, remotePort: 179 };
    const [v] = nwNsgBlock(obs('vm-nsg', { flow: { ...flow, result: { access: 'Deny', ruleName: 'securityRules/DenyBgpOutbound' } } }), t);
    expect(v!.title).toBe('NSG rule DenyBgpOutbound blocks Outbound TCP 10.0.1.5:50000 → 192.168.10.1:179');
    expect(v!.evidence).toEqual(['IP flow verify Outbound TCP 10.0.1.5:50000 → 192.168.10.1:179: "Deny" by rule "securityRules/DenyBgpOutbound"']);
    expect(commands(v!)).toEqual(['effective nsg vm-nsg', 'nexthop vm-nsg 192.168.10.1']);

    const [d] = nwNsgBlock(obs('vm-x', { flow: { ...flow, direction: 'Inbound', result: { access: 'Deny', ruleName: 'defaultSecurityRules/DenyAllInBound' } } }), t);
    expect(d!.title).toBe('No NSG rule allows Inbound TCP 192.168.10.1:179 → 10.0.1.5:50000 (default rule DenyAllInBound)');
    expect(d!.detail).toMatch(/never reaches the VM/);
    expect(d!.nextSteps[0]).toMatch(/^No rule allows this traffic/);
  });

  it('stays silent when the flow is allowed or the check shows no NSG issue', () => {
    const flow = { direction: 'Outbound' as const, protocol: 'TCP' as const, localIp: '10.0.1.4', localPort: 50000, remoteIp: PEER, remotePort: 179 };
    expect(nwNsgBlock(obs('vm-x', { flow: { ...flow, result: { access: 'Allow', ruleName: 'defaultSecurityRules/AllowVnetOutBound' } } }), t)).toEqual([]);
    expect(nwNsgBlock(obs('vm-x', { check: check(disconnected([])) }), t)).toEqual([]);
  });
});

describe('NW-UDR-MISROUTE', () => {
  it('fires on a UserDefinedRoute hop issue, naming the route table and where it sends the traffic', () => {
    const r = disconnected([issue('UserDefinedRoute', [{ RouteTable: 'rt-onprem-via-nva', NextHop: '10.0.0.4' }])], [hop('VirtualAppliance', '10.0.0.4')]);
    const [v] = nwUdrMisroute(obs('vm-udr', { sourceIp: '10.0.3.4', check: check(r) }), t);
    expect(v).toMatchObject({ ruleId: 'NW-UDR-MISROUTE', severity: 'critical' });
    expect(v!.title).toBe('192.168.10.1 is routed to VirtualAppliance 10.0.0.4 instead of the ExpressRoute gateway');
    expect(v!.detail).toMatch(/route table rt-onprem-via-nva sends the traffic to VirtualAppliance 10\.0\.0\.4/);
    expect(v!.evidence[0]).toBe('Hop 1 (Source 10.0.1.5): Error UserDefinedRoute (RouteTable=rt-onprem-via-nva, NextHop=10.0.0.4)');
    expect(commands(v!)).toEqual(['effective routes vm-udr 192.168.10.1', 'nexthop vm-udr 192.168.10.1']);
  });

  it('fires on a next hop that sends a gateway-learned destination elsewhere (the gateway route shows Invalid)', () => {
    const routes = hubRoutes([route('User', ['192.168.10.0/24'], 'VirtualAppliance', { name: 'onprem-via-nva', nextHopIpAddresses: ['10.0.0.4'] })], 'Invalid');
    const o = obs('vm-udr', {
      sourceIp: '10.0.3.4',
      nextHop: nextHop(PEER, { nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4', routeTableId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-onprem-via-nva' }),
      routes: { ok: true, value: routes },
    });
    const [v] = nwUdrMisroute(o, t);
    expect(v!.severity).toBe('critical');
    expect(v!.detail).toBe(
      "192.168.10.1 is on-premises (192.168.10.0/24 is learned from the gateway), but vm-udr's effective route sends it to VirtualAppliance 10.0.0.4 (route table rt-onprem-via-nva). Unless that hop forwards it to the gateway and the return path matches, it does not reach on-premises.",
    );
    expect(v!.evidence).toEqual([
      'Next hop from 10.0.3.4 to 192.168.10.1: VirtualAppliance 10.0.0.4 (route table rt-onprem-via-nva)',
      '192.168.10.1 is on-premises: 192.168.10.0/24 is learned from the gateway (state Invalid, next hop 10.0.255.12, 10.0.255.13)',
      'Effective route 192.168.10.0/24 → VirtualAppliance 10.0.0.4 (User onprem-via-nva, Active)',
    ]);
    expect(v!.nextSteps.at(-1)).toMatch(/192\.168\.10\.0\/24 shows as Invalid/);
    expect(commands(v!)).toEqual(['effective routes vm-udr 192.168.10.1', 'nexthop vm-udr 192.168.10.1']);
  });

  it('warns (not critical) for a private address outside the VNet that is only presumed on-premises', () => {
    const routes = hubRoutes([route('User', ['172.20.0.0/16'], 'VirtualAppliance', { nextHopIpAddresses: ['10.0.0.4'] })]);
    const [v] = nwUdrMisroute(obs('vm-x', { nextHop: nextHop('172.20.1.1', { nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4', routeTableId: 'rt' }), routes: { ok: true, value: routes } }), t);
    expect(v).toMatchObject({ severity: 'warning', title: '172.20.1.1 (probably on-premises) is routed to VirtualAppliance 10.0.0.4, not to the gateway' });
    expect(v!.nextSteps[0]).toMatch(/^Confirm that 172\.20\.1\.1 is on-premises/);
  });

  it('stays silent when on-premises traffic goes to the gateway, for Internet destinations, and when the check got through', () => {
    const ok = obs('vm-hub-test', { nextHop: nextHop(PEER, { nextHopType: 'VirtualNetworkGateway', nextHopIpAddress: '10.0.255.12' }), routes: { ok: true, value: hubRoutes() } });
    expect(nwUdrMisroute(ok, t)).toEqual([]);
    const internet = obs('vm-x', { nextHop: nextHop('8.8.8.8', { nextHopType: 'Internet' }), routes: { ok: true, value: hubRoutes() } });
    expect(nwUdrMisroute(internet, t)).toEqual([]);
    const reached = obs('vm-x', { check: check(result()), nextHop: nextHop(PEER, { nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' }) });
    expect(nwUdrMisroute(reached, t)).toEqual([]);
    // Without effective routes, on-premises is not judged: no misroute claim.
    expect(nwUdrMisroute(obs('vm-x', { nextHop: nextHop(PEER, { nextHopType: 'VirtualAppliance' }) }), t)).toEqual([]);
  });
});

describe('NW-NO-ROUTE', () => {
  it('fires on a hop issue with next hop None, naming the black-hole route table', () => {
    const [v] = nwNoRoute(obs('vm-noroute', { check: check(disconnected([issue('UserDefinedRoute', [{ RouteTable: 'rt-blackhole', NextHopType: 'None' }])])) }), t);
    expect(v).toMatchObject({ ruleId: 'NW-NO-ROUTE', severity: 'critical', title: 'No route from vm-noroute to 192.168.10.1' });
    expect(v!.detail).toBe('Route table rt-blackhole sends 192.168.10.1 to next hop None: the traffic is dropped (a black-hole route).');
    expect(v!.nextSteps[0]).toBe('Remove or fix the route in rt-blackhole that sends 192.168.10.1 to None.');
    expect(commands(v!)).toEqual(['effective routes vm-noroute 192.168.10.1', 'nexthop vm-noroute 192.168.10.1']);
  });

  it('fires on next hop None from a system route: nothing learned from on-premises', () => {
    const [v] = nwNoRoute(
      obs('vm-hub-test', { sourceIp: '10.0.1.4', nextHop: nextHop('192.168.17.1', { nextHopType: 'None', routeTableId: 'System Route' }), routes: { ok: true, value: hubRoutes() } }),
      t,
    );
    expect(v!.detail).toMatch(/^Azure's system route for 192\.168\.17\.1 has next hop None/);
    expect(v!.evidence).toEqual([
      'Next hop from 10.0.1.4 to 192.168.17.1: None (route table System Route)',
      'Effective route 192.168.0.0/16 → None (Default, Active)',
    ]);
    expect(v!.nextSteps[0]).toMatch(/advertises a prefix covering 192\.168\.17\.1 over BGP/);
  });

  it('stays silent when the next hop is a real hop, or the check got through', () => {
    expect(nwNoRoute(obs('vm-x', { nextHop: nextHop(PEER, { nextHopType: 'VirtualNetworkGateway' }) }), t)).toEqual([]);
    expect(nwNoRoute(obs('vm-x', { check: check(result()), nextHop: nextHop(PEER, { nextHopType: 'None' }) }), t)).toEqual([]);
  });
});

describe('NW-UNREACHABLE', () => {
  it('fires when probes fail with no NSG, route or agent cause, with the BGP caveat for TCP/179', () => {
    const [v] = nwUnreachable(obs('vm-x', { sourceIp: '10.0.1.4', check: check(disconnected([])), nextHop: nextHop(PEER, { nextHopType: 'VirtualNetworkGateway', nextHopIpAddress: '10.0.255.12' }) }), t);
    expect(v).toMatchObject({ ruleId: 'NW-UNREACHABLE', severity: 'critical', title: 'vm-x cannot reach 192.168.10.1:179' });
    expect(v!.detail).toMatch(/sent 30 probes and 30 failed, and Azure found no NSG, route or agent problem/);
    expect(v!.evidence).toEqual([
      'Connection status "Disconnected", probes sent 30, failed 30',
      'Path: Source 10.0.1.5 → Destination 192.168.10.1',
      'Next hop from 10.0.1.4 to 192.168.10.1: VirtualNetworkGateway 10.0.255.12 (route table —)',
    ]);
    expect(v!.nextSteps.join('\n')).toMatch(/routers usually accept BGP only from the configured neighbor/);
    expect(commands(v!)).toEqual(['nexthop vm-x 192.168.10.1', 'flow vm-x out tcp 10.0.1.4:50000 192.168.10.1:179', 'effective nsg vm-x']);
  });

  it('names what Azure reports (guest firewall, DNS)', () => {
    const [v] = nwUnreachable(obs('vm-x', { check: check(disconnected([issue('GuestFirewall')]), 443) }), t);
    expect(v!.detail).toMatch(/Azure reports GuestFirewall on the path/);
    expect(v!.nextSteps[0]).toMatch(/VM's own firewall/);
    expect(v!.nextSteps.join('\n')).not.toMatch(/TCP\/179/);
  });

  it('leaves specific causes to their own rules', () => {
    expect(nwUnreachable(obs('vm-x', { check: check(disconnected([issue('NetworkSecurityRule', [{ RuleName: 'X' }])])) }), t)).toEqual([]);
    expect(nwUnreachable(obs('vm-x', { check: check(disconnected([])), nextHop: nextHop(PEER, { nextHopType: 'None' }) }), t)).toEqual([]);
    expect(nwUnreachable(obs('vm-x', { check: check('agent') }), t)).toEqual([]);
    expect(nwUnreachable(obs('vm-x', { check: check(result()) }), t)).toEqual([]);
  });
});

describe('NW-DEGRADED', () => {
  it('fires on Degraded with failed probes, quoting the share and latency, and the flagged hop', () => {
    const r = result({
      connectionStatus: 'Degraded',
      avgLatencyInMs: 38,
      minLatencyInMs: 3,
      maxLatencyInMs: 212,
      probesFailed: 9,
      hops: [hop('Source', '10.0.1.7'), hop('VirtualNetworkGateway', '10.0.255.4', [issue('Platform', [], 'Warning')]), hop('Destination', PEER)],
    });
    const [v] = nwDegraded(obs('vm-flaky', { check: check(r) }), t);
    expect(v).toMatchObject({ ruleId: 'NW-DEGRADED', severity: 'warning', title: 'vm-flaky reaches 192.168.10.1:179, but 9 of 66 probes failed' });
    expect(v!.detail).toBe('The connection works intermittently: 14 % of the probes failed; latency 3–212 ms (average 38 ms).');
    expect(v!.evidence).toContain('Hop 2 (VirtualNetworkGateway 10.0.255.4): Warning Platform');
    expect(v!.nextSteps[1]).toMatch(/Azure flags VirtualNetworkGateway 10\.0\.255\.4/);
  });

  it('fires on Connected with some failed probes; silent on a clean or failed check', () => {
    expect(nwDegraded(obs('vm-x', { check: check(result({ probesFailed: 2 })) }), t)).toHaveLength(1);
    expect(nwDegraded(obs('vm-x', { check: check(result({ connectionStatus: 'Degraded', probesFailed: 0 })) }), t)[0]!.title).toMatch(/reports the path as degraded/);
    expect(nwDegraded(obs('vm-x', { check: check(result()) }), t)).toEqual([]);
    expect(nwDegraded(obs('vm-x', { check: check(disconnected([])) }), t)).toEqual([]);
  });
});

describe('NW-CONNECTIVITY-OK', () => {
  it('fires when the check reached the target with no failed probe, with the path and latency as evidence', () => {
    const [v] = nwConnectivityOk(obs('vm-hub-test', { check: check(result()) }), t);
    expect(v).toMatchObject({ ruleId: 'NW-CONNECTIVITY-OK', severity: 'ok', title: 'vm-hub-test reaches 192.168.10.1:179' });
    expect(v!.evidence).toEqual([
      'Connection status "Connected", probes sent 66, failed 0',
      'Latency min 2 ms, average 3 ms, max 6 ms',
      'Path: Source 10.0.1.4 → VirtualNetworkGateway 10.0.255.4 → Destination 192.168.10.1',
    ]);
    // TCP/179 open from Azure: what is left to look at is the router.
    expect(v!.detail).toMatch(/reaches the on-premises peer/);
    expect(v!.nextSteps[0]).toMatch(/ASN and MD5 key/);
  });

  it('has no BGP advice for another port, and stays silent on failure or degradation', () => {
    const [v] = nwConnectivityOk(obs('vm-x', { check: check(result(), 443) }), t);
    expect(v!.nextSteps).toEqual([]);
    expect(nwConnectivityOk(obs('vm-x', { check: check(disconnected([])) }), t)).toEqual([]);
    expect(nwConnectivityOk(obs('vm-x', { check: check(result({ connectionStatus: 'Degraded', probesFailed: 3 })) }), t)).toEqual([]);
  });
});

describe('NW-FLOW-ALLOWED', () => {
  it('fires on Allow, says routes are not judged and offers the next hop', () => {
    const flow = { direction: 'Outbound' as const, protocol: 'TCP' as const, localIp: '10.0.1.4', localPort: 50000, remoteIp: PEER, remotePort: 179 };
    const [v] = nwFlowAllowed(obs('vm-hub-test', { flow: { ...flow, result: { access: 'Allow', ruleName: 'defaultSecurityRules/AllowVnetOutBound' } } }), t);
    expect(v).toMatchObject({ ruleId: 'NW-FLOW-ALLOWED', severity: 'ok' });
    expect(v!.title).toBe('NSG rule AllowVnetOutBound (default) allows Outbound TCP 10.0.1.4:50000 → 192.168.10.1:179');
    expect(v!.detail).toMatch(/judges NSG rules only/);
    expect(commands(v!)).toEqual(['nexthop vm-hub-test 192.168.10.1']);
  });

  it('stays silent on Deny', () => {
    const flow = { direction: 'Outbound' as const, protocol: 'UDP' as const, localIp: '10.0.1.4', localPort: 5000, remoteIp: PEER, remotePort: 53 };
    expect(nwFlowAllowed(obs('vm-x', { flow: { ...flow, result: { access: 'Deny', ruleName: 'securityRules/X' } } }), t)).toEqual([]);
  });
});

describe('NW-NEXTHOP-OK', () => {
  it('is ok when an on-premises destination leaves through the gateway', () => {
    const [v] = nwNextHopOk(obs('vm-hub-test', { sourceIp: '10.0.1.4', nextHop: nextHop(PEER, { nextHopType: 'VirtualNetworkGateway', nextHopIpAddress: '10.0.255.12', routeTableId: 'System Route' }), routes: { ok: true, value: hubRoutes() } }), t);
    expect(v).toMatchObject({ ruleId: 'NW-NEXTHOP-OK', severity: 'ok', title: 'Traffic from vm-hub-test to 192.168.10.1 goes to VirtualNetworkGateway 10.0.255.12' });
    expect(v!.detail).toMatch(/on-premises and leaves through the ExpressRoute gateway/);
    expect(commands(v!)).toEqual(['effective routes vm-hub-test 192.168.10.1']);
  });

  it('is info when the routes could not be read (on-premises not judged)', () => {
    const [v] = nwNextHopOk(obs('vm-x', { nextHop: nextHop(PEER, { nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' }), routes: { ok: false, failure: { kind: 'forbidden', message: '' } } }), t);
    expect(v).toMatchObject({ severity: 'info' });
    expect(v!.evidence.at(-1)).toMatch(/not judged/);
  });

  it('stays silent for a check, for None and for a misroute', () => {
    expect(nwNextHopOk(obs('vm-x', { check: check(result()), nextHop: nextHop(PEER, { nextHopType: 'VirtualNetworkGateway' }) }), t)).toEqual([]);
    expect(nwNextHopOk(obs('vm-x', { nextHop: nextHop(PEER, { nextHopType: 'None' }), routes: { ok: true, value: hubRoutes() } }), t)).toEqual([]);
    expect(nwNextHopOk(obs('vm-x', { nextHop: nextHop(PEER, { nextHopType: 'Internet' }), routes: { ok: true, value: hubRoutes() } }), t)).toEqual([]);
  });
});

describe('the status words Azure sends (issue 16)', () => {
  // The REST service answers Reachable/Unreachable (Test-AzNetworkWatcherConnectivity shows
  // "ConnectionStatus : Reachable"); the SDK typings list Connected/Disconnected/Degraded/Unknown.
  it('Reachable is a check that got through: NW-CONNECTIVITY-OK, nothing else', () => {
    const o = obs('vm-x', { check: check(result({ connectionStatus: 'Reachable' })) });
    expect(nwConnectivityOk(o, t)[0]).toMatchObject({ ruleId: 'NW-CONNECTIVITY-OK', severity: 'ok' });
    expect(nwConnectivityOk(o, t)[0]!.evidence[0]).toBe('Connection status "Reachable", probes sent 66, failed 0');
    expect(nwStatusUnknown(o, t)).toEqual([]);
    expect(nwUnreachable(o, t)).toEqual([]);
    // Reachable with some failed probes is degraded, like Connected.
    expect(nwDegraded(obs('vm-x', { check: check(result({ connectionStatus: 'Reachable', probesFailed: 3 })) }), t)).toHaveLength(1);
  });

  it('Unreachable is a failed check, even without probe counts: NW-UNREACHABLE', () => {
    const r = result({ connectionStatus: 'Unreachable', probesSent: undefined, probesFailed: undefined, avgLatencyInMs: undefined, minLatencyInMs: undefined, maxLatencyInMs: undefined });
    const o = obs('vm-x', { check: check(r) });
    expect(nwUnreachable(o, t)[0]).toMatchObject({ ruleId: 'NW-UNREACHABLE', severity: 'critical' });
    expect(nwConnectivityOk(o, t)).toEqual([]);
    expect(nwStatusUnknown(o, t)).toEqual([]);
  });

  it('an Unreachable check whose next hop toward an on-premises address is an appliance or the internet is a misroute, as nexthop says', () => {
    const failed = result({ connectionStatus: 'Unreachable', probesSent: 30, probesFailed: 30 });
    for (const [type, ip] of [['VirtualAppliance', '10.0.0.4'], ['Internet', undefined]] as const) {
      const o = obs('vm-x', {
        check: check(failed),
        nextHop: nextHop(PEER, { nextHopType: type, ...(ip ? { nextHopIpAddress: ip } : {}) }),
        routes: { ok: true, value: hubRoutes([route('User', ['192.168.10.0/24'], type, { nextHopIpAddresses: ip ? [ip] : [] })], 'Invalid') },
      });
      const [v] = nwUdrMisroute(o, t);
      expect(v, type).toMatchObject({ ruleId: 'NW-UDR-MISROUTE', severity: 'critical' });
      expect(v!.title).toBe(`192.168.10.1 is routed to ${[type, ip].filter(Boolean).join(' ')} instead of the ExpressRoute gateway`);
      expect(v!.evidence).toContain('Connection status "Unreachable", probes sent 30, failed 30');
      expect(nwUnreachable(o, t), type).toEqual([]);
    }
  });
});

describe('NW-STATUS-UNKNOWN', () => {
  it('fires on a status Azure is not documented to send, showing it escaped, and claims nothing about reachability', () => {
    const raw = 'Weird\u202e"x';
    const o = obs('vm-x', { check: check(result({ connectionStatus: raw, probesSent: 66, probesFailed: 66 })) });
    const [v] = nwStatusUnknown(o, t);
    expect(v).toMatchObject({ ruleId: 'NW-STATUS-UNKNOWN', severity: 'warning' });
    expect(v!.title).toBe(`Azure answered the check from vm-x with a status the bot does not know: ${JSON.stringify(raw)}`);
    expect(text(v!)).not.toMatch(/\breaches\b|\bhealthy\b|cannot reach/);
    expect(v!.evidence[0]).toBe(`Connection status ${JSON.stringify(raw)}, probes sent 66, failed 66`);
    expect(commands(v!)).toEqual(['nexthop vm-x 192.168.10.1', 'flow vm-x out tcp 10.0.1.5:50000 192.168.10.1:179']);
    for (const rule of [nwConnectivityOk, nwDegraded, nwUnreachable, nwAgentMissing]) expect(rule(o, t), rule.name).toEqual([]);
  });

  it('stays silent on every documented status, and on a refused check', () => {
    for (const s of ['Connected', 'Degraded', 'Disconnected', 'Unknown', 'Reachable', 'Unreachable', 'reachable']) {
      expect(nwStatusUnknown(obs('vm-x', { check: check(result({ connectionStatus: s })) }), t), s).toEqual([]);
    }
    expect(nwStatusUnknown(obs('vm-x', { check: check('agent') }), t)).toEqual([]);
    expect(nwStatusUnknown(obs('vm-x'), t)).toEqual([]);
  });
});

describe('every verdict', () => {
  it('quotes values, never an i18n key', () => {
    const all = [
      ...nwAgentMissing(obs('vm-x', { check: check('agent') }), t),
      ...nwNsgBlock(obs('vm-x', { check: check(disconnected([issue('NetworkSecurityRule', [{ RuleName: 'R' }])])) }), t),
      ...nwUnreachable(obs('vm-x', { check: check(disconnected([])) }), t),
    ];
    for (const v of all) expect(text(v)).not.toMatch(/\bnw:|\{\{/);
  });
});
