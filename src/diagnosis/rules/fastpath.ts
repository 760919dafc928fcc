/**
 * FastPath (`expressRouteGatewayBypass` on a connection): whether the gateway SKU allows it, whether it is on,
 * and what it does not cover on this circuit type.
 */
import type { CircuitSummary, ConnectionSnapshot, GatewaySnapshot } from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { formatCount } from '../bgp-state.ts';
import { followUps, makeVerdict, nameFromId } from '../build.ts';
import type { FastPathObservation } from '../observations.ts';
import type { FollowUp, Verdict } from '../verdict.ts';

export const FASTPATH_SKUS = ['UltraPerformance', 'ErGw3AZ'] as const;
export const FASTPATH_MIN_SCALE_UNITS = 10;

export interface FastPathEligibility {
  eligible: boolean;
  sku: string;
  /** ErGwScale: the minimum scale units the gateway is guaranteed to run with. */
  minScaleUnits?: number;
}

/**
 * UltraPerformance and ErGw3AZ are eligible; ErGwScale when its minimum is at least 10 scale units (a
 * gateway that only scales out to 10 may run below it, so the minimum decides).
 */
export function fastPathEligibility(gw: GatewaySnapshot): FastPathEligibility {
  const sku = gw.skuName ?? gw.skuTier ?? '';
  const lower = sku.toLowerCase();
  if (FASTPATH_SKUS.some((s) => s.toLowerCase() === lower)) return { eligible: true, sku };
  if (lower === 'ergwscale') {
    const min = gw.scaleUnits?.min;
    const e: FastPathEligibility = { eligible: min !== undefined && min >= FASTPATH_MIN_SCALE_UNITS, sku };
    if (min !== undefined) e.minScaleUnits = min;
    return e;
  }
  return { eligible: false, sku };
}

/** FastPath IP limit: 25,000 on provider circuits, 100,000 on 10G Direct, 200,000 on 100G Direct. */
export function fastPathIpLimit(circuit: CircuitSummary | undefined): number | undefined {
  if (!circuit) return undefined;
  if (!circuit.isDirect) return 25_000;
  return (circuit.bandwidthMbps ?? 0) >= 100_000 ? 200_000 : 100_000;
}

function erConnections(obs: FastPathObservation): ConnectionSnapshot[] {
  return obs.connections.filter((c) => c.connectionType === undefined || /^expressroute$/i.test(c.connectionType));
}

function skuEvidence(t: Translate, gw: GatewaySnapshot, e: FastPathEligibility): string {
  if (/^ergwscale$/i.test(e.sku)) {
    return t('diagnosis:evidence.gatewaySkuScale', { gateway: gw.name, sku: e.sku, min: gw.scaleUnits?.min ?? '?', max: gw.scaleUnits?.max ?? '?' });
  }
  return t('diagnosis:evidence.gatewaySku', { gateway: gw.name, sku: e.sku || '?' });
}

function bypassEvidence(t: Translate, c: ConnectionSnapshot): string {
  return t('diagnosis:evidence.connectionBypass', { connection: c.name, value: String(c.expressRouteGatewayBypass) });
}

function circuitEvidence(t: Translate, circuit: CircuitSummary | undefined): string[] {
  if (!circuit) return [];
  return [t(circuit.isDirect ? 'diagnosis:evidence.fastpathCircuitDirect' : 'diagnosis:evidence.fastpathCircuitProvider', { circuit: circuit.name })];
}

function ipLimitText(t: Translate, circuit: CircuitSummary | undefined): string {
  const limit = fastPathIpLimit(circuit);
  return limit === undefined ? t('diagnosis:labels.fastpathIpLimits') : t('diagnosis:labels.ipLimit', { limit: formatCount(limit) });
}

function connectionFollowUps(t: Translate, obs: FastPathObservation, c: ConnectionSnapshot): FollowUp[] {
  const out = [followUps.fastpath(t, c.name), followUps.gateway(t, obs.gateway.name)];
  const circuit = obs.circuit?.name ?? nameFromId(c.peerId);
  if (circuit) out.push(followUps.circuitNamed(t, circuit));
  return out;
}

