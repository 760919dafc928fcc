/**
 * The rig of the end-to-end fault tests: the real bot (restify + CloudAdapter) on loopback, the demo emulator
 * in-process with instant long-running operations and only injected faults throttling, a fake Bot Connector that
 * records every card, and a data directory of its own. `reset()` clears the faults and the reader's cache
 * between tests; `ask()` sends a message in a new conversation and returns the card that replaced "working…".
 * A test file usually calls `useFaultRig()` once at its top: one rig for the file, reset after each test.
 */
import type { EmulatorHandle } from '../../src/emulator/server.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { type BotServer, createBotServer, type BotServerOptions } from '../../src/teams/server.ts';
import { finalCard, settled } from '../security/bot-http.ts';
import { captureLog, messageActivity, newChat, postActivity, STACKISH } from '../teams/harness.ts';
import { expectValidCard } from './card-checks.ts';
import { cardText, type FakeConnector, startFakeConnector } from './fake-connector.ts';

export interface Answer {
  card: any;
  /** The card's visible text. */
  text: string;
  /** The whole card as JSON (buttons' commands included). */
  json: string;
}

export interface FaultRig {
  connector: FakeConnector;
  handle: ServicesHandle;
  bot: BotServer;
  /** What the bot logged (captureLog). */
  log: ReturnType<typeof captureLog>;
  /** The embedded demo emulator (faults, request log, world). */
  readonly emulator: EmulatorHandle;
  ask(text: string, options?: { locale?: string; timeoutMs?: number }): Promise<Answer>;
  /** Forgets what the reader cached, so the next read goes to ARM. */
  clearCache(): void;
  /** No faults, nothing cached. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFaultRig(env: Record<string, string> = {}, botOptions: Pick<BotServerOptions, 'progress'> = {}): Promise<FaultRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netops-faults-'));
  const connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AZURE_LRO_POLL_MS: '10', NETOPS_DATA_DIR: dataDir, ...env });
  const handle = await createServices(config, { emulator: { lroDurationScale: 0 } });
  handle.emulator!.world.settings.rateLimits.enabled = false;
  const log = captureLog();
  const bot = await createBotServer({ config: handle.services.config, services: handle.services, log, host: '127.0.0.1', shutdownGraceMs: 1_000, ...botOptions });
  const clearCache = () => (handle.services.azure as unknown as { cache: { clear(): void } }).cache.clear();
  return {
    connector,
    handle,
    bot,
    log,
    emulator: handle.emulator!,
    clearCache,
    async ask(text, { locale = 'en-US', timeoutMs = 40_000 } = {}) {
      const chat = newChat(connector.url, locale);
      expect((await postActivity(bot.url, messageActivity(chat, text))).status).toBe(200);
      const card = finalCard(await settled(connector, chat.conversationId, timeoutMs));
      expect(card, text).toBeDefined();
      expectValidCard(card);
      const shown = cardText(card);
      expect(shown, `stack-like text in the card for "${text}"`).not.toMatch(STACKISH);
      return { card, text: shown, json: JSON.stringify(card) };
    },
    reset() {
      handle.emulator!.faults.clear();
      clearCache();
    },
    async close() {
      await bot.close();
      await handle.close();
      await connector.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One rig for the test file: started before its tests, reset after each, closed after all. */
export function useFaultRig(env: Record<string, string> = {}, botOptions: Pick<BotServerOptions, 'progress'> = {}): FaultRig {
  let rig: FaultRig | undefined;
  beforeAll(async () => {
    rig = await startFaultRig(env, botOptions);
  });
  afterAll(async () => rig?.close());
  afterEach(() => rig?.reset());
  const live = (): FaultRig => {
    if (!rig) throw new Error('the fault rig is not started (useFaultRig belongs at the top of a test file)');
    return rig;
  };
  return {
    get connector() { return live().connector; },
    get handle() { return live().handle; },
    get bot() { return live().bot; },
    get log() { return live().log; },
    get emulator() { return live().emulator; },
    ask: (text, options) => live().ask(text, options),
    clearCache: () => live().clearCache(),
    reset: () => live().reset(),
    close: () => live().close(),
  };
}
