/**
 * `latency <target> [from <agent>] [n N]`: one run of TCP connect probes from a probe agent: p50/p90/p99/max,
 * loss and retransmits (apart from latency), jitter, and a coarse histogram as table rows.
 */
import { diagnoseLatency } from '../../diagnosis/latency.ts';
import { dedupeFollowUps } from '../../diagnosis/build.ts';
import { sideFromResponse, summaryOf } from '../../probes/sides.ts';
import { newResult, type FollowUp, type Table } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { chooseAgent, countParam, countWord, distributionsTable, fromParam, guarded, histogramTable, measure, planMeasurement, probesOf, q, sideData, targetOrError, targetParam } from './shared.ts';

/** "10.1.2.4-3389-20260512-0930": a valid baseline name for a target and a time. */
export function suggestedBaselineName(target: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const base = target.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '').slice(0, 48);
  return `${base || 'target'}-${stamp}`;
}

export const latencySpec: CommandSpec = {
  name: 'latency',
  id: 'latency',
  aliases: ['psping', 'tcping', 'latency run'],
  params: [targetParam, fromParam, countParam],
  examples: ['latency 10.1.2.4:3389', 'latency 10.1.2.4:3389 from tokyo-dc n 50'],
  sideEffects: false,
  calls: 'probe',
  working: (args, t) =>
    args.from ? t('latency:working.single', { target: args.target, agent: args.from, n: args.n }) : t('latency:working.singleDefault', { target: args.target, n: args.n }),
  async run(args, ctx) {
    const { t } = ctx;
    const command = 'latency';
    const checked = targetOrError(command, String(args.target), t);
    if (!checked.ok) return checked.result;
    const target = checked.target;
    const count = Number(args.n);
    const from = typeof args.from === 'string' ? args.from : undefined;
    const request = `latency ${q(target)}${from ? ` from ${q(from)}` : ''}${countWord(count)}`;
    const choice = chooseAgent(command, from, ctx, request);
    if (!choice.ok) return choice.result;
    const { agent } = choice;
    const self = `from ${q(agent.name)}`;
    return guarded(
      command,
      ctx,
      request,
      async () => {
        const plan = await planMeasurement({ command, agents: [agent], count, targets: 1, rerunWith: (n) => `latency ${q(target)} ${self} n ${n}` }, ctx);
        if (!plan.ok) return plan.result;
        const { pacing } = plan;
        const resp = await measure(agent, [target], count, pacing, ctx.signal);
        const side = sideFromResponse(resp, target, target);
        const summary = summaryOf(side);
        const verdicts = diagnoseLatency(
          { design: 'single', a: { label: target, sent: side.sent, lost: side.lost, retransmits: side.retransmits, ...(summary ? { summary } : {}) } },
          t,
        );
        const tables: Table[] = [distributionsTable([side], t, t('latency:table.single', { target, agent: agent.name }))];
        const hist = histogramTable([side], t);
        if (hist) tables.push(hist);
        const others = probesOf(ctx).agents.all().filter((a) => a !== agent);
        const doubled = Math.min(plan.maxPerRun, count * 2);
        const followUps: FollowUp[] = [
          ...(doubled > count ? [{ title: t('latency:follow.double', { n: doubled }), command: `latency ${q(target)} ${self} n ${doubled}` }] : []),
          { title: t('latency:follow.saveBaseline'), command: `latency baseline save ${suggestedBaselineName(target, new Date())} ${q(target)} ${self}${countWord(count)}` },
        ];
        if (others.length > 0) followUps.push({ title: t('latency:follow.vantage', { agent: others[0]!.name }), command: `latency compare ${q(target)} from ${q(agent.name)} ${q(others[0]!.name)}${countWord(count)}` });
        return newResult(command, {
          target,
          verdicts,
          tables,
          followUps: dedupeFollowUps([...verdicts.flatMap((v) => v.followUps ?? []), ...followUps]),
          notes: [...(choice.note ? [choice.note] : []), ...plan.notes],
          data: {
            agent: { name: agent.name, site: agent.site, version: resp.agent.version },
            target,
            count,
            pacing,
            startedAt: resp.startedAt,
            finishedAt: resp.finishedAt,
            run: sideData(side),
          },
        });
      },
      { agent, target },
    );
  },
};
