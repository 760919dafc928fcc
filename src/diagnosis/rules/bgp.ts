/** Layer 3 — BGP, per path, from the route table summary. */
import type { DevicePath } from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { formatCount, isPrefixLimitState, prefixLimit, PREFIX_WARN_RATIO, RECENT_FLAP_SECONDS } from '../bgp-state.ts';
import { followUps, hasPeeringCommands, makeVerdict, pathLabel, pathScope, pathTitle, q } from '../build.ts';
import { parseAddress } from '../../net/ip.ts';
import { findPeering, type CircuitObservation, type DiagnoseOptions } from '../observations.ts';
import { arpFactsOf, bgpFactsOf, expectedAddresses, type ArpFacts, type NeighborFacts } from '../path-facts.ts';
import type { FollowUp, Severity, Verdict } from '../verdict.ts';

export const MICROSOFT_EDGE_ASN = 12076;

function neighborLabel(n: NeighborFacts): string {
  return n.neighbor || '?';
}

/** `statePfxRcd "Idle" for neighbor 192.168.10.6 (AS 65080), upDown 00:12:01` */
export function neighborEvidence(t: Translate, scope: string, n: NeighborFacts): string {
  return t('diagnosis:evidence.summaryNeighbor', {
    scope,
    state: n.entry.statePfxRcd === undefined ? '?' : q(n.entry.statePfxRcd),
    neighbor: neighborLabel(n),
    as: n.entry.as ?? '?',
    upDown: n.entry.upDown ?? '?',
  });
}

function summaryFollowUps(t: Translate, obs: CircuitObservation, path: DevicePath, withRoutes: boolean): FollowUp[] {
  const c = obs.circuit.name;
  const out: FollowUp[] = [followUps.routesSummary(t, c)];
  if (withRoutes && hasPeeringCommands(obs.peeringName)) out.push(followUps.routes(t, c, obs.peeringName, path));
  return out;
}

function arpEvidence(t: Translate, scope: string, arp: ArpFacts | undefined): string | undefined {
  if (!arp) return undefined;
  if (arp.status === 'ok') {
    const e = arp.onPremComplete[0]!;
    return t('diagnosis:evidence.arpOk', { scope, ip: e.ipAddress, mac: e.macAddress });
  }
  return t(`diagnosis:evidence.arpStatus.${arp.status}`, { scope });
}

/**
 * ER-BGP-DOWN: the summary shows a state word instead of a prefix count (or no neighbor at all). When ARP on
 * that path is healthy, layer 2 works and the causes are ASN mismatch, MD5 mismatch, TCP/179 filtered or a
 * wrong peer address. `options.testVm` adds a Network Watcher check of TCP/179 to the peer.
 */
