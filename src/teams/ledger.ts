/**
 * The bot's side of the background-command ledger (src/state/types.ts JobLedger): a row per background
 * command while it runs, so that another instance can mark it interrupted if this one dies. Rows are written
 * beside the command, never in its way: a failed write is logged and only costs that take-over.
 */
import type { JobLedger, JobRecord } from '../state/types.ts';
import type { Job } from './inflight.ts';
import { describeError, type Logger } from './log.ts';

export class LedgerWriter {
  private readonly jobs: JobLedger;
  private readonly log: Logger;
  /** Per running job: its row is written (finish waits for it, or it would find nothing to delete). */
  private readonly registered = new WeakMap<Job, Promise<void>>();
  private readonly writes = new Set<Promise<void>>();

  constructor(jobs: JobLedger, log: Logger) {
    this.jobs = jobs;
    this.log = log;
  }

  get instanceId(): string {
    return this.jobs.instanceId;
  }

  /** Unique across instances. */
  idOf(job: Job): string {
    return `${this.jobs.instanceId}-${job.id}`;
  }

  /** Writes the job's row once `card` (the id of the card to mark) is known. */
  register(job: Job, record: (cardActivityId: string | undefined) => JobRecord, card: Promise<string | undefined>): void {
    this.registered.set(
      job,
      card
        .then((id) => this.jobs.register(record(id)))
        .catch((err: unknown) => this.log.warn({ msg: 'job not recorded in the shared ledger', ...describeError(err) })),
    );
  }

  /** Deletes the job's row, after it was written. */
  finish(job: Job): void {
    const done = (this.registered.get(job) ?? Promise.resolve())
      .then(() => this.jobs.finish(this.idOf(job)))
      .catch((err: unknown) => this.log.warn({ msg: 'job ledger update failed', ...describeError(err) }))
      .finally(() => this.writes.delete(done));
    this.writes.add(done);
  }

  /** Resolves when every write started so far has settled (shutdown waits for it before giving up the lease). */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
  }
}
