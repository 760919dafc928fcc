/**
 * Per-conversation send limiter for Teams' limits per bot per conversation: 7 sends / 1 s, 8 / 2 s,
 * 60 / 30 s, 1800 / hour. Sends over the limit wait in a FIFO queue (they are delayed, never dropped), so a
 * burst of follow-up cards does not earn a 429. Creates and updates both count; so do retries.
 */
export interface Window {
  limit: number;
  ms: number;
}

export const TEAMS_CONVERSATION_WINDOWS: readonly Window[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

interface ConversationState {
  sent: number[];
  queue: Array<() => void>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class ConversationRateLimiter {
  private readonly windows: readonly Window[];
  private readonly longest: number;
  private readonly now: () => number;
  private readonly conversations = new Map<string, ConversationState>();
  private acquisitions = 0;

  constructor(options: { windows?: readonly Window[]; now?: () => number } = {}) {
    this.windows = options.windows ?? TEAMS_CONVERSATION_WINDOWS;
    this.longest = Math.max(...this.windows.map((w) => w.ms));
    this.now = options.now ?? Date.now;
  }

  /** Resolves when one more send to this conversation is within every window. */
  acquire(conversationId: string): Promise<void> {
    if (++this.acquisitions % 500 === 0) this.sweep();
    let state = this.conversations.get(conversationId);
    if (!state) {
      state = { sent: [], queue: [], timer: undefined };
      this.conversations.set(conversationId, state);
    }
    const s = state;
    return new Promise<void>((resolve) => {
      s.queue.push(resolve);
      this.pump(s);
    });
  }

  /** Sends waiting for a slot, over all conversations. */
  get queued(): number {
    let n = 0;
    for (const s of this.conversations.values()) n += s.queue.length;
    return n;
  }

  /** How long the next send in this conversation would wait, in ms (0 = now). */
  waitMs(conversationId: string): number {
    const s = this.conversations.get(conversationId);
    return s ? this.delayFor(s.sent, this.now()) : 0;
  }

  private pump(s: ConversationState): void {
    if (s.timer) return;
    while (s.queue.length > 0) {
      const now = this.now();
      this.prune(s, now);
      const wait = this.delayFor(s.sent, now);
      if (wait > 0) {
        s.timer = setTimeout(() => {
          s.timer = undefined;
          this.pump(s);
        }, wait);
        return;
      }
      s.sent.push(now);
      s.queue.shift()!();
    }
  }

  private delayFor(sent: readonly number[], now: number): number {
    let wait = 0;
    for (const w of this.windows) {
      if (sent.length < w.limit) continue;
      // The send `limit` places back must leave the window before another one fits.
      const oldest = sent[sent.length - w.limit]!;
      const until = oldest + w.ms - now;
      if (until > wait) wait = until;
    }
    return wait > 0 ? Math.ceil(wait) : 0;
  }

  private prune(s: ConversationState, now: number): void {
    let drop = 0;
    while (drop < s.sent.length && s.sent[drop]! <= now - this.longest) drop++;
    if (drop > 0) s.sent.splice(0, drop);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.conversations) {
      this.prune(s, now);
      if (s.queue.length === 0 && s.sent.length === 0 && !s.timer) this.conversations.delete(id);
    }
  }
}
