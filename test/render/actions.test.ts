/**
 * Properties every card must have on Teams at 1280 px and on a 360 px phone (issue 14, points 1, 5 and 6), over
 * random follow-ups (fast-check) and over every card of the embedded demo, in English and Japanese:
 *  - buttons: at most MAX_VISIBLE_ACTIONS in the action bar, never `mode: secondary` (the renderer's "…" overflow
 *    menu), the rest in one "More …" Action.ShowCard with one button per row; labels one line within
 *    LABEL_MAX_PX, the bar within ACTION_BAR_PX, no two labels alike; every follow-up reachable (up to the caps);
 *  - the verdict (or, on an error card, the problem) is the first block;
 *  - the echo of the request is one line that fits a phone, and an error quotes at most a short part of the input;
 *  - no table cell is narrower, on a phone, than an address, prefix or MAC address it holds.
 * The browser test (test/e2e/cards.e2e.ts) checks the same cards as drawn by the adaptivecards renderer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUp, Result } from '../../src/commands/result.ts';
import { newResult } from '../../src/commands/result.ts';
import { translator, type Locale } from '../../src/i18n/index.ts';
import { renderResultCard, renderWorkingCard } from '../../src/render/card.ts';
import { MAX_MORE_ACTIONS, MAX_VISIBLE_ACTIONS } from '../../src/render/constants.ts';
import { ACTION_BAR_PX, BUTTON_CHROME_PX, BUTTON_FONT, BUTTON_GAP_PX, CELL_CHROME_PX, CELL_FONT, ECHO_FONT, LABEL_MAX_PX, PHONE_CARD_PX, textWidth } from '../../src/render/fit.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { startDemo, type Demo } from '../helpers/demo.ts';
import { demoCommands, LONG_MESSAGE, PASTED_COMPARE } from '../helpers/demo-cards.ts';
import { findAll, texts } from './walk.ts';

type Node = Record<string, unknown>;

/**
 * Buttons in the action bar: Teams' "1-3 primary actions" (constants.ts cites the page). Written out here rather
 * than imported, so that the test fails when the renderer's constant changes.
 */
const BAR_MAX = 3;

/** IPv4 (with a prefix length or port), IPv6 (two colons or more), MAC addresses (colons, hyphens, Cisco dots). */
export const ADDRESS = /^\[?(\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?(\]?:\d+)?|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}(\/\d{1,3})?\]?(:\d+)?|([0-9a-f]{2}[:-]){5}[0-9a-f]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})$/i;

/** The card's buttons as a reader meets them: the action bar, and the buttons inside "More …". */
function buttons(card: Node): { bar: Node[]; more: Node[]; moreTitle?: string } {
  const bar = (card.actions as Node[] | undefined) ?? [];
  const showCards = bar.filter((a) => a.type === 'Action.ShowCard');
  const more = showCards.flatMap((s) => findAll((s.card as Node).body, (n) => n.type === 'Action.Execute'));
  return { bar, more, moreTitle: showCards[0]?.title as string | undefined };
}

const px = (title: unknown) => textWidth(String(title), BUTTON_FONT);

