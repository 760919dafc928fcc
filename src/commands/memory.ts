/**
 * What each conversation last talked about ("the circuit we are looking at"), so that `arp table secondary`
 * after `bgp status tokyo-er` needs no name. In memory and bounded: least recently used conversations are
 * forgotten first, and everything is forgotten after a quiet half day (an incident is over by then).
 */
import { LRUCache } from 'lru-cache';
import type { ConversationMemory, ParamSpec } from './types.ts';

type Key = NonNullable<ParamSpec['remember']>;
type Remembered = Partial<Record<Key, string>>;

export interface MemoryOptions {
  /** Conversations kept; default 10,000. */
  maxConversations?: number;
  /** Forget a conversation after this long without a command; default 12 hours. */
  ttlMs?: number;
}

export function createMemory(options: MemoryOptions = {}): ConversationMemory {
  const cache = new LRUCache<string, Remembered>({
    max: options.maxConversations ?? 10_000,
    ttl: options.ttlMs ?? 12 * 60 * 60 * 1000,
    updateAgeOnGet: true,
  });
  return {
    recall(conversationId) {
      return { ...(cache.get(conversationId) ?? {}) };
    },
    remember(conversationId, values) {
      const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string' && v !== '')) as Remembered;
      if (Object.keys(defined).length === 0) return;
      cache.set(conversationId, { ...(cache.get(conversationId) ?? {}), ...defined });
    },
  };
}
