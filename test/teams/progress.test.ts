/**
 * A slow command's working card is not frozen: while melbourne-er's slow reads run (the demo's slowest ARP
 * table), the card is redrawn with what is read and what is awaited and the time so far; the result replaces
 * it, and no progress update lands after the result. Real bot over HTTP, real SDK against the demo emulator.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { type BotServer, createBotServer } from '../../src/teams/server.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { cardOf, cardText, type FakeConnector, startFakeConnector } from '../helpers/fake-connector.ts';
import { captureLog, messageActivity, newChat, postActivity } from './harness.ts';

let connector: FakeConnector;
let handle: ServicesHandle;
let bot: BotServer;

beforeAll(async () => {
  connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AZURE_LRO_POLL_MS: '20' });
  // 10 % of the demo's durations: melbourne-er's ARP read takes 2.5 s, its other reads ~0.2 s.
  handle = await createServices(config, { emulator: { lroDurationScale: 0.1 } });
  bot = await createBotServer({ config: handle.services.config, services: handle.services, log: captureLog(), host: '127.0.0.1', progress: { firstMs: 300, everyMs: 400 } });
});
afterAll(async () => {
  await bot?.close();
  await handle?.close();
  await connector?.close();
});

it('redraws the working card with the reads done and awaited, then the result, never progress after it', async () => {
  const chat = newChat(connector.url);
  expect((await postActivity(bot.url, messageActivity(chat, 'bgp status melbourne-er'))).status).toBe(200);
  const mine = () => connector.ok().filter((c) => c.conversationId === chat.conversationId);
  await connector.waitFor(() => mine().some((c) => c.method === 'PUT' && /ER-|verdict/i.test(cardText(cardOf(c))) && !/so far/.test(cardText(cardOf(c)))), 30_000);
  await new Promise((r) => setTimeout(r, 1_000)); // a late progress update would show up here
  const calls = mine();
  const ack = calls[0]!;
  expect(ack.method).toBe('POST');
  const updates = calls.slice(1);
  expect(updates.every((c) => c.method === 'PUT' && c.activityId === ack.assignedId)).toBe(true);
  const progress = updates.filter((c) => /so far/.test(cardText(cardOf(c))));
  expect(progress.length).toBeGreaterThanOrEqual(2);
  for (const c of progress) expectValidCard(cardOf(c));
  const texts = progress.map((c) => cardText(cardOf(c)));
  // While the ARP tables are still awaited, the reads already done are ticked.
  expect(texts.some((t) => /ARP primary …|ARP secondary …/.test(t) && /circuit ✓/.test(t))).toBe(true);
  expect(texts.map((t) => Number(/(\d+) s so far/.exec(t)?.[1]))).toEqual([...texts.map((t) => Number(/(\d+) s so far/.exec(t)?.[1]))].sort((a, b) => a - b));
  // The last update is the result, not progress.
  const last = cardText(cardOf(updates.at(-1)));
  expect(last).not.toMatch(/so far|Working…/);
  expect(updates.indexOf(progress.at(-1)!)).toBeLessThan(updates.length - 1);
}, 60_000);
