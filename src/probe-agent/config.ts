/**
 * Probe agent configuration: a JSON file (`--config path` or NETOPS_PROBE_CONFIG) and/or environment variables;
 * a variable that is set overrides the file's value. Validated once at startup with messages that name the
 * setting and never echo a token. The agent refuses to start without a token of at least 16 characters or with
 * an empty allowlist.
 *
 * File:
 * {
 *   "name": "tokyo-dc", "site": "Tokyo DC", "host": "0.0.0.0", "port": 8765,
 *   "token": "…" | "tokens": ["…", "…"] | "tokenFile": "/etc/netops-probe/token",
 *   "allow": ["10.0.0.0/8:3389,443", { "cidr": "192.168.10.0/24", "ports": [179] }],
 *   "tls": { "key": "/etc/netops-probe/key.pem", "cert": "/etc/netops-probe/cert.pem" },
 *   "limits": { "maxCount": 200, "maxDurationMs": 120000, "maxConcurrent": 2, "ratePerMinute": 30, "rateBurst": 10 }
 * }
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { z } from 'zod';
import { AllowListError, parseAllowList, parseRule, type AllowRule } from './allowlist.ts';
import type { RateLimit } from './limits.ts';
import type { ProbeLimits } from './request.ts';

export interface ProbeAgentConfig {
  name: string;
  site?: string;
  /** Listen address; 127.0.0.1 unless set. */
  host: string;
  /** Listen port; 8765 unless set (0 = any free port, for tests). */
  port: number;
  /** Accepted bearer tokens (usually one; two while rotating). Secrets: never logged. */
  tokens: string[];
  allow: AllowRule[];
  tls?: { keyPath: string; certPath: string };
  limits: ProbeLimits;
  rate: RateLimit;
  /** Largest request body accepted (bytes). */
  maxBodyBytes: number;
  /** Request log (one line per request); silent when absent. */
  log?: (line: string) => void;
}

export class ProbeConfigError extends Error {
  override name = 'ProbeConfigError';
}

export const DEFAULT_PORT = 8765;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_LIMITS: ProbeLimits = { maxCount: 200, maxDurationMs: 120_000, maxConcurrent: 2 };
export const DEFAULT_RATE: RateLimit = { perMinute: 30, burst: 10 };
export const MIN_TOKEN_LENGTH = 16;

const token = z
  .string()
  .min(MIN_TOKEN_LENGTH, { error: `must be at least ${MIN_TOKEN_LENGTH} characters` })
  .regex(/^[\x21-\x7e]+$/, { error: 'printable ASCII without spaces (it travels in an HTTP header)' });

const intIn = (min: number, max: number) =>
  z.number({ error: `must be an integer from ${min} to ${max}` }).int().min(min).max(max);

const ruleObject = z.strictObject({
  cidr: z.string(),
  ports: z.union([z.number(), z.string(), z.array(z.union([z.number(), z.string()]))]),
});

const fileSchema = z.strictObject({
  name: z.string().trim().min(1).max(64).optional(),
  site: z.string().trim().min(1).max(100).optional(),
  host: z.string().trim().min(1).optional(),
  port: intIn(0, 65535).optional(),
  token: token.optional(),
  tokens: z.array(token).min(1).max(4).optional(),
  tokenFile: z.string().min(1).optional(),
  allow: z.array(z.union([z.string(), ruleObject])).optional(),
  tls: z.strictObject({ key: z.string().min(1), cert: z.string().min(1) }).optional(),
  limits: z
    .strictObject({
      maxCount: intIn(1, 10_000).optional(),
      maxDurationMs: intIn(1_000, 3_600_000).optional(),
      maxConcurrent: intIn(1, 16).optional(),
      ratePerMinute: intIn(1, 6_000).optional(),
      rateBurst: intIn(1, 1_000).optional(),
    })
    .optional(),
  maxBodyBytes: intIn(1_024, 1_048_576).optional(),
});

export type ProbeAgentFile = z.input<typeof fileSchema>;
export type Env = Record<string, string | undefined>;

