/**
 * The embedded state: one instance, nothing to configure. Context, proposals and Teams retry ids live in this
 * process (bounded LRUs); the audit trail and baselines are files under NETOPS_DATA_DIR. What several instances
 * need (claims another instance can see, leases of a process that may die) has nothing to do here: the host's
 * own de-duplication and graceful shutdown cover one process.
 */
import { access, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import { JsonlAuditStore } from '../audit/store.ts';
import { createConfirmations } from '../commands/confirmations.ts';
import { createMemory } from '../commands/memory.ts';
import { FileBaselineStore } from '../probes/baselines.ts';
import type { ActivityClaims, JobLedger, SharedState } from './types.ts';

/** One process: the host's in-memory de-duplication sees every retry, so every claim here is a first one. */
export const processClaims: ActivityClaims = {
  claim: async () => true,
  saveAnswer: async () => undefined,
  answer: async () => undefined,
};

/** One process: its graceful shutdown marks its own commands; nobody else could take them over. */
export function processJobs(): JobLedger {
  const instanceId = `local-${process.pid}`;
  return {
    instanceId,
    register: async () => undefined,
    finish: async () => undefined,
    heartbeat: async () => undefined,
    claimOrphans: async () => [],
    retire: async () => undefined,
  };
}

export function createEmbeddedState(dataDir: string, notices: readonly string[] = []): SharedState {
  const audit = new JsonlAuditStore(dataDir);
  return {
    kind: 'files',
    location: resolve(dataDir),
    notices,
    context: createMemory(),
    confirmations: createConfirmations(),
    claims: processClaims,
    audit,
    baselines: new FileBaselineStore(dataDir),
    jobs: processJobs(),
    async health() {
      // The directory is made on first write; when it exists it must be writable.
      const ok = await access(dataDir, constants.W_OK).then(
        () => true,
        (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
      );
      return { ok, detail: ok ? `files under ${resolve(dataDir)}` : `${resolve(dataDir)} is not writable` };
    },
    sweep: async () => 0,
    close: () => audit.flush(),
  };
}
