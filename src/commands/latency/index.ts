/** The latency commands (probe agents, latency, latency compare, baselines), registered in ../index.ts. */
import type { CommandSpec } from '../types.ts';
import { agentsSpec } from './agents.ts';
import { latencyBaselineListSpec } from './baseline-list.ts';
import { latencyBaselineSaveSpec } from './baseline-save.ts';
import { latencyCompareSpec } from './compare.ts';
import { latencyCompareBaselineSpec } from './compare-baseline.ts';
import { latencySpec } from './latency.ts';

export const LATENCY_COMMANDS: readonly CommandSpec[] = [
  latencyCompareSpec,
  latencySpec,
  latencyCompareBaselineSpec,
  latencyBaselineSaveSpec,
  latencyBaselineListSpec,
  agentsSpec,
];
