/**
 * The Teams host over real HTTP: restify + CloudAdapter in local mode (no auth), activities posted to
 * /api/messages with serviceUrl = a fake Bot Connector that records what the bot sends. botbuilder is not mocked.
 */
import { mkdtempSync } from 'node:fs';
import { Agent, get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { JsonlAuditStore } from '../../src/audit/store.ts';
import { COMMANDS } from '../../src/commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createBotServer, type BotServer } from '../../src/teams/server.ts';
import { cardOf, cardText, startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import {
  captureLog,
  invokeActivity,
  JAPANESE,
  messageActivity,
  newChat,
  postActivity,
  servicesFor,
  SlowCommand,
  sleep,
  STACKISH,
  stubAzure,
  throwingSpec,
  type StubAzure,
} from './harness.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

let connector: FakeConnector;
let bot: BotServer;
let azure: StubAzure;
const slow = new SlowCommand();
const log = captureLog();

beforeAll(async () => {
  connector = await startFakeConnector();
  azure = stubAzure();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
  bot = await createBotServer({
    config,
    services: servicesFor(config, azure),
    commands: [...COMMANDS, slow.spec, throwingSpec],
    log,
    host: '127.0.0.1',
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
  });
});

afterEach(() => {
  while (slow.running > 0) slow.release();
});

afterAll(async () => {
  await bot?.close();
  await connector?.close();
});

const inConversation = (conversationId: string) => connector.ok().filter((c) => c.conversationId === conversationId);

describe('messages', () => {
  it('answers help with a card posted as a reply to the message', async () => {
    const chat = newChat(connector.url);
    const activity = messageActivity(chat, 'help');
    const res = await postActivity(bot.url, activity);
    expect(res.status).toBe(200);
    const [call] = await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    const sent = inConversation(chat.conversationId)[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.activityId).toBe(activity['id']); // reply path: POST …/activities/{replyToId}
    expect(sent.body.attachments[0].contentType).toBe(ADAPTIVE);
    const card = cardOf(sent);
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(cardText(card)).toMatch(/circuits/);
    expect(cardText(card)).toMatch(/about/);
    expect(call).toBeDefined();
    const line = log.lines.find((l) => l['msg'] === 'command' && l['conversationId'] === chat.conversationId);
    expect(line).toMatchObject({ userId: '29:user-1', commandId: 'help', outcome: 'ok', acked: false, request: 'help' });
    expect(typeof line?.['durationMs']).toBe('number');
  });

  it('answers an unknown command with suggestions', async () => {
    const chat = newChat(connector.url);
    await postActivity(bot.url, messageActivity(chat, 'circuts'));
    await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    const text = cardText(cardOf(inConversation(chat.conversationId)[0]));
    expect(text).toMatch(/circuits/);
    const line = log.lines.find((l) => l['msg'] === 'command' && l['conversationId'] === chat.conversationId);
    expect(line?.['outcome']).toBe('unknown-command');
  });

  it('strips @mentions before parsing', async () => {
    const chat = newChat(connector.url);
    await postActivity(bot.url, messageActivity(chat, '<at>NetOps</at> about'));
    await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    const text = cardText(cardOf(inConversation(chat.conversationId)[0]));
    // `about` shows who asked and from which tenant: the requester and tenant reached the command.
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('tenant-1');
  });

  it('answers in Japanese for ja-JP', async () => {
    const chat = newChat(connector.url, 'ja-JP');
    await postActivity(bot.url, messageActivity(chat, 'help'));
    await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    expect(cardText(cardOf(inConversation(chat.conversationId)[0]))).toMatch(JAPANESE);
  });

  it('turns a command that throws into an error card without internals', async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, messageActivity(chat, 'explode'));
    expect(res.status).toBe(200);
    await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    const card = cardOf(inConversation(chat.conversationId)[0]);
    expect(card.type).toBe('AdaptiveCard');
    expect(JSON.stringify(card)).not.toMatch(STACKISH);
    expect(JSON.stringify(card)).not.toContain('kaboom');
    const line = log.lines.find((l) => l['msg'] === 'command' && l['conversationId'] === chat.conversationId);
    expect(line?.['outcome']).not.toBe('ok');
  });

  it('drops a repeated activity id', async () => {
    const chat = newChat(connector.url);
    const activity = messageActivity(chat, 'help');
    await postActivity(bot.url, activity);
    const again = await postActivity(bot.url, activity);
    expect(again.status).toBe(200);
    await connector.waitFor(() => inConversation(chat.conversationId).length >= 1);
    await sleep(150);
    expect(inConversation(chat.conversationId)).toHaveLength(1);
  });

  it('treats an Action.Submit fallback ({verb, command}) as that command', async () => {
    const chat = newChat(connector.url);
    await postActivity(bot.url, messageActivity(chat, undefined, { value: { verb: 'netops.run', command: 'about' }, replyToId: 'card-9' }));
    await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    expect(cardText(cardOf(inConversation(chat.conversationId)[0]))).toContain('Ada Lovelace');
  });

  it('ignores a submit from a card that is not ours', async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, messageActivity(chat, undefined, { value: { something: 'else' } }));
    expect(res.status).toBe(200);
    await sleep(100);
    expect(inConversation(chat.conversationId)).toHaveLength(0);
  });

  it('refuses a non-loopback serviceUrl in local mode', async () => {
    const chat = newChat('https://smba.example.com/amer/');
    const res = await postActivity(bot.url, messageActivity(chat, 'help'));
    expect(res.status).toBe(403);
  });
});