/** `followUps`: the Result's, to check that each is reachable; undefined for an error card (it adds its own). */
function expectGoodButtons(card: Node, followUps: readonly FollowUp[] | undefined, what: string): void {
  const { bar, more, moreTitle } = buttons(card);
  expect(bar.length, `${what}: buttons in the action bar`).toBeLessThanOrEqual(BAR_MAX);
  expect(findAll(card, (n) => n.mode !== undefined && String(n.mode).toLowerCase() === 'secondary'), `${what}: overflow menu`).toEqual([]);
  const showCards = bar.filter((a) => a.type === 'Action.ShowCard');
  expect(showCards.length, `${what}: one "More" card at most`).toBeLessThanOrEqual(1);
  if (showCards.length) expect(bar[bar.length - 1]!.type, `${what}: "More" comes last`).toBe('Action.ShowCard');
  // One button per row inside "More": each ActionSet holds one action.
  for (const s of showCards) for (const set of (s.card as { body: Node[] }).body) expect((set.actions as Node[]).length, what).toBe(1);

  const labels = [...bar.map((a) => String(a.title)), ...more.map((a) => String(a.title))];
  const lower = labels.map((l) => l.toLowerCase());
  expect(new Set(lower).size, `${what}: two labels alike in ${JSON.stringify(labels)}`).toBe(labels.length);
  for (const l of labels) {
    expect(l, what).not.toMatch(/\n/);
    expect(px(l), `${what}: label "${l}" wider than a button`).toBeLessThanOrEqual(LABEL_MAX_PX);
  }
  const barPx = bar.reduce((sum, a) => sum + px(a.title) + BUTTON_CHROME_PX, 0) + BUTTON_GAP_PX * Math.max(0, bar.length - 1);
  expect(barPx, `${what}: action bar ${JSON.stringify(bar.map((a) => a.title))}`).toBeLessThanOrEqual(ACTION_BAR_PX);

  // Every follow-up is reachable, in order (a command once), up to the caps: two in the bar and six in "More".
  if (!followUps) return;
  const unique = [...new Set(followUps.map((f) => f.command.trim()).filter(Boolean))];
  const reachable = [...bar.filter((a) => a.type === 'Action.Execute'), ...more].map((a) => (a.data as { command: string }).command);
  expect(reachable, what).toEqual(unique.slice(0, MAX_VISIBLE_ACTIONS - 1 + MAX_MORE_ACTIONS));
  if (!moreTitle) expect(unique.length, what).toBeLessThanOrEqual(MAX_VISIBLE_ACTIONS);
}

describe('buttons, over random follow-ups', () => {
  const en = translator('en');
  const ja = translator('ja');
  const title = fc.oneof(
    fc.constantFrom('ARP table (primary)', 'ARP table (secondary)', 'Check TCP/179 (primary)', 'BGP summary', 'ARP テーブル (セカンダリ)', ''),
    fc.string({ maxLength: 80 }),
    fc.string({ unit: fc.constantFrom('あ', '回', 'x', 'W', ' ', '-', '.', '1'), maxLength: 60 }),
  );
  const followUp = fc.record({ title, command: fc.oneof(fc.constantFrom('bgp status tokyo-er', 'circuit tokyo-er', 'arp table tokyo-er both'), fc.stringMatching(/^[a-z]{1,8}( [a-z0-9.:-]{1,40}){0,3}$/)) });

  it('at most three in the bar, the rest in "More", labels unique and one line, all reachable', () => {
    fc.assert(
      fc.property(fc.array(followUp, { maxLength: 14 }), fc.boolean(), fc.boolean(), (followUps, japanese, failed) => {
        const base: Partial<Result> = { request: 'bgp status tokyo-er', target: 'tokyo-er', followUps };
        const result = failed ? { ...newResult('bgp status', base), ok: false, error: { code: 'throttled', message: 'Slow down.' } } : newResult('bgp status', base);
        const { card } = renderResultCard(result, japanese ? ja : en);
        expectGoodButtons(card, failed ? undefined : followUps, JSON.stringify(followUps));
      }),
      { numRuns: 300 },
    );
  });
});

