/**
 * The playground in a real browser (headless Debian Chromium via playwright-core), against the real bot on
 * the embedded demo: the same restify server, CloudAdapter, engine, ARM emulator and card renderer that
 * `npm start` runs. What a user sees after typing a command, at desktop width (1280 px) and phone width
 * (360 px), in English and in Japanese; screenshots of the main cards go to test-results/screenshots/.
 *
 * `npm run test:e2e` (vitest.e2e.config.ts); not part of `npm test`. Skips, saying why, without Chromium.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.ts';
import { useDemoBrowser } from './demo-bot.ts';
import { DESKTOP, type Layout, PHONE, PlaygroundPage, SCREENSHOT_DIR, type Viewport } from './playground.ts';

const demo = useDemoBrowser({ lroDurationScale: 0.02 });
/** Layout measures of each card at each width, written to test-results/e2e-layout.json for review. */
const layouts: Record<string, Record<string, Layout['cards'][number]>> = {};

/**
 * The page and the cards fit the width, every table cell is drawn with its text, and on phones no button label
 * is cut short. Records the newest card's measures under `step`.
 */
async function expectFits(pg: PlaygroundPage, step: string): Promise<void> {
  const layout: Layout = await pg.layout();
  const key = `${pg.viewport.name}-${pg.viewport.width}`;
  (layouts[key] ??= {})[step] = layout.cards[layout.cards.length - 1]!;
  expect(layout.problems, step).toEqual([]);
  for (const card of layout.cards) expect(card.width, step).toBeLessThanOrEqual(pg.viewport.width);
  expect(layout.cards.flatMap((c) => c.cutLabels), `${step}: button labels cut short`).toEqual([]);
  expect(layout.cards.flatMap((c) => c.overflowButtons), `${step}: overflow "…" buttons`).toEqual([]);
  expect(layout.cards.flatMap((c) => c.brokenAddresses), `${step}: addresses broken across lines`).toEqual([]);
}

afterAll(async () => {
  if (Object.keys(layouts).length) {
    mkdirSync(join(SCREENSHOT_DIR, '..'), { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, '..', 'e2e-layout.json'), `${JSON.stringify(layouts, null, 2)}\n`);
  }
});

/** Commands every user may run (operator-only commands, such as revealing a service key, are not listed for all). */
const EVERYONE_COMMANDS = ['help', 'bgp status', 'arp table', 'routes', 'routes summary', 'circuit', 'circuits', 'fastpath', 'gateway', 'about'];

const firstColumn = (tables: string[][][]) => tables.flatMap((t) => t.slice(1).map((row) => row[0]));