describe('slow commands: acknowledge, then update in place', () => {
  it('posts the working card, returns the HTTP request at once, then PUTs the result onto the same activity', async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, messageActivity(chat, 'slow test'));
    expect(res.status).toBe(200);
    // The request came back while the command is still running.
    expect(slow.running).toBe(1);
    expect(res.ms).toBeLessThan(2_000);
    const [ack] = await connector.waitFor(() => inConversation(chat.conversationId).length === 1).then(() => inConversation(chat.conversationId));
    expect(ack!.method).toBe('POST');
    expect(cardText(cardOf(ack))).toContain('Working slowly on the test command');
    expect(bot.inFlight()).toBeGreaterThanOrEqual(1);

    slow.release();
    await connector.waitFor(() => inConversation(chat.conversationId).some((c) => c.method === 'PUT'));
    const calls = inConversation(chat.conversationId);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'PUT']);
    const update = calls[1]!;
    expect(update.activityId).toBe(ack!.assignedId);
    expect(update.body.id).toBe(ack!.assignedId);
    expect(update.time).toBeGreaterThanOrEqual(ack!.time);
    expect(cardText(cardOf(update))).toContain('slow-done-42');
    // Logged once the card's delivery is known (a card that could not be delivered is logged as such).
    const logged = () => log.lines.find((l) => l['msg'] === 'command' && l['conversationId'] === chat.conversationId);
    for (let i = 0; i < 100 && !logged(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(logged()).toMatchObject({ commandId: 'slow-test', outcome: 'ok', acked: true });
  });
});

describe('card actions (Action.Execute invokes)', () => {
  it('answers a fast command with the card in the invoke response body', async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, invokeActivity(chat, 'netops.run', { command: 'help' }));
    expect(res.status).toBe(200);
    expect(res.body.statusCode).toBe(200);
    expect(res.body.type).toBe(ADAPTIVE);
    expect(res.body.value.type).toBe('AdaptiveCard');
    expect(cardText(res.body.value)).toMatch(/circuits/);
    await sleep(50);
    expect(inConversation(chat.conversationId)).toHaveLength(0);
  });

  it('answers a slow command with the working card, then updates the clicked card (replyToId)', async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, invokeActivity(chat, 'netops.run', { command: 'slow test' }, 'card-77'));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe(ADAPTIVE);
    expect(cardText(res.body.value)).toContain('Working slowly on the test command');
    slow.release();
    await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    const [update] = inConversation(chat.conversationId);
    expect(update!.method).toBe('PUT');
    expect(update!.activityId).toBe('card-77');
    expect(cardText(cardOf(update))).toContain('slow-done-42');
  });

  it('answers an unknown verb with an error response', async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, invokeActivity(chat, 'something.else', { command: 'help' }));
    expect(res.body.type).toBe('application/vnd.microsoft.error');
    expect(res.body.statusCode).toBe(400);
    expect(typeof res.body.value.message).toBe('string');
  });

  it('answers a retried invoke with the same response and runs the command once', async () => {
    const chat = newChat(connector.url);
    const activity = invokeActivity(chat, 'netops.run', { command: 'slow test' }, 'card-88');
    const started = slow.started;
    const first = await postActivity(bot.url, activity);
    const second = await postActivity(bot.url, activity);
    expect(second.body).toEqual(first.body);
    expect(slow.started).toBe(started + 1);
  });
});

