/**
 * Issue 15 as an engineer sees it, in a real browser at 1280 px and 360 px (the playground, the adaptivecards
 * renderer and the Teams host config): the working card says Azure is throttling and for how long; a circuit
 * list cut at AZURE_MAX_LIST_ITEMS says so; an answer without ARM's shape is an error, not a verdict; and a
 * circuit whose name carries U+202E is shown with the control visible, while its row's one-click command still
 * reaches that exact circuit. Screenshots in test-results/screenshots/.
 *
 * `npm run test:e2e`; skips, saying why, without Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDemoBrowser } from './demo-bot.ts';
import { DESKTOP, PHONE, PlaygroundPage, type Viewport } from './playground.ts';

/** tokyo-er's copy under a name whose U+202E shows "tokyo-ret-er" where it is obeyed. */
const DISGUISED = 'tokyo\u202Ere-ter';

const demo = useDemoBrowser({ lroDurationScale: 0.02, env: { AZURE_LRO_POLL_MS: '20' }, progress: { firstMs: 800, everyMs: 800 } });

beforeAll(() => {
  if (demo.missing) return;
  demo.handle.emulator!.world.settings.rateLimits.enabled = false;
  const world = demo.handle.emulator!.world;
  const copy = structuredClone(world.circuits.find((c) => c.name === 'tokyo-er')!);
  copy.name = DISGUISED;
  world.circuits.push(copy);
});

function fresh(): void {
  demo.handle.emulator!.faults.clear();
  (demo.handle.services.azure as { cache?: { clear(): void } }).cache?.clear();
}

for (const viewport of [DESKTOP, PHONE] satisfies Viewport[]) {
  describe.skipIf(!!demo.missing)(`issue 15 hardening at ${viewport.width} px (${viewport.name})`, () => {
    let pg: PlaygroundPage;
    beforeAll(async () => {
      pg = await PlaygroundPage.open(demo.browser, demo.bot.url, viewport);
      await pg.setLocale('en-US');
    });
    afterAll(async () => {
      fresh();
      await pg?.close();
    });

    it('throttled with Retry-After: 2 twice: the working card says so and for how long, then the answer', async () => {
      fresh();
      demo.handle.emulator!.faults.add({ kind: 'throttle', operation: 'circuits.get', retryAfterSeconds: 2, count: 2 });
      const index = await pg.botMessages().count();
      await pg.page.fill('#text', 'bgp status tokyo-er');
      await pg.page.press('#text', 'Enter');
      const message = pg.botMessages().nth(index);
      await message.filter({ hasText: /Azure is throttling: waiting \d s before asking again/ }).waitFor({ timeout: 15_000 });
      await pg.screenshot(message, 'throttled-working');
      await message.filter({ hasText: /ER-/ }).waitFor({ timeout: 30_000 });
      expect((await pg.card(message)).text).not.toMatch(/throttl|⏳/i);
    });

    it('a circuit GET answered {}: an error that says Azure answered something unexpected, no verdict', async () => {
      fresh();
      demo.handle.emulator!.faults.add({ kind: 'replace-body', operation: 'circuits.get', body: {} });
      const message = await pg.ask('bgp status tokyo-er', /answered something unexpected/, 30_000);
      const text = (await pg.card(message)).text;
      expect(text).not.toMatch(/CRITICAL|not configured/);
      await pg.screenshot(message, 'unexpected-answer');
    });

    it('a list cut at the most the bot reads says so, and the disguised name is shown with its control visible; its row runs on the exact circuit', async () => {
      fresh();
      const reader = demo.handle.services.azure as unknown as { maxListItems: number };
      const limit = reader.maxListItems;
      reader.maxListItems = 50; // the demo plus the copy are 19: not cut here …
      try {
        const list = await pg.ask('circuits', /tokyo\\u202Ere-ter/, 30_000);
        expect((await pg.card(list)).text).not.toContain('\u202E');
        await pg.screenshot(list, 'circuits-disguised-name');
        const row = list.getByRole('row').filter({ hasText: 'tokyo\\u202Ere-ter' });
        const before = await pg.botMessages().count();
        await row.getByText('▸ bgp status', { exact: true }).click();
        const answer = pg.botMessages().nth(before);
        await answer.filter({ hasText: /ER-/ }).waitFor({ timeout: 30_000 });
        const text = (await pg.card(answer)).text;
        expect(text).toContain('tokyo\\u202Ere-ter');
        expect(text).not.toMatch(/No circuit named/);
        await pg.screenshot(answer, 'bgp-disguised-name');

        fresh();
        reader.maxListItems = 10; // … and cut here.
        const cut = await pg.ask('circuits', /Azure has more circuits than the bot reads from one list \(10\)/, 30_000);
        await pg.screenshot(cut, 'circuits-cut');
      } finally {
        reader.maxListItems = limit;
      }
    });
  });
}
