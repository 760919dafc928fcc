/**
 * Lists are read up to a ceiling (AZURE_MAX_LIST_ITEMS). The SDK's pagers follow ARM's nextLinks for as long as
 * ARM gives them, so a subscription with 60,000 resources, or an endpoint that answers an endless chain of
 * pages, would be read whole into memory before the engineer saw anything. Reading stops one item past the
 * limit (that item only says there were more), and the list remembers that it was cut, so that every answer
 * built on it, cached or not, can say so (call-watch.ts: noticeListCut).
 */
import type { CoalescingCache } from './cache.ts';
import { noticeListCut } from './call-watch.ts';

export interface Listed<T> {
  items: T[];
  /** The source had more than the limit; `items` holds the first `limit`. */
  cut: boolean;
}

/** The first `limit` items of `source`, mapped (an item mapped to undefined is skipped and not counted). */
export async function readUpTo<T, U>(source: AsyncIterable<T>, limit: number, map: (item: T) => U | undefined): Promise<Listed<U>> {
  const items: U[] = [];
  for await (const item of source) {
    const mapped = map(item);
    if (mapped === undefined) continue;
    // Leaving the loop returns the pager: no further page is asked for.
    if (items.length === limit) return { items, cut: true };
    items.push(mapped);
  }
  return { items, cut: false };
}

/** Several lists (one per subscription or resource group) as one, still no longer than `limit`. */
export function joinListed<T>(parts: readonly Listed<T>[], limit: number): Listed<T> {
  const all = parts.flatMap((p) => p.items);
  const cut = parts.some((p) => p.cut) || all.length > limit;
  return { items: all.length > limit ? all.slice(0, limit) : all, cut };
}

/**
 * A list read through the cache; whoever reads it, first or from the cache, hears whether it was cut
 * (noticeListCut), so that every answer built on it can say so.
 */
export async function cachedList<T>(cache: CoalescingCache, key: string, ttlMs: number, what: { list: string; limit: number }, load: () => Promise<Listed<T>>): Promise<T[]> {
  const { items, cut } = await cache.get(key, ttlMs, load);
  if (cut) noticeListCut(what);
  return items;
}
