/**
 * `latency compare`, three ways:
 *   latency compare <targetA> <targetB> [from <agent>] [n N]   interleaved from one agent: A and B probed in the
 *                                                               same rounds, random order, identical pacing;
 *                                                               paired (Wilcoxon signed-rank, Walsh averages)
 *   latency compare <target> from <agentA> <agentB> [n N]      two vantage points, run concurrently with
 *                                                               identical pacing; not paired (Mann–Whitney)
 *   latency compare                                             pasted logs: group 1, a line "vs", group 2
 *   <PsPing / ethr / tcping runs>                               (blocks, not interleaved; Mann–Whitney)
 *   vs
 *   <runs>
 * The words after the command are one `rest` parameter so that a pasted log arrives as typed; `from` and `n`
 * are read from it here (leading ones are bound by the engine already).
 */
import { parsePingLog, splitGroups, looksLikeLog, type ParsedLog, type ParsedRun } from '../../probes/psping-parse.ts';
import { pairsFromResponse, samplesOf, sideFromResponse, sideFromRuns, type Side } from '../../probes/sides.ts';
import { MAX_COUNT } from '../../probes/service.ts';
import { comparePaired, compareSamples } from '../../probes/stats.ts';
import type { AgentClient } from '../../probes/agent-client.ts';
import { MAX_PASTED_CHARS, splitTokens } from '../parse.ts';
import { errorResult, type Result } from '../result.ts';
import type { CommandContext, CommandSpec } from '../types.ts';
import {
  chooseAgent,
  comparisonResult,
  countParam,
  countWord,
  fromParam,
  guarded,
  measure,
  noAgentsResult,
  planMeasurement,
  probesOf,
  q,
  targetOrError,
  unknownAgentResult,
} from './shared.ts';

const COMMAND = 'latency compare';

interface Parsed {
  targets: string[];
  agents: string[];
  count: number;
}

function usageError(t: CommandContext['t'], problem: string): Result {
  return errorResult(COMMAND, { code: 'bad-argument', message: `${problem} ${t('latency:error.compare-usage')}` });
}

/** Targets, agents and `n` from the words after `latency compare` (non-log form). */
function parseWords(rest: string, args: { from?: string; n: number }, t: CommandContext['t']): Parsed | Result {
  const tokens = splitTokens(rest);
  const targets: string[] = [];
  const agents: string[] = args.from ? [args.from] : [];
  let count = args.n;
  let fromSeen = args.from !== undefined;
  let nSeen = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const word = tok.quoted ? '' : tok.text.toLowerCase();
    if (word === 'from') {
      if (fromSeen) return usageError(t, t('latency:error.from-twice'));
      fromSeen = true;
      // Agent names never contain ':' (targets do): `from a b` takes names until a keyword or a target.
      while (i + 1 < tokens.length) {
        const next = tokens[i + 1]!;
        const lower = next.quoted ? '' : next.text.toLowerCase();
        if (lower === 'n' || lower === 'from' || next.text.includes(':') || agents.length >= 2) break;
        agents.push(next.text);
        i++;
      }
      if (agents.length === 0) return usageError(t, t('errors:bad-argument.keyword-value', { keyword: tok.text, what: t('common:resource.agent') }));
      continue;
    }
    if (word === 'n') {
      const value = tokens[i + 1]?.text;
      if (nSeen || value === undefined) return usageError(t, t('errors:bad-argument.keyword-value', { keyword: tok.text, what: t('common:param.n') }));
      if (!/^[+-]?\d+$/.test(value)) return usageError(t, t('errors:bad-argument.int', { token: value, what: t('common:param.n') }));
      const n = Number(value);
      if (n < 1 || n > MAX_COUNT) return usageError(t, t('errors:bad-argument.range', { token: value, what: t('common:param.n'), min: 1, max: MAX_COUNT }));
      count = n;
      nSeen = true;
      i++;
      continue;
    }
    targets.push(tok.text);
  }
  return { targets, agents, count };
}

// ---------------------------------------------------------------------------------------------- interleaved

