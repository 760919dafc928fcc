/**
 * `service key <circuit>`: the full service key, which the connectivity provider needs to provision the
 * circuit. A secret: operators only, proposed then confirmed with an expiring button, only in a 1:1 chat,
 * read fresh from Azure, and never written to logs or the audit trail (they record that it was asked for).
 */
import { circuitParam } from './params.ts';
import { newResult } from './result.ts';
import type { CommandSpec } from './types.ts';

export const serviceKeySpec: CommandSpec = {
  name: 'service key',
  id: 'service-key',
  aliases: ['servicekey', 'reveal service key', 'show service key'],
  params: [circuitParam],
  examples: ['service key tokyo-er'],
  sideEffects: false,
  sensitive: true,
  requires: 'operator',
  calls: 'azure',
  working: (args, t) => t('commands:service-key.working', { circuit: args.circuit }),
  async run(args, ctx) {
    const { t, services } = ctx;
    const circuit = await services.azure.resolveCircuit(String(args.circuit));
    const key = await services.azure.getServiceKey(circuit);
    return newResult('service key', {
      target: circuit.name,
      notes: [t('commands:service-key.handle')],
      tables: [
        {
          title: t('commands:service-key.title', { circuit: circuit.name }),
          columns: [t('commands:er.col.item'), t('commands:er.col.value')],
          rows: [
            [t('commands:service-key.key'), key ?? t('commands:service-key.none')],
            [t('commands:service-key.provider'), circuit.providerName ?? '—'],
            [t('commands:service-key.location'), circuit.peeringLocation ?? circuit.location],
          ],
        },
      ],
      // The key stays out of `data`: scripts that need it have `az network express-route show`.
      data: { circuit: circuit.name },
    });
  },
};
