/** World files: validation messages, the committed JSON Schema, and the demo world's contract. */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { expandCircuitRoutes } from '../../src/emulator/wire.ts';
import { DEMO_WORLD_PATH, WorldError, loadDemoWorld, loadWorld } from '../../src/emulator/world.ts';
import { WORLD_SCHEMA_PATH, renderWorldSchema } from '../../src/emulator/world-schema-gen.ts';
import { SUB1, SUB2 } from './helpers.ts';

function minimalWorld(): any {
  return {
    subscriptions: [{ id: SUB1, displayName: 'test', resourceGroups: [{ name: 'rg', location: 'japaneast' }] }],
    circuits: [
      {
        subscriptionId: SUB1,
        resourceGroup: 'rg',
        name: 'good-er',
        location: 'japaneast',
        sku: { tier: 'Standard', family: 'MeteredData' },
        serviceKey: '11111111-2222-4333-8444-555555555555',
        peerings: [
          {
            name: 'AzurePrivatePeering',
            peerASN: 65001,
            primaryPeerAddressPrefix: '192.168.1.0/30',
            secondaryPeerAddressPrefix: '192.168.1.4/30',
            vlanId: 10,
          },
        ],
      },
    ],
  };
}

function errorOf(fn: () => unknown): WorldError {
  try {
    fn();
  } catch (e) {
    if (e instanceof WorldError) return e;
    throw e;
  }
  throw new Error('expected a WorldError');
}

