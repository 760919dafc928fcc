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
  showCard(json: unknown, id: string): Promise<void>;
  measureCard(el: unknown, opts: { more?: string; echo?: string }): CardMeasure;
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
  /**
   * Per card: narrowest cell content, words broken across lines (table cells), button labels cut short,
   * addresses, prefixes and MAC addresses broken across lines (anywhere), the renderer's overflow ("…") buttons.
   */
  cards: Array<{
    index: number;
    title: string;
    width: number;
    minCellContentWidth: number | null;
    brokenWords: string[];
    cutLabels: string[];
    brokenAddresses: string[];
    overflowButtons: string[];
  }>;
}

/** One card drawn by the renderer, as page-probe.js measureCard() sees it. */
export interface CardMeasure {
  width: number;
  height: number;
  /** Something in the card is wider than the card. */
  wider: boolean;
  /** Visible buttons whose label the renderer cut short (text overflow), "More …" opened first. */
  cutLabels: string[];
  /** The renderer's own overflow ("…") buttons. */
  overflowButtons: string[];
  /** The labels of the buttons inside the opened "More …" card. */
  moreButtons: string[];
  /** Addresses, prefixes, MAC addresses drawn on two lines or more. */
  brokenAddresses: string[];
  /** The first line of the first block, and its distance from the card's top in px. */
  firstText: string;
  firstTop: number | null;
  /** On how many lines the echo of the request is drawn (null: not found). */
  echoLines: number | null;
  /** Buttons in the card's action bar. */
  barCount: number;
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

  /**
   * Draws Adaptive Card JSON in the page as the playground does (same renderer, host config and styles), as a new
   * bot message, measures it (`opts`: see CardMeasure) and, with `screenshot`, saves
   * test-results/screenshots/<screenshot>-<width>.png. The message stays until `removeCard`.
   */
  async showCard(json: unknown, id: string, opts: { more?: string; echo?: string; screenshot?: string } = {}): Promise<CardMeasure> {
    await this.page.evaluate(([j, i]) => (globalThis as unknown as InPage).__netops.showCard(j, i as string), [json, id] as const);
    const message = this.page.locator(`#${id}`);
    // A generous timeout: the browser shares two cores with the bot and whatever else runs.
    const measure = await message.evaluate((el: unknown, o) => (globalThis as unknown as InPage).__netops.measureCard(el, o), { more: opts.more, echo: opts.echo }, { timeout: 90_000 });
    if (opts.screenshot) await this.screenshot(message, opts.screenshot);
    return measure;
  }

  async removeCard(id: string): Promise<void> {
    await this.page.locator(`#${id}`).evaluate((el: unknown) => (el as { remove(): void }).remove(), undefined, { timeout: 90_000 });
  }

  /** Measures every card on the page; see `Layout`. */
  layout(): Promise<Layout> {
    return this.page.evaluate(() => (globalThis as unknown as InPage).__netops.layout());
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
