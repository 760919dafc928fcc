/**
 * Throttling for the load run, through the embedded emulator's admin endpoints (/__emulator/faults): ARM's
 * own token bucket stays as the demo world sets it (reads 250, refilled at 25/s per subscription), and fault
 * rules add occasional 429s on some operations, with and without a retry header. Every rule carries a large
 * `count`, so that the emulator's `remaining` tells how many 429s each rule injected.
 */
import { request } from 'node:https';
import type { FaultRule } from '../../src/emulator/faults.ts';
import type { BotProcess } from '../proc.ts';

const COUNT = 1_000_000;

/** The rules, in the order the emulator tries them (the first matching rule applies). */
export const THROTTLE_RULES: FaultRule[] = [
  // The SDK sleeps through a short Retry-After itself, then retries.
  { id: 'arp-429-retry-after-1s', kind: 'throttle', method: 'POST', operation: 'arpTable', probability: 0.15, retryAfterSeconds: 1, count: COUNT },
  // No retry header: the SDK gives up at once and the bot's own retry (backoff with jitter) takes over.
  { id: 'summary-429-bare', kind: 'throttle', method: 'POST', operation: 'routeTableSummary', probability: 0.15, count: COUNT },
  { id: 'circuit-get-429-retry-after-ms', kind: 'throttle', method: 'GET', operation: 'circuits.get', probability: 0.1, retryAfterMs: 400, count: COUNT },
  { id: 'lro-poll-429-bare', kind: 'throttle', method: 'GET', operation: 'lro.poll', probability: 0.05, count: COUNT },
  // Longer than the bot waits through (10 s): that read is reported at once as throttled (a PARTIAL card).
  { id: 'route-table-429-retry-after-30s', kind: 'throttle', method: 'POST', operation: 'routeTable', probability: 0.05, retryAfterSeconds: 30, count: COUNT },
];

export interface EmulatorAdmin {
  addFault(rule: FaultRule): Promise<string>;
  /** Each rule with `remaining` uses of its count. */
  faults(): Promise<Array<FaultRule & { id: string; remaining?: number }>>;
}

export async function emulatorAdmin(bot: BotProcess): Promise<EmulatorAdmin> {
  const { url, caPem } = await bot.rpc<{ url: string; caPem: string }>('emulatorAdmin');
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        `${url}${path}`,
        { method, ca: caPem, headers: text ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (b: Buffer) => chunks.push(b));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 300) reject(new Error(`emulator ${method} ${path}: ${res.statusCode} ${raw}`));
            else resolve(raw ? JSON.parse(raw) : undefined);
          });
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  return {
    addFault: async (rule) => ((await call('POST', '/__emulator/faults', rule)) as { id: string }).id,
    faults: async () => (await call('GET', '/__emulator/faults')) as Array<FaultRule & { id: string; remaining?: number }>,
  };
}

/** How many 429s each rule injected so far. */
export function injectedByRule(rules: ReadonlyArray<FaultRule & { id: string; remaining?: number }>): Record<string, number> {
  return Object.fromEntries(rules.map((r) => [r.id, (r.count ?? 0) - (r.remaining ?? r.count ?? 0)]));
}
