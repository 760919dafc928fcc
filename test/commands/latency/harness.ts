/**
 * The real services (createServices, the real engine, the embedded demo emulator for Azure) with probe agents
 * that are real HTTP servers on 127.0.0.1 (test/probes/fake-agent.ts), a data directory of its own, and every
 * engine log line captured so tests can check that no token is logged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCommand, setEngineLogger, type EngineLogEvent } from '../../../src/commands/engine.ts';
import { COMMANDS } from '../../../src/commands/index.ts';
import { createMemory } from '../../../src/commands/memory.ts';
import type { Result } from '../../../src/commands/result.ts';
import { loadConfig, type ProbeAgentConfig } from '../../../src/config.ts';
import { translator, type Locale } from '../../../src/i18n/index.ts';
import type { ProbeServiceOptions } from '../../../src/probes/service.ts';
import { renderResultCard } from '../../../src/render/card.ts';
import { renderText } from '../../../src/render/text.ts';
import { createServices, type ServicesHandle } from '../../../src/services.ts';
import { expectValidCard } from '../../helpers/card-checks.ts';

export interface Bot {
  handle: ServicesHandle;
  dataDir: string;
  logs: EngineLogEvent[];
  run(text: string, locale?: Locale): Promise<Result>;
  /** Closes the services (a bot restart keeps the data directory). */
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'netops-latency-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function startBot(agents: ProbeAgentConfig[], dataDir: string, probes?: ProbeServiceOptions): Promise<Bot> {
  const env: Record<string, string> = { LOG_LEVEL: 'silent', AZURE_LRO_POLL_MS: '10', NETOPS_DATA_DIR: dataDir };
  if (agents.length > 0) env.NETOPS_PROBE_AGENTS = JSON.stringify(agents);
  const handle = await createServices(loadConfig(env), { emulator: { lroDurationScale: 0 }, ...(probes ? { probes } : {}) });
  const logs: EngineLogEvent[] = [];
  setEngineLogger((e) => logs.push(e));
  const memory = createMemory();
  return {
    handle,
    dataDir,
    logs,
    run: (text, locale = 'en') =>
      runCommand(
        text,
        { locale, t: translator(locale), requester: { id: 'u1', name: 'Aiko' }, conversationId: 'latency-tests', services: handle.services, commands: COMMANDS },
        memory,
      ),
    close: async () => {
      setEngineLogger(undefined);
      await handle.close();
    },
  };
}

/** Renders the Result as the bot would (card and text), checks the card, and returns all of it as text. */
export function rendered(result: Result, locale: Locale = 'en'): string {
  const t = translator(locale);
  const { card, fallbackText } = renderResultCard(result, t);
  expectValidCard(card);
  return `${JSON.stringify(card)}\n${fallbackText}\n${renderText(result, t)}\n${JSON.stringify(result)}`;
}

/** Neither the Result, nor its card and text, nor any engine log line holds a secret. */
export function expectNoSecret(bot: Bot, results: Result[], secrets: string[]): void {
  const everything = [...results.map((r) => rendered(r)), ...bot.logs.map((e) => `${e.msg} ${String(e.error)} ${e.request ?? ''}`)].join('\n');
  for (const s of secrets) expect(everything).not.toContain(s);
}
