/**
 * Secrets never leave the bot. Every secret the emulator world holds (service keys, MD5 shared keys,
 * authorization keys), the bot's MicrosoftAppPassword and a probe agent's token are planted, then a broad
 * sweep runs every command in COMMANDS against every demo circuit, gateway and connection through the real
 * bot over HTTP (restify + CloudAdapter, the real SDK over HTTPS to the emulator). Every connector body, every
 * invoke response, every log line (the bot's real JSON logger), everything written to stdout/stderr meanwhile,
 * the emulator's own log, and the CLI's output are scanned (test/helpers/secret-scan.ts): zero hits. Positive
 * controls prove the scanner finds what it is looking for, in strings and in a real card.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import { loadDemoWorld } from '../../src/emulator/world.ts';
import { maskServiceKey } from '../../src/azure/map.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { type BotServer, createBotServer, jsonLogger } from '../../src/teams/server.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { cardOf, cardText, type ConnectorCall, type FakeConnector, startFakeConnector } from '../helpers/fake-connector.ts';
import { configSecrets, describeHits, SecretScanner, type SecretHit, squash, strings, worldSecrets } from '../helpers/secret-scan.ts';
import { invokeActivity, messageActivity, newChat, postActivity, servicesFor, STACKISH, stubAzure } from '../teams/harness.ts';
import { allowSecretsIn } from '../helpers/emitted.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP_PASSWORD = 'NetOps~AppPassword.k7Qv-3xZ_fake-bot-secret';
const PROBE_TOKEN = 'probe-agent-token-5f1c9e0d-aa42-4b7e-fake';
const WORKING = '⏳ Working…';
/** An Entra object id with the operator role (NETOPS_OPERATORS): the one who may reveal a service key. */
const OPERATOR_OID = 'c0ffee00-0000-4000-8000-00000000abcd';
const OPERATOR = { id: '29:operator-1', name: 'Oper Ator', aadObjectId: OPERATOR_OID };
const dataDir = mkdtempSync(join(tmpdir(), 'netops-secrets-'));

let connector: FakeConnector;
let handle: ServicesHandle;
let bot: BotServer;
let scanner: SecretScanner;
const logLines: string[] = [];
const emulatorLog: string[] = [];
const stdio: string[] = [];
const invokeBodies: { where: string; body: unknown }[] = [];
let restoreStdio: (() => void) | undefined;
/** Conversations of the positive controls: they leak on purpose and are scanned on their own. */
const controlConversations = new Set<string>();

/** A loopback port nothing listens on: the probe agent is configured but unreachable. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

function probeAgentsEnv(port: number): string {
  return JSON.stringify([{ name: 'tokyo-dc', url: `http://127.0.0.1:${port}`, token: PROBE_TOKEN, site: 'Tokyo DC' }]);
}

/** Tees process.stdout and process.stderr into `stdio` (still written through). */
function captureStdio(): () => void {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const tee =
    (original: typeof out) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      stdio.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = tee(out) as typeof process.stdout.write;
  process.stderr.write = tee(err) as typeof process.stderr.write;
  return () => {
    process.stdout.write = out;
    process.stderr.write = err;
  };
}

beforeAll(async () => {
  restoreStdio = captureStdio();
  connector = await startFakeConnector();
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'debug',
    AZURE_LRO_POLL_MS: '10',
    // No MicrosoftAppId: local mode. The password is still in the configuration, where a careless log could find it.
    MicrosoftAppPassword: APP_PASSWORD,
    NETOPS_PROBE_AGENTS: probeAgentsEnv(await deadPort()),
    NETOPS_OPERATORS: OPERATOR_OID,
    NETOPS_DATA_DIR: dataDir,
  });
  handle = await createServices(config, { emulator: { lroDurationScale: 0, log: (line) => void emulatorLog.push(line) } });
  // The sweep is about secrets, not throttling: without ARM's token bucket every command reads real data.
  handle.emulator!.world.settings.rateLimits.enabled = false;
  bot = await createBotServer({
    config: handle.services.config,
    services: handle.services,
    log: jsonLogger('debug', (line) => void logLines.push(line)),
    host: '127.0.0.1',
    shutdownGraceMs: 2_000,
  });
  scanner = new SecretScanner([...worldSecrets(handle.emulator!.world), ...configSecrets(handle.services.config)]);
});

