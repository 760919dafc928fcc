#!/usr/bin/env node
// The `netops` command: runs the compiled CLI (dist/cli/main.js). In a checkout, dist/ is built first when it is
// missing or older than src/ (scripts/build.mjs), so an edit to src/ is never run stale.
// First: on a Node.js older than package.json's engines, one line saying which version is needed, and exit code 1.
import '../scripts/check-node.mjs';
import module from 'node:module';
import { ensureBuiltOrExit } from '../scripts/build.mjs';

ensureBuiltOrExit();
// V8's compiled code of every module, kept on disk (os.tmpdir()/node-compile-cache, or NODE_COMPILE_CACHE): later
// starts skip compiling them again (about a tenth of the start-up; see BENCHMARKS.md, "Start-up").
module.enableCompileCache?.();
await import('../dist/cli/main.js');
