/**
 * What an instance does in the background when its state is shared with other instances: renew its lease,
 * take over the background commands of instances that died (their lease ran out), and sweep expired rows.
 * Nothing runs with the embedded state (one instance: no one else to take over from).
 */
import type { SharedState } from '../state/types.ts';
import type { NetOpsBot } from './bot.ts';
import { describeError, type Logger } from './log.ts';

/** Expired claims, proposals and contexts are deleted this often (they are ignored once expired anyway). */
const SWEEP_EVERY_MS = 10 * 60_000;

export interface Upkeep {
  /** Stops the timers and waits for a tick in progress. */
  stop(): Promise<void>;
}

export async function startUpkeep(options: { state: SharedState | undefined; bot: NetOpsBot; log: Logger; leaseMs: number }): Promise<Upkeep> {
  const { state, bot, log, leaseMs } = options;
  if (!state || state.kind === 'files') return { stop: async () => undefined };
  // Before the first activity: without a lease, other instances would take this one's commands for orphans.
  await state.jobs.heartbeat();
  const running = new Set<Promise<void>>();
  const every = (ms: number, firstMs: number, name: string, tick: () => Promise<void>) => {
    let busy = false;
    const run = () => {
      if (busy) return; // a slow store: never two ticks of one kind at once
      busy = true;
      const p = tick()
        .catch((err: unknown) => log.warn({ msg: `state upkeep: ${name} failed`, ...describeError(err) }))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    const first = setTimeout(() => {
      run();
      timers.push(setInterval(run, ms).unref());
    }, firstMs).unref();
    timers.push(first);
  };
  const timers: NodeJS.Timeout[] = [];
  every(Math.max(1_000, Math.floor(leaseMs / 3)), Math.floor(leaseMs / 3), 'lease renewal', () => state.jobs.heartbeat());
  // Spread over instances so that they do not all look at once.
  const orphanEvery = Math.max(1_000, Math.floor(leaseMs / 2));
  every(orphanEvery, Math.floor(Math.random() * orphanEvery), 'take-over', async () => {
    const orphans = await state.jobs.claimOrphans();
    if (orphans.length > 0) {
      log.warn({ msg: 'taking over the commands of an instance that stopped', count: orphans.length, instances: [...new Set(orphans.map((o) => o.instanceId))] });
      await bot.takeOver(orphans);
    }
  });
  every(SWEEP_EVERY_MS, 30_000 + Math.floor(Math.random() * 60_000), 'sweep', async () => {
    const n = await state.sweep();
    if (n > 0) log.info({ msg: 'state upkeep: expired rows deleted', count: n });
  });
  return {
    async stop() {
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...running]);
    },
  };
}
