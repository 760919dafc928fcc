/**
 * Builds what commands need from the configuration: the Azure reader (live ARM, a loopback emulator, or the
 * embedded demo emulator started in-process) and the package version. One place for start-up wiring, shared
 * by the bot (src/index.ts), the CLI and the tests.
 */
import { readFileSync } from 'node:fs';
import { lazyAzureReader } from './azure/lazy-reader.ts';
import type { AzureReader } from './azure/reader.ts';
import type { Services } from './commands/types.ts';
import type { AppConfig } from './config.ts';
import type { EmulatorHandle, EmulatorOptions } from './emulator/server.ts';
import { createProbeService, type ProbeServiceOptions } from './probes/service.ts';
import { createState, type SharedState } from './state/index.ts';

export interface ServicesHandle {
  services: Services;
  /** The embedded emulator in demo mode (tests and benchmarks count its requests). */
  emulator?: EmulatorHandle;
  /** Starts the Azure side now if `lazyAzure` deferred it (otherwise it is already running). */
  startAzure(): Promise<void>;
  close(): Promise<void>;
}

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface ServicesOptions {
  /** Demo mode only: passed to the embedded emulator (tests use a fast LRO scale). */
  emulator?: EmulatorOptions;
  /** Probe agent client options and pacing (tests shorten the interval between probes). */
  probes?: ProbeServiceOptions;
  /** Shared state to use instead of the configured one (tests give two bots one store). */
  state?: SharedState;
  /**
   * Start the Azure side (the SDK clients; in demo mode the embedded emulator) at the first Azure call instead
   * of now, so that commands without Azure never load the Azure SDK (the CLI: `netops run help`). Until then
   * `emulator` is undefined and `services.azure.endpoint` is the configured one; `startAzure()` starts it.
   */
  lazyAzure?: boolean;
}

export async function createServices(config: AppConfig, options: ServicesOptions = {}): Promise<ServicesHandle> {
  let emulator: EmulatorHandle | undefined;
  let azureConfig = config.azure;
  // The Azure SDK and the emulator are imported here, not at the top: a CLI command without Azure loads neither.
  const connect = async (): Promise<AzureReader> => {
    if (config.azure.mode === 'demo') {
      const { startEmulator } = await import('./emulator/server.ts');
      // Its admin endpoints (fault injection, the request log) only without a bot identity: local mode is a
      // developer's machine; with an identity, the demo is reachable by Teams and the endpoints stay shut.
      emulator = await startEmulator({ lroDurationScale: 1, admin: config.localMode, ...options.emulator });
      azureConfig = { ...config.azure, endpoint: emulator.url, subscriptionIds: [...emulator.subscriptionIds] };
      // Lazy start: the commands see the emulator's endpoint and subscriptions from now on.
      if (services) services.config = { ...config, azure: azureConfig };
    }
    const [{ ArmReader }, { createNetworkClients }, { createCredential }] = await Promise.all([
      import('./azure/arm-reader.ts'),
      import('./azure/client.ts'),
      import('./azure/credential.ts'),
    ]);
    const clients = createNetworkClients({
      endpoint: azureConfig.endpoint,
      subscriptionIds: azureConfig.subscriptionIds,
      credential: await createCredential(config.azure.mode),
      caPem: emulator?.caPem,
      userAgent: `netops-bot/${VERSION}`,
      maxResponseBytes: azureConfig.maxResponseBytes,
    });
    return new ArmReader({
      clients,
      endpoint: azureConfig.endpoint,
      simulated: config.azure.mode === 'demo',
      lroPollMs: azureConfig.lroPollMs,
      callTimeoutMs: azureConfig.callTimeoutMs,
      maxListItems: azureConfig.maxListItems,
    });
  };
  const lazy = options.lazyAzure
    ? lazyAzureReader({ simulated: config.azure.mode === 'demo', endpoint: config.azure.endpoint, subscriptionIds: config.azure.subscriptionIds, create: connect })
    : undefined;
  let services: Services | undefined;
  const azure: AzureReader = lazy ?? (await connect());
  const state = options.state ?? (await createState(config));
  services = {
    azure,
    config: { ...config, azure: azureConfig },
    version: VERSION,
    audit: state.audit,
    state,
    probes: createProbeService(config, { ...options.probes, baselines: state.baselines }),
  };
  return {
    services,
    get emulator() {
      return emulator;
    },
    startAzure: async () => {
      await lazy?.start();
    },
    close: async () => {
      // Entries queued by the last commands are written before the process goes.
      await state.close().catch(() => undefined);
      // A start under way (lazy mode) finishes first, so that its emulator is closed too.
      await lazy?.settled();
      await emulator?.close();
    },
  };
}
