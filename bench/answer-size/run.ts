/**
 * Issue 15, point 4: what one oversized ARM answer costs the bot. The emulator (own process) answers the circuit
 * list with `mb` MB; the bot's ArmReader (this process) reads it with the default ceiling (AZURE_MAX_RESPONSE_MB,
 * 16) and, for comparison, with a ceiling above the answer (the behaviour before the ceiling existed). Reports the
 * outcome, the time, and this process's RSS before and at its peak (sampled every 5 ms).
 *   npm run bench:answer-size [-- <mb>]     (default 50)
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ArmReader } from '../../src/azure/arm-reader.ts';
import { createNetworkClients } from '../../src/azure/client.ts';
import { localTokenCredential } from '../../src/azure/credential.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/azure/response-cap.ts';

const mb = Number(process.argv[2] ?? 50);
const child = fork(fileURLToPath(new URL('./emulator.ts', import.meta.url)), [String(mb)], { execArgv: ['--import', 'tsx'] });
const emu = await new Promise<{ url: string; caPem: string; subscriptionId: string; items: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

async function read(maxResponseBytes: number): Promise<string> {
  const clients = createNetworkClients({ endpoint: emu.url, subscriptionIds: [emu.subscriptionId], credential: localTokenCredential(), caPem: emu.caPem, maxResponseBytes });
  const reader = new ArmReader({ clients, endpoint: emu.url, simulated: true, lroPollMs: 10, callTimeoutMs: 120_000 });
  global.gc?.();
  const before = rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 5);
  const started = Date.now();
  let outcome: string;
  try {
    outcome = `read ${(await reader.listCircuits()).length} circuits`;
  } catch (e) {
    outcome = `refused (${(e as { kind?: string }).kind})`;
  }
  clearInterval(sampler);
  return `ceiling ${Math.round(maxResponseBytes / 1048576)} MiB: ${outcome} in ${Date.now() - started} ms; RSS ${before} -> peak ${Math.max(peak, rssMb())} MB`;
}

try {
  console.log(`answer: ${mb} MB (${emu.items} circuits)`);
  console.log(await read(DEFAULT_MAX_RESPONSE_BYTES));
  console.log(await read((mb + 64) * 1024 * 1024));
} finally {
  child.kill();
}