function issuesText(where: string, error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      const msg = i.code === 'unrecognized_keys' ? `unknown setting(s) ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message;
      return `  ${where}${path ? ` ${path}` : ''}: ${msg}`;
    })
    .join('\n');
}

function envInt(env: Env, key: string, min: number, max: number): number | undefined {
  const raw = env[key]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ProbeConfigError(`${key}: "${raw}" is not an integer from ${min} to ${max}.`);
  }
  return Number(raw);
}

function readTokenFile(path: string, where: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    throw new ProbeConfigError(`${where}: cannot read ${path}.`);
  }
  const parsed = token.safeParse(text);
  if (!parsed.success) throw new ProbeConfigError(`${where} (${path}): the token ${parsed.error.issues[0]?.message ?? 'is invalid'}.`);
  return text;
}

/** Builds the configuration from a file's content (already parsed JSON, or undefined) and the environment. */
export function buildConfig(file: unknown, env: Env = {}, source = 'config'): ProbeAgentConfig {
  const parsed = fileSchema.safeParse(file ?? {});
  if (!parsed.success) throw new ProbeConfigError(`Invalid probe agent configuration:\n${issuesText(source, parsed.error)}`);
  const f = parsed.data;

  // Tokens: NETOPS_PROBE_TOKEN / NETOPS_PROBE_TOKEN_FILE override the file's token, tokens or tokenFile.
  let tokens: string[] = [];
  const envToken = env.NETOPS_PROBE_TOKEN?.trim();
  if (envToken && env.NETOPS_PROBE_TOKEN_FILE) throw new ProbeConfigError('Set NETOPS_PROBE_TOKEN or NETOPS_PROBE_TOKEN_FILE, not both.');
  if (envToken) {
    const t = token.safeParse(envToken);
    if (!t.success) throw new ProbeConfigError(`NETOPS_PROBE_TOKEN: ${t.error.issues[0]?.message ?? 'invalid'}.`);
    tokens = [envToken];
  } else if (env.NETOPS_PROBE_TOKEN_FILE) {
    tokens = [readTokenFile(env.NETOPS_PROBE_TOKEN_FILE, 'NETOPS_PROBE_TOKEN_FILE')];
  } else {
    const given = [f.token !== undefined, f.tokens !== undefined, f.tokenFile !== undefined].filter(Boolean).length;
    if (given > 1) throw new ProbeConfigError(`${source}: give one of "token", "tokens" or "tokenFile".`);
    if (f.token) tokens = [f.token];
    else if (f.tokens) tokens = f.tokens;
    else if (f.tokenFile) tokens = [readTokenFile(f.tokenFile, `${source} tokenFile`)];
  }
  if (tokens.length === 0) {
    throw new ProbeConfigError(
      `No token: set NETOPS_PROBE_TOKEN (at least ${MIN_TOKEN_LENGTH} characters; e.g. \`openssl rand -base64 32\`) ` +
        'or "token" in the config file. The agent does not run without one.',
    );
  }

  // Allowlist: NETOPS_PROBE_ALLOW overrides the file's allow.
  let allow: AllowRule[];
  try {
    const envAllow = env.NETOPS_PROBE_ALLOW?.trim();
    if (envAllow) allow = parseAllowList(envAllow);
    else
      allow = (f.allow ?? []).flatMap((item) => (typeof item === 'string' ? parseAllowList(item) : [parseRule(item.cidr, item.ports)]));
  } catch (e) {
    if (e instanceof AllowListError) throw new ProbeConfigError(`${env.NETOPS_PROBE_ALLOW?.trim() ? 'NETOPS_PROBE_ALLOW' : `${source} allow`}: ${e.message}.`);
    throw e;
  }
  if (allow.length === 0) {
    throw new ProbeConfigError(
      'Empty allowlist: set NETOPS_PROBE_ALLOW (e.g. "10.1.0.0/16:3389,443;192.168.10.0/24:179") or "allow" in the ' +
        'config file. The agent probes only the blocks and ports listed there.',
    );
  }

  const host = env.NETOPS_PROBE_HOST?.trim() || f.host || DEFAULT_HOST;
  if (host !== 'localhost' && isIP(host) === 0) throw new ProbeConfigError(`NETOPS_PROBE_HOST / host: "${host}" is not an IP address to listen on.`);
  const port = envInt(env, 'NETOPS_PROBE_PORT', 0, 65535) ?? f.port ?? DEFAULT_PORT;

  const keyPath = env.NETOPS_PROBE_TLS_KEY?.trim() || f.tls?.key;
  const certPath = env.NETOPS_PROBE_TLS_CERT?.trim() || f.tls?.cert;
  if (Boolean(keyPath) !== Boolean(certPath)) {
    throw new ProbeConfigError('TLS needs both a key and a certificate (NETOPS_PROBE_TLS_KEY and NETOPS_PROBE_TLS_CERT, or tls.key and tls.cert).');
  }

  const l = f.limits ?? {};
  const limits: ProbeLimits = {
    maxCount: envInt(env, 'NETOPS_PROBE_MAX_COUNT', 1, 10_000) ?? l.maxCount ?? DEFAULT_LIMITS.maxCount,
    maxDurationMs: envInt(env, 'NETOPS_PROBE_MAX_DURATION_MS', 1_000, 3_600_000) ?? l.maxDurationMs ?? DEFAULT_LIMITS.maxDurationMs,
    maxConcurrent: envInt(env, 'NETOPS_PROBE_MAX_CONCURRENT', 1, 16) ?? l.maxConcurrent ?? DEFAULT_LIMITS.maxConcurrent,
  };
  const rate: RateLimit = {
    perMinute: envInt(env, 'NETOPS_PROBE_RATE_PER_MINUTE', 1, 6_000) ?? l.ratePerMinute ?? DEFAULT_RATE.perMinute,
    burst: envInt(env, 'NETOPS_PROBE_RATE_BURST', 1, 1_000) ?? l.rateBurst ?? DEFAULT_RATE.burst,
  };
  const name = env.NETOPS_PROBE_NAME?.trim() || f.name || hostname();
  const site = env.NETOPS_PROBE_SITE?.trim() || f.site;
  return {
    name,
    ...(site ? { site } : {}),
    host,
    port,
    tokens,
    allow,
    ...(keyPath && certPath ? { tls: { keyPath, certPath } } : {}),
    limits,
    rate,
    maxBodyBytes: f.maxBodyBytes ?? 16_384,
  };
}

