import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../helpers/demo.ts';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo.close());

describe('gateway', () => {
  it('shows a healthy gateway with its peers, learned routes and connections', async () => {
    const r = await demo.run('gateway hub-ergw');
    expect(r.verdicts.map((v) => v.ruleId)).toEqual(['GW-HEALTHY']);
    const peers = r.tables[1]!;
    expect(peers.rows.length).toBeGreaterThan(0);
    expect(peers.rows.some((row) => row[2] === 'Connected')).toBe(true);
    expect(JSON.stringify(r.tables[0]!.rows)).toContain('hub-conn');
    expect(r.followUps.map((f) => f.command)).toEqual(expect.arrayContaining(['fastpath hub-ergw', 'bgp status tokyo-er']));
  });

  it('flags a peer that is not connected', async () => {
    const r = await demo.run('gateway spoke-ergw');
    expect(r.verdicts[0]!.ruleId).toBe('GW-BGP-PEER-DOWN');
    expect(r.verdicts[0]!.evidence.join(' ')).toMatch(/Connecting/);
  });

  it('still shows the gateway when reading its BGP peers fails, marked partial', async () => {
    const id = demo.emu.faults.add({ kind: 'lro-fail', operation: 'gateways.bgpPeerStatus', status: 409, code: 'Conflict', message: 'busy' });
    try {
      const r = await demo.run('gateway dr-ergw');
      expect(r.ok).toBe(true);
      expect(r.partial).toBe(true);
      expect(r.tables[0]!.rows.length).toBeGreaterThan(0);
      expect(r.verdicts.map((v) => v.ruleId)).toContain('GW-READ-FAILED');
      expect(r.verdicts.map((v) => v.ruleId)).not.toContain('GW-HEALTHY');
    } finally {
      demo.emu.faults.remove(id);
    }
  });
});
