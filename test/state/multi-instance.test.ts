/**
 * Two bot processes (the real entry point, src/index.ts, as `npm start` runs it) on one Azure Storage account
 * (Azurite), behind a round-robin proxy that spreads a conversation's activities over both, as Azure Bot
 * Service does. They must behave as one bot: context, proposals, Teams retries and the audit trail are shared,
 * and when one instance is killed mid-command the other keeps serving and records the command as interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/store.ts';
import { createAzureState } from '../../src/state/azure/index.ts';
import type { SharedState } from '../../src/state/types.ts';
import { startAzurite, type Azurite } from '../helpers/azurite.ts';
import { allowSecretsIn } from '../helpers/emitted.ts';
import { cardOf, cardText, startFakeConnector, type ConnectorCall, type FakeConnector } from '../helpers/fake-connector.ts';
import { startRoundRobin, type RoundRobin } from '../helpers/round-robin.ts';
import { invokeActivity, messageActivity, newChat, postActivity, type Chat } from '../teams/harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OPERATOR = 'aaaaaaaa-0000-4000-8000-0000000000a1';
const NAMESPACE = `multi${process.pid}`;

interface Instance {
  name: string;
  child: ChildProcess;
  url: string;
  output: () => string;
}

let azurite: Azurite;
let connector: FakeConnector;
let proxy: RoundRobin;
let instances: Instance[] = [];
let store: SharedState;
const dataDir = mkdtempSync(join(tmpdir(), 'netops-multi-'));

async function startInstance(name: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      NETOPS_DATA_DIR: join(dataDir, name),
      MicrosoftAppId: '',
      AZURE_SUBSCRIPTION_IDS: '',
      AZURE_ARM_ENDPOINT: '',
      NETOPS_OPERATORS: OPERATOR,
      NETOPS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      NETOPS_STORAGE_NAMESPACE: NAMESPACE,
      NETOPS_INSTANCE_LEASE_SECONDS: '3',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const m = /NetOps bot listening on (http:\/\/\S+)/.exec(out);
    if (m) return { name, child, url: m[1]!, output: () => out };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`instance ${name} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  [azurite, connector] = await Promise.all([startAzurite(), startFakeConnector()]);
  instances = await Promise.all([startInstance('a'), startInstance('b')]);
  proxy = await startRoundRobin(instances.map((i) => i.url));
  // The test's own view of the shared store, to read what the instances wrote.
  store = await createAzureState({ kind: 'azure', connectionString: azurite.connectionString, namespace: NAMESPACE, instanceLeaseMs: 3_000 }, 'test-reader');
}, 90_000);

afterAll(async () => {
  for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL');
  await proxy?.close();
  await connector?.close();
  await azurite?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function as(user: string, activity: Record<string, unknown>): Record<string, unknown> {
  return { ...activity, from: { id: `29:${user}`, name: 'Operator One', aadObjectId: user } };
}

const callsOf = (chat: Chat) => connector.ok().filter((c) => c.conversationId === chat.conversationId);
const backendOf = (activityId: string) => proxy.forwarded.find((f) => f.activityId === activityId)?.backend;

/** Posts through the proxy and waits until the conversation has `replies` more connector calls. */
async function say(chat: Chat, activity: Record<string, unknown>, replies: number): Promise<{ calls: ConnectorCall[]; backend: number | undefined }> {
  const before = callsOf(chat).length;
  const res = await postActivity(proxy.url, activity);
  expect(res.status).toBe(200);
  await connector.waitFor(() => callsOf(chat).length >= before + replies, 20_000);
  return { calls: callsOf(chat).slice(before), backend: backendOf(activity.id as string) };
}

