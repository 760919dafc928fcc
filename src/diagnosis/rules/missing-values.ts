/**
 * ER-VALUES-MISSING: values ARM left out of an answer it did give, so a check could not be made. Unknown is never
 * healthy and missing is never zero (issue 16, point 1): a route summary line without `statePfxRcd` is not an
 * Established session with 0 prefixes, one without `upDown` cannot rule out a flap, an ARP entry without its
 * interface or MAC may be the on-premises router's answer, a traffic counter left out is not "no traffic".
 *
 * Source: the checks this stands in for are the ones Microsoft's guide makes on the same answers, ARP per path,
 * the route summary's neighbor, up/down time and State/PfxRcd, and the per-path byte counters:
 * https://learn.microsoft.com/en-us/azure/expressroute/expressroute-troubleshooting-expressroute-overview
 */
import type { DevicePath } from '../../azure/snapshots.ts';
import type { Translate } from '../../i18n/index.ts';
import { followUps, hasPeeringCommands, makeVerdict, pathLabel, pathScope, pathTitle } from '../build.ts';
import { findPeering, isRead, type CircuitObservation, type PathObservation } from '../observations.ts';
import { arpFactsOf, bgpFactsOf } from '../path-facts.ts';
import type { FollowUp, Verdict } from '../verdict.ts';

const COUNTERS = (path: DevicePath) =>
  [
    [`${path}bytesIn`, path === 'primary' ? 'primaryBytesIn' : 'secondaryBytesIn'],
    [`${path}bytesOut`, path === 'primary' ? 'primaryBytesOut' : 'secondaryBytesOut'],
  ] as const;

/** What ARM left out on one path, as the field names of its answers; empty when nothing a check needs is missing. */
export interface MissingOnPath {
  path: DevicePath;
  /** `neighbor -> fields` of the route summary lines. */
  summary: { neighbor: string; fields: string[] }[];
  /** `ip -> fields` of the ARP entries that could be the on-premises router's. */
  arp: { ip: string; fields: string[] }[];
  /** The path's stats counters ARM left out. */
  stats: string[];
}

export function missingOnPath(obs: CircuitObservation, p: PathObservation): MissingOnPath {
  const out: MissingOnPath = { path: p.path, summary: [], arp: [], stats: [] };
  const bgp = bgpFactsOf(p);
  if (bgp) {
    for (const n of bgp.neighbors) {
      const fields: string[] = [];
      if (n.session === undefined) fields.push('statePfxRcd');
      // Up/down time matters for an Established session (is it a recent flap?); with the state unknown too, only
      // its absence is named; a down session is judged without it.
      const upDownAbsent = (n.entry.upDown ?? '').trim() === '';
      if (n.session?.established === true ? n.upDownSeconds === undefined : n.session === undefined && upDownAbsent) fields.push('upDown');
      if (fields.length > 0) out.summary.push({ neighbor: n.neighbor || '?', fields });
    }
  }
  const arp = arpFactsOf(findPeering(obs.circuit, obs.peeringName), p);
  if (arp?.status === 'unknown') {
    for (const e of arp.missing) {
      const fields = [...(e.interface === undefined ? ['interface'] : []), ...(e.macAddress === undefined ? ['macAddress'] : [])];
      out.arp.push({ ip: e.ipAddress, fields });
    }
  }
  if (isRead(obs.stats)) {
    const s = obs.stats.value;
    for (const [field, key] of COUNTERS(p.path)) if (s[key] === undefined) out.stats.push(field);
  }
  return out;
}

const isEmpty = (m: MissingOnPath) => m.summary.length === 0 && m.arp.length === 0 && m.stats.length === 0;

/** Whether any check of the observation lacked a value ARM did not give. */
export function anyValueMissing(obs: CircuitObservation): boolean {
  return obs.paths.some((p) => !isEmpty(missingOnPath(obs, p)));
}

/** ER-VALUES-MISSING (info), per path: which values Azure did not give, which checks that left undone, read again. */
export function valuesMissing(obs: CircuitObservation, t: Translate): Verdict[] {
  const out: Verdict[] = [];
  const c = obs.circuit.name;
  const sep = t('diagnosis:labels.listSeparator');
  for (const p of obs.paths) {
    const m = missingOnPath(obs, p);
    if (isEmpty(m)) continue;
    const scope = pathScope(obs.peeringName, p.path);
    const evidence: string[] = [];
    const what: string[] = [];
    const fus: FollowUp[] = [];
    const checks: string[] = [];
    if (m.arp.length > 0) {
      for (const e of m.arp) evidence.push(t('diagnosis:evidence.missingArp', { scope, ip: e.ip, fields: e.fields.join(', ') }));
      what.push(t('diagnosis:labels.read.arp'));
      checks.push(t('diagnosis:ER-VALUES-MISSING.checks.arp'));
      if (hasPeeringCommands(obs.peeringName)) fus.push(followUps.arpTable(t, c, obs.peeringName, p.path));
    }
    if (m.summary.length > 0) {
      for (const n of m.summary) evidence.push(t('diagnosis:evidence.missingSummary', { scope, neighbor: n.neighbor, fields: n.fields.join(', ') }));
      what.push(t('diagnosis:labels.read.summary'));
      const fields = new Set(m.summary.flatMap((n) => n.fields));
      if (fields.has('statePfxRcd')) checks.push(t('diagnosis:ER-VALUES-MISSING.checks.state'));
      if (fields.has('upDown')) checks.push(t('diagnosis:ER-VALUES-MISSING.checks.upDown'));
      fus.push(followUps.routesSummary(t, c));
    }
    if (m.stats.length > 0) {
      evidence.push(t('diagnosis:evidence.missingStats', { peering: obs.peeringName, fields: m.stats.join(', ') }));
      what.push(t('diagnosis:labels.read.stats'));
      checks.push(t('diagnosis:ER-VALUES-MISSING.checks.traffic'));
      fus.push(followUps.bgpStatus(t, c, obs.peeringName));
    }
    evidence.push(t('diagnosis:evidence.incomplete', { scope }));
    const vars = { Path: pathTitle(t, p.path), path: pathLabel(t, p.path), what: what.join(sep), checks: checks.join(sep) };
    out.push(
      makeVerdict(t, 'ER-VALUES-MISSING', 'info', {
        vars,
        scope,
        evidence,
        nextSteps: [t('diagnosis:ER-VALUES-MISSING.steps.again', vars), t('diagnosis:ER-VALUES-MISSING.steps.router', vars)],
        followUps: fus,
      }),
    );
  }
  return out;
}
