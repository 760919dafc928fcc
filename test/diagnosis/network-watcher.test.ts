/**
 * The Network Watcher diagnosis as a whole: the facts the rules share (on-premises or not, the route Azure
 * uses, how hop issues are classified), the order of verdicts, the follow-up command texts, and that every
 * verdict text exists in English and Japanese and is used by some scenario.
 */
import { describe, expect, it } from 'vitest';
import enNw from '../../src/i18n/locales/en/nw.json' with { type: 'json' };
import type { ConnectivityHopSnapshot, ConnectivityResult, EffectiveRouteEntry } from '../../src/azure/snapshots.ts';
import {
  checkFacts,
  diagnoseNetworkWatcher,
  endpointText,
  isDefaultRule,
  isPrivateAddress,
  NW_RULES,
  nwCommands,
  type NwObservation,
  onPremisesOf,
  routesCovering,
  routeTableName,
  selectedRoute,
  shortRuleName,
} from '../../src/diagnosis/network-watcher.ts';
import type { Verdict } from '../../src/diagnosis/verdict.ts';
import { hasKey, translator, type Locale, type Translate } from '../../src/i18n/index.ts';

const PEER = '192.168.10.1';
const route = (source: string, prefixes: string[], nextHopType: string, init: Partial<EffectiveRouteEntry> = {}): EffectiveRouteEntry => ({
  source,
  state: 'Active',
  addressPrefixes: prefixes,
  nextHopIpAddresses: [],
  nextHopType,
  ...init,
});
const ROUTES: EffectiveRouteEntry[] = [
  route('Default', ['10.0.0.0/16'], 'VnetLocal'),
  route('Default', ['0.0.0.0/0'], 'Internet'),
  route('Default', ['192.168.0.0/16'], 'None'),
  route('Default', ['172.16.0.0/12'], 'None'),
  route('VirtualNetworkGateway', ['192.168.10.0/24'], 'VirtualNetworkGateway', { state: 'Invalid', nextHopIpAddresses: ['10.0.255.12'] }),
  route('VirtualNetworkGateway', ['10.1.0.0/24'], 'VirtualNetworkGateway', { nextHopIpAddresses: ['10.0.255.12'] }),
  route('User', ['192.168.10.0/24'], 'VirtualAppliance', { name: 'to-nva', nextHopIpAddresses: ['10.0.0.4'] }),
  route('Default', ['10.1.0.0/24'], 'VnetLocal', { state: 'Invalid' }),
];
const hop = (type: string, address: string, issues: ConnectivityHopSnapshot['issues'] = []): ConnectivityHopSnapshot => ({ type, address, nextHopIds: [], issues });
const issue = (type: string, context: Record<string, string>[] = [], severity = 'Error') => ({ severity, type, context });
const result = (init: Partial<ConnectivityResult> = {}): ConnectivityResult => ({
  connectionStatus: 'Connected',
  probesSent: 66,
  probesFailed: 0,
  avgLatencyInMs: 3,
  minLatencyInMs: 2,
  maxLatencyInMs: 6,
  hops: [hop('Source', '10.0.1.4'), hop('Destination', PEER)],
  ...init,
});
const failed = (issues: ConnectivityHopSnapshot['issues']) =>
  result({ connectionStatus: 'Disconnected', probesSent: 30, probesFailed: 30, hops: [hop('Source', '10.0.1.4', issues), hop('Destination', PEER)] });
const obs = (init: Partial<NwObservation>): NwObservation => ({ vm: { name: 'vm-t', resourceGroup: 'rg' }, sourceIp: '10.0.1.4', ...init });
const check = (r: ConnectivityResult | 'agent', port = 179): NwObservation['check'] => ({
  destination: PEER,
  port,
  protocol: 'Tcp',
  outcome: r === 'agent' ? { status: 'agent-missing', message: 'extension not installed' } : { status: 'completed', result: r },
});
const flow = (access: string, ruleName: string, direction: 'Inbound' | 'Outbound' = 'Outbound'): NwObservation['flow'] => ({
  direction,
  protocol: 'TCP',
  localIp: '10.0.1.4',
  localPort: 50000,
  remoteIp: PEER,
  remotePort: 179,
  result: { access, ruleName },
});
const nextHop = (ip: string, nextHopType: string, extra: { nextHopIpAddress?: string; routeTableId?: string } = {}): NwObservation['nextHop'] => ({
  destinationIp: ip,
  result: { ok: true, value: { nextHopType, ...extra } },
});

