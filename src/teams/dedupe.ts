/**
 * Teams retries an activity whose turn took more than 15 s (and networks retry too), so the bot can see the
 * same activity id twice. Remember recent ids per conversation for a while and drop repeats. Bounded: an LRU
 * with a time to live, so memory stays flat however many conversations the bot serves.
 */
import { LRUCache } from 'lru-cache';

export interface DedupeOptions {
  /** How many (conversation, activity id) pairs to remember. */
  max?: number;
  /** How long to remember one, in ms. Teams gives up retrying well within this. */
  ttlMs?: number;
}

export class ActivityDeduper<V extends object = { at: number }> {
  private readonly seen: LRUCache<string, V>;

  constructor(options: DedupeOptions = {}) {
    this.seen = new LRUCache<string, V>({ max: options.max ?? 10_000, ttl: options.ttlMs ?? 10 * 60_000 });
  }

  private static key(conversationId: string, activityId: string): string {
    return `${conversationId}\u0000${activityId}`;
  }

  /**
   * Records the pair; returns the value stored by the first sighting when it was seen already (a repeat),
   * or undefined when it is new. Activities without an id are never treated as repeats.
   */
  check(conversationId: string, activityId: string | undefined, value: V): V | undefined {
    if (!activityId) return undefined;
    const key = ActivityDeduper.key(conversationId, activityId);
    const prior = this.seen.get(key);
    if (prior) return prior;
    this.seen.set(key, value);
    return undefined;
  }

  get size(): number {
    return this.seen.size;
  }
}
