// Worker entry point. A worker thread does not inherit the TypeScript loader that tsx registers in the main
// thread (module.register hooks are per thread; with --no-experimental-strip-types a worker given the .ts file
// fails with "Unknown file extension .ts"), and Node's own type stripping refuses files under node_modules.
// So the worker registers tsx itself, then loads the TypeScript worker. Used when running from the sources
// (`tsx`, vitest); the compiled program (dist/, bin/netops-probe.mjs) starts dist/probe-agent/probe-worker.js
// directly and needs no tsx (run-probes.ts), so this file is not copied to dist/.
import { register } from 'tsx/esm/api';

register();
await import('./probe-worker.ts');
