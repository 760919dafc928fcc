/** `latency baseline list`: the saved baselines, newest first, with their target, agent, size and time. */
import { BaselineError } from '../../probes/baselines.ts';
import { newResult } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { baselineErrorResult, probesOf } from './shared.ts';

export const latencyBaselineListSpec: CommandSpec = {
  name: 'latency baseline list',
  id: 'latency-baseline-list',
  aliases: ['latency baselines', 'baselines', 'baseline list'],
  params: [],
  examples: ['latency baseline list'],
  sideEffects: false,
  calls: 'none',
  async run(_args, ctx) {
    const { t } = ctx;
    let list;
    try {
      list = await probesOf(ctx).baselines.list();
    } catch (e) {
      if (e instanceof BaselineError) return baselineErrorResult('latency baseline list', e, t);
      throw e;
    }
    return newResult('latency baseline list', {
      tables: [
        {
          title: t('latency:baselines.title', { count: list.length }),
          columns: [t('latency:baselines.col.name'), t('latency:baselines.col.target'), t('latency:baselines.col.agent'), t('latency:baselines.col.n'), t('latency:baselines.col.savedAt')],
          rows: list.map((b) => [b.name, b.target, b.agent, String(b.n), b.savedAt]),
          ...(list.length === 0 ? { note: t('latency:baselines.empty') } : {}),
        },
      ],
      followUps: list.slice(0, 3).map((b) => ({ title: t('latency:follow.compareNamed', { name: b.name }), command: `latency compare baseline ${b.name}` })),
      data: { baselines: list },
    });
  },
};
