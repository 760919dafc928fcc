/**
 * A refused request leaves exactly one JSON log line and nothing else (issue 15, point 7). botframework-connector
 * prints to the console by itself while it validates a token: the whole TokenExpiredError with its stack for an
 * expired token (10 lines), and "Error finding key for token. Available keys: <the PEM of our signing key>" for a
 * bad signature (8 lines). Here botbuilder's real validation runs inside the real CloudAdapter
 * over real HTTP, against a local issuer, with the production JSON logger; every console method and
 * process.stderr are recorded from before the bot starts.
 */
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { jsonLogger } from '../../src/teams/log.ts';
import { createBotServer, type BotServer } from '../../src/teams/server.ts';
import { recordEmitted } from '../helpers/emitted.ts';
import { CHANNEL_SERVICE_URL, startChannelIssuer, type ChannelIssuer } from './channel-issuer.ts';
import { invokeActivity, newChat, servicesFor, stubAzure } from './harness.ts';

const APP_ID = '21111111-2222-4333-8444-555555555555';
const UNRELATED = 'unrelated output written while a token was being validated';
const CONSOLE_METHODS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;

let issuer: ChannelIssuer;
let bot: BotServer;
/** What reached the console or stderr: one entry per console call or stderr write. */
const printed: string[] = [];
/** The bot's log, as the JSON lines it writes. */
const logLines: string[] = [];
const restore: Array<() => void> = [];

beforeAll(async () => {
  // Recorded (and kept off the terminal) from before the bot exists, so that whatever the bot puts in front of
  // the console is inside the recorder, as it is in front of the real console in production.
  for (const m of CONSOLE_METHODS) {
    const original = console[m];
    console[m] = (...args: unknown[]) => void printed.push(`console.${m}: ${format(...args)}`);
    restore.push(() => void (console[m] = original));
  }
  const write = process.stderr.write;
  process.stderr.write = ((chunk: unknown) => {
    printed.push(`stderr: ${typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')}`);
    return true;
  }) as typeof process.stderr.write;
  restore.push(() => void (process.stderr.write = write));

  // While the bot fetches the issuer's keys (in the middle of validating the first token), something else in
  // the process writes to the console: that line must get through.
  issuer = await startChannelIssuer(APP_ID, (path) => {
    if (path === '/v1/keys') console.error(UNRELATED);
  });
  const config = loadConfig({
    PORT: '0',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-used-offline-secret',
    MicrosoftAppType: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
  });
  const log = jsonLogger('info', (line) => {
    logLines.push(line);
    recordEmitted({ where: 'refusal log line', text: line });
  });
  bot = await createBotServer({ config, services: servicesFor(config, stubAzure()), log, host: '127.0.0.1' });
});

afterAll(async () => {
  for (const r of restore.reverse()) r();
  await bot?.close();
  await issuer?.close();
});

async function post(authorization: string | undefined): Promise<number> {
  const activity = invokeActivity(newChat(CHANNEL_SERVICE_URL), 'netops.run', { command: 'help' });
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  return res.status;
}

const INVALID = 'request refused: invalid token';

describe('refused requests on /api/messages with a bot identity', () => {
  it('leave one JSON log line each, with a short reason and neither the token nor a key, and nothing else on stderr or the console', async () => {
    const refusals: [what: string, authorization: () => Promise<string | undefined>, msg: string][] = [
      // First: its validation fetches the issuer's keys, during which the unrelated line is written.
      ['an expired token signed by the trusted key', async () => `Bearer ${await issuer.token({ expiresIn: '-1h' })}`, INVALID],
      ['a token naming an unknown key', async () => `Bearer ${await issuer.token({ kid: 'unknown-key' })}`, INVALID],
      ['a token signed by another key', async () => `Bearer ${await issuer.token({ key: issuer.strangerKey })}`, INVALID],
      ['a token for another bot', async () => `Bearer ${await issuer.token({ aud: '99999999-2222-4333-8444-555555555555' })}`, INVALID],
      ['a token from another issuer', async () => `Bearer ${await issuer.token({ iss: 'https://sts.example.com/' })}`, INVALID],
      ['garbage', async () => 'Bearer not.a.jwt', INVALID],
      ['another scheme', async () => 'Basic bm90OmFwYXNzd29yZA==', INVALID],
      ['no token', async () => undefined, 'request refused: no token'],
    ];
    const start = logLines.length;
    for (const [what, make, msg] of refusals) {
      const authorization = await make();
      const from = { printed: printed.length, log: logLines.length };
      expect.soft(await post(authorization), what).toBe(401);

      const lines = logLines.slice(from.log);
      expect.soft(lines, what).toHaveLength(1);
      const line = lines[0] ?? '';
      const entry = JSON.parse(line || '{}') as Record<string, unknown>;
      expect.soft(entry, what).toMatchObject({ level: 'warn', msg });
      expect.soft(String(entry['reason'] ?? ''), what).toMatch(/^[^\n]{1,160}$/);
      if (authorization) {
        const credential = authorization.split(' ')[1]!;
        expect.soft(line, what).not.toContain(credential);
        for (const part of credential.split('.').filter((p) => p.length > 8)) expect.soft(line, what).not.toContain(part);
      }
      expect.soft(line, what).not.toMatch(/BEGIN|PUBLIC KEY|Available keys|\bat .*:\d+:\d+/);

      const extra = printed.slice(from.printed).filter((p) => !p.includes(UNRELATED));
      expect.soft(extra, `${what}: printed besides the log line`).toEqual([]);
    }
    expect(logLines.length - start).toBe(refusals.length);
    // Written from another async context while the first token was being validated: it got through, once.
    expect(printed.filter((p) => p.includes(UNRELATED))).toEqual([`console.error: ${UNRELATED}`]);
  });
});
