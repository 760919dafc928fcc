/** `npm run probe-agent -- [--config path]`: the probe agent's HTTP(S) server (see serve.ts). */
import { runServe } from './serve.ts';

await runServe(process.argv.slice(2));
