// Worker entry point. A worker thread does not inherit the TypeScript loader that tsx registers in the main
// thread (module.register hooks are per thread; with --no-experimental-strip-types a worker given the .ts file
// fails with "Unknown file extension .ts"), and Node's own type stripping refuses files under node_modules.
// So the worker registers tsx itself, then loads the TypeScript worker. Works the same under `tsx`, the
// bin/netops-probe.mjs launcher, vitest and a global npm install.
import { register } from 'tsx/esm/api';

register();
await import('./probe-worker.ts');
