import { describe, expect, it } from 'vitest';
import { gatewayBgpPeerDown, gatewayHealthy, gatewayNoLearnedRoutes, gatewayReadFailed } from '../../../src/diagnosis/rules/gateway.ts';
import type { Verdict } from '../../../src/diagnosis/verdict.ts';
import { commandsOf, en, fail, gatewayObs, ids, ja, learnedRoute, ok, ownRoute, peer } from '../fixtures.ts';

describe('GW-BGP-PEER-DOWN', () => {
  it('is a warning when one of two peers is down', () => {
    const [v] = gatewayBgpPeerDown(gatewayObs({ peers: ok([peer('10.0.255.12'), peer('10.0.255.13', 'Connecting', 0)]) }), en);
    expect(v).toMatchObject({ ruleId: 'GW-BGP-PEER-DOWN', severity: 'warning', scope: 'hub-ergw', title: 'BGP peer 10.0.255.13 not connected (Connecting)' });
    expect(v!.detail).toMatch(/Only 1 of 2/);
    expect(v!.evidence[0]).toBe('BGP peer 10.0.255.13 (AS 12076), local 10.0.255.4: state "Connecting", connectedDuration "", routesReceived 0');
    expect(v!.evidence).toContain('Connection hub-conn to tokyo-er: connectionStatus "Connected"');
    expect(commandsOf(v)).toEqual(['gateway hub-ergw', 'bgp status tokyo-er']);
  });
  it('is critical when every peer is down, or none is listed', () => {
    const [all] = gatewayBgpPeerDown(gatewayObs({ peers: ok([peer('10.0.255.12', 'Idle'), peer('10.0.255.13', 'Stopped')]) }), en);
    expect(all).toMatchObject({ severity: 'critical', title: '2 of 2 BGP peers not connected' });
    const [none] = gatewayBgpPeerDown(gatewayObs({ peers: ok([]) }), en);
    expect(none).toMatchObject({ severity: 'critical', title: 'Gateway has no BGP peers' });
    expect(gatewayBgpPeerDown(gatewayObs({ peers: ok([peer('a', 'Idle'), peer('b', 'Idle')]) }), ja)[0]!.title).toBe('BGP ピア 2 個中 2 個が未接続');
  });
  it('is silent when all are Connected, or peers were not read', () => {
    expect(gatewayBgpPeerDown(gatewayObs(), en)).toEqual([]);
    expect(gatewayBgpPeerDown(gatewayObs({ peers: undefined }), en)).toEqual([]);
    expect(gatewayBgpPeerDown(gatewayObs({ peers: fail() }), en)).toEqual([]);
  });
});

describe('GW-NO-LEARNED-ROUTES', () => {
  it('warns when only the VNet prefixes are there', () => {
    const [v] = gatewayNoLearnedRoutes(gatewayObs({ learnedRoutes: ok([ownRoute]) }), en);
    expect(v).toMatchObject({ ruleId: 'GW-NO-LEARNED-ROUTES', severity: 'warning', title: 'Gateway learned no on-premises routes' });
    expect(v!.evidence[0]).toBe('Learned routes on hub-ergw: 1, 0 from BGP peers');
  });
  it('is silent with learned routes or when not read', () => {
    expect(gatewayNoLearnedRoutes(gatewayObs(), en)).toEqual([]);
    expect(gatewayNoLearnedRoutes(gatewayObs({ learnedRoutes: undefined }), en)).toEqual([]);
    expect(gatewayNoLearnedRoutes(gatewayObs({ learnedRoutes: fail() }), en)).toEqual([]);
  });
});

describe('GW-READ-FAILED', () => {
  it('names the failed reads', () => {
    const [v] = gatewayReadFailed(gatewayObs({ peers: fail('forbidden', 'AuthorizationFailed') }), en);
    expect(v).toMatchObject({ ruleId: 'GW-READ-FAILED', severity: 'warning' });
    expect(v!.evidence[0]).toBe('BGP peer status hub-ergw: forbidden (AuthorizationFailed)');
  });
  it('is silent otherwise', () => {
    expect(gatewayReadFailed(gatewayObs(), en)).toEqual([]);
  });
});

describe('GW-HEALTHY', () => {
  const warn: Verdict = { ruleId: 'X', severity: 'warning', title: '', detail: '', evidence: [], nextSteps: [] };
  it('is ok when every peer is connected and routes are learned', () => {
    const [v] = gatewayHealthy(gatewayObs(), en, []);
    expect(v).toMatchObject({ ruleId: 'GW-HEALTHY', severity: 'ok', title: 'Gateway: all 2 BGP peers connected' });
    expect(v!.evidence.at(-1)).toBe('Learned routes on hub-ergw: 3, 2 from BGP peers');
  });
  it('says learned routes were not checked when not read', () => {
    expect(gatewayHealthy(gatewayObs({ learnedRoutes: undefined }), en, [])[0]!.evidence.at(-1)).toBe('Not checked: learned routes');
  });
  it('never with other findings, failed reads, unread peers or no learned route', () => {
    expect(gatewayHealthy(gatewayObs(), en, [warn])).toEqual([]);
    expect(gatewayHealthy(gatewayObs({ learnedRoutes: fail() }), en, [])).toEqual([]);
    expect(gatewayHealthy(gatewayObs({ peers: undefined }), en, [])).toEqual([]);
    expect(gatewayHealthy(gatewayObs({ learnedRoutes: ok([ownRoute]) }), en, [])).toEqual([]);
    expect(ids(gatewayHealthy(gatewayObs({ learnedRoutes: ok([learnedRoute('10.9.0.0/16')]) }), en, []))).toEqual(['GW-HEALTHY']);
  });
});
