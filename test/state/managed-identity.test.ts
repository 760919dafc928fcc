/**
 * The bot on Azure Storage with a managed identity, as it runs in Azure Container Apps: the real entry point
 * (src/index.ts) with NETOPS_STORAGE_ACCOUNT_URL and no key, DefaultAzureCredential finding the platform's
 * identity endpoint through IDENTITY_ENDPOINT and IDENTITY_HEADER (the App Service protocol, api-version
 * 2019-08-01; AZURE_CLIENT_ID picks the user-assigned identity), and the real Table and Blob SDKs sending its
 * token to Azurite, which runs over HTTPS with `--oauth basic` and checks the token's audience, issuer and
 * lifetime as Azure Storage does (not its signature: no Entra here to sign one).
 *
 * The identity endpoint is a loopback peer of the platform's: it answers only GETs that carry the secret header,
 * the api-version and a known client_id, and issues a JWT with Entra's claims. A second endpoint issues a token
 * for the wrong audience (Azure Resource Manager's): a bot given that one must refuse to start and say why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type Azurite } from '../helpers/azurite.ts';
import { cardOf, cardText, startFakeConnector, type ConnectorCall, type FakeConnector } from '../helpers/fake-connector.ts';
import { messageActivity, newChat, postActivity, STACKISH, type Chat } from '../teams/harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STORAGE = 'https://storage.azure.com';
const TENANT = 'bbbbbbbb-0000-4000-8000-00000000000b';
/** The user-assigned identity's client id (AZURE_CLIENT_ID) and its object id (the token's oid). */
const CLIENT_ID = 'cccccccc-0000-4000-8000-00000000000c';
const PRINCIPAL = 'dddddddd-0000-4000-8000-00000000000d';
const OPERATOR = 'aaaaaaaa-0000-4000-8000-0000000000a1';

// ---------------------------------------------------------------------------------------------------------
// The platform's managed-identity endpoint (App Service protocol, as Container Apps serves it).

interface TokenRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  resource: string | null;
  clientId: string | null;
  /** The X-IDENTITY-HEADER value was the secret. */
  headerOk: boolean;
  status: number;
}

