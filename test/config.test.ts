import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackUrl, loadConfig } from '../src/config.ts';

const SUB = '00000000-0000-4000-8000-000000000001';

describe('loadConfig', () => {
  it('runs the embedded demo when neither Azure variable is set', () => {
    const c = loadConfig({});
    expect(c.azure.mode).toBe('demo');
    expect(c.port).toBe(3978);
    expect(c.localMode).toBe(true);
  });

  it('treats a loopback endpoint as an emulator and a public one as live', () => {
    expect(loadConfig({ AZURE_ARM_ENDPOINT: 'https://127.0.0.1:8443', AZURE_SUBSCRIPTION_IDS: SUB }).azure.mode).toBe('emulator');
    expect(loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB }).azure.mode).toBe('live');
    expect(loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB }).azure.endpoint).toBe('https://management.azure.com');
  });

  it('refuses plain http and non-GUID subscriptions with the variable named', () => {
    expect(() => loadConfig({ AZURE_ARM_ENDPOINT: 'http://127.0.0.1:8443', AZURE_SUBSCRIPTION_IDS: SUB })).toThrow(/AZURE_ARM_ENDPOINT/);
    expect(() => loadConfig({ AZURE_SUBSCRIPTION_IDS: 'prod' })).toThrow(ConfigError);
    expect(() => loadConfig({ AZURE_ARM_ENDPOINT: 'https://localhost:1' })).toThrow(/AZURE_SUBSCRIPTION_IDS/);
  });

  it('requires a tenant for SingleTenant and accepts UserAssignedMSI without a password', () => {
    expect(() => loadConfig({ MicrosoftAppId: 'x', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' })).toThrow(/MicrosoftAppTenantId/);
    const c = loadConfig({ MicrosoftAppId: 'x', MicrosoftAppTenantId: 't', MicrosoftAppType: 'userassignedmsi' });
    expect(c.bot.appType).toBe('UserAssignedMSI');
    expect(c.localMode).toBe(false);
  });

  it('listens on loopback only while unauthenticated, unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ MicrosoftAppId: 'x', MicrosoftAppPassword: 'p' }).host).toBeUndefined();
  });

  it('reads probe agents from JSON and refuses bad ones without echoing the token', () => {
    const agents = [{ name: 'tokyo-dc', url: 'https://10.9.0.5:8765', token: 'a-long-secret-token-123', site: 'Tokyo DC' }];
    expect(loadConfig({ NETOPS_PROBE_AGENTS: JSON.stringify(agents) }).probeAgents).toEqual(agents);
    expect(loadConfig({}).probeAgents).toEqual([]);
    const short = [{ name: 'x', url: 'https://h:1', token: 'tiny-secret' }];
    let message = '';
    try {
      loadConfig({ NETOPS_PROBE_AGENTS: JSON.stringify(short) });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('NETOPS_PROBE_AGENTS[0].token: at least 16 characters');
    expect(message).not.toContain('tiny-secret');
    expect(() => loadConfig({ NETOPS_PROBE_AGENTS: '[oops' })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ NETOPS_PROBE_AGENTS: JSON.stringify([agents[0], agents[0]]) })).toThrow(/used twice/);
  });

  it('reads test VMs per circuit or gateway', () => {
    expect(loadConfig({ NETOPS_TEST_VMS: 'Tokyo-ER=vm-hub-test, hub-ergw=vm-hub-test' }).testVms).toEqual({ 'tokyo-er': 'vm-hub-test', 'hub-ergw': 'vm-hub-test' });
    expect(() => loadConfig({ NETOPS_TEST_VMS: 'tokyo-er' })).toThrow(/NETOPS_TEST_VMS/);
  });

  it('gives the embedded demo its test VM, and nothing else one by default', () => {
    expect(loadConfig({}).testVms).toEqual({ 'london-er': 'vm-hub-test', 'hub-ergw': 'vm-hub-test' });
    expect(loadConfig({ NETOPS_TEST_VMS: 'tokyo-er=vm-a' }).testVms).toEqual({ 'tokyo-er': 'vm-a' });
    expect(loadConfig({ AZURE_SUBSCRIPTION_IDS: '00000000-0000-4000-8000-000000000001' }).testVms).toEqual({});
    expect(loadConfig({ AZURE_ARM_ENDPOINT: 'https://127.0.0.1:8443', AZURE_SUBSCRIPTION_IDS: '00000000-0000-4000-8000-000000000001' }).testVms).toEqual({});
  });

  it('keeps state in files unless a storage account is named', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'files' });
    expect(loadConfig({ NETOPS_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net/' }).storage).toEqual({
      kind: 'azure',
      blobUrl: 'https://acct.blob.core.windows.net',
      tableUrl: 'https://acct.table.core.windows.net',
      namespace: 'netops',
      instanceLeaseMs: 30_000,
    });
    // Sovereign clouds keep their own suffix; a custom table endpoint can be named.
    expect(loadConfig({ NETOPS_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.chinacloudapi.cn' }).storage).toMatchObject({ tableUrl: 'https://acct.table.core.chinacloudapi.cn' });
    expect(loadConfig({ NETOPS_STORAGE_ACCOUNT_URL: 'http://127.0.0.1:10000/devstoreaccount1', NETOPS_STORAGE_TABLE_URL: 'http://127.0.0.1:10002/devstoreaccount1' }).storage).toMatchObject({
      blobUrl: 'http://127.0.0.1:10000/devstoreaccount1',
      tableUrl: 'http://127.0.0.1:10002/devstoreaccount1',
    });
    expect(loadConfig({ NETOPS_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', NETOPS_STORAGE_NAMESPACE: 'staging', NETOPS_INSTANCE_LEASE_SECONDS: '10' }).storage).toEqual({
      kind: 'azure',
      connectionString: 'UseDevelopmentStorage=true',
      namespace: 'staging',
      instanceLeaseMs: 10_000,
    });
  });

  it('refuses storage settings that cannot work, naming the variable and never the key', () => {
    const key = 'AccountKey=c2VjcmV0LWtleS1ub3QtZm9yLWxvZ3M=';
    expect(() => loadConfig({ NETOPS_STORAGE_ACCOUNT_URL: 'https://acct.blob.core.windows.net', NETOPS_STORAGE_CONNECTION_STRING: `AccountName=a;${key}` })).toThrow(/not both/);
    expect(() => loadConfig({ NETOPS_STORAGE_ACCOUNT_URL: 'https://storage.contoso.com' })).toThrow(/NETOPS_STORAGE_ACCOUNT_URL: .*not a blob endpoint.*NETOPS_STORAGE_TABLE_URL/);
    expect(() => loadConfig({ NETOPS_STORAGE_TABLE_URL: 'https://acct.table.core.windows.net' })).toThrow(/needs NETOPS_STORAGE_ACCOUNT_URL/);
    expect(() => loadConfig({ NETOPS_STORAGE_NAMESPACE: 'Bad-Name', NETOPS_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' })).toThrow(/NETOPS_STORAGE_NAMESPACE/);
    expect(() => loadConfig({ NETOPS_INSTANCE_LEASE_SECONDS: '1' })).toThrow(/NETOPS_INSTANCE_LEASE_SECONDS/);
    let message = '';
    try {
      loadConfig({ NETOPS_STORAGE_CONNECTION_STRING: `Endpoint=sb://not-storage;${key}` });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/NETOPS_STORAGE_CONNECTION_STRING is not a storage connection string/);
    expect(message).not.toContain('c2VjcmV0');
  });

  it('recognizes loopback hosts only', () => {
    expect(isLoopbackUrl('https://localhost:1')).toBe(true);
    expect(isLoopbackUrl('https://[::1]:1')).toBe(true);
    expect(isLoopbackUrl('https://127.8.0.1')).toBe(true);
    expect(isLoopbackUrl('https://10.0.0.1')).toBe(false);
    expect(isLoopbackUrl('https://management.azure.com')).toBe(false);
  });
});
