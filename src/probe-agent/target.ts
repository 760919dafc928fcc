/**
 * Targets: "host:port" or "[v6]:port", one host and one port. No ranges, no port lists, no CIDR: the agent
 * probes exactly what it is asked, after checking it against its allowlist. Host names are resolved once,
 * here, and the worker connects to the resolved address (no second lookup that could answer differently).
 */
import { lookup } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { ResolvedTarget } from './types.ts';

export interface ParsedTarget {
  label: string;
  host: string;
  port: number;
  /** Set when the host is an address literal. */
  literal?: { address: string; family: 4 | 6 };
}

export class TargetError extends Error {
  override name = 'TargetError';
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** Parses one target; throws TargetError with a message that does not repeat the field name. */
export function parseTarget(text: string): ParsedTarget {
  const label = text.trim();
  if (label === '') throw new TargetError('is empty (expected host:port, e.g. 10.1.2.4:3389)');
  if (label.length > 300) throw new TargetError('is too long');
  let host: string;
  let portText: string;
  if (label.startsWith('[')) {
    const m = /^\[([^\]]+)\]:(.*)$/.exec(label);
    if (!m) throw new TargetError(`"${label}" is not [IPv6]:port (e.g. [2001:db8::4]:443)`);
    host = m[1] ?? '';
    portText = m[2] ?? '';
    if (!isIPv6(host) || host.includes('%')) throw new TargetError(`"${host}" is not an IPv6 address (zone ids are not accepted)`);
  } else {
    const colon = label.lastIndexOf(':');
    if (colon < 0) throw new TargetError(`"${label}" has no port (expected host:port, e.g. 10.1.2.4:3389)`);
    host = label.slice(0, colon);
    portText = label.slice(colon + 1);
    if (host.includes(':')) throw new TargetError(`"${label}": write an IPv6 address in brackets, e.g. [2001:db8::4]:443`);
  }
  if (/[,;\s]/.test(portText) || portText.includes('-')) {
    throw new TargetError(`"${label}": one port only (no lists or ranges)`);
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new TargetError(`"${label}": the port must be a number from 1 to 65535`);
  }
  const port = Number(portText);
  if (/[/*]/.test(host) || /^[\d.]+-[\d.]*$/.test(host)) {
    throw new TargetError(`"${label}": one host only (no CIDR blocks, ranges or wildcards)`);
  }
  if (isIPv6(host)) return { label, host, port, literal: normalise(host) };
  if (isIPv4(host)) return { label, host, port, literal: { address: host, family: 4 } };
  // Everything numeric that is not a dotted quad ("127.1", "0x7f000001", "2130706433") is an address spelling
  // that getaddrinfo would accept; refuse it rather than guess.
  if (/^[\d.]+$/.test(host) || /^0x[0-9a-f]+$/i.test(host) || /(^|\.)\d+$/.test(host)) {
    throw new TargetError(`"${host}" is not a valid IPv4 address (four decimal parts) or host name`);
  }
  if (!HOSTNAME.test(host)) throw new TargetError(`"${host}" is not a valid host name`);
  return { label, host, port };
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is IPv4 for the kernel, so it is IPv4 for the allowlist too. */
export function normalise(address: string): { address: string; family: 4 | 6 } {
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return { address: v6.toIPv4Address().toString(), family: 4 };
    return { address: v6.toRFC5952String(), family: 6 };
  }
  return { address: ip.toString(), family: 4 };
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }>;

const systemResolver: Resolver = (host) => lookup(host, { order: 'verbatim' });

/** Resolves a parsed target once (bounded in time). Throws TargetError when the name does not resolve. */
export async function resolveTarget(t: ParsedTarget, resolver: Resolver = systemResolver, timeoutMs = 5000): Promise<ResolvedTarget> {
  if (t.literal) return { label: t.label, host: t.host, address: t.literal.address, family: t.literal.family, port: t.port };
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      resolver(t.host),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TargetError(`host name "${t.host}" did not resolve within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    if (!ipaddr.isValid(answer.address)) throw new TargetError(`host name "${t.host}" resolved to something that is not an address`);
    const n = normalise(answer.address);
    return { label: t.label, host: t.host, address: n.address, family: n.family, port: t.port };
  } catch (e) {
    if (e instanceof TargetError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new TargetError(`host name "${t.host}" does not resolve${code ? ` (${code})` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}

/** "10.1.2.4:3389" or "[2001:db8::4]:443". */
export function formatEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
