/**
 * The ExpressRoute commands end to end: a chat message over real HTTP into the real restify + CloudAdapter
 * host, the engine, the data layer through the real SDK over HTTPS to the emulator's demo world, and the
 * cards back to a fake Bot Connector. Every demo scenario must get its verdicts in the expected order,
 * nothing secret may reach a card or a log line, and a button on the card must run its command.
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

// LRO durations at 2 % of the demo's: ordinary reads take tens of ms, melbourne-er's 25 s ARP takes 0.5 s.
const LRO_SCALE = 0.02;

beforeAll(async () => {
  connector = await startFakeConnector();
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AZURE_LRO_POLL_MS: '10' });
  handle = await createServices(config, { emulator: { lroDurationScale: LRO_SCALE } });
  bot = await createBotServer({ config: handle.services.config, services: handle.services, log, host: '127.0.0.1' });
});

afterAll(async () => {
  await bot?.close();
  await handle?.close();
  await connector?.close();
});

/** Sends `text` in a fresh (or given) conversation and waits for the acknowledgement and its update. */
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

/** Rule ids and scopes in the order the card shows them (each verdict has a "RULE · scope" line). */
function cardRules(card: unknown): string[] {
  return [...cardText(card).matchAll(/^((?:ER|FP|GW|NW|LAT)-[A-Z0-9-]+)(?: · (\S+))?$/gm)].map(([, id, scope]) =>
    scope?.includes('/') ? `${id}@${scope.split('/').pop()}` : id!,
  );
}

const SCENARIOS: Record<string, string[]> = {
  'tokyo-er': ['ER-HEALTHY'],
  'tokyo-er-dr': ['ER-HEALTHY'],
  'osaka-er': ['ER-PROVIDER-NOT-PROVISIONED'],
  'mumbai-er': ['ER-CIRCUIT-DISABLED'],
  'singapore-er': ['ER-PEERING-DISABLED'],
  'hongkong-er': ['ER-ARP-EMPTY@secondary', 'ER-BGP-DOWN@secondary', 'ER-PATH-REDUNDANCY'],
  'seoul-er': ['ER-ARP-ONPREM-MISSING@primary', 'ER-ARP-ONPREM-MISSING@secondary', 'ER-BGP-DOWN@primary', 'ER-BGP-DOWN@secondary'],
  'sydney-er': ['ER-ARP-UNEXPECTED-IP@primary', 'ER-ARP-UNEXPECTED-IP@secondary', 'ER-BGP-DOWN@primary', 'ER-BGP-DOWN@secondary'],
  'london-er': ['ER-BGP-DOWN@primary', 'ER-BGP-DOWN@secondary'],
  'amsterdam-er': ['ER-BGP-NO-PREFIXES@primary', 'ER-BGP-NO-PREFIXES@secondary'],
  'frankfurt-er': ['ER-BGP-PREFIX-LIMIT@primary', 'ER-BGP-PREFIX-LIMIT@secondary'],
  'paris-er': ['ER-BGP-RECENT-FLAP@primary'],
  'dublin-er': ['ER-BGP-DOWN@secondary', 'ER-PATH-REDUNDANCY'],
  'virginia-er': ['ER-PATH-ASYMMETRY'],
  'chicago-er': ['ER-DEFAULT-ROUTE-LEARNED'],
  'dallas-er': ['ER-ASN-RESERVED'],
  'restricted-er': ['ER-PATH-READ-FAILED@primary', 'ER-PATH-READ-FAILED@secondary'],
};

describe('bgp status on every demo scenario, through the bot', () => {
  for (const [circuit, expected] of Object.entries(SCENARIOS)) {
    it(`${circuit}: ${expected[0]} first`, async () => {
      const { ack, card } = await ask(`bgp status ${circuit}`);
      expect(cardText(cardOf(ack))).toContain(circuit);
      expect(cardRules(card)).toEqual(expected);
      expectValidCard(card);
      expect(cardText(card)).not.toMatch(STACKISH);
    });
  }

  it('names the missing permission on the circuit it may not read in full', async () => {
    const { card } = await ask('bgp status restricted-er');
    expect(cardText(card)).toContain('Microsoft.Network/expressRouteCircuits/peerings/arpTables/action');
  });

  it('never shows a service key or an MD5 key, in a card or in a log line', async () => {
    const secrets = worldSecrets(handle.emulator!);
    expect(secrets.length).toBeGreaterThan(10);
    await ask('circuit tokyo-er');
    const everything = [...connector.calls.map((c) => JSON.stringify(c.body)), ...log.lines.map((l) => JSON.stringify(l))].join('\n');
    expect(everything).toContain('tokyo-er');
    for (const s of secrets) expect(everything).not.toContain(s);
  });
});

