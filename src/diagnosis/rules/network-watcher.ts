/**
 * Layer 7 — the data plane from an Azure VM: connection troubleshoot, IP flow verify and next hop. One
 * function per rule id (catalogue in docs/diagnosis-rules.md); each reads the parts of the
 * observation it judges and returns nothing when they are absent.
 */
import type { ConnectivityResult } from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { parseAddress } from '../../net/ip.ts';
import { q } from '../build.ts';
import type { FollowUp, Verdict } from '../verdict.ts';
import {
  checkFacts,
  contextValue,
  endpointText,
  EPHEMERAL_PORT,
  isDefaultRule,
  type IssueAt,
  nwFollowUps,
  nwVerdict,
  type NwObservation,
  onPremisesOf,
  type OnPremises,
  type RouteMatch,
  routeTableName,
  selectedRoute,
  shortRuleName,
} from './network-watcher-facts.ts';

// ---------------------------------------------------------------- evidence

const dash = (v: unknown) => (v === undefined || v === null || v === '' ? '—' : String(v));

function statusEvidence(t: Translate, r: ConnectivityResult): string {
  return t('nw:evidence.status', { status: q(r.connectionStatus), sent: dash(r.probesSent), failed: dash(r.probesFailed) });
}

function latencyEvidence(t: Translate, r: ConnectivityResult): string[] {
  if (r.minLatencyInMs === undefined && r.avgLatencyInMs === undefined && r.maxLatencyInMs === undefined) return [];
  return [t('nw:evidence.latency', { min: dash(r.minLatencyInMs), avg: dash(r.avgLatencyInMs), max: dash(r.maxLatencyInMs) })];
}

/** "Source 10.0.1.4 → VirtualNetworkGateway 10.0.255.4 → Destination 192.168.10.1" */
export function pathText(r: ConnectivityResult): string {
  return r.hops.map((h) => [h.type ?? '?', h.address].filter(Boolean).join(' ')).join(' → ');
}

function pathEvidence(t: Translate, r: ConnectivityResult): string[] {
  return r.hops.length > 0 ? [t('nw:evidence.path', { path: pathText(r) })] : [];
}

/** "RuleName=DenyBgpOutbound, RouteTable=rt-x" */
export function contextText(x: IssueAt): string {
  return x.issue.context.flatMap((c) => Object.entries(c).map(([k, v]) => `${k}=${v}`)).join(', ');
}

export function issueEvidence(t: Translate, x: IssueAt): string {
  const context = contextText(x);
  return t('nw:evidence.issue', {
    hop: x.hop,
    hopType: x.hopType ?? '?',
    address: x.address ?? '',
    severity: x.issue.severity ?? '?',
    type: x.issue.type ?? '?',
    context: context ? ` (${context})` : '',
  });
}

function nextHopEvidence(t: Translate, obs: NwObservation): string[] {
  const nh = obs.nextHop;
  if (!nh?.result?.ok) return [];
  const r = nh.result.value;
  return [
    t('nw:evidence.nextHop', {
      source: obs.sourceIp ?? obs.vm.name,
      destination: nh.destinationIp,
      type: r.nextHopType ?? '?',
      ip: r.nextHopIpAddress ? ` ${r.nextHopIpAddress}` : '',
      table: routeTableName(r.routeTableId) ?? '—',
    }),
  ];
}

function routeEvidence(t: Translate, m: RouteMatch): string {
  return t('nw:evidence.route', {
    prefix: m.prefix,
    type: m.route.nextHopType ?? '?',
    ip: m.route.nextHopIpAddresses.length > 0 ? ` ${m.route.nextHopIpAddresses.join(', ')}` : '',
    source: m.route.source ?? '?',
    name: m.route.name ? ` ${m.route.name}` : '',
    state: m.route.state ?? '?',
  });
}

function onPremEvidence(t: Translate, destination: string, onPrem: OnPremises): string[] {
  if (onPrem.kind === 'learned') return [t('nw:evidence.learned', { destination, ...learnedVars(onPrem.match) })];
  if (onPrem.kind === 'presumed') return [t('nw:evidence.presumed', { destination, vnet: onPrem.vnetPrefixes.join(', ') || '—' })];
  return [];
}

