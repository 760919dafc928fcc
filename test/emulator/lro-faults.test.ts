/**
 * LRO styles and outcomes, and injected faults, as the real SDK experiences them: its poller, its
 * throttling retry (only with a retry header), its exponential retry on 5xx, its timeouts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkManagementClient } from '@azure/arm-network';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/server.ts';
import { loadDemoWorld } from '../../src/emulator/world.ts';
import { P1, POLL, raw, sdk } from './helpers.ts';

const arp = (client: NetworkManagementClient, circuit = 'tokyo-er', options: Record<string, unknown> = {}) =>
  client.expressRouteCircuits.listArpTable('rg-er-prod', circuit, 'AzurePrivatePeering', 'primary', { ...POLL, ...options });

describe('long-running operations through the SDK', () => {
  let emu: EmulatorHandle;
  let client: NetworkManagementClient;

  beforeAll(async () => {
    emu = await startEmulator({ lroDurationScale: 0.01 });
    client = sdk(emu, undefined, { retryOptions: { maxRetries: 0 } });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.faults.clear();
    emu.requests.reset();
    emu.world.settings.lro.style = 'location';
    emu.world.settings.lro.styles = {};
  });

  it('location style: POST then polls the Location URL until 200', async () => {
    const r = await arp(client);
    expect(r.value).toHaveLength(2);
    expect(emu.requests.count({ operation: 'arpTable' })).toBe(1);
    expect(emu.requests.count({ operation: 'lro.poll' })).toBeGreaterThanOrEqual(1);
  });

  it('async style: polls Azure-AsyncOperation, then GETs Location for the body', async () => {
    emu.world.settings.lro.style = 'async';
    const r = await client.expressRouteCircuits.listRoutesTableSummary('rg-er-prod', 'virginia-er', 'AzurePrivatePeering', 'secondary', POLL);
    expect(r.value).toEqual([{ neighbor: '192.168.22.5', v: 4, as: 65130, upDown: '9d16h', statePfxRcd: '80' }]);
    expect(emu.requests.count({ pathIncludes: '/operations/' })).toBeGreaterThanOrEqual(1);
    expect(emu.requests.count({ pathIncludes: '/operationResults/' })).toBe(1);
  });

  it('sync style: one POST, no polls; per-operation style wins over the default', async () => {
    emu.world.settings.lro.styles = { 'gateways.learnedRoutes': 'sync' };
    const r = await client.virtualNetworkGateways.getLearnedRoutes('rg-hub-japaneast', 'spoke-ergw', POLL);
    expect(r.value).toHaveLength(1);
    expect(emu.requests.count()).toBe(1);
  });

  it('per-circuit duration override (melbourne-er ARP 25 s) makes that call slower', async () => {
    const t0 = Date.now();
    await arp(client, 'melbourne-er'); // 25 000 ms x 0.01
    const slow = Date.now() - t0;
    const t1 = Date.now();
    await arp(client, 'tokyo-er'); // 1 500 ms x 0.01
    expect(slow).toBeGreaterThanOrEqual(240);
    expect(Date.now() - t1).toBeLessThan(slow);
  });

  it('a failed LRO (async style, status Failed) rejects with the operation error', async () => {
    emu.world.settings.lro.style = 'async';
    emu.faults.add({ kind: 'lro-fail', operation: 'arpTable', code: 'PeeringNotReady', message: 'The peering is being updated.', count: 1 });
    await expect(arp(client)).rejects.toThrow(/The long-running operation has failed\. PeeringNotReady\. The peering is being updated\./);
    expect((await arp(client)).value).toHaveLength(2);
  });

  it('a failed LRO (location style, poll answers an error) rejects with a RestError', async () => {
    emu.faults.add({ kind: 'lro-fail', operation: 'routeTable', status: 400, code: 'InvalidOperation', message: 'Route table unavailable.' });
    await expect(
      client.expressRouteCircuits.listRoutesTable('rg-er-prod', 'tokyo-er', 'AzurePrivatePeering', 'primary', POLL),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidOperation' });
  });

  it('an LRO that never finishes keeps answering 202 until the caller gives up', async () => {
    emu.faults.add({ kind: 'lro-never', operation: 'gateways.bgpPeerStatus' });
    await expect(
      client.virtualNetworkGateways.getBgpPeerStatus('rg-hub-japaneast', 'hub-ergw', { ...POLL, abortSignal: AbortSignal.timeout(300) }),
    ).rejects.toThrow(/abort/i);
    expect(emu.requests.count({ operation: 'lro.poll' })).toBeGreaterThan(3);
    expect(emu.requests.list().filter((r) => r.operation === 'lro.poll').every((r) => r.status === 202)).toBe(true);
  });

  it('sync style that never finishes: the POST itself never answers', async () => {
    emu.world.settings.lro.style = 'sync';
    emu.faults.add({ kind: 'lro-never', operation: 'arpTable', count: 1 });
    await expect(arp(client, 'tokyo-er', { abortSignal: AbortSignal.timeout(200) })).rejects.toThrow(/abort/i);
    expect(emu.requests.list()[0]).toMatchObject({ operation: 'arpTable', status: 0 });
  });

  it('lro faults leave non-LRO requests alone', async () => {
    emu.faults.add({ kind: 'lro-fail', pathIncludes: 'tokyo-er', count: 1 });
    expect((await client.expressRouteCircuits.get('rg-er-prod', 'tokyo-er')).name).toBe('tokyo-er');
    await expect(arp(client)).rejects.toBeDefined();
  });
});

describe('faults through the SDK', () => {
  let emu: EmulatorHandle;

  beforeAll(async () => {
    emu = await startEmulator({ lroDurationScale: 0 });
  });
  afterAll(() => emu.close());
  beforeEach(() => {
    emu.faults.clear();
    emu.requests.reset();
  });

  const get = (client: NetworkManagementClient) => client.expressRouteCircuits.get('rg-er-prod', 'tokyo-er');

  it('throttle with Retry-After: the SDK retries and succeeds', async () => {
    emu.faults.add({ kind: 'throttle', operation: 'circuits.get', count: 2, retryAfterSeconds: 0 });
    expect((await get(sdk(emu))).name).toBe('tokyo-er');
    const calls = emu.requests.list().filter((r) => r.operation === 'circuits.get');
    expect(calls.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('throttle with retry-after-ms: retried too', async () => {
    emu.faults.add({ kind: 'throttle', operation: 'circuits.get', count: 1, retryAfterMs: 50 });
    const t0 = Date.now();
    expect((await get(sdk(emu))).name).toBe('tokyo-er');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(emu.requests.count({ operation: 'circuits.get' })).toBe(2);
  });

  it('throttle without a retry header: not retried, the error surfaces', async () => {
    emu.faults.add({ kind: 'throttle', operation: 'circuits.get', count: 1 });
    await expect(get(sdk(emu))).rejects.toMatchObject({ statusCode: 429, code: 'SubscriptionRequestsThrottled' });
    expect(emu.requests.count({ operation: 'circuits.get' })).toBe(1);
    const raw429 = emu.requests.list()[0]!;
    expect(raw429.status).toBe(429);
  });

  it('throttle headers as sent on the wire', async () => {
    emu.faults.add({ kind: 'throttle', operation: 'circuits.get', count: 1, retryAfterSeconds: 7 });
    const r = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`);
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('7');
    expect(r.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('0');
    emu.faults.add({ kind: 'throttle', operation: 'circuits.get', count: 1, retryAfterMs: 250 });
    const ms = await raw(emu, 'GET', `${P1}/expressRouteCircuits/tokyo-er`);
    expect(ms.headers['retry-after-ms']).toBe('250');
    expect(ms.headers['retry-after']).toBeUndefined();
  });

  it('a 500 fault: RestError without retries; retried (exponential policy) with them', async () => {
    emu.faults.add({ kind: 'error', operation: 'circuits.get', count: 1 });
    await expect(get(sdk(emu, undefined, { retryOptions: { maxRetries: 0 } }))).rejects.toMatchObject({
      statusCode: 500,
      code: 'InternalServerError',
    });
    emu.faults.add({ kind: 'error', operation: 'circuits.get', count: 1, status: 503 });
    expect((await get(sdk(emu, undefined, { retryOptions: { retryDelayInMs: 5, maxRetryDelayInMs: 20 } }))).name).toBe('tokyo-er');
    expect(emu.requests.list().map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('a slow fault delays the answer', async () => {
    emu.faults.add({ kind: 'slow', operation: 'circuits.get', delayMs: 300, count: 1 });
    const t0 = Date.now();
    await get(sdk(emu));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = Date.now();
    await get(sdk(emu));
    expect(Date.now() - t1).toBeLessThan(290);
  });

  it('a dropped socket surfaces as a network error', async () => {
    emu.faults.add({ kind: 'drop', operation: 'circuits.get', count: 1 });
    await expect(get(sdk(emu, undefined, { retryOptions: { maxRetries: 0 } }))).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(emu.requests.list()[0]!.status).toBe(0);
  });

  it('faults match by method, operation pattern and path substring', async () => {
    emu.faults.add({ kind: 'error', status: 409, operation: 'gateways.*', pathIncludes: 'SPOKE-ERGW', method: 'get' });
    const client = sdk(emu, undefined, { retryOptions: { maxRetries: 0 } });
    await expect(client.virtualNetworkGateways.get('rg-hub-japaneast', 'spoke-ergw')).rejects.toMatchObject({ statusCode: 409, code: 'Conflict' });
    expect((await client.virtualNetworkGateways.get('rg-hub-japaneast', 'hub-ergw')).name).toBe('hub-ergw');
  });

  it('probability faults are deterministic for a given seed', async () => {
    const run = async () => {
      const e = await startEmulator({ world: loadDemoWorld(), lroDurationScale: 0 });
      e.faults.add({ kind: 'error', status: 500, operation: 'circuits.get', probability: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await raw(e, 'GET', `${P1}/expressRouteCircuits/tokyo-er`)).status);
      await e.close();
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.filter((s) => s === 500).length).toBeGreaterThan(0);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(0);
  });

  it('faults from the world file are active from the start', async () => {
    const world = loadDemoWorld();
    world.faults = [{ kind: 'error', status: 503, operation: 'circuits.stats' }];
    const e = await startEmulator({ world, lroDurationScale: 0 });
    try {
      const r = await raw(e, 'GET', `${P1}/expressRouteCircuits/tokyo-er/stats`);
      expect(r.status).toBe(503);
      e.faults.remove('world-0');
      expect((await raw(e, 'GET', `${P1}/expressRouteCircuits/tokyo-er/stats`)).status).toBe(200);
    } finally {
      await e.close();
    }
  });

  it('rejects invalid fault rules with the bad field named', () => {
    expect(() => emu.faults.add({ kind: 'slow' } as never)).toThrow(/delayMs/);
    expect(() => emu.faults.add({ kind: 'error', probability: 2 })).toThrow(/probability/);
  });
});
