/**
 * Shared state on Azure Storage, for several instances of the bot: two tables (`<ns>state` for context,
 * proposals, retry claims, background commands and leases; `<ns>audit` for the audit trail) and a blob
 * container (`<ns>-baselines`). ETags and create-only writes give the guarantees; there is no lock service.
 *
 * Authentication: NETOPS_STORAGE_ACCOUNT_URL with DefaultAzureCredential (a managed identity in Azure, with
 * the Storage Table Data Contributor and Storage Blob Data Contributor roles on the account), or a connection
 * string (Azurite in the tests, or an account key: a secret, never logged).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { StorageConfig } from '../../config.ts';
import type { SharedState } from '../types.ts';
import { TableAuditStore } from './audit.ts';
import { BlobBaselineStore } from './baselines.ts';
import { CLAIM_PARTITION, tableClaims } from './claims.ts';
import { CONFIRM_PARTITION, tableConfirmations } from './confirmations.ts';
import { CONTEXT_PARTITION, tableMemory } from './context.ts';
import { INSTANCE_PARTITION, tableJobs } from './jobs.ts';
import { deleteExpired } from './tables.ts';

type AzureStorage = Extract<StorageConfig, { kind: 'azure' }>;

/** Rows one sweep deletes at the most per partition: sweeps are frequent, a backlog goes over several. */
const SWEEP_LIMIT = 500;

interface Clients {
  state: TableClient;
  audit: TableClient;
  baselines: ContainerClient;
  /** Shown in /readyz and logs: endpoints only, never a key or a SAS. */
  location: string;
}

async function clientsFor(storage: AzureStorage): Promise<Clients> {
  const stateTable = `${storage.namespace}state`;
  const auditTable = `${storage.namespace}audit`;
  const container = `${storage.namespace}-baselines`;
  if (storage.connectionString) {
    const cs = storage.connectionString;
    // Azurite and other local endpoints are plain HTTP; the SDK refuses that unless told.
    const allowInsecureConnection = /(^|;)\s*(UseDevelopmentStorage=true|DefaultEndpointsProtocol=http\s*(;|$)|[A-Za-z]+Endpoint=http:)/i.test(cs);
    const blobService = BlobServiceClient.fromConnectionString(cs);
    const state = TableClient.fromConnectionString(cs, stateTable, { allowInsecureConnection });
    return {
      state,
      audit: TableClient.fromConnectionString(cs, auditTable, { allowInsecureConnection }),
      baselines: blobService.getContainerClient(container),
      location: `${new URL(state.url).origin} (tables ${stateTable}, ${auditTable}) and ${blobService.url.replace(/\?.*$/, '')} (container ${container})`,
    };
  }
  const { DefaultAzureCredential } = await import('@azure/identity');
  const credential = new DefaultAzureCredential();
  const tableUrl = storage.tableUrl!;
  const blobUrl = storage.blobUrl!;
  const allowInsecureConnection = tableUrl.startsWith('http:');
  return {
    state: new TableClient(tableUrl, stateTable, credential, { allowInsecureConnection }),
    audit: new TableClient(tableUrl, auditTable, credential, { allowInsecureConnection }),
    baselines: new BlobServiceClient(blobUrl, credential).getContainerClient(container),
    location: `${tableUrl} (tables ${stateTable}, ${auditTable}) and ${blobUrl} (container ${container})`,
  };
}

/** How the bot authenticates to the account: a token (DefaultAzureCredential) or a connection string (a key or SAS). */
export type StorageAuth = 'token' | 'connection-string';

const oneLine = (s: string, max: number) => s.replace(/\s+/g, ' ').trim().slice(0, max);

/**
 * What DefaultAzureCredential's failure says about the managed identity, when its endpoint answered with an error
 * or could not be reached (MSAL puts the endpoint's own words after "Description:"); undefined otherwise.
 */
function managedIdentityProblem(e: unknown): string | undefined {
  const errors = (e as { errors?: unknown[] } | null)?.errors ?? [e];
  const messages = errors.map((x) => (x as Error | null)?.message).filter((m): m is string => typeof m === 'string');
  if (messages.some((m) => m.startsWith('ManagedIdentityCredential: Network unreachable'))) {
    return 'no token: the managed identity endpoint (IDENTITY_ENDPOINT, or IMDS on a VM) is not reachable';
  }
  const failed = messages.find((m) => m.startsWith('ManagedIdentityCredential: Authentication failed'));
  if (!failed) return undefined;
  const said = /Description: (.*?) - Correlation ID:/s.exec(failed)?.[1] ?? failed.replace(/^ManagedIdentityCredential: Authentication failed\. Message:? ?/, '');
  return `no token from the managed identity: its endpoint answered "${oneLine(said, 160)}" (for a user-assigned identity, AZURE_CLIENT_ID must be the client id of an identity assigned to this app)`;
}

