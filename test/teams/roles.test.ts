/**
 * Roles, confirmation and audit through the real bot: readers cannot see or run operator commands; an
 * operator reveals a service key only in a 1:1 chat and only after confirming with the card's button; the key
 * reaches that card and nothing else (no log line, no audit entry); every request, refused ones included, is
 * in the audit trail that `audit` shows to operators.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { type BotServer, createBotServer } from '../../src/teams/server.ts';
import { cardOf, cardText, type FakeConnector, startFakeConnector } from '../helpers/fake-connector.ts';
import { captureLog, invokeActivity, messageActivity, newChat, postActivity } from './harness.ts';
import { allowSecretsIn } from '../helpers/emitted.ts';

const OPERATOR = 'aaaaaaaa-0000-4000-8000-000000000001';
const OPERATOR_2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const UPN_USER = 'dddddddd-0000-4000-8000-000000000004';
const READER = 'cccccccc-0000-4000-8000-000000000003';

let connector: FakeConnector;
let handle: ServicesHandle;
let bot: BotServer;
let dataDir: string;
const log = captureLog();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'netops-roles-'));
  connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0', NETOPS_DATA_DIR: dataDir, NETOPS_OPERATORS: `${OPERATOR},${OPERATOR_2},Carol@Contoso.com`, AZURE_LRO_POLL_MS: '10' });
  handle = await createServices(config, { emulator: { lroDurationScale: 0 } });
  bot = await createBotServer({ config: handle.services.config, services: handle.services, log, host: '127.0.0.1' });
});
afterAll(async () => {
  await bot?.close();
  await handle?.close();
  await connector?.close();
});

type Chat = ReturnType<typeof newChat>;
function as(user: string, kind: 'personal' | 'channel', activity: Record<string, unknown>): Record<string, unknown> {
  return {
    ...activity,
    from: { id: `29:${user}`, name: `User ${user.slice(0, 4)}`, aadObjectId: user },
    conversation: { ...(activity.conversation as object), conversationType: kind },
  };
}

async function say(chat: Chat, user: string, kind: 'personal' | 'channel', text: string, replies = 1): Promise<any[]> {
  const before = connector.ok().filter((c) => c.conversationId === chat.conversationId).length;
  await postActivity(bot.url, as(user, kind, messageActivity(chat, text)));
  const calls = await connector.waitFor((all) => all.filter((c) => c.conversationId === chat.conversationId).length >= before + replies, 15_000);
  return calls.filter((c) => c.conversationId === chat.conversationId).slice(before).map(cardOf);
}

function buttons(card: unknown): { title: string; verb: string; data: { command: string } }[] {
  const out: { title: string; verb: string; data: { command: string } }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push(o as never);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const serviceKey = () => handle.emulator!.world.circuits.find((c) => c.name === 'tokyo-er')!.serviceKey!;

describe('roles', () => {
  it('keeps operator commands out of a reader’s help, and refuses them by name', async () => {
    const chat = newChat(connector.url);
    const [help] = await say(chat, READER, 'personal', 'help');
    // Command names are cells of their own in the help table.
    expect(cardText(help)).toMatch(/^bgp status$/m);
    expect(cardText(help)).not.toMatch(/^audit$/m);
    expect(cardText(help)).not.toMatch(/^service key$/m);
    const [refused] = await say(chat, READER, 'personal', 'service key tokyo-er');
    expect(cardText(refused)).toMatch(/needs the operator role/);
    const [audit] = await say(chat, READER, 'personal', 'audit');
    expect(cardText(audit)).toMatch(/needs the operator role/);
  });

  it('lists operator commands for an operator', async () => {
    const [help] = await say(newChat(connector.url), OPERATOR, 'personal', 'help');
    expect(cardText(help)).toMatch(/^service key$/m);
    expect(cardText(help)).toMatch(/^audit$/m);
  });

  it('finds an operator named by UPN through the Teams member lookup, and fails closed when it cannot', async () => {
    connector.members.set(`29:${UPN_USER}`, { id: `29:${UPN_USER}`, name: 'Carol', aadObjectId: UPN_USER, userPrincipalName: 'carol@contoso.com' });
    const [help] = await say(newChat(connector.url), UPN_USER, 'personal', 'help');
    expect(cardText(help)).toMatch(/^audit$/m);
    const unknown = 'eeeeeeee-0000-4000-8000-000000000005';
    const [refused] = await say(newChat(connector.url), unknown, 'personal', 'audit');
    expect(cardText(refused)).toMatch(/needs the operator role/);
  });

  it('never reveals a secret in a channel, even to an operator', async () => {
    const [card] = await say(newChat(connector.url), OPERATOR, 'channel', 'service key tokyo-er');
    expect(cardText(card)).toMatch(/only in a 1:1 chat/);
    expect(cardText(card)).not.toContain(serviceKey());
  });
});

describe('propose, then confirm', () => {
  it('reveals the service key to the operator after confirmation, and writes it nowhere else', async () => {
    const chat = newChat(connector.url);
    allowSecretsIn(chat.conversationId); // the revealed key's card: the suite-wide sweep checks every other one
    const [proposal] = await say(chat, OPERATOR, 'personal', 'service key tokyo-er');
    expect(cardText(proposal)).toMatch(/Confirm/);
    expect(cardText(proposal)).not.toContain(serviceKey());
    const confirm = buttons(proposal).find((b) => /confirm \S+$/.test(b.data.command));
    expect(confirm).toBeDefined();

    // Someone else (another operator) pressing the button does not confirm it, nor use it up.
    const stranger = await postActivity(bot.url, as(OPERATOR_2, 'personal', invokeActivity(chat, confirm!.verb, confirm!.data, 'proposal-card')));
    expect(JSON.stringify(stranger.body)).toMatch(/Only the person who asked/);

    const before = connector.ok().length;
    const res = await postActivity(bot.url, as(OPERATOR, 'personal', invokeActivity(chat, confirm!.verb, confirm!.data, 'proposal-card')));
    expect(res.status).toBe(200);
    const calls = await connector.waitFor((all) => all.slice(before).some((c) => c.method === 'PUT' && c.activityId === 'proposal-card'), 15_000);
    const revealed = cardOf(calls.slice(before).find((c) => c.method === 'PUT' && c.activityId === 'proposal-card'));
    expect(cardText(revealed)).toContain(serviceKey());

    // Used once: the same button again is refused.
    const again = await postActivity(bot.url, as(OPERATOR, 'personal', invokeActivity(chat, confirm!.verb, confirm!.data, 'proposal-card')));
    expect(JSON.stringify(again.body)).toMatch(/expired or was already used/);

    // The confirmed run is recorded once its card is delivered.
    for (let i = 0; i < 50; i++) {
      const recent = await handle.services.audit!.recent(10);
      if (recent.some((e) => e.command === 'service-key' && e.outcome === 'ok')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const trail = await readFile(join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
    expect(trail).toMatch(/"command":"service-key".*"outcome":"ok"/);
    // The proposal is told apart from the reveal, under the same command id; so are the refused presses.
    const mine = trail.trim().split('\n').map((l) => JSON.parse(l) as { command: string; outcome: string; conversationId: string }).filter((e) => e.conversationId === chat.conversationId);
    expect(mine.map((e) => `${e.command} ${e.outcome}`)).toEqual(expect.arrayContaining(['service-key proposed', 'service-key ok']));
    expect(mine.every((e) => e.command === 'service-key')).toBe(true);
    for (const text of [trail, JSON.stringify(log.lines)]) {
      expect(text).not.toContain(serviceKey());
      expect(text).not.toContain(confirm!.data.command.split(' ').pop());
    }
  });
});

describe('audit', () => {
  it('shows operators every command, refused ones included, with their outcome', async () => {
    const chat = newChat(connector.url);
    await say(chat, READER, 'personal', 'audit');
    const [card] = await say(chat, OPERATOR, 'personal', 'audit 50');
    const text = cardText(card);
    expect(text).toMatch(/needs-operator/);
    expect(text).toMatch(/personal-only/);
    expect(text).toMatch(/confirmation-mismatch/);
    expect(text).toContain('service key tokyo-er');
    expect(text).not.toContain(serviceKey());
  });
});
