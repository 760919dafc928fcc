/**
 * Pending proposals on Azure Table storage: a row per token. Confirming deletes the row on the condition that
 * it is unchanged since it was read (its ETag), so of two clicks on two instances exactly one deletes it and
 * runs the command; the other is told the proposal is gone.
 */
import type { TableClient } from '@azure/data-tables';
import {
  CONFIRMATION_TTL_MS,
  newConfirmationToken,
  sameConfirmationKey,
  type ConfirmationKey,
  type Confirmations,
} from '../../commands/confirmations.ts';
import { unlessGone } from './tables.ts';

export const CONFIRM_PARTITION = 'confirm';

type ConfirmRow = ConfirmationKey & { expiresAt: number };

export function tableConfirmations(table: TableClient, ttlMs = CONFIRMATION_TTL_MS): Confirmations {
  return {
    ttlMs,
    async propose(key) {
      const token = newConfirmationToken();
      const expiresAt = Date.now() + ttlMs;
      await table.createEntity<ConfirmRow>({ partitionKey: CONFIRM_PARTITION, rowKey: token, ...key, expiresAt });
      return { token, expiresAt: new Date(expiresAt) };
    },
    async consume(token, key) {
      // Tokens are base64url; anything else cannot be a row key (and was never issued).
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) return 'expired-or-unknown';
      const row = await unlessGone(() => table.getEntity<ConfirmRow>(CONFIRM_PARTITION, token), undefined);
      if (!row) return 'expired-or-unknown';
      if (typeof row.expiresAt !== 'number' || row.expiresAt < Date.now()) return 'expired-or-unknown';
      // Someone else's click does not burn the requester's token.
      if (!sameConfirmationKey(row, key)) return 'mismatch';
      const deleted = await unlessGone(async () => (await table.deleteEntity(CONFIRM_PARTITION, token, { etag: row.etag }), true), false);
      return deleted ? 'confirmed' : 'expired-or-unknown';
    },
  };
}
