import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderResultCard } from '../../src/render/card.ts';
import { translator } from '../../src/i18n/index.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { type Demo, startDemo } from '../helpers/demo.ts';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo.close());

describe('circuit', () => {
  it('shows the details, every peering and the connections that use the circuit, with the key masked', async () => {
    const r = await demo.run('circuit tokyo-er');
    expect(r.ok).toBe(true);
    const all = JSON.stringify(r);
    const world = demo.emu.world.circuits.find((c) => c.name === 'tokyo-er')!;
    for (const s of demo.secrets()) expect(all).not.toContain(s);
    expect(all).toContain(world.serviceKey!.slice(-4));
    expect(r.tables[1]!.rows.map((row) => row[0])).toEqual(['AzurePrivatePeering', 'MicrosoftPeering']);
    expect(r.tables[2]!.rows).toEqual([['hub-conn', 'hub-ergw', 'yes', expect.any(String)]]);
    expect(r.followUps.map((f) => f.command)).toEqual(expect.arrayContaining(['bgp status tokyo-er', 'bgp status tokyo-er microsoft', 'fastpath hub-conn']));
    expectValidCard(renderResultCard(r, translator('en')).card);
  });

  it('diagnoses circuit-level problems without reading the paths', async () => {
    demo.emu.requests.reset();
    const r = await demo.run('circuit osaka-er');
    expect(r.verdicts[0]!.ruleId).toBe('ER-PROVIDER-NOT-PROVISIONED');
    expect(demo.emu.requests.count({ operation: 'arpTable' })).toBe(0);
  });

  it('shows the circuit even when connections cannot be listed, and says so', async () => {
    const id = demo.emu.faults.add({ kind: 'error', status: 403, code: 'AuthorizationFailed', message: "does not have authorization to perform action 'Microsoft.Resources/subscriptions/resources/read'", operation: 'resources.list' });
    try {
      (demo.handle.services.azure as { cache?: { clear(): void } }).cache?.clear();
      const r = await demo.run('circuit dublin-er');
      expect(r.ok).toBe(true);
      expect(r.partial).toBe(true);
      expect(r.tables[2]!.note).toMatch(/access denied/);
    } finally {
      demo.emu.faults.remove(id);
    }
  });
});
