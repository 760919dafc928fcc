/**
 * ExpressRoute circuit diagnosis: runs every ER rule over one observation and ranks the verdicts so the
 * first one is the lowest broken layer (provider/circuit -> peering -> ARP -> BGP -> routes -> redundancy ->
 * incomplete reads -> traffic), then by severity, then primary before secondary. A broken circuit or peering
 * explains everything below it, so those lower verdicts are not produced, and the first verdict says so.
 */
import type { Translate } from '../i18n/index.ts';
import { dedupeFollowUps } from './build.ts';
import type { CircuitObservation, DiagnoseOptions } from './observations.ts';
import { arpEmpty, arpOnPremMissing, arpUnexpectedIp } from './rules/arp.ts';
import { bgpDown, bgpNoPrefixes, bgpPrefixLimit, bgpRecentFlap } from './rules/bgp.ts';
import { circuitDisabled, providerNotProvisioned } from './rules/circuit.ts';
import { circuitHealthy } from './rules/healthy.ts';
import { asnReserved, peeringDisabled, peeringMissing } from './rules/peering.ts';
import { valuesMissing } from './rules/missing-values.ts';
import { pathReadFailed } from './rules/read-failures.ts';
import { pathAsymmetry, pathRedundancy } from './rules/redundancy.ts';
import { defaultRouteLearned } from './rules/routes.ts';
import { noTraffic } from './rules/traffic.ts';
import { SEVERITY_ORDER, type FollowUp, type Verdict } from './verdict.ts';

export { diagnoseFastPath } from './fastpath.ts';
export { diagnoseGateway } from './gateway.ts';

export type CircuitRule = (obs: CircuitObservation, t: Translate, options?: DiagnoseOptions) => Verdict[];

/** Every ER rule that judges an observation on its own (ER-HEALTHY is derived from their results). */
export const CIRCUIT_RULES: Readonly<Record<string, CircuitRule>> = {
  'ER-PROVIDER-NOT-PROVISIONED': providerNotProvisioned,
  'ER-CIRCUIT-DISABLED': circuitDisabled,
  'ER-PEERING-MISSING': peeringMissing,
  'ER-PEERING-DISABLED': peeringDisabled,
  'ER-ASN-RESERVED': asnReserved,
  'ER-ARP-EMPTY': arpEmpty,
  'ER-ARP-ONPREM-MISSING': arpOnPremMissing,
  'ER-ARP-UNEXPECTED-IP': arpUnexpectedIp,
  'ER-BGP-DOWN': bgpDown,
  'ER-BGP-PREFIX-LIMIT': bgpPrefixLimit,
  'ER-BGP-RECENT-FLAP': bgpRecentFlap,
  'ER-BGP-NO-PREFIXES': bgpNoPrefixes,
  'ER-DEFAULT-ROUTE-LEARNED': defaultRouteLearned,
  'ER-PATH-ASYMMETRY': pathAsymmetry,
  'ER-PATH-REDUNDANCY': pathRedundancy,
  'ER-PATH-READ-FAILED': pathReadFailed,
  'ER-VALUES-MISSING': valuesMissing,
  'ER-NO-TRAFFIC': noTraffic,
};

export type Layer = 'circuit' | 'peering' | 'arp' | 'bgp' | 'routes' | 'redundancy' | 'incomplete' | 'traffic' | 'healthy';

/** Isolation order of the layers; lower = judged first. */
export const LAYER_ORDER: Readonly<Record<Layer, number>> = {
  circuit: 0,
  peering: 1,
  arp: 2,
  bgp: 3,
  routes: 4,
  redundancy: 5,
  incomplete: 6,
  traffic: 7,
  healthy: 8,
};

export const RULE_LAYER: Readonly<Record<string, Layer>> = {
  'ER-PROVIDER-NOT-PROVISIONED': 'circuit',
  'ER-CIRCUIT-DISABLED': 'circuit',
  'ER-PEERING-MISSING': 'peering',
  'ER-PEERING-DISABLED': 'peering',
  'ER-ASN-RESERVED': 'peering',
  'ER-ARP-EMPTY': 'arp',
  'ER-ARP-ONPREM-MISSING': 'arp',
  'ER-ARP-UNEXPECTED-IP': 'arp',
  'ER-BGP-DOWN': 'bgp',
  'ER-BGP-RECENT-FLAP': 'bgp',
  'ER-BGP-NO-PREFIXES': 'routes',
  'ER-BGP-PREFIX-LIMIT': 'routes',
  'ER-DEFAULT-ROUTE-LEARNED': 'routes',
  'ER-PATH-ASYMMETRY': 'routes',
  'ER-PATH-REDUNDANCY': 'redundancy',
  'ER-PATH-READ-FAILED': 'incomplete',
  'ER-VALUES-MISSING': 'incomplete',
  'ER-NO-TRAFFIC': 'traffic',
  'ER-HEALTHY': 'healthy',
};

