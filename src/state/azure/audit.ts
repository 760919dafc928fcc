/**
 * The audit trail on Azure Table storage: one row per entry, written by every instance at once. Rows are
 * only ever created, never updated, so concurrent writers cannot lose each other's entries.
 *
 * Keys put the newest entry first in the table's own order: the partition is the UTC day counted backwards
 * (99999999 - yyyymmdd), the row key the time counted backwards plus a random suffix. `recent(n)` is then
 * the first n rows of one query. A batch of entries of one day goes in one transaction (up to 100 rows).
 */
import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { BatchQueue } from '../../audit/batch-queue.ts';
import { auditEntry, type AuditEntry, type AuditStore } from '../../audit/store.ts';

/** Entity group transactions take at most 100 operations. */
const TRANSACTION_MAX = 100;
const MAX_TIME = 9_999_999_999_999;

export function auditKeys(time: string): { partitionKey: string; rowKey: string } {
  const ms = Number.isNaN(Date.parse(time)) ? Date.now() : Date.parse(time);
  const day = Number(new Date(ms).toISOString().slice(0, 10).replaceAll('-', ''));
  return {
    partitionKey: String(99_999_999 - day).padStart(8, '0'),
    rowKey: `${String(MAX_TIME - ms).padStart(13, '0')}-${randomBytes(6).toString('hex')}`,
  };
}

const FIELDS = ['time', 'userId', 'userName', 'aadObjectId', 'tenantId', 'conversationId', 'source', 'command', 'request', 'outcome', 'durationMs', 'role', 'delivery'] as const;

function fromRow(row: Record<string, unknown>): AuditEntry | undefined {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (row[f] !== undefined && row[f] !== null) out[f] = row[f];
  const e = out as Partial<AuditEntry>;
  if (typeof e.time !== 'string' || typeof e.userId !== 'string' || typeof e.command !== 'string' || typeof e.outcome !== 'string') return undefined;
  return e as AuditEntry;
}

export class TableAuditStore implements AuditStore {
  private readonly queue = new BatchQueue<AuditEntry>((entries) => this.write(entries));

  private readonly table: TableClient;

  constructor(table: TableClient) {
    this.table = table;
  }

  append(entry: AuditEntry): Promise<void> {
    return this.queue.push(auditEntry(entry));
  }

  private async write(entries: readonly AuditEntry[]): Promise<void> {
    const byPartition = new Map<string, TransactionAction[]>();
    for (const e of entries) {
      const keys = auditKeys(e.time);
      const row = Object.fromEntries(Object.entries({ ...keys, ...e }).filter(([, v]) => v !== undefined));
      const list = byPartition.get(keys.partitionKey) ?? [];
      list.push(['create', row as { partitionKey: string; rowKey: string }]);
      byPartition.set(keys.partitionKey, list);
    }
    for (const actions of byPartition.values()) {
      for (let i = 0; i < actions.length; i += TRANSACTION_MAX) {
        const chunk = actions.slice(i, i + TRANSACTION_MAX);
        // One row alone needs no transaction (one request either way, and a simpler one).
        if (chunk.length === 1) await this.table.createEntity(chunk[0]![1]);
        else await this.table.submitTransaction(chunk);
      }
    }
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  async recent(n: number): Promise<AuditEntry[]> {
    await this.flush();
    const out: AuditEntry[] = [];
    if (n <= 0) return out;
    const pages = this.table.listEntities<Record<string, unknown>>().byPage({ maxPageSize: Math.min(n, 1000) });
    for await (const page of pages) {
      for (const row of page) {
        const e = fromRow(row);
        if (e) out.push(e);
        if (out.length >= n) return out;
      }
    }
    return out;
  }
}
