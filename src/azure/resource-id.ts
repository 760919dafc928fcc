/** ARM resource ids: `/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/...]`. */
import type { ResourceRef } from './snapshots.ts';

const ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)/i;

export function refFromId(id: string): ResourceRef | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  return { id, subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! };
}

/** The last segment of an id, for display ("…/expressRouteCircuits/tokyo-er" -> "tokyo-er"). */
export function nameFromId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1];
}
