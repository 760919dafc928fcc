// Preloaded with `node --import` by test/cli/startup.test.ts: records the URL of every module the process loads
// (ESM imports and CommonJS requires alike, through module.registerHooks) in the file named by
// NETOPS_MODULE_TRACE, one per line.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env.NETOPS_MODULE_TRACE;
if (out) {
  registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(out, `${url}\n`);
      return nextLoad(url, context);
    },
  });
}
