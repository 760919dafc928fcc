/** Layer 2 — ARP, per path: does anything answer, does the customer router answer, on the right address? */
import type { ArpEntry } from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { followUps, hasPeeringCommands, makeVerdict, otherPath, pathLabel, pathScope, pathTitle, q } from '../build.ts';
import { findPeering, type CircuitObservation } from '../observations.ts';
import { arpFactsOf, expectedAddresses, type ArpFacts } from '../path-facts.ts';
import type { FollowUp, Verdict } from '../verdict.ts';

function arpFollowUps(t: Translate, obs: CircuitObservation, facts: ArpFacts): FollowUp[] {
  const c = obs.circuit.name;
  const out: FollowUp[] = [];
  if (hasPeeringCommands(obs.peeringName)) out.push(followUps.arpTable(t, c, obs.peeringName, facts.path));
  out.push(followUps.checkVlan(t, c));
  return out;
}

export function arpEntryEvidence(t: Translate, scope: string, e: ArpEntry): string {
  // What Azure did not give is shown as '?', never as 0 or an empty MAC.
  return t('diagnosis:evidence.arpEntry', { scope, iface: e.interface ?? '?', ip: e.ipAddress, mac: e.macAddress === undefined ? '?' : q(e.macAddress), age: e.age ?? '?' });
}

/** ER-ARP-EMPTY: the ARP table of a path was read and holds no entries at all. */
export function arpEmpty(obs: CircuitObservation, t: Translate): Verdict[] {
  const peering = findPeering(obs.circuit, obs.peeringName);
  const out: Verdict[] = [];
  for (const p of obs.paths) {
    const facts = arpFactsOf(peering, p);
    if (!facts || facts.status !== 'empty') continue;
    const scope = pathScope(obs.peeringName, p.path);
    const evidence = [t('diagnosis:evidence.arpCount', { scope, count: 0 })];
    if (peering?.vlanId !== undefined) evidence.push(t('diagnosis:evidence.vlan', { peering: peering.name, vlan: peering.vlanId }));
    if (facts.prefix) evidence.push(t('diagnosis:evidence.pathSubnet', { path: pathLabel(t, p.path), prefix: facts.prefix }));
    out.push(
      makeVerdict(t, 'ER-ARP-EMPTY', 'critical', {
        vars: { Path: pathTitle(t, p.path), path: pathLabel(t, p.path) },
        scope,
        evidence,
        nextSteps: [
          t('diagnosis:ER-ARP-EMPTY.steps.vlan', { vlan: peering?.vlanId ?? '?', path: pathLabel(t, p.path) }),
          t('diagnosis:ER-ARP-EMPTY.steps.interface', { path: pathLabel(t, p.path) }),
          t('diagnosis:ER-ARP-EMPTY.steps.provider', { path: pathLabel(t, p.path) }),
        ],
        followUps: arpFollowUps(t, obs, facts),
      }),
    );
  }
  return out;
}

/**
 * ER-ARP-ONPREM-MISSING: entries exist (typically Microsoft's), but no on-premises entry with a usable MAC:
 * the customer router does not answer ARP on that path.
 */
