/**
 * Reads and validates the environment once (docs/architecture.md, "Environment"). Variable names are a contract.
 * A bad value stops start-up with a message that names the variable, never a stack trace.
 */
import { readFileSync } from 'node:fs';
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
    /** Where inbound tokens' signing keys are published (botbuilder's ToBotFromChannelOpenIdMetadataUrl). */
    openIdMetadataUrl?: string;
    /** Issuer inbound channel tokens must carry (botbuilder's ToBotFromChannelTokenIssuer). */
    tokenIssuer?: string;
  };
  /** Entra tenants whose users may use the bot; empty = any tenant that can reach it. */
  allowedTenantIds: string[];
  /** Who has the operator role (NETOPS_OPERATORS); everyone else let in is a reader. */
  operators: OperatorRule[];
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
    /** Most bytes read of one ARM answer; a larger one fails as "too large" (AZURE_MAX_RESPONSE_MB). */
    maxResponseBytes: number;
    /** Most items read of one Azure list (circuits, gateways, VMs…); the rest is left and the card says so. */
    maxListItems: number;
  };
  /** Probe agents the bot may ask for latency measurements (NETOPS_PROBE_AGENTS / NETOPS_PROBE_AGENTS_FILE). */
  probeAgents: ProbeAgentConfig[];
  /**
   * A VM per circuit or gateway name from which Network Watcher checks reach the on-premises peer
   * (NETOPS_TEST_VMS="tokyo-er=vm-hub-test,hub-ergw=vm-hub-test"); keys are lower-case.
   */
  testVms: Record<string, string>;
  dataDir: string;
  /** Where shared state lives: files under dataDir (one instance) or Azure Storage (several instances). */
  storage: StorageConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export interface ProbeAgentConfig {
  name: string;
  /** Base URL of the agent, e.g. https://10.9.0.5:8765 */
  url: string;
  /** Bearer token the agent expects. A secret: never logged, never shown. */
  token: string;
  /** Where it stands, shown to users: "Tokyo DC", "hub VNet". */
  site?: string;
}

/** An operator: an Entra object id or UPN (lower-case), optionally only in one conversation, team or channel. */
export interface OperatorRule {
  principal: string;
  scope?: string;
}

/**
 * files: the embedded stores under NETOPS_DATA_DIR and in process memory (one instance, zero configuration).
 * azure: Azure Table and Blob storage shared by every instance (NETOPS_STORAGE_ACCOUNT_URL with
 * DefaultAzureCredential, or NETOPS_STORAGE_CONNECTION_STRING, e.g. Azurite's).
 */
export type StorageConfig =
  | { kind: 'files' }
  | {
      kind: 'azure';
      /** Blob endpoint, e.g. https://acct.blob.core.windows.net (token auth). */
      blobUrl?: string;
      /** Table endpoint; derived from blobUrl when not set (.blob. -> .table.). */
      tableUrl?: string;
      /** A secret (it holds the account key): never logged, never shown. */
      connectionString?: string;
      /** Names tables `<namespace>state` and `<namespace>audit` and the container `<namespace>-baselines`. */
      namespace: string;
      /** How long an instance's lease lasts without renewal before its unfinished commands count as interrupted. */
      instanceLeaseMs: number;
    };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_ENDPOINT = 'https://management.azure.com';

/**
 * The embedded demo's test VM: vm-hub-test sits in the hub VNet of hub-ergw, so `bgp status london-er` (BGP down,
 * ARP healthy) offers its TCP/179 check out of the box. NETOPS_TEST_VMS replaces it.
 */