for (const viewport of [DESKTOP, PHONE] satisfies Viewport[]) {
  describe.skipIf(!!demo.missing)(`playground at ${viewport.width} px (${viewport.name})`, () => {
    let pg: PlaygroundPage;
    let bgpMessage: Locator;

    beforeAll(async () => {
      pg = await PlaygroundPage.open(demo.browser, demo.bot.url, viewport);
      await pg.setLocale('en-US');
    });
    afterAll(async () => {
      await pg?.close();
    });

    it('help: a table row for each command, by its name', async () => {
      const message = await pg.ask('help', 'bgp status');
      const card = await pg.card(message);
      const names = firstColumn(card.tables);
      for (const name of EVERYONE_COMMANDS) expect(names, `help table rows: ${names.join(', ')}`).toContain(name);
      // Nothing else than registered commands (operator-only ones may be left out for this user).
      const registered = new Set(COMMANDS.map((c) => c.name));
      expect(names.filter((n) => !registered.has(n!))).toEqual([]);
      await pg.screenshot(message, 'help');
      await expectFits(pg, 'help');
    });

    it('circuits: the table lists tokyo-er, and the card says the data is simulated', async () => {
      const message = await pg.ask('circuits', 'tokyo-er');
      const card = await pg.card(message);
      expect(card.text).toContain('SIMULATED DATA');
      expect(card.tables).toHaveLength(1);
      // The circuit first; the other columns as a phone can show them (folded into "Name: value" lines when they do not fit).
      expect(card.tables[0]![0]![0]).toBe('Circuit');
      // Each cell is a name with its detail on the next line.
      expect(firstColumn(card.tables).some((cell) => cell.startsWith('tokyo-er\n') && cell.includes('Equinix'))).toBe(true);
      await pg.screenshot(message, 'circuits');
      await expectFits(pg, 'circuits');
    });

    it('bgp status hongkong-er: "working" first, then the ARP verdict, the paths table and the follow-up buttons', async () => {
      bgpMessage = await pg.ask('bgp status hongkong-er', 'ER-ARP-EMPTY');
      // The acknowledgement the bot posted before Azure answered, since replaced by the result.
      const seen = await pg.seen();
      expect(seen.some((t) => /Checking hongkong-er \(AzurePrivatePeering\): circuit, ARP, BGP sessions and routes on both paths/.test(t)), seen.join('\n---\n')).toBe(true);

      const card = await pg.card(bgpMessage);
      expect(card.text).toContain('Secondary path: no ARP entries');
      expect(card.text).toMatch(/ER-ARP-EMPTY · AzurePrivatePeering\/secondary/);
      expect(card.text).toContain('SIMULATED DATA');
      // Verdicts lowest broken layer first: ARP before BGP.
      expect(card.text.indexOf('ER-ARP-EMPTY')).toBeLessThan(card.text.indexOf('ER-BGP-DOWN'));
      // One column per path, one row per layer.
      const paths = card.tables.find((t) => t[0]?.[1] === 'Primary');
      expect(paths, JSON.stringify(card.tables)).toBeDefined();
      expect(paths![0]).toEqual(['Item', 'Primary', 'Secondary']);
      expect(paths!.slice(1).map((r) => r[0])).toEqual(['ARP', 'BGP', 'Up/down', 'Traffic']);
      expect(paths![1]).toEqual(['ARP', '✔ 2 entries\non-prem 192.168.14.1', '✖ no entries']);
      expect(paths![2]).toEqual(['BGP', expect.stringMatching(/^✔ Established\n\d+ prefixes$/), '✖ Idle']);
      expect(paths![4]![2]).toBe('in 0 B\nout 0 B');
      // Two follow-ups and "More diagnostics" in the bar; the others one click further.
      const titles = card.buttons.filter((b) => b.visible).map((b) => b.title);
      for (const label of ['ARP table (secondary)', 'Check VLAN and subnets', 'More diagnostics (2)']) {
        expect(titles, titles.join(' | ')).toContain(label);
      }
      expect(titles).not.toContain('BGP summary');
      // The verdict comes first, above the header.
      expect(card.text.indexOf('Secondary path: no ARP entries')).toBeLessThan(card.text.indexOf('bgp status'));
      await pg.screenshot(bgpMessage, 'bgp-status-broken');
      await expectFits(pg, 'bgp-status-broken');
    });

    it('the "ARP table (secondary)" button answers in a new card that links back; the diagnosis stays', async () => {
      const before = await pg.botMessages().count();
      await pg.clickButton(bgpMessage, 'ARP table (secondary)');
      // A follow-up: a new message with the ARP card; the bgp status card keeps its verdict.
      const arpMessage = pg.botMessages().filter({ hasText: 'ARP — Secondary' }).last();
      await arpMessage.waitFor({ timeout: 20_000 });
      expect(await pg.botMessages().count()).toBe(before + 1);
      expect((await pg.card(bgpMessage)).text).toContain('ER-ARP-EMPTY');
      const card = await pg.card(arpMessage);
      expect(card.text).toMatch(/^arp table/m);
      expect(card.text).toContain('Secondary path: no ARP entries');
      expect(card.text).toContain('↩ Follow-up of “bgp status hongkong-er”: select to run it again');
      expect(card.tables[0]![0]).toEqual(['Interface', 'IP address', 'MAC']);
      await pg.screenshot(arpMessage, 'arp-table');
      await expectFits(pg, 'arp-table');
    });

    it('arp table hongkong-er both: the primary path answers, the secondary does not', async () => {
      const message = await pg.ask('arp table hongkong-er both', 'ARP — Primary');
      const card = await pg.card(message);
      const rows = card.tables.flatMap((t) => t.slice(1));
      expect(rows.some((r) => r.some((cell) => cell.split(/\s/).includes('192.168.14.1'))), JSON.stringify(card.tables)).toBe(true);
      await pg.screenshot(message, 'arp-table-both');
      await expectFits(pg, 'arp-table-both');
    });

    it(`the whole conversation still fits ${viewport.width} px`, async () => {
      const layout = await pg.layout();
      // help, circuits, bgp status, its ARP follow-up, arp table both.
      expect(layout.cards).toHaveLength(5);
      expect(layout.problems).toEqual([]);
    });

    it('bgp status london-er: three buttons, "More diagnostics" opens the rest in the card, and they run', async () => {
      const message = await pg.ask('bgp status london-er', 'ER-BGP-DOWN');
      const card = await pg.card(message);
      const bar = card.buttons.filter((b) => b.visible).map((b) => b.title);
      expect(bar.filter((t) => !/^Evidence/.test(t))).toEqual(['BGP summary', 'ARP table (primary)', 'More diagnostics (5)']);
      await pg.screenshot(message, 'bgp-status-london');
      await pg.clickButton(message, 'More diagnostics (5)');
      const opened = (await pg.card(message)).buttons.filter((b) => b.visible).map((b) => b.title);
      for (const label of ['Check TCP/179 (primary)', 'ARP table (secondary)', 'Check TCP/179 (secondary)', 'ARP (both paths)', 'Circuit details']) {
        expect(opened, opened.join(' | ')).toContain(label);
      }
      await pg.screenshot(message, 'bgp-status-london-more');
      await expectFits(pg, 'bgp-status-london-more');
      // A button inside "More diagnostics" runs its command like any other.
      await pg.clickButton(message, 'Check TCP/179 (secondary)');
      await pg.page.locator('#transcript .msg.bot', { hasText: '192.168.17.5' }).filter({ hasText: /check|Connection troubleshoot/ }).first().waitFor({ timeout: 30_000 });
    });
  });
}

