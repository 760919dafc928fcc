/** ExpressRoute gateway diagnosis (the `gateway` command). */
import type { Translate } from '../i18n/index.ts';
import type { GatewayObservation } from './observations.ts';
import { gatewayBgpPeerDown, gatewayHealthy, gatewayNoLearnedRoutes, gatewayReadFailed } from './rules/gateway.ts';
import { SEVERITY_ORDER, type Verdict } from './verdict.ts';

export type GatewayRule = (obs: GatewayObservation, t: Translate) => Verdict[];

export const GATEWAY_RULES: Readonly<Record<string, GatewayRule>> = {
  'GW-BGP-PEER-DOWN': gatewayBgpPeerDown,
  'GW-NO-LEARNED-ROUTES': gatewayNoLearnedRoutes,
  'GW-READ-FAILED': gatewayReadFailed,
};

/**
 * GW verdicts, most severe first. When no peer is connected, "no learned routes" follows from it and is left
 * out. GW-HEALTHY only when nothing else fired and nothing failed to read.
 */
export function diagnoseGateway(obs: GatewayObservation, t: Translate): Verdict[] {
  const peerDown = gatewayBgpPeerDown(obs, t);
  const allDown = peerDown.some((v) => v.severity === 'critical');
  const findings = [...peerDown, ...(allDown ? [] : gatewayNoLearnedRoutes(obs, t)), ...gatewayReadFailed(obs, t)];
  return [...findings, ...gatewayHealthy(obs, t, findings)]
    .map((v, i) => ({ v, i }))
    .sort((a, b) => SEVERITY_ORDER[a.v.severity] - SEVERITY_ORDER[b.v.severity] || a.i - b.i)
    .map(({ v }) => v);
}