async function interleaved(ctx: CommandContext, rawA: string, rawB: string, from: string | undefined, count: number): Promise<Result> {
  const { t } = ctx;
  const a = targetOrError(COMMAND, rawA, t);
  if (!a.ok) return a.result;
  const b = targetOrError(COMMAND, rawB, t);
  if (!b.ok) return b.result;
  const request = `${COMMAND} ${q(a.target)} ${q(b.target)}${from ? ` from ${q(from)}` : ''}${countWord(count)}`;
  const choice = chooseAgent(COMMAND, from, ctx, request);
  if (!choice.ok) return choice.result;
  const { agent } = choice;
  const self = `from ${q(agent.name)}`;
  const rerunWith = (n: number) => `${COMMAND} ${q(a.target)} ${q(b.target)} ${self} n ${n}`;
  return guarded(
    COMMAND,
    ctx,
    request,
    async () => {
      const plan = await planMeasurement({ command: COMMAND, agents: [agent], count, targets: 2, rerunWith }, ctx);
      if (!plan.ok) return plan.result;
      const { pacing } = plan;
      const resp = await measure(agent, [a.target, b.target], count, pacing, ctx.signal);
      const sideA = sideFromResponse(resp, a.target, a.target);
      const sideB = sideFromResponse(resp, b.target, b.target === a.target ? `${b.target} (B)` : b.target);
      const pairs = pairsFromResponse(resp, a.target, b.target);
      const comparison = comparePaired(pairs);
      const unpaired = compareSamples(samplesOf(sideA), samplesOf(sideB));
      return comparisonResult(
        {
          command: COMMAND,
          target: `${a.target} · ${b.target}`,
          design: 'interleaved',
          a: sideA,
          b: sideB,
          comparison,
          rerunWith,
          count,
          maxPerRun: plan.maxPerRun,
          swap: `${COMMAND} ${q(b.target)} ${q(a.target)} ${self}${countWord(count)}`,
          notes: [...(choice.note ? [choice.note] : []), ...plan.notes, ...(resp.mode !== 'interleaved' ? [t('latency:note.notInterleavedByAgent')] : [])],
          data: {
            agent: { name: agent.name, site: agent.site, version: resp.agent.version },
            targets: [a.target, b.target],
            count,
            pacing,
            pairs: pairs.length,
            unpaired: unpaired ? { shiftUs: unpaired.shift.estimate, ciLowerUs: unpaired.shift.lower, ciUpperUs: unpaired.shift.upper, p: unpaired.p, outcome: unpaired.decision.outcome } : undefined,
            startedAt: resp.startedAt,
            finishedAt: resp.finishedAt,
          },
        },
        t,
      );
    },
    { agent },
  );
}

// ---------------------------------------------------------------------------------------------- vantage points

