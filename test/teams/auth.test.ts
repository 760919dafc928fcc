/**
 * Inbound authentication, proven offline: a local OpenID metadata endpoint publishes a test signing key, the
 * bot is pointed at it (botbuilder's ToBotFromChannelOpenIdMetadataUrl), and tokens minted here are checked
 * by botbuilder's own JWT validation inside the real CloudAdapter. A valid token reaches the bot (a card
 * action answered in the HTTP body, which needs no outbound token); every kind of bad token is refused with
 * 401 before any command runs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createBotServer, type BotServer } from '../../src/teams/server.ts';
import { CHANNEL_SERVICE_URL as SERVICE_URL, startChannelIssuer, type ChannelIssuer, type TokenClaims } from './channel-issuer.ts';
import { captureLog, invokeActivity, newChat, servicesFor, stubAzure } from './harness.ts';

const APP_ID = '11111111-2222-4333-8444-555555555555';

let issuer: ChannelIssuer;
let strangerKey: ChannelIssuer['strangerKey'];
let bot: BotServer;
const log = captureLog();

beforeAll(async () => {
  issuer = await startChannelIssuer(APP_ID);
  strangerKey = issuer.strangerKey;
  const config = loadConfig({
    PORT: '0',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-used-offline-secret',
    MicrosoftAppType: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
  });
  bot = await createBotServer({ config, services: servicesFor(config, stubAzure()), log, host: '127.0.0.1' });
});

afterAll(async () => {
  await bot?.close();
  await issuer?.close();
});

const token = (c: TokenClaims = {}): Promise<string> => issuer.token(c);

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
      // A spy put on console.error after the bot started sits in front of the filter that drops botbuilder's own
      // "Error finding key for token" line, so it may see that line; what really gets through (nothing) is
      // checked in refusal-log.test.ts. No error object, in any case.
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
