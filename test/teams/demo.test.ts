/**
 * End to end through the host with the real services: the embedded demo ARM emulator behind the real SDK.
 * `circuits` calls Azure, so it is acknowledged with a working card that is then updated in place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { createBotServer, type BotServer } from '../../src/teams/server.ts';
import { cardOf, cardText, startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import { captureLog, messageActivity, newChat, postActivity } from './harness.ts';

let connector: FakeConnector;
let handle: ServicesHandle;
let bot: BotServer;

beforeAll(async () => {
  connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
  handle = await createServices(config);
  bot = await createBotServer({ config: handle.services.config, services: handle.services, log: captureLog(), host: '127.0.0.1' });
});

afterAll(async () => {
  await bot?.close();
  await handle?.close();
  await connector?.close();
});

describe('host on the demo emulator', () => {
  it('acknowledges `circuits`, then replaces the working card with the circuit list', async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, messageActivity(chat, 'circuits'));
    expect(res.status).toBe(200);
    const calls = await connector.waitFor((all) => all.filter((c) => c.conversationId === chat.conversationId).length >= 2, 15_000);
    const mine = calls.filter((c) => c.conversationId === chat.conversationId);
    expect(mine.map((c) => c.method)).toEqual(['POST', 'PUT']);
    expect(mine[1]!.activityId).toBe(mine[0]!.assignedId);
    const text = cardText(cardOf(mine[1]));
    expect(text).toContain('tokyo-er');
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