/** Reads the file named by `--config` (or NETOPS_PROBE_CONFIG), then applies the environment. */
export function loadConfig(configPath: string | undefined, env: Env = process.env): ProbeAgentConfig {
  const path = configPath ?? (env.NETOPS_PROBE_CONFIG?.trim() || undefined);
  let file: unknown;
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new ProbeConfigError(`Cannot read the config file ${path}.`);
    }
    try {
      file = JSON.parse(text);
    } catch (e) {
      throw new ProbeConfigError(`The config file ${path} is not valid JSON: ${(e as Error).message}`);
    }
  }
  return buildConfig(file, env, path ?? 'config');
}

/** Startup warnings worth printing (not errors). */
export function configWarnings(c: ProbeAgentConfig): string[] {
  const out: string[] = [];
  const loopback = c.host === 'localhost' || c.host === '::1' || c.host.startsWith('127.');
  if (!c.tls && !loopback) {
    out.push(
      `Listening on ${c.host} without TLS: the bearer token crosses the network in clear text. ` +
        'Set NETOPS_PROBE_TLS_KEY / NETOPS_PROBE_TLS_CERT, or keep the agent on a private, trusted segment.',
    );
  }
  if (c.allow.some((r) => r.bits === 0)) {
    out.push('The allowlist contains a default route (0.0.0.0/0 or ::/0): any address can be probed on the listed ports.');
  }
  return out;
}
