/**
 * One NetworkManagementClient per configured subscription, sharing a credential (so tokens are fetched
 * once and cached by the pipeline, not per message), the endpoint (public, sovereign, or an emulator), and
 * a policy that counts ARM requests for logs and benchmarks.
 */
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { LRUCache } from 'lru-cache';

export interface ClientOptions {
  endpoint: string;
  subscriptionIds: readonly string[];
  credential: TokenCredential;
  /** PEM of a CA to trust (the emulator's self-signed certificate); otherwise the system store and NODE_EXTRA_CA_CERTS. */
  caPem?: string;
  userAgent?: string;
  /** Base delay of the SDK's own retries for 5xx and network errors (default 1 s; tests shorten it). */
  retryDelayMs?: number;
  /** Longest Retry-After the SDK may sleep through on its own (default 10 s); longer ones come back to us at once. */
  maxSdkRetryAfterMs?: number;
}

/** Longest Retry-After worth waiting through while an engineer watches "working…"; longer ones are reported. */
export const MAX_RETRY_AFTER_WAIT_MS = 10_000;

/** Header in which a Retry-After longer than the SDK may wait is handed to us (see retryAfterCap). */
export const DEFERRED_RETRY_AFTER_MS = 'x-netops-deferred-retry-after-ms';

/**
 * ARM's token audiences per cloud: the SDK asks for the public cloud's (management.azure.com) whatever the
 * endpoint, and Entra ID of a sovereign cloud issues no such token. The same values as the Azure SDKs' own
 * cloud settings; any other endpoint (Azure Stack Hub, an emulator) is its own audience.
 */
const ARM_AUDIENCES: Record<string, string> = {
  'management.azure.com': 'https://management.azure.com',
  'management.usgovcloudapi.net': 'https://management.core.usgovcloudapi.net',
  'management.chinacloudapi.cn': 'https://management.core.chinacloudapi.cn',
};

/** The scope to ask the credential for, for an ARM endpoint. */
export function armScope(endpoint: string): string {
  const u = new URL(endpoint);
  return `${ARM_AUDIENCES[u.hostname.toLowerCase()] ?? u.origin}/.default`;
}

/** The headers in which ARM says how long to wait (the SDK reads all three). */
const RETRY_HEADERS = ['retry-after', 'retry-after-ms', 'x-ms-retry-after-ms'] as const;

/**
 * The SDK sleeps for whatever Retry-After ARM sends, inside the pipeline, before its budget-blind retry. A
 * 60 s wait would leave the engineer staring at "working…" and end as a timeout. When ARM asks for more than
 * `capMs`, this policy takes the header away from the SDK (which then does not retry) and keeps the value for
 * our error mapping, so the card says "throttled, try again in 60 s" at once.
 */
export function retryAfterCap(capMs: number): PipelinePolicy {
  return {
    name: 'netopsRetryAfterCap',
    sendRequest: async (request, next) => {
      const response = await next(request);
      if (response.status !== 429 && response.status !== 503) return response;
      const h = response.headers;
      const raw = h.get('retry-after-ms') ?? h.get('x-ms-retry-after-ms');
      const seconds = h.get('retry-after');
      const ms = raw !== undefined ? Number(raw) : seconds !== undefined && /^\d+(\.\d+)?$/.test(seconds) ? Number(seconds) * 1000 : undefined;
      if (ms === undefined || !Number.isFinite(ms) || ms <= capMs) return response;
      for (const name of RETRY_HEADERS) h.delete(name);
      h.set(DEFERRED_RETRY_AFTER_MS, String(ms));
      return response;
    },
  };
}

