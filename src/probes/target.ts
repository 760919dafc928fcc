/**
 * Probe targets as the bot accepts them: `host:port` or `[v6]:port`, one host, one port. The agent checks
 * them again against its allowlist; this check only gives a clear answer before anything is sent.
 */
import { isIPv6 } from 'node:net';

export type TargetProblem = 'no-port' | 'bad-port' | 'v6-brackets' | 'bad-host';
export type TargetCheck = { ok: true; target: string; host: string; port: number } | { ok: false; problem: TargetProblem };

const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

export function checkTarget(text: string): TargetCheck {
  const s = text.trim();
  let host: string;
  let port: string;
  if (s.startsWith('[')) {
    const m = /^\[([^\]]+)\]:(.*)$/.exec(s);
    if (!m) return { ok: false, problem: /^\[[^\]]+\]$/.test(s) ? 'no-port' : 'v6-brackets' };
    host = m[1]!;
    port = m[2]!;
    if (!isIPv6(host)) return { ok: false, problem: 'bad-host' };
  } else {
    const colon = s.lastIndexOf(':');
    if (colon < 0) return { ok: false, problem: 'no-port' };
    host = s.slice(0, colon);
    port = s.slice(colon + 1);
    if (host.includes(':')) return { ok: false, problem: isIPv6(s) ? 'no-port' : 'v6-brackets' };
    if (!HOST.test(host)) return { ok: false, problem: 'bad-host' };
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return { ok: false, problem: 'bad-port' };
  const normalizedHost = host.toLowerCase();
  return { ok: true, target: isIPv6(host) ? `[${normalizedHost}]:${Number(port)}` : `${normalizedHost}:${Number(port)}`, host: normalizedHost, port: Number(port) };
}
