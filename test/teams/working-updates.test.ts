/** The working card's update schedule: nothing before the first delay, one draw at a time, none after stop(). */
import { describe, expect, it } from 'vitest';
import { WorkingUpdates } from '../../src/teams/working-updates.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WorkingUpdates', () => {
  it('draws nothing when the command ends before the first delay', async () => {
    const draws: number[] = [];
    const u = new WorkingUpdates({ firstMs: 100, everyMs: 20, draw: async (_p, ms) => void draws.push(ms) });
    await sleep(30);
    await u.stop();
    await sleep(150);
    expect(draws).toEqual([]);
  });

  it('draws the latest progress with the elapsed time, one draw at a time, and none after stop()', async () => {
    const seen: Array<{ reads: number; ms: number }> = [];
    let active = 0;
    let overlap = false;
    let releaseSlow!: () => void;
    const u = new WorkingUpdates({
      firstMs: 20,
      everyMs: 20,
      draw: async (p, ms) => {
        active++;
        if (active > 1) overlap = true;
        seen.push({ reads: p?.reads.length ?? 0, ms });
        if (seen.length === 2) await new Promise<void>((r) => (releaseSlow = r)); // a slow update
        active--;
      },
    });
    u.onChange({ reads: [{ key: 'arp', path: 'primary', state: 'waiting' }] });
    await sleep(60);
    u.onChange({ reads: [{ key: 'arp', path: 'primary', state: 'done' }, { key: 'arp', path: 'secondary', state: 'waiting' }] });
    const stopped = u.stop();
    let settled = false;
    void stopped.then(() => (settled = true));
    await sleep(30);
    expect(settled).toBe(false); // stop() waits for the update in flight
    releaseSlow();
    await stopped;
    const count = seen.length;
    await sleep(80);
    expect(seen).toHaveLength(count);
    expect(overlap).toBe(false);
    expect(seen[0]!.reads).toBe(1);
    expect(seen[1]!.ms).toBeGreaterThanOrEqual(seen[0]!.ms);
  });

  it('redraws at once when Azure starts throttling for a second or more, saying until when; a short wait waits its turn', async () => {
    const draws: Array<{ at: number; until?: number }> = [];
    const started = Date.now();
    const u = new WorkingUpdates({ firstMs: 5_000, everyMs: 5_000, draw: async (p) => void draws.push({ at: Date.now() - started, ...(p?.throttledUntil ? { until: p.throttledUntil } : {}) }) });
    u.onThrottle({ waitMs: 300, until: Date.now() + 300 });
    await sleep(100);
    expect(draws).toEqual([]); // too short to be worth a redraw of its own
    const until = Date.now() + 2_000;
    u.onThrottle({ waitMs: 2_000, until });
    await sleep(100);
    expect(draws).toHaveLength(1);
    expect(draws[0]!.at).toBeLessThan(1_000); // not at firstMs (5 s)
    expect(draws[0]!.until).toBe(until);
    // A second throttling wait right after does not redraw within the least gap between two redraws.
    u.onThrottle({ waitMs: 2_000, until: Date.now() + 2_000 });
    await sleep(300);
    expect(draws).toHaveLength(1);
    await sleep(900);
    expect(draws).toHaveLength(2);
    await u.stop();
  });
});