/** Operation URLs, compared without their query (the poller may add an api-version). */
const operationKey = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`.toLowerCase();
};

/**
 * The SDK's poller throws on a status poll answered 429 without a retry header, and the only retry left to us
 * then starts the whole operation again (a new POST), losing the time the running one had already taken: a
 * 25 s ARP read met by two throttled polls took over a minute under load (BENCHMARKS.md, load finding 2). ARM
 * normally sends Retry-After there, and the SDK's throttling retry repeats the poll itself; for a bare 429 this
 * policy supplies the header (exponential backoff, full jitter, below the SDK wait cap) so the SDK repeats the
 * poll, not the operation. Polls are recognised by URL: those that the Location / Azure-AsyncOperation headers
 * of earlier responses named. Other throttled reads are left to withThrottleRetry, so nothing retries twice.
 */
export function pollThrottleBackoff(opts: { baseMs?: number; capMs?: number } = {}): PipelinePolicy {
  const base = opts.baseMs ?? 500;
  const cap = opts.capMs ?? MAX_RETRY_AFTER_WAIT_MS;
  // Operation URL -> 429s in a row; bounded, and forgotten once no poll can still be running.
  const operations = new LRUCache<string, number>({ max: 2_000, ttl: 15 * 60_000 });
  return {
    name: 'netopsPollThrottleBackoff',
    sendRequest: async (request, next) => {
      const response = await next(request);
      for (const name of ['azure-asyncoperation', 'location']) {
        const url = response.headers.get(name);
        if (url && response.status >= 200 && response.status < 300) {
          try {
            const key = operationKey(new URL(url, request.url).href);
            if (!operations.has(key)) operations.set(key, 0);
          } catch {
            // Not a URL: nothing the poller could follow either.
          }
        }
      }
      if (request.method !== 'GET') return response;
      const key = operationKey(request.url);
      const throttledInARow = operations.get(key);
      if (throttledInARow === undefined) return response;
      if (response.status !== 429 || RETRY_HEADERS.some((h) => response.headers.get(h) !== undefined)) {
        operations.set(key, 0);
        return response;
      }
      operations.set(key, throttledInARow + 1);
      const wait = Math.max(1, Math.round(Math.min(cap, Math.random() * base * 2 ** throttledInARow)));
      response.headers.set('retry-after-ms', String(wait));
      return response;
    },
  };
}

export interface NetworkClients {
  forSubscription(subscriptionId: string): NetworkManagementClient;
  /** Generic resource listing, to find gateways and connections without knowing their resource groups. */
  resourcesFor(subscriptionId: string): ResourceManagementClient;
  readonly subscriptionIds: readonly string[];
  /** ARM HTTP requests sent so far (retries and LRO polls included). */
  requestCount(): number;
}

export function createNetworkClients(opts: ClientOptions): NetworkClients {
  let requests = 0;
  const counter: PipelinePolicy = {
    name: 'netopsRequestCounter',
    sendRequest: (request, next) => {
      requests++;
      return next(request);
    },
  };
  const common = {
    endpoint: opts.endpoint,
    credentials: { scopes: [armScope(opts.endpoint)] },
    ...(opts.caPem ? { tlsOptions: { ca: opts.caPem } } : {}),
    ...(opts.retryDelayMs !== undefined ? { retryOptions: { retryDelayInMs: opts.retryDelayMs } } : {}),
    additionalPolicies: [
      { policy: counter, position: 'perRetry' as const },
      { policy: retryAfterCap(opts.maxSdkRetryAfterMs ?? MAX_RETRY_AFTER_WAIT_MS), position: 'perRetry' as const },
      { policy: pollThrottleBackoff({ capMs: opts.maxSdkRetryAfterMs ?? MAX_RETRY_AFTER_WAIT_MS }), position: 'perRetry' as const },
    ],
    userAgentOptions: { userAgentPrefix: opts.userAgent ?? 'netops-bot' },
  };
  const clients = new Map<string, NetworkManagementClient>();
  const resourceClients = new Map<string, ResourceManagementClient>();
  return {
    subscriptionIds: opts.subscriptionIds,
    forSubscription(sub) {
      let c = clients.get(sub);
      if (!c) {
        c = new NetworkManagementClient(opts.credential, sub, common);
        clients.set(sub, c);
      }
      return c;
    },
    resourcesFor(sub) {
      let c = resourceClients.get(sub);
      if (!c) {
        c = new ResourceManagementClient(opts.credential, sub, common);
        resourceClients.set(sub, c);
      }
      return c;
    },
    requestCount: () => requests,
  };
}