function learnedVars(m: RouteMatch) {
  return { prefix: m.prefix, state: m.route.state ?? '?', hops: m.route.nextHopIpAddresses.join(', ') || '—' };
}

function flowText(obs: NwObservation): string {
  const f = obs.flow!;
  const local = endpointText(f.localIp, f.localPort);
  const remote = endpointText(f.remoteIp, f.remotePort);
  return f.direction === 'Inbound' ? `Inbound ${f.protocol} ${remote} → ${local}` : `Outbound ${f.protocol} ${local} → ${remote}`;
}

function flowEvidence(t: Translate, obs: NwObservation): string {
  const f = obs.flow!;
  return t('nw:evidence.flow', { flow: flowText(obs), access: q(f.result.access), rule: q(f.result.ruleName) });
}

/** What a check tried: "TCP 192.168.10.1:179", "ICMP onprem.contoso.com". */
function checkTraffic(obs: NwObservation): string {
  const c = obs.check!;
  return `${c.protocol.toUpperCase()} ${endpointText(c.destination, c.protocol === 'Icmp' ? undefined : c.port)}`;
}

const isIp = (s: string | undefined): s is string => s !== undefined && parseAddress(s) !== undefined;

/** The destination address of whatever was asked, when it is an address (not a host name). */
function destinationIp(obs: NwObservation): string | undefined {
  if (obs.nextHop) return obs.nextHop.destinationIp;
  if (obs.flow) return obs.flow.remoteIp;
  return isIp(obs.check?.destination) ? obs.check.destination : undefined;
}

function destinationLabel(obs: NwObservation): string {
  if (obs.check) return endpointText(obs.check.destination, obs.check.protocol === 'Icmp' ? undefined : obs.check.port);
  if (obs.flow) return endpointText(obs.flow.remoteIp, obs.flow.remotePort);
  return obs.nextHop?.destinationIp ?? '?';
}

/** A flow follow-up for a TCP/UDP check to an address from a VM whose address is known. */
function flowFromCheck(t: Translate, obs: NwObservation): FollowUp[] {
  const c = obs.check;
  const ip = destinationIp(obs);
  if (!c || !ip || !obs.sourceIp || c.port === undefined || c.protocol === 'Icmp') return [];
  if (parseAddress(ip)?.family !== parseAddress(obs.sourceIp)?.family) return [];
  return [
    nwFollowUps.flow(t, obs.vm.name, {
      direction: 'Outbound',
      protocol: 'TCP',
      localIp: obs.sourceIp,
      localPort: EPHEMERAL_PORT,
      remoteIp: ip,
      remotePort: c.port,
    }),
  ];
}

function routingFollowUps(t: Translate, obs: NwObservation): FollowUp[] {
  const ip = destinationIp(obs);
  return ip ? [nwFollowUps.effectiveRoutes(t, obs.vm.name, ip), nwFollowUps.nexthop(t, obs.vm.name, ip)] : [nwFollowUps.effectiveRoutes(t, obs.vm.name)];
}

// ---------------------------------------------------------------- next hop facts

type NextHopJudgement =
  | { kind: 'none' }
  | { kind: 'misroute'; onPrem: Extract<OnPremises, { kind: 'learned' | 'presumed' }> }
  | { kind: 'fine'; onPrem: OnPremises };

const isType = (v: string | undefined, type: string) => (v ?? '').toLowerCase() === type.toLowerCase();

/**
 * What the next hop says, judged against the VM's effective routes: no route; an on-premises destination
 * (learned from the gateway, or a private address outside the VNet) not sent to the gateway; or fine.
 */
function judgeNextHop(obs: NwObservation): NextHopJudgement | undefined {
  const nh = obs.nextHop;
  if (!nh?.result?.ok) return undefined;
  const type = nh.result.value.nextHopType;
  if (isType(type, 'None')) return { kind: 'none' };
  const onPrem = onPremisesOf(obs.routes, nh.destinationIp);
  if ((onPrem.kind === 'learned' || onPrem.kind === 'presumed') && !isType(type, 'VirtualNetworkGateway')) return { kind: 'misroute', onPrem };
  return { kind: 'fine', onPrem };
}

