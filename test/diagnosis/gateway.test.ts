import { describe, expect, it } from 'vitest';
import { diagnoseGateway } from '../../src/diagnosis/gateway.ts';
import { en, fail, gatewayObs, ids, ok, ownRoute, peer } from './fixtures.ts';

describe('diagnoseGateway', () => {
  it('healthy gateway', () => {
    expect(ids(diagnoseGateway(gatewayObs(), en))).toEqual(['GW-HEALTHY']);
  });
  it('one peer down and no learned routes: both, no healthy', () => {
    const o = gatewayObs({ peers: ok([peer('10.20.255.12', 'Connected', 0), peer('10.20.255.13', 'Connecting', 0)]), learnedRoutes: ok([ownRoute]) });
    expect(ids(diagnoseGateway(o, en))).toEqual(['GW-BGP-PEER-DOWN', 'GW-NO-LEARNED-ROUTES']);
  });
  it('all peers down explains the missing routes', () => {
    const o = gatewayObs({ peers: ok([peer('a', 'Idle'), peer('b', 'Idle')]), learnedRoutes: ok([ownRoute]) });
    expect(ids(diagnoseGateway(o, en))).toEqual(['GW-BGP-PEER-DOWN']);
  });
  it('a failed read is reported and prevents healthy', () => {
    expect(ids(diagnoseGateway(gatewayObs({ learnedRoutes: fail('timeout') }), en))).toEqual(['GW-READ-FAILED']);
  });
});
