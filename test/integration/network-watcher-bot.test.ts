/**
 * The Network Watcher commands end to end: a chat message over real HTTP into the real restify + CloudAdapter
 * host, the engine, the data layer through the real SDK over HTTPS to the emulator's demo world (its Network
 * Watcher, VMs and NICs), and the cards back to a fake Bot Connector. Every NW verdict on a demo VM, the
 * acknowledgement of the long-running check, argument and name errors, Azure refusing, and the follow-up
 * chain from `bgp status` by clicking the card's button.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createServices, type ServicesHandle } from '../../src/services.ts';
import { type BotServer, createBotServer } from '../../src/teams/server.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { worldSecrets } from '../helpers/demo.ts';
import { cardOf, cardText, type ConnectorCall, type FakeConnector, startFakeConnector } from '../helpers/fake-connector.ts';
import { captureLog, invokeActivity, JAPANESE, messageActivity, newChat, postActivity, STACKISH } from '../teams/harness.ts';

let connector: FakeConnector;
let handle: ServicesHandle;
let bot: BotServer;
const log = captureLog();

// LRO durations at 2 % of the demo's: a 3 s Network Watcher operation takes 60 ms.
const LRO_SCALE = 0.02;
const WATCHER_ID = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_japaneast';

beforeAll(async () => {
  connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AZURE_LRO_POLL_MS: '10', NETOPS_TEST_VMS: 'london-er=vm-hub-test' });
  handle = await createServices(config, { emulator: { lroDurationScale: LRO_SCALE } });
  bot = await createBotServer({ config: handle.services.config, services: handle.services, log, host: '127.0.0.1' });
});

afterAll(async () => {
  await bot?.close();
  await handle?.close();
  await connector?.close();
});

function freshAzure(): void {
  (handle.services.azure as { cache?: { clear(): void } }).cache?.clear();
}

/** Sends `text` and waits for the acknowledgement (POST) and the update of that same activity (PUT). */
async function ask(text: string, opts: { locale?: string; chat?: ReturnType<typeof newChat> } = {}): Promise<{ ack: ConnectorCall; result: ConnectorCall; card: any; chat: ReturnType<typeof newChat> }> {
  const chat = opts.chat ?? newChat(connector.url, opts.locale);
  const before = connector.ok().filter((c) => c.conversationId === chat.conversationId).length;
  const res = await postActivity(bot.url, messageActivity(chat, text));
  expect(res.status).toBe(200);
  const calls = await connector.waitFor((all) => all.filter((c) => c.conversationId === chat.conversationId).length >= before + 2, 20_000);
  const [ack, result] = calls.filter((c) => c.conversationId === chat.conversationId).slice(before);
  expect(ack!.method).toBe('POST');
  expect(result!.method).toBe('PUT');
  expect(result!.activityId).toBe(ack!.assignedId);
  return { ack: ack!, result: result!, card: cardOf(result), chat };
}