/** In `check`, the next hop is supporting evidence: it only speaks when the check did not get through. */
function nextHopCounts(obs: NwObservation): boolean {
  const f = checkFacts(obs.check);
  return !f || (!f.reached && f.result !== undefined) || f.refused !== undefined;
}

// ---------------------------------------------------------------- rules

/** NW-AGENT-MISSING (warning): the source VM lacks the Network Watcher agent; the check could not run. */
export function nwAgentMissing(obs: NwObservation, t: Translate): Verdict[] {
  const f = checkFacts(obs.check);
  if (!f || !(f.refused || f.agent.length > 0 || f.noProbes)) return [];
  const vars = { vm: obs.vm.name, rg: obs.vm.resourceGroup, destination: destinationLabel(obs) };
  const evidence: string[] = [];
  if (f.refused) evidence.push(t('nw:evidence.refused', { code: f.refused.azureCode ?? '—', message: f.refused.message }));
  evidence.push(...f.agent.map((x) => issueEvidence(t, x)));
  if (f.noProbes && f.result) evidence.push(statusEvidence(t, f.result));
  const ip = destinationIp(obs);
  return [
    nwVerdict(t, 'NW-AGENT-MISSING', 'warning', {
      vars,
      detailKey: f.refused ? 'detail' : 'detailStopped',
      scope: obs.vm.name,
      evidence,
      nextSteps: [
        t('nw:verdict.NW-AGENT-MISSING.steps.portal', vars),
        t('nw:verdict.NW-AGENT-MISSING.steps.cliLinux', vars),
        t('nw:verdict.NW-AGENT-MISSING.steps.cliWindows', vars),
        t('nw:verdict.NW-AGENT-MISSING.steps.running', vars),
        ...(ip ? [t('nw:verdict.NW-AGENT-MISSING.steps.meanwhile', vars)] : []),
      ],
      followUps: [...(ip ? [nwFollowUps.nexthop(t, obs.vm.name, ip)] : []), ...flowFromCheck(t, obs)],
    }),
  ];
}

/** NW-NSG-BLOCK (critical): a hop reports a NetworkSecurityRule issue, or IP flow verify says Deny. Names the rule. */
export function nwNsgBlock(obs: NwObservation, t: Translate): Verdict[] {
  const f = checkFacts(obs.check);
  const fromCheck = f?.nsg ?? [];
  const denied = obs.flow !== undefined && isType(obs.flow.result.access, 'Deny');
  if (fromCheck.length === 0 && !denied) return [];
  const fullRule = denied ? obs.flow!.result.ruleName : contextValue(fromCheck[0]!.issue, 'RuleName');
  const rule = shortRuleName(fullRule) || '?';
  const byDefault = isDefaultRule(fullRule);
  const traffic = obs.flow ? flowText(obs) : checkTraffic(obs);
  const port = obs.flow ? obs.flow.remotePort : obs.check?.port;
  const protocol = obs.flow ? obs.flow.protocol : obs.check?.protocol.toUpperCase();
  const vars = { vm: obs.vm.name, rule, traffic, destination: destinationLabel(obs), port: port ?? '—', protocol: protocol ?? '—', remote: destinationIp(obs) ?? destinationLabel(obs) };
  const evidence = [...fromCheck.map((x) => issueEvidence(t, x)), ...(obs.flow ? [flowEvidence(t, obs)] : [])];
  if (f?.result) evidence.push(statusEvidence(t, f.result));
  const nextSteps = byDefault
    ? [t('nw:verdict.NW-NSG-BLOCK.steps.addAllow', vars), t('nw:verdict.NW-NSG-BLOCK.steps.both', vars)]
    : [t('nw:verdict.NW-NSG-BLOCK.steps.fix', vars), t('nw:verdict.NW-NSG-BLOCK.steps.both', vars)];
  const ip = destinationIp(obs);
  return [
    nwVerdict(t, 'NW-NSG-BLOCK', 'critical', {
      vars,
      titleKey: byDefault ? 'titleDefault' : 'title',
      detailKey: obs.flow?.direction === 'Inbound' ? 'detailInbound' : 'detail',
      scope: obs.vm.name,
      evidence,
      nextSteps,
      followUps: [nwFollowUps.effectiveNsg(t, obs.vm.name), ...flowFromCheck(t, obs), ...(obs.flow && ip ? [nwFollowUps.nexthop(t, obs.vm.name, ip)] : [])],
    }),
  ];
}

