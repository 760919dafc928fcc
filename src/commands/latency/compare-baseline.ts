/**
 * `latency compare baseline <name> [from <agent>] [n N]`: measures the baseline's target again now, from the
 * baseline's agent and with its pacing (unless told otherwise), and compares before (A, the baseline) with
 * after (B, now). Blocks measured at different times cannot be interleaved: LAT-NOT-INTERLEAVED is always
 * raised, with the commands for a control target (difference-in-differences).
 */
import { closestNames } from '../../azure/resolve.ts';
import { BaselineError } from '../../probes/baselines.ts';
import { samplesOf, sideFromResponse, type Side } from '../../probes/sides.ts';
import { compareSamples } from '../../probes/stats.ts';
import { errorResult } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { baselineErrorResult, chooseAgent, comparisonResult, countWord, fromParam, guarded, measure, planMeasurement, probesOf, q } from './shared.ts';
import { MAX_COUNT } from '../../probes/service.ts';

const COMMAND = 'latency compare baseline';

export const latencyCompareBaselineSpec: CommandSpec = {
  name: COMMAND,
  id: 'latency-compare-baseline',
  aliases: ['latency baseline compare', 'baseline compare'],
  params: [
    { name: 'name', kind: { type: 'name', resource: 'any' }, required: true },
    fromParam,
    // No default: the baseline's own count is the default.
    { name: 'n', kind: { type: 'int', min: 1, max: MAX_COUNT }, keyword: 'n' },
  ],
  examples: ['latency compare baseline fastpath-before', 'latency compare baseline fastpath-before n 40'],
  sideEffects: false,
  calls: 'probe',
  working: (args, t) => t('latency:working.compareBaseline', { name: args.name }),
  async run(args, ctx) {
    const { t } = ctx;
    const name = String(args.name);
    const probes = probesOf(ctx);
    let baseline;
    try {
      baseline = await probes.baselines.load(name);
    } catch (e) {
      if (e instanceof BaselineError) return baselineErrorResult(COMMAND, e, t);
      throw e;
    }
    if (!baseline) {
      const known = await probes.baselines.list().catch(() => []);
      // Typos and parts of a name (closestNames, as for circuits); with nothing close, the newest ones.
      const close = closestNames(name, known.map((b) => b.name));
      const names = close.length > 0 ? close : known.slice(0, 3).map((b) => b.name);
      const message = known.length === 0 ? t('latency:error.baseline.none', { name }) : t('latency:error.baseline.not-found', { name, names: names.join(t('latency:listSeparator')) });
      return errorResult(COMMAND, { code: 'baseline-not-found', message, suggestions: names }, {
        target: name,
        followUps: [...names.map((n) => ({ title: `${COMMAND} ${n}`, command: `${COMMAND} ${n}` })), { title: t('latency:follow.baselines'), command: 'latency baseline list' }],
      });
    }
    const from = typeof args.from === 'string' ? args.from : baseline.agent.name;
    const count = typeof args.n === 'number' ? args.n : baseline.count;
    const request = `${COMMAND} ${baseline.name}${typeof args.from === 'string' ? ` from ${q(from)}` : ''}${typeof args.n === 'number' ? ` n ${count}` : ''}`;
    const choice = chooseAgent(COMMAND, from, ctx, request);
    if (!choice.ok) return choice.result;
    const { agent } = choice;
    const notes: string[] = [];
    if (agent.name.toLowerCase() !== baseline.agent.name.toLowerCase()) notes.push(t('latency:note.otherAgent', { agent: agent.name, baselineAgent: baseline.agent.name }));
    const pacing = { warmup: baseline.warmup, intervalMs: baseline.intervalMs, timeoutMs: baseline.timeoutMs };
    const target = baseline.target;
    return guarded(
      COMMAND,
      ctx,
      request,
      async () => {
        const rerunWith = (n: number) => `${COMMAND} ${baseline.name}${typeof args.from === 'string' ? ` from ${q(from)}` : ''} n ${n}`;
        // The baseline's pacing, as is: pacing changes the figures.
        const plan = await planMeasurement({ command: COMMAND, agents: [agent], count, targets: 1, fixed: pacing, rerunWith }, ctx);
        if (!plan.ok) return plan.result;
        const resp = await measure(agent, [target], count, pacing, ctx.signal);
        const before: Side = {
          label: t('latency:baseline.before', { name: baseline.name }),
          runs: [[...baseline.samplesUs]],
          sent: baseline.sent,
          lost: baseline.lost,
          retransmits: baseline.retransmits,
        };
        const after = sideFromResponse(resp, target, t('latency:baseline.now'));
        const comparison = compareSamples(samplesOf(before), samplesOf(after));
        const control = {
          save: `latency baseline save ${baseline.name.slice(0, 56)}-control <control-target> from ${q(agent.name)}`,
          compare: `latency compare baseline ${baseline.name.slice(0, 56)}-control`,
        };
        return comparisonResult(
          {
            command: COMMAND,
            target: `${baseline.name} · ${target}`,
            design: 'before-after',
            a: before,
            b: after,
            comparison,
            rerunWith,
            count,
            maxPerRun: plan.maxPerRun,
            notes: [...notes, t('latency:note.baselineFacts', { name: baseline.name, target, agent: baseline.agent.name, savedAt: baseline.savedAt, n: baseline.samplesUs.length })],
            observation: { baseline: { name: baseline.name, savedAt: baseline.savedAt, agent: baseline.agent.name, control } },
            extraFollowUps: [{ title: t('latency:follow.measureNow'), command: `latency ${q(target)} from ${q(agent.name)}${countWord(count)}` }],
            data: {
              baseline: { name: baseline.name, target, agent: baseline.agent, savedAt: baseline.savedAt, count: baseline.count, pacing },
              agent: { name: agent.name, site: agent.site, version: resp.agent.version },
              count,
              startedAt: resp.startedAt,
              finishedAt: resp.finishedAt,
            },
          },
          t,
        );
      },
      { agent, target },
    );
  },
};