export function arpOnPremMissing(obs: CircuitObservation, t: Translate): Verdict[] {
  const peering = findPeering(obs.circuit, obs.peeringName);
  const out: Verdict[] = [];
  for (const p of obs.paths) {
    const facts = arpFactsOf(peering, p);
    if (!facts || facts.status !== 'onprem-missing') continue;
    const scope = pathScope(obs.peeringName, p.path);
    const expected = facts.expected?.onPrem;
    const evidence: string[] = [];
    if (facts.onPremIncomplete.length > 0) for (const e of facts.onPremIncomplete) evidence.push(arpEntryEvidence(t, scope, e));
    else evidence.push(t('diagnosis:evidence.arpNoOnPrem', { scope }));
    for (const e of facts.microsoft) evidence.push(arpEntryEvidence(t, scope, e));
    if (facts.prefix && expected) evidence.push(t('diagnosis:evidence.expectedOnPrem', { prefix: facts.prefix, ip: expected }));
    if (peering?.vlanId !== undefined) evidence.push(t('diagnosis:evidence.vlan', { peering: peering.name, vlan: peering.vlanId }));
    const vars = { Path: pathTitle(t, p.path), path: pathLabel(t, p.path), ip: expected ?? '?', vlan: peering?.vlanId ?? '?' };
    out.push(
      makeVerdict(t, 'ER-ARP-ONPREM-MISSING', 'critical', {
        vars,
        titleKey: facts.onPremIncomplete.length > 0 ? 'titleIncomplete' : 'title',
        detailKey: expected ? 'detail' : 'detailNoSubnet',
        scope,
        evidence,
        nextSteps: [
          t(expected ? 'diagnosis:ER-ARP-ONPREM-MISSING.steps.address' : 'diagnosis:ER-ARP-ONPREM-MISSING.steps.addressNoSubnet', vars),
          t('diagnosis:ER-ARP-ONPREM-MISSING.steps.vlan', vars),
          t('diagnosis:ER-ARP-ONPREM-MISSING.steps.interface', vars),
        ],
        followUps: arpFollowUps(t, obs, facts),
      }),
    );
  }
  return out;
}

/**
 * ER-ARP-UNEXPECTED-IP: the on-premises router answers, but on an address that is not the first usable
 * address of this path's subnet. The swapped-/30 case (the primary answers with the secondary subnet's
 * address, or the reverse) and the address-conflict case (the customer uses Microsoft's address) are named.
 */
export function arpUnexpectedIp(obs: CircuitObservation, t: Translate): Verdict[] {
  const peering = findPeering(obs.circuit, obs.peeringName);
  const out: Verdict[] = [];
  for (const p of obs.paths) {
    const facts = arpFactsOf(peering, p);
    if (!facts || facts.unexpected.length === 0) continue;
    const scope = pathScope(obs.peeringName, p.path);
    const first = facts.unexpected[0]!;
    const swapped = first.swapped;
    const conflict = !swapped && first.conflictsWithMicrosoft;
    const other = otherPath(p.path);
    const vars = {
      Path: pathTitle(t, p.path),
      path: pathLabel(t, p.path),
      other: pathLabel(t, other),
      ip: first.entry.ipAddress,
      expected: first.expected,
      prefix: first.prefix,
      otherPrefix: (other === 'primary' ? peering?.primaryPeerAddressPrefix : peering?.secondaryPeerAddressPrefix) ?? '?',
      otherExpected: expectedAddresses(peering, other)?.onPrem ?? '?',
    };
    const variant = swapped ? 'Swapped' : conflict ? 'Conflict' : '';
    const evidence: string[] = [];
    for (const u of facts.unexpected) {
      evidence.push(arpEntryEvidence(t, scope, u.entry));
      evidence.push(t('diagnosis:evidence.expectedOnPrem', { prefix: u.prefix, ip: u.expected }));
    }
    if (swapped) evidence.push(t('diagnosis:evidence.otherSubnet', { path: pathLabel(t, other), prefix: vars.otherPrefix, ip: first.entry.ipAddress }));
    const nextSteps = swapped
      ? [t('diagnosis:ER-ARP-UNEXPECTED-IP.steps.swap', vars), t('diagnosis:ER-ARP-UNEXPECTED-IP.steps.both', vars)]
      : conflict
        ? [t('diagnosis:ER-ARP-UNEXPECTED-IP.steps.conflict', vars), t('diagnosis:ER-ARP-UNEXPECTED-IP.steps.address', vars)]
        : [t('diagnosis:ER-ARP-UNEXPECTED-IP.steps.address', vars), t('diagnosis:ER-ARP-UNEXPECTED-IP.steps.subnets', vars)];
    const fus = arpFollowUps(t, obs, facts);
    if (swapped && hasPeeringCommands(obs.peeringName)) fus.splice(1, 0, followUps.arpTable(t, obs.circuit.name, obs.peeringName, other));
    out.push(
      makeVerdict(t, 'ER-ARP-UNEXPECTED-IP', 'critical', {
        vars,
        titleKey: `title${variant}`,
        detailKey: `detail${variant}`,
        scope,
        evidence,
        nextSteps,
        followUps: fus,
      }),
    );
  }
  return out;
}