interface IdentityEndpoint {
  /** For IDENTITY_ENDPOINT. */
  url: string;
  /** For IDENTITY_HEADER. */
  secret: string;
  requests: TokenRequest[];
  /** Every access token it issued (to check none is ever printed). */
  issued: string[];
  close(): Promise<void>;
}

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An Entra-shaped access token for a managed identity; the signature is random bytes (Azurite's basic mode does not check it). */
function accessToken(audience: string, now: number, lifetime: number): string {
  const header = { typ: 'JWT', alg: 'RS256', kid: 'netops-test-key' };
  const claims = {
    aud: audience,
    iss: `https://sts.windows.net/${TENANT}/`,
    iat: now - 5,
    nbf: now - 5,
    exp: now + lifetime,
    aio: b64url(randomBytes(24)),
    appid: CLIENT_ID,
    appidacr: '2',
    idp: `https://sts.windows.net/${TENANT}/`,
    idtyp: 'app',
    oid: PRINCIPAL,
    sub: PRINCIPAL,
    tid: TENANT,
    uti: b64url(randomBytes(16)),
    ver: '1.0',
    xms_mirid: `/subscriptions/00000000-0000-4000-8000-000000000001/resourcegroups/rg-netops/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-netops-bot`,
  };
  return `${b64url(header)}.${b64url(claims)}.${b64url(randomBytes(256))}`;
}

async function startIdentityEndpoint(options: { audience?: string } = {}): Promise<IdentityEndpoint> {
  const secret = randomBytes(16).toString('hex');
  const requests: TokenRequest[] = [];
  const issued: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = url.searchParams;
    const header = req.headers['x-identity-header'];
    const record: TokenRequest = {
      method: req.method ?? '',
      path: url.pathname,
      apiVersion: q.get('api-version'),
      resource: q.get('resource'),
      clientId: q.get('client_id'),
      headerOk: header === secret,
      status: 200,
    };
    requests.push(record);
    const fail = (status: number, message: string) => {
      record.status = status;
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ statusCode: status, message, correlationId: randomUUID() }));
    };
    // The platform's checks, in its order: the SSRF header first, then the request itself.
    if (req.method !== 'GET' || url.pathname !== '/msi/token') return fail(404, 'Not found.');
    if (header === undefined) return fail(400, 'Missing X-IDENTITY-HEADER header.');
    if (header !== secret) return fail(401, 'Unauthorized: invalid X-IDENTITY-HEADER.');
    if (q.get('api-version') !== '2019-08-01') return fail(400, 'Unsupported api-version.');
    const resource = q.get('resource');
    if (!resource) return fail(400, 'Missing resource parameter.');
    // One user-assigned identity is attached, no system-assigned one.
    if (q.get('client_id') !== CLIENT_ID) return fail(400, 'Unable to load the proper Managed Identity.');
    const now = Math.floor(Date.now() / 1000);
    const token = accessToken(options.audience ?? resource.replace(/\/+$/, ''), now, 3_600);
    issued.push(token);
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ access_token: token, expires_on: String(now + 3_600), resource, token_type: 'Bearer', client_id: CLIENT_ID }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`,
    secret,
    requests,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The bot as a process, with the environment of a Container App and nothing of the test runner's.

/** Variables that would choose another credential, endpoint or CA if they leaked in from the parent. */
const FOREIGN = /^(AZURE_|IDENTITY_|MSI_|IMDS_|IDENTITY_SERVER_THUMBPRINT|NETOPS_|MICROSOFTAPP|NODE_EXTRA_CA_CERTS$|HTTPS?_PROXY$|ALL_PROXY$|NO_PROXY$)/i;

interface Bot {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function spawnBot(identity: IdentityEndpoint, namespace: string, extra: Record<string, string> = {}): Bot {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !FOREIGN.test(k)) env[k] = v;
  Object.assign(env, {
    PORT: '0',
    LOG_LEVEL: 'info',
    NETOPS_DATA_DIR: join(dataDir, namespace),
    MicrosoftAppId: '',
    AZURE_SUBSCRIPTION_IDS: '',
    AZURE_ARM_ENDPOINT: '',
    NETOPS_OPERATORS: OPERATOR,
    NETOPS_STORAGE_ACCOUNT_URL: azurite.blobUrl,
    NETOPS_STORAGE_TABLE_URL: azurite.tableUrl,
    NETOPS_STORAGE_NAMESPACE: namespace,
    IDENTITY_ENDPOINT: identity.url,
    IDENTITY_HEADER: identity.secret,
    AZURE_CLIENT_ID: CLIENT_ID,
    NODE_EXTRA_CA_CERTS: azurite.caPath!,
    ...extra,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => {
    err += b.toString('utf8');
    out += b.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  bots.push(child);
  return { child, output: () => out, stderr: () => err, exited };
}

async function listening(bot: Bot): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const m = /NetOps bot listening on (http:\/\/\S+)/.exec(bot.output());
    if (m) return m[1]!;
    if (bot.child.exitCode !== null || Date.now() > deadline) {
      bot.child.kill('SIGKILL');
      throw new Error(`the bot did not start:\n${bot.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

let azurite: Azurite;
let connector: FakeConnector;
let identity: IdentityEndpoint;
let wrongAudience: IdentityEndpoint;
let bot: Bot;
let botUrl: string;
const bots: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'netops-mi-'));
const NAMESPACE = `mi${process.pid}`;

beforeAll(async () => {
  [azurite, connector, identity, wrongAudience] = await Promise.all([
    startAzurite({ oauth: true }),
    startFakeConnector(),
    startIdentityEndpoint(),
    startIdentityEndpoint({ audience: 'https://management.azure.com' }),
  ]);
  bot = spawnBot(identity, NAMESPACE);
  botUrl = await listening(bot);
}, 60_000);