async function auditOf(chat: Chat, count: number): Promise<AuditEntry[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mine = (await store.audit.recent(5_000)).filter((e) => e.conversationId === chat.conversationId);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('two instances on one Azure Storage account', () => {
  it('both are ready, and say their state is shared', async () => {
    for (const i of instances) {
      const ready = (await (await fetch(`${i.url}/readyz`)).json()) as { ready: boolean; state: { kind: string; ok: boolean } };
      expect(ready).toMatchObject({ ready: true, state: { kind: 'azure', ok: true } });
    }
    const chat = newChat(connector.url);
    const { calls } = await say(chat, messageActivity(chat, 'about'), 1);
    expect(cardText(cardOf(calls[0]))).toMatch(/Shared state\s+Azure Storage, shared by every instance/);
    expect(instances[0]!.output()).toMatch(/state: +Azure Storage, shared by every instance: http:\/\/127\.0\.0\.1:\d+/);
    expect(instances[0]!.output()).not.toMatch(/AccountKey/);
  });

  it('context set on one instance is used by the other', async () => {
    const chat = newChat(connector.url);
    const first = await say(chat, messageActivity(chat, 'bgp status tokyo-er'), 2);
    expect(cardText(cardOf(first.calls[1]))).toMatch(/tokyo-er/);
    const second = await say(chat, messageActivity(chat, 'arp table secondary'), 2);
    expect(second.backend).not.toBe(first.backend);
    const card = cardText(cardOf(second.calls[1]));
    expect(card).toMatch(/Assumed circuit tokyo-er from this conversation/);
    expect(card).toMatch(/ARP/);
  });

  it('a confirmation proposed on one instance and pressed on the other runs exactly once', async () => {
    const chat = newChat(connector.url);
    allowSecretsIn(chat.conversationId); // the revealed key's card: the sweep checks every other conversation
    const proposal = await say(chat, as(OPERATOR, messageActivity(chat, 'service key tokyo-er')), 1);
    const button = JSON.stringify(cardOf(proposal.calls[0])).match(/"command":"(service key tokyo-er confirm [A-Za-z0-9_-]+)"/)?.[1];
    expect(button).toBeDefined();

    const press = as(OPERATOR, invokeActivity(chat, 'netops.run', { command: button }, proposal.calls[0]!.assignedId));
    const pressed = await postActivity(proxy.url, press);
    expect(pressed.status).toBe(200);
    expect(backendOf(press.id as string)).not.toBe(proposal.backend);
    // The same button pressed again (a second click, another instance): refused, nothing runs twice.
    const again = as(OPERATOR, invokeActivity(chat, 'netops.run', { command: button }, proposal.calls[0]!.assignedId));
    const refused = await postActivity(proxy.url, again);
    expect(backendOf(again.id as string)).toBe(proposal.backend);
    expect(JSON.stringify(refused.body)).toMatch(/expired or was already used/);

    await connector.waitFor(() => callsOf(chat).some((c) => c.method === 'PUT'), 20_000);
    const entries = await auditOf(chat, 3);
    expect(entries.map((e) => e.outcome).sort()).toEqual(['confirmation-expired-or-unknown', 'ok', 'proposed']);
    expect(callsOf(chat).filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('a Teams retry that reaches the other instance is not run twice; a retried invoke gets the first answer', async () => {
    const chat = newChat(connector.url);
    const message = messageActivity(chat, 'circuits');
    const first = await postActivity(proxy.url, message);
    const retry = await postActivity(proxy.url, message);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(proxy.forwarded.filter((f) => f.activityId === message.id).map((f) => f.backend).sort()).toEqual([0, 1]);
    await connector.waitFor(() => callsOf(chat).length >= 2, 20_000);
    await new Promise((r) => setTimeout(r, 1_500)); // room for a second run to show itself
    expect(callsOf(chat).map((c) => c.method)).toEqual(['POST', 'PUT']);
    expect(await auditOf(chat, 1)).toHaveLength(1);

    const invoke = invokeActivity(chat, 'netops.run', { command: 'help' });
    const answered = await postActivity(proxy.url, invoke);
    const retried = await postActivity(proxy.url, invoke);
    expect(answered.status).toBe(200);
    expect(cardText(answered.body?.value)).toMatch(/bgp status/);
    expect(retried.body).toEqual(answered.body);
    expect((await auditOf(chat, 2)).filter((e) => e.command === 'help')).toHaveLength(1);
  });

  it('1,000 commands over both instances: 1,000 audit entries, all well-formed', async () => {
    const chats = Array.from({ length: 20 }, () => newChat(connector.url));
    let sent = 0;
    const worker = async () => {
      while (sent < 1_000) {
        const chat = chats[sent++ % chats.length]!;
        const res = await postActivity(proxy.url, messageActivity(chat, 'about'));
        expect(res.status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: 25 }, worker));
    const ids = new Set(chats.map((c) => c.conversationId));
    const deadline = Date.now() + 30_000;
    let mine: AuditEntry[] = [];
    while (Date.now() < deadline) {
      mine = (await store.audit.recent(10_000)).filter((e) => ids.has(e.conversationId));
      if (mine.length >= 1_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(mine).toHaveLength(1_000);
    for (const e of mine) {
      expect(e).toMatchObject({ command: 'about', outcome: 'ok', source: 'message', userId: '29:user-1' });
      expect(Number.isNaN(Date.parse(e.time))).toBe(false);
    }
    const byInstance = proxy.forwarded.filter((f) => f.path === '/api/messages').slice(-1_000);
    expect(new Set(byInstance.map((f) => f.backend))).toEqual(new Set([0, 1]));
  }, 120_000);

  it('an instance killed mid-command: the other keeps serving, marks the card interrupted and audits it', async () => {
    const chat = newChat(connector.url);
    // melbourne-er's reads take ~25 s on the demo: well inside the command when the instance dies.
    const slow = messageActivity(chat, 'bgp status melbourne-er');
    const { calls, backend } = await say(chat, slow, 1);
    const victim = instances[backend!]!;
    const survivor = instances[1 - backend!]!;
    // Its ledger row must be written (with the card id) before the kill, as in life it is within milliseconds.
    await new Promise((r) => setTimeout(r, 500));
    victim.child.kill('SIGKILL');
    await new Promise<void>((resolve) => (victim.child.exitCode !== null ? resolve() : victim.child.once('exit', () => resolve())));

    // The survivor keeps answering, whichever instance the proxy tries first.
    for (let i = 0; i < 4; i++) {
      const other = newChat(connector.url);
      const r = await say(other, messageActivity(other, 'help'), 1);
      expect(cardText(cardOf(r.calls[0]))).toMatch(/bgp status/);
    }

    // Once the victim's lease (3 s) has run out, the survivor takes its command over.
    const updated = await connector.waitFor(() => callsOf(chat).some((c) => c.method === 'PUT'), 20_000);
    const put = updated.find((c) => c.conversationId === chat.conversationId && c.method === 'PUT')!;
    expect(put.activityId).toBe(calls[0]!.assignedId);
    expect(cardText(cardOf(put))).toMatch(/interrupted/i);
    const entries = await auditOf(chat, 1);
    expect(entries.map((e) => [e.command, e.outcome])).toEqual([['bgp-status', 'interrupted']]);
    expect(survivor.output()).toMatch(/taking over the commands of an instance that stopped/);
  }, 90_000);
});