describe('every demo card (en, ja)', () => {
  let demo: Demo;
  const cards: { text: string; locale: Locale; result: Result; card: Node }[] = [];

  beforeAll(async () => {
    demo = await startDemo(0);
    for (const locale of ['en', 'ja'] as const) {
      for (const text of demoCommands(demo.emu)) {
        const result = await demo.run(text, { locale, conversationId: `cards-${locale}` });
        cards.push({ text, locale, result, card: renderResultCard(result, translator(locale)).card });
      }
    }
  }, 240_000);
  afterAll(async () => {
    await demo?.close();
  });

  const name = (c: { text: string; locale: string }) => `${c.locale}: ${c.text.slice(0, 60).replace(/\n/g, '⏎')}`;

  it('are valid Adaptive Card 1.5 cards for Teams', () => {
    expect(cards.length).toBeGreaterThan(300);
    for (const c of cards) expectValidCard(c.card);
  });

  it('have good buttons: at most three, no overflow menu, short different labels, more in "More diagnostics"', () => {
    for (const c of cards) expectGoodButtons(c.card, c.result.ok ? (c.result.followUps ?? []) : undefined, name(c));
    // The cards of the issue: london-er's seven follow-ups, with a TCP/179 check per path, named by the path.
    const london = cards.find((c) => c.locale === 'en' && c.text === 'bgp status london-er')!;
    const { bar, more, moreTitle } = buttons(london.card);
    expect(bar).toHaveLength(3);
    expect(moreTitle).toMatch(/^More diagnostics \(\d\)$/);
    const all = [...bar, ...more].map((a) => String(a.title));
    expect(all).toEqual(expect.arrayContaining(['Check TCP/179 (primary)', 'Check TCP/179 (secondary)', 'ARP table (primary)', 'ARP table (secondary)']));
  });

  it('show the verdict first: the first block is the worst verdict (or the problem), before the header and the echo', () => {
    for (const c of cards) {
      const first = (c.card.body as Node[])[0]!;
      if (!c.result.ok) {
        expect(first.style, name(c)).toBe('attention');
        expect(texts(first)[0], name(c)).toMatch(/^❌ /);
      } else if ((c.result.verdicts ?? []).length > 0) {
        expect(first.style, name(c)).toMatch(/^(attention|warning|accent|good)$/);
        const [badge, title] = texts(first);
        expect(badge, name(c)).toMatch(/^(⛔|⚠️|ℹ️|✅) /);
        expect(title, name(c)).toBe(c.result.verdicts[0]!.title);
      }
    }
    // The pasted log: the verdict first, and the log only as a one-line echo.
    const pasted = cards.find((c) => c.locale === 'en' && c.text === PASTED_COMPARE)!;
    expect(pasted.result.verdicts.length).toBeGreaterThan(0);
    expect(JSON.stringify(pasted.card.body)).not.toContain('Connecting to 10.1.2.5:3389');
  });

  it('echo the request on one line that fits a phone, and quote at most a short part of it in an error', () => {
    for (const c of cards) {
      const echo = findAll(c.card.body, (n) => n.type === 'TextRun' && n.fontType === 'Monospace' && n.isSubtle === true && n.size === 'Small').filter((n) => !String(n.text).includes(' · '));
      for (const e of echo) {
        expect(String(e.text), name(c)).not.toContain('\n');
        expect(textWidth(String(e.text), ECHO_FONT), name(c)).toBeLessThanOrEqual(PHONE_CARD_PX);
      }
    }
    for (const text of [LONG_MESSAGE, 'x'.repeat(5000)]) {
      for (const locale of ['en', 'ja'] as const) {
        const c = cards.find((x) => x.locale === locale && x.text === text)!;
        expect(c.result.ok).toBe(false);
        const body = JSON.stringify(c.card.body);
        expect(body.length, name(c)).toBeLessThan(6000);
        // No run of the input longer than a line anywhere in the card.
        expect(body, name(c)).not.toMatch(/(tokyo-er ){8}|x{60}/);
      }
    }
  });

  it('never put an address, prefix or MAC address in a cell narrower than it on a 360 px phone', () => {
    const offenders: string[] = [];
    for (const c of cards) {
      for (const table of findAll(c.card.body, (n) => n.type === 'Table')) {
        const columns = (table.columns as unknown[]).length;
        const room = PHONE_CARD_PX / columns - CELL_CHROME_PX;
        for (const run of findAll(table.rows, (n) => n.type === 'TextRun')) {
          for (const word of String(run.text).split(/\s+/)) {
            const token = word.replace(/[,;)]+$/, '').replace(/^\(/, '');
            if (ADDRESS.test(token) && textWidth(token, CELL_FONT) > room) offenders.push(`${name(c)}: ${token} in ${columns} columns`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the working card echoes a pasted log on one line too', () => {
    const { card } = renderWorkingCard({ command: 'latency compare', working: 'Comparing the pasted runs', request: PASTED_COMPARE, simulated: false }, translator('en'));
    const echo = findAll(card.body, (n) => n.type === 'TextRun' && n.fontType === 'Monospace');
    expect(echo).toHaveLength(1);
    expect(String(echo[0]!.text)).not.toContain('\n');
    expect(textWidth(String(echo[0]!.text), ECHO_FONT)).toBeLessThanOrEqual(PHONE_CARD_PX);
  });
});
