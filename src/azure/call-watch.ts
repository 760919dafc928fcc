/**
 * What a running command should hear about its ARM calls while they run: that one of them is waiting on
 * Azure's throttling (and until when), and that a list was cut at the most the bot reads. A command runs inside
 * `watchCalls`; whenever one of its calls sleeps through a Retry-After (our retry, or the SDK repeating an LRO
 * status poll), or a list it reads is longer than AZURE_MAX_LIST_ITEMS, the watcher hears of it, so the
 * "working" card can say "Azure is throttling: waiting 8 s" and the answer can say the list is incomplete.
 * AsyncLocalStorage carries the watcher through the SDK's pipeline and poller without threading a callback
 * through every reader method; the command's own deadline travels with it, so the retry never plans a wait
 * that the command could not sit through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ThrottleWait {
  /** How long this call now waits before asking again, in ms. */
  waitMs: number;
  /** When the wait ends (ms since epoch). */
  until: number;
}

export interface ListCut {
  /** What was listed: 'circuits', 'gateways', 'connections', 'vms', 'nics', 'watchers'. */
  list: string;
  /** The most items read (AZURE_MAX_LIST_ITEMS). */
  limit: number;
}

export interface CallWatch {
  onWait?(wait: ThrottleWait): void;
  onCut?(cut: ListCut): void;
  /** The command's own deadline (ms since epoch), when it has one shorter than a call's budget. */
  deadline?: number;
}

const current = new AsyncLocalStorage<CallWatch>();

/** Runs `fn` with `watch` hearing of its ARM calls; what `watch` leaves out is heard by the enclosing watcher. */
export function watchCalls<T>(watch: CallWatch, fn: () => T): T {
  const outer = current.getStore();
  return current.run(outer ? { ...outer, ...watch } : watch, fn);
}

function tell(fn: () => void): void {
  try {
    fn();
  } catch {
    // What a watcher does with the news must never break the call it is about.
  }
}

/** Tells the running command's watcher (if any) that one of its calls now waits `waitMs`. */
export function noticeThrottleWait(waitMs: number): void {
  const watch = current.getStore();
  if (!watch?.onWait || !(waitMs > 0)) return;
  tell(() => watch.onWait!({ waitMs, until: Date.now() + waitMs }));
}

/** Tells the running command's watcher (if any) that a list it read was cut at `limit` items. */
export function noticeListCut(cut: ListCut): void {
  const watch = current.getStore();
  if (watch?.onCut) tell(() => watch.onCut!(cut));
}

/** The running command's deadline, if it set one. */
export function commandDeadline(): number | undefined {
  return current.getStore()?.deadline;
}
