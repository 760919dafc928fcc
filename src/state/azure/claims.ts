/**
 * Teams retry claims on Azure Table storage: creating the row is the claim (the service refuses a second
 * create with 409), so one instance runs an activity however many instances its retries reach. An invoke's
 * answer is kept on the row for a retry that reached another instance.
 */
import type { TableClient } from '@azure/data-tables';
import type { ActivityClaims } from '../types.ts';
import { keyOf, statusOf, unlessGone } from './tables.ts';

export const CLAIM_PARTITION = 'claim';
/** Teams gives up retrying well within this. */
export const CLAIM_TTL_MS = 10 * 60_000;
/** A table string property holds 32K UTF-16 characters; a larger answer is not kept (the retry gets "busy"). */
const MAX_ANSWER_CHARS = 32_000;

type ClaimRow = { expiresAt: number; answer?: string };

export function tableClaims(table: TableClient, ttlMs = CLAIM_TTL_MS): ActivityClaims {
  const rowKey = (conversationId: string, activityId: string) => keyOf(conversationId, activityId);
  return {
    async claim(conversationId, activityId) {
      const key = rowKey(conversationId, activityId);
      const fresh = { partitionKey: CLAIM_PARTITION, rowKey: key, expiresAt: Date.now() + ttlMs };
      const create = async () => {
        try {
          await table.createEntity<ClaimRow>(fresh);
          return true;
        } catch (e) {
          if (statusOf(e) === 409) return false;
          throw e;
        }
      };
      if (await create()) return true;
      // Seen before. A claim older than its time to live that the sweep has not removed yet is no claim.
      const row = await unlessGone(() => table.getEntity<ClaimRow>(CLAIM_PARTITION, key), undefined);
      if (!row) return create(); // swept between our create and our read
      if (row.expiresAt >= Date.now()) return false;
      return unlessGone(async () => (await table.updateEntity<ClaimRow>(fresh, 'Replace', { etag: row.etag }), true), false);
    },
    async saveAnswer(conversationId, activityId, answer) {
      const text = JSON.stringify(answer);
      if (text === undefined || text.length > MAX_ANSWER_CHARS) return;
      await unlessGone(
        () => table.updateEntity({ partitionKey: CLAIM_PARTITION, rowKey: rowKey(conversationId, activityId), answer: text }, 'Merge'),
        undefined,
      );
    },
    async answer(conversationId, activityId) {
      const row = await unlessGone(() => table.getEntity<ClaimRow>(CLAIM_PARTITION, rowKey(conversationId, activityId)), undefined);
      if (typeof row?.answer !== 'string') return undefined;
      try {
        return JSON.parse(row.answer) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}
