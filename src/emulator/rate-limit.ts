/**
 * ARM's throttling: a token bucket per subscription for reads and one for writes (ARM's current model is
 * per region x subscription x principal; one region and one principal here). Empty bucket = 429 with
 * Retry-After; the remaining count goes out in x-ms-ratelimit-remaining-subscription-{reads,writes}.
 */
export type RateKind = 'reads' | 'writes';

export interface BucketSettings {
  burst: number;
  refillPerSecond: number;
}

export interface RateLimitSettings {
  enabled: boolean;
  reads: BucketSettings;
  writes: BucketSettings;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; remaining: 0; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly #settings: () => RateLimitSettings;
  readonly #buckets = new Map<string, Bucket>();

  /** Settings are read on every call, so a test can change the world's limits while the emulator runs. */
  constructor(settings: () => RateLimitSettings) {
    this.#settings = settings;
  }

  #bucket(key: string, kind: RateKind, now: number): { bucket: Bucket; cfg: BucketSettings } {
    const cfg = this.#settings()[kind];
    const id = `${kind}:${key.toLowerCase()}`;
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      bucket = { tokens: cfg.burst, updatedAt: now };
      this.#buckets.set(id, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(cfg.burst, bucket.tokens + elapsed * cfg.refillPerSecond);
    bucket.updatedAt = now;
    return { bucket, cfg };
  }

  /** Spends one token if there is one. */
  take(key: string, kind: RateKind, now = Date.now()): TakeResult {
    const { bucket, cfg } = this.#bucket(key, kind, now);
    if (!this.#settings().enabled) return { ok: true, remaining: Math.floor(bucket.tokens) };
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    const waitSeconds = cfg.refillPerSecond > 0 ? (1 - bucket.tokens) / cfg.refillPerSecond : 3600;
    return { ok: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }

  /** What is left, without spending (for answers that never reached the limiter, e.g. 401). */
  peek(key: string, kind: RateKind, now = Date.now()): number {
    return Math.floor(this.#bucket(key, kind, now).bucket.tokens);
  }

  reset(): void {
    this.#buckets.clear();
  }
}
