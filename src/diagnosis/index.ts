/** Diagnosis: pure functions, snapshots in, Verdicts out. */
export * from './verdict.ts';
export * from './observations.ts';
export * from './bgp-state.ts';
export * from './ip.ts';
export { collectFollowUps, diagnoseCircuit, rankVerdicts, CIRCUIT_RULES, RULE_LAYER, LAYER_ORDER, type CircuitRule, type Layer } from './expressroute.ts';
export { diagnoseFastPath, FASTPATH_RULES, type FastPathRule } from './fastpath.ts';
export { diagnoseGateway, GATEWAY_RULES, type GatewayRule } from './gateway.ts';
export { fastPathEligibility, fastPathIpLimit, FASTPATH_SKUS, FASTPATH_MIN_SCALE_UNITS, type FastPathEligibility } from './rules/fastpath.ts';
export { commands } from './build.ts';
