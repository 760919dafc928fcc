/**
 * Background commands and instance leases on Azure Table storage. Each instance renews one lease row; each
 * background command has a row until it finishes. A survivor takes over the rows of an instance whose lease
 * ran out by deleting them on their ETag: of several survivors sweeping at once, one gets each row.
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { JobLedger, JobRecord } from '../types.ts';
import { unlessGone } from './tables.ts';

export const JOB_PARTITION = 'job';
export const INSTANCE_PARTITION = 'instance';

type JobRow = { instanceId: string; record: string };
/** expiresAt: when the sweep may delete the row of an instance long gone (its jobs are orphans with or without it). */
type InstanceRow = { leaseUntil: number; expiresAt: number };

export function tableJobs(table: TableClient, instanceId: string, leaseMs: number): JobLedger {
  return {
    instanceId,
    async register(job) {
      await table.createEntity<JobRow>({ partitionKey: JOB_PARTITION, rowKey: job.id, instanceId: job.instanceId, record: JSON.stringify(job) });
    },
    async finish(jobId) {
      await unlessGone(() => table.deleteEntity(JOB_PARTITION, jobId), undefined);
    },
    async heartbeat() {
      await table.upsertEntity<InstanceRow>({ partitionKey: INSTANCE_PARTITION, rowKey: instanceId, leaseUntil: Date.now() + leaseMs, expiresAt: Date.now() + leaseMs + 3_600_000 }, 'Replace');
    },
    async claimOrphans() {
      const now = Date.now();
      const alive = new Set<string>();
      for await (const row of table.listEntities<InstanceRow>({ queryOptions: { filter: odata`PartitionKey eq ${INSTANCE_PARTITION}` } })) {
        if (typeof row.leaseUntil === 'number' && row.leaseUntil >= now) alive.add(row.rowKey!);
      }
      alive.add(instanceId);
      const claimed: JobRecord[] = [];
      for await (const row of table.listEntities<JobRow>({ queryOptions: { filter: odata`PartitionKey eq ${JOB_PARTITION}` } })) {
        if (alive.has(row.instanceId)) continue;
        const mine = await unlessGone(async () => (await table.deleteEntity(JOB_PARTITION, row.rowKey!, { etag: row.etag }), true), false);
        if (!mine) continue;
        try {
          claimed.push(JSON.parse(row.record) as JobRecord);
        } catch {
          // A row this code did not write: nothing to tell anyone about.
        }
      }
      return claimed;
    },
    async retire() {
      await unlessGone(() => table.deleteEntity(INSTANCE_PARTITION, instanceId), undefined);
    },
  };
}
