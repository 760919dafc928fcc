/**
 * What the latency commands need at run time: the configured probe agents, the baseline store and the pacing
 * every measurement uses (the same for both sides of a comparison: pacing changes the figures).
 * Built once by src/services.ts from `config.probeAgents` and `config.dataDir`. Nothing here touches the
 * network or the disk until a command asks.
 */
import type { AppConfig } from '../config.ts';
import { AgentDirectory, type AgentClientOptions, type Pacing } from './agent-client.ts';
import { FileBaselineStore, type BaselineStore } from './baselines.ts';

/** 1 warmup per target, a probe (or an interleaved round) every 500 ms, 2 s connect timeout. */
export const DEFAULT_PACING: Readonly<Pacing> = { warmup: 1, intervalMs: 500, timeoutMs: 2000 };
/** Samples per side when a command names none: enough for the tests to tell a 1 ms shift (latency.md). */
export const DEFAULT_COUNT = 20;
/** The most a command may ask for per side (the agent's default maxCount). */
export const MAX_COUNT = 200;

export interface ProbeService {
  agents: AgentDirectory;
  baselines: BaselineStore;
  pacing: Readonly<Pacing>;
}

export interface ProbeServiceOptions {
  pacing?: Partial<Pacing>;
  client?: AgentClientOptions;
  /** Where baselines are kept; default the embedded files under config.dataDir. */
  baselines?: BaselineStore;
}

export function createProbeService(config: Pick<AppConfig, 'probeAgents' | 'dataDir'>, options: ProbeServiceOptions = {}): ProbeService {
  return {
    agents: new AgentDirectory(config.probeAgents, options.client),
    baselines: options.baselines ?? new FileBaselineStore(config.dataDir),
    pacing: { ...DEFAULT_PACING, ...options.pacing },
  };
}