const DEMO_TEST_VMS = 'london-er=vm-hub-test,hub-ergw=vm-hub-test';
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
  ToBotFromChannelOpenIdMetadataUrl: z.preprocess(blankToUndefined, z.url().optional()),
  ToBotFromChannelTokenIssuer: optionalString,
  ALLOWED_TENANT_IDS: optionalString,
  NETOPS_OPERATORS: optionalString,
  AZURE_SUBSCRIPTION_IDS: optionalString,
  AZURE_ARM_ENDPOINT: z.preprocess(blankToUndefined, z.url({ protocol: /^https$/ }).optional()),
  AZURE_LRO_POLL_MS: intFrom(0, 0, 60_000),
  AZURE_CALL_TIMEOUT_MS: intFrom(90_000, 1_000, 600_000),
  AZURE_MAX_RESPONSE_MB: intFrom(16, 1, 1_024),
  AZURE_MAX_LIST_ITEMS: intFrom(5_000, 10, 100_000),
  NETOPS_DATA_DIR: optionalString,
  NETOPS_STORAGE_ACCOUNT_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  NETOPS_STORAGE_TABLE_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  NETOPS_STORAGE_CONNECTION_STRING: optionalString,
  NETOPS_STORAGE_NAMESPACE: z.preprocess(
    blankToUndefined,
    z.string().regex(/^[a-z][a-z0-9]{2,19}$/, '3 to 20 lower-case letters and digits, starting with a letter').default('netops'),
  ),
  NETOPS_INSTANCE_LEASE_SECONDS: intFrom(30, 3, 600),
  NETOPS_PROBE_AGENTS: optionalString,
  NETOPS_PROBE_AGENTS_FILE: optionalString,
  NETOPS_TEST_VMS: optionalString,
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

const probeAgentsSchema = z.array(
  z.strictObject({
    name: z.string().trim().min(1).regex(/^[\w.-]+$/, 'letters, digits, dot, dash or underscore'),
    url: z.url({ protocol: /^https?$/ }),
    token: z.string().min(16, 'at least 16 characters'),
    site: z.string().trim().min(1).optional(),
  }),
);

function parseProbeAgents(inline: string | undefined, file: string | undefined): ProbeAgentConfig[] {
  if (inline && file) throw new ConfigError('Set NETOPS_PROBE_AGENTS or NETOPS_PROBE_AGENTS_FILE, not both.');
  const source = file ? 'NETOPS_PROBE_AGENTS_FILE' : 'NETOPS_PROBE_AGENTS';
  let text = inline;
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new ConfigError(`NETOPS_PROBE_AGENTS_FILE: cannot read ${file}.`);
    }
  }
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`${source}: not valid JSON (expected [{"name","url","token","site"}, …]).`);
  }
  const parsed = probeAgentsSchema.safeParse(json);
  if (!parsed.success) {
    // Name the field, never echo the value: it may be a token.
    const lines = parsed.error.issues.map((i) => `  ${source}[${String(i.path[0] ?? '')}]${i.path.slice(1).map((k) => `.${String(k)}`).join('')}: ${i.message}`);
    throw new ConfigError(`Invalid probe agents:\n${lines.join('\n')}`);
  }
  const names = parsed.data.map((a) => a.name.toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new ConfigError(`${source}: agent name "${dup}" is used twice.`);
  return parsed.data;
}

/** "<object-id-or-upn>[#<conversation, team or channel id>]", comma-separated. */
function parseOperators(text: string | undefined): OperatorRule[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const hash = entry.indexOf('#');
      const principal = (hash < 0 ? entry : entry.slice(0, hash)).trim().toLowerCase();
      const scope = hash < 0 ? undefined : entry.slice(hash + 1).trim().toLowerCase();
      if (!GUID.test(principal) && !/^[^@\s]+@[^@\s]+$/.test(principal)) {
        throw new ConfigError(`NETOPS_OPERATORS: "${principal}" is neither an Entra object id (GUID) nor a UPN (name@domain).`);
      }
      if (scope === '') throw new ConfigError(`NETOPS_OPERATORS: "${entry}" has an empty scope after #.`);
      return scope ? { principal, scope } : { principal };
    });
}

