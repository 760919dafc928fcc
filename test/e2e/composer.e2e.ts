/**
 * The playground's message box and frame in a real browser (issue 14, point 9), at 1280 px and at 360 px (touch):
 * a multi-line text box — Shift+Enter adds a line without sending, Enter sends, a pasted PsPing log keeps its
 * lines (the old single-line <input> turned them into spaces, and the bot then read "from 10.9.0.2:…" as an agent
 * or found no "vs" line), the box grows to a few lines and then scrolls — and the page's own words (banner,
 * placeholder, Send, notes, the language selector) in English and, after choosing 日本語, in Japanese.
 * Screenshots: test-results/screenshots/{composer-paste,paste-bubble,paste-compare,frame-en,frame-ja}-<width>.png.
 *
 * `npm run test:e2e`; skips, saying why, without Chromium.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDemoBrowser } from './demo-bot.ts';
import { DESKTOP, PHONE, PlaygroundPage, SCREENSHOT_DIR, type Viewport } from './playground.ts';

const demo = useDemoBrowser({ lroDurationScale: 0.02 });

const fixture = (name: string) => readFileSync(new URL(`../probes/fixtures/${name}`, import.meta.url), 'utf8').replace(/\r\n/g, '\n').trimEnd();
/** PsPing before and after a change, as copied from two PowerShell windows: the README's `latency compare` + pasted runs. */
const PASTED_LOG = `${fixture('psping-fastpath-before.txt')}\nvs\n${fixture('psping-fastpath-after.txt')}`;
const COMMAND = `latency compare\n${PASTED_LOG}`;

/** The message box's geometry and state. */
interface Box {
  value: string;
  height: number;
  lineHeight: number;
  scrolls: boolean;
  bottom: number;
}

