/** trackReads: the slow reads a command makes, labelled as they start and end; other calls pass through. */
import { describe, expect, it } from 'vitest';
import type { AzureReader } from '../../src/azure/reader.ts';
import { trackReads, type Progress } from '../../src/commands/progress.ts';

describe('trackReads', () => {
  it('lists each labelled read once, waiting then done or failed, and leaves the reader’s answers alone', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const reader = {
      simulated: true,
      endpoint: 'https://127.0.0.1:1',
      secret: 7,
      self(this: { secret: number }) {
        return this.secret;
      },
      resolveCircuit: async () => ({ name: 'tokyo-er' }),
      getCircuit: async () => ({ name: 'tokyo-er' }),
      getArpTable: async (_ref: unknown, _peering: string, path: string) => {
        if (path === 'secondary') await slow;
        return [{ path }];
      },
      getRouteSummary: async () => {
        throw new Error('timed out');
      },
    } as unknown as AzureReader & { self(): number };
    const seen: Progress[] = [];
    const tracked = trackReads(reader, (p) => seen.push(p)) as typeof reader;
    expect(tracked.simulated).toBe(true);
    expect(tracked.self()).toBe(7); // methods keep their reader as `this`
    await tracked.resolveCircuit('tokyo-er'); // a look-up by name: not listed
    expect(seen).toEqual([]);
    await tracked.getCircuit({} as never);
    const secondary = tracked.getArpTable({} as never, 'AzurePrivatePeering', 'secondary');
    expect(await tracked.getArpTable({} as never, 'AzurePrivatePeering', 'primary')).toEqual([{ path: 'primary' }]);
    await expect(tracked.getRouteSummary({} as never, 'AzurePrivatePeering', 'primary')).rejects.toThrow('timed out');
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.at(-1)!.reads).toEqual([
      { key: 'circuit', state: 'done' },
      { key: 'arp', path: 'secondary', state: 'waiting' },
      { key: 'arp', path: 'primary', state: 'done' },
      { key: 'routeSummary', path: 'primary', state: 'failed' },
    ]);
    release();
    await secondary;
    await tracked.getCircuit({} as never); // asked again (a cache hit): still one line, still done
    expect(seen.at(-1)!.reads.map((r) => `${r.key}/${r.path ?? ''}:${r.state}`)).toEqual(['circuit/:done', 'arp/secondary:done', 'arp/primary:done', 'routeSummary/primary:failed']);
  });
});
