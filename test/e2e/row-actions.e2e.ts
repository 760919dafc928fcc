/**
 * A table row's one-click command (Table.rowActions) in a real browser: the playground draws the `circuits` card
 * with the `adaptivecards` renderer and the Teams host config, a click on a circuit's row (the selectAction of
 * the Container in its last cell) sends the same Action.Execute as a button, and the bot answers with that
 * circuit's `bgp status` in a new card, leaving the list where it was. At 1280 px and at 360 px (touch).
 *
 * `npm run test:e2e`; skips, saying why, without Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDemoBrowser } from './demo-bot.ts';
import { DESKTOP, PHONE, PlaygroundPage, type Viewport } from './playground.ts';

const demo = useDemoBrowser({ lroDurationScale: 0.02 });

for (const viewport of [DESKTOP, PHONE] satisfies Viewport[]) {
  describe.skipIf(!!demo.missing)(`circuits rows at ${viewport.width} px (${viewport.name})`, () => {
    let pg: PlaygroundPage;
    beforeAll(async () => {
      pg = await PlaygroundPage.open(demo.browser, demo.bot.url, viewport);
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
