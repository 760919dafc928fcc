/**
 * An AzureReader that starts the real one (the Azure SDK clients, and in demo mode the embedded emulator) at
 * its first Azure call. The CLI uses it so that `netops run help` never loads @azure/arm-network or
 * @azure/identity (src/services.ts, `lazyAzure`); the bot starts Azure at once, since /readyz asks it anyway.
 * Until it is started, `endpoint` and `subscriptionIds` are the configured ones (in demo mode: not yet known).
 */
import type { AzureReader } from './reader.ts';

/** The reader's methods (everything but its three plain properties). */
type ReaderMethod = { [K in keyof AzureReader]: AzureReader[K] extends (...args: never[]) => unknown ? K : never }[keyof AzureReader];

const METHODS = [
  'listCircuits',
  'resolveCircuit',
  'getCircuit',
  'getServiceKey',
  'getCircuitStats',
  'getArpTable',
  'getRouteTable',
  'getRouteSummary',
  'readPaths',
  'listGateways',
  'resolveGateway',
  'getBgpPeerStatus',
  'getLearnedRoutes',
  'listConnections',
  'resolveConnection',
  'getVirtualNetwork',
  'listVirtualMachines',
  'resolveVirtualMachine',
  'listNetworkInterfaces',
  'resolveNetworkInterface',
  'listNetworkWatchers',
  'checkConnectivity',
  'verifyIpFlow',
  'getNextHop',
  'getEffectiveRoutes',
  'getEffectiveSecurityGroups',
  'health',
] as const satisfies readonly ReaderMethod[];

// Fails to compile when AzureReader gains a method that is not listed above.
const everyMethodListed: [Exclude<ReaderMethod, (typeof METHODS)[number]>] extends [never] ? true : never = true;
void everyMethodListed;

export interface LazyAzureReader extends AzureReader {
  /** Starts the real reader now (once); resolves when it is ready. */
  start(): Promise<AzureReader>;
  /** The real reader once started. */
  readonly started: AzureReader | undefined;
  /** Resolves when a start under way has ended (at once when none was asked for); never rejects. */
  settled(): Promise<void>;
}

export function lazyAzureReader(opts: {
  simulated: boolean;
  endpoint: string;
  subscriptionIds: readonly string[];
  create: () => Promise<AzureReader>;
}): LazyAzureReader {
  let starting: Promise<AzureReader> | undefined;
  let real: AzureReader | undefined;
  const start = () =>
    (starting ??= opts.create().then(
      (r) => (real = r),
      (e: unknown) => {
        // A failed start (e.g. the emulator's port) is tried again by the next call, not remembered forever.
        starting = undefined;
        throw e;
      },
    ));
  const reader = {
    simulated: opts.simulated,
    get endpoint() {
      return real?.endpoint ?? opts.endpoint;
    },
    get subscriptionIds() {
      return real?.subscriptionIds ?? opts.subscriptionIds;
    },
    get started() {
      return real;
    },
    start,
    settled: async () => {
      await starting?.catch(() => undefined);
    },
  } as Record<string, unknown>;
  for (const name of METHODS) {
    reader[name] = async (...args: unknown[]) => {
      const r = real ?? (await start());
      return (r[name] as (...a: unknown[]) => unknown).apply(r, args);
    };
  }
  return reader as unknown as LazyAzureReader;
}
