/**
 * Bidirectional controls from Azure and from people (issue 15, point 8), end to end: resources whose ARM names hold
 * U+202E (RIGHT-TO-LEFT OVERRIDE) or U+2067 (RIGHT-TO-LEFT ISOLATE), read by the real SDK from the emulator over
 * HTTPS; a mistyped command holding one; and audit entries whose request and user name hold them. Every card, its
 * fallback text and the CLI's text output show each one as a visible escape ("tokyo\u202Ere-ter"), so no name can
 * pass for another; the CLI's JSON escapes them the JSON way and parses back to the exact names; buttons still
 * send the exact command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/commands/result.ts';
import { translator } from '../../src/i18n/index.ts';
import { renderResultCard } from '../../src/render/card.ts';
import { renderJson } from '../../src/render/json.ts';
import { renderText } from '../../src/render/text.ts';
import { type BotServer, createBotServer } from '../../src/teams/server.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { type Demo, startDemo } from '../helpers/demo.ts';
import { cardOf, type FakeConnector, isWorkingCard, startFakeConnector } from '../helpers/fake-connector.ts';
import { captureLog, invokeActivity, messageActivity, newChat, postActivity } from '../teams/harness.ts';
import { actions, findAll, hiddenCharStrings, hiddenIn, readable, tables, texts } from '../render/walk.ts';

const en = translator('en');

const CIRCUIT = 'tokyo\u202Ere-ter'; // reads as "tokyoret-er" where the override is honoured
const CIRCUIT_SHOWN = 'tokyo\\u202Ere-ter';
const GATEWAY = 'hub-\u2067wgre\u2069'; // reads as "hub-ergw"
const GATEWAY_SHOWN = 'hub-\\u2067wgre\\u2069';

let demo: Demo;
let connector: FakeConnector;
let bot: BotServer;

beforeAll(async () => {
  demo = await startDemo(0);
  connector = await startFakeConnector();
  bot = await createBotServer({ config: demo.handle.services.config, services: demo.handle.services, log: captureLog(), host: '127.0.0.1' });
  const world = demo.emu.world;
  // Copies of tokyo-er and hub-ergw under names that disguise themselves (ARM itself refuses such names; a
  // compromised or buggy source of names, or a future resource type, may not).
  const circuit = structuredClone(world.circuits.find((c) => c.name === 'tokyo-er')!);
  circuit.name = CIRCUIT;
  world.circuits.push(circuit);
  const gateway = structuredClone(world.gateways.find((g) => g.name === 'hub-ergw')!);
  gateway.name = GATEWAY;
  world.gateways.push(gateway);
});

afterAll(async () => {
  await bot?.close();
  await connector?.close();
  await demo?.close();
});

/** The card, its fallback and the CLI's text show no hidden character; returns all the card's text, joined. */
function expectVisible(r: Result): string {
  const { card, fallbackText } = renderResultCard(r, en);
  expectValidCard(card);
  expect(hiddenCharStrings(card), `card of ${readable(r.request ?? r.command)}`).toEqual([]);
  expect(hiddenIn(fallbackText), 'fallback text').toEqual([]);
  expect(hiddenIn(renderText(r, en)), 'CLI text').toEqual([]);
  // JSON: escaped as JSON escapes, so it parses back to the very same strings.
  const json = renderJson(r);
  expect(hiddenIn(json), 'CLI JSON').toEqual([]);
  expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(r)));
  return [...texts(card), ...actions(card).map((a) => String(a.title))].join('\n');
}

describe('names from ARM that hold bidi controls (issue 15, point 8)', () => {
  it('circuits: the list shows the disguised circuit escaped, its row runs the exact name', async () => {
    const r = await demo.run('circuits');
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(JSON.stringify(r.tables)).toContain(CIRCUIT); // the Result keeps the name as Azure has it
    expectVisible(r);
    const { card } = renderResultCard(r, en);
    const cells = tables(card).flatMap((tb) => tb.rows.flat()).join('\n');
    expect(cells).toContain(CIRCUIT_SHOWN);
    const commands = findAll(card, (n) => n.type === 'Action.Execute').map((a) => String((a.data as { command: string }).command));
    expect(commands.some((c) => c.includes(CIRCUIT))).toBe(true);
  });

  it.each([`circuit ${CIRCUIT}`, `bgp status ${CIRCUIT}`, `arp table ${CIRCUIT}`, `fastpath ${CIRCUIT}`])('%s: found by its exact name, shown escaped', async (text) => {
    const r = await demo.run(text);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.target).toBe(CIRCUIT);
    const shown = expectVisible(r);
    expect(shown).toContain(` · ${CIRCUIT_SHOWN}`); // the header
    expect(shown).toContain(text.replace(CIRCUIT, CIRCUIT_SHOWN)); // the echoed request
  });

  it.each(['gateways', `gateway ${GATEWAY}`])('%s: a gateway name with an isolate is shown escaped', async (text) => {
    const r = await demo.run(text);
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(JSON.stringify(r)).toContain(GATEWAY);
    expect(expectVisible(r)).toContain(GATEWAY_SHOWN);
  });

  it('a name that is not found: the error quotes it escaped, the suggestion buttons run real names', async () => {
    const r = await demo.run('bgp status tokyo\u202Eer');
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('not-found');
    const shown = expectVisible(r);
    expect(shown).toContain('tokyo\\u202Eer');
    expect(shown).not.toContain('tokyo\u202Eer');
  });
});

