/** The ExpressRoute gateway: its BGP sessions with the Microsoft edge and the routes it learned. */
import type { BgpPeerStatus, GatewayRoute } from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { formatCount } from '../bgp-state.ts';
import { followUps, makeVerdict, nameFromId, q } from '../build.ts';
import { isFailed, isRead, type GatewayObservation, type ReadFailure } from '../observations.ts';
import type { FollowUp, Verdict } from '../verdict.ts';
import { failureEvidence, failureSteps } from './read-failures.ts';

export function isPeerConnected(p: BgpPeerStatus): boolean {
  return /^connected$/i.test((p.state ?? '').trim());
}

/** Routes learned from a BGP peer (not the gateway's own VNet prefixes, origin "Network"). */
export function isLearnedFromPeer(r: GatewayRoute): boolean {
  return !/^network$/i.test((r.origin ?? '').trim());
}

function circuitNames(obs: GatewayObservation): string[] {
  const names = (obs.connections ?? [])
    .filter((c) => c.connectionType === undefined || /^expressroute$/i.test(c.connectionType))
    .map((c) => nameFromId(c.peerId))
    .filter((n): n is string => n !== undefined);
  return [...new Set(names)];
}

function gatewayFollowUps(t: Translate, obs: GatewayObservation): FollowUp[] {
  const out: FollowUp[] = [followUps.gateway(t, obs.gateway.name)];
  for (const c of circuitNames(obs)) out.push(followUps.bgpStatusNamed(t, c));
  return out;
}

function connectionEvidence(t: Translate, obs: GatewayObservation): string[] {
  return (obs.connections ?? []).map((c) =>
    t('diagnosis:evidence.connectionStatus', { connection: c.name, status: q(c.connectionStatus ?? '?'), circuit: nameFromId(c.peerId) ?? '?' }),
  );
}

export function peerEvidence(t: Translate, p: BgpPeerStatus): string {
  return t('diagnosis:evidence.gatewayPeer', {
    state: q(p.state ?? ''),
    neighbor: p.neighbor ?? '?',
    asn: p.asn ?? '?',
    local: p.localAddress ?? '?',
    duration: q(p.connectedDuration ?? ''),
    routes: p.routesReceived ?? '?',
  });
}

/**
 * GW-BGP-PEER-DOWN: a BGP peer of the gateway is not Connected. Critical when no peer is connected (or none
 * is listed); warning when at least one still is (redundancy lost).
 */
export function gatewayBgpPeerDown(obs: GatewayObservation, t: Translate): Verdict[] {
  if (!isRead(obs.peers)) return [];
  const peers = obs.peers.value;
  const down = peers.filter((p) => !isPeerConnected(p));
  if (peers.length > 0 && down.length === 0) return [];
  const all = down.length === peers.length;
  const vars = {
    gateway: obs.gateway.name,
    neighbor: down[0]?.neighbor ?? '?',
    state: down[0]?.state ?? '?',
    down: down.length,
    total: peers.length,
    up: peers.length - down.length,
  };
  const titleKey = peers.length === 0 ? 'titleNone' : down.length === 1 ? 'title' : 'titleMany';
  const detailKey = peers.length === 0 ? 'detailNone' : all ? 'detailAll' : 'detailSome';
  return [
    makeVerdict(t, 'GW-BGP-PEER-DOWN', all ? 'critical' : 'warning', {
      vars,
      titleKey,
      detailKey,
      scope: obs.gateway.name,
      evidence: [...down.map((p) => peerEvidence(t, p)), ...peers.filter(isPeerConnected).map((p) => peerEvidence(t, p)), ...connectionEvidence(t, obs)],
      nextSteps: [
        t('diagnosis:GW-BGP-PEER-DOWN.steps.connection', vars),
        t('diagnosis:GW-BGP-PEER-DOWN.steps.circuit', vars),
        t('diagnosis:GW-BGP-PEER-DOWN.steps.maintenance', vars),
      ],
      followUps: gatewayFollowUps(t, obs),
    }),
  ];
}

