/** Test harness: the real emulator on loopback HTTPS, and our ArmReader over the real SDK pointed at it. */
import { afterAll, afterEach, beforeAll } from 'vitest';
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

/**
 * One harness for the test file: started before its tests, closed after all; after each test its faults, its
 * reader's cache and its request log are cleared, so every test reads ARM afresh and counts its own requests.
 */
export function useReaderHarness(opts: Parameters<typeof startReaderHarness>[0] = {}): ReaderHarness {
  let h: ReaderHarness | undefined;
  beforeAll(async () => {
    h = await startReaderHarness(opts);
  });
  afterAll(async () => h?.close());
  afterEach(() => {
    h?.emu.faults.clear();
    h?.reader.cache.clear();
    h?.emu.requests.reset();
  });
  const live = (): ReaderHarness => {
    if (!h) throw new Error('the reader harness is not started (useReaderHarness belongs at the top of a test file)');
    return h;
  };
  return {
    get emu() {
      return live().emu;
    },
    get reader() {
      return live().reader;
    },
    close: () => live().close(),
  };
}