describe.skipIf(!!demo.missing)('playground in Japanese (ja-JP)', () => {
  let pg: PlaygroundPage;

  beforeAll(async () => {
    pg = await PlaygroundPage.open(demo.browser, demo.bot.url, PHONE);
    await pg.setLocale('ja-JP');
  });
  afterAll(async () => {
    await pg?.close();
  });

  it('bgp status answers in Japanese: working text, verdict, badge and buttons', async () => {
    const message = await pg.ask('bgp status hongkong-er', 'ER-ARP-EMPTY');
    const seen = await pg.seen();
    expect(seen.some((t) => t.includes('hongkong-er (AzurePrivatePeering) を確認しています')), seen.join('\n---\n')).toBe(true);
    const card = await pg.card(message);
    expect(card.text).toContain('ARP エントリがありません');
    expect(card.text).toContain('シミュレーション データ');
    const titles = card.buttons.map((b) => b.title).join(' | ');
    expect(titles).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    await pg.screenshot(message, 'bgp-status-broken-ja');
    await expectFits(pg, 'bgp-status-broken-ja');
  });

  it('help answers in Japanese and still lists the English command names', async () => {
    const message = await pg.ask('help', 'bgp status');
    const card = await pg.card(message);
    expect(card.text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(firstColumn(card.tables)).toContain('arp table');
    await expectFits(pg, 'help-ja');
  });
});