/**
 * NW-UDR-MISROUTE: a hop reports a user-defined route sending the traffic elsewhere (critical), or the next
 * hop of an on-premises destination is not the gateway: critical when the destination is inside a prefix
 * learned from the gateway, warning when it is only presumed on-premises (a private address outside the VNet).
 */
export function nwUdrMisroute(obs: NwObservation, t: Translate): Verdict[] {
  const f = checkFacts(obs.check);
  const fromCheck = f?.reached ? [] : (f?.udr ?? []);
  const judged = nextHopCounts(obs) ? judgeNextHop(obs) : undefined;
  const misroute = judged?.kind === 'misroute' ? judged : undefined;
  if (fromCheck.length === 0 && !misroute) return [];
  const hop = obs.nextHop?.result?.ok ? obs.nextHop.result.value : undefined;
  const issue = fromCheck[0]?.issue;
  // The hop after the one with the issue is where the route sent the traffic (e.g. VirtualAppliance 10.0.0.4).
  const after = fromCheck[0] && f?.result ? f.result.hops[fromCheck[0].hop] : undefined;
  const pathNext = after && !isType(after.type, 'Destination') ? after : undefined;
  const nextHopIp = hop?.nextHopIpAddress ?? (issue ? contextValue(issue, 'NextHop') : undefined) ?? pathNext?.address;
  const nextHopType = hop?.nextHopType ?? (issue ? contextValue(issue, 'NextHopType') : undefined) ?? pathNext?.type;
  const table = routeTableName(hop?.routeTableId) ?? (issue ? contextValue(issue, 'RouteTable') : undefined) ?? '—';
  const destination = destinationIp(obs) ?? destinationLabel(obs);
  const learned = misroute?.onPrem.kind === 'learned' ? learnedVars(misroute.onPrem.match) : undefined;
  const vars = {
    vm: obs.vm.name,
    destination,
    nextHop: [nextHopType, nextHopIp].filter(Boolean).join(' ') || '?',
    nextHopIp: nextHopIp ?? '—',
    table,
    prefix: learned?.prefix ?? destination,
  };
  const presumed = !fromCheck.length && misroute?.onPrem.kind === 'presumed';
  const evidence = [...fromCheck.map((x) => issueEvidence(t, x)), ...nextHopEvidence(t, obs)];
  if (misroute) evidence.push(...onPremEvidence(t, destination, misroute.onPrem));
  const selected = obs.routes?.ok ? selectedRoute(obs.routes.value, destination) : undefined;
  if (selected) evidence.push(routeEvidence(t, selected));
  if (f?.result) evidence.push(statusEvidence(t, f.result));
  const nextSteps = [t('nw:verdict.NW-UDR-MISROUTE.steps.route', vars), t('nw:verdict.NW-UDR-MISROUTE.steps.propagation', vars)];
  if (presumed) nextSteps.unshift(t('nw:verdict.NW-UDR-MISROUTE.steps.confirm', vars));
  if (learned) nextSteps.push(t('nw:verdict.NW-UDR-MISROUTE.steps.invalid', vars));
  return [
    nwVerdict(t, 'NW-UDR-MISROUTE', presumed ? 'warning' : 'critical', {
      vars,
      titleKey: presumed ? 'titlePresumed' : 'title',
      detailKey: fromCheck.length > 0 ? 'detailCheck' : presumed ? 'detailPresumed' : 'detail',
      scope: obs.vm.name,
      evidence,
      nextSteps,
      followUps: routingFollowUps(t, obs),
    }),
  ];
}

