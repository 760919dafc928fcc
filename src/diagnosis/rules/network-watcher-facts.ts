/**
 * What the Network Watcher rules share: the observation type, facts drawn from a connection troubleshoot and
 * from effective routes, the verdict builder (texts in `nw:verdict.<ruleId>.*`) and the exact command texts of
 * follow-ups. Pure; no I/O. The rules are in network-watcher.ts next to this file, the entry point in
 * ../network-watcher.ts.
 */
import type {
  ConnectivityHopSnapshot,
  ConnectivityIssueSnapshot,
  ConnectivityOutcome,
  ConnectivityProtocol,
  ConnectivityResult,
  EffectiveRouteEntry,
  FlowDirection,
  FlowProtocol,
  IpFlowResult,
  NextHopSnapshot,
} from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { cidrContains, parseAddress, parseCidr } from '../../net/ip.ts';
import { makeVerdict, type VerdictInit } from '../build.ts';
import type { Observed } from '../observations.ts';
import type { FollowUp, Severity, Verdict } from '../verdict.ts';

// ---------------------------------------------------------------- observation

export interface NwVm {
  name: string;
  resourceGroup: string;
}

/** A connection troubleshoot from the VM (the `check` command). */
export interface CheckObservation {
  /** The destination as asked: an address or a host name. */
  destination: string;
  port?: number;
  protocol: ConnectivityProtocol;
  outcome: ConnectivityOutcome;
}

/** An IP flow verify (the `flow` command). Local is the VM's side. */
export interface FlowObservation {
  direction: FlowDirection;
  protocol: FlowProtocol;
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  result: IpFlowResult;
}

/** A next hop from the VM's address to a destination address. */
export interface NextHopObservation {
  destinationIp: string;
  result: Observed<NextHopSnapshot>;
}

export interface NwObservation {
  vm: NwVm;
  /** The VM's (primary NIC's) address, when known. */
  sourceIp?: string;
  check?: CheckObservation;
  flow?: FlowObservation;
  nextHop?: NextHopObservation;
  /** The VM NIC's effective routes: tell an on-premises destination (learned from the gateway) from others. */
  routes?: Observed<EffectiveRouteEntry[]>;
}

// ---------------------------------------------------------------- verdicts and commands

export type NwVerdictInit = VerdictInit & { vars: Record<string, unknown> };

/** makeVerdict with texts from `nw:verdict.<ruleId>.<title|detail…>`. */
export function nwVerdict(t: Translate, ruleId: string, severity: Severity, init: NwVerdictInit): Verdict {
  return makeVerdict(t, ruleId, severity, init, 'nw:verdict.');
}

