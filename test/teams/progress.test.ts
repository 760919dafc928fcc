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
import { cardOf, cardText, type ConnectorCall, type FakeConnector, startFakeConnector } from '../helpers/fake-connector.ts';
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
  const mine = (calls: ConnectorCall[]) => calls.filter((c) => c.conversationId === chat.conversationId);
  await connector.waitFor(() => mine(connector.ok()).some((c) => c.method === 'PUT'), 30_000);
  const result = mine(connector.ok()).find((c) => c.method === 'PUT')!;
  await new Promise((r) => setTimeout(r, 1_000)); // a late progress update would show up here
  const [ack, ...others] = mine(connector.ok());
  expect(ack!.method).toBe('POST');
  expect(others).toEqual([result]); // one answer, in the working card's place
  expect(result.activityId).toBe(ack!.assignedId);
  expect(cardText(cardOf(result))).not.toMatch(/so far|Working…/);
  expect(cardText(cardOf(result))).toMatch(/ER-/);
  // The progress redraws went to the same card, before the result.
  const progress = mine(connector.progress);
  expect(progress.length).toBeGreaterThanOrEqual(2);
  for (const c of progress) {
    expect(c.activityId).toBe(ack!.assignedId);
    expect(c.time).toBeLessThanOrEqual(result.time);
    expectValidCard(cardOf(c));
  }
  const texts = progress.map((c) => cardText(cardOf(c)));
  // While the ARP tables are still awaited, the reads already done are ticked.
  expect(texts.some((t) => /ARP primary …|ARP secondary …/.test(t) && /circuit ✓/.test(t))).toBe(true);
  const seconds = texts.map((t) => Number(/(\d+) s so far/.exec(t)?.[1]));
  expect(seconds.every((n) => Number.isInteger(n))).toBe(true);
  expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
}, 60_000);