/** NW-NO-ROUTE (critical): next hop None, from a hop issue or from the next hop itself. */
export function nwNoRoute(obs: NwObservation, t: Translate): Verdict[] {
  const f = checkFacts(obs.check);
  const fromCheck = f?.reached ? [] : (f?.noRoute ?? []);
  const judged = nextHopCounts(obs) ? judgeNextHop(obs) : undefined;
  if (fromCheck.length === 0 && judged?.kind !== 'none') return [];
  const hop = judged?.kind === 'none' && obs.nextHop?.result?.ok ? obs.nextHop.result.value : undefined;
  const issue = fromCheck[0]?.issue;
  const tableId = hop?.routeTableId ?? (issue ? contextValue(issue, 'RouteTable') : undefined);
  const userTable = /\/routeTables\//i.test(tableId ?? '') || (issue !== undefined && isType(issue.type, 'UserDefinedRoute') && tableId !== undefined);
  const systemRoute = !userTable && (hop !== undefined || /system route/i.test(tableId ?? ''));
  const destination = destinationIp(obs) ?? destinationLabel(obs);
  const covering = obs.routes?.ok ? selectedRoute(obs.routes.value, destination) : undefined;
  const vars = {
    vm: obs.vm.name,
    destination,
    table: routeTableName(tableId) ?? '—',
    prefix: covering?.prefix ?? '—',
  };
  const evidence = [...fromCheck.map((x) => issueEvidence(t, x)), ...nextHopEvidence(t, obs)];
  if (covering) evidence.push(routeEvidence(t, covering));
  if (f?.result) evidence.push(statusEvidence(t, f.result));
  const nextSteps: string[] = [];
  if (userTable) nextSteps.push(t('nw:verdict.NW-NO-ROUTE.steps.removeUdr', vars));
  else nextSteps.push(t('nw:verdict.NW-NO-ROUTE.steps.learn', vars));
  nextSteps.push(t('nw:verdict.NW-NO-ROUTE.steps.routes', vars));
  return [
    nwVerdict(t, 'NW-NO-ROUTE', 'critical', {
      vars,
      detailKey: userTable ? 'detailUser' : systemRoute ? 'detailSystem' : 'detail',
      scope: obs.vm.name,
      evidence,
      nextSteps,
      followUps: routingFollowUps(t, obs),
    }),
  ];
}

/** NW-UNREACHABLE (critical): probes failed, and neither an NSG, a route nor the agent explains it. */
export function nwUnreachable(obs: NwObservation, t: Translate): Verdict[] {
  const f = checkFacts(obs.check);
  if (!f?.result || !f.failed || f.noProbes) return [];
  if (f.nsg.length > 0 || f.udr.length > 0 || f.noRoute.length > 0 || f.agent.length > 0) return [];
  const judged = judgeNextHop(obs);
  if (judged?.kind === 'none' || judged?.kind === 'misroute') return [];
  const c = obs.check!;
  const types = [...new Set(f.otherErrors.map((x) => x.issue.type ?? '?'))];
  const vars = {
    vm: obs.vm.name,
    destination: destinationLabel(obs),
    sent: dash(f.result.probesSent),
    failed: dash(f.result.probesFailed),
    issue: types.join(', '),
    port: c.port ?? '—',
    source: obs.sourceIp ?? obs.vm.name,
  };
  const evidence = [statusEvidence(t, f.result), ...pathEvidence(t, f.result), ...f.otherErrors.map((x) => issueEvidence(t, x)), ...nextHopEvidence(t, obs)];
  const nextSteps: string[] = [];
  if (types.some((x) => isType(x, 'GuestFirewall'))) nextSteps.push(t('nw:verdict.NW-UNREACHABLE.steps.guestFirewall', vars));
  if (types.some((x) => isType(x, 'DnsResolution'))) nextSteps.push(t('nw:verdict.NW-UNREACHABLE.steps.dns', vars));
  nextSteps.push(t('nw:verdict.NW-UNREACHABLE.steps.beyond', vars));
  if (c.port === 179) nextSteps.push(t('nw:verdict.NW-UNREACHABLE.steps.bgp', vars));
  if (destinationIp(obs)) nextSteps.push(t('nw:verdict.NW-UNREACHABLE.steps.narrow', vars));
  const ip = destinationIp(obs);
  return [
    nwVerdict(t, 'NW-UNREACHABLE', 'critical', {
      vars,
      detailKey: types.length > 0 ? 'detailIssue' : 'detail',
      scope: obs.vm.name,
      evidence,
      nextSteps,
      followUps: [...(ip ? [nwFollowUps.nexthop(t, obs.vm.name, ip)] : []), ...flowFromCheck(t, obs), nwFollowUps.effectiveNsg(t, obs.vm.name)],
    }),
  ];
}

