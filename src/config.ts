/**
 * Reads and validates the environment once (ARCHITECTURE.md, "Environment"). Variable names are a contract.
 * A bad value stops start-up with a message that names the variable, never a stack trace.
 */
import { z } from 'zod';

export type AzureMode = 'demo' | 'emulator' | 'live';
export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface AppConfig {
  port: number;
  /** Interface to listen on; undefined = all. Local mode (no auth) defaults to loopback. */
  host?: string;
  bot: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType: AppType;
  };
  /** No MicrosoftAppId: no inbound auth, playground enabled. */
  localMode: boolean;
  azure: {
    /** demo: the embedded emulator with its demo world; emulator: a loopback endpoint; live: real ARM. */
    mode: AzureMode;
    /** ARM endpoint; for demo mode filled in once the embedded emulator listens. */
    endpoint: string;
    subscriptionIds: string[];
    /** Poll interval for long-running operations when ARM sends no Retry-After. */
    lroPollMs: number;
    /** Time budget for one Azure call including retries and LRO polling. */
    callTimeoutMs: number;
  };
  dataDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_ENDPOINT = 'https://management.azure.com';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const intFrom = (def: number, min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(def));

const envSchema = z.object({
  PORT: intFrom(3978, 0, 65535),
  HOST: optionalString,
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['multitenant', 'singletenant', 'userassignedmsi']))
      .optional(),
  ),
  AZURE_SUBSCRIPTION_IDS: optionalString,
  AZURE_ARM_ENDPOINT: z.preprocess(blankToUndefined, z.url({ protocol: /^https$/ }).optional()),
  AZURE_LRO_POLL_MS: intFrom(0, 0, 60_000),
  AZURE_CALL_TIMEOUT_MS: intFrom(90_000, 1_000, 600_000),
  NETOPS_DATA_DIR: optionalString,
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
});

const APP_TYPES: Record<string, AppType> = {
  multitenant: 'MultiTenant',
  singletenant: 'SingleTenant',
  userassignedmsi: 'UserAssignedMSI',
};

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`);
  }
  const e = parsed.data;
  const subscriptionIds = (e.AZURE_SUBSCRIPTION_IDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const badSub = subscriptionIds.find((s) => !GUID.test(s));
  if (badSub) throw new ConfigError(`AZURE_SUBSCRIPTION_IDS: "${badSub}" is not a subscription id (a GUID).`);

  let mode: AzureMode;
  if (!e.AZURE_ARM_ENDPOINT && subscriptionIds.length === 0) mode = 'demo';
  else if (e.AZURE_ARM_ENDPOINT && isLoopbackUrl(e.AZURE_ARM_ENDPOINT)) mode = 'emulator';
  else mode = 'live';
  if (mode !== 'demo' && subscriptionIds.length === 0) {
    throw new ConfigError(
      'AZURE_SUBSCRIPTION_IDS is empty: name the subscriptions to search for circuits (comma-separated), ' +
        'or unset AZURE_ARM_ENDPOINT as well to run on the embedded demo.',
    );
  }

  const appType = APP_TYPES[e.MicrosoftAppType ?? 'multitenant'] ?? 'MultiTenant';
  if (e.MicrosoftAppId && appType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
    throw new ConfigError(`MicrosoftAppTenantId is required when MicrosoftAppType is ${appType}.`);
  }
  if (e.MicrosoftAppId && appType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    throw new ConfigError(`MicrosoftAppPassword is required when MicrosoftAppType is ${appType}.`);
  }

  const localMode = !e.MicrosoftAppId;
  return {
    port: e.PORT,
    // Without Bot Framework auth anyone who reaches the port can run commands: keep it on this machine.
    host: e.HOST ?? (localMode ? '127.0.0.1' : undefined),
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType,
    },
    localMode,
    azure: {
      mode,
      endpoint: (e.AZURE_ARM_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
      subscriptionIds,
      // Real ARM sends Retry-After on LROs; the emulator answers fast, so poll it often.
      lroPollMs: e.AZURE_LRO_POLL_MS || (mode === 'live' ? 2000 : 100),
      callTimeoutMs: e.AZURE_CALL_TIMEOUT_MS,
    },
    dataDir: e.NETOPS_DATA_DIR ?? 'data',
    logLevel: e.LOG_LEVEL,
  };
}
