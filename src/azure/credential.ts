/**
 * The token source for ARM. Live: DefaultAzureCredential (managed identity in Azure — set AZURE_CLIENT_ID for
 * a user-assigned one —, a service principal from AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or
 * the developer's `az login`). Emulator or demo: a fixed local token, so Entra ID is never called.
 * @azure/identity has no static-token class; any object with getToken is a TokenCredential.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { AzureMode } from '../config.ts';

export const LOCAL_DEV_TOKEN = 'netops-local-emulator-token';

export function localTokenCredential(): TokenCredential {
  return {
    getToken: async () => ({ token: LOCAL_DEV_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

/** @azure/identity is imported for live mode only: the demo and the emulator never load it (a faster start). */
export async function createCredential(mode: AzureMode): Promise<TokenCredential> {
  if (mode !== 'live') return localTokenCredential();
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}
