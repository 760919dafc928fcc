/** `about` / `whoami`: what this bot is connected to and who is asking. Never calls Azure, so it always answers. */
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

export const aboutSpec: CommandSpec = {
  name: 'about',
  id: 'about',
  aliases: ['whoami', 'version', 'info'],
  params: [],
  examples: ['about', 'whoami'],
  sideEffects: false,
  calls: 'none',
  async run(_args, ctx) {
    const { t, services, requester, locale } = ctx;
    const { config, azure, version } = services;
    const mode = t(`commands:about.mode.${config.azure.mode}`);
    const rows: string[][] = [
      [t('commands:about.version'), version],
      [t('commands:about.modeLabel'), mode],
      [t('commands:about.endpoint'), azure.endpoint],
      [t('commands:about.subscriptions'), azure.subscriptionIds.join(', ') || '—'],
      [t('commands:about.stateLabel'), t(`commands:about.state.${services.state?.kind ?? 'files'}`)],
      [t('commands:about.botAuth'), config.localMode ? t('commands:about.localMode') : config.bot.appType],
      [t('commands:about.you'), requester.name ? `${requester.name} (${requester.id})` : requester.id],
      [t('commands:about.tenant'), requester.tenantId ?? '—'],
      [t('commands:about.language'), locale],
    ];
    return newResult('about', {
      tables: [{ title: t('commands:about.title'), columns: [t('commands:about.key'), t('commands:about.value')], rows }],
      followUps: [
        { title: t('commands:about.followCircuits'), command: 'circuits' },
        { title: t('commands:about.followHelp'), command: 'help' },
      ],
      data: {
        version,
        mode: config.azure.mode,
        endpoint: azure.endpoint,
        subscriptionIds: [...azure.subscriptionIds],
        state: services.state?.kind ?? 'files',
        requester: { id: requester.id, name: requester.name, tenantId: requester.tenantId },
      },
    });
  },
};
