import { describe, expect, it } from 'vitest';
import {
  fastPathAvailable,
  fastPathEligibility,
  fastPathEnabled,
  fastPathIpLimit,
  fastPathLimited,
  fastPathSkuIneligible,
} from '../../../src/diagnosis/rules/fastpath.ts';
import { circuit, commandsOf, connection, en, fastPathObs, gateway, ids, ja } from '../fixtures.ts';

const on = connection({ expressRouteGatewayBypass: true });

describe('fastPathEligibility / fastPathIpLimit', () => {
  it('UltraPerformance, ErGw3AZ, and ErGwScale with a minimum of 10 units', () => {
    expect(fastPathEligibility(gateway({ skuName: 'UltraPerformance' })).eligible).toBe(true);
    expect(fastPathEligibility(gateway({ skuName: 'ergw3az' })).eligible).toBe(true);
    expect(fastPathEligibility(gateway({ skuName: 'ErGwScale', scaleUnits: { min: 10, max: 20 } })).eligible).toBe(true);
    expect(fastPathEligibility(gateway({ skuName: 'ErGwScale', scaleUnits: { min: 2, max: 40 } })).eligible).toBe(false);
    expect(fastPathEligibility(gateway({ skuName: 'ErGwScale', scaleUnits: undefined })).eligible).toBe(false);
    for (const skuName of ['Standard', 'HighPerformance', 'ErGw1AZ', 'ErGw2AZ', undefined]) expect(fastPathEligibility(gateway({ skuName, skuTier: undefined })).eligible).toBe(false);
  });
  it('IP limits by circuit type', () => {
    expect(fastPathIpLimit(circuit())).toBe(25_000);
    expect(fastPathIpLimit(circuit({ isDirect: true, bandwidthMbps: 10_000 }))).toBe(100_000);
    expect(fastPathIpLimit(circuit({ isDirect: true, bandwidthMbps: 100_000 }))).toBe(200_000);
    expect(fastPathIpLimit(undefined)).toBeUndefined();
  });
});

describe('FP-ENABLED', () => {
  it('is ok when FastPath is on and the SKU is eligible; says what still uses the gateway', () => {
    const [v] = fastPathEnabled(fastPathObs({ connections: [on] }), en);
    expect(v).toMatchObject({ ruleId: 'FP-ENABLED', severity: 'ok', scope: 'hub-conn', title: 'FastPath is on (hub-conn)' });
    expect(v!.evidence[0]).toBe('Connection hub-conn: expressRouteGatewayBypass true');
    expect(v!.nextSteps[0]).toBe('Still through the gateway: internal load balancer VIPs, DNS Private Resolver, and traffic beyond 25,000 IPs.');
    expect(commandsOf(v)).toEqual(['fastpath hub-conn', 'gateway hub-ergw', 'circuit tokyo-er']);
  });
  it('is silent when off or the SKU cannot', () => {
    expect(fastPathEnabled(fastPathObs(), en)).toEqual([]);
    expect(fastPathEnabled(fastPathObs({ gateway: gateway({ skuName: 'Standard' }), connections: [on] }), en)).toEqual([]);
  });
  it('ignores non-ExpressRoute connections', () => {
    expect(fastPathEnabled(fastPathObs({ connections: [connection({ connectionType: 'IPsec', expressRouteGatewayBypass: true })] }), en)).toEqual([]);
  });
});

describe('FP-AVAILABLE', () => {
  it('is info when the SKU can and FastPath is off', () => {
    const [v] = fastPathAvailable(fastPathObs(), en);
    expect(v).toMatchObject({ ruleId: 'FP-AVAILABLE', severity: 'info', scope: 'hub-conn' });
    expect(v!.detail).toBe('Gateway SKU ErGw3AZ supports FastPath, but it is not enabled.');
  });
  it('applies to the gateway when it has no connection', () => {
    const [v] = fastPathAvailable(fastPathObs({ connections: [] }), en);
    expect(v!.scope).toBe('hub-ergw');
    expect(commandsOf(v)).toEqual(['gateway hub-ergw']);
  });
  it('is silent when on or ineligible', () => {
    expect(fastPathAvailable(fastPathObs({ connections: [on] }), en)).toEqual([]);
    expect(fastPathAvailable(fastPathObs({ gateway: gateway({ skuName: 'ErGw1AZ' }) }), en)).toEqual([]);
  });
});

