/**
 * `latency baseline save <name> <target> [from <agent>] [n N] [replace]`: measures the target now and keeps
 * the samples, target, agent, pacing and time under `<dataDir>/baselines/<name>.json` (survives restarts),
 * for `latency compare baseline <name>` after a change. An existing name is only overwritten with `replace`
 * (saving "before" again after the change would lose the comparison).
 */
import { diagnoseLatency } from '../../diagnosis/latency.ts';
import { isValidBaselineName, type Baseline } from '../../probes/baselines.ts';
import { sideFromResponse, summaryOf } from '../../probes/sides.ts';
import { errorResult, newResult, type Table } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { chooseAgent, countParam, countWord, distributionsTable, fromParam, guarded, histogramTable, measure, planMeasurement, probesOf, q, sideData, targetOrError, targetParam } from './shared.ts';

const COMMAND = 'latency baseline save';

export const latencyBaselineSaveSpec: CommandSpec = {
  name: COMMAND,
  id: 'latency-baseline-save',
  aliases: ['latency save baseline', 'baseline save'],
  params: [
    { name: 'name', kind: { type: 'name', resource: 'any' }, required: true },
    targetParam,
    fromParam,
    countParam,
    { name: 'replace', kind: { type: 'enum', values: { replace: 'replace', overwrite: 'replace' } } },
  ],
  examples: ['latency baseline save fastpath-before 10.1.2.4:3389', 'latency baseline save fastpath-before 10.1.2.4:3389 from tokyo-dc n 30'],
  sideEffects: false,
  calls: 'probe',
  working: (args, t) => t('latency:working.baseline', { name: args.name, target: args.target, n: args.n }),
  async run(args, ctx) {
    const { t } = ctx;
    const name = String(args.name);
    if (!isValidBaselineName(name)) {
      return errorResult(COMMAND, { code: 'baseline-invalid-name', message: t('latency:error.baseline.invalid-name', { name }) });
    }
    const checked = targetOrError(COMMAND, String(args.target), t);
    if (!checked.ok) return checked.result;
    const target = checked.target;
    const count = Number(args.n);
    const from = typeof args.from === 'string' ? args.from : undefined;
    const replace = args.replace === 'replace';
    const request = `${COMMAND} ${name} ${q(target)}${from ? ` from ${q(from)}` : ''}${countWord(count)}${replace ? ' replace' : ''}`;
    const choice = chooseAgent(COMMAND, from, ctx, request);
    if (!choice.ok) return choice.result;
    const { agent } = choice;
    const probes = probesOf(ctx);
    return guarded(
      COMMAND,
      ctx,
      request,
      async () => {
        // Refuse before measuring for 10 s, not after.
        const existing = await probes.baselines.load(name);
        if (existing && !replace) {
          return errorResult(
            COMMAND,
            { code: 'baseline-exists', message: t('latency:error.baseline.exists', { name, savedAt: existing.savedAt }) },
            {
              target: name,
              followUps: [
                { title: t('latency:follow.compareBaseline'), command: `latency compare baseline ${name}` },
                { title: t('latency:follow.replace'), command: `${request} replace` },
              ],
            },
          );
        }
        const plan = await planMeasurement({ command: COMMAND, agents: [agent], count, targets: 1 }, ctx);
        if (!plan.ok) return plan.result;
        const { pacing } = plan;
        const resp = await measure(agent, [target], count, pacing, ctx.signal);
        const side = sideFromResponse(resp, target, t('latency:baseline.label', { name }));
        const summary = summaryOf(side);
        const verdicts = diagnoseLatency({ design: 'single', a: { label: target, sent: side.sent, lost: side.lost, retransmits: side.retransmits, ...(summary ? { summary } : {}) } }, t);
        if (!summary) {
          return errorResult(COMMAND, { code: 'no-samples', message: t('latency:error.baseline-no-samples', { name, target, sent: side.sent }) }, { target: name, data: { run: sideData(side) } });
        }
        const baseline: Baseline = {
          version: 1,
          name,
          target,
          agent: { name: agent.name, ...(agent.site ? { site: agent.site } : {}), ...(resp.agent.version ? { version: resp.agent.version } : {}) },
          savedAt: new Date().toISOString(),
          ...(ctx.requester.name ? { savedBy: ctx.requester.name } : {}),
          count,
          warmup: pacing.warmup,
          intervalMs: pacing.intervalMs,
          timeoutMs: pacing.timeoutMs,
          samplesUs: side.runs.flat(),
          sent: side.sent,
          lost: side.lost,
          retransmits: side.retransmits,
          startedAt: resp.startedAt,
          finishedAt: resp.finishedAt,
        };
        const { replaced } = await probes.baselines.save(baseline, { replace });
        const tables: Table[] = [distributionsTable([side], t, t('latency:table.baseline', { name, target, agent: agent.name }))];
        const hist = histogramTable([side], t);
        if (hist) tables.push(hist);
        return newResult(COMMAND, {
          target: name,
          verdicts,
          tables,
          notes: [
            ...(choice.note ? [choice.note] : []),
            ...plan.notes,
            t('latency:baseline.saved', { name, target, agent: agent.name, n: summary.n, savedAt: baseline.savedAt }),
            ...(replaced ? [t('latency:baseline.replaced', { savedAt: replaced.savedAt })] : []),
          ],
          followUps: [
            { title: t('latency:follow.compareBaseline'), command: `latency compare baseline ${name}` },
            { title: t('latency:follow.baselines'), command: 'latency baseline list' },
          ],
          data: { baseline: { name, target, agent: baseline.agent, savedAt: baseline.savedAt, count, pacing }, run: sideData(side) },
        });
      },
      { agent, target },
    );
  },
};
