/**
 * Who is waiting on Azure's throttling, and until when. A command runs inside `watchThrottling`; whenever one
 * of its ARM calls sleeps through a Retry-After (our retry, or the SDK repeating an LRO status poll), the
 * watcher hears how long, so the "working" card can say "Azure is throttling: waiting 8 s" instead of
 * looking frozen. AsyncLocalStorage carries the watcher through the SDK's pipeline and poller without
 * threading a callback through every reader method; the command's own deadline travels with it, so the
 * retry never plans a wait that the command could not sit through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ThrottleWait {
  /** How long this call now waits before asking again, in ms. */
  waitMs: number;
  /** When the wait ends (ms since epoch). */
  until: number;
}

export interface ThrottleWatch {
  onWait(wait: ThrottleWait): void;
  /** The command's own deadline (ms since epoch), when it has one shorter than a call's budget. */
  deadline?: number;
}

const current = new AsyncLocalStorage<ThrottleWatch>();

/** Runs `fn` with `watch` hearing of every throttling wait of the ARM calls it makes. */
export function watchThrottling<T>(watch: ThrottleWatch, fn: () => T): T {
  return current.run(watch, fn);
}

/** Tells the running command's watcher (if any) that one of its calls now waits `waitMs`. */
export function noticeThrottleWait(waitMs: number): void {
  const watch = current.getStore();
  if (!watch || !(waitMs > 0)) return;
  try {
    watch.onWait({ waitMs, until: Date.now() + waitMs });
  } catch {
    // A progress display must never break the call it reports on.
  }
}

/** The running command's deadline, if it set one. */
export function commandDeadline(): number | undefined {
  return current.getStore()?.deadline;
}
