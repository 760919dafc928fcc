/**
 * Short-lived cache with request coalescing: while a read is in flight, identical reads share it, and its
 * answer serves everyone for a few seconds. A war-room of twenty engineers asking for the same circuit
 * costs one set of ARM calls. Built on lru-cache's fetch(), which already dedupes in-flight fetches and
 * does not keep rejections.
 */
import { LRUCache } from 'lru-cache';

type Loader = () => Promise<unknown>;

export class CoalescingCache {
  private readonly lru: LRUCache<string, { v: unknown }, Loader>;
  private hits = 0;
  private misses = 0;

  constructor(maxEntries = 2_000) {
    this.lru = new LRUCache<string, { v: unknown }, Loader>({
      max: maxEntries,
      ttl: 15_000,
      // Wrap values so that `undefined` and empty results are cacheable too.
      fetchMethod: async (_key, _stale, { context }) => ({ v: await context() }),
    });
  }

  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    if (this.lru.has(key)) this.hits++;
    else this.misses++;
    const entry = await this.lru.fetch(key, { context: load, ttl: ttlMs });
    return entry!.v as T;
  }

  delete(key: string): void {
    this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  stats(): { hits: number; misses: number; size: number } {
    return { hits: this.hits, misses: this.misses, size: this.lru.size };
  }
}