describe('user input that holds bidi controls', () => {
  it('an unknown command: the suggestions card echoes it escaped', async () => {
    const typed = 'bgp stat\u202Eus tokyo-er';
    const r = await demo.run(typed);
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('unknown-command');
    expect(r.error?.suggestions?.length).toBeGreaterThan(0);
    const shown = expectVisible(r);
    expect(shown).toContain('bgp stat\\u202Eus tokyo-er');
  });

  it('every bidi control in free text: none reaches the card', async () => {
    const typed = `\u202Eabout\u202C \u2066x\u2069 \u200Fy\u200E \u061Cz \u202Aa\u202Bb\u202D \u2067c\u2068d`;
    const r = await demo.run(typed);
    expectVisible(r);
  });
});

describe('the audit viewer', () => {
  it('an entry whose request and user name hold bidi controls is shown with them escaped', async () => {
    const audit = demo.handle.services.audit!;
    await audit.append({
      time: new Date().toISOString(),
      userId: 'mallory',
      userName: 'Mallory \u2067(operator)\u2069',
      conversationId: 'elsewhere',
      source: 'message',
      command: 'bgp status',
      request: `bgp status ${CIRCUIT}`,
      outcome: 'ok',
      durationMs: 12,
    });
    await audit.flush();
    const r = await demo.run('audit 5', { role: 'operator', conversationType: 'personal' });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    // The trail and the Result keep what was typed, exactly.
    const entries = (r.data as { entries: { request: string; userName?: string }[] }).entries;
    expect(entries.map((e) => e.request)).toContain(`bgp status ${CIRCUIT}`);
    const shown = expectVisible(r);
    expect(shown).toContain(`bgp status ${CIRCUIT_SHOWN}`);
    expect(shown).toContain('Mallory \\u2067(operator)\\u2069 (mallory)');
    const text = renderText(r, en);
    expect(text).toContain(`bgp status ${CIRCUIT_SHOWN}`);
    expect(text).toContain('Mallory \\u2067(operator)\\u2069');
    // --json: the exact strings once parsed.
    const parsed = JSON.parse(renderJson(r)) as Result;
    expect((parsed.data as { entries: { userId: string; request: string; userName?: string }[] }).entries.find((e) => e.userId === 'mallory')).toMatchObject({ request: `bgp status ${CIRCUIT}`, userName: 'Mallory \u2067(operator)\u2069' });
  });
});

describe('through the Teams host, over HTTP', () => {
  const inChat = (conversationId: string) => connector.ok().filter((c) => c.conversationId === conversationId);

  it('a typed command: the working card, the answer and the notification summary show the name escaped', async () => {
    const chat = newChat(connector.url);
    expect((await postActivity(bot.url, messageActivity(chat, `bgp status ${CIRCUIT}`))).status).toBe(200);
    await connector.waitFor(() => inChat(chat.conversationId).some((c) => { const card = cardOf(c); return card && !isWorkingCard(card); }), 15_000);
    const calls = inChat(chat.conversationId);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    for (const call of calls) {
      expect(hiddenCharStrings(cardOf(call)), `${call.method} ${readable(JSON.stringify(call.body).slice(0, 100))}`).toEqual([]);
      expect(hiddenIn(String(call.body.summary ?? ''))).toEqual([]);
    }
    expect(texts(cardOf(calls.at(-1))).join('\n')).toContain(CIRCUIT_SHOWN);
  });

  it("a follow-up button: the invoke's message shows the command escaped; the new card runs the exact name", async () => {
    const chat = newChat(connector.url);
    const res = await postActivity(bot.url, invokeActivity(chat, 'netops.run', { command: `circuit ${CIRCUIT}`, origin: 'circuits' }));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(hiddenIn(String(res.body.value))).toEqual([]);
    expect(String(res.body.value)).toContain(`circuit ${CIRCUIT_SHOWN}`);
    await connector.waitFor(() => inChat(chat.conversationId).some((c) => { const card = cardOf(c); return card && !isWorkingCard(card); }), 15_000);
    const last = cardOf(inChat(chat.conversationId).at(-1));
    expect(hiddenCharStrings(last)).toEqual([]);
    const all = texts(last).join('\n');
    expect(all).toContain(` · ${CIRCUIT_SHOWN}`); // found: the exact name reached ARM
    expect(all).not.toMatch(/not found|No circuit/i);
  });
});