afterAll(async () => {
  restoreStdio?.();
  await bot?.close();
  await handle?.close();
  await connector?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const isWorking = (call: ConnectorCall) => cardText(cardOf(call)).includes(WORKING);

/** Resolves once the conversation's last card is final: a PUT replaced the working card, or a final card was posted. */
function settled(conversationId: string): Promise<ConnectorCall[]> {
  return connector.waitFor((calls) => {
    const mine = calls.filter((c) => c.conversationId === conversationId);
    const posts = mine.filter((c) => c.method === 'POST');
    if (posts.length === 0) return false;
    return posts.every((p) => !isWorking(p) || mine.some((u) => u.method === 'PUT' && u.activityId === p.assignedId));
  }, 30_000);
}

async function say(text: string): Promise<ConnectorCall[]> {
  const chat = newChat(connector.url);
  const res = await postActivity(bot.url, messageActivity(chat, text));
  expect(res.status, text).toBe(200);
  const calls = await settled(chat.conversationId);
  return calls.filter((c) => c.conversationId === chat.conversationId);
}

async function click(command: string): Promise<void> {
  const chat = newChat(connector.url);
  const res = await postActivity(bot.url, invokeActivity(chat, 'netops.run', { command }, `card-${chat.conversationId}`));
  expect(res.status, command).toBe(200);
  invokeBodies.push({ where: `invoke response "${command}"`, body: res.body });
  const card = res.body?.value;
  if (card && !cardText(card).includes(WORKING)) return;
  // A slow command: the clicked card gets the result by PUT.
  await connector.waitFor((calls) => calls.some((c) => c.conversationId === chat.conversationId && c.method === 'PUT'), 30_000);
}

/** Polls `check` until it holds (audit lines are appended in the background). */
async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function pool<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** The sweep: every command with a typical argument against every demo resource. */
function sweepTexts(): string[] {
  const world = handle.emulator!.world;
  const texts = ['help', ...COMMANDS.map((c) => `help ${c.name}`), 'circuits', 'circuits tokyo', 'about', 'whoami'];
  for (const { name } of world.circuits) {
    texts.push(`bgp status ${name}`, `bgp status ${name} all`, `arp table ${name}`, `routes ${name}`, `routes summary ${name}`, `circuit ${name}`, `fastpath ${name}`);
  }
  for (const { name } of world.gateways) texts.push(`gateway ${name}`, `fastpath ${name}`);
  for (const { name } of world.connections) texts.push(`fastpath ${name}`);
  // Network Watcher commands, when registered: against every demo VM.
  const perVm: Record<string, (vm: string) => string> = {
    'effective routes': (vm) => `effective routes ${vm}`,
    'effective nsg': (vm) => `effective nsg ${vm}`,
    nexthop: (vm) => `nexthop ${vm} 192.168.10.1`,
    check: (vm) => `check ${vm} 192.168.10.1:179`,
  };
  for (const spec of COMMANDS) {
    const make = perVm[spec.name];
    if (make) for (const { name } of world.virtualMachines) texts.push(make(name));
  }
  // Commands added since (latency, Network Watcher...): their own examples. Probe commands run against the
  // configured, unreachable agent: their error cards must be just as clean.
  const covered = new Set(['help', 'bgp-status', 'arp-table', 'routes', 'routes-summary', 'circuit', 'circuits', 'fastpath', 'gateway', 'about']);
  for (const spec of COMMANDS) if (!covered.has(spec.id)) texts.push(...spec.examples);
  return [...new Set(texts)];
}

/** The audit trail's lines (JSON), as written to the data directory. */
function auditLines(): string[] {
  const file = join(dataDir, 'audit', 'audit.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** Log and audit lines of the positive-control conversations (they hold the pasted key on purpose). */
function isControlLine(line: string): boolean {
  try {
    return controlConversations.has(String((JSON.parse(line) as { conversationId?: unknown }).conversationId));
  } catch {
    return false;
  }
}

function sweepHits(): SecretHit[] {
  const calls = connector.calls.filter((c) => !controlConversations.has(c.conversationId));
  return scanner.scanAll([
    ...calls.flatMap((c) => [
      { where: `connector ${c.method} ${c.path}`, text: c.body },
      { where: `connector ${c.method} ${c.path} (strings)`, text: strings(c.body) },
      { where: `connector ${c.method} path`, text: decodeURIComponent(c.path) },
    ]),
    ...invokeBodies.flatMap((b) => [
      { where: b.where, text: b.body },
      { where: `${b.where} (strings)`, text: strings(b.body) },
    ]),
    ...logLines.map((line, i) => ({ where: `bot log line ${i + 1}`, text: line })).filter((l) => !isControlLine(l.text)),
    ...auditLines().map((line, i) => ({ where: `audit trail line ${i + 1}`, text: line })).filter((l) => !isControlLine(l.text)),
    ...emulatorLog.map((line, i) => ({ where: `emulator log line ${i + 1}`, text: line })),
    ...stdio.map((chunk, i) => ({ where: `stdout/stderr chunk ${i + 1}`, text: chunk })),
  ]);
}

describe('the scanner', () => {
  it('knows every secret of the demo world and of the configuration', () => {
    const labels = scanner.secrets.map((s) => s.label);
    const world = handle.emulator!.world;
    expect(labels.filter((l) => l.endsWith('serviceKey'))).toHaveLength(world.circuits.length);
    expect(labels.filter((l) => l.endsWith('sharedKey (MD5)')).length).toBe(world.circuits.flatMap((c) => c.peerings.filter((p) => p.sharedKey)).length);
    expect(labels).toEqual(expect.arrayContaining(['MicrosoftAppPassword', 'probe agent tokyo-dc token']));
    expect(labels.some((l) => l.includes('authorizationKey'))).toBe(true);
  });

  it('(positive control) finds a planted secret exactly, in another case, without separators, base64-encoded, and any SAS signature', () => {
    const md5 = scanner.secrets.find((s) => s.label.includes('sharedKey'))!.value;
    const guid = scanner.secrets.find((s) => s.label.endsWith('serviceKey'))!.value;
    const kinds = (text: string) => scanner.scan(text, 'control').map((h) => h.kind);
    expect(kinds(`the key is ${md5}.`)).toEqual(['exact']);
    expect(kinds(`KEY=${md5.toUpperCase()}`)).toEqual(['case-insensitive']);
    expect(kinds(`{"k":"${guid.replace(/-/g, '')}"}`)).toEqual(['separators-removed']);
    expect(kinds(`split: ${[...md5].join('\u200b')}`)).toEqual(['separators-removed']);
    expect(kinds(`spaced: ${md5.split('-').join(' - ')}`)).toEqual(['separators-removed']);
    expect(kinds(`Basic ${Buffer.from(APP_PASSWORD).toString('base64')}`)).toEqual(['base64']);
    expect(kinds(`Bearer ${PROBE_TOKEN}`)).toEqual(['exact']);
    expect(kinds('https://acct.blob.core.windows.net/c/b.pcap?sv=2024-08-04&se=2026-01-01&sig=AbC%2Bdef%3D')).toEqual(['sas-signature']);
    // Hits never print the secret itself.
    for (const h of scanner.scan(`x ${md5} y ${APP_PASSWORD}`, 'control')) {
      expect(h.excerpt).not.toContain(md5);
      expect(h.excerpt).not.toContain(APP_PASSWORD);
    }
  });

  it('(negative control) does not flag masked keys, "set (hidden)", names or ordinary URLs', () => {
    const guid = scanner.secrets.find((s) => s.label.endsWith('serviceKey'))!.value;
    expect(scanner.scan(`Service key ${maskServiceKey(guid)} (masked) · MD5 key set (hidden)`, 'control')).toEqual([]);
    expect(scanner.scan('bgp status tokyo-er · https://127.0.0.1:3978/api/messages?signal=1&design=2', 'control')).toEqual([]);
    expect(squash('Md5-Demo-Secret-tokyo-9f3a')).toBe('md5demosecrettokyo9f3a');
  });

  it('(positive control, end to end) finds a key that a user pasted into a command, in the real card that echoes it', async () => {
    const md5 = loadDemoWorld().circuits.find((c) => c.name === 'tokyo-er')!.peerings[0]!.sharedKey!;
    const chat = newChat(connector.url);
    controlConversations.add(chat.conversationId);
    allowSecretsIn(chat.conversationId);
    await postActivity(bot.url, messageActivity(chat, `bgp status ${md5}`));
    const calls = (await settled(chat.conversationId)).filter((c) => c.conversationId === chat.conversationId);
    const hits = scanner.scanAll(calls.map((c) => ({ where: `control ${c.method}`, text: c.body })));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.secret.includes('tokyo-er') && h.secret.includes('sharedKey'))).toBe(true);
  });
});

describe('a sweep of every command through the bot', () => {
  it('runs every command against every demo circuit, gateway and connection, with no secret anywhere', async () => {
    const texts = sweepTexts();
    const failures: string[] = [];
    await pool(texts, 6, async (text) => {
      const calls = await say(text);
      for (const c of calls) {
        const card = cardOf(c);
        if (!card) {
          failures.push(`${text}: a connector call without a card`);
          continue;
        }
        expectValidCard(card);
        if (STACKISH.test(cardText(card))) failures.push(`${text}: stack-like text in the card`);
      }
    });
    // A few card actions (Action.Execute), whose answers travel in the invoke response body.
    await pool(['about', 'circuits', 'bgp status hongkong-er', 'arp table restricted-er', 'circuit tokyo-er', 'bgp status Md5-not-a-circuit'], 3, click);
    expect(failures).toEqual([]);

    const hits = sweepHits();
    expect(hits, describeHits(hits)).toEqual([]);

    // The sweep really ran every registered command, and read the data that holds the secrets.
    // (A refused command, e.g. an operator-only one asked by a reader, is logged under its name.)
    const ran = new Set(logLines.map((l) => JSON.parse(l) as { msg?: string; commandId?: string }).filter((l) => l.msg === 'command').map((l) => l.commandId));
    for (const spec of COMMANDS) expect(ran.has(spec.id) || ran.has(spec.name), `command ${spec.id} never reached the engine`).toBe(true);
    const outcomes = logLines.map((l) => JSON.parse(l) as { msg?: string; outcome?: string }).filter((l) => l.msg === 'command').map((l) => l.outcome);
    console.info(`secrets sweep: ${texts.length} commands, outcomes ${JSON.stringify(Object.fromEntries([...new Set(outcomes)].map((o) => [o, outcomes.filter((x) => x === o).length])))}`);
    // Mostly real answers (the scenarios' verdicts), not a wall of errors that would show no data at all.
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(outcomes.length * 0.8);
    expect(handle.emulator!.requests.count({ operation: 'circuits.get' })).toBeGreaterThan(0);
    expect(handle.emulator!.requests.count({ operation: 'arpTable' })).toBeGreaterThan(0);
    expect(connector.ok().filter((c) => !controlConversations.has(c.conversationId)).length).toBeGreaterThan(texts.length);
  }, 120_000);

  it('keeps cards that show what the secrets protect, without the secrets themselves', async () => {
    const calls = await say('circuit tokyo-er');
    const text = calls.map((c) => cardText(cardOf(c))).join('\n');
    expect(text).toMatch(/masked/); // the service key row, masked
    expect(text).toMatch(/set \(hidden\)/); // the MD5 key row
    const hits = scanner.scanAll(calls.map((c) => ({ where: `circuit tokyo-er ${c.method}`, text: c.body })));
    expect(hits, describeHits(hits)).toEqual([]);
  });
});

describe('the one command that shows a secret: `service key`, for an operator, confirmed', () => {
  it('shows the service key in that 1:1 card only: never in a log line, the audit trail, or any other message', async () => {
    const key = handle.emulator!.world.circuits.find((c) => c.name === 'tokyo-er')!.serviceKey;
    const chat = newChat(connector.url);
    const asked = await postActivity(bot.url, messageActivity(chat, 'service key tokyo-er', { from: OPERATOR }));
    expect(asked.status).toBe(200);
    const [proposal] = (await settled(chat.conversationId)).filter((c) => c.conversationId === chat.conversationId);
    const confirm = JSON.stringify(cardOf(proposal)).match(/"command":"(service key tokyo-er confirm [^"]+)"/)?.[1];
    expect(confirm, cardText(cardOf(proposal))).toBeDefined();
    expect(cardText(cardOf(proposal))).not.toContain(key);

    await eventually(() => auditLines().some((l) => l.includes(chat.conversationId)));
    const before = { log: logLines.length, audit: auditLines().length, emulator: emulatorLog.length, stdio: stdio.length };
    const invoke = { ...invokeActivity(chat, 'netops.run', { command: confirm }, proposal!.assignedId), from: OPERATOR };
    const clicked = await postActivity(bot.url, invoke);
    expect(clicked.status).toBe(200);
    // The audit trail is appended in the background: wait for the confirmed run's line.
    await eventually(() => auditLines().slice(before.audit).some((l) => l.includes('"service-key"')));
    const calls = await connector.waitFor((all) => all.some((c) => c.conversationId === chat.conversationId && c.method === 'PUT'), 30_000);
    const update = calls.find((c) => c.conversationId === chat.conversationId && c.method === 'PUT')!;
    expectValidCard(cardOf(update));
    // By design the key is in the operator's card...
    expect(cardText(cardOf(update))).toContain(key);
    // ...and nowhere else: not in the invoke answer (a working card), the logs, the audit trail, or stdout/stderr.
    const token = confirm!.split(' ').pop()!;
    const elsewhere = new SecretScanner([{ label: 'tokyo-er serviceKey', value: key }, { label: 'confirmation token', value: token }]);
    const hits = elsewhere.scanAll([
      { where: 'invoke response', text: clicked.body },
      ...logLines.slice(before.log).map((text, i) => ({ where: `bot log line ${before.log + i + 1}`, text })),
      ...auditLines().slice(before.audit).map((text, i) => ({ where: `audit line ${before.audit + i + 1}`, text })),
      ...emulatorLog.slice(before.emulator).map((text, i) => ({ where: `emulator log line ${before.emulator + i + 1}`, text })),
      ...stdio.slice(before.stdio).map((text, i) => ({ where: `stdout/stderr chunk ${before.stdio + i + 1}`, text })),
    ]);
    expect(hits, describeHits(hits)).toEqual([]);
    // The trail records that the key was asked for and shown, by whom.
    expect(auditLines().slice(before.audit).map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual(
      expect.arrayContaining([expect.objectContaining({ command: 'service-key', outcome: 'ok', aadObjectId: OPERATOR_OID })]),
    );
    // Every other conversation stays clean of this key.
    const others = connector.calls.filter((c) => c.conversationId !== chat.conversationId && !controlConversations.has(c.conversationId));
    expect(elsewhere.scanAll(others.map((c) => ({ where: `connector ${c.method} ${c.conversationId}`, text: c.body })))).toEqual([]);
    controlConversations.add(chat.conversationId);
    allowSecretsIn(chat.conversationId);
  });

  it('refuses a reader, and a channel, without reading the key', async () => {
    const reads = handle.emulator!.requests.count({ operation: 'circuits.get' });
    const reader = await say('service key tokyo-er');
    const channel = newChat(connector.url);
    await postActivity(bot.url, messageActivity(channel, 'service key tokyo-er', { from: OPERATOR, conversation: { id: channel.conversationId, conversationType: 'channel', tenantId: 'tenant-1' } }));
    const inChannel = (await settled(channel.conversationId)).filter((c) => c.conversationId === channel.conversationId);
    const key = handle.emulator!.world.circuits.find((c) => c.name === 'tokyo-er')!.serviceKey;
    for (const c of [...reader, ...inChannel]) {
      expect(cardText(cardOf(c))).not.toContain(key);
      expect(cardText(cardOf(c))).toMatch(/❌/);
    }
    expect(handle.emulator!.requests.count({ operation: 'circuits.get' })).toBe(reads);
  });
});

describe('with a Bot Framework identity (MicrosoftAppId + MicrosoftAppPassword)', () => {
  it('never echoes the app password in answers to valid, forged or missing tokens, nor in the log', async () => {
    // Offline inbound auth, as in test/teams/auth.test.ts: a local OpenID metadata endpoint publishes our key.
    // Only card actions are sent: they are answered in the HTTP body and need no outbound token.
    const APP_ID = '11111111-2222-4333-8444-555555555555';
    const ISSUER = 'https://api.botframework.com';
    const pair = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', use: 'sig', alg: 'RS256' };
    let base = '';
    const metadata = createHttpServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/openid') res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      else res.end(JSON.stringify({ keys: [{ ...jwk, endorsements: ['msteams'] }] }));
    });
    await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(metadata.address() as { port: number }).port}`;
    const lines: string[] = [];
    const config = loadConfig({
      PORT: '0',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: `${base}/openid`,
      NETOPS_DATA_DIR: dataDir,
    });
    const authBot = await createBotServer({ config, services: servicesFor(config, stubAzure()), log: jsonLogger('debug', (l) => void lines.push(l)), host: '127.0.0.1' });
    try {
      const serviceUrl = 'https://smba.trafficmanager.net/amer/';
      const token = (key = pair.privateKey) =>
        new SignJWT({ serviceurl: serviceUrl }).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }).setIssuer(ISSUER).setAudience(APP_ID).setIssuedAt().setExpirationTime('1h').sign(key);
      const stranger = (await generateKeyPair('RS256')).privateKey;
      const answers: { where: string; text: string }[] = [];
      for (const [label, authorization] of [
        ['valid token', `Bearer ${await token()}`],
        ['forged token', `Bearer ${await token(stranger)}`],
        ['garbage token', 'Bearer not-a-jwt'],
        ['no token', undefined],
        ['the app password as a token', `Bearer ${APP_PASSWORD}`],
        ['basic auth with the app password', `Basic ${Buffer.from(`${APP_ID}:${APP_PASSWORD}`).toString('base64')}`],
      ] as const) {
        for (const command of ['about', 'help', 'no-such-command']) {
          const res = await fetch(`${authBot.url}/api/messages`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
            body: JSON.stringify(invokeActivity(newChat(serviceUrl), 'netops.run', { command })),
          });
          const text = await res.text();
          expect(res.status, `${label} / ${command}: ${text.slice(0, 200)}`).toBe(label === 'valid token' ? 200 : 401);
          answers.push({ where: `${label} / ${command} answer`, text }, { where: `${label} / ${command} headers`, text: JSON.stringify([...res.headers]) });
        }
      }
      expect(lines.some((l) => l.includes('"msg":"command"'))).toBe(true);
      const password = new SecretScanner([{ label: 'MicrosoftAppPassword', value: APP_PASSWORD }]);
      const hits = password.scanAll([...answers, ...lines.map((text, i) => ({ where: `auth bot log line ${i + 1}`, text }))]);
      expect(hits, describeHits(hits)).toEqual([]);
    } finally {
      await authBot.close();
      await new Promise((r) => metadata.close(r));
    }
  });
});

describe('the CLI', () => {
  function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    // A clean working directory (no .env) and an environment without Azure settings: the embedded demo.
    const cwd = mkdtempSync(join(tmpdir(), 'netops-cli-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'debug',
      MicrosoftAppPassword: APP_PASSWORD,
      NETOPS_PROBE_AGENTS: probeAgentsEnv(9),
    };
    return new Promise((resolve) => {
      execFile(process.execPath, [join(ROOT, 'bin/netops.mjs'), ...args], { cwd, env, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
        // The CLI's own audit trail (./data under its working directory), if it keeps one.
        const audit = join(cwd, 'data', 'audit', 'audit.jsonl');
        const trail = existsSync(audit) ? readFileSync(audit, 'utf8') : '';
        rmSync(cwd, { recursive: true, force: true });
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr: `${stderr}${trail ? `\n[audit]\n${trail}` : ''}` });
      });
    });
  }

  it('prints `circuit tokyo-er --json` and `bgp status hongkong-er` without any secret', async () => {
    const [json, text] = await Promise.all([runCli(['run', 'circuit tokyo-er', '--json']), runCli(['run', 'bgp status hongkong-er'])]);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { ok: boolean; target: string; data: unknown };
    expect(result).toMatchObject({ ok: true, target: 'tokyo-er' });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Secondary path/);
    const hits = scanner.scanAll([
      { where: 'CLI --json stdout', text: json.stdout },
      { where: 'CLI --json stdout (strings)', text: strings(result) },
      { where: 'CLI --json stderr', text: json.stderr },
      { where: 'CLI text stdout', text: text.stdout },
      { where: 'CLI text stderr', text: text.stderr },
    ]);
    expect(hits, describeHits(hits)).toEqual([]);
  }, 90_000);
});
