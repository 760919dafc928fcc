/**
 * Bounds on what callers can make the agent do: a token bucket per bearer token (requests over time) and a
 * concurrency gate per agent (jobs at once). Both answer with a Retry-After in whole seconds.
 */

export interface RateLimit {
  /** Sustained rate: requests per minute per token. */
  perMinute: number;
  /** Bucket size: requests allowed back to back. */
  burst: number;
}

export class TokenBucket {
  readonly #rate: RateLimit;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(rate: RateLimit, now: () => number = () => performance.now()) {
    this.#rate = rate;
    this.#now = now;
    this.#tokens = rate.burst;
    this.#last = now();
  }

  #refill(): void {
    const t = this.#now();
    this.#tokens = Math.min(this.#rate.burst, this.#tokens + ((t - this.#last) / 60_000) * this.#rate.perMinute);
    this.#last = t;
  }

  /** Takes one token; when empty, returns the seconds until one is available. */
  take(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true };
    }
    const ms = ((1 - this.#tokens) / this.#rate.perMinute) * 60_000;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
  }
}

/** Buckets by key (a token's index in the configuration, never the token itself). */
export class RateLimiter {
  readonly #rate: RateLimit;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(rate: RateLimit) {
    this.#rate = rate;
  }

  take(key: string): ReturnType<TokenBucket['take']> {
    let b = this.#buckets.get(key);
    if (!b) {
      b = new TokenBucket(this.#rate);
      this.#buckets.set(key, b);
    }
    return b.take();
  }
}

/** At most `max` jobs at once; each job says when it expects to end so a refusal can say when to retry. */
export class ConcurrencyGate {
  readonly #max: number;
  readonly #running = new Map<number, number>();
  #next = 0;

  constructor(max: number) {
    this.#max = max;
  }

  get busy(): number {
    return this.#running.size;
  }

  /** Returns a release function, or the seconds until the earliest running job should end. */
  enter(expectedMs: number): { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number } {
    const now = Date.now();
    if (this.#running.size >= this.#max) {
      const soonest = Math.min(...this.#running.values());
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((soonest - now) / 1000)) };
    }
    const id = this.#next++;
    this.#running.set(id, now + expectedMs);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.#running.delete(id);
      },
    };
  }
}
