/** Test harness: the real emulator on loopback HTTPS, and our ArmReader over the real SDK pointed at it. */
import { ArmReader, type ArmReaderOptions } from '../../src/azure/arm-reader.ts';
import { AzureError } from '../../src/azure/errors.ts';
import { type ClientOptions, createNetworkClients } from '../../src/azure/client.ts';
import { localTokenCredential } from '../../src/azure/credential.ts';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '../../src/emulator/server.ts';

export interface ReaderHarness {
  emu: EmulatorHandle;
  reader: ArmReader;
  close(): Promise<void>;
}

export async function startReaderHarness(
  opts: { emulator?: EmulatorOptions; reader?: Partial<Omit<ArmReaderOptions, 'clients'>>; clients?: Partial<ClientOptions> } = {},
): Promise<ReaderHarness> {
  const emu = await startEmulator({ lroDurationScale: 0, ...opts.emulator });
  const clients = createNetworkClients({
    endpoint: emu.url,
    subscriptionIds: emu.subscriptionIds,
    credential: localTokenCredential(),
    caPem: emu.caPem,
    retryDelayMs: 20,
    ...opts.clients,
  });
  const reader = new ArmReader({
    clients,
    endpoint: emu.url,
    simulated: true,
    lroPollMs: 10,
    callTimeoutMs: 10_000,
    ...opts.reader,
  });
  return { emu, reader, close: () => emu.close() };
}

export const DEMO_PROD_SUB = '00000000-0000-4000-8000-000000000001';
export const DEMO_DR_SUB = '00000000-0000-4000-8000-000000000002';

/** The AzureError a read rejects with (fails the test if it resolves or throws anything else). */
export async function rejection(p: Promise<unknown>): Promise<AzureError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AzureError) return e;
    throw e;
  }
  throw new Error('expected an AzureError');
}
