/**
 * What the Network Watcher commands accept, validated here rather than by new parameter kinds: endpoints
 * (`192.168.10.1:179`, `[2001:db8::1]:443`, `router.contoso.com:443`), single addresses, ports and prefixes.
 * Every refusal says what was expected with an example; the command appends its usage line. Addresses are
 * parsed with src/net/ip.ts, so what is accepted here is exactly what diagnosis can compare.
 */
import { formatAddress, formatCidr, parseAddress, parseCidr, type Cidr } from '../../net/ip.ts';
import type { Translate } from '../../i18n/index.ts';
import { usageOf } from '../args.ts';
import { errorResult, type Result } from '../result.ts';
import type { CommandSpec } from '../types.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = (message: string): Parsed<never> => ({ ok: false, message });

/** A refused argument: the reason, then the command's usage and first example. */
export function badArgument(spec: CommandSpec, t: Translate, message: string, target?: string): Result {
  const usage = t('errors:usage', { usage: usageOf(spec, t), example: spec.examples[0] ?? spec.name });
  return errorResult(spec.name, { code: 'bad-argument', message: `${message} ${usage}` }, target ? { target } : {});
}

export function parsePort(text: string, t: Translate): Parsed<number> {
  if (!/^\d{1,5}$/.test(text)) return no(t('nw:args.port', { port: text }));
  const n = Number(text);
  return n >= 1 && n <= 65535 ? ok(n) : no(t('nw:args.port', { port: text }));
}

/** Digits and dots only: the user meant an IPv4 address, so say precisely what is wrong with it. */
function ipv4Problem(token: string, t: Translate): string | undefined {
  if (!/^[\d.]+$/.test(token) || !token.includes('.')) return undefined;
  const octets = token.split('.');
  if (octets.length !== 4) return t('nw:args.ipv4', { token, reason: t('nw:args.ipv4Count') });
  const bad = octets.find((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255);
  if (bad !== undefined) return t('nw:args.ipv4', { token, reason: t('nw:args.ipv4Octet', { octet: bad }) });
  return undefined;
}

/** One IPv4 or IPv6 address, returned in canonical form. */
export function parseIp(token: string, t: Translate): Parsed<string> {
  const text = token.replace(/^\[(.*)\]$/, '$1');
  const v4 = ipv4Problem(text, t);
  if (v4) return no(v4);
  if (text.includes('/')) return parseCidr(text) ? no(t('nw:args.ipNotPrefix', { token })) : no(t('nw:args.ip', { token }));
  const a = parseAddress(text);
  return a ? ok(formatAddress(a)) : no(t('nw:args.ip', { token }));
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

function isHostName(text: string): boolean {
  if (text.length > 253) return false;
  const labels = text.replace(/\.$/, '').split('.');
  // A name whose last label is all digits would be a mistyped address, not a host.
  return labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!);
}

export interface Endpoint {
  /** A canonical address, or a host name as typed. */
  host: string;
  port?: number;
  /** 4 or 6 for an address; undefined for a host name. */
  family?: 4 | 6;
}

/**
 * `<host-or-ip>[:<port>]`. With `portRequired` a missing port is refused (naming `protocol` and an example);
 * `allowHost` accepts DNS names (connection troubleshoot resolves them on the VM); otherwise only addresses.
 */
export function parseEndpoint(token: string, t: Translate, opts: { portRequired: boolean; allowHost: boolean; protocol: string; example: string }): Parsed<Endpoint> {
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(token);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if ((token.match(/:/g) ?? []).length > 1) {
    // A bare IPv6 address: it cannot carry a port without brackets.
    host = token;
  } else {
    const colon = token.lastIndexOf(':');
    host = colon < 0 ? token : token.slice(0, colon);
    portText = colon < 0 ? undefined : token.slice(colon + 1);
  }
  if (host === '') return no(t('nw:args.endpoint', { token }));
  let port: number | undefined;
  if (portText !== undefined) {
    const p = parsePort(portText, t);
    if (!p.ok) return p;
    port = p.value;
  }
  const address = parseAddress(host);
  if (address) {
    if (port === undefined && opts.portRequired) {
      if (address.family === 6 && !bracketed && /:\d{1,5}$/.test(host)) {
        return no(t('nw:args.ipv6Brackets', { host: host.replace(/:\d{1,5}$/, ''), port: host.slice(host.lastIndexOf(':') + 1) }));
      }
      return no(t('nw:args.portRequired', { protocol: opts.protocol, example: opts.example }));
    }
    return ok({ host: formatAddress(address), family: address.family, ...(port !== undefined ? { port } : {}) });
  }
  const v4 = ipv4Problem(host, t);
  if (v4) return no(v4);
  if (!opts.allowHost) return no(host.includes('/') ? t('nw:args.ipNotPrefix', { token: host }) : t('nw:args.ip', { token: host }));
  if (!isHostName(host)) return no(t('nw:args.host', { token }));
  if (port === undefined && opts.portRequired) return no(t('nw:args.portRequired', { protocol: opts.protocol, example: opts.example }));
  return ok({ host, ...(port !== undefined ? { port } : {}) });
}

export interface PrefixFilter {
  /** Canonical "10.1.0.0/16"; an address becomes /32 (/128). */
  text: string;
  cidr: Cidr;
  /** The user gave one address (a /32 or /128): show the routes that cover it. */
  address?: string;
}

export function parsePrefix(token: string, t: Translate): Parsed<PrefixFilter> {
  const v4 = ipv4Problem(token.split('/')[0]!, t);
  if (v4) return no(v4);
  const a = token.includes('/') ? undefined : parseAddress(token);
  if (a) {
    const cidr = parseCidr(`${formatAddress(a)}/${a.family === 4 ? 32 : 128}`)!;
    return ok({ text: formatCidr(cidr), cidr, address: formatAddress(a) });
  }
  const cidr = parseCidr(token);
  if (!cidr) return no(t('nw:args.prefix', { token }));
  const full = cidr.bits === (cidr.family === 4 ? 32 : 128);
  const text = formatCidr(cidr);
  return ok({ text, cidr, ...(full ? { address: text.split('/')[0]! } : {}) });
}
