/** `effective routes` and `effective nsg` through the real engine and SDK against the demo world. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { card, commands, type Demo, reset, rows, startDemo } from './helpers.ts';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo(0);
});
afterAll(async () => demo?.close());
afterEach(() => reset(demo));

describe('effective routes', () => {
  it("shows a VM's primary NIC routes, one row per prefix, paginated by the renderer", async () => {
    const r = await demo.run('effective routes vm-hub-test');
    expect(r).toMatchObject({ ok: true, command: 'effective routes', target: 'vm-hub-test', verdicts: [] });
    const t = r.tables[0]!;
    expect(t.title).toBe('Effective routes of vm-hub-test-nic (vm-hub-test)');
    expect(t.columns).toEqual(['Prefix', 'Next hop type', 'Next hop IP', 'Source', 'State']);
    expect(t.rows).toHaveLength(49);
    expect(t.rows).toContainEqual(['10.1.40.0/24', 'VirtualNetworkGateway', '10.0.255.12\n10.0.255.13', 'VirtualNetworkGateway', 'Active']);
    expect(t.note).toBe('49 route prefixes.');
    // No Network Watcher is involved.
    expect(demo.emu.requests.count({ operation: 'nw.listAll' })).toBe(0);
    card(r);
  });

  it('an address keeps the routes covering it, most specific first, and says which one Azure uses', async () => {
    const r = await demo.run('effective routes vm-udr 192.168.10.1');
    expect(rows(r).map((row) => row[0])).toEqual(['192.168.10.0/24\n✔ used', '192.168.10.0/24', '192.168.0.0/16', '0.0.0.0/0']);
    expect(r.notes).toContain('Traffic to 192.168.10.1 uses 192.168.10.0/24 → VirtualAppliance 10.0.0.4 (User onprem-via-nva).');
    expect(r.tables[0]!.note).toBe('4 of 51 route prefixes overlap 192.168.10.1/32, most specific first.');
    expect(commands(r)).toEqual(['nexthop vm-udr 192.168.10.1', 'effective nsg vm-udr']);
  });

  it('a prefix keeps the routes that overlap it; a NIC can be named directly', async () => {
    const r = await demo.run('effective routes vm-udr-nic 10.1.0.0/16');
    expect(r.target).toBe('vm-udr');
    const prefixes = rows(r).map((row) => row[0]);
    expect(prefixes).toHaveLength(44);
    expect(prefixes).toContain('10.1.0.0/16');
    expect(prefixes).toContain('10.0.0.0/8');
    expect(prefixes).not.toContain('192.168.10.0/24');
  });

  it('a dropped address says so', async () => {
    const r = await demo.run('effective routes vm-noroute 192.168.10.1');
    expect(r.notes).toContain('Traffic to 192.168.10.1 is dropped: 192.168.10.0/24 has next hop None (User blackhole-bgp-peer).');
  });

  it('works in a region without a network watcher', async () => {
    const r = await demo.run('effective routes vm-weu');
    expect(r.ok).toBe(true);
    expect(rows(r).map((row) => row[0])).toContain('10.70.0.0/16');
  });

  it('refuses a bad prefix, and answers a typo with names of VMs and NICs', async () => {
    const bad = await demo.run('effective routes vm-udr 10.1.0.0/40');
    expect(bad.error!.code).toBe('bad-argument');
    expect(bad.error!.message).toMatch(/“10\.1\.0\.0\/40” is not an address or prefix: expected for example 10\.1\.0\.0\/16/);
    const typo = await demo.run('effective routes vm-udr-nci');
    expect(typo.error!.code).toBe('not-found');
    expect(typo.error!.suggestions).toContain('vm-udr-nic');
    expect(commands(typo)).toContain('effective routes vm-udr-nic');
  });
});

describe('effective reads Azure refuses', () => {
  it('explains a refusal (400) as a NIC without a running VM, for routes and rules', async () => {
    demo.emu.faults.add({ kind: 'error', status: 400, operation: 'nics.effective*' });
    const routes = await demo.run('effective routes vm-udr');
    expect(routes.error).toMatchObject({ code: 'bad-request', retryable: false });
    expect(routes.error!.message).toBe(
      'Azure would not compute the effective routes of vm-udr-nic: they exist only for a network interface attached to a running VM. Start vm-udr (or name a NIC of a running VM) and try again.',
    );
    const nsg = await demo.run('effective nsg vm-udr');
    expect(nsg.error!.message).toMatch(/effective security rules of vm-udr-nic/);
  });

  it('names the missing permission', async () => {
    demo.emu.faults.add({ kind: 'error', status: 403, operation: 'nics.effectiveNsg' });
    const r = await demo.run('effective nsg vm-nsg');
    expect(r.error).toMatchObject({ code: 'forbidden', missingPermission: 'Microsoft.Network/networkInterfaces/effectiveNetworkSecurityGroups/action' });
  });
});

describe('effective nsg', () => {
  it('shows the rules per NSG and direction in evaluation order, defaults marked', async () => {
    const r = await demo.run('effective nsg vm-nsg');
    expect(r).toMatchObject({ ok: true, command: 'effective nsg', target: 'vm-nsg' });
    expect(r.tables.map((t) => t.title)).toEqual(['Inbound rules — NSG vm-nsg-nsg on NIC vm-nsg-nic', 'Outbound rules — NSG vm-nsg-nsg on NIC vm-nsg-nic']);
    expect(r.tables[1]!.columns).toEqual(['Priority', 'Rule', 'Access', 'Protocol · ports', 'Source → destination']);
    expect(r.tables[1]!.rows).toEqual([
      ['100', 'DenyBgpOutbound', '✖ Deny', 'TCP · 179', 'any\n→ 192.168.0.0/16'],
      ['65000', 'AllowVnetOutBound (default)', '✔ Allow', 'any · any', 'VirtualNetwork\n→ VirtualNetwork'],
      ['65001', 'AllowInternetOutBound (default)', '✔ Allow', 'any · any', 'any\n→ Internet'],
      ['65500', 'DenyAllOutBound (default)', '✖ Deny', 'any · any', 'any\n→ any'],
    ]);
    expect(r.tables[0]!.rows[0]).toEqual(['200', 'AllowSshFromOnPrem', '✔ Allow', 'TCP · 22', '10.1.0.0/16\n→ any']);
    expect(commands(r)).toEqual(['effective routes vm-nsg']);
    card(r);
  });

  it('takes a NIC name, and answers in Japanese', async () => {
    const r = await demo.run('effective nsg vm-nsg-nic', { locale: 'ja' });
    expect(r.tables[0]!.title).toBe('受信規則 — NIC vm-nsg-nic の NSG vm-nsg-nsg');
    expect(r.tables[1]!.rows[1]![1]).toBe('AllowVnetOutBound (既定)');
    card(r, 'ja');
  });
});
