/**
 * Propose, then confirm: a command with side effects or a sensitive read first answers with a proposal whose
 * button carries a one-time token; the token is bound to who asked, where, and exactly what, and expires.
 * This is the embedded (one-process) store; several instances share src/state/azure/confirmations.ts, where
 * a token is just as single-use across instances.
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
  propose(key: ConfirmationKey): Promise<{ token: string; expiresAt: Date }>;
  /** 'confirmed' at most once per token, whoever and wherever asks. */
  consume(token: string, key: ConfirmationKey): Promise<ConfirmOutcome>;
}

/** Two minutes: long enough to read the proposal, short enough that a forgotten one is no standing permission. */
export const CONFIRMATION_TTL_MS = 120_000;

export function newConfirmationToken(): string {
  return randomBytes(9).toString('base64url');
}

export function sameConfirmationKey(a: ConfirmationKey, b: ConfirmationKey): boolean {
  return a.requesterId === b.requesterId && a.conversationId === b.conversationId && a.request === b.request;
}

export function createConfirmations(ttlMs = CONFIRMATION_TTL_MS, max = 10_000): Confirmations {
  const pending = new LRUCache<string, ConfirmationKey>({ max, ttl: ttlMs });
  return {
    ttlMs,
    async propose(key) {
      const token = newConfirmationToken();
      pending.set(token, key);
      return { token, expiresAt: new Date(Date.now() + ttlMs) };
    },
    async consume(token, key) {
      const found = pending.get(token);
      if (!found) return 'expired-or-unknown';
      // A token is used once; someone else's click does not burn the requester's token.
      if (!sameConfirmationKey(found, key)) return 'mismatch';
      pending.delete(token);
      return 'confirmed';
    },
  };
}
