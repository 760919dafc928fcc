/**
 * What most browser tests start: the real bot (createServices on the embedded demo + createBotServer, in this
 * process) and headless Chromium. One place for it, so that each e2e file says only how fast its Azure is.
 */
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { createBotServer, type BotServer, type BotServerOptions } from '../../src/teams/server.ts';
import { afterAll, beforeAll } from 'vitest';
import { chromiumMissing, launchChromium } from './browser.ts';

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

export interface DemoBrowserUse {
  /** Why the browser tests skip (no Chromium), or undefined when they run. */
  readonly missing: string | undefined;
  readonly handle: ServicesHandle;
  readonly bot: BotServer;
  readonly browser: Browser;
}

/**
 * One demo bot and browser for the test file: started before its tests (unless Chromium is missing, which is
 * said once on the console; describe.skipIf(!!demo.missing) skips the tests), closed after all.
 */
export function useDemoBrowser(options: Parameters<typeof startDemoBrowser>[0]): DemoBrowserUse {
  const missing = chromiumMissing();
  if (missing) console.warn(missing);
  let demo: DemoBrowser | undefined;
  beforeAll(async () => {
    if (!missing) demo = await startDemoBrowser(options);
  });
  afterAll(async () => demo?.close());
  const live = (): DemoBrowser => {
    if (!demo) throw new Error('the demo browser is not started (Chromium missing, or useDemoBrowser not at the top of the file)');
    return demo;
  };
  return {
    missing,
    get handle() {
      return live().handle;
    },
    get bot() {
      return live().bot;
    },
    get browser() {
      return live().browser;
    },
  };
}