function layerRank(v: Verdict): number {
  const layer = RULE_LAYER[v.ruleId];
  return layer === undefined ? LAYER_ORDER.incomplete : LAYER_ORDER[layer];
}

function pathRank(v: Verdict): number {
  if (v.scope === undefined) return -1;
  if (/\/primary$/i.test(v.scope)) return 0;
  if (/\/secondary$/i.test(v.scope)) return 1;
  return 2;
}

/** Layer, then severity, then path (circuit-wide first, then primary, secondary, peering-wide); stable. */
export function rankVerdicts(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts
    .map((v, i) => ({ v, i }))
    .sort(
      (a, b) =>
        layerRank(a.v) - layerRank(b.v) ||
        SEVERITY_ORDER[a.v.severity] - SEVERITY_ORDER[b.v.severity] ||
        pathRank(a.v) - pathRank(b.v) ||
        a.i - b.i,
    )
    .map(({ v }) => v);
}

function run(rules: readonly string[], obs: CircuitObservation, t: Translate, options: DiagnoseOptions): Verdict[] {
  return rules.flatMap((id) => CIRCUIT_RULES[id]!(obs, t, options));
}

/** Adds "lower layers were not judged" to the first verdict's evidence (right after its main fact). */
function markNotJudged(ranked: Verdict[], note: string): Verdict[] {
  const [first, ...rest] = ranked;
  if (!first) return ranked;
  const evidence = [...first.evidence];
  evidence.splice(Math.min(1, evidence.length), 0, note);
  return [{ ...first, evidence }, ...rest];
}

const CIRCUIT_LAYER = ['ER-PROVIDER-NOT-PROVISIONED', 'ER-CIRCUIT-DISABLED'];
const PEERING_LAYER = ['ER-PEERING-MISSING', 'ER-PEERING-DISABLED', 'ER-ASN-RESERVED'];
const BLOCKING_PEERING = new Set(['ER-PEERING-MISSING', 'ER-PEERING-DISABLED']);
const PATH_LAYERS = Object.keys(CIRCUIT_RULES).filter((id) => !CIRCUIT_LAYER.includes(id) && !PEERING_LAYER.includes(id));

/**
 * All ER verdicts for one circuit and peering, ranked. A not-provisioned provider or a disabled circuit
 * suppresses everything below it; a missing or disabled peering suppresses ARP, BGP, routes, redundancy,
 * traffic and read-failure verdicts. ER-HEALTHY only when nothing else fired, nothing failed to read and no
 * value a check needs was missing from Azure's answers.
 */
export function diagnoseCircuit(obs: CircuitObservation, t: Translate, options: DiagnoseOptions = {}): Verdict[] {
  const circuitLevel = run(CIRCUIT_LAYER, obs, t, options);
  if (circuitLevel.length > 0) return markNotJudged(rankVerdicts(circuitLevel), t('diagnosis:evidence.notJudgedBelowCircuit'));
  const peeringLevel = run(PEERING_LAYER, obs, t, options);
  if (peeringLevel.some((v) => BLOCKING_PEERING.has(v.ruleId))) {
    return markNotJudged(rankVerdicts(peeringLevel), t('diagnosis:evidence.notJudgedBelowPeering', { peering: obs.peeringName }));
  }
  const findings = [...peeringLevel, ...run(PATH_LAYERS, obs, t, options)];
  return rankVerdicts([...findings, ...circuitHealthy(obs, t, findings)]);
}

/**
 * What the circuit's configuration alone says, without any path read (ARP, BGP, routes): the circuit layer,
 * then, when it is fine and the circuit's peerings are known, the peering layer, with the same rules and ranking
 * as `diagnoseCircuit`. Never ER-HEALTHY: an empty answer means "nothing wrong in the configuration", not
 * "healthy" (ARP and BGP were not looked at). `peeringsKnown: false` when the circuit came without its peerings.
 */
export function diagnoseCircuitConfig(obs: Pick<CircuitObservation, 'circuit' | 'peeringName'>, t: Translate, opts: { peeringsKnown?: boolean } = {}): Verdict[] {
  const o: CircuitObservation = { ...obs, paths: [] };
  const circuitLevel = run(CIRCUIT_LAYER, o, t, {});
  if (circuitLevel.length > 0 || opts.peeringsKnown === false) return rankVerdicts(circuitLevel);
  return rankVerdicts(run(PEERING_LAYER, o, t, {}));
}

/** Follow-ups of the verdicts in verdict order, deduplicated by command, at most `max`. */
export function collectFollowUps(verdicts: readonly Verdict[], max = 8): FollowUp[] {
  return dedupeFollowUps(verdicts.flatMap((v) => v.followUps ?? [])).slice(0, Math.max(0, max));
}
