#!/usr/bin/env node
// The `netops-probe` command: TCP connect probes (PsPing-style) and the probe agent server. Runs the TypeScript
// CLI through tsx's loader, like bin/netops.mjs; the probe worker registers tsx in its own thread
// (src/probe-agent/probe-worker-boot.mjs).
import { register } from 'tsx/esm/api';

register();
await import('../src/probe-agent/cli.ts');
