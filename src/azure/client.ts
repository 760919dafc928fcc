/**
 * One NetworkManagementClient per configured subscription, sharing a credential (so tokens are fetched
 * once and cached by the pipeline, not per message), the endpoint (public, sovereign, or an emulator), and
 * a policy that counts ARM requests for logs and benchmarks.
 */
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { cappedHttpClient, DEFAULT_MAX_RESPONSE_BYTES } from './response-cap.ts';
import { MAX_RETRY_AFTER_WAIT_MS, throttlePolicy } from './throttle-policy.ts';

export interface ClientOptions {
  endpoint: string;
  subscriptionIds: readonly string[];
  credential: TokenCredential;
  /** PEM of a CA to trust (the emulator's self-signed certificate); otherwise the system store and NODE_EXTRA_CA_CERTS. */
  caPem?: string;
  userAgent?: string;
  /** Base delay of the SDK's own retries for 5xx and network errors (default 1 s; tests shorten it). */
  retryDelayMs?: number;
  /** Most bytes read of one ARM answer (default 16 MiB; see response-cap.ts). */
  maxResponseBytes?: number;
  /** Longest Retry-After the SDK may sleep through on its own, for LRO polls and 503s (default 10 s; see throttle-policy.ts). */
  maxSdkRetryAfterMs?: number;
}

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
      { policy: throttlePolicy({ capMs: opts.maxSdkRetryAfterMs ?? MAX_RETRY_AFTER_WAIT_MS }), position: 'perRetry' as const },
    ],
    userAgentOptions: { userAgentPrefix: opts.userAgent ?? 'netops-bot' },
    httpClient: cappedHttpClient(opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES),
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