/** Rule ids in the order the card shows them (each verdict has a "RULE · scope" line). */
function cardRules(card: unknown): string[] {
  return [...cardText(card).matchAll(/^((?:ER|FP|GW|NW|LAT)-[A-Z0-9-]+)(?: · (\S+))?$/gm)].map(([, id, scope]) =>
    scope?.includes('/') ? `${id}@${scope.split('/').pop()}` : id!,
  );
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

const SCENARIOS: [string, string[]][] = [
  ['check vm-hub-test 192.168.10.1:179', ['NW-CONNECTIVITY-OK']],
  ['check vm-nsg 192.168.10.1:179', ['NW-NSG-BLOCK']],
  ['check vm-udr 192.168.10.1:179', ['NW-UDR-MISROUTE']],
  ['check vm-noroute 192.168.10.1:179', ['NW-NO-ROUTE']],
  ['check vm-noagent 192.168.10.1:179', ['NW-AGENT-MISSING']],
  // Through the gateway and no answer: nothing in Azure explains it.
  ['check vm-hub-test 10.1.2.10:1433', ['NW-UNREACHABLE']],
  ['flow vm-nsg out tcp 10.0.1.5:50000 192.168.10.1:179', ['NW-NSG-BLOCK']],
  ['flow vm-udr out tcp 10.0.3.4:50000 192.168.10.1:179', ['NW-FLOW-ALLOWED']],
  ['nexthop vm-udr 192.168.10.1', ['NW-UDR-MISROUTE']],
  ['nexthop vm-noroute 192.168.10.1', ['NW-NO-ROUTE']],
  ['nexthop vm-hub-test 192.168.10.1', ['NW-NEXTHOP-OK']],
];

describe('every Network Watcher verdict on the demo VMs, through the bot', () => {
  for (const [text, expected] of SCENARIOS) {
    it(`${text}: ${expected.join(', ')}`, async () => {
      const { ack, card } = await ask(text);
      expect(cardText(cardOf(ack))).toMatch(/Network Watcher|IP flow verify/);
      expect(cardRules(card)).toEqual(expected);
      expectValidCard(card);
      expect(cardText(card)).not.toMatch(STACKISH);
    });
  }

  it('vm-flaky is intermittent: connected or degraded, and degraded on some run', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 8 && !seen.has('NW-DEGRADED'); i++) {
      freshAzure();
      const { card } = await ask('check vm-flaky 192.168.10.1:179');
      const [rule, ...rest] = cardRules(card);
      expect(rest).toEqual([]);
      expect(['NW-CONNECTIVITY-OK', 'NW-DEGRADED']).toContain(rule);
      seen.add(rule!);
    }
    expect(seen.has('NW-DEGRADED')).toBe(true);
  });

  it('vm-weu: the card says how to enable Network Watcher in westeurope', async () => {
    const { card } = await ask('check vm-weu 192.168.10.1:179');
    const text = cardText(card);
    expect(text).toContain('az network watcher configure -g NetworkWatcherRG -l westeurope --enabled true');
    expect(text).toContain('network-watcher-missing');
    expect(buttons(card).map((b) => b.data.command)).toEqual(['effective routes vm-weu', 'effective nsg vm-weu']);
    expectValidCard(card);
  });

  it('effective routes and NSGs render as tables', async () => {
    const routes = await ask('effective routes vm-udr 192.168.10.1');
    expect(cardText(routes.card)).toMatch(/192\.168\.10\.0\/24[\s\S]*VirtualAppliance[\s\S]*10\.0\.0\.4/);
    expectValidCard(routes.card);
    const nsg = await ask('effective nsg vm-nsg');
    expect(cardText(nsg.card)).toMatch(/DenyBgpOutbound/);
    expectValidCard(nsg.card);
  });

  it('answers in Japanese for a ja-JP user', async () => {
    const { card } = await ask('check vm-nsg 192.168.10.1:179', { locale: 'ja-JP' });
    expect(cardText(card)).toMatch(JAPANESE);
    expect(cardRules(card)).toEqual(['NW-NSG-BLOCK']);
  });
});

describe('the long-running check, errors and refusals', () => {
  it('acknowledges check at once with what it is doing, then updates that card with the result', async () => {
    freshAzure();
    handle.emulator!.requests.reset();
    const { ack, result, card } = await ask('check vm-hub-test 192.168.10.1:179');
    expect(cardText(cardOf(ack))).toMatch(/Checking TCP 192\.168\.10\.1:179 from vm-hub-test/);
    expect(cardRules(cardOf(ack))).toEqual([]);
    expect(result.activityId).toBe(ack.assignedId);
    expect(cardRules(card)).toEqual(['NW-CONNECTIVITY-OK']);
    // It was a long-running operation: started with a POST and polled until done.
    expect(handle.emulator!.requests.count({ operation: 'nw.connectivityCheck' })).toBe(1);
    expect(handle.emulator!.requests.count({ operation: 'lro.poll' })).toBeGreaterThan(0);
  });

  it('a bad address is answered with what was expected and an example', async () => {
    const { card } = await ask('check vm-hub-test 192.168.10.300:179');
    const text = cardText(card);
    expect(text).toMatch(/“300” is not a number from 0 to 255/);
    expect(text).toMatch(/check vm-hub-test 192\.168\.10\.1:179/);
    expectValidCard(card);
  });

  it('a misspelt VM gets "did you mean" and a button that runs the corrected command', async () => {
    const { card } = await ask('check vm-hub-tset 192.168.10.1:179');
    expect(cardText(card)).toMatch(/Did you mean vm-hub-test/);
    expect(buttons(card).map((b) => b.data.command)).toContain('check vm-hub-test 192.168.10.1:179');
  });

  it('a forbidden check names the permission; a throttled one says when to retry', async () => {
    const world = handle.emulator!.world;
    world.forbidden.push({ scope: WATCHER_ID, actions: ['Microsoft.Network/networkWatchers/connectivityCheck/action'] });
    try {
      freshAzure();
      const { card } = await ask('check vm-nsg 192.168.10.1:179');
      expect(cardText(card)).toContain('Microsoft.Network/networkWatchers/connectivityCheck/action');
      expectValidCard(card);
    } finally {
      world.forbidden = world.forbidden.filter((f) => f.scope !== WATCHER_ID);
    }
    const id = handle.emulator!.faults.add({ kind: 'throttle', operation: 'nw.connectivityCheck', retryAfterSeconds: 90 });
    try {
      freshAzure();
      const { card } = await ask('check vm-nsg 192.168.10.1:179');
      expect(cardText(card)).toMatch(/try again in 90 s/);
      expect(buttons(card).map((b) => b.data.command)).toContain('check vm-nsg 192.168.10.1:179');
    } finally {
      handle.emulator!.faults.remove(id);
      freshAzure();
    }
  });
});

