/** FastPath diagnosis for a gateway and its connections. */
import type { Translate } from '../i18n/index.ts';
import type { FastPathObservation } from './observations.ts';
import { fastPathAvailable, fastPathEnabled, fastPathLimited, fastPathSkuIneligible } from './rules/fastpath.ts';
import { SEVERITY_ORDER, type Verdict } from './verdict.ts';

export type FastPathRule = (obs: FastPathObservation, t: Translate) => Verdict[];

export const FASTPATH_RULES: Readonly<Record<string, FastPathRule>> = {
  'FP-LIMITED': fastPathLimited,
  'FP-SKU-INELIGIBLE': fastPathSkuIneligible,
  'FP-AVAILABLE': fastPathAvailable,
  'FP-ENABLED': fastPathEnabled,
};

/** Every FP verdict, most severe first (a limitation before the "enabled" confirmation). */
export function diagnoseFastPath(obs: FastPathObservation, t: Translate): Verdict[] {
  return Object.values(FASTPATH_RULES)
    .flatMap((rule) => rule(obs, t))
    .map((v, i) => ({ v, i }))
    .sort((a, b) => SEVERITY_ORDER[a.v.severity] - SEVERITY_ORDER[b.v.severity] || a.i - b.i)
    .map(({ v }) => v);
}