describe('routing facts', () => {
  it('tells on-premises by the gateway-learned prefixes, whatever their state', () => {
    const o = onPremisesOf({ ok: true, value: ROUTES }, PEER);
    expect(o.kind).toBe('learned');
    expect(o.kind === 'learned' && o.match.prefix).toBe('192.168.10.0/24');
    expect(onPremisesOf({ ok: true, value: ROUTES }, '172.20.0.9')).toMatchObject({ kind: 'presumed', vnetPrefixes: ['10.0.0.0/16', '10.1.0.0/24'] });
    expect(onPremisesOf({ ok: true, value: ROUTES }, '10.0.3.4').kind).toBe('no');
    expect(onPremisesOf({ ok: true, value: ROUTES }, '8.8.8.8').kind).toBe('no');
    expect(onPremisesOf(undefined, PEER).kind).toBe('unknown');
    expect(onPremisesOf({ ok: false, failure: { kind: 'timeout', message: '' } }, PEER).kind).toBe('unknown');
  });

  it('picks the route Azure uses: longest prefix among Active routes, a user route winning a tie', () => {
    expect(selectedRoute(ROUTES, PEER)).toMatchObject({ prefix: '192.168.10.0/24', route: { source: 'User', nextHopType: 'VirtualAppliance' } });
    expect(selectedRoute(ROUTES, '192.168.99.1')).toMatchObject({ prefix: '192.168.0.0/16', route: { nextHopType: 'None' } });
    // The Invalid VnetLocal /24 is skipped; the Active gateway /24 wins.
    expect(selectedRoute(ROUTES, '10.1.0.9')).toMatchObject({ route: { source: 'VirtualNetworkGateway' } });
    expect(routesCovering(ROUTES, PEER).map((m) => `${m.prefix} ${m.route.source} ${m.route.state}`)).toEqual([
      '192.168.10.0/24 User Active',
      '192.168.10.0/24 VirtualNetworkGateway Invalid',
      '192.168.0.0/16 Default Active',
      '0.0.0.0/0 Default Active',
    ]);
    expect(selectedRoute([], PEER)).toBeUndefined();
  });

  it('works for IPv6 too', () => {
    const v6 = [route('VirtualNetworkGateway', ['2001:db8:100::/48'], 'VirtualNetworkGateway'), route('Default', ['::/0'], 'Internet')];
    expect(selectedRoute(v6, '2001:db8:100::5')?.prefix).toBe('2001:db8:100::/48');
    expect(onPremisesOf({ ok: true, value: v6 }, '2001:db8:100::5').kind).toBe('learned');
    expect(isPrivateAddress('fd00::1')).toBe(true);
    expect(isPrivateAddress('100.64.0.1')).toBe(true);
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
  });

  it('names route tables and rules as people read them', () => {
    expect(routeTableName('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-x')).toBe('rt-x');
    expect(routeTableName('System Route')).toBe('System Route');
    expect(shortRuleName('securityRules/DenyBgpOutbound')).toBe('DenyBgpOutbound');
    expect(shortRuleName('defaultSecurityRules/DenyAllOutBound')).toBe('DenyAllOutBound');
    expect(shortRuleName('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/R1')).toBe('R1');
    expect(isDefaultRule('defaultSecurityRules/DenyAllOutBound')).toBe(true);
    expect(isDefaultRule('securityRules/DenyAllOutBound')).toBe(false);
  });
});