describe('connector failures', () => {
  it('retries a 429 once (Retry-After: 0) without posting twice', async () => {
    const chat = newChat(connector.url);
    connector.failNext(1, { status: 429, headers: { 'Retry-After': '0' }, conversationId: chat.conversationId });
    await postActivity(bot.url, messageActivity(chat, 'help'));
    await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    await sleep(100);
    const all = connector.calls.filter((c) => c.conversationId === chat.conversationId);
    expect(all.map((c) => c.status)).toEqual([429, 200]);
    expect(inConversation(chat.conversationId)).toHaveLength(1);
  });

  it('does not retry a 502 on a create (it may have been posted), but retries one on an update', async () => {
    const chat = newChat(connector.url);
    connector.failNext(1, { status: 502, method: 'POST', conversationId: chat.conversationId });
    const res = await postActivity(bot.url, messageActivity(chat, 'help'));
    expect(res.status).toBe(200); // the turn's error handler copes
    await sleep(200);
    const creates = connector.calls.filter((c) => c.conversationId === chat.conversationId && c.method === 'POST');
    // The failed create, then (from onTurnError) the error card; never a blind second copy of the help card.
    expect(creates[0]!.status).toBe(502);
    expect(creates.filter((c) => c.status === 200 && /circuits/.test(cardText(cardOf(c))))).toHaveLength(0);

    const chat2 = newChat(connector.url);
    await postActivity(bot.url, messageActivity(chat2, 'slow test'));
    await connector.waitFor(() => inConversation(chat2.conversationId).length === 1);
    connector.failNext(1, { status: 502, method: 'PUT', conversationId: chat2.conversationId });
    slow.release();
    await connector.waitFor(() => inConversation(chat2.conversationId).some((c) => c.method === 'PUT'));
    const puts = connector.calls.filter((c) => c.conversationId === chat2.conversationId && c.method === 'PUT');
    expect(puts.map((c) => c.status)).toEqual([502, 200]);
  });
});

describe('probes', () => {
  it('serves /healthz and /readyz (503 with the detail when Azure is not healthy)', async () => {
    const h = await fetch(`${bot.url}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ status: 'ok' });

    const r = await fetch(`${bot.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ready: true, azure: { ok: true } });

    azure.health = { ok: false, detail: 'ARM unreachable: ECONNREFUSED' };
    try {
      const bad = await fetch(`${bot.url}/readyz`);
      expect(bad.status).toBe(503);
      expect(await bad.json()).toMatchObject({ ready: false, azure: { ok: false, detail: 'ARM unreachable: ECONNREFUSED' } });
    } finally {
      azure.health = { ok: true, detail: 'ok' };
    }
  });

  it('keeps idle connections for 65 s, longer than the proxies in front of it, so a reused socket is not reset', async () => {
    const agent = new Agent({ keepAlive: true });
    try {
      const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
        httpGet(`${bot.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers));
        }).on('error', reject);
      });
      expect(headers.connection).toBe('keep-alive');
      expect(headers['keep-alive']).toBe('timeout=65');
    } finally {
      agent.destroy();
    }
  });
});

describe('playground (local mode)', () => {
  it('serves the page, its script, the host config and the card renderer', async () => {
    const page = await fetch(`${bot.url}/playground`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('/playground/app.js');
    expect(html).toContain('width=device-width');
    for (const path of ['/playground/app.js', '/playground/app.css', '/playground/hostconfig.json', '/playground/vendor/adaptivecards.min.js']) {
      const res = await fetch(`${bot.url}${path}`);
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
    const info = (await (await fetch(`${bot.url}/playground/info`)).json()) as { simulated: boolean };
    expect(info.simulated).toBe(true);
  });

  it('round-trips through its own connector: the reply arrives on the SSE stream', async () => {
    const chat = newChat(`${bot.url}/playground/connector/`);
    const controller = new AbortController();
    const res = await fetch(`${bot.url}/playground/events?conversation=${encodeURIComponent(chat.conversationId)}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const events: any[] = [];
    const decoder = new TextDecoder();
    let buffer = '';
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let i: number;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) events.push(JSON.parse(data.slice(6)));
          }
        }
      } catch {
        /* aborted */
      }
    })();

    await postActivity(bot.url, messageActivity(chat, 'slow test'));
    for (let i = 0; i < 100 && events.length < 1; i++) await sleep(20);
    slow.release();
    for (let i = 0; i < 100 && events.length < 2; i++) await sleep(20);
    controller.abort();
    await pump;

    expect(events.map((e) => e.kind)).toEqual(['create', 'update']);
    expect(events[1].activity.id).toBe(events[0].activity.id);
    expect(events[0].activity.attachments[0].contentType).toBe(ADAPTIVE);
    expect(cardText(events[1].activity.attachments[0].content)).toContain('slow-done-42');
  });
});

