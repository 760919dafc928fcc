/**
 * The probe worker: a worker_thread that runs one measurement job (measure.ts) and does nothing else. It gets
 * the job as workerData, posts every sample as it is taken, then 'done' (or 'failed'), and exits. The main
 * thread ends a job early with worker.terminate().
 *
 * Loaded through probe-worker-boot.mjs, which registers tsx in the worker first (see run-probes.ts).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runJob } from './measure.ts';
import type { ProbeJob, WorkerMessage } from './types.ts';

if (isMainThread || !parentPort) throw new Error('probe-worker.ts runs as a worker thread (see run-probes.ts)');
const port = parentPort;
const post = (m: WorkerMessage) => port.postMessage(m);

try {
  const { startedAt, finishedAt } = await runJob(workerData as ProbeJob, (sample, timedFrom) => post({ type: 'sample', sample, timedFrom }));
  post({ type: 'done', startedAt, finishedAt });
} catch (e) {
  post({ type: 'failed', message: (e as Error).message });
}