async function vantage(ctx: CommandContext, raw: string, names: [string, string], count: number): Promise<Result> {
  const { t } = ctx;
  const checked = targetOrError(COMMAND, raw, t);
  if (!checked.ok) return checked.result;
  const target = checked.target;
  const request = `${COMMAND} ${q(target)} from ${q(names[0])} ${q(names[1])}${countWord(count)}`;
  const dir = probesOf(ctx).agents;
  if (dir.size === 0) return noAgentsResult(COMMAND, t);
  const agents: AgentClient[] = [];
  for (const name of names) {
    const agent = dir.find(name);
    if (!agent) return unknownAgentResult(COMMAND, name, ctx, request);
    agents.push(agent);
  }
  const [x, y] = agents as [AgentClient, AgentClient];
  if (x === y) return usageError(t, t('latency:error.same-agent', { agent: x.name }));
  const rerunWith = (n: number) => `${COMMAND} ${q(target)} from ${q(x.name)} ${q(y.name)} n ${n}`;
  return guarded(
    COMMAND,
    ctx,
    request,
    async () => {
      // One pacing that both agents accept, used by both: pacing changes the figures.
      const plan = await planMeasurement({ command: COMMAND, agents: [x, y], count, targets: 1, rerunWith }, ctx);
      if (!plan.ok) return plan.result;
      const { pacing } = plan;
      // Both at once: drift on the shared part of the path falls on both alike. If one fails, stop the other.
      const stop = new AbortController();
      const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
      const run = (agent: AgentClient) =>
        measure(agent, [target], count, pacing, signal).catch((e: unknown) => {
          stop.abort();
          throw e;
        });
      const [rx, ry] = await Promise.all([run(x), run(y)]);
      const sideA = sideFromResponse(rx, target, x.name);
      const sideB = sideFromResponse(ry, target, y.name);
      const comparison = compareSamples(samplesOf(sideA), samplesOf(sideB));
      return comparisonResult(
        {
          command: COMMAND,
          target,
          design: 'concurrent',
          a: sideA,
          b: sideB,
          comparison,
          rerunWith,
          count,
          maxPerRun: plan.maxPerRun,
          swap: `${COMMAND} ${q(target)} from ${q(y.name)} ${q(x.name)}${countWord(count)}`,
          notes: plan.notes,
          observation: { agents: [x.name, y.name] },
          data: {
            agents: [x, y].map((g, i) => ({ name: g.name, site: g.site, version: [rx, ry][i]!.agent.version })),
            target,
            count,
            pacing,
            started: [rx.startedAt, ry.startedAt],
            finished: [rx.finishedAt, ry.finishedAt],
          },
        },
        t,
      );
    },
    { target },
  );
}

// ---------------------------------------------------------------------------------------------- pasted logs

function groupLabel(t: CommandContext['t'], index: number, runs: readonly ParsedRun[]): string {
  const targets = [...new Set(runs.map((r) => r.target).filter((x): x is string => x !== undefined))];
  return targets.length === 1 ? t('latency:paste.groupTarget', { n: index, target: targets[0] }) : t('latency:paste.group', { n: index });
}

function groupNotes(t: CommandContext['t'], label: string, log: ParsedLog, runs: readonly ParsedRun[]): string[] {
  const notes: string[] = [];
  const tools = [...new Set(runs.map((r) => r.tool))].join('/');
  const warmups = runs.reduce((s, r) => s + r.warmups, 0);
  const samples = runs.reduce((s, r) => s + r.samplesUs.length, 0);
  notes.push(t('latency:paste.summary', { label, runs: runs.length, tools, samples, warmups }));
  const targets = [...new Set(runs.map((r) => r.target).filter(Boolean))];
  if (targets.length > 1) notes.push(t('latency:paste.mixedTargets', { label, targets: targets.join(', ') }));
  for (const r of runs) {
    const lines = r.samplesUs.length + r.failures + r.retransmits;
    if (!r.binned && r.printed?.sent !== undefined && lines > 0 && r.printed.sent !== lines) {
      notes.push(t('latency:paste.mismatch', { label, line: r.firstLine, sent: r.printed.sent, lines }));
    }
    if (r.binned) notes.push(t('latency:paste.binned', { label, line: r.firstLine }));
    if (r.samplesUs.length === 0 && !r.binned && r.kind === 'roundtrip') notes.push(t('latency:paste.statsOnly', { label, line: r.firstLine }));
  }
  if (log.ignoredCount > 0) {
    const first = log.ignored[0]!;
    notes.push(t('latency:paste.ignored', { label, count: log.ignoredCount, line: first.line, text: first.text.slice(0, 80) }));
  }
  return notes;
}