/** "192.168.10.1:179", "[2001:db8::1]:179", "onprem.contoso.com" (no port). */
export function endpointText(host: string, port?: number): string {
  if (port === undefined) return host;
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Exact command texts of the Network Watcher commands (never localized). */
export const nwCommands = {
  check: (vm: string, host: string, port?: number, protocol: ConnectivityProtocol = 'Tcp') =>
    `check ${vm} ${endpointText(host, port)}${protocol === 'Tcp' ? '' : ` ${protocol.toLowerCase()}`}`,
  flow: (vm: string, direction: FlowDirection, protocol: FlowProtocol, localIp: string, localPort: number, remoteIp: string, remotePort: number) =>
    `flow ${vm} ${direction === 'Inbound' ? 'in' : 'out'} ${protocol.toLowerCase()} ${endpointText(localIp, localPort)} ${endpointText(remoteIp, remotePort)}`,
  nexthop: (vm: string, ip: string) => `nexthop ${vm} ${ip}`,
  effectiveRoutes: (vm: string, prefix?: string) => `effective routes ${vm}${prefix ? ` ${prefix}` : ''}`,
  effectiveNsg: (vm: string) => `effective nsg ${vm}`,
};

/** Localized follow-up buttons. */
export const nwFollowUps = {
  effectiveNsg: (t: Translate, vm: string): FollowUp => ({ title: t('nw:followUp.effectiveNsg', { vm }), command: nwCommands.effectiveNsg(vm) }),
  effectiveRoutes: (t: Translate, vm: string, prefix?: string): FollowUp => ({
    title: prefix ? t('nw:followUp.effectiveRoutesFor', { vm, prefix }) : t('nw:followUp.effectiveRoutes', { vm }),
    command: nwCommands.effectiveRoutes(vm, prefix),
  }),
  nexthop: (t: Translate, vm: string, ip: string): FollowUp => ({ title: t('nw:followUp.nexthop', { vm, ip }), command: nwCommands.nexthop(vm, ip) }),
  flow: (t: Translate, vm: string, f: Omit<FlowObservation, 'result'>): FollowUp => ({
    title: t('nw:followUp.flow', { vm, protocol: f.protocol, port: f.remotePort, remote: f.remoteIp }),
    command: nwCommands.flow(vm, f.direction, f.protocol, f.localIp, f.localPort, f.remoteIp, f.remotePort),
  }),
};

/** The source port a flow follow-up uses for an outbound check (any ephemeral port: NSG rules rarely name one). */
export const EPHEMERAL_PORT = 50000;

// ---------------------------------------------------------------- connectivity facts

export interface IssueAt {
  /** 1-based position of the hop on the path. */
  hop: number;
  hopType?: string;
  address?: string;
  issue: ConnectivityIssueSnapshot;
}

/** A context value by key, case-insensitively ("RuleName", "ruleName"). */
export function contextValue(issue: ConnectivityIssueSnapshot, key: string): string | undefined {
  const want = key.toLowerCase();
  for (const c of issue.context) {
    for (const [k, v] of Object.entries(c)) if (k.toLowerCase() === want && v !== '') return v;
  }
  return undefined;
}

const is = (value: string | undefined, word: string) => (value ?? '').trim().toLowerCase() === word.toLowerCase();

/** The issue says the traffic has no route: next hop None (a black-hole UDR, or nothing learned). */
function saysNoRoute(issue: ConnectivityIssueSnapshot): boolean {
  return is(contextValue(issue, 'NextHopType'), 'None') || is(contextValue(issue, 'NextHop'), 'None');
}

export interface CheckFacts {
  result?: ConnectivityResult;
  refused?: { azureCode?: string; message: string };
  issues: IssueAt[];
  nsg: IssueAt[];
  /** UserDefinedRoute issues that send the traffic somewhere (not to None). */
  udr: IssueAt[];
  noRoute: IssueAt[];
  agent: IssueAt[];
  /** Errors that name no NSG, route or agent: GuestFirewall, DnsResolution, SocketBind, PortThrottled, Platform… */
  otherErrors: IssueAt[];
  warnings: IssueAt[];
  /** Connected (or Degraded): probes got through. */
  reached: boolean;
  /** No probe could be sent: the agent did not run them. */
  noProbes: boolean;
  /** Disconnected / Unreachable / Unknown, or every probe failed. */
  failed: boolean;
  degraded: boolean;
  /** The status as Azure sent it, when it is none of CONNECTION_STATUSES: nothing is judged from it. */
  unrecognised?: string;
}

/**
 * Every connectionStatus Azure is documented to send, lower-cased. The SDK typings (and the REST reference,
 * https://learn.microsoft.com/rest/api/network-watcher/network-watchers/check-connectivity) list Unknown,
 * Connected, Disconnected and Degraded; the service also answers Reachable / Unreachable, as
 * Test-AzNetworkWatcherConnectivity's own example shows ("ConnectionStatus : Reachable",
 * https://learn.microsoft.com/powershell/module/az.network/test-aznetworkwatcherconnectivity).
 */
export const CONNECTION_STATUSES = {
  reached: ['connected', 'reachable', 'degraded'],
  failed: ['disconnected', 'unreachable', 'unknown'],
} as const;

const knownStatus = (s: string, list: readonly string[]) => list.includes(s);

export function checkFacts(check: CheckObservation | undefined): CheckFacts | undefined {
  if (!check) return undefined;
  const empty = { issues: [], nsg: [], udr: [], noRoute: [], agent: [], otherErrors: [], warnings: [], reached: false, noProbes: false, failed: false, degraded: false };
  if (check.outcome.status === 'agent-missing') {
    const { azureCode, message } = check.outcome;
    return { ...empty, refused: { ...(azureCode ? { azureCode } : {}), message } };
  }
  const result = check.outcome.result;
  const issues: IssueAt[] = result.hops.flatMap((h: ConnectivityHopSnapshot, i) =>
    h.issues.map((issue) => ({ hop: i + 1, hopType: h.type, address: h.address, issue })),
  );
  const typed = (type: string) => issues.filter((x) => is(x.issue.type, type));
  const noRoute = issues.filter((x) => saysNoRoute(x.issue));
  const nsg = typed('NetworkSecurityRule');
  const udr = typed('UserDefinedRoute').filter((x) => !saysNoRoute(x.issue));
  const agent = typed('AgentStopped');
  const known = new Set([...nsg, ...udr, ...noRoute, ...agent]);
  const errors = issues.filter((x) => !is(x.issue.severity, 'Warning'));
  const status = (result.connectionStatus ?? '').trim().toLowerCase();
  const sent = result.probesSent;
  const failedCount = result.probesFailed ?? 0;
  // A status Azure is not documented to send is not guessed at (neither reached nor failed): NW-STATUS-UNKNOWN says so.
  const unrecognised = status !== '' && !knownStatus(status, CONNECTION_STATUSES.reached) && !knownStatus(status, CONNECTION_STATUSES.failed);
  const reached = knownStatus(status, CONNECTION_STATUSES.reached);
  const noProbes = sent === 0 && !reached && !unrecognised;
  const failed = !reached && !unrecognised && (knownStatus(status, CONNECTION_STATUSES.failed) || status === '' || (sent !== undefined && sent > 0 && failedCount >= sent));
  const degraded = status === 'degraded' || (reached && failedCount > 0);
  return {
    ...(unrecognised ? { unrecognised: result.connectionStatus ?? '' } : {}),
    result,
    issues,
    nsg,
    udr,
    noRoute,
    agent,
    otherErrors: errors.filter((x) => !known.has(x)),
    warnings: issues.filter((x) => is(x.issue.severity, 'Warning') && !known.has(x)),
    reached,
    noProbes,
    failed,
    degraded,
  };
}

// ---------------------------------------------------------------- routing facts

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];
const VNET_HOPS = new Set(['vnetlocal', 'vnetpeering', 'vnetglobalpeering', 'virtualnetworkserviceendpoint']);

