/**
 * Verdicts: what diagnosis concludes. Plain data, part of the Result contract (docs/architecture.md).
 * Rule ids are listed in docs/diagnosis-rules.md and are stable once shipped.
 */
export type Severity = 'critical' | 'warning' | 'info' | 'ok';

export interface FollowUp {
  /** Button label, already localized. */
  title: string;
  /** Command text the button runs, e.g. "arp table tokyo-er secondary". Never localized. */
  command: string;
}

export interface Verdict {
  ruleId: string;
  severity: Severity;
  title: string;
  detail: string;
  evidence: string[];
  nextSteps: string[];
  /** e.g. "AzurePrivatePeering/secondary"; absent when the verdict is about the whole target. */
  scope?: string;
  /** Follow-up commands this verdict suggests; the command collects them into Result.followUps. */
  followUps?: FollowUp[];
}

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2, ok: 3 };

/** Worst severity among verdicts ('ok' for none). */
export function worstSeverity(verdicts: readonly Verdict[]): Severity {
  let worst: Severity = 'ok';
  for (const v of verdicts) if (SEVERITY_ORDER[v.severity] < SEVERITY_ORDER[worst]) worst = v.severity;
  return worst;
}