/**
 * Why the state store cannot be used, in words an operator can act on (never the key, the token or the raw XML).
 * `auth` says how the bot authenticated: a refused token gets the account's own reason (audience, issuer,
 * lifetime), not the advice about roles or the account key.
 */
export function storageProblem(e: unknown, auth?: StorageAuth): string {
  const status = (e as { statusCode?: number } | null)?.statusCode;
  const details = (e as { details?: Record<string, unknown> } | null)?.details;
  const code = (e as { code?: string } | null)?.code ?? (typeof details?.errorCode === 'string' ? details.errorCode : undefined);
  const name = (e as Error | null)?.name;
  if (auth === 'token' && (status === 401 || status === 403) && (code === 'AuthenticationFailed' || code === 'InvalidAuthenticationInfo')) {
    const detail = details?.authenticationErrorDetail ?? details?.AuthenticationErrorDetail;
    const why = typeof detail === 'string' && detail.trim() ? `: ${oneLine(detail.split('\n')[0]!, 160)}` : '';
    return `the account refused the bot's token (${status} ${code}${why}): Azure Storage accepts only a token for https://storage.azure.com, from the account's own tenant, within its lifetime`;
  }
  if (status === 403) {
    return 'access refused (403): the bot\'s identity needs the Storage Table Data Contributor and Storage Blob Data Contributor roles on the account (or the account key in the connection string is wrong)';
  }
  if (status === 401) return 'not authenticated (401): no token for the storage account (check AZURE_CLIENT_ID for a user-assigned managed identity)';
  if (status === 404) return 'the account or endpoint does not exist (404)';
  if (status) return `HTTP ${status}`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EAI_AGAIN') return `not reachable (${code})`;
  if (name === 'CredentialUnavailableError' || name === 'AuthenticationError' || name === 'AggregateAuthenticationError') {
    return managedIdentityProblem(e) ?? 'no credential: DefaultAzureCredential found no managed identity, service principal or az login';
  }
  return ((e as Error)?.message ?? String(e)).split('\n')[0]!.slice(0, 200);
}

export class StorageUnusableError extends Error {
  override name = 'StorageUnusableError';
  readonly statusCode: number | undefined;

  constructor(location: string, cause: unknown, auth?: StorageAuth) {
    super(`Azure Storage (${location}) cannot be used: ${storageProblem(cause, auth).replace(/\.+$/, '')}.`);
    this.statusCode = (cause as { statusCode?: number } | null)?.statusCode;
  }
}

export function newInstanceId(): string {
  return `${hostname().replace(/[^\w.-]/g, '-').slice(0, 40)}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export async function createAzureState(storage: AzureStorage, instanceId = newInstanceId()): Promise<SharedState> {
  const c = await clientsFor(storage);
  const auth: StorageAuth = storage.connectionString ? 'connection-string' : 'token';
  // Made once here (idempotent: each call is a no-op when it exists), so no request path has to.
  try {
    await Promise.all([c.state.createTable(), c.audit.createTable(), c.baselines.createIfNotExists()]);
  } catch (e) {
    throw new StorageUnusableError(c.location, e, auth);
  }
  const jobs = tableJobs(c.state, instanceId, storage.instanceLeaseMs);
  const audit = new TableAuditStore(c.audit);
  return {
    kind: 'azure',
    location: c.location,
    notices: [],
    context: tableMemory(c.state),
    confirmations: tableConfirmations(c.state),
    claims: tableClaims(c.state),
    audit,
    baselines: new BlobBaselineStore(c.baselines),
    jobs,
    async health() {
      try {
        await c.state.listEntities({ queryOptions: { filter: `PartitionKey eq '${INSTANCE_PARTITION}'` } }).byPage({ maxPageSize: 1 }).next();
        await c.baselines.getProperties();
        return { ok: true, detail: 'Azure Storage reachable' };
      } catch (e) {
        return { ok: false, detail: `Azure Storage not usable: ${storageProblem(e, auth)}` };
      }
    },
    async sweep() {
      const now = Date.now();
      let n = 0;
      for (const partition of [CLAIM_PARTITION, CONFIRM_PARTITION, CONTEXT_PARTITION, INSTANCE_PARTITION]) {
        n += await deleteExpired(c.state, partition, now, SWEEP_LIMIT);
      }
      return n;
    },
    close: () => audit.flush(),
  };
}
