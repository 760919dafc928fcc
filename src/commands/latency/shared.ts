/**
 * What the latency commands share: parameters, choosing an agent, measuring, turning agent and baseline
 * failures into clear error Results, and presenting sides (box summary, coarse histogram) as table rows.
 * Commands return the Result model only; nothing here knows Teams or cards.
 */
import { diagnoseLatency, formatMs, formatPercent, type LatencyDesign, type LatencyObservation } from '../../diagnosis/latency.ts';
import { dedupeFollowUps } from '../../diagnosis/build.ts';
import type { Translate } from '../../i18n/index.ts';
import { AgentClient, isAgentError, type AgentError, type Pacing, type ProbeResponse } from '../../probes/agent-client.ts';
import { BaselineError } from '../../probes/baselines.ts';
import { createProbeService, DEFAULT_COUNT, MAX_COUNT, type ProbeService } from '../../probes/service.ts';
import { samplesOf, summaryOf, type Side } from '../../probes/sides.ts';
import { histogram, type Comparison, type Summary } from '../../probes/stats.ts';
import { checkTarget } from '../../probes/target.ts';
import { DEFAULT_MAX_DURATION_MS, fitPacing, maxCountFor, MIN_INTERVAL_MS, MIN_TIMEOUT_MS, worstCaseMs } from '../../probes/pacing.ts';
import { quoteIfNeeded } from '../parse.ts';
import { errorResult, newResult, type FollowUp, type Result, type Table } from '../result.ts';
import type { CommandContext, ParamSpec } from '../types.ts';

export const fromParam: ParamSpec = { name: 'from', kind: { type: 'name', resource: 'agent' }, keyword: 'from' };
export const countParam: ParamSpec = { name: 'n', kind: { type: 'int', min: 1, max: MAX_COUNT }, keyword: 'n', default: String(DEFAULT_COUNT) };
export const targetParam: ParamSpec = { name: 'target', kind: { type: 'name', resource: 'target' }, required: true };

export const NETOPS_PROBE_AGENTS_EXAMPLE = 'NETOPS_PROBE_AGENTS=[{"name":"tokyo-dc","url":"https://10.9.0.5:8765","token":"<the agent\'s token, 16+ characters>","site":"Tokyo DC"}]';

const fallback = new WeakMap<object, ProbeService>();

