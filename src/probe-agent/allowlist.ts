/**
 * The agent's target allowlist: CIDR blocks, each with the ports that may be probed there. Everything else is
 * refused. Some addresses are refused even inside a listed block unless a rule names them explicitly (a rule
 * whose block lies inside the special range): link-local, the cloud metadata and Azure platform addresses,
 * loopback, unspecified and multicast. So "0.0.0.0/0:443" never reaches 169.254.169.254; "169.254.169.254/32:80"
 * does.
 */
import ipaddr from 'ipaddr.js';
import { normalise } from './target.ts';

type IP = ipaddr.IPv4 | ipaddr.IPv6;

export interface PortRange {
  from: number;
  to: number;
}

export interface AllowRule {
  /** The block as written, normalised ("10.0.0.0/8"). */
  cidr: string;
  network: IP;
  bits: number;
  ports: PortRange[];
}

export class AllowListError extends Error {
  override name = 'AllowListError';
}

interface SpecialRange {
  network: IP;
  bits: number;
  what: string;
}

function special(cidr: string, what: string): SpecialRange {
  const [network, bits] = ipaddr.parseCIDR(cidr);
  return { network, bits, what };
}

/** Most specific first: the first one containing an address is the one a rule must lie inside. */
const SPECIAL: SpecialRange[] = [
  special('169.254.169.254/32', 'the cloud instance metadata address'),
  special('168.63.129.16/32', 'the Azure platform address (WireServer)'),
  special('255.255.255.255/32', 'the broadcast address'),
  special('::/128', 'the unspecified address'),
  special('::1/128', 'loopback'),
  special('0.0.0.0/8', '"this network" (0.0.0.0/8)'),
  special('127.0.0.0/8', 'loopback'),
  special('169.254.0.0/16', 'link-local'),
  special('224.0.0.0/4', 'multicast'),
  special('fe80::/10', 'link-local'),
  special('ff00::/8', 'multicast'),
];

const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

function contains(network: IP, bits: number, ip: IP): boolean {
  return network.kind() === ip.kind() && ip.match(network, bits);
}

function specialFor(ip: IP): SpecialRange | undefined {
  const direct = SPECIAL.find((s) => contains(s.network, s.bits, ip));
  if (direct) return direct;
  // A NAT64 address that embeds a special IPv4 address reaches that address through the translator.
  if (contains(NAT64[0], NAT64[1], ip)) {
    const b = ip.toByteArray();
    const v4 = ipaddr.fromByteArray(b.slice(12)) as ipaddr.IPv4;
    const inner = SPECIAL.find((s) => contains(s.network, s.bits, v4));
    if (inner) return { network: ip, bits: 128, what: `${inner.what} behind NAT64` };
  }
  return undefined;
}

function parsePorts(spec: string | number | readonly (string | number)[], where: string): PortRange[] {
  const items = typeof spec === 'number' ? [spec] : typeof spec === 'string' ? spec.split(',') : spec;
  if (items.length === 0) throw new AllowListError(`${where}: no ports listed`);
  return items.map((item) => {
    const text = String(item).trim();
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
    const from = Number(m?.[1]);
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (!m || from < 1 || to > 65535 || to < from) {
      throw new AllowListError(`${where}: "${text}" is not a port (1-65535) or a port range (e.g. 8000-8010)`);
    }
    return { from, to };
  });
}

