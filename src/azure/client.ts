/**
 * One NetworkManagementClient per configured subscription, sharing a credential (so tokens are fetched
 * once and cached by the pipeline, not per message), the endpoint (public, sovereign, or an emulator), and
 * a policy that counts ARM requests for logs and benchmarks.
 */
import { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export interface ClientOptions {
  endpoint: string;
  subscriptionIds: readonly string[];
  credential: TokenCredential;
  /** PEM of a CA to trust (the emulator's self-signed certificate); otherwise the system store and NODE_EXTRA_CA_CERTS. */
  caPem?: string;
  userAgent?: string;
}

export interface NetworkClients {
  forSubscription(subscriptionId: string): NetworkManagementClient;
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
  const clients = new Map<string, NetworkManagementClient>();
  const build = (sub: string) =>
    new NetworkManagementClient(opts.credential, sub, {
      endpoint: opts.endpoint,
      ...(opts.caPem ? { tlsOptions: { ca: opts.caPem } } : {}),
      additionalPolicies: [{ policy: counter, position: 'perRetry' }],
      userAgentOptions: { userAgentPrefix: opts.userAgent ?? 'netops-bot' },
    });
  return {
    subscriptionIds: opts.subscriptionIds,
    forSubscription(sub) {
      let c = clients.get(sub);
      if (!c) {
        c = build(sub);
        clients.set(sub, c);
      }
      return c;
    },
    requestCount: () => requests,
  };
}