/** FP-ENABLED (ok): FastPath on, SKU eligible. Also says what still goes through the gateway. */
export function fastPathEnabled(obs: FastPathObservation, t: Translate): Verdict[] {
  const e = fastPathEligibility(obs.gateway);
  if (!e.eligible) return [];
  const vars = { gateway: obs.gateway.name, sku: e.sku, ipLimit: ipLimitText(t, obs.circuit) };
  return erConnections(obs)
    .filter((c) => c.expressRouteGatewayBypass)
    .map((c) => {
      const evidence = [bypassEvidence(t, c), skuEvidence(t, obs.gateway, e), ...circuitEvidence(t, obs.circuit)];
      if (c.enablePrivateLinkFastPath) evidence.push(t('diagnosis:evidence.privateLinkFastPath', { connection: c.name, value: 'true' }));
      return makeVerdict(t, 'FP-ENABLED', 'ok', {
        vars: { ...vars, connection: c.name },
        scope: c.name,
        evidence,
        nextSteps: [t('diagnosis:FP-ENABLED.steps.stillGateway', vars), t('diagnosis:FP-ENABLED.steps.routeExchange', vars)],
        followUps: connectionFollowUps(t, obs, c),
      });
    });
}

/** FP-AVAILABLE (info): SKU eligible, FastPath off (on a connection, or no connection yet). */
export function fastPathAvailable(obs: FastPathObservation, t: Translate): Verdict[] {
  const e = fastPathEligibility(obs.gateway);
  if (!e.eligible) return [];
  const vars = { gateway: obs.gateway.name, sku: e.sku, ipLimit: ipLimitText(t, obs.circuit) };
  const steps = () => [t('diagnosis:FP-AVAILABLE.steps.enable', vars), t('diagnosis:FP-AVAILABLE.steps.covers', vars), t('diagnosis:FP-AVAILABLE.steps.measure', vars)];
  const conns = erConnections(obs);
  if (conns.length === 0) {
    return [
      makeVerdict(t, 'FP-AVAILABLE', 'info', {
        vars: { ...vars, connection: obs.gateway.name },
        scope: obs.gateway.name,
        evidence: [skuEvidence(t, obs.gateway, e), t('diagnosis:evidence.noConnections', { gateway: obs.gateway.name })],
        nextSteps: steps(),
        followUps: [followUps.gateway(t, obs.gateway.name)],
      }),
    ];
  }
  return conns
    .filter((c) => !c.expressRouteGatewayBypass)
    .map((c) =>
      makeVerdict(t, 'FP-AVAILABLE', 'info', {
        vars: { ...vars, connection: c.name },
        scope: c.name,
        evidence: [bypassEvidence(t, c), skuEvidence(t, obs.gateway, e), ...circuitEvidence(t, obs.circuit)],
        nextSteps: steps(),
        followUps: connectionFollowUps(t, obs, c),
      }),
    );
}

/**
 * FP-SKU-INELIGIBLE: the gateway SKU cannot use FastPath (info). Names the SKUs that can. If a connection
 * nevertheless has FastPath switched on, it is a warning: the setting has no effect.
 */
