/**
 * Helpers shared by the Azure Storage stores: how a conversation or activity id becomes a table key, how
 * Azure's answers are told apart, and how expired rows are swept. Table keys may not contain / \ # ? or
 * control characters, and Teams conversation ids can hold almost anything, so ids are hashed.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';

/** A fixed-length key for any id (sha-256, hex, truncated to 40 characters: 160 bits, no realistic collision). */
export function keyOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}

export function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** Runs `op`; answers `otherwise` when Azure says the row is not there (404) or changed meanwhile (412). */
export async function unlessGone<T>(op: () => Promise<T>, otherwise: T): Promise<T> {
  try {
    return await op();
  } catch (e) {
    const status = statusOf(e);
    if (status === 404 || status === 412) return otherwise;
    throw e;
  }
}

/** Deletes the rows of one partition whose `expiresAt` (ms since the epoch) has passed; at most `limit`. */
export async function deleteExpired(table: TableClient, partitionKey: string, now: number, limit: number): Promise<number> {
  let deleted = 0;
  const rows = table.listEntities<{ expiresAt: number }>({
    queryOptions: { filter: odata`PartitionKey eq ${partitionKey} and expiresAt lt ${now}`, select: ['RowKey'] },
  });
  for await (const row of rows) {
    if (deleted >= limit) break;
    // Only what is still as we saw it: a row renewed meanwhile stays (412), one deleted meanwhile is gone (404).
    const done = await unlessGone(async () => (await table.deleteEntity(partitionKey, row.rowKey!, { etag: row.etag }), true), false);
    if (done) deleted++;
  }
  return deleted;
}
