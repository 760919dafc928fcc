#!/usr/bin/env node
// `npm start`: the compiled bot (dist/index.js), after building dist/ when it is missing or older than src/
// (scripts/build.mjs), so that an edit to src/ is never run stale. One process: signals reach the bot. The
// container image runs `node dist/index.js` directly (Dockerfile).
// First: on a Node.js older than package.json's engines, one line saying which version is needed, and exit code 1.
import './check-node.mjs';
import module from 'node:module';
import { ensureBuiltOrExit } from './build.mjs';

ensureBuiltOrExit();
// V8's compiled code of every module, kept on disk (os.tmpdir()/node-compile-cache, or NODE_COMPILE_CACHE): later
// starts skip compiling them again (about a tenth of the start-up; see BENCHMARKS.md, "Start-up").
module.enableCompileCache?.();
await import('../dist/index.js');
