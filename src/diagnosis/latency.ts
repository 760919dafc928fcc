/**
 * Latency diagnosis: an observation of one run or of two sides in, verdicts out, in a fixed order: the
 * comparison's outcome first (the answer to the question asked), then loss per side, then the caveat about
 * the design. Pure: no I/O.
 */
import type { Translate } from '../i18n/index.ts';
import type { LatencyObservation } from './rules/latency-format.ts';
import { latEquivalent, latFaster, latInconclusive, latLoss, latNotInterleaved, latSlower } from './rules/latency.ts';
import type { Verdict } from './verdict.ts';

export type { LatencyDesign, LatencyObservation, LatencySideObservation } from './rules/latency-format.ts';
export { formatMs, formatP, formatPercent, formatSignedMs } from './rules/latency-format.ts';

export type LatencyRule = (obs: LatencyObservation, t: Translate) => Verdict[];

export const LATENCY_RULES: Readonly<Record<string, LatencyRule>> = {
  'LAT-FASTER': latFaster,
  'LAT-SLOWER': latSlower,
  'LAT-EQUIVALENT': latEquivalent,
  'LAT-INCONCLUSIVE': latInconclusive,
  'LAT-LOSS': latLoss,
  'LAT-NOT-INTERLEAVED': latNotInterleaved,
};

export function diagnoseLatency(obs: LatencyObservation, t: Translate): Verdict[] {
  return Object.values(LATENCY_RULES).flatMap((rule) => rule(obs, t));
}
