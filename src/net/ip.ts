/**
 * IP addresses and prefixes, IPv4 and IPv6, for the whole bot: diagnosis rules, the route commands, the chat
 * argument parser and the emulator. Parsing, validation, normalisation and prefix matching are ipaddr.js;
 * what is ours is only what ipaddr.js has no function for (each marked "Ours"): the /30 peer-address and
 * host-offset arithmetic, consecutive prefix generation, and the chat-facing prefix checks with their reasons.
 *
 * IPv4 and IPv6 share one representation (a bigint and a family) so the /30 and /126 rules are the same code:
 * the customer (on-premises) router uses the first usable address of the subnet and Microsoft the second.
 *
 * Accepted spellings are stricter than ipaddr.parse: IPv4 is a dotted quad of decimal octets without leading
 * zeros (ipaddr.js reads "010.1.1.1" as octal 8.1.1.1 and takes "10.1", "0xa.0.0.1" and "167772161" too),
 * including the IPv4 tail of an IPv6 address. Surrounding whitespace is ignored.
 */
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface Address {
  family: Family;
  value: bigint;
}

export interface Cidr {
  family: Family;
  /** Network address (host bits cleared). */
  network: bigint;
  bits: number;
}

const WIDTH: Record<Family, number> = { 4: 32, 6: 128 };

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

function familyOf(ip: Ip): Family {
  return ip.kind() === 'ipv4' ? 4 : 6;
}

function toBigint(ip: Ip): bigint {
  return ip.toByteArray().reduce((v, b) => (v << 8n) | BigInt(b), 0n);
}

/** The low 32 or 128 bits of `value` as an ipaddr.js address. */
function toIp(family: Family, value: bigint): Ip {
  const bytes: number[] = [];
  for (let i = WIDTH[family] / 8 - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 255n));
  return ipaddr.fromByteArray(bytes);
}

function parseIp(text: string): Ip | undefined {
  const s = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
  if (!ipaddr.IPv6.isValid(s)) return undefined;
  const v4Tail = /([^:%]*)(?:%.*)?$/.exec(s)?.[1] ?? '';
  if (v4Tail.includes('.')) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(v4Tail)) return undefined;
    // ipaddr.js reads "::1.2.3.4" as "::ffff:1.2.3.4"; RFC 4291 (and Node, Python) read it as ::102:304.
    if (s.lastIndexOf(':') === 1) return ipaddr.IPv6.parse(`::0:${s.slice(2)}`);
  }
  return ipaddr.IPv6.parse(s);
}

export function parseIpv4(text: string): bigint | undefined {
  const ip = parseIp(text);
  return ip?.kind() === 'ipv4' ? toBigint(ip) : undefined;
}

export function formatIpv4(value: bigint): string {
  return toIp(4, value).toString();
}

/** A zone ("fe80::1%eth0") is accepted and dropped. */
export function parseIpv6(text: string): bigint | undefined {
  const ip = parseIp(text);
  return ip?.kind() === 'ipv6' ? toBigint(ip) : undefined;
}

/** RFC 5952 text: lower case, the longest run (>= 2) of zero groups compressed, leftmost on a tie. */
export function formatIpv6(value: bigint): string {
  return (toIp(6, value) as ipaddr.IPv6).toRFC5952String();
}

export function parseAddress(text: string): Address | undefined {
  const ip = parseIp(text);
  return ip && { family: familyOf(ip), value: toBigint(ip) };
}

export function formatAddress(a: Address): string {
  return a.family === 4 ? formatIpv4(a.value) : formatIpv6(a.value);
}

/** "192.168.10.0/30" or "2001:db8::/126". Host bits are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', bitsText = '', ...more] = text.trim().split('/');
  const ip = parseIp(addr);
  if (!ip || more.length > 0 || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const family = familyOf(ip);
  const bits = Number(bitsText);
  if (bits > WIDTH[family]) return undefined;
  const mask = ip.kind() === 'ipv4' ? ipaddr.IPv4.subnetMaskFromPrefixLength(bits) : ipaddr.IPv6.subnetMaskFromPrefixLength(bits);
  return { family, network: toBigint(ip) & toBigint(mask), bits };
}

/** Like parseCidr, but a bare address is a host prefix (/32, /128), as in NSG rules and route tables. */
export function parseAddressPrefix(text: string): Cidr | undefined {
  if (text.includes('/')) return parseCidr(text);
  const a = parseAddress(text);
  return a && { family: a.family, network: a.value, bits: WIDTH[a.family] };
}

export function formatCidr(c: Cidr): string {
  return `${formatAddress({ family: c.family, value: c.network })}/${c.bits}`;
}

