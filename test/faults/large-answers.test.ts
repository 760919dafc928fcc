/**
 * Issue 15, point 4, end to end: what the engineer sees when Azure's answer is bigger than the bot reads. A list
 * longer than AZURE_MAX_LIST_ITEMS is shown cut, with a note that says so and how to raise the limit; an answer
 * larger than AZURE_MAX_RESPONSE_MB is a clear "too large" error, not a diagnosis and not a 500. Real bot over
 * HTTP, real SDK over HTTPS to the demo emulator (whose demo world has 18 circuits).
 */
import { expect, it } from 'vitest';
import { useFaultRig } from '../helpers/fault-rig.ts';
import { expectHealthy } from '../security/bot-http.ts';

const rig = useFaultRig({ AZURE_MAX_LIST_ITEMS: '10', AZURE_MAX_RESPONSE_MB: '1' });

const ask = (text: string) => rig.ask(text, { timeoutMs: 30_000 });

it('a list longer than AZURE_MAX_LIST_ITEMS: the first 10 circuits, and a note that the list was cut and how to raise the limit', async () => {
  const a = await ask('circuits');
  expect(a.text).toMatch(/Azure has more circuits than the bot reads from one list \(10\): only the first 10 were used/);
  expect(a.text).toMatch(/AZURE_MAX_LIST_ITEMS/);
  expect(a.text).not.toMatch(/❌/);
  const rows = rig.handle.services.azure.listCircuits();
  expect((await rows).length).toBe(10);
  // The note also comes with an answer that only looked a name up in the cut list (from the cache now).
  const bgp = await ask('bgp status tokyo-er');
  expect(bgp.text).toMatch(/Azure has more circuits than the bot reads/);
});

it('an answer larger than AZURE_MAX_RESPONSE_MB (a 3 MB circuit): "too large", no verdict drawn from it, not retried; the bot stays healthy', async () => {
  // A circuit GET answered with 3 MB: ARM's own shape, padded with 15,000 bogus peerings.
  const peerings = Array.from({ length: 15_000 }, (_, i) => ({ id: `/x/peerings/p${i}`, name: `p${i}`, properties: { peeringType: 'AzurePrivatePeering', state: 'Enabled', provisioningState: 'Succeeded', pad: 'x'.repeat(120) } }));
  const body = { id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/tokyo-er', name: 'tokyo-er', location: 'japaneast', properties: { provisioningState: 'Succeeded', peerings } };
  expect(JSON.stringify(body).length).toBeGreaterThan(2 * 1024 * 1024);
  rig.emulator.faults.add({ kind: 'replace-body', operation: 'circuits.get', body });
  const before = rig.emulator.requests.count({ operation: 'circuits.get' });
  const a = await ask('bgp status tokyo-er');
  expect(a.text).toMatch(/❌ Could not run/);
  expect(a.text).toMatch(/Azure's answer was larger than the bot reads from one answer \(1 MiB\), so none of it was used/);
  expect(a.text).toMatch(/Retrying will not help/);
  expect(a.text).not.toMatch(/ER-|CRITICAL/);
  expect(rig.emulator.requests.count({ operation: 'circuits.get' }) - before).toBeLessThanOrEqual(1);
  await expectHealthy(rig.bot.url);
});
