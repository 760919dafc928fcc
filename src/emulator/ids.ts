/**
 * ARM resource ids: building them the way ARM spells them, and comparing them the way ARM does
 * (case-insensitively).
 */
import { createHash } from 'node:crypto';

export function rgId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function providerId(
  subscriptionId: string,
  resourceGroup: string,
  provider: 'Microsoft.Network' | 'Microsoft.Compute',
  type: string,
  name: string,
): string {
  return `${rgId(subscriptionId, resourceGroup)}/providers/${provider}/${type}/${name}`;
}

export function networkId(subscriptionId: string, resourceGroup: string, type: string, name: string): string {
  return providerId(subscriptionId, resourceGroup, 'Microsoft.Network', type, name);
}

export function computeId(subscriptionId: string, resourceGroup: string, type: string, name: string): string {
  return providerId(subscriptionId, resourceGroup, 'Microsoft.Compute', type, name);
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function sameName(a: string | undefined, b: string | undefined): boolean {
  return sameId(a, b);
}

/** Whether `id` is `scope` or lies under it (segment-wise, case-insensitive). */
export function isUnderScope(id: string, scope: string): boolean {
  const i = id.toLowerCase().replace(/\/+$/, '');
  const s = scope.toLowerCase().replace(/\/+$/, '');
  return i === s || i.startsWith(`${s}/`);
}

export interface ParsedId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Last path segment: the resource's own name. */
  name: string;
}

export function parseId(id: string): ParsedId {
  const segs = id.split('/').filter(Boolean);
  const at = (key: string) => {
    const i = segs.findIndex((s) => s.toLowerCase() === key);
    return i >= 0 ? segs[i + 1] : undefined;
  };
  return { subscriptionId: at('subscriptions'), resourceGroup: at('resourcegroups'), name: segs[segs.length - 1] ?? '' };
}

/** Whether a reference is a full ARM id rather than a bare name. */
export function isArmId(ref: string): boolean {
  return ref.startsWith('/subscriptions/');
}

/** A stable pseudo-GUID derived from a string (etags, resourceGuids, hop ids) so answers do not churn. */
export function stableGuid(seed: string): string {
  const x = createHash('sha256').update(seed).digest('hex');
  const variant = '89ab'[parseInt(x[16]!, 16) % 4]!;
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-${variant}${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

export function etagFor(id: string): string {
  return `W/"${stableGuid(`etag:${id.toLowerCase()}`)}"`;
}