export function cidrContains(c: Cidr, a: Address): boolean {
  return c.family === a.family && toIp(a.family, a.value).match(toIp(c.family, c.network), c.bits);
}

/** Ours: the address `offset` after the network address of `prefix` (a bare address counts as /32 or /128). */
export function hostInPrefix(prefix: string, offset: number): string | undefined {
  const c = parseAddressPrefix(prefix);
  if (!c) return undefined;
  const value = c.network + BigInt(offset);
  return value < 0n || value >> BigInt(WIDTH[c.family]) !== 0n ? undefined : formatAddress({ family: c.family, value });
}

/** Ours: `count` consecutive prefixes of the length of `start`: 10.0.0.0/24, 10.0.1.0/24, ... (stops at the end of the space). */
export function consecutivePrefixes(start: string, count: number): string[] {
  const c = parseAddressPrefix(start);
  if (!c) return [];
  const size = 1n << BigInt(WIDTH[c.family] - c.bits);
  const out: string[] = [];
  for (let i = 0n; i < BigInt(Math.max(0, count)); i++) {
    const network = c.network + i * size;
    if (network >> BigInt(WIDTH[c.family]) !== 0n) break;
    out.push(formatCidr({ ...c, network }));
  }
  return out;
}

export interface PeerAddresses {
  family: Family;
  /** First usable address: the customer (on-premises) router. */
  onPrem: string;
  /** Second usable address: the Microsoft edge router. */
  microsoft: string;
}

/**
 * Ours: the expected addresses in a peering subnet (/30 for IPv4, /126 for IPv6, or any subnet with room for
 * two hosts): on-premises = network + 1, Microsoft = network + 2. Undefined when the prefix does not parse or
 * is too small.
 */
export function peerAddresses(prefix: string | undefined): PeerAddresses | undefined {
  if (!prefix) return undefined;
  const c = parseCidr(prefix);
  if (!c || WIDTH[c.family] - c.bits < 2) return undefined;
  return {
    family: c.family,
    onPrem: formatAddress({ family: c.family, value: c.network + 1n }),
    microsoft: formatAddress({ family: c.family, value: c.network + 2n }),
  };
}

/** Same address, whatever the spelling ("2001:DB8::1" = "2001:db8:0::1"). */
export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = parseAddress(a);
  const y = parseAddress(b);
  if (!x || !y) return a.trim().toLowerCase() === b.trim().toLowerCase();
  return x.family === y.family && x.value === y.value;
}

export function addressFamily(text: string): Family | undefined {
  return parseAddress(text)?.family;
}

/** 0.0.0.0/0 or ::/0. */
export function isDefaultRoute(network: string): boolean {
  const c = parseCidr(network);
  return c !== undefined && c.bits === 0;
}

// ---------------------------------------------------------------- IPv4 prefixes typed in chat

/** Ours: digits and dots with at least one dot, optionally "/something": the user meant an address or prefix. */
export function looksLikeIpv4(token: string): boolean {
  return /^\d+(?:\.\d*){1,4}(?:\/\S*)?$/.test(token) || /^\d+(?:\.\d+)*\/\S*$/.test(token);
}

export type PrefixProblem = 'octet-count' | 'bad-octet' | 'bad-mask';

export type ParsedPrefix =
  | { ok: true; /** "10.20.0.0/16"; a bare address becomes /32. */ prefix: string; /** Host bits were set and cleared. */ hostBitsCleared: boolean }
  | { ok: false; problem: PrefixProblem; detail: string };

/**
 * An IPv4 address or prefix typed in chat. Ours: the checks that name what is wrong (ipaddr.js only says
 * valid or not); the prefix itself is then read by parseCidr.
 */
export function parseIpv4Prefix(token: string): ParsedPrefix {
  const [addr = '', mask, ...more] = token.split('/');
  const octets = addr.split('.');
  if (octets.length !== 4 || more.length > 0) return { ok: false, problem: 'octet-count', detail: addr };
  // Leading zeros are refused: some tools read 010 as octal, so its meaning is ambiguous.
  const badOctet = octets.find((o) => !/^(?:0|[1-9]\d{0,2})$/.test(o) || Number(o) > 255);
  if (badOctet !== undefined) return { ok: false, problem: 'bad-octet', detail: badOctet };
  if (mask !== undefined && !/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(mask)) return { ok: false, problem: 'bad-mask', detail: mask };
  const c = parseCidr(`${addr}/${mask ?? 32}`);
  if (!c) return { ok: false, problem: 'bad-octet', detail: addr }; // not reached: the checks above are stricter
  return { ok: true, prefix: formatCidr(c), hostBitsCleared: c.network !== parseIpv4(addr) };
}