/** GW-NO-LEARNED-ROUTES (warning): the learned routes hold nothing from a BGP peer (only the VNet's own). */
export function gatewayNoLearnedRoutes(obs: GatewayObservation, t: Translate): Verdict[] {
  if (!isRead(obs.learnedRoutes)) return [];
  const routes = obs.learnedRoutes.value;
  const learned = routes.filter(isLearnedFromPeer);
  if (learned.length > 0) return [];
  const vars = { gateway: obs.gateway.name, total: routes.length };
  const evidence = [t('diagnosis:evidence.learnedRoutes', { gateway: obs.gateway.name, total: formatCount(routes.length), learned: 0 })];
  if (isRead(obs.peers)) for (const p of obs.peers.value) evidence.push(peerEvidence(t, p));
  evidence.push(...connectionEvidence(t, obs));
  return [
    makeVerdict(t, 'GW-NO-LEARNED-ROUTES', 'warning', {
      vars,
      scope: obs.gateway.name,
      evidence,
      nextSteps: [
        t('diagnosis:GW-NO-LEARNED-ROUTES.steps.onPrem', vars),
        t('diagnosis:GW-NO-LEARNED-ROUTES.steps.connection', vars),
        t('diagnosis:GW-NO-LEARNED-ROUTES.steps.compare', vars),
      ],
      followUps: gatewayFollowUps(t, obs),
    }),
  ];
}

/** GW-READ-FAILED (warning): the BGP peer status or the learned routes could not be read. */
export function gatewayReadFailed(obs: GatewayObservation, t: Translate): Verdict[] {
  const failures: ReadFailure[] = [];
  const evidence: string[] = [];
  if (isFailed(obs.peers)) {
    failures.push(obs.peers.failure);
    evidence.push(failureEvidence(t, 'peers', obs.gateway.name, obs.peers.failure));
  }
  if (isFailed(obs.learnedRoutes)) {
    failures.push(obs.learnedRoutes.failure);
    evidence.push(failureEvidence(t, 'learnedRoutes', obs.gateway.name, obs.learnedRoutes.failure));
  }
  if (failures.length === 0) return [];
  evidence.push(t('diagnosis:evidence.incomplete', { scope: obs.gateway.name }));
  return [
    makeVerdict(t, 'GW-READ-FAILED', 'warning', {
      vars: { gateway: obs.gateway.name, kind: [...new Set(failures.map((f) => f.kind || 'unknown'))].join(', ') },
      scope: obs.gateway.name,
      evidence,
      nextSteps: failureSteps(t, failures),
      followUps: [followUps.gateway(t, obs.gateway.name)],
    }),
  ];
}

/** GW-HEALTHY (ok): peers read, every one Connected, routes learned from them (when read), nothing failed. */
export function gatewayHealthy(obs: GatewayObservation, t: Translate, others: readonly Verdict[]): Verdict[] {
  if (others.some((v) => v.severity !== 'ok')) return [];
  if (!isRead(obs.peers) || obs.peers.value.length === 0 || !obs.peers.value.every(isPeerConnected)) return [];
  if (isFailed(obs.learnedRoutes)) return [];
  const evidence = obs.peers.value.map((p) => peerEvidence(t, p));
  if (isRead(obs.learnedRoutes)) {
    const routes = obs.learnedRoutes.value;
    const learned = routes.filter(isLearnedFromPeer).length;
    if (learned === 0) return [];
    evidence.push(t('diagnosis:evidence.learnedRoutes', { gateway: obs.gateway.name, total: formatCount(routes.length), learned: formatCount(learned) }));
  } else {
    evidence.push(t('diagnosis:evidence.notChecked', { what: t('diagnosis:labels.read.learnedRoutes') }));
  }
  return [
    makeVerdict(t, 'GW-HEALTHY', 'ok', {
      vars: { gateway: obs.gateway.name, total: obs.peers.value.length },
      scope: obs.gateway.name,
      evidence,
      nextSteps: [t('diagnosis:GW-HEALTHY.steps.circuit')],
      followUps: gatewayFollowUps(t, obs),
    }),
  ];
}
