/**
 * A command whose answer cannot be delivered is still logged and audited, as not delivered: the connector
 * answers 500, 502 or 403 to the reply (issue 15, point 1). In the turn (fast commands and refusals) and in
 * the background (a slow command whose card update and fallback message both fail).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/store.ts';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { type BotServer, createBotServer } from '../../src/teams/server.ts';
import { type FakeConnector, startFakeConnector } from '../helpers/fake-connector.ts';
import { captureLog, messageActivity, newChat, postActivity } from './harness.ts';

const OPERATOR = 'aaaaaaaa-0000-4000-8000-0000000000b1';
let connector: FakeConnector;
let handle: ServicesHandle;
let bot: BotServer;
const log = captureLog();

beforeAll(async () => {
  connector = await startFakeConnector();
  const dataDir = await mkdtemp(join(tmpdir(), 'netops-undelivered-'));
  const config = loadConfig({ PORT: '0', NETOPS_DATA_DIR: dataDir, NETOPS_OPERATORS: OPERATOR, AZURE_LRO_POLL_MS: '10' });
  handle = await createServices(config, { emulator: { lroDurationScale: 0 } });
  bot = await createBotServer({ config: handle.services.config, services: handle.services, log, host: '127.0.0.1', retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
});
afterAll(async () => {
  await bot?.close();
  await handle?.close();
  await connector?.close();
});

async function entriesOf(conversationId: string, count: number): Promise<AuditEntry[]> {
  for (let i = 0; i < 100; i++) {
    const mine = (await handle.services.audit!.recent(500)).filter((e) => e.conversationId === conversationId);
    if (mine.length >= count) return mine;
    await new Promise((r) => setTimeout(r, 30));
  }
  return [];
}

const as = (user: string, a: Record<string, unknown>) => ({ ...a, from: { id: `29:${user}`, name: 'Someone', aadObjectId: user } });

it.each([
  ['about', 500, undefined, 'about', 'ok'],
  ['audit 5', 502, OPERATOR, 'audit', 'ok'],
  ['audit', 403, 'cccccccc-0000-4000-8000-0000000000c3', 'audit', 'needs-operator'],
  ['no such thing', 500, undefined, 'unknown', 'unknown-command'],
])('“%s” whose reply gets %i is audited and logged as not delivered', async (text, status, user, command, outcome) => {
  const chat = newChat(connector.url);
  connector.failNext(5, { status, conversationId: chat.conversationId });
  const activity = messageActivity(chat, text);
  const res = await postActivity(bot.url, user ? as(user, activity) : activity);
  expect(res.status).toBeLessThan(500); // the bot's own answer to Teams is not an error
  const [entry] = await entriesOf(chat.conversationId, 1);
  expect(entry).toMatchObject({ command, outcome, delivery: 'failed' });
  const line = log.lines.find((l) => l.msg === 'command' && l.conversationId === chat.conversationId);
  expect(line).toMatchObject({ outcome, delivered: false });
  expect(log.lines.some((l) => l.msg === 'reply not delivered' && l.conversationId === chat.conversationId)).toBe(true);
});

it('a slow command whose card can neither be updated nor posted is audited as not delivered', async () => {
  const chat = newChat(connector.url);
  // The working card goes out; every update of it fails, and so does the new message the bot falls back to.
  connector.failNext(10, { status: 502, method: 'PUT', conversationId: chat.conversationId });
  const acked = connector.waitFor((calls) => calls.some((c) => c.conversationId === chat.conversationId), 10_000);
  expect((await postActivity(bot.url, messageActivity(chat, 'circuits'))).status).toBe(200);
  await acked;
  connector.failNext(10, { status: 502, method: 'POST', conversationId: chat.conversationId });
  const [entry] = await entriesOf(chat.conversationId, 1);
  expect(entry).toMatchObject({ command: 'circuits', outcome: 'ok', delivery: 'failed' });
});

it('the operator’s audit card says which answers were not delivered', async () => {
  const chat = newChat(connector.url);
  await postActivity(bot.url, as(OPERATOR, messageActivity(chat, 'audit 50')));
  const calls = await connector.waitFor((all) => all.some((c) => c.conversationId === chat.conversationId && c.status < 300), 10_000);
  const card = JSON.stringify(calls.find((c) => c.conversationId === chat.conversationId)!.body);
  expect(card).toMatch(/ok \(answer not delivered\)/);
  expect(card).toMatch(/needs-operator \(answer not delivered\)/);
});

it('a delivered answer is recorded without any delivery mark', async () => {
  const chat = newChat(connector.url);
  await postActivity(bot.url, messageActivity(chat, 'about'));
  const [entry] = await entriesOf(chat.conversationId, 1);
  expect(entry).toMatchObject({ command: 'about', outcome: 'ok' });
  expect(entry!.delivery).toBeUndefined();
});
