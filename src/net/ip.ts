/**
 * Address helpers for peering subnets. IPv4 and IPv6 share one representation (a bigint and a family) so the
 * /30 and /126 rules are the same code: the customer (on-premises) router uses the first usable address of the
 * subnet and Microsoft the second.
 */
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

export function parseIpv4(text: string): bigint | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = value * 256n + BigInt(p);
  }
  return value;
}

export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
}

export function parseIpv6(text: string): bigint | undefined {
  let s = text.trim().toLowerCase();
  if (s.includes('%')) s = s.slice(0, s.indexOf('%'));
  if (!/^[0-9a-f:.]+$/.test(s) || s.split('::').length > 2) return undefined;
  // An IPv4 tail ("::ffff:192.0.2.1") becomes two groups.
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${((v4 >> 16n) & 0xffffn).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const split = (x: string) => (x === '' ? [] : x.split(':'));
  const h = split(head);
  const tl = tail === undefined ? [] : split(tail);
  const missing = 8 - h.length - tl.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tl];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(`0x${g}`);
  }
  return value;
}

/** RFC 5952 text: lower case, the longest run (>= 2) of zero groups compressed, leftmost on a tie. */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function parseAddress(text: string): Address | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function formatAddress(a: Address): string {
  return a.family === 4 ? formatIpv4(a.value) : formatIpv6(a.value);
}

/** "192.168.10.0/30" or "2001:db8::/126". Host bits are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', bitsText, ...more] = text.trim().split('/');
  if (more.length > 0 || bitsText === undefined || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const a = parseAddress(addr);
  if (!a) return undefined;
  const bits = Number(bitsText);
  const width = WIDTH[a.family];
  if (bits > width) return undefined;
  const hostBits = BigInt(width - bits);
  return { family: a.family, network: (a.value >> hostBits) << hostBits, bits };
}

export function formatCidr(c: Cidr): string {
  return `${formatAddress({ family: c.family, value: c.network })}/${c.bits}`;
}

export function cidrContains(c: Cidr, a: Address): boolean {
  if (c.family !== a.family) return false;
  const hostBits = BigInt(WIDTH[c.family] - c.bits);
  return (a.value >> hostBits) << hostBits === c.network;
}

export interface PeerAddresses {
  family: Family;
  /** First usable address: the customer (on-premises) router. */
  onPrem: string;
  /** Second usable address: the Microsoft edge router. */
  microsoft: string;
}

/**
 * The expected addresses in a peering subnet (/30 for IPv4, /126 for IPv6, or any subnet with room for two
 * hosts): on-premises = network + 1, Microsoft = network + 2. Undefined when the prefix does not parse or is
 * too small.
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