describe('loadWorld', () => {
  it('accepts a minimal world and fills in ARM defaults', () => {
    const w = loadWorld(minimalWorld());
    expect(w.settings.pageSize).toBe(5);
    expect(w.settings.rateLimits.reads).toEqual({ burst: 250, refillPerSecond: 25 });
    expect(w.settings.lro.style).toBe('location');
    const p = w.circuits[0]!.peerings[0]!;
    expect(p).toMatchObject({ azureASN: 12076, state: 'Enabled' });
    expect(p.paths.primary).toEqual({ arp: [], routes: [], routeSummary: [] });
  });

  it('names the path of every bad field, with the resource name', () => {
    const bad = minimalWorld();
    bad.circuits[0].name = 'bad-er';
    bad.circuits[0].peerings[0].peerASN = '65001';
    bad.circuits[0].sku.tier = 'Gold';
    bad.circuits[0].serviceKey = 'not-a-guid';
    bad.circuits[0].peeringz = [];
    const e = errorOf(() => loadWorld(bad));
    expect(e.message).toMatch(/^Invalid emulator world \(object\):/);
    const text = e.issues.join('\n');
    expect(text).toContain('circuits[0] (bad-er).peerings[0] (AzurePrivatePeering).peerASN: Invalid input: expected number, received string');
    expect(text).toContain('circuits[0] (bad-er).sku.tier:');
    expect(text).toContain('circuits[0] (bad-er).serviceKey: must be a GUID');
    expect(text).toMatch(/circuits\[0\] \(bad-er\): Unrecognized key: "peeringz"/);
  });

  it('checks references: resource groups, gateways, circuits, subnets', () => {
    const bad = minimalWorld();
    bad.circuits[0].resourceGroup = 'rg-missing';
    bad.connections = [{ subscriptionId: SUB1, resourceGroup: 'rg', name: 'c1', location: 'japaneast', gateway: 'no-gw', circuit: 'no-er' }];
    const e = errorOf(() => loadWorld(bad));
    expect(e.issues).toEqual([
      "circuits[0] (good-er).resourceGroup: no resource group 'rg-missing' in subscription test",
      "connections[0] (c1).gateway: no gateway 'no-gw'",
      "connections[0] (c1).circuit: no circuit 'no-er'",
    ]);
  });

  it('reports unreadable files and bad JSON readably', () => {
    const dir = mkdtempSync(join(tmpdir(), 'world-test-'));
    try {
      const file = join(dir, 'broken.json');
      writeFileSync(file, '{ "subscriptions": [ }');
      expect(errorOf(() => loadWorld(file)).issues[0]).toMatch(/^not valid JSON/);
      expect(errorOf(() => loadWorld(join(dir, 'missing.json'))).issues[0]).toMatch(/^cannot read the file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('world.schema.json', () => {
  it('is what `npm run world-schema` generates from the zod schema', () => {
    expect(JSON.parse(readFileSync(WORLD_SCHEMA_PATH, 'utf8'))).toEqual(JSON.parse(renderWorldSchema()));
  });

  it('validates the demo world and rejects a broken one (editors use it)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(WORLD_SCHEMA_PATH, 'utf8')));
    expect(validate(JSON.parse(readFileSync(DEMO_WORLD_PATH, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    const bad = minimalWorld();
    bad.circuits[0].sku.tier = 'Gold';
    expect(validate(bad)).toBe(false);
  });
});

describe('the demo world', () => {
  const w = loadDemoWorld();
  const circuit = (name: string) => w.circuits.find((c) => c.name === name)!;
  const pp = (name: string) => circuit(name).peerings.find((p) => p.name === 'AzurePrivatePeering')!;

  it('has the two subscriptions and their resource groups', () => {
    expect(w.subscriptions.map((s) => [s.id, s.displayName, s.resourceGroups.map((g) => g.name)])).toEqual([
      [SUB1, 'netops-demo-prod', ['rg-er-prod', 'rg-hub-japaneast', 'NetworkWatcherRG']],
      [SUB2, 'netops-demo-dr', ['rg-er-dr']],
    ]);
  });

  it('has one circuit per scenario, with the agreed names', () => {
    expect(w.circuits.map((c) => c.name)).toEqual([
      'tokyo-er', 'osaka-er', 'mumbai-er', 'singapore-er', 'hongkong-er', 'seoul-er', 'sydney-er', 'london-er', 'amsterdam-er',
      'frankfurt-er', 'paris-er', 'dublin-er', 'virginia-er', 'chicago-er', 'dallas-er', 'melbourne-er', 'restricted-er', 'tokyo-er-dr',
    ]);
    expect(circuit('tokyo-er-dr').subscriptionId).toBe(SUB2);
    expect(circuit('osaka-er').serviceProviderProvisioningState).toBe('NotProvisioned');
    expect(circuit('mumbai-er').circuitProvisioningState).toBe('Disabled');
    expect(pp('singapore-er').state).toBe('Disabled');
    expect(pp('hongkong-er').paths.secondary.arp).toEqual([]);
    expect(pp('seoul-er').paths.primary.arp.map((e) => e.interface)).toEqual(['Microsoft']);
    expect(pp('seoul-er').paths.secondary.arp.find((e) => e.interface === 'On-Prem')?.macAddress).toBe('Incomplete');
    expect(pp('sydney-er').paths.primary.arp.find((e) => e.interface === 'On-Prem')?.ipAddress).toBe('192.168.16.5');
    expect(pp('london-er').paths.primary.routeSummary[0]?.statePfxRcd).toBe('Idle');
    expect(pp('london-er').paths.secondary.routeSummary[0]?.statePfxRcd).toBe('Active');
    expect(pp('amsterdam-er').paths.primary.routeSummary[0]?.statePfxRcd).toBe('0');
    expect(circuit('frankfurt-er').sku.tier).toBe('Standard');
    expect(expandCircuitRoutes(pp('frankfurt-er').paths.primary.routes)).toHaveLength(3600);
    expect(pp('paris-er').paths.primary.routeSummary[0]?.upDown).toBe('00:09:35');
    expect(pp('dublin-er').paths.secondary.routeSummary[0]?.statePfxRcd).toBe('Idle');
    expect(pp('dublin-er').paths.secondary.arp).toHaveLength(2);
    expect(expandCircuitRoutes(pp('virginia-er').paths.primary.routes)).toHaveLength(120);
    expect(expandCircuitRoutes(pp('virginia-er').paths.secondary.routes)).toHaveLength(80);
    expect(expandCircuitRoutes(pp('chicago-er').paths.primary.routes)[0]?.network).toBe('0.0.0.0/0');
    expect(pp('dallas-er').peerASN).toBe(65515);
    expect(circuit('melbourne-er').lro?.durationsMs?.arpTable).toBe(25000);
    expect(w.forbidden[0]?.scope).toMatch(/\/expressRouteCircuits\/restricted-er$/);
  });

  it('keeps route summaries consistent with route tables and the /30 convention', () => {
    for (const c of w.circuits) {
      for (const p of c.peerings) {
        for (const path of ['primary', 'secondary'] as const) {
          const d = p.paths[path];
          const count = Number(d.routeSummary[0]?.statePfxRcd);
          if (Number.isInteger(count)) expect(expandCircuitRoutes(d.routes), `${c.name} ${path}`).toHaveLength(count);
          for (const s of d.routeSummary) expect(s.as, c.name).toBe(p.peerASN);
        }
      }
    }
  });

  it('has distinctive, unique fake secrets', () => {
    const serviceKeys = w.circuits.map((c) => c.serviceKey);
    const sharedKeys = w.circuits.flatMap((c) => c.peerings.flatMap((p) => (p.sharedKey ? [p.sharedKey] : [])));
    expect(new Set(serviceKeys).size).toBe(serviceKeys.length);
    expect(new Set(sharedKeys).size).toBe(sharedKeys.length);
    for (const k of sharedKeys) expect(k).toMatch(/^Md5-Demo-Secret-[a-z]+(-[a-z]+)?-[0-9a-f]{4}$/);
  });

  it('has the gateways, connections and test VMs', () => {
    expect(w.gateways.map((g) => [g.name, g.sku.name])).toEqual([
      ['hub-ergw', 'ErGw3AZ'],
      ['spoke-ergw', 'Standard'],
      ['scale-ergw', 'ErGwScale'],
      ['dr-ergw', 'UltraPerformance'],
    ]);
    expect(w.connections.map((c) => [c.name, c.gateway, c.circuit, c.expressRouteGatewayBypass])).toEqual([
      ['hub-conn', 'hub-ergw', 'tokyo-er', true],
      ['spoke-conn', 'spoke-ergw', 'osaka-er', false],
      ['scale-conn', 'scale-ergw', 'dublin-er', false],
      ['spoke-fp-conn', 'spoke-ergw', 'paris-er', true],
      ['dr-conn', 'dr-ergw', 'tokyo-er-dr', false],
    ]);
    expect(w.virtualMachines.map((v) => v.name)).toEqual([
      'vm-hub-test', 'vm-nsg', 'vm-udr', 'vm-noroute', 'vm-noagent', 'vm-flaky', 'vm-a', 'vm-b', 'vm-weu',
    ]);
    expect(w.networkWatchers.map((n) => [n.name, n.resourceGroup, n.location])).toEqual([['NetworkWatcher_japaneast', 'NetworkWatcherRG', 'japaneast']]);
  });
});
