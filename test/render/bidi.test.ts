/**
 * Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and friends) and zero-width characters in anything a card,
 * the CLI's text or its JSON shows (issue 15, point 8). A circuit called "tokyo\u202Ere-ter" reads as "tokyoret-er"
 * in Teams and in a terminal; every one of them must be shown as a visible escape ("tokyo\u202Ere-ter"), while the
 * command a button sends back stays the exact name, so that the button acts on the resource it names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorResult, newResult, type Result } from '../../src/commands/result.ts';
import { translator } from '../../src/i18n/index.ts';
import { CARD_BUDGET_BYTES, renderResultCard, renderWorkingCard } from '../../src/render/card.ts';
import { renderJson } from '../../src/render/json.ts';
import { renderText } from '../../src/render/text.ts';
import { expectValidCard } from '../helpers/card-checks.ts';
import { actions, allStrings, BIDI_CONTROLS, bodyCommands, escapedForm, findAll, HIDDEN_CHARS, hiddenCharStrings, hiddenIn, readable, tables, texts, ZERO_WIDTH } from './walk.ts';

const en = translator('en');
const ja = translator('ja');

const NAME = 'tokyo\u202Ere-ter';
const SHOWN = 'tokyo\\u202Ere-ter';

/** A text holding one of every hidden character, each shown as its escape. */
const EVERY = HIDDEN_CHARS.map((c, i) => `x${i}${c}`).join('');
const EVERY_SHOWN = HIDDEN_CHARS.map((c, i) => `x${i}${escapedForm(c)}`).join('');

/** A Result with a hidden character in every string it has. */
function hostileResult(s: string): Result {
  return newResult(`circuit ${s}`, {
    target: s,
    request: `bgp status ${s}`,
    notes: [`note ${s}`],
    verdicts: [{ ruleId: `ER-${s}`, severity: 'critical', title: `title ${s}`, detail: `detail ${s}`, evidence: [`evidence ${s}`], nextSteps: [`step ${s}`], scope: `scope ${s}` }],
    tables: [
      {
        title: `table ${s}`,
        columns: [`Name ${s}`, 'State'],
        rows: [[s, `state ${s}`]],
        note: `table note ${s}`,
        rowActions: [{ title: `row ${s}`, command: `bgp status ${s}` }],
      },
    ],
    followUps: [
      { title: `button ${s}`, command: `arp table ${s}` },
      { title: '', command: `routes ${s}` },
    ],
    origin: `circuits ${s}`,
  });
}