/** NW-DEGRADED (warning): the check got through, but some probes failed or Azure flags the path (Degraded). */
export function nwDegraded(obs: NwObservation, t: Translate): Verdict[] {
  const f = checkFacts(obs.check);
  if (!f?.result || !f.reached || !f.degraded) return [];
  const r = f.result;
  const sent = r.probesSent ?? 0;
  const failed = r.probesFailed ?? 0;
  const vars = {
    vm: obs.vm.name,
    destination: destinationLabel(obs),
    sent,
    failed,
    percent: sent > 0 ? Math.round((failed / sent) * 100) : 0,
    min: dash(r.minLatencyInMs),
    avg: dash(r.avgLatencyInMs),
    max: dash(r.maxLatencyInMs),
  };
  const flagged = [...f.warnings, ...f.otherErrors];
  const hops = flagged.map((x) => `${x.hopType ?? '?'} ${x.address ?? ''}`.trim());
  const nextSteps = [t('nw:verdict.NW-DEGRADED.steps.repeat', vars)];
  if (hops.length > 0) nextSteps.push(t('nw:verdict.NW-DEGRADED.steps.hop', { ...vars, hop: hops.join(', ') }));
  nextSteps.push(t('nw:verdict.NW-DEGRADED.steps.circuit', vars));
  return [
    nwVerdict(t, 'NW-DEGRADED', 'warning', {
      vars,
      titleKey: failed > 0 ? 'title' : 'titleFlagged',
      detailKey: failed > 0 ? 'detail' : 'detailFlagged',
      scope: obs.vm.name,
      evidence: [statusEvidence(t, r), ...latencyEvidence(t, r), ...pathEvidence(t, r), ...flagged.map((x) => issueEvidence(t, x))],
      nextSteps,
    }),
  ];
}

/** NW-CONNECTIVITY-OK (ok): connection troubleshoot reached the target and no probe failed. */
export function nwConnectivityOk(obs: NwObservation, t: Translate): Verdict[] {
  const f = checkFacts(obs.check);
  if (!f?.result || !f.reached || f.degraded) return [];
  const r = f.result;
  const bgp = obs.check!.port === 179 && obs.check!.protocol === 'Tcp';
  const vars = { vm: obs.vm.name, destination: destinationLabel(obs), sent: dash(r.probesSent) };
  return [
    nwVerdict(t, 'NW-CONNECTIVITY-OK', 'ok', {
      vars,
      detailKey: bgp ? 'detailBgp' : 'detail',
      scope: obs.vm.name,
      evidence: [statusEvidence(t, r), ...latencyEvidence(t, r), ...pathEvidence(t, r)],
      nextSteps: bgp ? [t('nw:verdict.NW-CONNECTIVITY-OK.steps.bgp', vars)] : [],
    }),
  ];
}

/**
 * NW-STATUS-UNKNOWN (warning): Azure answered the check with a connectionStatus it is not documented to send
 * (documented: Connected, Disconnected, Degraded, Unknown, Reachable, Unreachable —
 * https://learn.microsoft.com/rest/api/network-watcher/network-watchers/check-connectivity and
 * https://learn.microsoft.com/powershell/module/az.network/test-aznetworkwatcherconnectivity). The bot does not
 * guess whether the target was reached: it says what came back, quoted, with the probes and the path.
 */