function parseTestVms(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, vm, ...rest] = pair.split('=').map((s) => s.trim());
    if (!key || !vm || rest.length) throw new ConfigError(`NETOPS_TEST_VMS: "${pair}" is not <circuit-or-gateway>=<vm>.`);
    out[key.toLowerCase()] = vm;
  }
  return out;
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

  const allowedTenantIds = (e.ALLOWED_TENANT_IDS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const badTenant = allowedTenantIds.find((s) => !GUID.test(s));
  if (badTenant) throw new ConfigError(`ALLOWED_TENANT_IDS: "${badTenant}" is not a tenant id (a GUID).`);

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
      openIdMetadataUrl: e.ToBotFromChannelOpenIdMetadataUrl,
      tokenIssuer: e.ToBotFromChannelTokenIssuer,
    },
    allowedTenantIds,
    operators: parseOperators(e.NETOPS_OPERATORS),
    localMode,
    azure: {
      mode,
      endpoint: (e.AZURE_ARM_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
      subscriptionIds,
      // Real ARM sends Retry-After on LROs; the emulator answers fast, so poll it often.
      lroPollMs: e.AZURE_LRO_POLL_MS || (mode === 'live' ? 2000 : 100),
      callTimeoutMs: e.AZURE_CALL_TIMEOUT_MS,
      maxResponseBytes: e.AZURE_MAX_RESPONSE_MB * 1024 * 1024,
      maxListItems: e.AZURE_MAX_LIST_ITEMS,
    },
    probeAgents: parseProbeAgents(e.NETOPS_PROBE_AGENTS, e.NETOPS_PROBE_AGENTS_FILE),
    testVms: parseTestVms(e.NETOPS_TEST_VMS ?? (mode === 'demo' ? DEMO_TEST_VMS : undefined)),
    dataDir: e.NETOPS_DATA_DIR ?? 'data',
    storage: storageConfig(e),
    logLevel: e.LOG_LEVEL,
  };
}

function storageConfig(e: z.infer<typeof envSchema>): StorageConfig {
  const url = e.NETOPS_STORAGE_ACCOUNT_URL;
  const connectionString = e.NETOPS_STORAGE_CONNECTION_STRING;
  if (url && connectionString) {
    throw new ConfigError('Set NETOPS_STORAGE_ACCOUNT_URL (managed identity) or NETOPS_STORAGE_CONNECTION_STRING, not both.');
  }
  if (!url && !connectionString) {
    if (e.NETOPS_STORAGE_TABLE_URL) throw new ConfigError('NETOPS_STORAGE_TABLE_URL needs NETOPS_STORAGE_ACCOUNT_URL as well.');
    return { kind: 'files' };
  }
  if (connectionString && !/(^|;)\s*(AccountName|BlobEndpoint|UseDevelopmentStorage)\s*=/i.test(connectionString)) {
    // Never echo the value: it holds the account key.
    throw new ConfigError('NETOPS_STORAGE_CONNECTION_STRING is not a storage connection string (no AccountName or BlobEndpoint in it).');
  }
  let tableUrl = e.NETOPS_STORAGE_TABLE_URL;
  if (url && !tableUrl) {
    const u = new URL(url);
    if (!u.hostname.includes('.blob.')) {
      throw new ConfigError(
        `NETOPS_STORAGE_ACCOUNT_URL: ${u.origin} is not a blob endpoint (https://<account>.blob.core.windows.net); set NETOPS_STORAGE_TABLE_URL too for a custom endpoint.`,
      );
    }
    u.hostname = u.hostname.replace('.blob.', '.table.');
    tableUrl = u.toString();
  }
  return {
    kind: 'azure',
    ...(url ? { blobUrl: url.replace(/\/+$/, '') } : {}),
    ...(tableUrl ? { tableUrl: tableUrl.replace(/\/+$/, '') } : {}),
    ...(connectionString ? { connectionString } : {}),
    namespace: e.NETOPS_STORAGE_NAMESPACE,
    instanceLeaseMs: e.NETOPS_INSTANCE_LEASE_SECONDS * 1000,
  };
}
