/**
 * Keeps a "working" card alive while a slow command runs: after `firstMs`, and then every `everyMs`, the card
 * is redrawn with what is done and what is still awaited, and the time so far. When Azure starts throttling
 * the command (a wait of a second or more), the next redraw comes at once, so the card says so while it
 * matters. Far inside Teams' limits for one conversation (7 messages a second, 60 in 30 s:
 * src/teams/rate-limit.ts): never two redraws within MIN_GAP_MS, and one at a time: `stop()` waits for an
 * update in flight, so no progress update can land after the result.
 */
import type { ThrottleWait } from '../azure/call-watch.ts';
import type { Progress } from '../commands/progress.ts';

/** A throttling wait shorter than this is not worth a redraw of its own (the regular ones will show it). */
const URGENT_WAIT_MS = 1_000;
/** Least time between two redraws. */
const MIN_GAP_MS = 1_000;

export interface WorkingUpdatesOptions {
  firstMs: number;
  everyMs: number;
  /** Redraws the card; a failure is the caller's to log (the next tick tries again). */
  draw(progress: Progress | undefined, elapsedMs: number): Promise<void>;
}

export class WorkingUpdates {
  private readonly o: WorkingUpdatesOptions;
  private readonly started = Date.now();
  private latest: Progress | undefined;
  private throttledUntil: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private nextAt = 0;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(options: WorkingUpdatesOptions) {
    this.o = options;
    this.schedule(options.firstMs);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.nextAt = Date.now() + ms;
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref?.();
  }

  /** The command's reads changed (see trackReads). */
  onChange = (p: Progress): void => {
    this.latest = p;
  };

  /** One of the command's Azure calls now waits on throttling (see call-watch.ts). */
  onThrottle = (wait: ThrottleWait): void => {
    if (this.throttledUntil === undefined || wait.until > this.throttledUntil) this.throttledUntil = wait.until;
    if (this.stopped || this.inFlight || wait.waitMs < URGENT_WAIT_MS) return;
    const soonest = Math.max(Date.now(), this.lastDrawAt + MIN_GAP_MS);
    if (this.nextAt > soonest) this.schedule(soonest - Date.now());
  };

  private tick(): void {
    if (this.stopped) return;
    this.lastDrawAt = Date.now();
    const throttled = this.throttledUntil !== undefined && this.throttledUntil > Date.now();
    const progress = throttled ? { reads: this.latest?.reads ?? [], throttledUntil: this.throttledUntil } : this.latest;
    this.inFlight = this.o.draw(progress, Date.now() - this.started).finally(() => {
      this.inFlight = undefined;
      if (!this.stopped) this.schedule(this.o.everyMs);
    });
  }

  /** No more updates; resolves once an update in flight has landed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight?.catch(() => undefined);
  }
}
