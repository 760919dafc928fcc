/**
 * A small model of the Azure data plane, so that Network Watcher answers nobody wrote down in the world
 * still agree with the effective routes and NSGs the same world shows: next hop = longest-prefix match over
 * the NIC's effective routes; IP flow verify = first matching NSG rule by priority.
 */
import { cidrContains, parseAddress, parseAddressPrefix } from '../net/ip.ts';
import { type EffectiveRule, effectiveRoutesOf, effectiveRulesOf } from './wire.ts';
import { type NicRef, type World, findVnetFor } from './world.ts';
import type { WorldEffectiveRoute } from './world-schema.ts';

export interface RouteChoice {
  route?: WorldEffectiveRoute;
  nextHopType: string;
  nextHopIpAddress?: string;
  routeTableId: string;
}

/** Longest-prefix match over the active effective routes; User routes win ties, as in Azure. */
export function lookupRoute(world: World, ref: NicRef, destination: string): RouteChoice {
  const ip = parseAddress(destination);
  let best: { route: WorldEffectiveRoute; length: number } | undefined;
  if (ip !== undefined) {
    for (const route of effectiveRoutesOf(world, ref)) {
      if (route.state !== 'Active') continue;
      for (const prefix of route.addressPrefix) {
        const c = parseAddressPrefix(prefix);
        if (!c || !cidrContains(c, ip)) continue;
        const better =
          !best || c.bits > best.length || (c.bits === best.length && route.source === 'User' && best.route.source !== 'User');
        if (better) best = { route, length: c.bits };
      }
    }
  }
  if (!best) return { nextHopType: 'None', routeTableId: 'System Route' };
  const r = best.route;
  return {
    route: r,
    nextHopType: r.nextHopType,
    ...(r.nextHopIpAddress[0] ? { nextHopIpAddress: r.nextHopIpAddress[0] } : {}),
    routeTableId: r.routeTableId ?? (r.source === 'User' ? '' : 'System Route'),
  };
}

export interface FlowQuery {
  direction: 'Inbound' | 'Outbound';
  protocol: string;
  localIPAddress: string;
  localPort: string;
  remoteIPAddress: string;
  remotePort: string;
}

function portMatches(range: string, port: string): boolean {
  if (range === '*' || port === '*' || port === '') return true;
  const p = Number(port);
  const [lo, hi] = range.split('-').map(Number);
  if (lo === undefined || Number.isNaN(lo)) return false;
  return p >= lo && p <= (hi ?? lo);
}

/** The address space behind the VirtualNetwork service tag: the VNet, its peers, and what the gateway learned. */
function virtualNetworkSpace(world: World, ref: NicRef): string[] {
  const vnet = findVnetFor(world, ref.vm.subscriptionId, ref.vm.resourceGroup, ref.nic.vnet);
  const peers = (vnet?.peerings ?? []).flatMap((p) => {
    const remote = world.virtualNetworks.find((v) => p.remoteVirtualNetwork.toLowerCase().endsWith(`/virtualnetworks/${v.name.toLowerCase()}`));
    return remote?.addressSpace ?? [];
  });
  const learned = effectiveRoutesOf(world, ref)
    .filter((r) => r.source === 'VirtualNetworkGateway')
    .flatMap((r) => r.addressPrefix);
  return [...(vnet?.addressSpace ?? []), ...peers, ...learned];
}

function addressMatches(prefix: string, ip: string, vnetSpace: string[]): boolean {
  const p = prefix.trim();
  const n = parseAddress(ip);
  if (p === '*' || p === '0.0.0.0/0' || p.toLowerCase() === 'any') return true;
  if (n?.family !== 4) return false; // the NSG model is IPv4 only (Internet would otherwise match any IPv6 address)
  const inVnet = () => vnetSpace.some((s) => {
    const c = parseAddressPrefix(s);
    return c !== undefined && cidrContains(c, n);
  });
  switch (p.toLowerCase()) {
    case 'virtualnetwork':
      return inVnet();
    case 'internet':
      return !inVnet();
    case 'azureloadbalancer':
      return ip === '168.63.129.16';
    default: {
      const c = parseAddressPrefix(p);
      return c !== undefined && cidrContains(c, n);
    }
  }
}

/** First rule by priority that matches; no NSG at all = allowed. */
export function evaluateNsg(world: World, ref: NicRef, q: FlowQuery): { access: 'Allow' | 'Deny'; ruleName: string; rule?: EffectiveRule } {
  const rules = effectiveRulesOf(ref);
  if (rules.length === 0) return { access: 'Allow', ruleName: '' };
  const space = virtualNetworkSpace(world, ref);
  const outbound = q.direction === 'Outbound';
  const src = outbound ? { ip: q.localIPAddress, port: q.localPort } : { ip: q.remoteIPAddress, port: q.remotePort };
  const dst = outbound ? { ip: q.remoteIPAddress, port: q.remotePort } : { ip: q.localIPAddress, port: q.localPort };
  for (const r of rules) {
    if (r.direction !== q.direction) continue;
    if (r.protocol !== 'All' && r.protocol !== '*' && r.protocol.toLowerCase() !== q.protocol.toLowerCase()) continue;
    if (!portMatches(r.sourcePortRange, src.port) || !portMatches(r.destinationPortRange, dst.port)) continue;
    if (!addressMatches(r.sourceAddressPrefix, src.ip, space) || !addressMatches(r.destinationAddressPrefix, dst.ip, space)) continue;
    return { access: r.access, ruleName: r.name, rule: r };
  }
  return { access: 'Deny', ruleName: 'defaultSecurityRules/DenyAll' };
}