describe('connection troubleshoot facts', () => {
  it('classifies hop issues: NSG, routes (None apart), agent, and the rest', () => {
    const f = checkFacts(
      check(
        failed([
          issue('NetworkSecurityRule', [{ RuleName: 'R' }]),
          issue('UserDefinedRoute', [{ RouteTable: 'rt', NextHop: '10.0.0.4' }]),
          issue('UserDefinedRoute', [{ routetable: 'rt2', nexthoptype: 'None' }]),
          issue('AgentStopped'),
          issue('GuestFirewall'),
          issue('Platform', [], 'Warning'),
        ]),
      ),
    )!;
    expect(f.nsg).toHaveLength(1);
    expect(f.udr.map((x) => x.issue.context[0]!.RouteTable)).toEqual(['rt']);
    expect(f.noRoute).toHaveLength(1);
    expect(f.agent).toHaveLength(1);
    expect(f.otherErrors.map((x) => x.issue.type)).toEqual(['GuestFirewall']);
    expect(f.warnings.map((x) => x.issue.type)).toEqual(['Platform']);
    expect(f).toMatchObject({ failed: true, reached: false, degraded: false, noProbes: false });
  });

  it('reads the status: connected, degraded, no probes, refused', () => {
    expect(checkFacts(check(result()))).toMatchObject({ reached: true, degraded: false, failed: false });
    expect(checkFacts(check(result({ connectionStatus: 'Degraded', probesFailed: 4 })))).toMatchObject({ reached: true, degraded: true });
    expect(checkFacts(check(result({ connectionStatus: 'Unknown', probesSent: 0 })))).toMatchObject({ noProbes: true, failed: true });
    // What the service sends (issue 16): Reachable / Unreachable; anything else is neither reached nor failed.
    expect(checkFacts(check(result({ connectionStatus: 'Reachable' })))).toMatchObject({ reached: true, failed: false, degraded: false });
    expect(checkFacts(check(result({ connectionStatus: 'Unreachable', probesSent: undefined })))).toMatchObject({ reached: false, failed: true });
    const weird = checkFacts(check(result({ connectionStatus: 'Weird', probesSent: 0 })))!;
    expect(weird).toMatchObject({ reached: false, failed: false, degraded: false, noProbes: false, unrecognised: 'Weird' });
    expect(checkFacts(check(result()))!.unrecognised).toBeUndefined();
    expect(checkFacts(check('agent'))).toMatchObject({ refused: { message: 'extension not installed' }, reached: false });
    expect(checkFacts(undefined)).toBeUndefined();
  });
});

describe('command texts of follow-ups', () => {
  it('follow the bot grammar, IPv6 in brackets when a port follows', () => {
    expect(nwCommands.check('vm-a', PEER, 179)).toBe('check vm-a 192.168.10.1:179');
    expect(nwCommands.check('vm-a', '2001:db8::1', 443, 'Https')).toBe('check vm-a [2001:db8::1]:443 https');
    expect(nwCommands.check('vm-a', PEER, undefined, 'Icmp')).toBe('check vm-a 192.168.10.1 icmp');
    expect(nwCommands.flow('vm-a', 'Inbound', 'UDP', '10.0.1.4', 53, '10.1.0.9', 5353)).toBe('flow vm-a in udp 10.0.1.4:53 10.1.0.9:5353');
    expect(nwCommands.nexthop('vm-a', PEER)).toBe('nexthop vm-a 192.168.10.1');
    expect(nwCommands.effectiveRoutes('vm-a', '10.1.0.0/16')).toBe('effective routes vm-a 10.1.0.0/16');
    expect(nwCommands.effectiveNsg('vm-a')).toBe('effective nsg vm-a');
    expect(endpointText('2001:db8::1')).toBe('2001:db8::1');
  });
});