export function fastPathSkuIneligible(obs: FastPathObservation, t: Translate): Verdict[] {
  const e = fastPathEligibility(obs.gateway);
  if (e.eligible) return [];
  const scale = /^ergwscale$/i.test(e.sku);
  const vars = {
    gateway: obs.gateway.name,
    sku: e.sku || '?',
    eligibleSkus: t('diagnosis:labels.eligibleSkus'),
    min: obs.gateway.scaleUnits?.min ?? '?',
    units: FASTPATH_MIN_SCALE_UNITS,
  };
  const steps = [t(scale ? 'diagnosis:FP-SKU-INELIGIBLE.steps.scaleUnits' : 'diagnosis:FP-SKU-INELIGIBLE.steps.upgrade', vars), t('diagnosis:FP-SKU-INELIGIBLE.steps.worth', vars)];
  const conns = erConnections(obs);
  const enabled = conns.filter((c) => c.expressRouteGatewayBypass);
  const target = conns.length === 0 ? undefined : enabled.length > 0 ? enabled : conns.filter((c) => !c.expressRouteGatewayBypass);
  if (!target) {
    return [
      makeVerdict(t, 'FP-SKU-INELIGIBLE', 'info', {
        vars: { ...vars, connection: obs.gateway.name },
        detailKey: scale ? 'detailScale' : 'detail',
        scope: obs.gateway.name,
        evidence: [skuEvidence(t, obs.gateway, e)],
        nextSteps: steps,
        followUps: [followUps.gateway(t, obs.gateway.name)],
      }),
    ];
  }
  return target.map((c) =>
    makeVerdict(t, 'FP-SKU-INELIGIBLE', c.expressRouteGatewayBypass ? 'warning' : 'info', {
      vars: { ...vars, connection: c.name },
      titleKey: c.expressRouteGatewayBypass ? 'titleNoEffect' : 'title',
      detailKey: c.expressRouteGatewayBypass ? 'detailNoEffect' : scale ? 'detailScale' : 'detail',
      scope: c.name,
      evidence: [skuEvidence(t, obs.gateway, e), bypassEvidence(t, c)],
      nextSteps: steps,
      followUps: connectionFollowUps(t, obs, c),
    }),
  );
}

/**
 * FP-LIMITED (warning): FastPath on, but the topology uses features FastPath covers only on ExpressRoute
 * Direct (VNet peering, UDR, Private Link, IPv6) while the circuit is a provider circuit; or Private Link on
 * Direct without `enablePrivateLinkFastPath`. Also says what always still goes through the gateway.
 */
export function fastPathLimited(obs: FastPathObservation, t: Translate): Verdict[] {
  const circuit = obs.circuit;
  const topo = obs.topology;
  if (!circuit || !topo) return [];
  const out: Verdict[] = [];
  for (const c of erConnections(obs).filter((x) => x.expressRouteGatewayBypass)) {
    const features: string[] = [];
    if (!circuit.isDirect) {
      if (topo.vnetPeering) features.push(t('diagnosis:labels.feature.vnetPeering'));
      if (topo.udr) features.push(t('diagnosis:labels.feature.udr'));
      if (topo.privateLink) features.push(t('diagnosis:labels.feature.privateLink'));
      if (topo.ipv6) features.push(t('diagnosis:labels.feature.ipv6'));
    } else if (topo.privateLink && !c.enablePrivateLinkFastPath) {
      features.push(t('diagnosis:labels.feature.privateLink'));
    }
    if (features.length === 0) continue;
    const direct = circuit.isDirect;
    const vars = { connection: c.name, circuit: circuit.name, features: features.join(t('diagnosis:labels.listSeparator')), ipLimit: ipLimitText(t, circuit) };
    const evidence = [bypassEvidence(t, c), ...circuitEvidence(t, circuit), t('diagnosis:evidence.topologyFeatures', { features: vars.features })];
    if (direct) evidence.push(t('diagnosis:evidence.privateLinkFastPath', { connection: c.name, value: String(c.enablePrivateLinkFastPath) }));
    out.push(
      makeVerdict(t, 'FP-LIMITED', 'warning', {
        vars,
        detailKey: direct ? 'detailDirectPrivateLink' : 'detail',
        scope: c.name,
        evidence,
        nextSteps: direct
          ? [t('diagnosis:FP-LIMITED.steps.enablePrivateLink', vars), t('diagnosis:FP-LIMITED.steps.stillGateway', vars)]
          : [t('diagnosis:FP-LIMITED.steps.sizeGateway', vars), t('diagnosis:FP-LIMITED.steps.direct', vars), t('diagnosis:FP-LIMITED.steps.stillGateway', vars)],
        followUps: connectionFollowUps(t, obs, c),
      }),
    );
  }
  return out;
}

