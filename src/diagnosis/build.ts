/**
 * Small builders every rule shares: the Verdict itself (title/detail from `diagnosis:<ruleId>.*`), localized
 * labels, scopes, and the exact command texts of follow-ups. Command texts follow the bot's grammar and are
 * never localized; `private` is the default peering and is left out.
 */
import type { DevicePath } from '../azure/snapshots.ts';
import type { Translate } from '../i18n/index.ts';
import type { FollowUp, Severity, Verdict } from './verdict.ts';

export interface VerdictInit {
  /** Interpolation values for title and detail. */
  vars?: Record<string, unknown>;
  /** Sub-key of the title (default "title"), e.g. "titleSwapped". */
  titleKey?: string;
  /** Sub-key of the detail (default "detail"). */
  detailKey?: string;
  scope?: string;
  evidence: string[];
  nextSteps: string[];
  followUps?: FollowUp[];
}

/** Where a rule's texts live: `<prefix><ruleId>.<sub>` (ExpressRoute rules in `diagnosis:`, others in their own namespace). */
export const DIAGNOSIS_TEXTS = 'diagnosis:';

export function ruleKey(ruleId: string, sub: string, prefix: string = DIAGNOSIS_TEXTS): string {
  return `${prefix}${ruleId}.${sub}`;
}

export function makeVerdict(t: Translate, ruleId: string, severity: Severity, init: VerdictInit, prefix: string = DIAGNOSIS_TEXTS): Verdict {
  const v: Verdict = {
    ruleId,
    severity,
    title: t(ruleKey(ruleId, init.titleKey ?? 'title', prefix), init.vars),
    detail: t(ruleKey(ruleId, init.detailKey ?? 'detail', prefix), init.vars),
    evidence: init.evidence,
    nextSteps: init.nextSteps,
  };
  if (init.scope !== undefined) v.scope = init.scope;
  if (init.followUps && init.followUps.length > 0) v.followUps = dedupeFollowUps(init.followUps);
  return v;
}

export function dedupeFollowUps(list: readonly FollowUp[]): FollowUp[] {
  const seen = new Set<string>();
  const out: FollowUp[] = [];
  for (const f of list) {
    const key = f.command.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** "primary" / "プライマリ", for use inside sentences. */
export function pathLabel(t: Translate, path: DevicePath): string {
  return t(`diagnosis:labels.path.${path}`);
}

/** "Primary" / "プライマリ", at the start of a title. */
export function pathTitle(t: Translate, path: DevicePath): string {
  return t(`diagnosis:labels.pathTitle.${path}`);
}

export function otherPath(path: DevicePath): DevicePath {
  return path === 'primary' ? 'secondary' : 'primary';
}

/** "AzurePrivatePeering/secondary". */
export function pathScope(peeringName: string, path: DevicePath): string {
  return `${peeringName}/${path}`;
}

/** The peering word of the command grammar: '' for private (the default), 'microsoft', or undefined (none). */
export function peeringArg(peeringName: string): string | undefined {
  if (/^(azure)?private(peering)?$/i.test(peeringName)) return '';
  if (/^microsoft(peering)?$/i.test(peeringName)) return 'microsoft';
  return undefined;
}

const join = (...parts: (string | undefined)[]) => parts.filter((p) => p !== undefined && p !== '').join(' ');

/** Exact command texts of the bot's grammar. */
export const commands = {
  arpTable: (circuit: string, peeringName: string, path?: DevicePath | 'both') => join('arp table', circuit, peeringArg(peeringName), path),
  routes: (circuit: string, peeringName: string, path?: DevicePath) => join('routes', circuit, peeringArg(peeringName), path),
  routesSummary: (circuit: string) => join('routes summary', circuit),
  bgpStatus: (circuit: string, peeringName?: string) => join('bgp status', circuit, peeringName === undefined ? undefined : peeringArg(peeringName)),
  circuit: (circuit: string) => join('circuit', circuit),
  fastpath: (target: string) => join('fastpath', target),
  gateway: (name: string) => join('gateway', name),
  check: (vm: string, address: string, port: number) => `check ${vm} ${address.includes(':') ? `[${address}]` : address}:${port}`,
};

/** Localized follow-up buttons. */
export const followUps = {
  arpTable: (t: Translate, circuit: string, peeringName: string, path: DevicePath): FollowUp => ({
    title: t('diagnosis:followUp.arpTable', { path: pathLabel(t, path) }),
    command: commands.arpTable(circuit, peeringName, path),
  }),
  arpTables: (t: Translate, circuit: string, peeringName: string): FollowUp => ({
    title: t('diagnosis:followUp.arpTables'),
    command: commands.arpTable(circuit, peeringName, 'both'),
  }),
  routes: (t: Translate, circuit: string, peeringName: string, path: DevicePath): FollowUp => ({
    title: t('diagnosis:followUp.routes', { path: pathLabel(t, path) }),
    command: commands.routes(circuit, peeringName, path),
  }),
  routesSummary: (t: Translate, circuit: string): FollowUp => ({
    title: t('diagnosis:followUp.routesSummary'),
    command: commands.routesSummary(circuit),
  }),
  bgpStatus: (t: Translate, circuit: string, peeringName?: string): FollowUp => ({
    title: t('diagnosis:followUp.bgpStatus'),
    command: commands.bgpStatus(circuit, peeringName),
  }),
  circuit: (t: Translate, circuit: string): FollowUp => ({
    title: t('diagnosis:followUp.circuit'),
    command: commands.circuit(circuit),
  }),
  checkVlan: (t: Translate, circuit: string): FollowUp => ({
    title: t('diagnosis:followUp.checkVlan'),
    command: commands.circuit(circuit),
  }),
  /** Named by its path: the two paths' checks run from the same VM and would otherwise read the same. */
  checkTcp179: (t: Translate, vm: string, peer: string, path: DevicePath): FollowUp => ({
    title: t('diagnosis:followUp.checkTcp179', { path: pathLabel(t, path) }),
    command: commands.check(vm, peer, 179),
  }),
  fastpath: (t: Translate, target: string): FollowUp => ({
    title: t('diagnosis:followUp.fastpath', { name: target }),
    command: commands.fastpath(target),
  }),
  gateway: (t: Translate, name: string): FollowUp => ({
    title: t('diagnosis:followUp.gateway', { name }),
    command: commands.gateway(name),
  }),
  circuitNamed: (t: Translate, name: string): FollowUp => ({
    title: t('diagnosis:followUp.circuitNamed', { name }),
    command: commands.circuit(name),
  }),
  bgpStatusNamed: (t: Translate, name: string): FollowUp => ({
    title: t('diagnosis:followUp.bgpStatusNamed', { name }),
    command: commands.bgpStatus(name),
  }),
};

/** Peering-specific follow-ups only exist for the peerings the grammar knows. */
export function hasPeeringCommands(peeringName: string): boolean {
  return peeringArg(peeringName) !== undefined;
}

/** Last segment of a resource id ("/subscriptions/.../expressRouteCircuits/tokyo-er" -> "tokyo-er"). */
export function nameFromId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const last = id.replace(/\/+$/, '').split('/').pop();
  return last ? last : undefined;
}

/** Quote a raw value for evidence: `"Idle"`, `""` for empty. */
export function q(value: unknown): string {
  return JSON.stringify(value === undefined || value === null ? '' : String(value));
}
