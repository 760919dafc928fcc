/**
 * Picks the state store from the configuration: Azure Storage when NETOPS_STORAGE_ACCOUNT_URL or
 * NETOPS_STORAGE_CONNECTION_STRING is set, else the embedded files. The storage SDKs are loaded only then.
 */
import type { AppConfig } from '../config.ts';
import { createEmbeddedState } from './embedded.ts';
import { securePrivateFiles } from './private-files.ts';
import type { SharedState } from './types.ts';

export type { SharedState } from './types.ts';

export async function createState(config: Pick<AppConfig, 'dataDir' | 'storage'>): Promise<SharedState> {
  if (config.storage.kind === 'files') {
    const fixes = await securePrivateFiles(config.dataDir);
    return createEmbeddedState(
      config.dataDir,
      fixes.map((f) => `file mode of ${f.path} corrected from ${f.from} to ${f.to} (the audit trail and baselines are for the bot's user only)`),
    );
  }
  const { createAzureState } = await import('./azure/index.ts');
  return createAzureState(config.storage);
}