export function bgpDown(obs: CircuitObservation, t: Translate, options: DiagnoseOptions = {}): Verdict[] {
  const peering = findPeering(obs.circuit, obs.peeringName);
  const out: Verdict[] = [];
  for (const p of obs.paths) {
    const bgp = bgpFactsOf(p);
    if (!bgp) continue;
    const noNeighbor = bgp.neighbors.length === 0;
    if (!noNeighbor && bgp.down.length === 0) continue;
    const scope = pathScope(obs.peeringName, p.path);
    const arp = arpFactsOf(peering, p);
    const arpOk = arp?.status === 'ok';
    const expected = expectedAddresses(peering, p.path);
    const first = bgp.down[0];
    const state = first && !first.session?.established ? (first.session as { state: string }).state : '';
    const prefixLimitHit = bgp.down.some((n) => n.session && !n.session.established && isPrefixLimitState(n.session.state));
    const onPremPeer =
      (first && parseAddress(first.neighbor) ? first.neighbor : undefined) ?? arp?.onPremComplete[0]?.ipAddress ?? expected?.onPrem;
    const vars = {
      Path: pathTitle(t, p.path),
      path: pathLabel(t, p.path),
      state,
      asn: peering?.peerASN ?? '?',
      azureAsn: peering?.azureASN ?? MICROSOFT_EDGE_ASN,
      onPrem: expected?.onPrem ?? onPremPeer ?? '?',
      microsoft: expected?.microsoft ?? '?',
      prefix: (p.path === 'primary' ? peering?.primaryPeerAddressPrefix : peering?.secondaryPeerAddressPrefix) ?? '?',
      limit: formatCount(prefixLimit(obs.circuit.skuTier, obs.peeringName)),
      circuit: obs.circuit.name,
    };
    const evidence: string[] = noNeighbor ? [t('diagnosis:evidence.summaryEmpty', { scope })] : bgp.down.map((n) => neighborEvidence(t, scope, n));
    const arpLine = arpEvidence(t, scope, arp);
    if (arpLine) evidence.push(arpLine);
    if (peering) {
      evidence.push(t('diagnosis:evidence.peerAsn', { peering: peering.name, asn: vars.asn, azureAsn: vars.azureAsn }));
      evidence.push(t(peering.sharedKeySet ? 'diagnosis:evidence.md5Set' : 'diagnosis:evidence.md5NotSet', { peering: peering.name }));
    }
    const detailKey = prefixLimitHit ? 'detailPrefixLimit' : noNeighbor ? 'detailNoNeighbor' : arpOk ? 'detailArpOk' : arp ? 'detailArpBroken' : 'detail';
    const nextSteps: string[] = [];
    if (prefixLimitHit) nextSteps.push(t('diagnosis:ER-BGP-DOWN.steps.prefixLimit', vars));
    if (arp && !arpOk) nextSteps.push(t('diagnosis:ER-BGP-DOWN.steps.fixArp', vars));
    nextSteps.push(
      t('diagnosis:ER-BGP-DOWN.steps.asn', vars),
      t(peering?.sharedKeySet ? 'diagnosis:ER-BGP-DOWN.steps.md5Set' : 'diagnosis:ER-BGP-DOWN.steps.md5NotSet', vars),
      t('diagnosis:ER-BGP-DOWN.steps.tcp179', vars),
      t('diagnosis:ER-BGP-DOWN.steps.address', vars),
    );
    if (!arp) nextSteps.push(t('diagnosis:ER-BGP-DOWN.steps.checkArp', vars));
    const fus = summaryFollowUps(t, obs, p.path, false);
    if (hasPeeringCommands(obs.peeringName)) fus.push(followUps.arpTable(t, obs.circuit.name, obs.peeringName, p.path));
    // Network Watcher hook: with healthy ARP the next question is whether TCP/179 reaches the peer.
    if (arpOk && onPremPeer) {
      if (options.testVm) fus.push(followUps.checkTcp179(t, options.testVm, onPremPeer, p.path));
      else nextSteps.push(t('diagnosis:ER-BGP-DOWN.steps.testVm', vars));
    }
    out.push(
      makeVerdict(t, 'ER-BGP-DOWN', 'critical', {
        vars,
        titleKey: noNeighbor ? 'titleNoNeighbor' : 'title',
        detailKey,
        scope,
        evidence,
        nextSteps,
        followUps: fus,
      }),
    );
  }
  return out;
}

/** ER-BGP-NO-PREFIXES: a session is Established but received 0 prefixes. */
export function bgpNoPrefixes(obs: CircuitObservation, t: Translate): Verdict[] {
  const out: Verdict[] = [];
  const microsoft = /microsoft/i.test(obs.peeringName);
  const peering = findPeering(obs.circuit, obs.peeringName);
  for (const p of obs.paths) {
    const bgp = bgpFactsOf(p);
    if (!bgp) continue;
    const zero = bgp.established.filter((n) => n.session?.established && n.session.prefixes === 0);
    if (zero.length === 0) continue;
    const scope = pathScope(obs.peeringName, p.path);
    const vars = { Path: pathTitle(t, p.path), path: pathLabel(t, p.path) };
    const evidence = zero.map((n) => neighborEvidence(t, scope, n));
    const advertised = peering?.microsoftPeeringConfig?.advertisedPublicPrefixes;
    if (microsoft && advertised) {
      evidence.push(
        t('diagnosis:evidence.advertisedPublicPrefixes', {
          prefixes: advertised.length > 0 ? advertised.join(', ') : '-',
          state: q(peering?.microsoftPeeringConfig?.advertisedPublicPrefixesState),
        }),
      );
    }
    const nextSteps = [t('diagnosis:ER-BGP-NO-PREFIXES.steps.policy', vars), t('diagnosis:ER-BGP-NO-PREFIXES.steps.origin', vars)];
    if (microsoft) nextSteps.push(t('diagnosis:ER-BGP-NO-PREFIXES.steps.microsoft', vars));
    out.push(
      makeVerdict(t, 'ER-BGP-NO-PREFIXES', 'warning', {
        vars,
        scope,
        evidence,
        nextSteps,
        followUps: summaryFollowUps(t, obs, p.path, true),
      }),
    );
  }
  return out;
}

