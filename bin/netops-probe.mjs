#!/usr/bin/env node
// The `netops-probe` command: TCP connect probes (PsPing-style) and the probe agent server. Runs the compiled CLI
// (dist/probe-agent/cli.js), like bin/netops.mjs: dist/ is built first when it is missing or older than src/.
// First: on a Node.js older than package.json's engines, one line saying which version is needed, and exit code 1.
import '../scripts/check-node.mjs';
import module from 'node:module';
import { ensureBuiltOrExit } from '../scripts/build.mjs';

ensureBuiltOrExit();
// V8's compiled code of every module, kept on disk (os.tmpdir()/node-compile-cache, or NODE_COMPILE_CACHE): later
// starts skip compiling them again (about a tenth of the start-up; see BENCHMARKS.md, "Start-up").
module.enableCompileCache?.();
await import('../dist/probe-agent/cli.js');
