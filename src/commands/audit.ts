/** `audit [n]`: the newest entries of the audit trail, for operators. */
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

export const auditSpec: CommandSpec = {
  name: 'audit',
  id: 'audit',
  aliases: ['audit log', 'history'],
  params: [{ name: 'n', kind: { type: 'int', min: 1, max: 200 }, default: '20' }],
  examples: ['audit', 'audit 50'],
  sideEffects: false,
  requires: 'operator',
  calls: 'none',
  async run(args, ctx) {
    const { t, services } = ctx;
    if (!services.audit) return newResult('audit', { notes: [t('commands:audit.none')] });
    const entries = await services.audit.recent(Number(args.n ?? 20));
    return newResult('audit', {
      tables: [
        {
          title: t('commands:audit.title', { count: entries.length }),
          columns: [t('commands:audit.col.time'), t('commands:audit.col.user'), t('commands:audit.col.request'), t('commands:audit.col.outcome'), t('commands:audit.col.ms')],
          rows: entries.map((e) => [
            e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
            e.userName ? `${e.userName} (${e.aadObjectId ?? e.userId})` : (e.aadObjectId ?? e.userId),
            e.request,
            e.delivery === 'failed' ? t('commands:audit.notDelivered', { outcome: e.outcome }) : e.outcome,
            String(e.durationMs),
          ]),
        },
      ],
      data: { entries },
    });
  },
};
