/**
 * Network Watcher diagnosis (layer 7 of expressroute-diagnosis.md: the data plane seen from an Azure VM).
 * Pure: snapshots in (a connection troubleshoot, an IP flow verify, a next hop, the VM's effective routes),
 * verdicts out. One function per rule id in rules/network-watcher.ts; the facts, the observation type and
 * the follow-up commands they share in rules/network-watcher-facts.ts.
 */
import type { Translate } from '../i18n/index.ts';
import {
  nwAgentMissing,
  nwConnectivityOk,
  nwDegraded,
  nwFlowAllowed,
  nwNextHopOk,
  nwNoRoute,
  nwNsgBlock,
  nwStatusUnknown,
  nwUdrMisroute,
  nwUnreachable,
} from './rules/network-watcher.ts';
import type { NwObservation } from './rules/network-watcher-facts.ts';
import { SEVERITY_ORDER, type Verdict } from './verdict.ts';

export * from './rules/network-watcher-facts.ts';

// ---------------------------------------------------------------- the diagnosis

/** Every NW rule, in the order verdicts of equal severity are shown. */
export const NW_RULES: Readonly<Record<string, (obs: NwObservation, t: Translate) => Verdict[]>> = {
  'NW-AGENT-MISSING': nwAgentMissing,
  'NW-NSG-BLOCK': nwNsgBlock,
  'NW-UDR-MISROUTE': nwUdrMisroute,
  'NW-NO-ROUTE': nwNoRoute,
  'NW-UNREACHABLE': nwUnreachable,
  'NW-STATUS-UNKNOWN': nwStatusUnknown,
  'NW-DEGRADED': nwDegraded,
  'NW-CONNECTIVITY-OK': nwConnectivityOk,
  'NW-FLOW-ALLOWED': nwFlowAllowed,
  'NW-NEXTHOP-OK': nwNextHopOk,
};

/** All NW verdicts for one observation: most severe first, then in rule order. */
export function diagnoseNetworkWatcher(obs: NwObservation, t: Translate): Verdict[] {
  return Object.values(NW_RULES)
    .flatMap((rule) => rule(obs, t))
    .map((v, i) => ({ v, i }))
    .sort((a, b) => SEVERITY_ORDER[a.v.severity] - SEVERITY_ORDER[b.v.severity] || a.i - b.i)
    .map(({ v }) => v);
}
