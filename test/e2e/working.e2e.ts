/**
 * While Azure is still answering (issue 14, points 3, 4 and 8), in a real browser at 1280 px and 360 px:
 * a slow `bgp status` keeps its "working" card alive with what is read and what is awaited and the time so
 * far; a command typed meanwhile already uses that circuit; and a name that does not exist gets a button to
 * list the circuits, which runs. The demo's LROs at 20 % (melbourne-er's ARP read: 5 s), progress every 0.8 s.
 *
 * `npm run test:e2e`; skips, saying why, without Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDemoBrowser } from './demo-bot.ts';
import { join } from 'node:path';
import { DESKTOP, PHONE, PlaygroundPage, SCREENSHOT_DIR, type Viewport } from './playground.ts';

const demo = useDemoBrowser({ lroDurationScale: 0.2, env: { AZURE_LRO_POLL_MS: '50' }, progress: { firstMs: 800, everyMs: 800 } });

for (const viewport of [DESKTOP, PHONE] satisfies Viewport[]) {
  describe.skipIf(!!demo.missing)(`while Azure is answering, at ${viewport.width} px (${viewport.name})`, () => {
    let pg: PlaygroundPage;
    beforeAll(async () => {
      pg = await PlaygroundPage.open(demo.browser, demo.bot.url, viewport);
      await pg.setLocale('en-US');
    });
    afterAll(async () => {
      await pg?.close();
    });

    it('a slow bgp status shows what is read and awaited; a command typed meanwhile uses its circuit', async () => {
      // Cold reads, as in an incident: the other width's run must not have left them in the cache.
      (demo.handle.services.azure as { cache?: { clear(): void } }).cache?.clear();
      const index = await pg.botMessages().count();
      await pg.page.fill('#text', 'bgp status melbourne-er');
      await pg.page.press('#text', 'Enter');
      const slow = pg.botMessages().nth(index);
      // The working card, redrawn: reads done (✓) and awaited (…), and the seconds so far.
      await slow.filter({ hasText: /s so far/ }).waitFor({ timeout: 15_000 });
      const working = (await pg.card(slow)).text;
      expect(working).toMatch(/⏳ Working…/);
      expect(working).toMatch(/circuit ✓/);
      expect(working).toMatch(/ARP (primary|secondary) …/);
      await pg.screenshot(slow, 'working-progress');

      // Typed while the first is still working, without a circuit: it is melbourne-er's.
      const arp = await pg.ask('arp table primary', 'ARP — Primary', 30_000);
      expect((await pg.card(arp)).text).toMatch(/Assumed circuit melbourne-er from this conversation/);
      await pg.screenshot(arp, 'context-while-working');

      // The first command's result replaces its working card.
      await slow.filter({ hasText: /ER-/ }).waitFor({ timeout: 30_000 });
      expect((await pg.card(slow)).text).not.toMatch(/s so far|⏳/);
    });

    it('an answer taller than the screen opens at its verdict, not at its buttons', async () => {
      const message = await pg.ask('bgp status london-er', 'ER-BGP-DOWN', 30_000);
      const verdict = message.getByText('Primary path: BGP down (Idle)').first();
      const [box, view] = await Promise.all([verdict.boundingBox(), pg.page.locator('#transcript').boundingBox()]);
      expect(box && view).toBeTruthy();
      // The verdict's line is inside the transcript's visible area.
      expect(box!.y).toBeGreaterThanOrEqual(view!.y - 1);
      expect(box!.y + box!.height).toBeLessThanOrEqual(view!.y + view!.height + 1);
      await pg.page.screenshot({ path: join(SCREENSHOT_DIR, `answer-opens-at-verdict-${viewport.width}.png`) });
    });

    it('a circuit that does not exist: a plain answer and a button that lists the circuits', async () => {
      const error = await pg.ask('arp table nowhere', 'No circuit named');
      const card = await pg.card(error);
      expect(card.text).toMatch(/No name is close to it/);
      expect(card.text).not.toMatch(/Retrying will not help/);
      expect(card.buttons.filter((b) => b.visible).map((b) => b.title)).toContain('List circuits');
      await pg.screenshot(error, 'bad-name');
      const before = await pg.botMessages().count();
      await pg.clickButton(error, 'List circuits');
      await pg.page.locator('#transcript .msg.bot', { hasText: 'tokyo-er' }).filter({ hasText: 'Health (config)' }).first().waitFor({ timeout: 20_000 });
      expect(await pg.botMessages().count()).toBeGreaterThan(before);
    });
  });
}
