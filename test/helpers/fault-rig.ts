/**
 * The rig of the end-to-end fault tests: the real bot (restify + CloudAdapter) on loopback, the demo emulator
 * in-process with instant long-running operations and only injected faults throttling, and a fake Bot Connector
 * that records every card. `reset()` clears the faults and the reader's cache between tests.
 */
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { type BotServer, createBotServer, type BotServerOptions } from '../../src/teams/server.ts';
import { captureLog } from '../teams/harness.ts';
import { type FakeConnector, startFakeConnector } from './fake-connector.ts';

export interface FaultRig {
  connector: FakeConnector;
  handle: ServicesHandle;
  bot: BotServer;
  reset(): void;
  close(): Promise<void>;
}

export async function startFaultRig(env: Record<string, string> = {}, botOptions: Pick<BotServerOptions, 'progress'> = {}): Promise<FaultRig> {
  const connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AZURE_LRO_POLL_MS: '10', ...env });
  const handle = await createServices(config, { emulator: { lroDurationScale: 0 } });
  handle.emulator!.world.settings.rateLimits.enabled = false;
  const bot = await createBotServer({ config: handle.services.config, services: handle.services, log: captureLog(), host: '127.0.0.1', ...botOptions });
  return {
    connector,
    handle,
    bot,
    reset() {
      handle.emulator!.faults.clear();
      (handle.services.azure as unknown as { cache: { clear(): void } }).cache.clear();
    },
    async close() {
      await bot.close();
      await handle.close();
      await connector.close();
    },
  };
}
