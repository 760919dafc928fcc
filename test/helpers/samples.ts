/** Sample records shared by the store tests (the file stores' own tests and the contract over every store). */
import type { AuditEntry } from '../../src/audit/store.ts';
import type { Baseline } from '../../src/probes/baselines.ts';

/** Entry `i` of a trail: one second after entry i - 1, so that time order is append order. */
export const sampleEntry = (i: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  time: new Date(Date.UTC(2026, 10, 22, 4, 0, i)).toISOString(),
  userId: `29:u${i}`,
  conversationId: 'a:conv',
  source: 'message',
  command: 'bgp-status',
  request: `bgp status c${i}`,
  outcome: 'ok',
  durationMs: i,
  ...extra,
});

export function sampleBaseline(name: string, over: Partial<Baseline> = {}): Baseline {
  return {
    version: 1,
    name,
    target: '10.1.2.4:3389',
    agent: { name: 'tokyo-dc', site: 'Tokyo DC' },
    savedAt: '2026-05-12T09:00:00.000Z',
    count: 4,
    warmup: 1,
    intervalMs: 500,
    timeoutMs: 2000,
    samplesUs: [3120, 3050, 3300, 3080],
    sent: 4,
    lost: 0,
    retransmits: 0,
    ...over,
  };
}