describe('partial results, slow Azure, and clicking through', () => {
  it('shows the healthy path when the other path fails, and marks the card partial', async () => {
    const id = handle.emulator!.faults.add({ kind: 'lro-fail', operation: 'arpTable', pathIncludes: 'tokyo-er/peerings/AzurePrivatePeering/arpTables/secondary' });
    try {
      (handle.services.azure as { cache?: { clear(): void } }).cache?.clear();
      const { card } = await ask('bgp status tokyo-er');
      const text = cardText(card);
      expect(cardRules(card)).toContain('ER-PATH-READ-FAILED@secondary');
      expect(cardRules(card)).not.toContain('ER-HEALTHY');
      expect(text).toMatch(/PARTIAL/);
      expect(text).toMatch(/Primary[\s\S]*on-prem 192\.168\.10\.1/);
      expect(text).toMatch(/ARP table of the Secondary path could not be read/i);
    } finally {
      handle.emulator!.faults.remove(id);
      (handle.services.azure as { cache?: { clear(): void } }).cache?.clear();
    }
  });

  it('acknowledges a long ARP call at once and delivers the result when Azure answers', async () => {
    const started = Date.now();
    const { ack, result, card } = await ask('arp table melbourne-er');
    // The demo's 25 s ARP call, scaled: the result cannot arrive before the operation finished.
    expect(result.time - started).toBeGreaterThanOrEqual(25_000 * LRO_SCALE);
    expect(ack.time).toBeLessThan(result.time);
    expect(cardText(cardOf(ack))).toMatch(/ARP table of melbourne-er/);
    expect(cardRules(card)).toEqual(['ER-HEALTHY']);
  });

  it('runs a follow-up button from the verdict card (Action.Execute invoke) as a new card; the verdict card stays', async () => {
    const { card, chat } = await ask('bgp status hongkong-er');
    const buttons: { title: string; verb: string; data: { command: string; origin?: string } }[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.type === 'Action.Execute') buttons.push(o as never);
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    const arp = buttons.find((b) => b.data.command === 'arp table hongkong-er secondary');
    expect(arp, JSON.stringify(buttons.map((b) => b.data.command))).toBeDefined();
    expect(arp!.data.origin).toBe('bgp status hongkong-er');
    const mine = () => connector.ok().filter((c) => c.conversationId === chat.conversationId);
    const before = mine().length;
    const res = await postActivity(bot.url, invokeActivity(chat, arp!.verb, arp!.data, 'card-42'));
    expect(res.status).toBe(200);
    // The clicked card is left as it is: the invoke answers with a message, not a card.
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(res.body.value)).toMatch(/arp table hongkong-er secondary/);
    await connector.waitFor(() => mine().slice(before).some((c) => c.method === 'PUT'), 20_000);
    const calls = mine().slice(before);
    expect(calls.some((c) => c.activityId === 'card-42')).toBe(false); // the diagnosis card is never touched
    const [ack, result] = calls;
    expect(ack!.method).toBe('POST');
    expect(result!.method).toBe('PUT');
    expect(result!.activityId).toBe(ack!.assignedId);
    const answer = cardOf(result);
    expect(cardRules(answer)[0]).toBe('ER-ARP-EMPTY@secondary');
    expectValidCard(answer);
    // It links back to the diagnosis it came from; a click on that line runs it again, in a new card too.
    expect(cardText(answer)).toMatch(/Follow-up of “bgp status hongkong-er”/);
    expect(JSON.stringify(answer)).toMatch(/"selectAction":\{"type":"Action.Execute"[^}]*"data":\{"command":"bgp status hongkong-er","origin":"arp table hongkong-er secondary"\}/);
  });

  it('a button runs the command it shows, whatever peering the war room looked at since', async () => {
    const { card, chat } = await ask('bgp status hongkong-er');
    const arp = JSON.stringify(card).includes('"command":"arp table hongkong-er secondary"');
    expect(arp).toBe(true);
    // Others in the channel look at another circuit's Microsoft peering: a third circuit keeps its default.
    await ask('bgp status tokyo-er microsoft', { chat });
    const typed = await ask('arp table london-er secondary', { chat });
    expect(cardText(typed.card)).not.toMatch(/Assumed peering/);
    expect(cardRules(typed.card).join()).not.toMatch(/ER-PEERING-MISSING/);
    // Then at this circuit's Microsoft peering; the old card's button still means the private peering.
    await ask('bgp status hongkong-er microsoft', { chat });

    const before = connector.ok().length;
    const res = await postActivity(bot.url, invokeActivity(chat, 'netops.run', { command: 'arp table hongkong-er secondary' }, 'card-43'));
    expect(res.status).toBe(200);
    const calls = await connector.waitFor((all) => all.slice(before).some((c) => c.method === 'PUT' && c.activityId === 'card-43'), 20_000);
    const updated = cardOf(calls.slice(before).find((c) => c.method === 'PUT' && c.activityId === 'card-43'));
    expect(cardText(updated)).not.toMatch(/Assumed peering/);
    expect(cardRules(updated)[0]).toBe('ER-ARP-EMPTY@secondary');
  });

  it('remembers the circuit of the conversation and says so', async () => {
    const first = await ask('bgp status london-er');
    const { card } = await ask('arp table primary', { chat: first.chat });
    const text = cardText(card);
    expect(text).toMatch(/Assumed circuit london-er/);
    expect(text).toContain('192.168.17.1');
  });

  it('remembers the circuit a prefix resolved to, not the prefix', async () => {
    const first = await ask('bgp status londo');
    const { card } = await ask('routes summary', { chat: first.chat });
    expect(cardText(card)).toMatch(/Assumed circuit london-er/);
  });

  it('answers in Japanese for a ja-JP user', async () => {
    const { card } = await ask('bgp status london-er', { locale: 'ja-JP' });
    expect(cardText(card)).toMatch(JAPANESE);
    expect(cardRules(card)).toEqual(SCENARIOS['london-er']);
  });

  it('answers a misspelt circuit with "did you mean"', async () => {
    const { card } = await ask('bgp status londn-er');
    expect(cardText(card)).toMatch(/london-er/);
    expect(cardText(card)).toMatch(/Did you mean/i);
  });
});