describe('FP-SKU-INELIGIBLE', () => {
  it('is info, and says which SKUs can', () => {
    const [v] = fastPathSkuIneligible(fastPathObs({ gateway: gateway({ skuName: 'Standard', skuTier: 'Standard' }) }), en);
    expect(v).toMatchObject({ ruleId: 'FP-SKU-INELIGIBLE', severity: 'info', title: 'FastPath not supported by Standard' });
    expect(v!.detail).toBe('FastPath needs gateway SKU UltraPerformance, ErGw3AZ, or ErGwScale with at least 10 scale units; hub-ergw is Standard.');
  });
  it('explains the scale-unit minimum for ErGwScale', () => {
    const [v] = fastPathSkuIneligible(fastPathObs({ gateway: gateway({ skuName: 'ErGwScale', scaleUnits: { min: 2, max: 4 } }) }), en);
    expect(v!.detail).toBe('ErGwScale supports FastPath only with at least 10 scale units; the minimum of hub-ergw is 2.');
    expect(v!.evidence[0]).toBe('Gateway hub-ergw: SKU ErGwScale, scale units min 2, max 4');
    expect(v!.nextSteps[0]).toMatch(/minimum scale units to 10/);
  });
  it('warns when FastPath is set on a SKU that cannot use it', () => {
    const [v] = fastPathSkuIneligible(fastPathObs({ gateway: gateway({ skuName: 'ErGw1AZ' }), connections: [on] }), en);
    expect(v).toMatchObject({ severity: 'warning', title: 'FastPath set, but ErGw1AZ cannot use it' });
  });
  it('is silent for eligible SKUs', () => {
    expect(fastPathSkuIneligible(fastPathObs(), en)).toEqual([]);
  });
});

describe('FP-LIMITED', () => {
  const topology = { vnetPeering: true, udr: true, privateLink: false, ipv6: false };
  it('warns when FastPath is on, the circuit is a provider circuit and the topology uses uncovered features', () => {
    const [v] = fastPathLimited(fastPathObs({ connections: [on], topology }), en);
    expect(v).toMatchObject({ ruleId: 'FP-LIMITED', severity: 'warning', scope: 'hub-conn' });
    expect(v!.detail).toBe('FastPath is on, but on a provider circuit it does not cover VNet peering, UDR: that traffic still goes through the gateway.');
    expect(v!.evidence).toContain('Circuit tokyo-er: provider circuit');
    expect(v!.evidence).toContain('Topology: VNet peering, UDR');
    expect(v!.nextSteps.join('\n')).toMatch(/ExpressRoute Direct/);
    expect(v!.nextSteps.at(-1)).toMatch(/internal load balancer VIPs, DNS Private Resolver/);
    expect(fastPathLimited(fastPathObs({ connections: [on], topology }), ja)[0]!.detail).toContain('VNet ピアリング、UDR');
  });
  it('on Direct, only Private Link without enablePrivateLinkFastPath', () => {
    const direct = circuit({ isDirect: true, bandwidthMbps: 10_000 });
    expect(fastPathLimited(fastPathObs({ circuit: direct, connections: [on], topology }), en)).toEqual([]);
    const [v] = fastPathLimited(fastPathObs({ circuit: direct, connections: [on], topology: { privateLink: true } }), en);
    expect(v!.detail).toMatch(/FastPath for Private Link is not enabled/);
    expect(v!.nextSteps.at(-1)).toMatch(/100,000 IPs/);
    const pl = connection({ expressRouteGatewayBypass: true, enablePrivateLinkFastPath: true });
    expect(fastPathLimited(fastPathObs({ circuit: direct, connections: [pl], topology: { privateLink: true } }), en)).toEqual([]);
  });
  it('is silent when FastPath is off, the topology or circuit is unknown, or no uncovered feature is used', () => {
    expect(fastPathLimited(fastPathObs({ topology }), en)).toEqual([]);
    expect(fastPathLimited(fastPathObs({ connections: [on] }), en)).toEqual([]);
    expect(fastPathLimited(fastPathObs({ connections: [on], topology, circuit: undefined }), en)).toEqual([]);
    expect(ids(fastPathLimited(fastPathObs({ connections: [on], topology: { vnetPeering: false } }), en))).toEqual([]);
  });
});