afterAll(async () => {
  for (const c of bots) if (c.exitCode === null) c.kill('SIGKILL');
  await connector?.close();
  await identity?.close();
  await wrongAudience?.close();
  await azurite?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const callsOf = (chat: Chat) => connector.ok().filter((c) => c.conversationId === chat.conversationId);

async function say(chat: Chat, activity: Record<string, unknown>, replies: number): Promise<ConnectorCall[]> {
  const before = callsOf(chat).length;
  const res = await postActivity(botUrl, activity);
  expect(res.status).toBe(200);
  await connector.waitFor(() => callsOf(chat).length >= before + replies, 15_000);
  return callsOf(chat).slice(before);
}

const asOperator = (activity: Record<string, unknown>) => ({ ...activity, from: { id: `29:${OPERATOR}`, name: 'Operator One', aadObjectId: OPERATOR } });

describe('the bot on Azure Storage with a managed identity (Container Apps), Azurite checking its tokens', () => {
  it('starts on the storage account with the token of its user-assigned identity, and is ready', async () => {
    const ready = (await (await fetch(`${botUrl}/readyz`)).json()) as { ready: boolean; state: { kind: string; ok: boolean } };
    expect(ready).toMatchObject({ ready: true, state: { kind: 'azure', ok: true } });
    expect(bot.output()).toMatch(/state: +Azure Storage, shared by every instance: https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1/);

    // It asked the platform's endpoint, as the platform expects, for a token for Azure Storage as its identity.
    expect(identity.requests.length).toBeGreaterThan(0);
    for (const r of identity.requests) {
      expect(r).toEqual({ method: 'GET', path: '/msi/token', apiVersion: '2019-08-01', resource: STORAGE, clientId: CLIENT_ID, headerOk: true, status: 200 });
    }
    // The token is cached: not one request per storage call (three at start, a lease renewal, /readyz).
    expect(identity.requests.length).toBeLessThanOrEqual(3);
  });

  it('answers a command and shows it in the operator\'s `audit 5`: it wrote and read its audit table with the token', async () => {
    const chat = newChat(connector.url);
    const about = await say(chat, messageActivity(chat, 'about'), 1);
    expect(cardText(cardOf(about[0]))).toMatch(/Shared state\s+Azure Storage, shared by every instance/);

    // The entry is written in the background (a batch queue); `audit` reads the table after flushing it.
    const deadline = Date.now() + 15_000;
    let text = '';
    for (;;) {
      const [reply] = await say(chat, asOperator(messageActivity(chat, 'audit 5')), 1);
      text = cardText(cardOf(reply));
      if (/Ada Lovelace \(aad-user-1\)\s+about\s+ok/.test(text) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(text).toMatch(/Ada Lovelace \(aad-user-1\)\s+about\s+ok/);
    expect(identity.requests.every((r) => r.status === 200)).toBe(true);
    // Neither the token nor the platform's secret header is ever printed.
    for (const token of identity.issued) for (const part of token.split('.')) expect(bot.output()).not.toContain(part);
    expect(bot.output()).not.toContain(identity.secret);
  });

  it('with a token for another audience, the bot does not start, and says why in plain words', async () => {
    const refused = spawnBot(wrongAudience, `${NAMESPACE}aud`);
    const code = await Promise.race([refused.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    const out = refused.output();
    expect(code, out).not.toBe('hung');
    expect(code, out).not.toBe(0);
    expect(out).not.toMatch(/NetOps bot listening/);
    // The endpoint was asked properly and answered: it is Azurite that refused the token.
    expect(wrongAudience.requests.length).toBeGreaterThan(0);
    expect(wrongAudience.requests.every((r) => r.headerOk && r.resource === STORAGE && r.clientId === CLIENT_ID && r.status === 200)).toBe(true);

    const lines = refused.stderr().trim().split('\n');
    expect(lines, out).toHaveLength(1);
    expect(lines[0]).toMatch(/^NetOps bot failed to start: Azure Storage \(https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1 .*\) cannot be used: /);
    expect(lines[0]).toContain("the account refused the bot's token (403 AuthenticationFailed: Invalid token audience.)");
    expect(lines[0]).toContain('a token for https://storage.azure.com');
    expect(lines[0]).not.toMatch(/Data Contributor|account key/); // not the advice for a refused role or key
    expect(out).not.toMatch(STACKISH);
    expect(out).not.toContain(wrongAudience.secret);
    for (const token of wrongAudience.issued) for (const part of token.split('.')) expect(out).not.toContain(part);
  });

  it('with a wrong IDENTITY_HEADER, the endpoint refuses it; the bot does not start, and says why in plain words', async () => {
    const before = identity.requests.length;
    const refused = spawnBot(identity, `${NAMESPACE}hdr`, { IDENTITY_HEADER: 'not-the-platform-secret' });
    const code = await Promise.race([refused.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    const out = refused.output();
    expect(code, out).not.toBe('hung');
    expect(code, out).not.toBe(0);
    expect(out).not.toMatch(/NetOps bot listening/);
    const asked = identity.requests.slice(before);
    expect(asked.length).toBeGreaterThan(0);
    for (const r of asked) expect(r).toMatchObject({ resource: STORAGE, clientId: CLIENT_ID, headerOk: false, status: 401 });

    const lines = refused.stderr().trim().split('\n');
    expect(lines, out).toHaveLength(1);
    expect(lines[0]).toMatch(/^NetOps bot failed to start: Azure Storage \(.*\) cannot be used: /);
    expect(lines[0]).toContain('no token from the managed identity: its endpoint answered "Unauthorized: invalid X-IDENTITY-HEADER."');
    // Not the credential chain's report of every developer tool it also tried.
    expect(lines[0]).not.toMatch(/ChainedTokenCredential|Azure CLI|PowerShell|Visual Studio Code/);
    expect(out).not.toMatch(STACKISH);
    expect(out).not.toContain('not-the-platform-secret');
    expect(out).not.toContain(identity.secret);
  });
});
