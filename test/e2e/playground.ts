/**
 * Drives the bot's /playground page in a real browser: type a command, wait for the bot's card, read what
 * the card shows (text, tables, buttons), click a card button, take screenshots, and measure the layout
 * (nothing wider than the screen, every table cell drawn).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** Plain browser JavaScript injected into the page: the project's TypeScript has no DOM types. */
const PROBE_SCRIPT = fileURLToPath(new URL('./page-probe.js', import.meta.url));

/**
 * page-probe.js's window.__netops. The functions given to evaluate() run in the page from their source text,
 * so each reaches it through globalThis itself (no closures over this module).
 */
interface Probe {
  seen: string[];
  readCard(el: unknown): CardView;
  layout(): Layout;
}
type InPage = { __netops: Probe };

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export interface Viewport {
  name: string;
  width: number;
  height: number;
  mobile: boolean;
}

export const DESKTOP: Viewport = { name: 'desktop', width: 1280, height: 900, mobile: false };
export const PHONE: Viewport = { name: 'phone', width: 360, height: 740, mobile: true };

/** What a rendered card shows, as a user reads it. */
export interface CardView {
  /** innerText: only what is displayed (hidden details are left out). */
  text: string;
  /** Each Table element: rows of cell texts, the header row first. */
  tables: string[][][];
  /** Every button: its full title (the label may be cut with an ellipsis on screen) and whether it shows. */
  buttons: Array<{ title: string; visible: boolean }>;
}

/** Layout measurements of the cards on the page (see `layout()`). */
export interface Layout {
  /** Hard problems: sideways overflow, cells without size, text outside its cell or clipped away. */
  problems: string[];
  /** Per card, for the report: narrowest cell content, words broken across lines, button labels cut short. */
  cards: Array<{ index: number; title: string; width: number; minCellContentWidth: number | null; brokenWords: string[]; cutLabels: string[] }>;
}

export class PlaygroundPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly viewport: Viewport;

  private constructor(context: BrowserContext, page: Page, viewport: Viewport) {
    this.context = context;
    this.page = page;
    this.viewport = viewport;
  }

  static async open(browser: Browser, baseUrl: string, viewport: Viewport): Promise<PlaygroundPage> {
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      isMobile: viewport.mobile,
      hasTouch: viewport.mobile,
      deviceScaleFactor: 1,
      locale: 'en-US',
    });
    const page = await context.newPage();
    // The DOM-reading helpers (window.__netops), in the page before its own scripts run.
    await page.addInitScript({ path: PROBE_SCRIPT });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/playground`);
    // The Send button is enabled once the page has its settings and the event stream to the connector is open.
    await page.locator('#composer button[type=submit]:not([disabled])').waitFor({ timeout: 15_000 });
    if (errors.length) throw new Error(`playground script errors: ${errors.join('; ')}`);
    return new PlaygroundPage(context, page, viewport);
  }

  async setLocale(locale: 'en-US' | 'ja-JP'): Promise<void> {
    await this.page.selectOption('#locale', locale);
  }

  /** Bot messages so far. */
  botMessages(): Locator {
    return this.page.locator('#transcript .msg.bot');
  }

  /**
   * Types `text` into the composer and sends it; resolves with the bot message that answers it once that
   * message contains `until` (the final card, not the "working…" acknowledgement).
   */
  async ask(text: string, until: string | RegExp, timeout = 20_000): Promise<Locator> {
    const index = await this.botMessages().count();
    await this.page.fill('#text', text);
    await this.page.press('#text', 'Enter');
    const message = this.botMessages().nth(index);
    await message.filter({ hasText: until }).waitFor({ timeout });
    return message;
  }

  /** Every text any bot message has shown, oldest first (also the "working…" cards since replaced). */
  seen(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as InPage).__netops.seen.slice());
  }

  card(message: Locator): Promise<CardView> {
    return message
      .locator('.card')
      .first()
      .evaluate((el: unknown) => (globalThis as unknown as InPage).__netops.readCard(el));
  }

  /** Clicks the card button whose full title is `title`. */
  async clickButton(message: Locator, title: string): Promise<void> {
    await message.getByRole('button', { name: title, exact: true }).first().click();
  }

  /**
   * Saves test-results/screenshots/<name>-<width>.png: the whole bot message, however tall. The transcript
   * is a scrolling box, so for the picture the page is let grow to its full height, then put back.
   */
  async screenshot(message: Locator, name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}-${this.viewport.width}.png`);
    const style = await this.page.addStyleTag({ content: 'body { height: auto !important; } main { overflow: visible !important; flex: none !important; }' });
    try {
      await message.screenshot({ path, animations: 'disabled' });
    } finally {
      await style.evaluate((el) => el.remove());
    }
    return path;
  }

  /** Measures every card on the page; see `Layout`. */
  layout(): Promise<Layout> {
    return this.page.evaluate(() => (globalThis as unknown as InPage).__netops.layout());
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