/** Scenarios that reach every rule and every text variant. */
const SCENARIOS: [string, NwObservation][] = [
  ['ok', obs({ check: check(result()) })],
  ['ok 443', obs({ check: check(result(), 443) })],
  ['degraded', obs({ check: check(result({ connectionStatus: 'Degraded', probesFailed: 9 })) })],
  ['degraded flagged', obs({ check: check(result({ connectionStatus: 'Degraded', hops: [hop('Source', '10.0.1.4'), hop('VirtualNetworkGateway', '10.0.255.4', [issue('Platform', [], 'Warning')])] })) })],
  ['nsg', obs({ check: check(failed([issue('NetworkSecurityRule', [{ RuleName: 'DenyBgpOutbound' }])])) })],
  ['udr', obs({ check: check(failed([issue('UserDefinedRoute', [{ RouteTable: 'rt', NextHop: '10.0.0.4' }])])) })],
  ['udr to a host name', obs({ check: { ...check(failed([issue('UserDefinedRoute', [{ RouteTable: 'rt', NextHop: '10.0.0.4' }])]))!, destination: 'onprem.contoso.com' } })],
  ['no route udr', obs({ check: check(failed([issue('UserDefinedRoute', [{ RouteTable: 'rt', NextHopType: 'None' }])])) })],
  ['no route platform', obs({ check: check(failed([issue('Platform', [{ NextHopType: 'None' }])])) })],
  ['unreachable', obs({ check: check(failed([])) })],
  ['unreachable issues', obs({ check: check(failed([issue('GuestFirewall'), issue('DnsResolution')])) })],
  ['status unknown to the bot', obs({ check: check(result({ connectionStatus: 'Weird' })) })],
  ['agent', obs({ check: check('agent') })],
  ['agent stopped', obs({ check: check(failed([issue('AgentStopped')])) })],
  ['agent + no route', obs({ check: check('agent'), nextHop: nextHop(PEER, 'None', { routeTableId: 'System Route' }) })],
  ['flow deny', obs({ flow: flow('Deny', 'securityRules/DenyBgpOutbound') })],
  ['flow deny default in', obs({ flow: flow('Deny', 'defaultSecurityRules/DenyAllInBound', 'Inbound') })],
  ['flow allow', obs({ flow: flow('Allow', 'securityRules/AllowBgp') })],
  ['nexthop misroute', obs({ nextHop: nextHop(PEER, 'VirtualAppliance', { nextHopIpAddress: '10.0.0.4', routeTableId: '/x/routeTables/rt' }), routes: { ok: true, value: ROUTES } })],
  ['nexthop presumed', obs({ nextHop: nextHop('172.20.0.9', 'VirtualAppliance', { nextHopIpAddress: '10.0.0.4' }), routes: { ok: true, value: ROUTES } })],
  ['nexthop none user', obs({ nextHop: nextHop(PEER, 'None', { routeTableId: '/x/routeTables/rt-blackhole' }), routes: { ok: true, value: ROUTES } })],
  ['nexthop none system', obs({ nextHop: nextHop('192.168.99.1', 'None', { routeTableId: 'System Route' }), routes: { ok: true, value: ROUTES } })],
  ['nexthop gateway', obs({ nextHop: nextHop('10.1.0.9', 'VirtualNetworkGateway', { nextHopIpAddress: '10.0.255.12' }), routes: { ok: true, value: ROUTES } })],
  ['nexthop internet', obs({ nextHop: nextHop('8.8.8.8', 'Internet'), routes: { ok: true, value: ROUTES } })],
  ['nexthop unjudged', obs({ nextHop: nextHop(PEER, 'VirtualAppliance'), routes: { ok: false, failure: { kind: 'forbidden', message: '' } } })],
];

function recording(locale: Locale): { t: Translate; keys: Set<string> } {
  const base = translator(locale);
  const keys = new Set<string>();
  return { keys, t: (key, vars) => (keys.add(key), base(key, vars)) };
}

function leafKeys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix.replace(/_(one|other)$/, '')];
  return Object.entries(o).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('diagnoseNetworkWatcher', () => {
  const t = translator('en');
  const rules = (o: NwObservation) => diagnoseNetworkWatcher(o, t).map((v) => v.ruleId);

  it('gives one verdict per finding, most severe first', () => {
    expect(rules(SCENARIOS.find(([n]) => n === 'ok')![1])).toEqual(['NW-CONNECTIVITY-OK']);
    expect(rules(SCENARIOS.find(([n]) => n === 'agent + no route')![1])).toEqual(['NW-NO-ROUTE', 'NW-AGENT-MISSING']);
    expect(rules(SCENARIOS.find(([n]) => n === 'flow deny')![1])).toEqual(['NW-NSG-BLOCK']);
    expect(rules(SCENARIOS.find(([n]) => n === 'nexthop misroute')![1])).toEqual(['NW-UDR-MISROUTE']);
    expect(rules(SCENARIOS.find(([n]) => n === 'nexthop internet')![1])).toEqual(['NW-NEXTHOP-OK']);
    expect(rules(obs({}))).toEqual([]);
  });

  for (const locale of ['en', 'ja'] as const) {
    it(`${locale}: every rule is reached, every text exists, and every verdict text is used`, () => {
      const { t: rt, keys } = recording(locale);
      const verdicts: Verdict[] = SCENARIOS.flatMap(([, o]) => diagnoseNetworkWatcher(o, rt));
      expect(new Set(verdicts.map((v) => v.ruleId))).toEqual(new Set(Object.keys(NW_RULES)));
      for (const key of keys) expect(hasKey(key, locale) || hasKey(`${key}_other`, locale), key).toBe(true);
      const strings = verdicts.flatMap((v) => [v.title, v.detail, ...v.evidence, ...v.nextSteps, ...(v.followUps ?? []).map((f) => f.title)]);
      for (const s of strings) expect(s).not.toMatch(/\{\{|\bnw:/);
      const verdictKeys = leafKeys(enNw.verdict, 'nw:verdict').concat(leafKeys(enNw.evidence, 'nw:evidence'), leafKeys(enNw.followUp, 'nw:followUp'));
      expect(verdictKeys.filter((k) => !keys.has(k))).toEqual([]);
    });
  }
});
