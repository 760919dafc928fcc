/**
 * The conversations' context on Azure Table storage: one row per conversation, merged field by field, so two
 * instances remembering different things for one conversation at once both keep theirs.
 */
import type { TableClient } from '@azure/data-tables';
import { CONTEXT_TTL_MS, definedValues, reverted } from '../../commands/memory.ts';
import type { ConversationMemory, Remembered } from '../../commands/types.ts';
import { keyOf, unlessGone } from './tables.ts';

export const CONTEXT_PARTITION = 'ctx';
const FIELDS = ['circuit', 'peering', 'gateway', 'vm'] as const;

type ContextRow = Partial<Record<(typeof FIELDS)[number], string>> & { expiresAt?: number };

function valuesOf(row: ContextRow): Remembered {
  const out: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const f of FIELDS) if (typeof row[f] === 'string' && row[f] !== '') out[f] = row[f];
  return out;
}

export function tableMemory(table: TableClient, ttlMs = CONTEXT_TTL_MS): ConversationMemory {
  return {
    async recall(conversationId) {
      const row = await unlessGone(() => table.getEntity<ContextRow>(CONTEXT_PARTITION, keyOf(conversationId)), undefined);
      if (!row || typeof row.expiresAt !== 'number' || row.expiresAt < Date.now()) return {};
      return valuesOf(row);
    },
    async remember(conversationId, values) {
      const defined = definedValues(values);
      if (Object.keys(defined).length === 0) return;
      await table.upsertEntity(
        { partitionKey: CONTEXT_PARTITION, rowKey: keyOf(conversationId), ...defined, expiresAt: Date.now() + ttlMs },
        'Merge',
      );
    },
    async revert(conversationId, replaced, previous) {
      const key = keyOf(conversationId);
      const row = await unlessGone(() => table.getEntity<ContextRow>(CONTEXT_PARTITION, key), undefined);
      if (!row) return;
      const next = reverted(valuesOf(row), replaced, previous);
      // Only over the row as read: if another instance changed it meanwhile, its context is newer and stays.
      await unlessGone(
        () => table.updateEntity({ partitionKey: CONTEXT_PARTITION, rowKey: key, ...next, expiresAt: row.expiresAt }, 'Replace', { etag: row.etag }),
        undefined,
      );
    },
  };
}