describe('with a Bot Framework identity (MicrosoftAppId set)', () => {
  it('hides the playground and requires auth on /api/messages', async () => {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' });
    const authed = await createBotServer({ config, services: servicesFor(config, stubAzure()), log: captureLog(), host: '127.0.0.1' });
    try {
      expect((await fetch(`${authed.url}/playground`)).status).toBe(404);
      expect((await fetch(`${authed.url}/playground/vendor/adaptivecards.min.js`)).status).toBe(404);
      const chat = newChat(connector.url);
      const res = await postActivity(authed.url, messageActivity(chat, 'help'));
      expect(res.status).toBe(401);
      // A token that is not a JWT is refused by botbuilder's own check (no network needed to tell).
      // CloudAdapter.process prints the AuthenticationError with console.error; keep the test output clean.
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
      const forged = await fetch(`${authed.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not-a-jwt' },
        body: JSON.stringify(messageActivity(chat, 'help')),
      });
      expect(forged.status).toBe(401);
      quiet.mockRestore();
      await sleep(50);
      expect(connector.calls.filter((c) => c.conversationId === chat.conversationId)).toHaveLength(0);
      expect((await fetch(`${authed.url}/healthz`)).status).toBe(200);
    } finally {
      await authed.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('waits for in-flight work up to the grace period, then marks the pending card interrupted (and audits it)', async () => {
    const own = new SlowCommand();
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
    const audit = new JsonlAuditStore(mkdtempSync(join(tmpdir(), 'netops-audit-')));
    const server = await createBotServer({
      config,
      services: { ...servicesFor(config, stubAzure()), audit },
      commands: [...COMMANDS, own.spec],
      log: captureLog(),
      host: '127.0.0.1',
      shutdownGraceMs: 300,
    });
    const chat = newChat(connector.url);
    await postActivity(server.url, messageActivity(chat, 'slow test'));
    const [ack] = await connector.waitFor(() => inConversation(chat.conversationId).length === 1).then(() => inConversation(chat.conversationId));
    expect(server.inFlight()).toBe(1);

    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(server.inFlight()).toBe(0);
    expect(own.aborted).toBe(1);

    const calls = inConversation(chat.conversationId);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'PUT']);
    expect(calls[1]!.activityId).toBe(ack!.assignedId);
    const text = cardText(cardOf(calls[1]));
    expect(text).toMatch(/restarted/);
    expect(text).not.toContain('slow-done-42');
    // The server no longer listens.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    // The interrupted command is in the audit trail as such.
    await audit.flush();
    expect((await audit.recent(5)).map((e) => [e.command, e.outcome])).toEqual([['slow-test', 'interrupted']]);
  });

  it('finishes work that completes within the grace period normally', async () => {
    const own = new SlowCommand();
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
    const server = await createBotServer({
      config,
      services: servicesFor(config, stubAzure()),
      commands: [...COMMANDS, own.spec],
      log: captureLog(),
      host: '127.0.0.1',
      shutdownGraceMs: 5_000,
    });
    const chat = newChat(connector.url);
    await postActivity(server.url, messageActivity(chat, 'slow test'));
    await connector.waitFor(() => inConversation(chat.conversationId).length === 1);
    const closing = server.close();
    // New messages are refused while draining.
    expect((await postActivity(server.url, messageActivity(chat, 'help'))).status).toBe(503);
    own.release();
    await closing;
    const calls = inConversation(chat.conversationId);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'PUT']);
    expect(cardText(cardOf(calls[1]))).toContain('slow-done-42');
  });
});