for (const viewport of [DESKTOP, PHONE] satisfies Viewport[]) {
  describe.skipIf(!!demo.missing)(`message box and frame at ${viewport.width} px (${viewport.name})`, () => {
    let pg: PlaygroundPage;
    let box: Locator;
    const userBubbles = () => pg.page.locator('#transcript .msg.user');
    const measure = (): Promise<Box> =>
      box.evaluate((el) => {
        const ta = el as unknown as { value: string; scrollHeight: number; clientHeight: number; getBoundingClientRect(): { height: number; bottom: number } };
        const cs = (globalThis as unknown as { getComputedStyle(e: unknown): { lineHeight: string } }).getComputedStyle(el);
        const r = ta.getBoundingClientRect();
        return { value: ta.value, height: r.height, lineHeight: parseFloat(cs.lineHeight), scrolls: ta.scrollHeight > ta.clientHeight + 1, bottom: r.bottom };
      });
    const frame = () =>
      pg.page.evaluate(() => {
        const d = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string; getAttribute(a: string): string | null } | null; documentElement: { lang: string; scrollWidth: number }; title: string } }).document;
        const text = (s: string) => d.querySelector(s)?.textContent?.trim() ?? '';
        return {
          lang: d.documentElement.lang,
          title: d.title,
          banner: text('#simulated'),
          placeholder: d.querySelector('#text')?.getAttribute('placeholder') ?? '',
          send: text('#composer button[type=submit]'),
          language: text('header label span'),
          options: [text('#locale option[value="en-US"]'), text('#locale option[value="ja-JP"]')],
          reset: text('#reset'),
          notes: text('#transcript .msg.note'),
          time: text('#transcript .msg.bot .meta time'),
          pageWidth: d.documentElement.scrollWidth,
        };
      });

    beforeAll(async () => {
      pg = await PlaygroundPage.open(demo.browser, demo.bot.url, viewport);
      await pg.setLocale('en-US');
      await pg.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.bot.url });
      box = pg.page.locator('#text');
    });
    afterAll(async () => {
      await pg?.close();
    });

    it('Shift+Enter adds a line and sends nothing; the box grows to six lines, then scrolls', async () => {
      const sent = { bot: await pg.botMessages().count(), user: await userBubbles().count() };
      await box.click();
      const empty = await measure();
      await pg.page.keyboard.type('latency compare');
      await pg.page.keyboard.press('Shift+Enter');
      await pg.page.keyboard.type('second line');
      const two = await measure();
      expect(two.value).toBe('latency compare\nsecond line');
      expect(two.height).toBeGreaterThan(empty.height + two.lineHeight * 0.8);
      expect(two.scrolls).toBe(false);

      // An Enter that commits a Japanese IME composition only ends the composition.
      await box.evaluate((el) => {
        const KE = (globalThis as unknown as { KeyboardEvent: new (type: string, init: object) => unknown }).KeyboardEvent;
        (el as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(new KE('keydown', { key: 'Enter', keyCode: 229, isComposing: true, bubbles: true, cancelable: true }));
      });

      for (let i = 3; i <= 12; i++) {
        await pg.page.keyboard.press('Shift+Enter');
        await pg.page.keyboard.type(`line ${i}`);
      }
      const twelve = await measure();
      expect(twelve.value.split('\n')).toHaveLength(12);
      // Grown to six lines (plus padding and border), not more: the rest scrolls, and the box stays on screen.
      expect(twelve.height).toBeGreaterThan(empty.height + 4.5 * twelve.lineHeight);
      expect(twelve.height).toBeLessThanOrEqual(6 * twelve.lineHeight + 18 + 1);
      expect(twelve.scrolls).toBe(true);
      expect(twelve.bottom).toBeLessThanOrEqual(viewport.height);

      await pg.page.waitForTimeout(500);
      expect({ bot: await pg.botMessages().count(), user: await userBubbles().count() }, 'nothing was sent').toEqual(sent);

      await box.fill('');
      expect((await measure()).height).toBeCloseTo(empty.height, 0);
    });

    it('a pasted PsPing log keeps its lines, Enter sends them, and the bot compares the runs', async () => {
      await box.click();
      await pg.page.keyboard.type('latency compare');
      await pg.page.keyboard.press('Shift+Enter');
      await pg.page.evaluate((text) => (globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }).navigator.clipboard.writeText(text), PASTED_LOG);
      await pg.page.keyboard.press('ControlOrMeta+V');
      const pasted = await measure();
      expect(pasted.value).toBe(COMMAND);
      expect(pasted.scrolls).toBe(true);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await pg.page.screenshot({ path: join(SCREENSHOT_DIR, `composer-paste-${viewport.width}.png`) });

      const index = await pg.botMessages().count();
      const request = pg.page.waitForRequest((r) => r.url().endsWith('/api/messages') && (r.postData() ?? '').includes('"type":"message"'));
      await pg.page.keyboard.press('Enter');
      // What the bot received: every line of the paste, in order.
      const activity = JSON.parse((await request).postData()!) as { text: string; locale: string };
      expect(activity.text).toBe(COMMAND);
      expect(activity.text.split('\n')).toHaveLength(COMMAND.split('\n').length);
      expect(activity.locale).toBe('en-US');

      const message = pg.botMessages().nth(index);
      await message.filter({ hasText: 'LAT-FASTER' }).waitFor({ timeout: 20_000 });
      const card = await pg.card(message);
      // A parsed comparison of the two groups of runs, not an agent misread from "from 10.9.0.2:…" nor a missing "vs".
      expect(card.text).toMatch(/group 2 \(10\.1\.2\.4:3389\) is faster than group 1 \(10\.1\.2\.4:3389\)/);
      expect(card.text).toContain('3 runs (psping), 12 samples');
      expect(card.text).not.toMatch(/probe agent|bad-paste|a line that says only/i);

      // The box is empty and one line high again; the bubble shows the lines as sent, and nothing is wider than the screen.
      const after = await measure();
      expect(after.value).toBe('');
      expect(after.scrolls).toBe(false);
      expect(after.height).toBeLessThan(2 * after.lineHeight + 20);
      const bubble = userBubbles().last();
      expect(await bubble.evaluate((el) => (el as unknown as { innerText: string }).innerText)).toContain('Average = 3.14ms\n\nPS C:');
      // A long paste takes a dozen lines of the transcript; the rest scrolls inside the bubble.
      expect(await bubble.evaluate((el) => (el as unknown as { scrollHeight: number; clientHeight: number }).scrollHeight > (el as unknown as { clientHeight: number }).clientHeight)).toBe(true);
      await bubble.screenshot({ path: join(SCREENSHOT_DIR, `paste-bubble-${viewport.width}.png`) });
      expect((await frame()).pageWidth).toBeLessThanOrEqual(viewport.width);
      await pg.screenshot(message, 'paste-compare');
    });

    it('the frame follows the language: English, then 日本語 (also after a reload), and the activity carries ja-JP', async () => {
      const en = await frame();
      expect(en).toMatchObject({
        lang: 'en',
        title: 'NetOps bot · playground',
        banner: 'Simulated data (built-in demo, not your Azure)',
        placeholder: 'Type a command, e.g. help',
        send: 'Send',
        language: 'Language',
        reset: 'New chat',
      });
      expect(en.notes).toMatch(/^Conversation playground-\w+ · type "help" to start/);
      expect(en.time).toMatch(/^\d{1,2}:\d\d:\d\d [AP]M$/);
      await pg.page.screenshot({ path: join(SCREENSHOT_DIR, `frame-en-${viewport.width}.png`) });

      await pg.setLocale('ja-JP');
      const ja = await frame();
      const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
      expect(ja.lang).toBe('ja');
      expect(ja.send).toBe('送信');
      for (const key of ['title', 'banner', 'placeholder', 'send', 'language', 'reset'] as const) {
        expect(ja[key], key).not.toBe(en[key]);
        expect(ja[key], key).toMatch(japanese);
      }
      expect(ja.options).not.toEqual(en.options);
      expect(ja.notes).toMatch(/^会話 playground-\w+ · まず「help」と入力してください/);
      // The times of the messages already there, as Japanese writes them.
      expect(ja.time).toMatch(/^\d{1,2}:\d\d:\d\d$/);
      expect(ja.pageWidth).toBeLessThanOrEqual(viewport.width);
      await pg.page.screenshot({ path: join(SCREENSHOT_DIR, `frame-ja-${viewport.width}.png`) });

      const request = pg.page.waitForRequest((r) => r.url().endsWith('/api/messages') && (r.postData() ?? '').includes('"type":"message"'));
      await pg.ask('help', 'bgp status');
      expect((JSON.parse((await request).postData()!) as { locale: string }).locale).toBe('ja-JP');

      await pg.page.reload();
      await pg.page.locator('#composer button[type=submit]:not([disabled])').waitFor({ timeout: 15_000 });
      expect(await frame()).toMatchObject({ lang: 'ja', send: '送信', banner: ja.banner, placeholder: ja.placeholder });

      await pg.setLocale('en-US');
      expect(await frame()).toMatchObject({ lang: 'en', send: 'Send', banner: en.banner, placeholder: en.placeholder });
    });
  });
}