describe('from a BGP verdict to Network Watcher by card action', () => {
  it('bgp status london-er offers the TCP/179 check from the test VM; clicking it answers in a new card and keeps the diagnosis', async () => {
    const { card, chat } = await ask('bgp status london-er');
    expect(cardRules(card)).toEqual(['ER-BGP-DOWN@primary', 'ER-BGP-DOWN@secondary']);
    const check = buttons(card).find((b) => b.data.command === 'check vm-hub-test 192.168.17.1:179');
    expect(check, JSON.stringify(buttons(card).map((b) => b.data.command))).toBeDefined();
    expect(check!.title).toBe('Check TCP/179 (primary)');

    const mine = () => connector.ok().filter((c) => c.conversationId === chat.conversationId);
    const before = mine().length;
    const res = await postActivity(bot.url, invokeActivity(chat, check!.verb, check!.data, 'card-nw-1'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
    const newCard = () => mine().slice(before).find((c) => c.method === 'PUT' && cardRules(cardOf(c)).length > 0);
    await connector.waitFor(() => newCard() !== undefined, 20_000);
    expect(mine().some((c) => c.activityId === 'card-nw-1')).toBe(false); // the BGP diagnosis stays as it was
    const updated = cardOf(newCard());
    const text = cardText(updated);
    expect(text).toMatch(/Connection troubleshoot: vm-hub-test → 192\.168\.17\.1:179/);
    expect(text).toMatch(/Follow-up of “bgp status london-er”/);
    // Nothing is learned from on-premises while BGP is down: no route to the peer from the VNet.
    expect(cardRules(updated)).toEqual(['NW-NO-ROUTE']);
    expectValidCard(updated);

    // And on: the check's own buttons run the next diagnostics, each in a card of its own.
    const routes = buttons(updated).find((b) => b.data.command === 'effective routes vm-hub-test 192.168.17.1');
    expect(routes).toBeDefined();
    const mark = mine().length;
    await postActivity(bot.url, invokeActivity(chat, routes!.verb, routes!.data, newCard()!.activityId));
    const routesCard = () => mine().slice(mark).find((c) => c.method === 'PUT' && /Effective routes of vm-hub-test-nic/.test(cardText(cardOf(c))));
    await connector.waitFor(() => routesCard() !== undefined, 20_000);
    expect(cardText(cardOf(routesCard()))).toMatch(/192\.168\.0\.0\/16[\s\S]*None/);
    expect(cardText(cardOf(routesCard()))).toMatch(/Follow-up of “check vm-hub-test 192\.168\.17\.1:179”/);
  });

  it('never shows a service key or an MD5 key, in a card or in a log line', async () => {
    const secrets = worldSecrets(handle.emulator!);
    const everything = [...connector.calls.map((c) => JSON.stringify(c.body)), ...log.lines.map((l) => JSON.stringify(l))].join('\n');
    expect(everything).toContain('vm-hub-test');
    for (const s of secrets) expect(everything).not.toContain(s);
  });
});
