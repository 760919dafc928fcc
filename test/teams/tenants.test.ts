/** ALLOWED_TENANT_IDS: users of other tenants are refused with a clear card, and nothing runs for them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createBotServer, type BotServer } from '../../src/teams/server.ts';
import { cardOf, cardText, type FakeConnector, startFakeConnector } from '../helpers/fake-connector.ts';
import { captureLog, invokeActivity, messageActivity, newChat, postActivity, servicesFor, stubAzure } from './harness.ts';

const ALLOWED = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER = 'bbbbbbbb-0000-4000-8000-000000000002';

let connector: FakeConnector;
let bot: BotServer;
const log = captureLog();

beforeAll(async () => {
  connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0', ALLOWED_TENANT_IDS: ALLOWED.toUpperCase() });
  bot = await createBotServer({ config, services: servicesFor(config, stubAzure()), log, host: '127.0.0.1' });
});
afterAll(async () => {
  await bot?.close();
  await connector?.close();
});

function inTenant(activity: Record<string, unknown>, tenant: string): Record<string, unknown> {
  return { ...activity, conversation: { ...(activity.conversation as object), tenantId: tenant }, channelData: { tenant: { id: tenant } } };
}

describe('tenant allowlist', () => {
  it('answers users of an allowed tenant (ids compared case-insensitively)', async () => {
    const chat = newChat(connector.url);
    await postActivity(bot.url, inTenant(messageActivity(chat, 'help'), ALLOWED));
    const [reply] = await connector.waitFor((all) => all.some((c) => c.conversationId === chat.conversationId));
    expect(cardText(cardOf(reply))).toContain('bgp status');
  });

  it('refuses a message from another tenant with a clear card, and runs nothing', async () => {
    const chat = newChat(connector.url);
    await postActivity(bot.url, inTenant(messageActivity(chat, 'help'), OTHER));
    const calls = await connector.waitFor((all) => all.some((c) => c.conversationId === chat.conversationId));
    const text = cardText(cardOf(calls.find((c) => c.conversationId === chat.conversationId)));
    expect(text).toMatch(/not available to your organization/);
    expect(text).not.toContain('bgp status');
    const line = log.lines.find((l) => l.msg === 'command' && l.conversationId === chat.conversationId);
    expect(line).toMatchObject({ outcome: 'tenant-not-allowed', tenantId: OTHER });
  });

  it('refuses a card action from another tenant in the invoke answer', async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, inTenant(invokeActivity(chat, 'netops.run', { command: 'help' }), OTHER));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toMatch(/not available to your organization/);
    expect(JSON.stringify(res.body)).not.toContain('bgp status');
  });

  it('refuses an activity that names no tenant at all', async () => {
    const chat = newChat(connector.url);
    const bare = messageActivity(chat, 'help');
    const noTenant = { ...bare, conversation: { id: chat.conversationId, conversationType: 'personal' }, channelData: {} };
    await postActivity(bot.url, noTenant);
    const calls = await connector.waitFor((all) => all.some((c) => c.conversationId === chat.conversationId));
    expect(cardText(cardOf(calls.find((c) => c.conversationId === chat.conversationId)))).toMatch(/not available/);
  });
});
