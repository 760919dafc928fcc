/**
 * Resolving what an engineer typed ("tokyo", "Tokyo-ER") to one resource across the configured
 * subscriptions: exact (case-insensitive) name first, then a unique prefix; otherwise a typed error with
 * the closest names. Pure, so it is tested without Azure.
 */
import { distance } from 'fastest-levenshtein';
import { AzureError } from './errors.ts';

export interface Named {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
}

/** Up to `max` names closest to `query`: prefix and substring matches first, then by edit distance. */
export function closestNames(query: string, names: readonly string[], max = 3): string[] {
  const q = query.toLowerCase();
  const scored = [...new Set(names)].map((name) => {
    const n = name.toLowerCase();
    let score = distance(q, n);
    if (n.startsWith(q) || q.startsWith(n)) score -= 100;
    else if (n.includes(q) || q.includes(n)) score -= 50;
    return { name, score };
  });
  const limit = Math.max(2, Math.ceil(q.length / 3));
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name);
}

export function resolveByName<T extends Named>(items: readonly T[], query: string, resourceType: string): T {
  const q = query.trim().toLowerCase();
  const exact = items.filter((i) => i.name.toLowerCase() === q);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) throw ambiguous(query, exact, resourceType);
  const prefixed = items.filter((i) => i.name.toLowerCase().startsWith(q));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) throw ambiguous(query, prefixed, resourceType);
  throw new AzureError('not-found', `No ${resourceType} named "${query}" in the configured subscriptions.`, {
    resourceType,
    name: query,
    suggestions: closestNames(query, items.map((i) => i.name)),
  });
}

function ambiguous(query: string, matches: readonly Named[], resourceType: string): AzureError {
  return new AzureError('ambiguous', `"${query}" matches ${matches.length} ${resourceType}s.`, {
    resourceType,
    name: query,
    // Same names in two subscriptions stay distinguishable by resource group.
    suggestions: matches
      .slice(0, 5)
      .map((m) => (matches.filter((o) => o.name === m.name).length > 1 ? `${m.name} (${m.resourceGroup})` : m.name)),
  });
}
