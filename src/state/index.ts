/**
 * Picks the state store from the configuration: Azure Storage when NETOPS_STORAGE_ACCOUNT_URL or
 * NETOPS_STORAGE_CONNECTION_STRING is set, else the embedded files. The storage SDKs are loaded only then.
 */
import type { AppConfig } from '../config.ts';
import { createEmbeddedState } from './embedded.ts';
import type { SharedState } from './types.ts';

export type { SharedState } from './types.ts';

export async function createState(config: Pick<AppConfig, 'dataDir' | 'storage'>): Promise<SharedState> {
  if (config.storage.kind === 'files') return createEmbeddedState(config.dataDir);
  const { createAzureState } = await import('./azure/index.ts');
  return createAzureState(config.storage);
}
