/**
 * Propose, then confirm: a command with side effects or a sensitive read first answers with a proposal whose
 * button carries a one-time token; the token is bound to who asked, where, and exactly what, and expires.
 */
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export interface ConfirmationKey {
  requesterId: string;
  conversationId: string;
  request: string;
}

export type ConfirmOutcome = 'confirmed' | 'expired-or-unknown' | 'mismatch';

export interface Confirmations {
  readonly ttlMs: number;
  propose(key: ConfirmationKey): { token: string; expiresAt: Date };
  consume(token: string, key: ConfirmationKey): ConfirmOutcome;
}

export function createConfirmations(ttlMs = 120_000, max = 10_000): Confirmations {
  const pending = new LRUCache<string, ConfirmationKey>({ max, ttl: ttlMs });
  return {
    ttlMs,
    propose(key) {
      const token = randomBytes(9).toString('base64url');
      pending.set(token, key);
      return { token, expiresAt: new Date(Date.now() + ttlMs) };
    },
    consume(token, key) {
      const found = pending.get(token);
      if (!found) return 'expired-or-unknown';
      const same = found.requesterId === key.requesterId && found.conversationId === key.conversationId && found.request === key.request;
      // A token is used once; someone else's click does not burn the requester's token.
      if (!same) return 'mismatch';
      pending.delete(token);
      return 'confirmed';
    },
  };
}
