/** Data that could not be read: the diagnosis of that part is incomplete, never healthy. */
import type { Translate } from '../../i18n/index.ts';
import { followUps, hasPeeringCommands, makeVerdict, pathLabel, pathScope, pathTitle } from '../build.ts';
import { isFailed, type CircuitObservation, type ReadFailure } from '../observations.ts';
import type { FollowUp, Verdict } from '../verdict.ts';

export type ReadItem = 'arp' | 'summary' | 'routes' | 'stats' | 'peers' | 'learnedRoutes';

/** `ARP table AzurePrivatePeering/secondary: timeout (…message…)` */
export function failureEvidence(t: Translate, item: ReadItem, where: string, f: ReadFailure): string {
  const what = t(`diagnosis:labels.read.${item}`);
  const kind = f.kind || 'unknown';
  const line = f.message
    ? t('diagnosis:evidence.readFailed', { what, where, kind, message: f.message })
    : t('diagnosis:evidence.readFailedNoMessage', { what, where, kind });
  return f.missingPermission ? `${line}; ${t('diagnosis:evidence.missingPermission', { permission: f.missingPermission })}` : line;
}

/** Next steps by failure kind (forbidden, throttled, timeout, ... ), one per distinct kind. */
export function failureSteps(t: Translate, failures: readonly ReadFailure[]): string[] {
  const kinds = [...new Set(failures.map((f) => f.kind))];
  return kinds.map((k) => {
    if (k === 'forbidden') {
      const permissions = [...new Set(failures.filter((f) => f.kind === k && f.missingPermission).map((f) => f.missingPermission!))];
      if (permissions.length > 0) return t('diagnosis:readFailure.steps.forbiddenPermission', { permission: permissions.join(', ') });
    }
    return t(`diagnosis:readFailure.steps.${/^(forbidden|throttled|timeout|not-found)$/.test(k) ? k : 'other'}`);
  });
}

/** A button that reads the same thing again is worth offering unless Azure refused the read (it will again). */
const worthRetrying = (f: ReadFailure) => f.kind !== 'forbidden';

/**
 * ER-PATH-READ-FAILED (warning): a path's ARP table, route summary or route table could not be read; and,
 * scoped to the peering, the circuit statistics. The verdict names the path and the failure kind.
 */
export function pathReadFailed(obs: CircuitObservation, t: Translate): Verdict[] {
  const out: Verdict[] = [];
  const c = obs.circuit.name;
  const peeringCmds = hasPeeringCommands(obs.peeringName);
  for (const p of obs.paths) {
    const scope = pathScope(obs.peeringName, p.path);
    const evidence: string[] = [];
    const failures: ReadFailure[] = [];
    const fus: FollowUp[] = [];
    const what: string[] = [];
    if (isFailed(p.arp)) {
      evidence.push(failureEvidence(t, 'arp', scope, p.arp.failure));
      failures.push(p.arp.failure);
      what.push(t('diagnosis:labels.read.arp'));
      if (peeringCmds && worthRetrying(p.arp.failure)) fus.push(followUps.arpTable(t, c, obs.peeringName, p.path));
    }
    if (isFailed(p.summary)) {
      evidence.push(failureEvidence(t, 'summary', scope, p.summary.failure));
      failures.push(p.summary.failure);
      what.push(t('diagnosis:labels.read.summary'));
      if (worthRetrying(p.summary.failure)) fus.push(followUps.routesSummary(t, c));
    }
    if (isFailed(p.routes)) {
      evidence.push(failureEvidence(t, 'routes', scope, p.routes.failure));
      failures.push(p.routes.failure);
      what.push(t('diagnosis:labels.read.routes'));
      if (peeringCmds && worthRetrying(p.routes.failure)) fus.push(followUps.routes(t, c, obs.peeringName, p.path));
    }
    if (failures.length === 0) continue;
    const kinds = [...new Set(failures.map((f) => f.kind || 'unknown'))].join(', ');
    const vars = { Path: pathTitle(t, p.path), path: pathLabel(t, p.path), kind: kinds, what: what.join(t('diagnosis:labels.listSeparator')) };
    evidence.push(t('diagnosis:evidence.incomplete', { scope }));
    out.push(
      makeVerdict(t, 'ER-PATH-READ-FAILED', 'warning', {
        vars,
        scope,
        evidence,
        nextSteps: failureSteps(t, failures),
        followUps: fus,
      }),
    );
  }
  if (isFailed(obs.stats)) {
    const f = obs.stats.failure;
    const vars = { kind: f.kind || 'unknown', peering: obs.peeringName };
    out.push(
      makeVerdict(t, 'ER-PATH-READ-FAILED', 'warning', {
        vars,
        titleKey: 'titleStats',
        detailKey: 'detailStats',
        scope: obs.peeringName,
        evidence: [failureEvidence(t, 'stats', obs.peeringName, f), t('diagnosis:evidence.incompleteStats')],
        nextSteps: failureSteps(t, [f]),
        followUps: [followUps.circuit(t, c)],
      }),
    );
  }
  return out;
}

/** Whether anything in the observation failed to read. */
export function anyReadFailed(obs: CircuitObservation): boolean {
  return isFailed(obs.stats) || obs.paths.some((p) => isFailed(p.arp) || isFailed(p.summary) || isFailed(p.routes));
}