function pasted(ctx: CommandContext, rest: string): Result {
  const { t } = ctx;
  const groups = splitGroups(rest);
  if (!groups) return errorResult(COMMAND, { code: 'bad-paste', message: t('latency:error.paste-no-vs') });
  if (groups.length !== 2) return errorResult(COMMAND, { code: 'bad-paste', message: t('latency:error.paste-groups', { count: groups.length }) });
  const logs = groups.map(parsePingLog) as [ParsedLog, ParsedLog];
  const runsOf = (log: ParsedLog) => log.runs.filter((r) => r.samplesUs.length + r.failures + r.retransmits > 0);
  const runs = logs.map(runsOf) as [ParsedRun[], ParsedRun[]];
  const emptyIndex = runs.findIndex((r) => r.length === 0);
  if (emptyIndex >= 0) return errorResult(COMMAND, { code: 'bad-paste', message: t('latency:error.paste-empty', { n: emptyIndex + 1 }) });
  const labels = runs.map((r, i) => groupLabel(t, i + 1, r));
  if (labels[0] === labels[1]) {
    labels[0] = t('latency:paste.group', { n: 1 });
    labels[1] = t('latency:paste.group', { n: 2 });
  }
  const sides = runs.map((r, i) => sideFromRuns(r, labels[i]!)) as [Side, Side];
  const notes = [...groupNotes(t, labels[0]!, logs[0], runs[0]), ...groupNotes(t, labels[1]!, logs[1], runs[1])];
  const kinds = runs.map((r) => new Set(r.map((x) => x.kind)));
  if (kinds[0]!.size !== kinds[1]!.size || [...kinds[0]!].some((k) => !kinds[1]!.has(k))) notes.push(t('latency:paste.mixedKinds'));
  const comparison = compareSamples(samplesOf(sides[0]), samplesOf(sides[1]));
  return comparisonResult(
    {
      command: COMMAND,
      target: t('latency:paste.target'),
      design: 'pasted',
      a: sides[0],
      b: sides[1],
      comparison,
      notes,
      observation: { groups: [runs[0].length, runs[1].length] },
      data: {
        groups: runs.map((rs, i) => ({
          label: labels[i],
          runs: rs.map((r) => ({ tool: r.tool, kind: r.kind, target: r.target, samples: r.samplesUs.length, failures: r.failures, retransmits: r.retransmits, warmups: r.warmups, binned: r.binned, firstLine: r.firstLine, lastLine: r.lastLine, printed: r.printed })),
          ignoredLines: logs[i]!.ignoredCount,
        })),
      },
    },
    t,
  );
}

// ---------------------------------------------------------------------------------------------- the command

export const latencyCompareSpec: CommandSpec = {
  name: 'latency compare',
  id: 'latency-compare',
  aliases: ['compare latency', 'latency diff'],
  params: [fromParam, countParam, { name: 'targets', kind: { type: 'rest' }, required: true }],
  examples: [
    'latency compare 10.1.2.4:3389 10.1.2.5:3389',
    'latency compare 10.1.2.4:3389 from tokyo-dc osaka-dc',
    'latency compare 10.1.2.4:3389 10.1.2.5:3389 from tokyo-dc n 40',
  ],
  sideEffects: false,
  calls: 'probe',
  maxInputChars: MAX_PASTED_CHARS, // two pasted PsPing logs
  working: (args, t) => {
    const rest = String(args.targets ?? '');
    if (looksLikeLog(rest)) return t('latency:working.pasted');
    return t('latency:working.compare', { what: rest.split(/\s+/).slice(0, 6).join(' '), n: args.n });
  },
  async run(args, ctx) {
    const { t } = ctx;
    const rest = String(args.targets ?? '');
    if (looksLikeLog(rest)) return pasted(ctx, rest);
    const parsed = parseWords(rest, { ...(typeof args.from === 'string' ? { from: args.from } : {}), n: Number(args.n) }, t);
    if ('ok' in parsed) return parsed;
    const { targets, agents, count } = parsed;
    if (targets.length === 2 && agents.length <= 1) return interleaved(ctx, targets[0]!, targets[1]!, agents[0], count);
    if (targets.length === 1 && agents.length === 2) return vantage(ctx, targets[0]!, [agents[0]!, agents[1]!], count);
    if (targets.length === 1 && agents.length < 2) return usageError(t, t('latency:error.compare-one-target', { target: targets[0] }));
    if (targets.length === 2 && agents.length === 2) return usageError(t, t('latency:error.compare-two-and-two'));
    return usageError(t, t('latency:error.compare-count', { count: targets.length }));
  },
};
