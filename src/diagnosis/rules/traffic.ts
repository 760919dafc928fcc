/** Data plane as seen in the circuit statistics. */
import type { Translate } from '../../i18n/index.ts';
import { formatCount } from '../bgp-state.ts';
import { followUps, hasPeeringCommands, makeVerdict, pathLabel, pathScope, pathTitle } from '../build.ts';
import { isRead, type CircuitObservation } from '../observations.ts';
import { bgpFactsOf } from '../path-facts.ts';
import type { FollowUp, Verdict } from '../verdict.ts';

/** ER-NO-TRAFFIC (info): BGP Established on a path, but the stats show zero bytes in and out on it (both given). */
export function noTraffic(obs: CircuitObservation, t: Translate): Verdict[] {
  if (!isRead(obs.stats)) return [];
  const stats = obs.stats.value;
  const out: Verdict[] = [];
  for (const p of obs.paths) {
    const bgp = bgpFactsOf(p);
    if (!bgp || !bgp.allEstablished) continue;
    const bytesIn = p.path === 'primary' ? stats.primaryBytesIn : stats.secondaryBytesIn;
    const bytesOut = p.path === 'primary' ? stats.primaryBytesOut : stats.secondaryBytesOut;
    // A counter Azure did not give is unknown, not zero: no "no traffic" from it (ER-VALUES-MISSING says so).
    if (bytesIn === undefined || bytesOut === undefined || bytesIn !== 0 || bytesOut !== 0) continue;
    const scope = pathScope(obs.peeringName, p.path);
    const vars = { Path: pathTitle(t, p.path), path: pathLabel(t, p.path) };
    const fus: FollowUp[] = [];
    if (hasPeeringCommands(obs.peeringName)) fus.push(followUps.routes(t, obs.circuit.name, obs.peeringName, p.path));
    fus.push(followUps.circuit(t, obs.circuit.name));
    out.push(
      makeVerdict(t, 'ER-NO-TRAFFIC', 'info', {
        vars,
        scope,
        evidence: [
          t('diagnosis:evidence.statsBytes', {
            peering: obs.peeringName,
            fieldIn: `${p.path}BytesIn`,
            fieldOut: `${p.path}BytesOut`,
            bytesIn: formatCount(bytesIn),
            bytesOut: formatCount(bytesOut),
          }),
          t('diagnosis:evidence.pathEstablished', { path: pathLabel(t, p.path), count: bgp.prefixes, prefixes: formatCount(bgp.prefixes) }),
        ],
        nextSteps: [
          t('diagnosis:ER-NO-TRAFFIC.steps.connection', vars),
          t('diagnosis:ER-NO-TRAFFIC.steps.preference', vars),
          t('diagnosis:ER-NO-TRAFFIC.steps.onPrem', vars),
        ],
        followUps: fus,
      }),
    );
  }
  return out;
}
