/**
 * Keeps a "working" card alive while a slow command runs: after `firstMs`, and then every `everyMs`, the card
 * is redrawn with what is done and what is still awaited, and the time so far. Far inside Teams' limits for
 * one conversation (7 messages a second, 60 in 30 s: src/teams/rate-limit.ts), and one update at a time:
 * `stop()` waits for an update in flight, so no progress update can land after the result.
 */
import type { Progress } from '../commands/progress.ts';

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
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(options: WorkingUpdatesOptions) {
    this.o = options;
    this.timer = setTimeout(() => this.tick(), options.firstMs);
    this.timer.unref?.();
  }

  /** The command's reads changed (see trackReads). */
  onChange = (p: Progress): void => {
    this.latest = p;
  };

  private tick(): void {
    if (this.stopped) return;
    this.inFlight = this.o.draw(this.latest, Date.now() - this.started).finally(() => {
      this.inFlight = undefined;
      if (!this.stopped) {
        this.timer = setTimeout(() => this.tick(), this.o.everyMs);
        this.timer.unref?.();
      }
    });
  }

  /** No more updates; resolves once an update in flight has landed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight?.catch(() => undefined);
  }
}
