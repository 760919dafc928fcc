/**
 * Builds what commands need from the configuration: the Azure reader (live ARM, a loopback emulator, or the
 * embedded demo emulator started in-process) and the package version. One place for start-up wiring, shared
 * by the bot (src/index.ts), the CLI and the tests.
 */
import { readFileSync } from 'node:fs';
import { ArmReader } from './azure/arm-reader.ts';
import { createNetworkClients } from './azure/client.ts';
import { createCredential } from './azure/credential.ts';
import type { Services } from './commands/types.ts';
import type { AppConfig } from './config.ts';
import { type EmulatorHandle, startEmulator } from './emulator/server.ts';
import { createProbeService, type ProbeServiceOptions } from './probes/service.ts';
import { createState, type SharedState } from './state/index.ts';

export interface ServicesHandle {
  services: Services;
  /** The embedded emulator in demo mode (tests and benchmarks count its requests). */
  emulator?: EmulatorHandle;
  close(): Promise<void>;
}

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface ServicesOptions {
  /** Demo mode only: passed to the embedded emulator (tests use a fast LRO scale). */
  emulator?: Parameters<typeof startEmulator>[0];
  /** Probe agent client options and pacing (tests shorten the interval between probes). */
  probes?: ProbeServiceOptions;
  /** Shared state to use instead of the configured one (tests give two bots one store). */
  state?: SharedState;
}

export async function createServices(config: AppConfig, options: ServicesOptions = {}): Promise<ServicesHandle> {
  let emulator: EmulatorHandle | undefined;
  let azureConfig = config.azure;
  if (config.azure.mode === 'demo') {
    emulator = await startEmulator({ lroDurationScale: 1, ...options.emulator });
    azureConfig = { ...config.azure, endpoint: emulator.url, subscriptionIds: [...emulator.subscriptionIds] };
  }
  const clients = createNetworkClients({
    endpoint: azureConfig.endpoint,
    subscriptionIds: azureConfig.subscriptionIds,
    credential: createCredential(config.azure.mode),
    caPem: emulator?.caPem,
    userAgent: `netops-bot/${VERSION}`,
  });
  const azure = new ArmReader({
    clients,
    endpoint: azureConfig.endpoint,
    simulated: config.azure.mode === 'demo',
    lroPollMs: azureConfig.lroPollMs,
    callTimeoutMs: azureConfig.callTimeoutMs,
  });
  const state = options.state ?? (await createState(config));
  const services: Services = {
    azure,
    config: { ...config, azure: azureConfig },
    version: VERSION,
    audit: state.audit,
    state,
    probes: createProbeService(config, { ...options.probes, baselines: state.baselines }),
  };
  return {
    services,
    emulator,
    close: async () => {
      // Entries queued by the last commands are written before the process goes.
      await state.close().catch(() => undefined);
      await emulator?.close();
    },
  };
}
