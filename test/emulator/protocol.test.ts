/**
 * The wire protocol seen from raw HTTPS (node:https with the emulator's CA): LRO headers and polling,
 * ARM error bodies, case-insensitive paths, headers, paging links, rate limits, admin endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/server.ts';
import { loadDemoWorld } from '../../src/emulator/world.ts';
import { HUB, P1, SUB1, SUB2, raw, sleep } from './helpers.ts';

const ARP = `${P1}/expressRouteCircuits/tokyo-er/peerings/AzurePrivatePeering/arpTables/primary`;

describe('emulator protocol over raw HTTPS', () => {
  let emu: EmulatorHandle;
  const logLines: string[] = [];

  beforeAll(async () => {
    // ARP takes 1500 ms x 0.1 = 150 ms: long enough to see a 202 poll, short enough for a unit test.
    emu = await startEmulator({ lroDurationScale: 0.1, log: (l) => logLines.push(l) });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.faults.clear();
    emu.world.settings.lro.style = 'location';
    delete emu.world.settings.lro.retryAfterSeconds;
  });

  it('serves HTTPS on loopback with a CA file', async () => {
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.caPem).toContain('BEGIN CERTIFICATE');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(emu.caPath, 'utf8')).toBe(emu.caPem);
    const health = await raw(emu, 'GET', '/__emulator/health', { apiVersion: false, auth: false });
    expect(health.status).toBe(200);
    expect(health.json.subscriptionIds).toEqual([SUB1, SUB2]);
  });

  it('location style: POST ARP -> 202 + Location, poll 202 while running, then 200 with value[]', async () => {
    const start = await raw(emu, 'POST', ARP);
    expect(start.status).toBe(202);
    expect(start.text).toBe('');
    const location = start.headers.location as string;
    expect(location.startsWith(`${emu.url}/subscriptions/${SUB1}/providers/Microsoft.Network/locations/japaneast/operationResults/`)).toBe(true);
    expect(location).toContain('api-version=2026-01-01');
    expect(start.headers['azure-asyncoperation']).toBeUndefined();
    expect(start.headers['retry-after']).toBeUndefined();

    const running = await raw(emu, 'GET', location);
    expect(running.status).toBe(202);
    expect(running.headers.location).toBe(location);

    await sleep(200);
    const done = await raw(emu, 'GET', location);
    expect(done.status).toBe(200);
    expect(done.json.value).toEqual([
      { age: 0, interface: 'Microsoft', ipAddress: '192.168.10.2', macAddress: expect.stringMatching(/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/) },
      { age: 9, interface: 'On-Prem', ipAddress: '192.168.10.1', macAddress: expect.stringMatching(/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/) },
    ]);
  });

  it('async style: 202 + Azure-AsyncOperation + Location; status document, then the result', async () => {
    emu.world.settings.lro.style = 'async';
    emu.world.settings.lro.retryAfterSeconds = 1;
    const start = await raw(emu, 'POST', ARP);
    expect(start.status).toBe(202);
    expect(start.headers['retry-after']).toBe('1');
    const asyncUrl = start.headers['azure-asyncoperation'] as string;
    const location = start.headers.location as string;
    expect(asyncUrl).toMatch(new RegExp(`^${emu.url}/subscriptions/${SUB1}/providers/Microsoft.Network/locations/japaneast/operations/`));
    expect(location).toContain('/operationResults/');

    const running = await raw(emu, 'GET', asyncUrl);
    expect(running.status).toBe(200);
    expect(running.json.status).toBe('InProgress');
    await sleep(200);
    const status = await raw(emu, 'GET', asyncUrl);
    expect(status.json).toMatchObject({ status: 'Succeeded' });
    const result = await raw(emu, 'GET', location);
    expect(result.status).toBe(200);
    expect(result.json.value).toHaveLength(2);
  });

  it('sync style answers 200 with the body on the POST itself', async () => {
    emu.world.settings.lro.style = 'sync';
    const res = await raw(emu, 'POST', `${P1}/expressRouteCircuits/tokyo-er/peerings/AzurePrivatePeering/routeTablesSummary/secondary`);
    expect(res.status).toBe(200);
    expect(res.json.value).toEqual([{ neighbor: '192.168.10.5', v: 4, as: 65010, upDown: '1d02h', statePfxRcd: '42' }]);
  });

  it('results that must carry value[] carry it even when empty', async () => {
    emu.world.settings.lro.style = 'sync';
    const arp = await raw(emu, 'POST', `${P1}/expressRouteCircuits/hongkong-er/peerings/AzurePrivatePeering/arpTables/secondary`);
    expect(arp.json).toEqual({ value: [] });
    const routes = await raw(emu, 'POST', `${P1}/expressRouteCircuits/amsterdam-er/peerings/AzurePrivatePeering/routeTables/primary`);
    expect(routes.json).toEqual({ value: [] });
  });

  it('401 AuthenticationFailed without a bearer token', async () => {
    const missing = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`, { auth: false });
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe('AuthenticationFailed');
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);
    const basic = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`, { auth: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
    const empty = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`, { auth: 'Bearer ' });
    expect(empty.status).toBe(401);
  });

  it('400 MissingApiVersionParameter without api-version', async () => {
    const res = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`, { apiVersion: false });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' },
    });
  });

  it('404 bodies: resource, resource group, subscription, child resource, unknown type', async () => {
    const nf = await raw(emu, 'GET', `${P1}/expressRouteCircuits/nowhere-er`);
    expect(nf.status).toBe(404);
    expect(nf.json.error.code).toBe('ResourceNotFound');
    expect(nf.json.error.message).toMatch(
      /^The Resource 'Microsoft\.Network\/expressRouteCircuits\/nowhere-er' under resource group 'rg-er-prod' was not found\./,
    );
    const rg = await raw(emu, 'GET', `/subscriptions/${SUB1}/resourceGroups/rg-nope/providers/Microsoft.Network/expressRouteCircuits/tokyo-er`);
    expect(rg.status).toBe(404);
    expect(rg.json.error).toEqual({ code: 'ResourceGroupNotFound', message: "Resource group 'rg-nope' could not be found." });
    const sub = await raw(emu, 'GET', '/subscriptions/11111111-2222-4333-8444-555555555555/providers/Microsoft.Network/expressRouteCircuits');
    expect(sub.status).toBe(404);
    expect(sub.json.error.code).toBe('SubscriptionNotFound');
    const peering = await raw(emu, 'GET', `${P1}/expressRouteCircuits/osaka-er/peerings/AzurePrivatePeering`);
    expect(peering.status).toBe(404);
    expect(peering.json.error.message).toContain("'Microsoft.Network/expressRouteCircuits/osaka-er/peerings/AzurePrivatePeering'");
    const type = await raw(emu, 'GET', `${P1}/expressRoutePorts/x`);
    expect(type.status).toBe(404);
    expect(type.json.error.code).toBe('InvalidResourceType');
    const verb = await raw(emu, 'DELETE', `${P1}/expressRouteCircuits/tokyo-er`);
    expect(verb.status).toBe(405);
  });

  it('403 AuthorizationFailed names the exact action; reading the circuit still works', async () => {
    const res = await raw(emu, 'POST', `${P1}/expressRouteCircuits/restricted-er/peerings/AzurePrivatePeering/arpTables/primary`);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('AuthorizationFailed');
    expect(res.json.error.message).toMatch(
      /^The client '[0-9a-f-]{36}' with object id '[0-9a-f-]{36}' does not have authorization to perform action 'Microsoft\.Network\/expressRouteCircuits\/peerings\/arpTables\/action' over scope '\/subscriptions\/.+\/restricted-er\/peerings\/AzurePrivatePeering\/arpTables\/primary' or the scope is invalid\. If access was recently granted, please refresh your credentials\.$/,
    );
    const routes = await raw(emu, 'POST', `${P1}/expressRouteCircuits/restricted-er/peerings/AzurePrivatePeering/routeTables/primary`);
    expect(routes.json.error.message).toContain("'Microsoft.Network/expressRouteCircuits/peerings/routeTables/action'");
    const get = await raw(emu, 'GET', `${P1}/expressRouteCircuits/restricted-er`);
    expect(get.status).toBe(200);
    const summary = await raw(emu, 'POST', `${P1}/expressRouteCircuits/restricted-er/peerings/AzurePrivatePeering/routeTablesSummary/primary`);
    expect(summary.status).toBe(202);
  });

  it('paths are case-insensitive and // collapses', async () => {
    const res = await raw(
      emu,
      'GET',
      `/SUBSCRIPTIONS/${SUB1}/resourcegroups/RG-ER-PROD/PROVIDERS/microsoft.network//ExpressRouteCircuits/TOKYO-ER`,
    );
    expect(res.status).toBe(200);
    expect(res.json.name).toBe('tokyo-er');
    expect(res.json.id).toBe(`${P1}/expressRouteCircuits/tokyo-er`);
  });

  it('sends request ids, echoes correlation ids, counts down the rate-limit headers', async () => {
    const a = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`, { headers: { 'x-ms-correlation-request-id': 'corr-123' } });
    expect(a.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-ms-correlation-request-id']).toBe('corr-123');
    const b = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`, { headers: { 'x-ms-client-request-id': 'client-456' } });
    expect(b.headers['x-ms-correlation-request-id']).toBe('client-456');
    expect(b.headers['x-ms-client-request-id']).toBe('client-456');
    // The count itself (spent, refilled 25/s) is checked with a small bucket below.
    expect(Number(a.headers['x-ms-ratelimit-remaining-subscription-reads'])).toBeLessThan(250);
    const post = await raw(emu, 'POST', ARP);
    expect(post.headers['x-ms-ratelimit-remaining-subscription-writes']).toMatch(/^\d+$/);
    expect(post.headers['x-ms-ratelimit-remaining-subscription-reads']).toBeUndefined();
  });

  it('pages lists with an absolute nextLink on the emulator base URL', async () => {
    const first = await raw(emu, 'GET', `/subscriptions/${SUB1}/providers/Microsoft.Network/expressRouteCircuits`);
    expect(first.json.value).toHaveLength(5);
    expect(first.json.nextLink.startsWith(`${emu.url}/subscriptions/${SUB1}/providers/Microsoft.Network/expressRouteCircuits?`)).toBe(true);
    expect(first.json.nextLink).toContain('api-version=2026-01-01');
    const second = await raw(emu, 'GET', first.json.nextLink);
    expect(second.json.value[0].name).toBe('seoul-er');
  });

  it('VMs and NICs have the minimal ARM shapes', async () => {
    const vm = await raw(emu, 'GET', `/subscriptions/${SUB1}/resourceGroups/rg-hub-japaneast/providers/Microsoft.Compute/virtualMachines/vm-hub-test`);
    expect(vm.status).toBe(200);
    expect(vm.json).toMatchObject({
      name: 'vm-hub-test',
      type: 'Microsoft.Compute/virtualMachines',
      location: 'japaneast',
      properties: { networkProfile: { networkInterfaces: [{ id: `${HUB}/networkInterfaces/vm-hub-test-nic` }] } },
    });
    expect(vm.json.resources[0].name).toBe('AzureNetworkWatcherExtension');
    const noAgent = await raw(emu, 'GET', `/subscriptions/${SUB1}/resourceGroups/rg-hub-japaneast/providers/Microsoft.Compute/virtualMachines/vm-noagent?$expand=instanceView`);
    expect(noAgent.json.resources).toEqual([]);
    expect(noAgent.json.properties.instanceView.statuses[1].code).toBe('PowerState/running');
    const list = await raw(emu, 'GET', `/subscriptions/${SUB1}/providers/Microsoft.Compute/virtualMachines`);
    expect(list.json.value).toHaveLength(5);
    expect(list.json.nextLink).toBeDefined();
    const nic = await raw(emu, 'GET', `${HUB}/networkInterfaces/vm-hub-test-nic`);
    expect(nic.json.properties).toMatchObject({
      ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAddress: '10.0.1.4', subnet: { id: `${HUB}/virtualNetworks/hub-vnet/subnets/snet-workload` } } }],
      virtualMachine: { id: `/subscriptions/${SUB1}/resourceGroups/rg-hub-japaneast/providers/Microsoft.Compute/virtualMachines/vm-hub-test` },
    });
  });

  it('finds resources by type like ARM (/resources?$filter=resourceType eq ...)', async () => {
    const res = await raw(emu, 'GET', `/subscriptions/${SUB1}/resources?$filter=${encodeURIComponent("resourceType eq 'Microsoft.Network/virtualNetworkGateways'")}`);
    expect(res.json.value.map((r: { name: string }) => r.name)).toEqual(['hub-ergw', 'spoke-ergw', 'scale-ergw']);
    const groups = await raw(emu, 'GET', `/subscriptions/${SUB2}/resourcegroups`);
    expect(groups.json.value.map((g: { name: string }) => g.name)).toEqual(['rg-er-dr']);
  });

  it('admin endpoints: list/reset requests, add and clear faults', async () => {
    await raw(emu, 'GET', '/__emulator/requests?reset=1', { apiVersion: false, auth: false });
    await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`);
    const list = await raw(emu, 'GET', '/__emulator/requests', { apiVersion: false, auth: false });
    expect(list.json).toEqual([
      expect.objectContaining({ method: 'GET', operation: 'circuits.get', status: 200, query: 'api-version=2026-01-01' }),
    ]);
    const added = await raw(emu, 'POST', '/__emulator/faults', {
      apiVersion: false,
      body: { kind: 'error', operation: 'circuits.get', status: 503, count: 1 },
    });
    expect(added.status).toBe(201);
    expect(typeof added.json.id).toBe('string');
    const failed = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`);
    expect(failed.status).toBe(503);
    expect(failed.json.error.code).toBe('ServiceUnavailable');
    expect((await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`)).status).toBe(200);
    const bad = await raw(emu, 'POST', '/__emulator/faults', { apiVersion: false, body: { kind: 'explode' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('InvalidFaultRule');
    await raw(emu, 'POST', '/__emulator/faults', { apiVersion: false, body: { kind: 'error', operation: 'circuits.get' } });
    expect((await raw(emu, 'DELETE', '/__emulator/faults', { apiVersion: false })).status).toBe(204);
    expect((await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`)).status).toBe(200);
  });

  it('a drop fault closes the socket without an answer', async () => {
    emu.faults.add({ kind: 'drop', pathIncludes: '/tokyo-er', method: 'GET', count: 1 });
    await expect(raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`)).status).toBe(200);
  });

  it('never logs secrets (service keys, MD5 keys) or bodies', () => {
    const secrets = emu.world.circuits.flatMap((c) => [c.serviceKey, ...c.peerings.flatMap((p) => (p.sharedKey ? [p.sharedKey] : []))]);
    expect(logLines.length).toBeGreaterThan(10);
    for (const line of logLines) for (const s of secrets) expect(line).not.toContain(s);
  });
});

describe('token bucket', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const world = loadDemoWorld();
    world.settings.rateLimits.reads = { burst: 3, refillPerSecond: 0.5 };
    emu = await startEmulator({ world, lroDurationScale: 0 });
  });
  afterAll(() => emu.close());

  it('answers 429 SubscriptionRequestsThrottled with Retry-After when the read bucket is empty', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`);
      expect(r.status).toBe(200);
      remaining.push(r.headers['x-ms-ratelimit-remaining-subscription-reads'] as string);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const throttled = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`);
    expect(throttled.status).toBe(429);
    expect(throttled.json.error.code).toBe('SubscriptionRequestsThrottled');
    expect(throttled.headers['retry-after']).toBe('2');
    // Buckets are per subscription: the DR subscription still has tokens.
    const other = await raw(emu, 'GET', `/subscriptions/${SUB2}/providers/Microsoft.Network/expressRouteCircuits`);
    expect(other.status).toBe(200);
  });
});

describe('forbidden resource groups', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const world = loadDemoWorld();
    world.forbidden.push({ scope: `/subscriptions/${SUB1}/resourceGroups/rg-hub-japaneast` });
    emu = await startEmulator({ world, lroDurationScale: 0 });
  });
  afterAll(() => emu.close());

  it('answers 403 for everything in the group and leaves it out of subscription-wide lists', async () => {
    const gw = await raw(emu, 'GET', `${HUB}/virtualNetworkGateways`);
    expect(gw.status).toBe(403);
    expect(gw.json.error.message).toContain("perform action 'Microsoft.Network/virtualNetworkGateways/read'");
    const nics = await raw(emu, 'GET', `/subscriptions/${SUB1}/providers/Microsoft.Network/networkInterfaces`);
    expect(nics.status).toBe(200);
    expect(nics.json.value).toEqual([]);
    const circuits = await raw(emu, 'GET', `/subscriptions/${SUB1}/providers/Microsoft.Network/expressRouteCircuits`);
    expect(circuits.json.value).toHaveLength(5);
  });
});
