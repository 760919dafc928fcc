/**
 * The host when its shared state store fails mid-flight (the storage account throttles or is unreachable):
 * a retry claim that cannot be checked lets the activity run (a read twice beats none), an audit write that
 * fails is logged and does not hold the answer back, and /readyz says the store is not usable.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createEmbeddedState } from '../../src/state/embedded.ts';
import type { SharedState } from '../../src/state/types.ts';
import { createBotServer, type BotServer } from '../../src/teams/server.ts';
import { cardOf, cardText, startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import { captureLog, messageActivity, newChat, postActivity, servicesFor, stubAzure } from './harness.ts';

const unreachable = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10002'), { code: 'ECONNREFUSED' }));

let connector: FakeConnector;
let bot: BotServer;
let healthy = true;
const log = captureLog();

beforeAll(async () => {
  connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0' });
  const embedded = createEmbeddedState(mkdtempSync(join(tmpdir(), 'netops-state-failures-')));
  const state: SharedState = {
    ...embedded,
    claims: { claim: unreachable, saveAnswer: unreachable, answer: unreachable },
    audit: { append: unreachable, recent: unreachable, flush: async () => undefined },
    health: async () => (healthy ? { ok: true, detail: 'fine' } : { ok: false, detail: 'Azure Storage not usable: not reachable (ECONNREFUSED)' }),
  };
  bot = await createBotServer({ config, services: { ...servicesFor(config, stubAzure()), state, audit: state.audit }, log, host: '127.0.0.1' });
});
afterAll(async () => {
  await bot?.close();
  await connector?.close();
});

it('a retry claim that cannot be checked lets the activity run, and says so in the log', async () => {
  const chat = newChat(connector.url);
  expect((await postActivity(bot.url, messageActivity(chat, 'help'))).status).toBe(200);
  const calls = await connector.waitFor((all) => all.some((c) => c.conversationId === chat.conversationId), 10_000);
  expect(cardText(cardOf(calls.find((c) => c.conversationId === chat.conversationId)))).toMatch(/bgp status/);
  expect(log.lines.some((l) => l.msg === 'retry claim not checked; running the activity' && l.level === 'warn')).toBe(true);
  // The audit write failed: logged once as such, with no stack trace and nothing of the store's credentials.
  await new Promise((r) => setTimeout(r, 50));
  const failed = log.lines.filter((l) => l.msg === 'audit append failed');
  expect(failed.length).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(failed)).not.toMatch(/\n\s+at /);
});

it('/readyz is 503 with the reason while the state store cannot be used', async () => {
  healthy = false;
  const res = await fetch(`${bot.url}/readyz`);
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ ready: false, azure: { ok: true }, state: { kind: 'files', ok: false, detail: expect.stringContaining('ECONNREFUSED') } });
  healthy = true;
  expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
});
