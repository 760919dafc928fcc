/**
 * What each conversation last talked about ("the circuit we are looking at"), so that `arp table secondary`
 * after `bgp status tokyo-er` needs no name. This is the embedded (one-process) store: in memory and bounded,
 * least recently used conversations are forgotten first, and everything after a quiet half day (an incident
 * is over by then). Several instances share src/state/azure/context.ts instead.
 */
import { LRUCache } from 'lru-cache';
import type { ConversationMemory, Remembered } from './types.ts';

export interface MemoryOptions {
  /** Conversations kept; default 10,000. */
  maxConversations?: number;
  /** Forget a conversation after this long without a command; default 12 hours. */
  ttlMs?: number;
}

/** A conversation is forgotten after this long without a command. */
export const CONTEXT_TTL_MS = 12 * 60 * 60 * 1000;

/** Only non-empty strings are remembered. */
export function definedValues(values: Remembered): Remembered {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string' && v !== '')) as Remembered;
}

/** `current` with each key that still holds what `replaced` set put back to `previous` (or dropped). */
export function reverted(current: Remembered, replaced: Remembered, previous: Remembered): Remembered {
  const out: Partial<Record<keyof Remembered, string>> = { ...current };
  for (const key of Object.keys(replaced) as (keyof Remembered)[]) {
    if (out[key] !== replaced[key]) continue; // a newer command set it since: theirs stays
    if (previous[key] === undefined) delete out[key];
    else out[key] = previous[key];
  }
  return out;
}

export function createMemory(options: MemoryOptions = {}): ConversationMemory {
  const cache = new LRUCache<string, Remembered>({
    max: options.maxConversations ?? 10_000,
    ttl: options.ttlMs ?? CONTEXT_TTL_MS,
    updateAgeOnGet: true,
  });
  return {
    async recall(conversationId) {
      return { ...(cache.get(conversationId) ?? {}) };
    },
    async remember(conversationId, values) {
      const defined = definedValues(values);
      if (Object.keys(defined).length === 0) return;
      cache.set(conversationId, { ...(cache.get(conversationId) ?? {}), ...defined });
    },
    async revert(conversationId, replaced, previous) {
      const current = cache.get(conversationId);
      if (current) cache.set(conversationId, reverted(current, replaced, previous));
    },
  };
}
