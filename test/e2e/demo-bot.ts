/**
 * What most browser tests start: the real bot (createServices on the embedded demo + createBotServer, in this
 * process) and headless Chromium. One place for it, so that each e2e file says only how fast its Azure is.
 */
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { createBotServer, type BotServer, type BotServerOptions } from '../../src/teams/server.ts';
import { launchChromium } from './browser.ts';

export interface DemoBrowser {
  handle: ServicesHandle;
  bot: BotServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startDemoBrowser(options: {
  /** The demo's LRO durations times this (0: at once). */
  lroDurationScale: number;
  /** Extra environment for loadConfig (e.g. AZURE_LRO_POLL_MS). */
  env?: Record<string, string>;
  progress?: BotServerOptions['progress'];
}): Promise<DemoBrowser> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...options.env });
  const handle = await createServices(config, { emulator: { lroDurationScale: options.lroDurationScale } });
  const bot = await createBotServer({ config: handle.services.config, services: handle.services, host: '127.0.0.1', ...(options.progress ? { progress: options.progress } : {}) });
  const browser = await launchChromium();
  return {
    handle,
    bot,
    browser,
    async close() {
      await browser.close();
      await bot.close();
      await handle.close();
    },
  };
}
