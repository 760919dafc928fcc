/**
 * Inbound authentication, proven offline: a local OpenID metadata endpoint publishes a test signing key, the
 * bot is pointed at it (botbuilder's ToBotFromChannelOpenIdMetadataUrl), and tokens minted here are checked
 * by botbuilder's own JWT validation inside the real CloudAdapter. A valid token reaches the bot (a card
 * action answered in the HTTP body, which needs no outbound token); every kind of bad token is refused with
 * 401 before any command runs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createBotServer, type BotServer } from '../../src/teams/server.ts';
import { captureLog, invokeActivity, newChat, servicesFor, stubAzure } from './harness.ts';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

let metadata: Server;
let metadataUrl: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let strangerKey: typeof signingKey;
let bot: BotServer;
const log = captureLog();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', use: 'sig', alg: 'RS256' };
  let base = '';
  metadata = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/keys') {
      res.end(JSON.stringify({ keys: [{ ...jwk, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  base = await listen(metadata);
  metadataUrl = `${base}/v1/.well-known/openidconfiguration`;

  const config = loadConfig({
    PORT: '0',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-used-offline-secret',
    MicrosoftAppType: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
  });
  bot = await createBotServer({ config, services: servicesFor(config, stubAzure()), log, host: '127.0.0.1' });
});

afterAll(async () => {
  await bot?.close();
  await new Promise((r) => metadata?.close(r));
});

interface Claims {
  iss?: string;
  aud?: string;
  serviceurl?: string;
  expiresIn?: string;
  key?: typeof signingKey;
  kid?: string;
}

async function token(c: Claims = {}): Promise<string> {
  return new SignJWT({ serviceurl: c.serviceurl ?? SERVICE_URL })
    .setProtectedHeader({ alg: 'RS256', kid: c.kid ?? 'test-key', typ: 'JWT' })
    .setIssuer(c.iss ?? ISSUER)
    .setAudience(c.aud ?? APP_ID)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
    .setNotBefore(Math.floor(Date.now() / 1000) - 7200)
    .setExpirationTime(c.expiresIn ?? '1h')
    .sign(c.key ?? signingKey);
}

async function post(authorization: string | undefined): Promise<{ status: number; body: any }> {
  const chat = newChat(SERVICE_URL);
  const activity = invokeActivity(chat, 'netops.run', { command: 'help' });
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const commandsRun = () => log.lines.filter((l) => l.msg === 'command').length;

describe('inbound Bot Framework authentication', () => {
  it('accepts a token signed by the published key, for this bot, from the channel issuer', async () => {
    const before = commandsRun();
    const res = await post(`Bearer ${await token()}`);
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(res.body.value)).toContain('bgp status');
    expect(commandsRun()).toBe(before + 1);
  });

  const refusals: [string, () => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    ['a token signed by another key', async () => `Bearer ${await token({ key: strangerKey })}`],
    ['a token for another bot (audience)', async () => `Bearer ${await token({ aud: '99999999-2222-4333-8444-555555555555' })}`],
    ['a token from another issuer', async () => `Bearer ${await token({ iss: 'https://sts.example.com/' })}`],
    ['an expired token', async () => `Bearer ${await token({ expiresIn: '-1h' })}`],
    ['a token naming an unknown key', async () => `Bearer ${await token({ kid: 'unknown-key' })}`],
    ['garbage', async () => 'Bearer not.a.jwt'],
  ];
  for (const [what, make] of refusals) {
    it(`refuses ${what} with 401, before any command runs`, async () => {
      const before = commandsRun();
      const res = await post(await make());
      expect(res.status).toBe(401);
      expect(commandsRun()).toBe(before);
    });
  }

  it('answers a token whose issuer\'s keys cannot be fetched with 503 and a plain message, logged as one line', async () => {
    // Microsoft's emulator issuer: botbuilder fetches that issuer's OpenID metadata, unreachable here.
    const stderr = vi.spyOn(console, 'error');
    try {
      const before = commandsRun();
      const res = await post(`Bearer ${await token({ iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/' })}`);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: 'the token could not be checked right now; try again later' });
      expect(commandsRun()).toBe(before);
      expect(log.lines.some((l) => l.msg === 'request refused: token could not be checked')).toBe(true);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });

  it('refuses a forged token without a stack trace on stderr or an error text in the answer', async () => {
    const stderr = vi.spyOn(console, 'error');
    try {
      const res = await post(`Bearer ${await token({ key: strangerKey })}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'unauthorized' });
      // botbuilder's key lookup still prints one line of its own ("Error finding key for token"); no error object.
      expect(stderr.mock.calls.filter(([first]) => first instanceof Error)).toEqual([]);
      expect(log.lines.some((l) => l.msg === 'request refused: invalid token')).toBe(true);
    } finally {
      stderr.mockRestore();
    }
  });

  it('keeps the playground and its connector unreachable', async () => {
    expect((await fetch(`${bot.url}/playground`)).status).toBe(404);
    expect((await fetch(`${bot.url}/playground/connector/v3/conversations/x/activities`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
