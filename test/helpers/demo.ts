/**
 * The real services on the embedded demo world (emulator over HTTPS, real SDK), and a way to run command
 * text through the real engine, as the bot and the CLI do.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../src/commands/engine.ts';
import { COMMANDS } from '../../src/commands/index.ts';
import { createMemory } from '../../src/commands/memory.ts';
import type { Result } from '../../src/commands/result.ts';
import type { ConversationMemory, Role } from '../../src/commands/types.ts';
import { loadConfig } from '../../src/config.ts';
import type { EmulatorHandle } from '../../src/emulator/server.ts';
import { type Locale, translator } from '../../src/i18n/index.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';

export interface Demo {
  handle: ServicesHandle;
  emu: EmulatorHandle;
  /** `role`/`conversationType`: as the host sets them (absent = a reader, in no particular kind of chat). */
  run(text: string, opts?: { locale?: Locale; memory?: ConversationMemory; conversationId?: string; role?: Role; conversationType?: 'personal' | 'groupChat' | 'channel' }): Promise<Result>;
  /** Every secret the world holds: service keys and MD5 shared keys. */
  secrets(): string[];
  close(): Promise<void>;
}

export async function startDemo(lroDurationScale = 0): Promise<Demo> {
  // Its own data directory: the audit trail and baselines of a test run stay out of the working tree's ./data.
  const dataDir = mkdtempSync(join(tmpdir(), 'netops-demo-'));
  const handle = await createServices(loadConfig({ LOG_LEVEL: 'silent', AZURE_LRO_POLL_MS: '10', NETOPS_DATA_DIR: dataDir }), { emulator: { lroDurationScale } });
  const emu = handle.emulator!;
  const memory = createMemory();
  return {
    handle,
    emu,
    run: (text, opts = {}) => {
      const locale = opts.locale ?? 'en';
      return runCommand(
        text,
        {
          locale,
          t: translator(locale),
          requester: { id: 'test-user', name: 'Test User' },
          conversationId: opts.conversationId ?? 'test-conversation',
          services: handle.services,
          commands: COMMANDS,
          ...(opts.role ? { role: opts.role } : {}),
          ...(opts.conversationType ? { conversationType: opts.conversationType } : {}),
        },
        opts.memory ?? memory,
      );
    },
    secrets: () => worldSecrets(emu),
    close: () => handle.close(),
  };
}

export function worldSecrets(emu: EmulatorHandle): string[] {
  const out: string[] = [];
  for (const c of emu.world.circuits) {
    if (c.serviceKey) out.push(c.serviceKey);
    for (const p of c.peerings) if (p.sharedKey) out.push(p.sharedKey);
  }
  return out;
}

/** "ER-ARP-EMPTY@secondary" for each verdict, in order: compact and readable in assertions. */
export function ruleSequence(r: Result): string[] {
  return r.verdicts.map((v) => (v.scope?.includes('/') ? `${v.ruleId}@${v.scope.split('/').pop()}` : v.ruleId));
}
