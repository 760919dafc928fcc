/**
 * Bearer tokens compared in constant time: both sides are hashed to SHA-256 first so the comparison is always
 * between equal-length digests (timingSafeEqual refuses unequal lengths, and the length itself would leak), and
 * every configured token is compared, whatever matched, so the time does not say which one did.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export class TokenSet {
  readonly #digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.#digests = tokens.map(digest);
  }

  /**
   * The index of the matching token (the key for per-token rate limits), or -1. Takes the Authorization
   * header as received.
   */
  match(authorization: string | undefined): number {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    // Hash something even without a token so a missing header costs the same work.
    const presented = digest(m?.[1] ?? '');
    let found = -1;
    this.#digests.forEach((d, i) => {
      if (timingSafeEqual(d, presented) && found < 0 && m) found = i;
    });
    return found;
  }
}
