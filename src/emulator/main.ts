/**
 * `npm run emulator [-- --port 8443 --world path.json --lro-scale 0.1 --host 127.0.0.1 --quiet]`:
 * the ARM emulator on its own, for running the bot (or curl, or the Azure CLI) against it.
 * Prints the environment lines that point the bot at it; stops cleanly on SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './server.ts';
import { WorldError } from './world.ts';

const USAGE = 'usage: npm run emulator -- [--port 8443] [--world path.json] [--lro-scale 1] [--host 127.0.0.1] [--quiet]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8443' },
        world: { type: 'string' },
        'lro-scale': { type: 'string', default: '1' },
        host: { type: 'string', default: '127.0.0.1' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const scale = Number(values['lro-scale']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: "${values.port}" is not a port number.\n${USAGE}`);
    process.exit(2);
  }
  if (!Number.isFinite(scale) || scale < 0) {
    console.error(`--lro-scale: "${values['lro-scale']}" is not a non-negative number.\n${USAGE}`);
    process.exit(2);
  }

  let emu;
  try {
    emu = await startEmulator({
      port,
      host: values.host,
      lroDurationScale: scale,
      ...(values.world ? { world: values.world } : {}),
      ...(values.quiet ? {} : { log: (line: string) => console.log(`${new Date().toISOString()} ${line}`) }),
    });
  } catch (e) {
    if (e instanceof WorldError) console.error(e.message);
    else console.error(`The emulator could not start: ${(e as Error).message}`);
    process.exit(1);
  }

  console.log(`NetOps ARM emulator listening on ${emu.url}`);
  console.log(`World: ${values.world ?? 'demo'} (${emu.world.circuits.length} circuits, ${emu.subscriptionIds.length} subscriptions)`);
  console.log(`CA certificate: ${emu.caPath}`);
  console.log('');
  console.log('Point the bot at it with:');
  console.log(`AZURE_ARM_ENDPOINT=${emu.url}`);
  console.log(`AZURE_SUBSCRIPTION_IDS=${emu.subscriptionIds.join(',')}`);
  console.log(`NODE_EXTRA_CA_CERTS=${emu.caPath}`);
  console.log('');
  console.log(`Admin: ${emu.url}/__emulator/health, /__emulator/requests, /__emulator/faults. Ctrl-C stops.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the emulator.`);
    void emu.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();
