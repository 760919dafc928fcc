import { describe, expect, it } from 'vitest';
import { diagnoseFastPath } from '../../src/diagnosis/fastpath.ts';
import { connection, en, fastPathObs, gateway, ids } from './fixtures.ts';

describe('diagnoseFastPath', () => {
  it('puts a limitation before the enabled confirmation', () => {
    const vs = diagnoseFastPath(fastPathObs({ connections: [connection({ expressRouteGatewayBypass: true })], topology: { udr: true } }), en);
    expect(ids(vs)).toEqual(['FP-LIMITED', 'FP-ENABLED']);
  });
  it('one verdict per ExpressRoute connection', () => {
    const vs = diagnoseFastPath(
      fastPathObs({ connections: [connection(), connection({ name: 'conn-2', expressRouteGatewayBypass: true }), connection({ name: 'vpn', connectionType: 'IPsec' })] }),
      en,
    );
    expect(vs.map((v) => `${v.ruleId}@${v.scope}`)).toEqual(['FP-AVAILABLE@hub-conn', 'FP-ENABLED@conn-2']);
  });
  it('ineligible SKU only', () => {
    expect(ids(diagnoseFastPath(fastPathObs({ gateway: gateway({ skuName: 'HighPerformance' }) }), en))).toEqual(['FP-SKU-INELIGIBLE']);
  });
});
