/** Routes: what the customer advertises (only judged when the route table was read). */
import type { Translate } from '../../i18n/index.ts';
import { followUps, hasPeeringCommands, makeVerdict, pathLabel } from '../build.ts';
import { isDefaultRoute } from '../../net/ip.ts';
import { isRead, type CircuitObservation } from '../observations.ts';
import type { FollowUp, Verdict } from '../verdict.ts';

/**
 * ER-DEFAULT-ROUTE-LEARNED: 0.0.0.0/0 (or ::/0) in a path's route table, i.e. received from on-premises.
 * One verdict for the peering, naming every path that has it.
 */
export function defaultRouteLearned(obs: CircuitObservation, t: Translate): Verdict[] {
  const evidence: string[] = [];
  const fus: FollowUp[] = [];
  const paths: string[] = [];
  for (const p of obs.paths) {
    if (!isRead(p.routes)) continue;
    const defaults = p.routes.value.filter((r) => isDefaultRoute(r.network));
    if (defaults.length === 0) continue;
    paths.push(pathLabel(t, p.path));
    for (const r of defaults) {
      evidence.push(
        t('diagnosis:evidence.defaultRoute', {
          network: r.network,
          nextHop: r.nextHop || '?',
          asPath: r.path || '-',
          scope: `${obs.peeringName}/${p.path}`,
        }),
      );
    }
    if (hasPeeringCommands(obs.peeringName)) fus.push(followUps.routes(t, obs.circuit.name, obs.peeringName, p.path));
  }
  if (paths.length === 0) return [];
  const vars = { paths: paths.join(t('diagnosis:labels.pathsJoin')), peering: obs.peeringName };
  return [
    makeVerdict(t, 'ER-DEFAULT-ROUTE-LEARNED', 'warning', {
      vars,
      scope: obs.peeringName,
      evidence,
      nextSteps: [
        t('diagnosis:ER-DEFAULT-ROUTE-LEARNED.steps.intended', vars),
        t('diagnosis:ER-DEFAULT-ROUTE-LEARNED.steps.filter', vars),
        t('diagnosis:ER-DEFAULT-ROUTE-LEARNED.steps.services', vars),
      ],
      followUps: fus,
    }),
  ];
}
