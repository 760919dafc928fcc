/**
 * A table row's one-click command (Table.rowActions) in a real browser: the playground draws the `circuits` card
 * with the `adaptivecards` renderer and the Teams host config, a click on a circuit's row (the selectAction of
 * the Container in its last cell) sends the same Action.Execute as a button, and the bot answers with that
 * circuit's `bgp status` in a new card, leaving the list where it was. At 1280 px and at 360 px (touch).
 *
 * `npm run test:e2e`; skips, saying why, without Chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotServer } from '../../src/teams/server.ts';
import { chromiumMissing } from './browser.ts';
import { startDemoBrowser, type DemoBrowser } from './demo-bot.ts';
import { DESKTOP, PHONE, PlaygroundPage, type Viewport } from './playground.ts';

const missing = chromiumMissing();
if (missing) console.warn(missing);

let bot: BotServer;
let browser: Browser;
let demo: DemoBrowser | undefined;

beforeAll(async () => {
  if (missing) return;
  demo = await startDemoBrowser({ lroDurationScale: 0.02 });
  ({ bot, browser } = demo);
});

afterAll(async () => {
  await demo?.close();
});

for (const viewport of [DESKTOP, PHONE] satisfies Viewport[]) {
  describe.skipIf(!!missing)(`circuits rows at ${viewport.width} px (${viewport.name})`, () => {
    let pg: PlaygroundPage;
    beforeAll(async () => {
      pg = await PlaygroundPage.open(browser, bot.url, viewport);
      await pg.setLocale('en-US');
    });
    afterAll(async () => {
      await pg?.close();
    });

    it('a click on osaka-er’s row runs bgp status osaka-er, in a new card', async () => {
      const list = await pg.ask('circuits', 'osaka-er');
      const row = list.getByRole('row').filter({ hasText: 'osaka-er' });
      expect(await row.getByText('⛔ Provider has not provisioned the circuit').isVisible()).toBe(true);
      const before = await pg.botMessages().count();
      await row.getByText('▸ bgp status', { exact: true }).click();
      await pg.page.locator('#transcript .msg.bot', { hasText: 'ER-PROVIDER-NOT-PROVISIONED' }).first().waitFor({ timeout: 20_000 });
      expect(await pg.botMessages().count()).toBeGreaterThan(before);
      // The list is still there, with its rows.
      expect(await list.getByRole('row').filter({ hasText: 'tokyo-er' }).first().isVisible()).toBe(true);
      // Every circuit's row has its own command.
      const cells = list.getByText('▸ bgp status', { exact: true });
      expect(await cells.count()).toBe(18);
    });
  });
}