/** One rule from a block ("10.0.0.0/8", "2001:db8::/32", or a single address) and its ports. */
export function parseRule(block: string, ports: string | number | readonly (string | number)[]): AllowRule {
  const text = block.trim().replace(/^\[(.*)\]$/, '$1');
  const where = `allow "${text}"`;
  let network: IP;
  let bits: number;
  try {
    if (text.includes('/')) {
      const [addr = '', len = ''] = text.split('/');
      if (!ipaddr.isValid(addr) || (addr.includes('.') && !addr.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(addr)) || !/^\d{1,3}$/.test(len)) {
        throw new Error('bad');
      }
      [network, bits] = ipaddr.parseCIDR(`${normalise(addr).address}/${len}`);
    } else {
      if (!ipaddr.isValid(text) || (!text.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(text))) throw new Error('bad');
      network = ipaddr.parse(normalise(text).address);
      bits = network.kind() === 'ipv4' ? 32 : 128;
    }
  } catch {
    throw new AllowListError(`${where}: not an IPv4/IPv6 address or CIDR block`);
  }
  // Clear host bits so "10.1.2.3/8" means 10.0.0.0/8.
  const bytes = network.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    bytes[i] = (bytes[i] ?? 0) & (0xff << (8 - keep)) & 0xff;
  }
  network = ipaddr.fromByteArray(bytes);
  const cidr = `${network.kind() === 'ipv6' ? (network as ipaddr.IPv6).toRFC5952String() : network.toString()}/${bits}`;
  return { cidr, network, bits, ports: parsePorts(ports, where) };
}

/**
 * The environment syntax: rules separated by ";", each "block:ports" with ports separated by ",".
 * "10.0.0.0/8:3389,443;192.168.10.0/24:179;[2001:db8::/32]:443;2001:db8::/32:443".
 */
export function parseAllowList(text: string): AllowRule[] {
  const rules: AllowRule[] = [];
  for (const part of text.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    let block: string;
    let ports: string;
    const bracket = /^\[([^\]]+)\]:(.+)$/.exec(item);
    if (bracket) {
      block = bracket[1] ?? '';
      ports = bracket[2] ?? '';
    } else {
      // The ports follow the last ":" after the prefix length (IPv6 blocks contain colons themselves).
      const slash = item.indexOf('/');
      const colon = slash >= 0 ? item.indexOf(':', slash) : item.lastIndexOf(':');
      if (colon < 0) throw new AllowListError(`allow "${item}": no ports (write block:ports, e.g. 10.0.0.0/8:3389,443)`);
      block = item.slice(0, colon);
      ports = item.slice(colon + 1);
      if (slash < 0 && block.includes(':')) {
        throw new AllowListError(`allow "${item}": write a single IPv6 address in brackets, e.g. [2001:db8::4]:443`);
      }
    }
    rules.push(parseRule(block, ports));
  }
  return rules;
}

export type AllowDecision = { allowed: true; rule: AllowRule } | { allowed: false; reason: string };

function portListed(rule: AllowRule, port: number): boolean {
  return rule.ports.some((r) => port >= r.from && port <= r.to);
}

/** Checks a resolved address and a port against the rules. The reason is safe to show to the caller. */
export function checkTarget(rules: readonly AllowRule[], address: string, port: number): AllowDecision {
  let ip: IP;
  try {
    ip = ipaddr.parse(normalise(address).address);
  } catch {
    return { allowed: false, reason: `${address} is not an address` };
  }
  const shown = ip.kind() === 'ipv6' ? (ip as ipaddr.IPv6).toRFC5952String() : ip.toString();
  const sp = specialFor(ip);
  const covering = rules.filter((r) => contains(r.network, r.bits, ip));
  // A special address is only reached by a rule that lies inside its special range.
  const eligible = sp ? covering.filter((r) => r.bits >= sp.bits && contains(sp.network, sp.bits, r.network)) : covering;
  const rule = eligible.find((r) => portListed(r, port));
  if (rule) return { allowed: true, rule };
  if (sp && eligible.length === 0) {
    return {
      allowed: false,
      reason: `${shown} is ${sp.what}; the agent refuses it unless its allowlist names it explicitly`,
    };
  }
  if (eligible.length === 0) return { allowed: false, reason: `${shown} is not in the agent's allowlist` };
  return { allowed: false, reason: `port ${port} is not allowed for ${shown}` };
}

/** For the startup banner and the docs: "10.0.0.0/8:443,3389". */
export function formatRule(rule: AllowRule): string {
  const ports = rule.ports.map((p) => (p.from === p.to ? String(p.from) : `${p.from}-${p.to}`)).join(',');
  return rule.network.kind() === 'ipv6' ? `[${rule.cidr}]:${ports}` : `${rule.cidr}:${ports}`;
}
