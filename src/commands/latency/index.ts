/** The latency commands (probe agents, latency, latency compare, baselines), registered in ../index.ts. */
import type { CommandSpec } from '../types.ts';

export const LATENCY_COMMANDS: readonly CommandSpec[] = [];
