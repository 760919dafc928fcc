/**
 * Parsing of the route table summary fields and the BGP facts rules rely on: session state, up/down time,
 * prefix limits per SKU tier and peering, reserved ASNs.
 */

export type BgpSession =
  /** `statePfxRcd` held a number: Established with that many prefixes received. */
  | { established: true; prefixes: number }
  /** `statePfxRcd` held a word (Idle, Active, Connect, OpenSent, OpenConfirm, "Idle (Admin)"...): down. */
  | { established: false; state: string };

/** "42" -> Established, 42 prefixes; "Idle" -> down in Idle; empty or missing -> undefined (unknown). */
export function parseStatePfxRcd(raw: string | number | undefined | null): BgpSession | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? { established: true, prefixes: raw } : undefined;
  const s = raw.trim();
  if (s === '') return undefined;
  if (/^\d[\d,]*$/.test(s)) return { established: true, prefixes: Number(s.replaceAll(',', '')) };
  return { established: false, state: s };
}

/** A session held down by the router's maximum-prefix limit ("Idle (PfxCt)" on Cisco-style routers). */
export function isPrefixLimitState(state: string): boolean {
  return /pfxct|prefix/i.test(state);
}

const UNIT_SECONDS: Record<string, number> = { y: 365 * 86_400, w: 7 * 86_400, d: 86_400, h: 3_600, m: 60, s: 1 };

/**
 * `upDown` -> seconds in the current state. Formats: "never" (undefined), "00:09:35" (h:mm:ss),
 * "1d02h", "3w2d", "2y10w" (largest units first). Anything else -> undefined.
 */
export function parseUpDown(raw: string | undefined | null): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const s = raw.trim().toLowerCase();
  if (s === '' || s === 'never') return undefined;
  const hms = /^(\d+):(\d{1,2}):(\d{1,2})$/.exec(s);
  if (hms) {
    const [, h, m, sec] = hms;
    if (Number(m) > 59 || Number(sec) > 59) return undefined;
    return Number(h) * 3_600 + Number(m) * 60 + Number(sec);
  }
  const compound = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (!compound || s === '') return undefined;
  const units = ['y', 'w', 'd', 'h', 'm', 's'] as const;
  let total = 0;
  let any = false;
  units.forEach((u, i) => {
    const v = compound[i + 1];
    if (v !== undefined) {
      any = true;
      total += Number(v) * UNIT_SECONDS[u]!;
    }
  });
  return any ? total : undefined;
}

export const RECENT_FLAP_SECONDS = 3_600;

export const PREFIX_LIMITS = { standardPrivate: 4_000, premiumPrivate: 10_000, microsoft: 200 } as const;

/**
 * Maximum IPv4 prefixes Azure accepts from the customer on one session: 200 on Microsoft peering; on private
 * peering 10,000 with a Premium circuit and 4,000 otherwise (Standard, Local, Basic, unknown tier).
 */
export function prefixLimit(skuTier: string | undefined, peeringName: string): number {
  if (/microsoft/i.test(peeringName)) return PREFIX_LIMITS.microsoft;
  return /^premium$/i.test((skuTier ?? '').trim()) ? PREFIX_LIMITS.premiumPrivate : PREFIX_LIMITS.standardPrivate;
}

export const PREFIX_WARN_RATIO = 0.8;

export type AsnReservation = 'azure' | 'microsoft' | 'iana';

/**
 * Why an ASN cannot be the customer's peer ASN: 65515–65520 are reserved by Azure; 8074, 8075 and 12076 are
 * Microsoft's; 23456, 64496–64511, 65535–65551 and 4294967295 are reserved by IANA.
 */
export function asnReservation(asn: number | undefined): AsnReservation | undefined {
  if (asn === undefined || !Number.isInteger(asn)) return undefined;
  if (asn >= 65_515 && asn <= 65_520) return 'azure';
  if (asn === 8_074 || asn === 8_075 || asn === 12_076) return 'microsoft';
  if (asn === 23_456 || (asn >= 64_496 && asn <= 64_511) || (asn >= 65_535 && asn <= 65_551) || asn === 4_294_967_295) return 'iana';
  return undefined;
}

/** 4000 -> "4,000": fixed grouping so evidence reads the same in every locale and test. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A gateway BGP peer's `connectedDuration` (.NET TimeSpan, "2.03:14:07.5312345" = 2 days 3 h 14 min 7.53 s) in
 * the router style the circuit tables use: "2d03h" from a day on, "03:14:07" below. Empty -> "—"; anything else
 * is shown as ARM sent it.
 */
export function formatConnectedDuration(raw: string | undefined | null): string {
  const s = (raw ?? '').trim();
  if (s === '') return '—';
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(s);
  if (!m) return s;
  const [, days, h, min, sec] = m;
  const two = (x: string | number) => String(x).padStart(2, '0');
  return days && Number(days) > 0 ? `${Number(days)}d${two(h!)}h` : `${two(h!)}:${min}:${sec}`;
}
