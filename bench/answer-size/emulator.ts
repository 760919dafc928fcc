/**
 * The emulator side of bench/answer-size/run.ts, in its own process so that building and sending the big answer
 * does not count in the reader's memory: the demo world, with every circuit list answered by `mb` megabytes of
 * ARM-shaped circuits (the replace-body fault). Tells its parent where it listens.
 */
import { startEmulator } from '../../src/emulator/server.ts';

const mb = Number(process.argv[2] ?? 50);
const emu = await startEmulator({ lroDurationScale: 0 });
emu.world.settings.rateLimits.enabled = false;
const circuit = (i: number) => ({
  id: `/subscriptions/${emu.subscriptionIds[0]}/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/c${i}`,
  name: `c${i}`,
  location: 'japaneast',
  properties: { provisioningState: 'Succeeded', serviceProviderProvisioningState: 'Provisioned', circuitProvisioningState: 'Enabled', peerings: [], note: 'x'.repeat(200) },
});
const perItem = JSON.stringify(circuit(0)).length + 1;
const value = Array.from({ length: Math.ceil((mb * 1024 * 1024) / perItem) }, (_, i) => circuit(i));
emu.faults.add({ kind: 'replace-body', operation: 'circuits.listAll', body: { value } });
process.send!({ url: emu.url, caPem: emu.caPem, subscriptionId: emu.subscriptionIds[0], items: value.length });
