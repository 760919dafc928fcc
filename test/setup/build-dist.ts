/**
 * Vitest global setup: dist/ up to date before any test file runs, so that tests starting the compiled program
 * (bin/netops.mjs, bin/netops-probe.mjs, scripts/start.mjs) do not each find it stale and compile it themselves
 * (scripts/build.mjs; its lock makes them wait for one build) or print "compiling" on their stderr.
 */
import { ensureBuilt } from '../../scripts/build.mjs';

export default function setup(): void {
  ensureBuilt();
}