describe('hidden characters in cards (issue 15, point 8)', () => {
  it(`a name like ${readable(NAME)} is shown as ${SHOWN} in every part of a result card, the fallback and the text output`, () => {
    for (const t of [en, ja]) {
      const { card, fallbackText } = renderResultCard(hostileResult(NAME), t);
      expectValidCard(card);
      expect(hiddenCharStrings(card)).toEqual([]);
      const all = texts(card);
      expect(all).toContain(` · ${SHOWN}`); // the header's target
      expect(all).toContain(`title ${SHOWN}`);
      expect(all).toContain(`• evidence ${SHOWN}`);
      expect(all).toContain(`1. step ${SHOWN}`);
      expect(all).toContain(`note ${SHOWN}`);
      expect(all.some((x) => x.includes(`bgp status ${SHOWN}`))).toBe(true); // the echoed request
      expect(tables(card)[0]!.rows[0]!.join('\n')).toContain(SHOWN);
      expect(actions(card).map((a) => a.title)).toEqual(expect.arrayContaining([`button ${SHOWN}`, `routes ${SHOWN}`]));
      expect(hiddenIn(fallbackText)).toEqual([]);
      expect(fallbackText).toContain(SHOWN);
      const text = renderText(hostileResult(NAME), t);
      expect(hiddenIn(text)).toEqual([]);
      expect(text).toContain(`title ${SHOWN}`);
    }
  });

  it('the buttons still send the exact command: they act on the resource they name', () => {
    const { card } = renderResultCard(hostileResult(NAME), en);
    const payloads = findAll(card, (n) => n.type === 'Action.Execute' || n.type === 'Action.Submit').map((a) => (a.data as { command: string }).command);
    expect(payloads).toEqual(expect.arrayContaining([`arp table ${NAME}`, `routes ${NAME}`, `bgp status ${NAME}`, `circuits ${NAME}`]));
    // The row's tap shows its command as the title of the fallback button: escaped there.
    const submitTitles = findAll(card, (n) => n.type === 'Action.Submit').map((a) => String(a.title));
    expect(submitTitles).toContain(`bgp status ${SHOWN}`);
    expect(submitTitles.filter((x) => hiddenIn(x).length > 0)).toEqual([]);
  });

  it('every bidi control and zero-width character is escaped, in the result, error and working cards', () => {
    const result = renderResultCard(hostileResult(EVERY), en);
    expect(hiddenCharStrings(result.card)).toEqual([]);
    expect(texts(result.card)).toContain(`title ${EVERY_SHOWN}`);

    const err = errorResult(`bgp ${EVERY}`, { code: `code-${EVERY}`, message: `No circuit “${NAME}”. ${EVERY}`, suggestions: [`sugg-${EVERY}`], missingPermission: `perm/${EVERY}`, retryable: true }, { target: EVERY, request: `bgp status ${EVERY}`, notes: [EVERY], origin: `circuits ${EVERY}` });
    const errCard = renderResultCard(err, en);
    expectValidCard(errCard.card);
    expect(hiddenCharStrings(errCard.card)).toEqual([]);
    expect(texts(errCard.card)).toContain(`No circuit “${SHOWN}”. ${EVERY_SHOWN}`);
    expect(hiddenIn(errCard.fallbackText)).toEqual([]);
    // Suggestions as text when they do not become buttons.
    const noButtons = renderResultCard(errorResult('x', { code: 'not-found', message: 'm', suggestions: [`sugg-${EVERY}`] }), en);
    expect(hiddenCharStrings(noButtons.card)).toEqual([]);
    expect(texts(noButtons.card)).toContain(`sugg-${EVERY_SHOWN}`);

    const working = renderWorkingCard({ command: `bgp ${EVERY}`, target: EVERY, working: `Reading ${EVERY}`, request: `bgp status ${EVERY}`, simulated: true }, en);
    expectValidCard(working.card);
    expect(hiddenCharStrings(working.card)).toEqual([]);
    expect(texts(working.card)).toContain(`Reading ${EVERY_SHOWN}`);
    expect(hiddenIn(working.fallbackText)).toEqual([]);
  });

  it('on every page of a long table, with the pager buttons carrying the exact request', () => {
    const rows = Array.from({ length: 2500 }, (_, i) => [`${NAME}-${i} ${'x'.repeat(30)}`, `10.${i % 250}.0.0/24 \u2067${i}\u2069`]);
    const r = { ...newResult('routes', { request: `routes ${NAME}`, target: NAME, tables: [{ title: 'Routes', columns: ['Name', 'Prefix'], rows }] }), page: 2 };
    const { card, bytes } = renderResultCard(r, en);
    expect(bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(hiddenCharStrings(card)).toEqual([]);
    expect(tables(card)[0]!.rows.length).toBeGreaterThan(10);
    expect(tables(card)[0]!.rows.flat().join('\n')).toContain(`${SHOWN}-`);
    expect(bodyCommands(card).map((b) => b.command)).toEqual([`routes ${NAME} page 1`, `routes ${NAME} page 3`]);
  });

  it('the JSON output escapes them too, and parses back to the exact Result', () => {
    const r = hostileResult(EVERY);
    const json = renderJson(r);
    expect(hiddenIn(json)).toEqual([]);
    expect(json).toContain('x7\\u202e');
    expect(JSON.parse(json)).toEqual(r);
  });

  it('Japanese text and emoji, ZWJ sequences included, are left as they are', () => {
    const kept = ['東京リージョンの回線「大阪-er」は正常です。', '✅ ⚠️ ℹ️ ⛔ ❌ 🔥', '👩🏽‍💻 🏳️‍🌈 ❤️‍🔥 🧑‍🤝‍🧑 👨‍👩‍👧', 'עברית عربي'];
    for (const s of kept) {
      const r = newResult('circuits', { target: s, notes: [s], tables: [{ title: s, columns: ['A'], rows: [[s]] }], followUps: [{ title: s, command: 'about' }] });
      const { card, fallbackText } = renderResultCard(r, ja);
      expect(texts(card)).toEqual(expect.arrayContaining([` · ${s}`, s]));
      expect(tables(card)[0]!.rows[0]![0]).toBe(s);
      expect(fallbackText).toContain(s);
      expect(renderText(r, ja)).toContain(s);
      expect(renderJson(r)).toContain(s);
    }
    // A ZWJ that joins no emoji is escaped like the others.
    const { card } = renderResultCard(newResult('circuits', { notes: ['tokyo\u200Der', 'a\u200D👩', '👩\u200Db'] }), en);
    expect(texts(card)).toEqual(expect.arrayContaining(['tokyo\\u200Der', 'a\\u200D👩', '👩\\u200Db']));
  });

  it("the bot's own messages hold none of them (so escaping never touches its own text or emoji)", () => {
    const dir = join(import.meta.dirname, '../../src/i18n/locales');
    const found: string[] = [];
    for (const lang of readdirSync(dir)) {
      for (const file of readdirSync(join(dir, lang))) {
        const raw = readFileSync(join(dir, lang, file), 'utf8');
        for (const c of [...BIDI_CONTROLS, ...ZERO_WIDTH]) if (raw.includes(c)) found.push(`${lang}/${file}: ${escapedForm(c)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('(control) the walker sees a hidden character where it is', () => {
    expect(hiddenCharStrings({ body: [{ type: 'TextBlock', text: NAME }], actions: [{ type: 'Action.Execute', data: { command: NAME } }] })).toEqual(['body[0].text: tokyo<U+202E>re-ter']);
    expect(hiddenIn('👩🏽‍💻 🏳️‍🌈')).toEqual([]);
    expect(hiddenIn('tokyo\u200Der')).toEqual(['\\u200D']);
    expect(allStrings({ a: [{ data: { command: NAME } }] }, { payloads: true })).toEqual([{ path: 'a[0].data.command', value: NAME }]);
  });
});
