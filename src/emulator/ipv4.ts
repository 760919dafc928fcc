/** IPv4 arithmetic for route generators, next-hop lookups and NSG evaluation. */
export function ipToInt(ip: string): number | undefined {
  const parts = ip.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export interface Cidr {
  base: number;
  length: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, len] = text.trim().split('/');
  const base = ipToInt(ip ?? '');
  const length = len === undefined ? 32 : Number(len);
  if (base === undefined || !Number.isInteger(length) || length < 0 || length > 32) return undefined;
  const size = 2 ** (32 - length);
  return { base: base - (base % size), length };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  const size = 2 ** (32 - cidr.length);
  return ip >= cidr.base && ip < cidr.base + size;
}

/** `count` consecutive prefixes of the length of `start`: 10.0.0.0/24, 10.0.1.0/24, ... */
export function consecutivePrefixes(start: string, count: number): string[] {
  const c = parseCidr(start);
  if (!c) return [];
  const size = 2 ** (32 - c.length);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = c.base + i * size;
    if (base > 0xffffffff) break;
    out.push(`${intToIp(base)}/${c.length}`);
  }
  return out;
}

/** First usable host of a prefix plus an offset (the /30 convention: +1 on-premises, +2 Microsoft). */
export function hostInPrefix(prefix: string, offset: number): string | undefined {
  const c = parseCidr(prefix);
  return c ? intToIp(c.base + offset) : undefined;
}
