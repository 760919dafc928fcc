/**
 * `routes <circuit> [private|microsoft] [primary|secondary] [prefix] [page N]`: the BGP route table of one
 * path, optionally only the routes inside a prefix (or, for a single address, the routes that cover it,
 * most specific first). Big tables are paginated by the renderer within the card budget.
 */
import { type DevicePath, DEVICE_PATHS, type RouteEntry } from '../azure/snapshots.ts';
import { dedupeFollowUps } from '../diagnosis/build.ts';
import { collectFollowUps, diagnoseCircuit } from '../diagnosis/expressroute.ts';
import { type Cidr, cidrContains, parseCidr } from '../net/ip.ts';
import { observePeering, resolveAndReadCircuit } from './observe-circuit.ts';
import { circuitParam, pathParam, peeringParam, peeringToken } from './params.ts';
import { failureCell, pathName, readFailureNotes } from './present-circuit.ts';
import { newResult, type Table } from './result.ts';
import type { CommandSpec } from './types.ts';

/** Routes inside `filter`; for a host address (/32), the routes covering it, longest prefix first. */
export function filterRoutes(routes: readonly RouteEntry[], filter: Cidr | undefined): RouteEntry[] {
  if (!filter) return [...routes];
  const hostBits = filter.family === 4 ? 32 : 128;
  const parsed = routes.map((r) => ({ r, c: parseCidr(r.network) }));
  if (filter.bits === hostBits) {
    const address = { family: filter.family, value: filter.network };
    return parsed
      .filter((x) => x.c && cidrContains(x.c, address))
      .sort((a, b) => b.c!.bits - a.c!.bits)
      .map((x) => x.r);
  }
  return parsed
    .filter((x) => x.c && x.c.bits >= filter.bits && cidrContains(filter, { family: x.c.family, value: x.c.network }))
    .map((x) => x.r);
}

export const routesSpec: CommandSpec = {
  name: 'routes',
  id: 'routes',
  aliases: ['route table', 'routes table', 'show routes', 'route'],
  params: [circuitParam, peeringParam, pathParam('primary'), { name: 'prefix', kind: { type: 'cidr' } }],
  examples: ['routes tokyo-er', 'routes tokyo-er secondary', 'routes tokyo-er 10.1.0.0/22', 'routes tokyo-er 10.1.2.7'],
  sideEffects: false,
  calls: 'azure',
  working: (args, t) => t('commands:routes.working', { circuit: args.circuit, path: args.path }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const paths: readonly DevicePath[] = args.path === 'both' ? DEVICE_PATHS : [args.path as DevicePath];
    const filterText = typeof args.prefix === 'string' ? args.prefix : undefined;
    const filter = filterText ? parseCidr(filterText) : undefined;
    const base = await resolveAndReadCircuit(services.azure, String(args.circuit));
    const read = await observePeering(services.azure, base, String(args.peering), paths, { routes: true });
    const obs = read.observation;
    const verdicts = diagnoseCircuit(obs, t);

    const counts: Record<string, { total: number; shown: number }> = {};
    const tables: Table[] = obs.paths.map((p) => {
      const columns = [t('commands:routes.col.network'), t('commands:routes.col.nextHop'), t('commands:routes.col.path'), t('commands:routes.col.locPrf'), t('commands:routes.col.weight')];
      const title = t('commands:routes.title', { path: pathName(p.path, t), peering: obs.peeringName });
      if (!p.routes) return { title, columns, rows: [], note: t('commands:routes.notRead') };
      if (!p.routes.ok) return { title, columns, rows: [], note: failureCell(p.routes.failure, t) };
      const shown = filterRoutes(p.routes.value, filter);
      counts[p.path] = { total: p.routes.value.length, shown: shown.length };
      return {
        title,
        columns,
        rows: shown.map((r) => [r.network, r.nextHop, r.path || '—', r.locPrf || '—', String(r.weight ?? '—')]),
        note: filterText
          ? t('commands:routes.filtered', { shown: shown.length, total: p.routes.value.length, prefix: filterText })
          : t('commands:routes.total', { count: p.routes.value.length }),
      };
    });

    const name = base.summary.name;
    const peer = peeringToken(obs.peeringName);
    const others = paths.length === 1
      ? [{ title: t('commands:routes.follow.other', { path: pathName(paths[0] === 'primary' ? 'secondary' : 'primary', t) }), command: `routes ${name}${peer} ${paths[0] === 'primary' ? 'secondary' : 'primary'}${filterText ? ` ${filterText}` : ''}` }]
      : [];
    return newResult('routes', {
      target: name,
      verdicts,
      tables,
      followUps: dedupeFollowUps([...collectFollowUps(verdicts), ...others, { title: t('commands:routes.follow.summary'), command: `routes summary ${name}${peer}` }]),
      partial: read.partial,
      notes: readFailureNotes(obs, t),
      data: { circuit: base.summary, peering: obs.peeringName, filter: filterText, counts },
    });
  },
};