/** The probe service; Services built by hand (tests of other commands) get one from their config, once. */
export function probesOf(ctx: CommandContext): ProbeService {
  const s = ctx.services;
  if (s.probes) return s.probes;
  let p = fallback.get(s);
  if (!p) {
    p = createProbeService(s.config);
    fallback.set(s, p);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------- errors

export function noAgentsResult(command: string, t: Translate): Result {
  return errorResult(command, { code: 'no-agents', message: t('latency:error.no-agents', { example: NETOPS_PROBE_AGENTS_EXAMPLE }) }, { followUps: [{ title: t('latency:follow.helpLatency'), command: 'help latency compare' }] });
}

export function badTargetResult(command: string, token: string, problem: string, t: Translate): Result {
  return errorResult(command, {
    code: 'bad-target',
    message: t('latency:error.bad-target', { target: token, problem: t(`latency:error.target.${problem}`) }),
  });
}

/** Validates a target token; the normalized target or an error Result. */
export function targetOrError(command: string, token: string, t: Translate): { ok: true; target: string } | { ok: false; result: Result } {
  const c = checkTarget(token);
  return c.ok ? { ok: true, target: c.target } : { ok: false, result: badTargetResult(command, token, c.problem, t) };
}

export type AgentChoice = { ok: true; agent: AgentClient; note?: string } | { ok: false; result: Result };

/** The agent named with `from`, or the first configured (with a note saying so). */
export function chooseAgent(command: string, name: string | undefined, ctx: CommandContext, request?: string): AgentChoice {
  const { t } = ctx;
  const dir = probesOf(ctx).agents;
  if (dir.size === 0) return { ok: false, result: noAgentsResult(command, t) };
  if (name === undefined) {
    const agent = dir.first()!;
    return { ok: true, agent, note: t('latency:note.defaultAgent', { agent: agent.name }) };
  }
  const agent = dir.find(name);
  if (agent) return { ok: true, agent };
  return { ok: false, result: unknownAgentResult(command, name, ctx, request) };
}

export function unknownAgentResult(command: string, name: string, ctx: CommandContext, request?: string): Result {
  const { t } = ctx;
  const dir = probesOf(ctx).agents;
  const suggestions = dir.suggest(name);
  const configured = dir.all().map((a) => a.name).join(t('latency:listSeparator'));
  const base = t('latency:error.unknown-agent', { name, agents: configured });
  const message = suggestions.length > 0 ? `${base} ${t('latency:error.did-you-mean', { suggestions: suggestions.join(t('latency:listSeparator')) })}` : base;
  const followUps: FollowUp[] = [];
  if (request) {
    for (const s of suggestions) {
      const fixed = replaceWord(request, name, s);
      if (fixed) followUps.push({ title: fixed, command: fixed });
    }
  }
  followUps.push({ title: t('latency:follow.agents'), command: 'agents' });
  return errorResult(command, { code: 'unknown-agent', message, suggestions }, { followUps });
}

/** The request with one whole word replaced (case-insensitive), or undefined when the word is not in it. */
function replaceWord(request: string, wrong: string, right: string): string | undefined {
  const words = request.split(' ');
  const i = words.findIndex((w) => w.toLowerCase() === wrong.toLowerCase());
  if (i < 0) return undefined;
  words[i] = quoteIfNeeded(right);
  return words.join(' ');
}

const REASON_KEYS = new Set(['refused', 'dns', 'tls', 'network']);

/** A user-facing sentence for an agent failure (never the token, never a stack). */
export function agentErrorMessage(err: AgentError, agent: AgentClient | undefined, t: Translate, target?: string): string {
  const vars = { agent: err.agent, host: agent?.host ?? '', target: target ?? '', detail: err.detail ?? '', status: err.status ?? '', seconds: err.retryAfterSeconds ?? 60 };
  switch (err.kind) {
    case 'unreachable':
      return t('latency:error.unreachable', { ...vars, reason: t(`latency:error.reason.${err.reason && REASON_KEYS.has(err.reason) ? err.reason : 'network'}`) });
    case 'target-not-allowed':
      return err.detail ? t('latency:error.target-not-allowed', vars) : t('latency:error.target-not-allowed-plain', vars);
    case 'busy':
      return err.retryAfterSeconds !== undefined ? t('latency:error.busy', vars) : t('latency:error.busy-unknown', vars);
    case 'invalid-request':
      return err.detail ? t('latency:error.invalid-request', vars) : t('latency:error.invalid-request-plain', vars);
    case 'agent-failure':
      return err.reason === 'not-found' ? t('latency:error.agent-not-v1', vars) : t('latency:error.agent-failure', vars);
    default:
      return t(`latency:error.${err.kind}`, vars);
  }
}

export function agentErrorResult(command: string, err: AgentError, agent: AgentClient | undefined, ctx: CommandContext, request: string, target?: string): Result {
  const { t } = ctx;
  const followUps: FollowUp[] = [];
  if (err.retryable) followUps.push({ title: t('latency:follow.retry'), command: request });
  followUps.push({ title: t('latency:follow.agents'), command: 'agents' });
  return errorResult(
    command,
    { code: err.kind, message: agentErrorMessage(err, agent, t, target), retryable: err.retryable },
    { followUps, ...(target ? { target } : {}), data: { agent: err.agent, status: err.status, reason: err.reason } },
  );
}

export function baselineErrorResult(command: string, err: BaselineError, t: Translate): Result {
  const vars = { name: err.baseline, savedAt: err.existingSavedAt ?? '?' };
  const followUps: FollowUp[] = [{ title: t('latency:follow.baselines'), command: 'latency baseline list' }];
  return errorResult(command, { code: `baseline-${err.kind}`, message: t(`latency:error.baseline.${err.kind}`, vars) }, { followUps, target: err.baseline });
}

/** Runs `fn`, turning agent and baseline errors into error Results; anything else propagates to the engine. */
export async function guarded(command: string, ctx: CommandContext, request: string, fn: () => Promise<Result>, context: { agent?: AgentClient; target?: string } = {}): Promise<Result> {
  try {
    return await fn();
  } catch (e) {
    if (isAgentError(e)) {
      const agent = context.agent ?? probesOf(ctx).agents.find(e.agent);
      return agentErrorResult(command, e, agent, ctx, request, context.target);
    }
    if (e instanceof BaselineError) return baselineErrorResult(command, e, ctx.t);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------- measuring

export function measure(agent: AgentClient, targets: readonly string[], count: number, pacing: Pacing, signal?: AbortSignal): Promise<ProbeResponse> {
  return agent.probe({ targets, count, ...pacing }, signal);
}

export type Plan = { ok: true; pacing: Pacing; notes: string[]; maxPerRun: number } | { ok: false; result: Result };

export interface PlanInput {
  command: string;
  agents: readonly AgentClient[];
  count: number;
  /** Targets per request: 2 when interleaved. */
  targets: number;
  /** A pacing that must be kept as is (a baseline's); otherwise the service's pacing, fitted to the agents. */
  fixed?: Pacing;
  rerunWith?: (n: number) => string;
}

/**
 * The pacing for a measurement that every agent involved accepts: within its maxCount, and its worst case within
 * its maxDurationMs (src/probes/pacing.ts). Asks each agent for its limits (cached). Throws AgentError when an
 * agent cannot be asked (the caller's `guarded` turns it into an error Result).
 */
export async function planMeasurement(input: PlanInput, ctx: CommandContext): Promise<Plan> {
  const { t } = ctx;
  const limits = await Promise.all(input.agents.map((a) => a.limits(ctx.signal)));
  const names = input.agents.map((a) => a.name).join(t('latency:listSeparator'));
  const maxCount = Math.min(MAX_COUNT, ...limits.map((l) => l.maxCount ?? MAX_COUNT));
  const budget = Math.min(...limits.map((l) => l.maxDurationMs ?? DEFAULT_MAX_DURATION_MS));
  const base = input.fixed ?? probesOf(ctx).pacing;
  const tightest = input.fixed ?? { ...base, timeoutMs: Math.min(MIN_TIMEOUT_MS, base.timeoutMs), intervalMs: Math.min(MIN_INTERVAL_MS, base.intervalMs) };
  const maxPerRun = Math.min(maxCount, maxCountFor(input.targets, tightest, budget));
  const refuse = (code: string, key: string, max: number): Plan => {
    const followUps: FollowUp[] = max >= 1 && input.rerunWith ? [{ title: t('latency:follow.runWith', { n: max }), command: input.rerunWith(max) }] : [];
    return { ok: false, result: errorResult(input.command, { code, message: t(key, { agent: names, n: input.count, max, limit: Math.round(budget / 1000) }) }, { followUps }) };
  };
  if (input.count > maxCount) return refuse('count-too-large', 'latency:error.count-too-large', maxCount);
  if (input.fixed) {
    if (worstCaseMs(input.count, input.targets, input.fixed) > budget) return refuse('run-too-long', 'latency:error.run-too-long', maxPerRun);
    return { ok: true, pacing: input.fixed, notes: [], maxPerRun };
  }
  const fit = fitPacing(input.count, input.targets, base, budget);
  if (!fit.ok) return refuse('run-too-long', 'latency:error.run-too-long', Math.min(maxCount, fit.maxCount));
  const notes = fit.adjusted ? [t('latency:note.pacingAdjusted', { agent: names, interval: fit.pacing.intervalMs, timeout: fit.pacing.timeoutMs, limit: Math.round(budget / 1000) })] : [];
  return { ok: true, pacing: fit.pacing, notes, maxPerRun };
}

// ---------------------------------------------------------------------------------------------- presenting

const BAR = '█';
const BAR_WIDTH = 12;

/** Bin edges in ms with as many decimals as the bin width needs: "2.8", "3.0" for 0.2 ms bins; "3", "4" for 1 ms. */
function edgeFormatter(stepUs: number): (us: number) => string {
  const step = String(Number((stepUs / 1000).toPrecision(6)));
  const decimals = step.includes('.') ? step.split('.')[1]!.length : 0;
  return (us) => (us / 1000).toFixed(Math.min(3, decimals));
}

function cell(s: Summary | undefined, pick: (s: Summary) => number | undefined): string {
  const v = s ? pick(s) : undefined;
  return v === undefined ? '—' : formatMs(v);
}

function lossCell(side: Side, t: Translate): string {
  const events = side.lost + side.retransmits;
  if (events === 0) return t('latency:cell.noLoss');
  const parts: string[] = [];
  if (side.lost > 0) parts.push(t('latency:cell.lost', { lost: side.lost, sent: side.sent, pct: formatPercent(side.lost, side.sent) }));
  if (side.retransmits > 0) parts.push(t('latency:cell.retransmits', { count: side.retransmits }));
  return parts.join('\n');
}

/** The distributions side by side: n, min, p50, p90, p99, max, jitter, loss (one column per side). */
export function distributionsTable(sides: readonly Side[], t: Translate, title?: string): Table {
  const summaries = sides.map(summaryOf);
  const row = (label: string, f: (s: Summary | undefined, i: number) => string) => [label, ...summaries.map((s, i) => f(s, i))];
  const rows = [
    row(t('latency:row.n'), (s, i) => t('latency:cell.n', { n: s?.n ?? 0, sent: sides[i]!.sent })),
    row(t('latency:row.min'), (s) => cell(s, (x) => x.min)),
    row('p50', (s) => cell(s, (x) => x.p50)),
    row('p90', (s) => cell(s, (x) => x.p90)),
    row('p99', (s) => cell(s, (x) => x.p99)),
    row(t('latency:row.max'), (s) => cell(s, (x) => x.max)),
    row(t('latency:row.mean'), (s) => cell(s, (x) => x.mean)),
    row(t('latency:row.jitter'), (s) => cell(s, (x) => x.jitter)),
    row(t('latency:row.loss'), (_s, i) => lossCell(sides[i]!, t)),
  ];
  const small = summaries.some((s) => s !== undefined && s.n < 100);
  return {
    title: title ?? t('latency:table.distributions'),
    columns: [t('latency:col.measure'), ...sides.map((s) => s.label)],
    rows,
    note: small ? t('latency:table.percentileNoteSmall') : t('latency:table.percentileNote'),
  };
}

/** A coarse histogram shared by the sides: one row per bin, a count and a bar per side. */
export function histogramTable(sides: readonly Side[], t: Translate): Table | undefined {
  const bins = histogram(sides.map(samplesOf), 8);
  if (bins.length === 0) return undefined;
  const top = Math.max(1, ...bins.flatMap((b) => b.counts));
  const closed = bins.find((b) => b.upper !== Infinity);
  const edge = edgeFormatter(closed ? closed.upper - closed.lower : 1000);
  const rows = bins.map((b) => [
    b.upper === Infinity ? t('latency:cell.rangeOpen', { from: edge(b.lower) }) : t('latency:cell.range', { from: edge(b.lower), to: edge(b.upper) }),
    ...b.counts.map((c) => `${c} ${BAR.repeat(Math.round((c / top) * BAR_WIDTH))}`.trimEnd()),
  ]);
  return { title: t('latency:table.histogram'), columns: [t('latency:col.range'), ...sides.map((s) => s.label)], rows };
}

export function sideData(side: Side): Record<string, unknown> {
  return { label: side.label, sent: side.sent, lost: side.lost, retransmits: side.retransmits, summary: summaryOf(side), samplesUs: samplesOf(side), ...(side.binned ? { binned: true } : {}) };
}

export function comparisonData(c: Comparison | undefined): Record<string, unknown> | undefined {
  if (!c) return undefined;
  return {
    design: c.design,
    m: c.m,
    n: c.n,
    medianAUs: c.medianA,
    medianBUs: c.medianB,
    shiftUs: c.shift.estimate,
    ciLowerUs: c.shift.lower,
    ciUpperUs: c.shift.upper,
    p: c.p,
    test: c.test,
    testMethod: c.testMethod,
    outcome: c.decision.outcome,
    deltaUs: c.decision.delta,
    suggestedPerSide: c.decision.suggestedPerSide,
  };
}

export interface ComparisonInput {
  command: string;
  target?: string;
  design: LatencyDesign;
  a: Side;
  b: Side;
  comparison: Comparison | undefined;
  /** Re-run with n per side; absent for pasted logs. */
  rerunWith?: (n: number) => string;
  count?: number;
  /** The most one run may ask for (the agents' limits); caps the re-run buttons. */
  maxPerRun?: number;
  swap?: string;
  extraFollowUps?: FollowUp[];
  notes?: string[];
  data?: Record<string, unknown>;
  observation?: Partial<LatencyObservation>;
}

/** The Result of any comparison: the verdict first, then the distributions and the histogram. */
export function comparisonResult(input: ComparisonInput, t: Translate): Result {
  const { a, b, comparison } = input;
  const obs: LatencyObservation = {
    design: input.design,
    a: { label: a.label, sent: a.sent, lost: a.lost, retransmits: a.retransmits, ...optional('summary', summaryOf(a)), ...(a.binned ? { binned: true } : {}) },
    b: { label: b.label, sent: b.sent, lost: b.lost, retransmits: b.retransmits, ...optional('summary', summaryOf(b)), ...(b.binned ? { binned: true } : {}) },
    ...(comparison ? { comparison } : {}),
    ...(input.rerunWith ? { rerunWith: input.rerunWith } : {}),
    maxCount: input.maxPerRun ?? MAX_COUNT,
    ...input.observation,
  };
  const verdicts = diagnoseLatency(obs, t);
  const tables: Table[] = [distributionsTable([a, b], t)];
  const hist = histogramTable([a, b], t);
  if (hist) tables.push(hist);
  const followUps: FollowUp[] = verdicts.flatMap((v) => v.followUps ?? []);
  if (input.rerunWith && input.count !== undefined) {
    const doubled = Math.min(input.maxPerRun ?? MAX_COUNT, input.count * 2);
    // When one run cannot take twice as many, the button says what it does: as many as one run takes.
    const title = doubled === input.count * 2 ? t('latency:follow.double', { n: doubled }) : t('latency:follow.most', { n: doubled });
    if (doubled > input.count) followUps.push({ title, command: input.rerunWith(doubled) });
  }
  if (input.swap) followUps.push({ title: t('latency:follow.swap'), command: input.swap });
  followUps.push(...(input.extraFollowUps ?? []));
  return newResult(input.command, {
    ...(input.target ? { target: input.target } : {}),
    verdicts,
    tables,
    followUps: dedupeFollowUps(followUps),
    ...(input.notes && input.notes.length > 0 ? { notes: input.notes } : {}),
    data: { design: input.design, a: sideData(a), b: sideData(b), comparison: comparisonData(comparison), ...input.data },
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** `n 40` unless it is the default. */
export function countWord(n: number): string {
  return n === DEFAULT_COUNT ? '' : ` n ${n}`;
}

export function q(text: string): string {
  return quoteIfNeeded(text);
}
