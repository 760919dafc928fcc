/**
 * Background work the bot started after answering a turn (slow commands whose "working" card is updated
 * later). Tracked so that shutdown can wait for it, and then mark what is still pending as interrupted.
 */
import type { Locale } from '../i18n/index.ts';

export interface Job {
  readonly id: number;
  readonly conversationId: string;
  /** Canonical command name and the normalized request text (for the interrupted card and logs). */
  readonly command: string;
  readonly request: string;
  readonly locale: Locale;
  /** The card to update with the result: the "working" card, or the card whose button was clicked. */
  cardActivityId: string | undefined;
  /** Aborted on shutdown once the grace period is over. */
  readonly controller: AbortController;
  /** Set by shutdown; the job must not deliver its result after that. */
  interrupted: boolean;
  /** Opaque data the bot needs to reach the conversation again (a conversation reference). */
  readonly reference: unknown;
}

export class InFlight {
  private nextId = 1;
  private readonly jobs = new Map<number, { job: Job; done: Promise<void> }>();
  private waiters: Array<() => void> = [];

  /** Registers a job and runs `work` for it; the job is forgotten when `work` settles. */
  start(init: Omit<Job, 'id' | 'controller' | 'interrupted'>, work: (job: Job) => Promise<void>): Job {
    const job: Job = { ...init, id: this.nextId++, controller: new AbortController(), interrupted: false };
    const done = (async () => {
      try {
        await work(job);
      } catch {
        // `work` handles and logs its own failures; nothing may escape a background job.
      } finally {
        this.jobs.delete(job.id);
        this.wake();
      }
    })();
    this.jobs.set(job.id, { job, done });
    return job;
  }

  get size(): number {
    return this.jobs.size;
  }

  pending(): Job[] {
    return [...this.jobs.values()].map((j) => j.job);
  }

  /** Resolves when no job is left, or after `ms` — whichever comes first. Returns the jobs still running. */
  async drain(ms: number, extraBusy: () => number = () => 0): Promise<Job[]> {
    const deadline = Date.now() + ms;
    while (this.jobs.size + extraBusy() > 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 50));
        const self = this;
        function done() {
          clearTimeout(timer);
          self.waiters = self.waiters.filter((w) => w !== done);
          resolve();
        }
        this.waiters.push(done);
      });
    }
    return this.pending();
  }

  /** Waits for the given jobs' work to settle (after they were interrupted), up to `ms`. */
  async settle(jobs: readonly Job[], ms: number): Promise<void> {
    const promises = jobs.map((j) => this.jobs.get(j.id)?.done).filter((p): p is Promise<void> => !!p);
    await Promise.race([Promise.allSettled(promises), new Promise((r) => setTimeout(r, ms).unref?.())]);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
