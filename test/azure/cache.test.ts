import { describe, expect, it } from 'vitest';
import { CoalescingCache } from '../../src/azure/cache.ts';
import { maskServiceKey } from '../../src/azure/map.ts';

describe('CoalescingCache', () => {
  it('makes one load for concurrent identical requests and reuses it within the TTL', async () => {
    const cache = new CoalescingCache();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 20));
      return [loads];
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', 1_000, load)));
    expect(loads).toBe(1);
    expect(new Set(results).size).toBe(1);
    await cache.get('k', 1_000, load);
    expect(loads).toBe(1);
  });

  it('loads again after the TTL and does not keep failures', async () => {
    const cache = new CoalescingCache();
    let loads = 0;
    await cache.get('k', 10, async () => ++loads);
    await new Promise((r) => setTimeout(r, 30));
    expect(await cache.get('k', 10, async () => ++loads)).toBe(2);
    await expect(cache.get('f', 1_000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('f', 1_000, async () => 'recovered')).toBe('recovered');
  });
});

describe('maskServiceKey', () => {
  it('keeps only the last four characters', () => {
    const masked = maskServiceKey('6f1c2a3b-1111-4222-8333-9a8b7c6d4f2a')!;
    expect(masked.endsWith('4f2a')).toBe(true);
    expect(masked).not.toMatch(/6f1c|1111|9a8b/);
    expect(masked).toHaveLength('6f1c2a3b-1111-4222-8333-9a8b7c6d4f2a'.length);
    expect(maskServiceKey(undefined)).toBeUndefined();
  });
});
