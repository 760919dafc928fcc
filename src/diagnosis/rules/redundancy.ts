/** Redundancy across the two paths: one up and one down, or both up with different advertisements. */
import type { DevicePath } from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { formatCount } from '../bgp-state.ts';
import { followUps, hasPeeringCommands, makeVerdict, otherPath, pathLabel, pathTitle } from '../build.ts';
import { findPeering, pathObservation, type CircuitObservation } from '../observations.ts';
import { arpFactsOf, bgpFactsOf, pathHealth, type BgpFacts } from '../path-facts.ts';
import type { FollowUp, Verdict } from '../verdict.ts';

function pathStateEvidence(t: Translate, obs: CircuitObservation, path: DevicePath): string {
  const p = pathObservation(obs, path);
  const bgp = bgpFactsOf(p);
  if (bgp) {
    if (bgp.allEstablished) return t('diagnosis:evidence.pathEstablished', { path: pathLabel(t, path), count: bgp.prefixes, prefixes: formatCount(bgp.prefixes) });
    if (bgp.neighbors.length === 0) return t('diagnosis:evidence.pathNoNeighbor', { path: pathLabel(t, path) });
    const states = bgp.down.map((n) => (n.session && !n.session.established ? n.session.state : '?'));
    return t('diagnosis:evidence.pathDown', { path: pathLabel(t, path), state: states.join(', ') });
  }
  const arp = arpFactsOf(findPeering(obs.circuit, obs.peeringName), p);
  return t(`diagnosis:evidence.pathArp.${arp?.status ?? 'unknown'}`, { path: pathLabel(t, path) });
}

/** ER-PATH-REDUNDANCY: exactly one of primary/secondary is healthy (the other is known to be broken). */
export function pathRedundancy(obs: CircuitObservation, t: Translate): Verdict[] {
  const peering = findPeering(obs.circuit, obs.peeringName);
  const primary = pathHealth(obs, peering, 'primary');
  const secondary = pathHealth(obs, peering, 'secondary');
  let up: DevicePath;
  if (primary === 'healthy' && secondary === 'broken') up = 'primary';
  else if (primary === 'broken' && secondary === 'healthy') up = 'secondary';
  else return [];
  const down = otherPath(up);
  const vars = { Up: pathTitle(t, up), up: pathLabel(t, up), down: pathLabel(t, down) };
  const fus: FollowUp[] = [];
  if (hasPeeringCommands(obs.peeringName)) fus.push(followUps.arpTable(t, obs.circuit.name, obs.peeringName, down));
  fus.push(followUps.routesSummary(t, obs.circuit.name));
  return [
    makeVerdict(t, 'ER-PATH-REDUNDANCY', 'warning', {
      vars,
      scope: obs.peeringName,
      evidence: [pathStateEvidence(t, obs, up), pathStateEvidence(t, obs, down)],
      nextSteps: [
        t('diagnosis:ER-PATH-REDUNDANCY.steps.fix', vars),
        t('diagnosis:ER-PATH-REDUNDANCY.steps.noMaintenance', vars),
        t('diagnosis:ER-PATH-REDUNDANCY.steps.onPrem', vars),
      ],
      followUps: fus,
    }),
  ];
}

/** ER-PATH-ASYMMETRY: both paths Established, but the prefix counts differ. */
export function pathAsymmetry(obs: CircuitObservation, t: Translate): Verdict[] {
  const a = bgpFactsOf(pathObservation(obs, 'primary'));
  const b = bgpFactsOf(pathObservation(obs, 'secondary'));
  if (!a || !b || !a.allEstablished || !b.allEstablished || a.prefixes === b.prefixes) return [];
  // A path with 0 prefixes is ER-BGP-NO-PREFIXES; calling it asymmetry too would say the same twice.
  if (a.prefixes === 0 || b.prefixes === 0) return [];
  const line = (f: BgpFacts) =>
    t('diagnosis:evidence.pathPrefixes', {
      path: pathLabel(t, f.path),
      count: f.prefixes,
      prefixes: formatCount(f.prefixes),
      neighbors: f.neighbors.map((n) => n.neighbor || '?').join(', '),
    });
  const vars = { primary: formatCount(a.prefixes), secondary: formatCount(b.prefixes), difference: formatCount(Math.abs(a.prefixes - b.prefixes)) };
  const fus: FollowUp[] = [];
  if (hasPeeringCommands(obs.peeringName)) {
    fus.push(followUps.routes(t, obs.circuit.name, obs.peeringName, 'primary'));
    fus.push(followUps.routes(t, obs.circuit.name, obs.peeringName, 'secondary'));
  }
  fus.push(followUps.routesSummary(t, obs.circuit.name));
  return [
    makeVerdict(t, 'ER-PATH-ASYMMETRY', 'warning', {
      vars,
      scope: obs.peeringName,
      evidence: [line(a), line(b)],
      nextSteps: [
        t('diagnosis:ER-PATH-ASYMMETRY.steps.compare', vars),
        t('diagnosis:ER-PATH-ASYMMETRY.steps.policy', vars),
        t('diagnosis:ER-PATH-ASYMMETRY.steps.stateful', vars),
      ],
      followUps: fus,
    }),
  ];
}