describe('conversation context while a command is still working', () => {
  it('a command typed while `bgp status` is still reading Azure already uses its circuit', async () => {
    const chat = newChat(connector.url);
    const mine = () => connector.ok().filter((c) => c.conversationId === chat.conversationId);
    // melbourne-er's ARP read is the demo's slowest (25 s, here 0.5 s): the first command is still working…
    expect((await postActivity(bot.url, messageActivity(chat, 'bgp status melbourne-er'))).status).toBe(200);
    await connector.waitFor(() => mine().length >= 1, 10_000);
    // …when the second one is typed without a circuit.
    expect((await postActivity(bot.url, messageActivity(chat, 'arp table primary'))).status).toBe(200);
    await connector.waitFor(() => mine().filter((c) => c.method === 'PUT').length >= 2, 20_000);
    const calls = mine();
    const firstResult = calls.findIndex((c) => c.method === 'PUT' && c.activityId === calls[0]!.assignedId);
    const secondAck = calls.findIndex((c, i) => i > 0 && c.method === 'POST');
    expect(secondAck).toBeGreaterThan(0);
    expect(firstResult).toBeGreaterThan(secondAck); // the second command was accepted while the first was working
    const arp = cardText(cardOf(calls.find((c) => c.method === 'PUT' && c.activityId === calls[secondAck]!.assignedId)));
    expect(arp).toMatch(/Assumed circuit melbourne-er from this conversation/);
    expect(arp).not.toMatch(/none was used earlier/);
  });

  it('a misspelt circuit does not become the conversation’s circuit', async () => {
    const { chat } = await ask('bgp status tokyo-er');
    await ask('bgp status tokio-er', { chat }); // not found: "did you mean tokyo-er"
    const after = await ask('arp table primary', { chat });
    expect(cardText(after.card)).toMatch(/Assumed circuit tokyo-er from this conversation/);
  });
});
