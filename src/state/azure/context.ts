/**
 * The conversations' context on Azure Table storage: one row per conversation, merged field by field, so two
 * instances remembering different things for one conversation at once both keep theirs.
 */
import type { TableClient } from '@azure/data-tables';
import { CONTEXT_TTL_MS, definedValues } from '../../commands/memory.ts';
import type { ConversationMemory, Remembered } from '../../commands/types.ts';
import { keyOf, unlessGone } from './tables.ts';

export const CONTEXT_PARTITION = 'ctx';
const FIELDS = ['circuit', 'peering', 'gateway', 'vm'] as const;

type ContextRow = Partial<Record<(typeof FIELDS)[number], string>> & { expiresAt?: number };

export function tableMemory(table: TableClient, ttlMs = CONTEXT_TTL_MS): ConversationMemory {
  return {
    async recall(conversationId) {
      const row = await unlessGone(() => table.getEntity<ContextRow>(CONTEXT_PARTITION, keyOf(conversationId)), undefined);
      if (!row || typeof row.expiresAt !== 'number' || row.expiresAt < Date.now()) return {};
      const out: Partial<Record<(typeof FIELDS)[number], string>> = {};
      for (const f of FIELDS) if (typeof row[f] === 'string' && row[f] !== '') out[f] = row[f];
      return out as Remembered;
    },
    async remember(conversationId, values) {
      const defined = definedValues(values);
      if (Object.keys(defined).length === 0) return;
      await table.upsertEntity(
        { partitionKey: CONTEXT_PARTITION, rowKey: keyOf(conversationId), ...defined, expiresAt: Date.now() + ttlMs },
        'Merge',
      );
    },
  };
}
