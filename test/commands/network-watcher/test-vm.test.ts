/**
 * `bgp status` and the test VM (NETOPS_TEST_VMS): ER-BGP-DOWN with healthy ARP offers "Check TCP/179 (<path>)"
 * = `check <vm> <on-prem peer>:179`, by circuit name or by the gateway connected to it; without
 * one, the verdict says a test VM can be configured.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AzureError } from '../../../src/azure/errors.ts';
import type { AzureReader } from '../../../src/azure/reader.ts';
import { testVmFor } from '../../../src/commands/network-watcher/test-vm.ts';
import { loadConfig } from '../../../src/config.ts';
import { commands, type Demo, reset, rules, startDemo } from './helpers.ts';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo(0);
});
afterAll(async () => demo?.close());
afterEach(() => {
  reset(demo);
  demo.handle.services.config.testVms = {};
});

/** What NETOPS_TEST_VMS=<text> configures, through the real config parser. */
const testVms = (text: string) => loadConfig({ NETOPS_TEST_VMS: text }).testVms;

describe('bgp status with a test VM', () => {
  it('offers a TCP/179 check to each on-premises peer from the circuit’s test VM', async () => {
    demo.handle.services.config.testVms = testVms('London-ER=vm-hub-test');
    const r = await demo.run('bgp status london-er');
    expect(rules(r)).toEqual(['ER-BGP-DOWN', 'ER-BGP-DOWN']);
    expect(r.verdicts[0]!.followUps).toContainEqual({ title: 'Check TCP/179 (primary)', command: 'check vm-hub-test 192.168.17.1:179' });
    expect(r.verdicts[1]!.followUps).toContainEqual({ title: 'Check TCP/179 (secondary)', command: 'check vm-hub-test 192.168.17.5:179' });
    expect(commands(r)).toEqual(expect.arrayContaining(['check vm-hub-test 192.168.17.1:179', 'check vm-hub-test 192.168.17.5:179']));
    expect(r.verdicts[0]!.nextSteps.join('\n')).not.toMatch(/NETOPS_TEST_VMS/);
    // Found by the circuit's own name: no need to read the connections.
    expect(demo.emu.requests.count({ operation: 'connections.list' })).toBe(0);
  });

  it('finds the test VM through the gateway whose connection points at the circuit', async () => {
    demo.handle.services.config.testVms = testVms('scale-ergw=vm-a');
    const r = await demo.run('bgp status dublin-er');
    expect(rules(r)[0]).toBe('ER-BGP-DOWN');
    expect(commands(r)).toContain('check vm-a 192.168.21.5:179');
  });

  it('without one, says a test VM can be configured, offers no check, and reads nothing more', async () => {
    const r = await demo.run('bgp status london-er');
    expect(commands(r).some((c) => c.startsWith('check '))).toBe(false);
    expect(r.verdicts[0]!.nextSteps.join('\n')).toMatch(/Set a test VM for this circuit \(NETOPS_TEST_VMS, e\.g\. [a-z0-9-]+=<vm name>\) and the bot can check TCP\/179 to 192\.168\.17\.1/);
    expect(demo.emu.requests.count({ operation: 'connections.list' }) + demo.emu.requests.count({ operation: 'resources.list' })).toBe(0);
  });

  it('the offered check runs: vm-hub-test has no route to the london-er peer (nothing learned while BGP is down)', async () => {
    demo.handle.services.config.testVms = testVms('london-er=vm-hub-test');
    const bgp = await demo.run('bgp status london-er');
    const next = await demo.run(commands(bgp).find((c) => c.startsWith('check '))!);
    expect(next).toMatchObject({ ok: true, command: 'check', target: 'vm-hub-test' });
    expect(rules(next)).toEqual(['NW-NO-ROUTE']);
  });
});

describe('testVmFor', () => {
  const circuit = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/c1', name: 'C1' };
  const reader = (listConnections: AzureReader['listConnections']) => ({ listConnections }) as AzureReader;

  it('matches the circuit name case-insensitively, and reads no connections for it', async () => {
    let read = 0;
    const azure = reader(async () => (read++, []));
    expect(await testVmFor(azure, { c1: 'vm-x' }, circuit)).toBe('vm-x');
    expect(await testVmFor(azure, {}, circuit)).toBeUndefined();
    expect(read).toBe(0);
  });

  it('a failed read of connections means no VM, not a failed command', async () => {
    const azure = reader(async () => {
      throw new AzureError('forbidden', 'no');
    });
    expect(await testVmFor(azure, { 'gw-1': 'vm-x' }, circuit)).toBeUndefined();
  });
});