export function nwStatusUnknown(obs: NwObservation, t: Translate): Verdict[] {
  const f = checkFacts(obs.check);
  if (!f?.result || f.unrecognised === undefined) return [];
  const r = f.result;
  const vars = { vm: obs.vm.name, destination: destinationLabel(obs), status: q(f.unrecognised) };
  const ip = destinationIp(obs);
  return [
    nwVerdict(t, 'NW-STATUS-UNKNOWN', 'warning', {
      vars,
      scope: obs.vm.name,
      evidence: [statusEvidence(t, r), ...latencyEvidence(t, r), ...pathEvidence(t, r), ...f.issues.map((x) => issueEvidence(t, x)), ...nextHopEvidence(t, obs)],
      nextSteps: [t('nw:verdict.NW-STATUS-UNKNOWN.steps.repeat', vars), t('nw:verdict.NW-STATUS-UNKNOWN.steps.narrow', vars)],
      followUps: [...(ip ? [nwFollowUps.nexthop(t, obs.vm.name, ip)] : []), ...flowFromCheck(t, obs)],
    }),
  ];
}

/** NW-FLOW-ALLOWED (ok): IP flow verify allows the flow; routes are not judged by it, so next hop is offered. */
export function nwFlowAllowed(obs: NwObservation, t: Translate): Verdict[] {
  const f = obs.flow;
  if (!f || !isType(f.result.access, 'Allow')) return [];
  const rule = shortRuleName(f.result.ruleName) || '?';
  const vars = { vm: obs.vm.name, rule: isDefaultRule(f.result.ruleName) ? t('nw:effective.nsg.default', { name: rule }) : rule, traffic: flowText(obs), remote: f.remoteIp };
  return [
    nwVerdict(t, 'NW-FLOW-ALLOWED', 'ok', {
      vars,
      scope: obs.vm.name,
      evidence: [flowEvidence(t, obs)],
      nextSteps: [t('nw:verdict.NW-FLOW-ALLOWED.steps.nexthop', vars)],
      followUps: [nwFollowUps.nexthop(t, obs.vm.name, f.remoteIp)],
    }),
  ];
}

/**
 * NW-NEXTHOP-OK: the next hop neither drops the traffic nor sends an on-premises destination past the gateway.
 * ok; info when the VM's effective routes could not be read (on-premises or not was not judged).
 */
export function nwNextHopOk(obs: NwObservation, t: Translate): Verdict[] {
  if (obs.check) return [];
  const judged = judgeNextHop(obs);
  if (judged?.kind !== 'fine' || !obs.nextHop?.result?.ok) return [];
  const hop = obs.nextHop.result.value;
  const destination = obs.nextHop.destinationIp;
  const toGateway = isType(hop.nextHopType, 'VirtualNetworkGateway');
  const vars = {
    vm: obs.vm.name,
    destination,
    nextHop: [hop.nextHopType ?? '?', hop.nextHopIpAddress].filter(Boolean).join(' '),
    table: routeTableName(hop.routeTableId) ?? '—',
  };
  const unknown = judged.onPrem.kind === 'unknown';
  const evidence = [...nextHopEvidence(t, obs), ...onPremEvidence(t, destination, judged.onPrem)];
  const selected = obs.routes?.ok ? selectedRoute(obs.routes.value, destination) : undefined;
  if (selected) evidence.push(routeEvidence(t, selected));
  if (unknown) evidence.push(t('nw:evidence.routesUnread', { destination }));
  return [
    nwVerdict(t, 'NW-NEXTHOP-OK', unknown ? 'info' : 'ok', {
      vars,
      detailKey: unknown ? 'detailUnjudged' : toGateway && judged.onPrem.kind === 'learned' ? 'detailGateway' : 'detail',
      scope: obs.vm.name,
      evidence,
      nextSteps: [],
      followUps: [nwFollowUps.effectiveRoutes(t, obs.vm.name, destination)],
    }),
  ];
}
