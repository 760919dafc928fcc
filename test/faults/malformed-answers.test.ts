/**
 * Issue 15, point 2: a 200 from ARM whose body does not have the shape ARM documents (`{}`, a list where one
 * resource was asked for, a table without its `value` array) is a read failure, "Azure answered something
 * unexpected", never facts: no verdict is drawn from it, and it is not cached, so the next read (well within the
 * 15 s the circuit is cached for) gets the real answer. End to end: chat messages over real HTTP into the real
 * bot, the real SDK over HTTPS to the demo emulator, whose `replace-body` fault sends the malformed body.
 */
import { describe, expect, it } from 'vitest';
import { useFaultRig } from '../helpers/fault-rig.ts';
import { expectHealthy, expectNoCardLeftWorking } from '../security/bot-http.ts';
import { JAPANESE } from '../teams/harness.ts';

const rig = useFaultRig();


/** Sends `text` in a fresh conversation; the final card's text once the working card has been replaced. */
const ask = async (text: string, locale = 'en-US') => (await rig.ask(text, { locale })).text;

const UNEXPECTED_CIRCUIT = 'Azure answered something unexpected for circuit tokyo-er; nothing was concluded from it.';

describe('a circuit GET answered with something that is not a circuit', () => {
  it('`{}`: the card says Azure answered something unexpected (no CRITICAL "not configured"); the next read gets the real circuit', async () => {
    rig.clearCache();
    const id = rig.emulator.faults.add({ kind: 'replace-body', operation: 'circuits.get', pathIncludes: '/tokyo-er', body: {} });
    const before = rig.emulator.requests.count({ operation: 'circuits.get' });

    const bad = await ask('bgp status tokyo-er');
    expect(bad, bad).toContain(UNEXPECTED_CIRCUIT);
    expect(bad).toMatch(/❌ Could not run/);
    expect(bad).toMatch(/Error code: unexpected-answer/);
    expect(bad).not.toMatch(/CRITICAL|not configured|ER-PEERING-MISSING/i);

    // Within the 15 s the circuit is cached for: the malformed answer was not kept, the next read asks ARM again.
    rig.emulator.faults.remove(id);
    const good = await ask('bgp status tokyo-er');
    expect(good).toMatch(/ER-HEALTHY/);
    expect(good).not.toMatch(/❌|PARTIAL|unexpected/);
    expect(rig.emulator.requests.count({ operation: 'circuits.get' }) - before).toBe(2);
  });

  it('a list-shaped body (`[…]`, or a page `{value: […]}`) is not a circuit either', async () => {
    for (const body of [[{ name: 'tokyo-er' }], { value: [] }]) {
      rig.clearCache();
      const id = rig.emulator.faults.add({ kind: 'replace-body', operation: 'circuits.get', pathIncludes: '/tokyo-er', body });
      const text = await ask('bgp status tokyo-er');
      expect(text, JSON.stringify(body)).toContain(UNEXPECTED_CIRCUIT);
      expect(text).not.toMatch(/CRITICAL|not configured/i);
      rig.emulator.faults.remove(id);
    }
  });

  it('in Japanese too', async () => {
    rig.emulator.faults.add({ kind: 'replace-body', operation: 'circuits.get', pathIncludes: '/tokyo-er', body: {} });
    const text = await ask('bgp status tokyo-er', 'ja-JP');
    expect(text).toMatch(JAPANESE);
    expect(text).toContain('回線 tokyo-er について Azure から想定外の応答がありました');
    expect(text).toContain('この応答からは何も判断していません');
  });
});

describe('tables and lists without their `value` array', () => {
  it('the secondary ARP table answered `{}`: the primary path is shown, the secondary is "not read (unexpected answer from Azure)"', async () => {
    rig.emulator.faults.add({ kind: 'replace-body', operation: 'arpTable', pathIncludes: 'tokyo-er/peerings/AzurePrivatePeering/arpTables/secondary', body: {} });
    const text = await ask('bgp status tokyo-er');
    expect(text).toMatch(/PARTIAL/);
    expect(text, text).toMatch(/ARP table of the Secondary path could not be read \(unexpected answer from Azure\)/);
    expect(text).toMatch(/Primary[\s\S]*on-prem 192\.168\.10\.1/);
    expect(text).toMatch(/ER-PATH-READ-FAILED/);
    expect(text).not.toMatch(/ER-ARP-EMPTY|no entries/);
  });

  it('a route table answered with a list-shaped body: "not read (unexpected answer from Azure)", not an empty table', async () => {
    rig.emulator.faults.add({ kind: 'replace-body', operation: 'routeTable', body: [{ network: '10.0.0.0/8' }] });
    const text = await ask('routes tokyo-er');
    expect(text, text).toMatch(/route table of the Primary path could not be read \(unexpected answer from Azure\)/);
  });

  it('a page of the circuit list without `value`: "circuits" says Azure answered something unexpected, not "no circuits"', async () => {
    rig.emulator.faults.add({ kind: 'replace-body', operation: 'circuits.listAll', body: { nextLink: null } });
    const text = await ask('circuits');
    expect(text, text).toMatch(/❌ Could not run/);
    expect(text).toContain('Azure answered something unexpected; nothing was concluded from it.');
    expect(text).toMatch(/Error code: unexpected-answer/);
    expect(text).not.toMatch(/Azure reported a failure on its side/);
  });
});

describe('afterwards', () => {
  it('every working card got its result, no command failed inside the bot, and the bot is healthy', async () => {
    expectNoCardLeftWorking(rig.connector);
    await expectHealthy(rig.bot.url);
    expect(rig.log.lines.filter((l) => String(l.msg).startsWith('engine:') || l.msg === 'turn failed' || l.msg === 'render failed').map((l) => JSON.stringify(l))).toEqual([]);
  });
});
