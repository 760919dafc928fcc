/** ER-HEALTHY: only when every check for the scope ran on values Azure gave, passed, and nothing failed to read. */
import type { Translate } from '../../i18n/index.ts';
import { formatCount } from '../bgp-state.ts';
import { followUps, makeVerdict, pathLabel, pathScope, q } from '../build.ts';
import { findPeering, isRead, type CircuitObservation } from '../observations.ts';
import { arpFactsOf, bgpFactsOf } from '../path-facts.ts';
import type { Verdict } from '../verdict.ts';
import { peeringConfigEvidence } from './peering.ts';
import { anyValueMissing } from './missing-values.ts';
import { anyReadFailed } from './read-failures.ts';

/**
 * ER-HEALTHY (ok) for the peering (or the one path asked for), given the verdicts of every other rule.
 * Requires: no verdict other than 'ok', no failed read, the peering present and enabled, and on every path
 * at least the ARP table or the route summary read; every value the checks it claims rely on given by Azure
 * (no neighbor without its state or up/down time, no ARP table judged only through an entry without its
 * interface or MAC, no path's traffic counter left out), and every read ARP table and route summary judged
 * healthy on its own (ARP: the on-premises router answers; BGP: every neighbor Established).
 */
export function circuitHealthy(obs: CircuitObservation, t: Translate, others: readonly Verdict[]): Verdict[] {
  if (others.some((v) => v.severity !== 'ok')) return [];
  if (anyReadFailed(obs) || anyValueMissing(obs)) return [];
  const peering = findPeering(obs.circuit, obs.peeringName);
  if (!peering || /^disabled$/i.test(peering.state ?? '')) return [];
  if (obs.paths.length === 0 || obs.paths.some((p) => !isRead(p.arp) && !isRead(p.summary))) return [];
  const c = obs.circuit;
  const scope = obs.paths.length === 1 ? pathScope(obs.peeringName, obs.paths[0]!.path) : obs.peeringName;
  const evidence: string[] = [];
  if (c.serviceProviderProvisioningState || c.circuitProvisioningState) {
    evidence.push(
      t('diagnosis:evidence.circuitStates', {
        provider: q(c.serviceProviderProvisioningState ?? '?'),
        circuit: q(c.circuitProvisioningState ?? '?'),
      }),
    );
  }
  evidence.push(peeringConfigEvidence(t, peering));
  const notChecked = new Set<string>();
  // Each check claimed below must have passed on data that was there, whatever the other rules said.
  for (const p of obs.paths) {
    const arp = arpFactsOf(peering, p);
    const bgp = bgpFactsOf(p);
    if ((arp && arp.status !== 'ok') || (bgp && !bgp.allEstablished)) return [];
  }
  for (const p of obs.paths) {
    const ps = pathScope(obs.peeringName, p.path);
    const arp = arpFactsOf(peering, p);
    if (arp?.status === 'ok') evidence.push(t('diagnosis:evidence.arpOk', { scope: ps, ip: arp.onPremComplete[0]!.ipAddress, mac: arp.onPremComplete[0]!.macAddress }));
    else if (!arp) notChecked.add(t('diagnosis:labels.read.arp'));
    const bgp = bgpFactsOf(p);
    if (bgp) evidence.push(t('diagnosis:evidence.pathEstablished', { path: pathLabel(t, p.path), count: bgp.prefixes, prefixes: formatCount(bgp.prefixes) }));
    else notChecked.add(t('diagnosis:labels.read.summary'));
    if (!isRead(p.routes)) notChecked.add(t('diagnosis:labels.read.routes'));
  }
  if (!isRead(obs.stats)) notChecked.add(t('diagnosis:labels.read.stats'));
  if (notChecked.size > 0) evidence.push(t('diagnosis:evidence.notChecked', { what: [...notChecked].join(t('diagnosis:labels.listSeparator')) }));
  return [
    makeVerdict(t, 'ER-HEALTHY', 'ok', {
      vars: { scope },
      scope,
      evidence,
      nextSteps: [t('diagnosis:ER-HEALTHY.steps.azureSide'), t('diagnosis:ER-HEALTHY.steps.onPrem')],
      followUps: [followUps.bgpStatus(t, c.name, obs.peeringName)],
    }),
  ];
}
