/**
 * Shared pieces of the host tests: a Services object for tests that need no Azure (the reader's health is
 * controllable; every other call fails loudly), a controllable slow command, a throwing command, a captured
 * logger, and helpers to build and post Bot Framework activities over real HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { AzureReader } from '../../src/azure/reader.ts';
import { newResult, type Result } from '../../src/commands/result.ts';
import type { CommandSpec, Services } from '../../src/commands/types.ts';
import type { AppConfig } from '../../src/config.ts';
import type { Logger } from '../../src/teams/log.ts';
import { recordEmitted } from '../helpers/emitted.ts';

export interface StubAzure {
  reader: AzureReader;
  health: { ok: boolean; detail: string };
}

export function stubAzure(): StubAzure {
  const state = { health: { ok: true, detail: 'ARM answered 12 ms ago' } };
  const reader = new Proxy({} as AzureReader, {
    get(_t, prop) {
      if (prop === 'simulated') return true;
      if (prop === 'endpoint') return 'https://127.0.0.1:1';
      if (prop === 'subscriptionIds') return ['00000000-0000-4000-8000-000000000001'];
      if (prop === 'health') return async () => state.health;
      if (prop === 'then') return undefined;
      return async () => {
        throw new Error(`stub Azure reader: ${String(prop)} not available in host tests`);
      };
    },
  });
  return {
    reader,
    get health() {
      return state.health;
    },
    set health(h) {
      state.health = h;
    },
  };
}

export function servicesFor(config: AppConfig, azure: StubAzure): Services {
  return { azure: azure.reader, config, version: '0.0.0-test' };
}

/** A command that calls "Azure" (so it is acknowledged first) and finishes when the test says so. */
export class SlowCommand {
  private waiting: Array<{ release: (r?: Partial<Result>) => void }> = [];
  started = 0;
  aborted = 0;
  private startedWaiters: Array<() => void> = [];

  readonly spec: CommandSpec = {
    name: 'slow test',
    id: 'slow-test',
    aliases: ['slowtest'],
    params: [],
    examples: ['slow test'],
    sideEffects: false,
    calls: 'azure',
    working: () => 'Working slowly on the test command',
    run: (_args, ctx) =>
      new Promise<Result>((resolve) => {
        this.started++;
        const done = (r?: Partial<Result>) =>
          resolve(
            newResult('slow test', {
              tables: [{ title: 'Slow result', columns: ['value'], rows: [['slow-done-42']] }],
              ...r,
            }),
          );
        ctx.signal?.addEventListener('abort', () => {
          this.aborted++;
          resolve(newResult('slow test', { ok: false, error: { code: 'aborted', message: 'aborted' } }));
        });
        this.waiting.push({ release: done });
        for (const w of this.startedWaiters.splice(0)) w();
      }),
  };

  /** Finish the oldest running invocation. */
  release(): void {
    const w = this.waiting.shift();
    if (!w) throw new Error('no slow command is running');
    w.release();
  }

  get running(): number {
    return this.waiting.length;
  }

  whenStarted(count = 1): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.started >= count ? resolve() : this.startedWaiters.push(check));
      check();
    });
  }
}

export const throwingSpec: CommandSpec = {
  name: 'explode',
  id: 'explode',
  aliases: [],
  params: [],
  examples: ['explode'],
  sideEffects: false,
  calls: 'none',
  run: async () => {
    throw new Error('kaboom: secret internals at /srv/app/src/commands/explode.ts:12');
  },
};

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  [k: string]: unknown;
}

export function captureLog(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const push = (line: LogLine) => {
    lines.push(line);
    const conversationId = typeof line.conversationId === 'string' ? line.conversationId : undefined;
    recordEmitted({ where: `log line "${String(line.msg)}"`, text: line, ...(conversationId ? { conversationId } : {}) });
  };
  return {
    lines,
    info: (o) => push({ level: 'info', ...o }),
    warn: (o) => push({ level: 'warn', ...o }),
    error: (o) => push({ level: 'error', ...o }),
  };
}

export interface Chat {
  conversationId: string;
  serviceUrl: string;
  locale?: string;
}

export function newChat(serviceUrl: string, locale = 'en-US'): Chat {
  return { conversationId: `a:conv-${randomUUID()}`, serviceUrl, locale };
}

export function messageActivity(chat: Chat, text: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `msg-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: chat.serviceUrl,
    from: { id: '29:user-1', name: 'Ada Lovelace', aadObjectId: 'aad-user-1' },
    recipient: { id: '28:netops-bot', name: 'NetOps' },
    conversation: { id: chat.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: chat.locale,
    ...(text !== undefined ? { text } : {}),
    ...extra,
  };
}

export function invokeActivity(chat: Chat, verb: string, data: unknown, replyToId = 'card-1'): Record<string, unknown> {
  return messageActivity(chat, undefined, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', id: 'a1', verb, data }, trigger: 'manual' },
  });
}

export interface Posted {
  status: number;
  body: any;
  ms: number;
}

export async function postActivity(botUrl: string, activity: Record<string, unknown>): Promise<Posted> {
  const started = performance.now();
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: any = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  const conversationId = (activity.conversation as { id?: unknown } | undefined)?.id;
  recordEmitted({ where: `HTTP answer to ${String(activity.type)}`, text: body, ...(typeof conversationId === 'string' ? { conversationId } : {}) });
  return { status: res.status, body, ms: performance.now() - started };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Looks for text typical of a stack trace or source path. */
export const STACKISH = /\n\s+at\s|\.ts:\d+|\.js:\d+|node_modules|\/srv\/app/;
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