function contains(prefix: string, ip: string): boolean {
  const c = parseCidr(prefix);
  const a = parseAddress(ip);
  return c !== undefined && a !== undefined && cidrContains(c, a);
}

function prefixLength(prefix: string): number {
  return parseCidr(prefix)?.bits ?? -1;
}

export function isPrivateAddress(ip: string): boolean {
  return PRIVATE_RANGES.some((r) => contains(r, ip));
}

export interface RouteMatch {
  route: EffectiveRouteEntry;
  prefix: string;
}

/** Every (route, prefix) whose prefix contains the address, most specific first, Active before Invalid. */
export function routesCovering(routes: readonly EffectiveRouteEntry[], ip: string): RouteMatch[] {
  return routes
    .flatMap((route) => route.addressPrefixes.filter((p) => contains(p, ip)).map((prefix) => ({ route, prefix })))
    .sort(
      (a, b) =>
        prefixLength(b.prefix) - prefixLength(a.prefix) ||
        Number(is(b.route.state, 'Active')) - Number(is(a.route.state, 'Active')) ||
        Number(is(b.route.source, 'User')) - Number(is(a.route.source, 'User')),
    );
}

/** The route Azure uses: longest prefix among Active routes; a User route wins a tie. */
export function selectedRoute(routes: readonly EffectiveRouteEntry[], ip: string): RouteMatch | undefined {
  return routesCovering(routes, ip).find((m) => !m.route.state || is(m.route.state, 'Active'));
}

export type OnPremises =
  /** Inside a prefix learned from the ExpressRoute/VPN gateway (whatever that route's state). */
  | { kind: 'learned'; match: RouteMatch }
  /** A private address outside the VNet (and its peers) that is not learned from the gateway. */
  | { kind: 'presumed'; vnetPrefixes: string[] }
  | { kind: 'no' }
  | { kind: 'unknown' };

/** Whether a destination is on-premises as the VM's effective routes tell. */
export function onPremisesOf(routes: Observed<EffectiveRouteEntry[]>, ip: string): OnPremises {
  if (!routes || !routes.ok) return { kind: 'unknown' };
  const learned = routesCovering(routes.value, ip).find((m) => is(m.route.source, 'VirtualNetworkGateway'));
  if (learned) return { kind: 'learned', match: learned };
  const vnetPrefixes = routes.value.filter((r) => VNET_HOPS.has((r.nextHopType ?? '').toLowerCase())).flatMap((r) => r.addressPrefixes);
  const inVnet = vnetPrefixes.some((p) => contains(p, ip));
  if (!inVnet && isPrivateAddress(ip)) return { kind: 'presumed', vnetPrefixes };
  return { kind: 'no' };
}

/** "rt-onprem-via-nva" from a route table id; "System Route" stays as is. */
export function routeTableName(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const m = /\/routeTables\/([^/]+)/i.exec(id);
  return m ? m[1] : id;
}

/** "DenyBgpOutbound" from "securityRules/DenyBgpOutbound" (or a full rule id); "AllowVnetOutBound" from "defaultSecurityRules/AllowVnetOutBound". */
export function shortRuleName(ruleName: string | undefined): string {
  const r = (ruleName ?? '').trim();
  return r.replace(/^.*\/networkSecurityGroups\/[^/]+\//i, '').replace(/^(default)?securityRules\//i, '');
}

export function isDefaultRule(ruleName: string | undefined): boolean {
  return /^defaultSecurityRules\//i.test((ruleName ?? '').trim());
}
