/** IPv4 prefixes as typed in chat: recognize what looks like one, then validate it with a precise reason. */

/** Digits and dots with at least one dot, optionally "/something": the user meant an address or prefix. */
export function looksLikeIpv4(token: string): boolean {
  return /^\d+(?:\.\d*){1,4}(?:\/\S*)?$/.test(token) || /^\d+(?:\.\d+)*\/\S*$/.test(token);
}

export type PrefixProblem = 'octet-count' | 'bad-octet' | 'bad-mask';

export type ParsedPrefix =
  | { ok: true; /** "10.20.0.0/16"; a bare address becomes /32. */ prefix: string; /** Host bits were set and cleared. */ hostBitsCleared: boolean }
  | { ok: false; problem: PrefixProblem; detail: string };

export function parseIpv4Prefix(token: string): ParsedPrefix {
  const [addr = '', mask, ...more] = token.split('/');
  const octets = addr.split('.');
  if (octets.length !== 4 || more.length > 0) return { ok: false, problem: 'octet-count', detail: addr };
  let value = 0;
  for (const o of octets) {
    // Leading zeros are refused: some tools read 010 as octal, so its meaning is ambiguous.
    if (!/^(?:0|[1-9]\d{0,2})$/.test(o) || Number(o) > 255) return { ok: false, problem: 'bad-octet', detail: o };
    value = value * 256 + Number(o);
  }
  let bits = 32;
  if (mask !== undefined) {
    if (!/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(mask)) return { ok: false, problem: 'bad-mask', detail: mask };
    bits = Number(mask);
  }
  const size = 2 ** (32 - bits);
  const network = Math.floor(value / size) * size;
  const text = [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join('.');
  return { ok: true, prefix: `${text}/${bits}`, hostBitsCleared: network !== value };
}