/** ER-BGP-PREFIX-LIMIT: prefixes received at >= 80 % (warning) or >= 100 % (critical) of the SKU's limit. */
export function bgpPrefixLimit(obs: CircuitObservation, t: Translate): Verdict[] {
  const out: Verdict[] = [];
  const limit = prefixLimit(obs.circuit.skuTier, obs.peeringName);
  const premiumHelps = !/microsoft/i.test(obs.peeringName) && !/^premium$/i.test(obs.circuit.skuTier ?? '');
  for (const p of obs.paths) {
    const bgp = bgpFactsOf(p);
    if (!bgp) continue;
    const near = bgp.established.filter((n) => n.session?.established && n.session.prefixes >= limit * PREFIX_WARN_RATIO);
    if (near.length === 0) continue;
    const worst = Math.max(...near.map((n) => (n.session?.established ? n.session.prefixes : 0)));
    const severity: Severity = worst >= limit ? 'critical' : 'warning';
    const scope = pathScope(obs.peeringName, p.path);
    const vars = {
      Path: pathTitle(t, p.path),
      path: pathLabel(t, p.path),
      received: formatCount(worst),
      limit: formatCount(limit),
      percent: Math.floor((worst / limit) * 100),
      tier: obs.circuit.skuTier ?? '?',
      peering: obs.peeringName,
    };
    const evidence = near.map((n) =>
      t('diagnosis:evidence.prefixUsage', {
        ...vars,
        scope,
        neighbor: neighborLabel(n),
        received: formatCount(n.session?.established ? n.session.prefixes : 0),
        percent: Math.floor(((n.session?.established ? n.session.prefixes : 0) / limit) * 100),
      }),
    );
    evidence.push(t('diagnosis:evidence.prefixLimit', vars));
    const nextSteps = [t('diagnosis:ER-BGP-PREFIX-LIMIT.steps.summarize', vars)];
    if (premiumHelps) nextSteps.push(t('diagnosis:ER-BGP-PREFIX-LIMIT.steps.premium', vars));
    nextSteps.push(t('diagnosis:ER-BGP-PREFIX-LIMIT.steps.dropped', vars));
    out.push(
      makeVerdict(t, 'ER-BGP-PREFIX-LIMIT', severity, {
        vars,
        titleKey: severity === 'critical' ? 'titleReached' : 'title',
        detailKey: severity === 'critical' ? 'detailReached' : 'detail',
        scope,
        evidence,
        nextSteps,
        followUps: [...summaryFollowUps(t, obs, p.path, true), followUps.circuit(t, obs.circuit.name)],
      }),
    );
  }
  return out;
}

/** ER-BGP-RECENT-FLAP: an Established session whose `upDown` is below one hour (it came up recently). */
export function bgpRecentFlap(obs: CircuitObservation, t: Translate): Verdict[] {
  const out: Verdict[] = [];
  for (const p of obs.paths) {
    const bgp = bgpFactsOf(p);
    if (!bgp) continue;
    const recent = bgp.established.filter((n) => n.upDownSeconds !== undefined && n.upDownSeconds < RECENT_FLAP_SECONDS);
    if (recent.length === 0) continue;
    const scope = pathScope(obs.peeringName, p.path);
    const youngest = Math.min(...recent.map((n) => n.upDownSeconds ?? RECENT_FLAP_SECONDS));
    const vars = { Path: pathTitle(t, p.path), path: pathLabel(t, p.path), minutes: youngest < 60 ? '<1' : Math.floor(youngest / 60) };
    out.push(
      makeVerdict(t, 'ER-BGP-RECENT-FLAP', 'warning', {
        vars,
        scope,
        evidence: recent.map((n) => neighborEvidence(t, scope, n)),
        nextSteps: [
          t('diagnosis:ER-BGP-RECENT-FLAP.steps.logs', vars),
          t('diagnosis:ER-BGP-RECENT-FLAP.steps.timers', vars),
          t('diagnosis:ER-BGP-RECENT-FLAP.steps.mtu', vars),
          t('diagnosis:ER-BGP-RECENT-FLAP.steps.provider', vars),
        ],
        followUps: [followUps.bgpStatus(t, obs.circuit.name, obs.peeringName), followUps.routesSummary(t, obs.circuit.name)],
      }),
    );
  }
  return out;
}
