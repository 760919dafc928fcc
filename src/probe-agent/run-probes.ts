/**
 * Runs a measurement job in a fresh probe worker (one worker per job: nothing else shares its event loop, and
 * ending a job early is worker.terminate()). Used by the HTTP server and by the CLI.
 */
import { Worker } from 'node:worker_threads';
import { worstCaseMs } from './measure.ts';
import type { ProbeJob, TimedFrom, WorkerMessage, WorkerSample } from './types.ts';

export interface JobResult {
  samples: WorkerSample[];
  startedAt: string;
  finishedAt: string;
  timedFrom?: TimedFrom;
}

export interface RunOptions {
  onSample?: (sample: WorkerSample) => void;
  /** Ends the job early (the worker is terminated); the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Slack over the job's worst case before the worker is ended as stuck (default 10 s). */
  slackMs?: number;
}

export class JobAbortedError extends Error {
  override name = 'AbortError';
}

/**
 * The worker's entry. Compiled (dist/, `npm run build`): the worker module itself, plain JavaScript. From the
 * TypeScript sources (tsx, vitest): the boot file, which registers tsx in the worker's thread first.
 */
const BOOT = import.meta.url.endsWith('.js') ? new URL('./probe-worker.js', import.meta.url) : new URL('./probe-worker-boot.mjs', import.meta.url);

export function runProbeJob(job: ProbeJob, opts: RunOptions = {}): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new JobAbortedError('aborted before start'));
      return;
    }
    // execArgv [] : the worker gets no inspector, no loader flags from the parent (tsx's --import would register
    // a second copy of the loader); from the sources, the boot file registers tsx itself.
    const worker = new Worker(BOOT, { workerData: job, execArgv: [], stdout: false, stderr: false });
    const samples: WorkerSample[] = [];
    let timedFrom: TimedFrom | undefined;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(new JobAbortedError('aborted')));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const limit = worstCaseMs(job, job.targets.length) + (opts.slackMs ?? 10_000);
    const deadline = setTimeout(() => settle(() => reject(new Error(`probe worker did not finish within ${limit} ms`))), limit);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'sample') {
        samples.push(m.sample);
        timedFrom = m.timedFrom;
        opts.onSample?.(m.sample);
      } else if (m.type === 'done') {
        settle(() => resolve({ samples, startedAt: m.startedAt, finishedAt: m.finishedAt, ...(timedFrom ? { timedFrom } : {}) }));
      } else {
        settle(() => reject(new Error(`probe worker failed: ${m.message}`)));
      }
    });
    worker.on('error', (e) => settle(() => reject(new Error(`probe worker failed: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(new Error(`probe worker exited (code ${code}) before finishing`))));
  });
}
