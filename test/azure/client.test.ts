/** The client factory: which token the SDK asks for, per cloud, seen through the real SDK against the emulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/core-auth';
import { armScope, createNetworkClients } from '../../src/azure/client.ts';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/server.ts';

describe('armScope', () => {
  it('asks each cloud\'s Entra ID for its own ARM audience', () => {
    expect(armScope('https://management.azure.com')).toBe('https://management.azure.com/.default');
    expect(armScope('https://management.usgovcloudapi.net/')).toBe('https://management.core.usgovcloudapi.net/.default');
    expect(armScope('https://Management.ChinaCloudAPI.cn')).toBe('https://management.core.chinacloudapi.cn/.default');
    // Azure Stack Hub and emulators are their own audience.
    expect(armScope('https://management.local.azurestack.external:443/')).toBe('https://management.local.azurestack.external/.default');
    expect(armScope('https://127.0.0.1:8443')).toBe('https://127.0.0.1:8443/.default');
  });
});

describe('the SDK asks the credential for the endpoint\'s scope', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({ lroDurationScale: 0 });
  });
  afterAll(async () => emu.close());

  it('for network and resource clients alike', async () => {
    const asked: string[][] = [];
    const credential: TokenCredential = {
      getToken: async (scopes) => {
        asked.push([scopes].flat());
        return { token: 'scope-test-token', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const clients = createNetworkClients({ endpoint: emu.url, subscriptionIds: emu.subscriptionIds, credential, caPem: emu.caPem });
    const sub = emu.subscriptionIds[0]!;
    for await (const _ of clients.forSubscription(sub).expressRouteCircuits.listAll()) break;
    for await (const _ of clients.resourcesFor(sub).resources.list()) break;
    expect(asked.length).toBeGreaterThanOrEqual(2);
    expect(new Set(asked.flat())).toEqual(new Set([`${emu.url}/.default`]));
  });
});
